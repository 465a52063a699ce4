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
