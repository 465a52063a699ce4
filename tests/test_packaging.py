"""The installable app ships every package and its resources; the desktop files, icons and PyInstaller build agree."""
import ast
import configparser
import importlib.util
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.nnviz.nnviz"
MIME = "application/x-nnviz"


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
    shipped = set(zipfile.ZipFile(wheel).namelist())
    resources = {"nnviz/resources/" + p.relative_to(ROOT / "resources").as_posix()
                 for p in (ROOT / "resources").rglob("*") if p.is_file()}
    assert resources - shipped == set(), "resources missing from the wheel"
    assert f"nnviz/resources/icons/hicolor/256x256/apps/{APP_ID}.png" in shipped
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


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def load_packaging_module(name: str):
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string((PACKAGING / f"{APP_ID}.desktop").read_text())
    return parser["Desktop Entry"]


def test_metainfo_describes_the_app_at_the_projects_version():
    component = ET.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    assert component.tag == "component" and component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    assert component.findtext("name") == "nnviz"
    assert component.findtext("summary").strip() and component.findtext("metadata_license")
    assert len(component.findall("description/p")) >= 2
    launchable = component.find("launchable")
    assert launchable.get("type") == "desktop-id" and launchable.text == f"{APP_ID}.desktop"
    assert (PACKAGING / launchable.text).is_file()
    releases = component.findall("releases/release")
    assert releases and releases[0].get("version") == project_version(), "add a <release> for the new version"
    assert component.findtext("provides/mediatype") == MIME


def test_desktop_entry_opens_nnviz_files():
    entry = desktop_entry()
    assert entry["Type"] == "Application" and entry["Name"] == "nnviz" and entry["Terminal"] == "false"
    assert entry["Exec"] == "nnviz %f"  # install-desktop.sh puts the built folder's absolute path instead
    assert entry["Icon"] == APP_ID
    assert MIME in entry["MimeType"].split(";")
    assert "Education" in entry["Categories"].split(";")
    assert not (PACKAGING / "nnviz.desktop").exists(), "the desktop entry is named after the AppStream id"


def test_the_app_names_its_desktop_entry(qapp):
    from nnviz.gui.app import DESKTOP_ID, create_application
    assert DESKTOP_ID == APP_ID
    assert create_application().desktopFileName() == APP_ID


def test_mime_type_has_the_glob_and_the_magic_every_saved_file_has():
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    (mime_type,) = ET.parse(PACKAGING / "nnviz-mime.xml").getroot().findall("m:mime-type", ns)
    assert mime_type.get("type") == MIME
    assert [g.get("pattern") for g in mime_type.findall("m:glob", ns)] == ["*.nnviz"]
    assert mime_type.find("m:sub-class-of", ns).get("type") == "application/json"
    match = mime_type.find("m:magic/m:match", ns)
    end = int(match.get("offset").split(":")[1])
    from nnviz.core import fileformat
    saved = fileformat.dumps(fileformat.load(ROOT / "resources" / "examples" / "002_relu_3-2-2-1_sse.nnviz"))
    assert 0 <= saved.encode().find(match.get("value").encode()) <= end  # where "offset" lets the match start


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    return struct.unpack(">II", head[16:24])


def test_every_icon_size_is_a_png_of_that_size():
    render_icons = load_packaging_module("render_icons")
    assert render_icons.SIZES == (16, 24, 32, 48, 64, 128, 256)
    assert render_icons.APP_ID == APP_ID
    for size in render_icons.SIZES:
        path = render_icons.icon_path(size)
        assert path == ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(path) == (size, size)
    assert (ROOT / "resources" / "icons" / "nnviz.svg").is_file()


def test_pyinstaller_spec_bundles_all_of_resources_where_paths_looks():
    tree = ast.parse((PACKAGING / "nnviz.spec").read_text())
    (app_data,) = [ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                   and any(getattr(t, "id", None) == "APP_DATA" for t in node.targets)]
    for source, target in app_data:
        assert source == target, "nnviz/paths.py finds resources/ beside the nnviz package in the bundle too"
    files = [p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*") if p.is_file()]
    uncovered = [f for f in files if not any(f == s or f.startswith(s + "/") for s, _ in app_data)]
    assert files and uncovered == []


def test_build_script_help_runs_without_building():
    result = subprocess.run([sys.executable, str(PACKAGING / "build_app.py"), "--help"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "--archive" in result.stdout


def test_build_tool_is_pinned_and_not_a_dependency():
    pins = (PACKAGING / "build-constraints.txt").read_text().lower()
    assert "pyinstaller==" in pins
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    everything = config["dependencies"] + sum(config.get("optional-dependencies", {}).values(), [])
    assert not [d for d in everything if "pyinstaller" in d.lower()]


@pytest.mark.parametrize("tool, args, name", [
    ("desktop-file-validate", [], f"{APP_ID}.desktop"),
    ("appstreamcli", ["validate", "--no-net"], f"{APP_ID}.metainfo.xml"),
])
def test_system_validators_accept_the_desktop_files(tool, args, name):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    result = subprocess.run([tool, *args, str(PACKAGING / name)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_smoke_test_fails_on_a_folder_without_the_app_and_on_a_file_that_is_not_a_png(tmp_path, capsys):
    smoke_app = load_packaging_module("smoke_app")
    assert smoke_app.main([str(tmp_path)]) == 1
    assert "build first" in capsys.readouterr().err
    icon = ROOT / "resources" / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png"
    assert smoke_app.png_size(icon) == (48, 48)
    with pytest.raises(smoke_app.SmokeFailure, match="not a PNG"):
        smoke_app.png_size(ROOT / "resources" / "icons" / "nnviz.svg")
