"""Run nnviz or its tests in the project's own virtual environment, creating it on first use.

Needs only Python 3.11+ (standard library): `python3 packaging/dev.py run` launches the app,
`python3 packaging/dev.py test` runs the test suite, `python3 packaging/dev.py bench` the benchmark.
"""
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("NNVIZ_VENV", ROOT / ".venv"))
LOCK = ROOT / "packaging" / "constraints.txt"
COMMANDS = {
    "run": ["-m", "nnviz"],
    "test": ["-m", "pytest"],
    "bench": ["-m", "nnviz.bench"],
    "python": [],
}


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def install_stamp() -> str:
    digest = hashlib.sha256()
    for path in (ROOT / "pyproject.toml", LOCK):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def ensure_venv() -> Path:
    """Create the venv and install nnviz (editable) with its test extras, pinned by the lock file."""
    python = venv_python()
    stamp_file = VENV / ".nnviz-install-stamp"
    if python.exists() and stamp_file.exists() and stamp_file.read_text() == install_stamp():
        return python
    if not python.exists():
        print(f"nnviz: creating virtual environment in {VENV}", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("nnviz: installing dependencies (first run only)", file=sys.stderr)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    constraints = ["-c", str(LOCK)] if LOCK.exists() else []
    subprocess.run([*pip, *constraints, "-e", f"{ROOT}[test]"], check=True)
    stamp_file.write_text(install_stamp())
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr)
        print(f"\nusage: python3 packaging/dev.py {{{','.join(COMMANDS)}}} [args...]", file=sys.stderr)
        return 2
    if sys.version_info < (3, 11):
        print("nnviz needs Python 3.11 or newer", file=sys.stderr)
        return 2
    python = ensure_venv()
    command = [str(python), *COMMANDS[argv[0]], *argv[1:]]
    return subprocess.run(command, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
