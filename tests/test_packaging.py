"""The installable app ships every package and its resources (examples, icons)."""
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "nnviz").rglob("__init__.py")}
    assert on_disk - listed == set(), "add these packages to [tool.setuptools] packages in pyproject.toml"
    assert config["package-dir"]["nnviz.resources"] == "resources"


def test_examples_and_icons_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert config["package-data"]["nnviz.resources"] == ["**/*"]
    assert sorted(p.name for p in (ROOT / "resources" / "examples").glob("*.nnviz"))
    assert (ROOT / "resources" / "icons").is_dir()


def test_the_built_wheel_runs_outside_the_source_tree(tmp_path):
    """Build the wheel, install it into a folder, and run it from elsewhere: examples and GUI load."""
    import os
    import subprocess
    import sys

    wheels, target = tmp_path / "wheels", tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = wheels.glob("nnviz-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target), "QT_QPA_PLATFORM": "offscreen", "NNVIZ_SMOKE_SECONDS": "0.5"}
    locate = "import nnviz, nnviz.paths as p; print(nnviz.__file__); print(p.examples_dir() / p.DEFAULT_EXAMPLE)"
    out = subprocess.run([sys.executable, "-c", locate], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0].startswith(str(target))
    example = Path(out[1])
    assert example.is_file() and str(example).startswith(str(target))
    solved = subprocess.run([sys.executable, "-m", "nnviz", "solve", str(example), "--json"], cwd=tmp_path,
                            env=env, capture_output=True, text=True)
    assert solved.returncode == 0, solved.stderr
    assert '"loss": 64.0' in solved.stdout
    gui = subprocess.run([sys.executable, "-m", "nnviz"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=60)
    assert gui.returncode == 0, gui.stderr
    assert "cannot" not in gui.stderr and "Traceback" not in gui.stderr
