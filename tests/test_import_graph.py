"""The product's imports point down: core knows no Qt (test_core_isolation.py), and nothing in the app imports
the benchmark, which imports the app from above."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "nnviz"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved against its package."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def test_nothing_in_the_app_imports_the_benchmark():
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        if path.is_relative_to(PACKAGE / "bench"):
            continue
        bench = sorted(m for m in imported_modules(path) if m == "nnviz.bench" or m.startswith("nnviz.bench."))
        if bench:
            offenders[str(path.relative_to(PACKAGE.parent))] = bench
    assert offenders == {}


def test_the_benchmark_lives_in_one_package():
    stray = [str(p.relative_to(PACKAGE.parent)) for p in PACKAGE.rglob("*bench*")
             if p.suffix == ".py" and not p.is_relative_to(PACKAGE / "bench")]
    assert stray == []
    assert (PACKAGE / "bench" / "__main__.py").is_file()


def test_the_resolver_sees_relative_imports():
    """The check above would be empty if relative imports were not resolved."""
    found = imported_modules(PACKAGE / "bench" / "engine.py")
    assert "nnviz.bench.table" in found and "nnviz.bench.reference" in found
