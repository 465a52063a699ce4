"""packaging/install-desktop.sh installs the menu entry, metainfo, MIME type and icons per user, and removes them."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.nnviz.nnviz"
SIZES = (16, 24, 32, 48, 64, 128, 256)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("sh") is None,
                                reason="the desktop integration is for Linux")


def run_script(script: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home)}  # no XDG_* of the real user
    return subprocess.run(["sh", str(script), *args], env=env, capture_output=True, text=True, timeout=60)


def installed(home: Path) -> dict[str, Path]:
    data = home / ".local" / "share"
    files = {"desktop": data / "applications" / f"{APP_ID}.desktop",
             "metainfo": data / "metainfo" / f"{APP_ID}.metainfo.xml",
             "mime": data / "mime" / "packages" / f"{APP_ID}.xml",
             "svg": data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"}
    files.update({f"{n}px": data / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in SIZES})
    return files


def exec_lines(desktop: Path) -> list[str]:
    return [line for line in desktop.read_text().splitlines() if line.startswith(("Exec=", "TryExec="))]


def fake_built_folder(parent: Path) -> Path:
    """The layout build_app.py makes: the binary nnviz, packaging/ and _internal/resources/icons."""
    folder = parent / "nnviz"
    shutil.copytree(PACKAGING, folder / "packaging", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copytree(ROOT / "resources" / "icons", folder / "_internal" / "resources" / "icons")
    binary = folder / "nnviz"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    return folder


def test_from_a_checkout_the_entry_runs_nnviz_from_path_and_uninstall_removes_it(tmp_path):
    result = run_script(PACKAGING / "install-desktop.sh", tmp_path)
    assert result.returncode == 0, result.stderr
    files = installed(tmp_path)
    assert [name for name, path in files.items() if not path.is_file()] == []
    assert exec_lines(files["desktop"]) == ["Exec=nnviz %f", "TryExec=nnviz"]
    assert files["mime"].read_bytes() == (PACKAGING / "nnviz-mime.xml").read_bytes()
    if shutil.which("update-mime-database"):
        assert "application/x-nnviz" in (tmp_path / ".local" / "share" / "mime" / "globs2").read_text()
    result = run_script(PACKAGING / "install-desktop.sh", tmp_path, "--uninstall")
    assert result.returncode == 0, result.stderr
    assert [name for name, path in files.items() if path.exists()] == []


def test_from_the_built_folder_the_entry_runs_its_binary_by_absolute_path(tmp_path):
    folder = fake_built_folder(tmp_path / "class room")
    result = run_script(folder / "packaging" / "install-desktop.sh", tmp_path / "home")
    assert result.returncode == 0, result.stderr
    files = installed(tmp_path / "home")
    assert [name for name, path in files.items() if not path.is_file()] == []
    binary = folder / "nnviz"
    assert exec_lines(files["desktop"]) == [f'Exec="{binary}" %f', f"TryExec={binary}"]  # quoted: a space
    assert "space" in result.stderr
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(files["desktop"])], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_help_and_bad_arguments(tmp_path):
    shown = run_script(PACKAGING / "install-desktop.sh", tmp_path, "--help")
    assert shown.returncode == 0 and "--system" in shown.stdout
    wrong = run_script(PACKAGING / "install-desktop.sh", tmp_path, "--frobnicate")
    assert wrong.returncode == 2 and "unknown argument" in wrong.stderr
    assert not (tmp_path / ".local").exists()
