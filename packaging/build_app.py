"""Build nnviz as a self-contained app folder with PyInstaller (dist/nnviz/), smoke-test it, optionally archive it.

Standard library only: `python3 packaging/build_app.py [--archive]`. Uses the project's venv (made by dev.py,
NNVIZ_VENV to put it elsewhere) and installs the pinned PyInstaller (packaging/build-constraints.txt) into it.
"""
import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dev  # noqa: E402 (the venv bootstrap beside this file)
import smoke_app  # noqa: E402

ROOT = dev.ROOT
PACKAGING = ROOT / "packaging"
DIST, WORK = ROOT / "dist", ROOT / "build" / "pyinstaller"
APP = DIST / "nnviz"
BUILD_LOCK = PACKAGING / "build-constraints.txt"
DESKTOP_FILES = ("install-desktop.sh", "io.github.nnviz.nnviz.desktop", "io.github.nnviz.nnviz.metainfo.xml",
                 "nnviz-mime.xml", "README.md")  # copied into dist/nnviz/packaging/ for the offline install


def pinned(name: str) -> str:
    for line in BUILD_LOCK.read_text().splitlines():
        if line.lower().startswith(name.lower() + "=="):
            return line.split("==", 1)[1].strip()
    raise SystemExit(f"build_app: {name} is not pinned in {BUILD_LOCK}")


def ensure_pyinstaller(python: Path) -> None:
    """Install the pinned PyInstaller (and Pillow for the .ico/.icns icon off Linux) if it is not there."""
    wanted = pinned("pyinstaller")
    probe = subprocess.run([str(python), "-c", "import PyInstaller; print(PyInstaller.__version__)"],
                           capture_output=True, text=True)
    if probe.returncode == 0 and probe.stdout.strip() == wanted:
        return
    packages = ["pyinstaller", "pyinstaller-hooks-contrib"] + ([] if sys.platform.startswith("linux") else ["pillow"])
    print(f"build_app: installing PyInstaller {wanted} into {python.parent.parent}", file=sys.stderr)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-c", str(BUILD_LOCK), *packages], check=True)


def build(python: Path) -> None:
    subprocess.run([str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(WORK), str(PACKAGING / "nnviz.spec")],
                   check=True, cwd=ROOT)
    target = APP / "packaging"
    target.mkdir(exist_ok=True)
    for name in DESKTOP_FILES:
        shutil.copy2(PACKAGING / name, target / name)


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def archive_path() -> Path:
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    return DIST / f"nnviz-{version()}-{system}-{platform.machine().lower()}.tar.gz"


def make_archive() -> Path:
    """dist/nnviz-<version>-<os>-<machine>.tar.gz holding the folder nnviz/ (unpacks to e.g. /opt/nnviz)."""
    path = archive_path()
    with tarfile.open(path, "w:gz") as tar:
        tar.add(APP, arcname="nnviz")
    return path


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python3 packaging/build_app.py", description=__doc__.splitlines()[0])
    parser.add_argument("--archive", action="store_true", help="also write dist/nnviz-VERSION-OS-MACHINE.tar.gz")
    parser.add_argument("--smoke-only", action="store_true", help="test the folder already in dist/nnviz")
    parser.add_argument("--no-smoke", action="store_true", help="build without running the built app")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if not args.smoke_only:
        python = dev.ensure_venv()
        ensure_pyinstaller(python)
        build(python)
        print(f"build_app: built {APP.relative_to(ROOT)}")
    if not args.no_smoke and smoke_app.main([str(APP)]) != 0:
        return 1
    if args.archive:
        path = make_archive()
        print(f"build_app: wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
