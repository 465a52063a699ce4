"""The output view in the window: behind the loss-curve tab it does no work (Qt 6.11 still calls a hidden
dock tab visible), and raising its tab brings it up to date; in front it follows every change.

The expected heat map is engine.forward on the grid built here from the data's padded range."""
import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from nnviz.core.engine import forward
from nnviz.core.fileformat import load
from nnviz.gui.commands import SetWeight
from nnviz.gui.document import Document
from nnviz.gui.main_window import MainWindow
from nnviz.core import surface
from nnviz.paths import examples_dir


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Document(load(examples_dir() / "xor_2-2-1_sigmoid_bce.nnviz")), settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.doc.undo_stack.setClean()


def settle():
    for _ in range(3):
        QApplication.processEvents()


def expected_heat_map(doc) -> np.ndarray:
    network, x = doc.project.network, doc.project.inputs
    xs, ys = surface.axes(x, surface.resolution(network, 2))
    return forward(network, surface.grid_inputs(xs, ys))[-1][1][:, 0].reshape(ys.size, xs.size)


def test_behind_the_loss_curve_tab_the_output_view_waits(window, qtbot):
    view, doc = window.output_view, window.doc
    window.curve_dock.raise_()  # (a small screen shows the Data tab of that group first)
    settle()
    assert window.loss_curve.isVisible() and not window.loss_curve.visibleRegion().isEmpty()  # in front
    assert not view.is_shown()  # behind the loss curve (even though Qt says isVisible())
    before = view.image.image.copy()
    doc.undo_stack.push(SetWeight(doc, 1, 0, 0, 3.0))
    doc.undo_stack.push(SetWeight(doc, 1, 0, 1, -2.0))
    np.testing.assert_array_equal(view.image.image, before)  # no heat map computed while hidden
    window.output_dock.raise_()
    qtbot.waitUntil(view.is_shown)
    settle()
    np.testing.assert_allclose(view.image.image, expected_heat_map(doc), rtol=1e-12, atol=1e-12)


def test_in_front_the_output_view_follows_each_change(window, qtbot):
    view, doc = window.output_view, window.doc
    window.output_dock.raise_()
    qtbot.waitUntil(view.is_shown)
    doc.undo_stack.push(SetWeight(doc, 1, 0, 0, -4.0))
    np.testing.assert_allclose(view.image.image, expected_heat_map(doc), rtol=1e-12, atol=1e-12)
