"""The README says what the app does: its shortcut table is the app's, its pictures exist and the script that
makes them from the app still runs, and its quick start and command list are the real ones."""
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from nnviz.cli import COMMANDS
from nnviz.gui.actions.help import key_texts

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PICTURES = {"explain": (1440, 860), "canvas": (1440, 860), "check": (1440, 860), "training": (1440, 860),
            "presentation": (1280, 720)}


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def test_the_shortcut_table_is_the_apps(window):
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", section("Keyboard shortcuts"), re.M)
    table = [row for row in rows if row != ("command", "key") and not set(row[0]) <= set("-")]
    assert table == [(text, key_texts(action)[0]) for text, action in window._shortcut_list()]


def test_every_picture_the_readme_shows_is_there():
    shown = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", README)
    assert sorted(Path(p).stem for p in shown) == sorted(PICTURES)
    for path in shown:
        image = QImage(str(ROOT / path))
        assert not image.isNull(), path
        assert (image.width(), image.height()) == PICTURES[Path(path).stem]


def test_the_screenshot_script_makes_them_from_the_app(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "screenshots.py"), "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for name, size in PICTURES.items():
        image = QImage(str(tmp_path / f"{name}.png"))
        assert (image.width(), image.height()) == size
        assert len({image.pixel(x, y) for x in range(0, size[0], 13) for y in range(0, size[1], 13)}) > 40


def test_the_quick_start_is_two_commands_and_ci_runs_the_test_one():
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["python3 packaging/dev.py run", "python3 packaging/dev.py test"]
    assert "python3 packaging/dev.py test" in (ROOT / ".ci" / "run").read_text()


def test_every_command_is_in_the_command_line_section():
    usage = section("Command line")
    for command in COMMANDS:
        assert f"nnviz {command} " in usage and f"**`{command}`**" in usage, command
