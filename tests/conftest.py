"""Shared test set-up: Qt without a display, and the app settings kept out of the user's own."""
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def settings(tmp_path_factory):
    """The app's QSettings, redirected to a temporary ini file so real user settings are never touched (in a
    folder of its own, so a test's tmp_path holds only what the test wrote)."""
    from PySide6.QtCore import QSettings  # here, so tests of nnviz.core alone do not load Qt

    from nnviz.gui import file_ops

    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    s = file_ops.app_settings()
    s.clear()
    assert Path(s.fileName()).is_relative_to(folder)
    return s


@pytest.fixture
def dialogs(monkeypatch):
    """Message boxes replaced by recorders answering as told; a native file dialog fails the test."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox
    calls = []
    answers = {"question": QMessageBox.StandardButton.Discard}

    def recorder(kind):
        def show(parent, title, text, *args, **kwargs):
            calls.append((kind, title, text))
            return answers.get(kind, QMessageBox.StandardButton.Ok)
        return staticmethod(show)

    for kind in ("question", "critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))

    def no_dialog(*args, **kwargs):
        raise AssertionError("a native file dialog was opened")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(no_dialog))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(no_dialog))
    return calls, answers


@pytest.fixture
def window(qtbot, settings, dialogs):
    """The main window on the default example (worked example 002), shown."""
    from nnviz.gui.app import first_project
    from nnviz.gui.document import Document
    from nnviz.gui.main_window import MainWindow
    project, path, error = first_project(None)
    assert error is None
    w = MainWindow(Document(project, path), settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.doc.undo_stack.setClean()  # closing at teardown must not ask about unsaved changes


@pytest.fixture
def open_window(qtbot, settings, monkeypatch):
    """open_window(project or .nnviz path[, path][, size]) -> a shown MainWindow on a new Document of it."""
    from PySide6.QtWidgets import QMessageBox

    from nnviz.core import Project, fileformat
    from nnviz.gui.document import Document
    from nnviz.gui.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    windows = []

    def make(project, path=None, size=None):
        if not isinstance(project, Project):
            project, path = fileformat.load(project), project
        w = MainWindow(Document(project, path), settings)
        qtbot.addWidget(w)
        if size is not None:
            w.resize(*size)
        w.show()
        qtbot.waitExposed(w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.training.pause()
        w.doc.undo_stack.setClean()


@pytest.fixture
def hover():
    """hover(widget, point): a mouse move at `point` sent to the widget itself, wherever the pointer is."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    def move(widget, point) -> None:
        point = QPointF(point)
        QApplication.sendEvent(widget, QMouseEvent(QEvent.Type.MouseMove, point, widget.mapToGlobal(point),
                                                   Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                                   Qt.KeyboardModifier.NoModifier))
    return move
