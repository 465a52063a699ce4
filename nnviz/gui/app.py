"""Starts the Qt application: names, icon, high-DPI policy, the first document and the main window.

NNVIZ_SMOKE_SECONDS=N makes the app quit by itself after N seconds (README quick-start check, smoke test).
"""
import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from nnviz import paths
from nnviz.core import FileFormatError, Project, fileformat

from .document import Document
from .file_ops import (APPLICATION, ORGANIZATION, add_recent, builtin_default_project,
                       default_example_path, display_options_from_view, is_example)

SMOKE_ENV = "NNVIZ_SMOKE_SECONDS"
DESKTOP_ID = "io.github.nnviz.nnviz"  # the desktop entry's name and AppStream id (packaging/)


class FileOpenRequests(QObject):
    """Opens the .nnviz file the desktop asks for while nnviz runs (macOS's Finder sends a FileOpen event)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FileOpen and event.file():
            self.window.files.open_path(event.file())
            return True
        return False


def icon_path() -> Path:
    return paths.resources_dir() / "icons" / "nnviz.svg"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nnviz", description="Build small neural networks by hand and watch "
                                                               "backpropagation work, number by number.")
    parser.add_argument("file", nargs="?", help="a .nnviz file to open (default: worked example 002)")
    return parser.parse_args(argv)


def first_project(file: str | None) -> tuple[Project, Path | None, str | None]:
    """(project, path, error): the file asked for, else the default example; error says why a file failed."""
    error = None
    if file is not None:
        try:
            return fileformat.load(file, require_computable=False), Path(file), None
        except FileFormatError as exc:
            problems = exc.problems or [str(exc)]
            error = f"cannot open {file}: " + "; ".join(problems)
    default = default_example_path()
    try:
        return fileformat.load(default), default, error
    except FileFormatError as exc:  # a broken installation: still start, with the example built in code
        print(f"nnviz: cannot read the default example {default}: {exc}", file=sys.stderr)
        return builtin_default_project(), None, error


def create_application() -> QApplication:
    """The QApplication with nnviz's names, icon and high-DPI defaults (reused if one exists)."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1] or ["nnviz"])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    app.setDesktopFileName(DESKTOP_ID)  # Wayland matches the window to the menu entry
    icon = icon_path()
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run_app(argv: list[str]) -> int:
    """Open the main window (with FILE or worked example 002) and run until it is closed."""
    args = parse_args(argv)
    app = create_application()
    from .main_window import MainWindow  # after QApplication exists

    project, path, error = first_project(args.file)
    doc = Document(project, path)
    window = MainWindow(doc)
    options = display_options_from_view(project.view)
    if options:
        window.display.set(**options)
    if path is not None and not is_example(path):
        add_recent(window.settings, path)
    app.installEventFilter(FileOpenRequests(window))
    window.show()
    if error:
        print(f"nnviz: {error}", file=sys.stderr)
        box = QMessageBox(QMessageBox.Icon.Critical, "Cannot open file",
                          error[0].upper() + error[1:] + "\n\nShowing worked example 002 instead.",
                          QMessageBox.StandardButton.Ok, window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): must not block startup (or the smoke-test timer)
    smoke = os.environ.get(SMOKE_ENV)
    if smoke:
        try:
            seconds = float(smoke)
        except ValueError:
            print(f"nnviz: {SMOKE_ENV}={smoke!r} is not a number of seconds", file=sys.stderr)
            return 2
        QTimer.singleShot(int(seconds * 1000), lambda: app.exit(0))
    return app.exec()
