"""Shared test set-up: Qt without a display, and the app settings kept out of the user's own."""
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def settings(tmp_path):
    """The app's QSettings, redirected to a temporary ini file so real user settings are never touched."""
    from PySide6.QtCore import QSettings  # here, so tests of nnviz.core alone do not load Qt

    from nnviz.gui import file_ops

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    s = file_ops.app_settings()
    s.clear()
    assert Path(s.fileName()).is_relative_to(tmp_path)
    return s


@pytest.fixture
def open_window(qtbot, settings, monkeypatch):
    """open_window(project) -> a shown MainWindow on a new Document of that project."""
    from PySide6.QtWidgets import QMessageBox

    from nnviz.gui.document import Document
    from nnviz.gui.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    windows = []

    def make(project, path=None):
        w = MainWindow(Document(project, path), settings)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.training.pause()
        w.doc.undo_stack.setClean()
