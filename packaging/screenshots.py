"""Make the README's screenshots from the app itself, offscreen: `python3 packaging/screenshots.py` (run it
again whenever the window changes). Each picture is the real main window, driven as a user would."""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "packaging" / "screenshots"
SIZE = (1440, 860)  # the window on a 1920 x 1080 screen; README images are shown scaled to the page width


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder for the PNGs (default {OUT})")
    parser.add_argument("--projector", action="store_true",
                        help="only the presentation-mode picture, on a 1280 x 720 screen (run by the first pass)")
    args = parser.parse_args(argv)
    width, height = (1280, 720) if args.projector else (1920, 1080)
    screen = Path(tempfile.mkdtemp()) / "screen.json"  # a screen at 96 dpi, whatever the machine has
    screen.write_text(json.dumps({"synchronousWindowSystem": True, "windowFrameMargins": False, "screens": [
        {"name": "screen", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "logicalBaseDpi": 96,
         "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings, Qt

    from nnviz import paths
    from nnviz.gui.app import create_application, first_project
    from nnviz.gui.document import Document
    from nnviz.gui.file_ops import app_settings
    from nnviz.gui.main_window import MainWindow
    from nnviz.gui.selection import EdgeRef

    app = create_application()
    args.out.mkdir(parents=True, exist_ok=True)
    examples = paths.examples_dir()

    def settle(window, rounds: int = 40) -> None:
        for _ in range(rounds):
            app.processEvents()
        window.explain.view.typeset_all()
        app.processEvents()

    def new_window(example: str | None = None):
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())  # a first start
        project, path, _ = first_project(str(examples / example) if example else None)
        window = MainWindow(Document(project, path), app_settings())
        window.resize(*SIZE)
        window.show()
        window.statusBar().clearMessage()
        settle(window)
        return window

    def save(window, name: str) -> None:
        settle(window)
        path = args.out / f"{name}.png"
        window.grab().save(str(path), "PNG")
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    if args.projector:
        # 4. presentation mode on a 1280 x 720 projector, worked example 001 with an edge selected
        window = new_window("001_relu_identity_2-3-3-1_half_sse.nnviz")
        window.selection.select(EdgeRef(2, 0, 1))
        window.presentation.enter()
        save(window, "presentation")
        window.presentation.leave()
        window.close()
        return 0

    # 1. the canvas on worked example 002 with an edge selected: the Explain panel derives its gradient
    window = new_window()
    window.selection.select(EdgeRef(0, 0, 1))
    window.explain_dock.raise_()
    save(window, "explain")
    window.selection.select(None)
    save(window, "canvas")
    window.close()

    # 2. Check my work on worked example 004, with the student's homework answers
    window = new_window("004_sigmoid_3-2-1_half_sse.nnviz")
    window.check_actions.set_open(True)
    window.check_actions.import_path(ROOT / "tests" / "answers" / "004_student.txt")
    window.check_dock.raise_()
    save(window, "check")
    window.doc.undo_stack.setClean()
    window.close()

    # 3. training XOR: the loss curve and the function the network computes
    window = new_window("xor_2-2-1_sigmoid_bce.nnviz")
    window.training.step_n(600)
    while window.training.running:
        app.processEvents()
    window.training_dock.raise_()
    window.curve_dock.raise_()
    window.resizeDocks([window.curve_dock], [330], Qt.Orientation.Vertical)
    save(window, "training")
    window.doc.undo_stack.setClean()
    window.close()

    # 4. presentation mode, in a second pass on a projector's screen (Qt's offscreen screen is fixed per process)
    subprocess.run([sys.executable, __file__, "--out", str(args.out), "--projector"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
