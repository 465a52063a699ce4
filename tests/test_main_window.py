"""The main window with the real canvas and panels: files, undo, menus, network actions, dialogs, startup."""
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox, QTextBrowser

from nnviz import paths
from nnviz.core import FileFormatError, Loss, Network, Project, fileformat
from nnviz.gui import file_ops
from nnviz.gui.app import first_project
from nnviz.gui.commands import SetBias, SetWeight
from nnviz.gui.document import Document
from nnviz.gui.main_window import MainWindow
from nnviz.gui.new_dialog import InitialiseDialog, NewNetworkDialog, parse_sizes
from nnviz.gui.selection import EdgeRef, NeuronRef

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_002 = paths.examples_dir() / paths.DEFAULT_EXAMPLE
EXAMPLE_004 = paths.examples_dir() / "004_sigmoid_3-2-1_half_sse.nnviz"


# ----- helpers (fixtures settings, dialogs, window: tests/conftest.py) -----------------------------------
def example_002() -> Project:
    return Project(Network.create(3, [2, 2, 1], ["relu", "relu", "identity"]), Loss("sse"), [[1, 2, -1]], [[0]])


def displayed_title(w) -> str:
    """The title as the window system shows it ([*] replaced by * or nothing)."""
    return w.windowHandle().title()


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


# ----- startup -------------------------------------------------------------------------------
def test_window_opens_with_worked_example_002(window):
    assert window.centralWidget() is window.view
    assert window.doc.path == EXAMPLE_002
    assert window.windowTitle() == "002_relu_3-2-2-1_sse.nnviz[*] — nnviz"
    assert displayed_title(window) == "002_relu_3-2-2-1_sse.nnviz — nnviz"
    assert not window.isWindowModified()
    # all weights 1, x = (1, 2, -1): z1 = 2, z2 = 4, yhat = 8, (8 - 0)^2 = 64
    assert window.loss_label.text() == "Loss (sse, sum): 64"
    assert window.doc.result.loss == 64.0
    names = {d.objectName() for d in window.docks()}
    assert names == {"inspectorDock", "explainDock", "checkDock", "dataDock", "lossDock", "historyDock",
                     "trainingDock", "lossCurveDock", "outputDock"}
    assert window.history.stack() is window.doc.undo_stack


def test_first_project_with_a_bad_file_falls_back_to_the_default(tmp_path):
    bad = tmp_path / "bad.nnviz"
    bad.write_text('{"format": "nnviz", "version": 1}')
    project, path, error = first_project(str(bad))
    assert path == EXAMPLE_002 and project.network.equals(example_002().network)
    assert error.startswith(f"cannot open {bad}: ") and "network: missing" in error


def test_status_bar_shows_the_document_error_when_there_is_no_result(window):
    window.doc.load(Project(Network.create(2, [3], ["softmax"]), Loss("sse"), [[1, 2]], [[1, 0, 0]]), None)
    assert window.doc.result is None
    assert window.loss_label.text().startswith("No result: ")
    assert window.doc.error[:30] in window.loss_label.text()


# ----- undo / redo / modified -------------------------------------------------------------------
def test_undo_redo_actions_and_modified_title(window):
    doc, f = window.doc, window.file_actions
    assert not f.undo.isEnabled() and not f.redo.isEnabled()
    doc.undo_stack.push(SetWeight(doc, 2, 0, 0, 2.0))  # yhat = 2*4 + 4 = 12, loss 144
    assert window.loss_label.text() == "Loss (sse, sum): 144"
    assert window.isWindowModified() and displayed_title(window) == "002_relu_3-2-2-1_sse.nnviz* — nnviz"
    assert f.undo.isEnabled() and f.undo.text() == "&Undo Set w⁽³⁾₁₁ = 2"
    f.undo.trigger()
    assert window.loss_label.text() == "Loss (sse, sum): 64" and doc.network.weights[2][0, 0] == 1.0
    assert not window.isWindowModified()
    f.redo.trigger()
    assert window.loss_label.text() == "Loss (sse, sum): 144" and window.isWindowModified()


def test_standard_shortcuts(window):
    f, v = window.file_actions, window.view_actions
    for action, key in ((f.new, QKeySequence.StandardKey.New), (f.open, QKeySequence.StandardKey.Open),
                        (f.save, QKeySequence.StandardKey.Save), (f.undo, QKeySequence.StandardKey.Undo),
                        (v.zoom_in, QKeySequence.StandardKey.ZoomIn), (v.zoom_out, QKeySequence.StandardKey.ZoomOut)):
        assert QKeySequence.keyBindings(key)[0] in action.shortcuts(), action.text()
    assert QKeySequence("Ctrl+Shift+Z") in f.redo.shortcuts()
    assert v.fit.shortcut() == QKeySequence("Ctrl+0")
    assert f.quit.shortcuts()


# ----- opening ---------------------------------------------------------------------------------
def test_open_file_shows_its_network_and_loss(window, tmp_path):
    target = tmp_path / "homework.nnviz"
    shutil.copy(EXAMPLE_004, target)
    window.doc.undo_stack.push(SetWeight(window.doc, 0, 0, 0, 5.0))
    assert window.files.open_path(target)  # unsaved change: the recorder answers Discard
    doc = window.doc
    assert doc.path == target and doc.undo_stack.count() == 0 and not window.isWindowModified()
    assert window.windowTitle() == "homework.nnviz[*] — nnviz"
    # worked example 004 part 3, by hand: half squared error of a 3-2-1 sigmoid network
    x, b1 = (0.02, 0.03, -2.06), (0.7, 0.17)
    w1 = ((0.36, 0.74, -0.28), (0.29, -0.27, -0.84))
    a1 = [sigmoid(sum(w * xi for w, xi in zip(row, x)) + b) for row, b in zip(w1, b1)]
    yhat = sigmoid(0.4 * a1[0] + 1.16 * a1[1] - 0.41)
    loss = 0.5 * (0.61 - yhat) ** 2
    assert doc.result.loss == pytest.approx(loss, rel=1e-12)
    assert window.loss_label.text() == f"Loss (half_sse, sum): {loss:.4g}"
    assert window.view.counts()["neurons"] == 3 + 2 + 1 and window.view.counts()["edges"] == 3 * 2 + 2 * 1


def test_open_bad_file_keeps_the_network_and_lists_problems(window, dialogs, tmp_path):
    calls, _ = dialogs
    bad = tmp_path / "bad.nnviz"
    bad.write_text('{"format": "nnviz", "version": 1, "title": 5, "network": {}, "loss": {}, "data": {}}')
    before = window.doc.network.copy()
    assert not window.files.open_path(bad)
    assert window.doc.path == EXAMPLE_002 and window.doc.network.equals(before)
    kind, title, text = calls[-1]
    assert kind == "critical" and "title: expected a string" in text and "network.input_size: missing" in text


def test_a_file_whose_loss_does_not_fit_opens_and_says_why(window, tmp_path):
    path = tmp_path / "softmax_sse.nnviz"
    project = Project(Network.create(2, [3], ["softmax"]), Loss("sse"), [[1, 2]], [[1, 0, 0]])
    path.write_text(fileformat.dumps(project))
    with pytest.raises(FileFormatError):
        fileformat.load(path)  # the strict loader (nnviz solve) refuses it; the window opens it to fix it
    assert window.files.open_path(path)
    assert window.doc.path == path and window.doc.result is None
    assert "softmax" in window.doc.error
    assert window.loss_label.toolTip() == f"No result: {window.doc.error}"
    assert window.loss_label.text().startswith("No result: ")


def test_examples_menu_lists_every_shipped_example_with_its_title(window):
    actions = window.examples_menu.actions()
    files = paths.example_files()
    assert [Path(a.data()) for a in actions] == files
    for action, path in zip(actions, files):
        title = fileformat.load(path).title
        assert title.startswith(action.text().rstrip("…"))
        assert action.toolTip().startswith(title)
    actions[[Path(a.data()).name for a in actions].index(EXAMPLE_004.name)].trigger()
    assert window.doc.path == EXAMPLE_004 and window.doc.project.loss.name == "half_sse"


# ----- saving ----------------------------------------------------------------------------------
def test_save_and_reload_round_trip_is_bit_exact(window, tmp_path):
    doc = window.doc
    doc.undo_stack.push(SetWeight(doc, 1, 0, 1, 0.1 + 0.2))  # not a short decimal
    doc.undo_stack.push(SetWeight(doc, 0, 1, 2, -1 / 3))
    window.display.set(precision=6, show_biases=False, edge_encoding="weight")
    path = tmp_path / "saved.nnviz"
    assert window.files.save_to(path)
    assert doc.path == path and not window.isWindowModified() and doc.undo_stack.count() == 2
    assert displayed_title(window) == "saved.nnviz — nnviz"
    assert "display" not in doc.project.view  # saving does not edit the open document

    loaded = fileformat.load(path)
    assert loaded.network.equals(doc.network)
    assert loaded.inputs.tobytes() == doc.project.inputs.tobytes()
    assert loaded.targets.tobytes() == doc.project.targets.tobytes()
    assert loaded.view["display"]["precision"] == 6 and loaded.view["display"]["edge_encoding"] == "weight"

    window.display.set(precision=4, show_biases=True, edge_encoding="gradient")
    expected = doc.network.copy()
    assert window.files.open_path(path)
    assert doc.network.equals(expected)
    assert (window.display.precision, window.display.show_biases, window.display.edge_encoding) == (6, False, "weight")
    assert window.view_actions.precision[6].isChecked() and not window.view_actions.toggles["show_biases"].isChecked()


def test_save_to_an_unwritable_place_shows_an_error_and_changes_nothing(window, dialogs, tmp_path):
    calls, _ = dialogs
    doc = window.doc
    doc.undo_stack.push(SetWeight(doc, 2, 0, 1, 3.0))
    before = doc.network.copy()
    target = tmp_path / "no such folder" / "x.nnviz"
    assert not window.files.save_to(target)
    assert calls[-1][0] == "critical" and str(target) in calls[-1][2]
    assert doc.path == EXAMPLE_002 and window.isWindowModified() and doc.network.equals(before)
    assert not target.parent.exists()
    assert file_ops.recent_files(window.settings) == []


def test_save_on_an_example_asks_for_a_new_name(window, monkeypatch, tmp_path):
    target = tmp_path / "mine"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    original = EXAMPLE_002.read_bytes()
    window.doc.undo_stack.push(SetWeight(window.doc, 2, 0, 0, 2.0))
    window.file_actions.save.trigger()
    assert window.doc.path == target.with_suffix(".nnviz") and EXAMPLE_002.read_bytes() == original
    assert fileformat.load(target.with_suffix(".nnviz")).network.weights[2][0, 0] == 2.0


# ----- exporting and help ---------------------------------------------------------------------------
def test_export_png_and_svg(window, dialogs, tmp_path):
    calls, _ = dialogs
    png, svg = tmp_path / "diagram.png", tmp_path / "diagram.svg"
    assert window.files.export_diagram(png, window.view) and window.files.export_diagram(svg, window.view)
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 200 and image.height() > 100
    assert "<svg" in svg.read_text() and "Layer 1" in svg.read_text()
    assert not window.files.export_diagram(tmp_path / "missing" / "d.png", window.view)
    assert calls[-1][0] == "critical" and "d.png" in calls[-1][2]


def test_help_lists_the_shortcuts(window):
    html = window.help_actions.help_dialog().findChild(QTextBrowser).toHtml()
    for action in (window.file_actions.save, window.view_actions.fit):
        assert action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) in html
    assert "format" in html and "version" in html


# ----- closing with unsaved changes -------------------------------------------------------------
def test_close_with_unsaved_changes_asks(window, dialogs, monkeypatch, tmp_path):
    calls, answers = dialogs
    assert window.close()  # unmodified: closes without asking
    assert [c for c in calls if c[0] == "question"] == []
    window.show()
    window.doc.undo_stack.push(SetWeight(window.doc, 2, 0, 0, 2.0))

    answers["question"] = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert window.isVisible() and calls[-1][0] == "question" and "unsaved changes" in calls[-1][2]

    answers["question"] = QMessageBox.StandardButton.Save  # an example: Save asks for a name
    target = tmp_path / "closing.nnviz"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert window.close()
    assert fileformat.load(target).network.weights[2][0, 0] == 2.0


def test_new_and_open_also_ask_and_cancel_keeps_everything(window, dialogs, tmp_path):
    calls, answers = dialogs
    window.doc.undo_stack.push(SetWeight(window.doc, 2, 0, 0, 2.0))
    answers["question"] = QMessageBox.StandardButton.Cancel
    assert not window.files.open_path(EXAMPLE_004)
    assert not window.files.new_project(example_002())
    assert window.doc.path == EXAMPLE_002 and window.doc.undo_stack.count() == 1
    assert [c[0] for c in calls] == ["question", "question"]


# ----- network actions ---------------------------------------------------------------------------
NETWORK_CASES = [
    # (selection, action name, sizes after)
    (NeuronRef(1, 0), "add_neuron", [3, 3, 2, 1]),
    (NeuronRef(0, 2), "add_neuron", [4, 2, 2, 1]),
    (NeuronRef(2, 1), "remove_neuron", [3, 2, 1, 1]),
    (NeuronRef(0, 0), "remove_neuron", [2, 2, 2, 1]),
    (NeuronRef(2, 0), "add_layer_before", [3, 2, 2, 2, 1]),
    (NeuronRef(3, 0), "add_layer_after", [3, 2, 2, 1, 1]),
    (NeuronRef(2, 0), "remove_layer", [3, 2, 1]),
    (EdgeRef(1, 0, 1), "toggle_edge", [3, 2, 2, 1]),
]


@pytest.mark.parametrize("ref, name, sizes", NETWORK_CASES)
def test_network_action_pushes_one_command_and_undo_is_bit_exact(window, ref, name, sizes):
    doc, actions = window.doc, window.network_actions
    before, data_before = doc.network.copy(), doc.project.inputs.copy()
    window.selection.select(ref)
    action = getattr(actions, name)
    assert action.isEnabled()
    count, recomputes = doc.undo_stack.count(), doc.recompute_count
    action.trigger()
    assert doc.undo_stack.count() == count + 1 and doc.recompute_count == recomputes + 1
    assert doc.network.sizes() == sizes
    assert doc.project.inputs.shape == (1, sizes[0]) and doc.project.targets.shape == (1, sizes[-1])
    assert doc.result is not None
    if name == "toggle_edge":
        assert not doc.network.edge_present(1, 0, 1) and doc.network.weights[1][0, 1] == 0.0
        assert actions.toggle_edge.text().startswith("Restore selected")
    window.file_actions.undo.trigger()
    assert doc.network.equals(before) and doc.project.inputs.tobytes() == data_before.tobytes()
    assert doc.result.loss == 64.0


def test_network_actions_follow_the_selection(window):
    a = window.network_actions
    layer_actions = [a.add_neuron, a.remove_neuron, a.add_layer_before, a.add_layer_after, a.remove_layer]
    assert not any(x.isEnabled() for x in layer_actions + [a.toggle_edge])
    assert a.change_input_size.isEnabled() and a.initialise.isEnabled()
    window.selection.select(NeuronRef(0, 1))
    assert [x.isEnabled() for x in layer_actions] == [True, True, False, True, False]
    window.selection.select(NeuronRef(2, 1))
    assert all(x.isEnabled() for x in layer_actions) and not a.toggle_edge.isEnabled()
    window.selection.select(EdgeRef(2, 0, 1))
    assert not any(x.isEnabled() for x in layer_actions)
    # example 002 writes w⁽ˡ⁾ⱼₖ from unit j to unit k: the edge from unit 2 to unit 1 of layer 3
    assert a.toggle_edge.isEnabled() and a.toggle_edge.text() == "Remove selected &edge w⁽³⁾₂₁"


def test_an_invalid_edit_is_explained_and_nothing_is_pushed(window, dialogs):
    calls, _ = dialogs
    doc = window.doc
    window.selection.select(NeuronRef(3, 0))  # the only output neuron
    recomputes = doc.recompute_count
    window.network_actions.remove_neuron.trigger()
    assert doc.undo_stack.count() == 0 and doc.recompute_count == recomputes
    assert calls[-1][0] == "warning" and "only one neuron" in calls[-1][2]
    assert "only one neuron" in window.statusBar().currentMessage()


def test_selection_that_no_longer_exists_is_dropped(window):
    window.selection.select(NeuronRef(2, 1))
    window.network_actions.remove_selected_layer()
    assert window.doc.network.sizes() == [3, 2, 1] and window.selection.current is None


def test_change_input_size_and_set_all_weights(window, monkeypatch):
    doc = window.doc
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (5, True)))
    window.network_actions.change_input_size.trigger()
    assert doc.network.input_size == 5 and doc.project.inputs.tolist() == [[1, 2, -1, 0, 0]]
    assert doc.undo_stack.count() == 1

    before = doc.network.copy()
    assert window.network_actions.initialise_all("xavier", bias_value=0.25, seed=7)
    reference = before.copy()
    rng = np.random.default_rng(7)
    for l, w in enumerate(reference.weights):
        fan_out, fan_in = w.shape
        limit = math.sqrt(6 / (fan_in + fan_out))
        assert doc.network.weights[l].tobytes() == rng.uniform(-limit, limit, w.shape).tobytes()
        assert doc.network.biases[l].tolist() == [0.25] * fan_out
    assert doc.undo_stack.count() == 2
    window.file_actions.undo.trigger()
    assert doc.network.equals(before)


def test_set_all_weights_dialog(window, monkeypatch, qtbot):
    doc = window.doc
    dialog = InitialiseDialog(window)
    qtbot.addWidget(dialog)
    box = dialog.initialisation
    box.weight.setText("1/2")
    box.bias.setText("-1")
    assert dialog.values() == {"method": "constant", "value": 0.5, "bias_value": -1.0, "seed": 0}
    box.weight.setText("abc")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "weights:" in box.message.text()
    box.weight.setText("0.5")
    assert ok.isEnabled()
    monkeypatch.setattr(InitialiseDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(InitialiseDialog, "values", lambda self: {"method": "constant", "value": 0.5,
                                                                  "bias_value": -1.0, "seed": 0})
    window.network_actions.initialise.trigger()
    assert all((w == 0.5).all() for w in doc.network.weights)
    assert all((b == -1.0).all() for b in doc.network.biases)
    # z1 = 0.5*(1+2-1) - 1 = 0 -> relu 0; z2 = -1 -> 0; yhat = -1; loss = 1
    assert doc.result.loss == 1.0 and doc.undo_stack.count() == 1


# ----- context menu and copy -----------------------------------------------------------------------
def test_context_menu_offers_the_relevant_actions(window):
    window.show_context_menu(EdgeRef(2, 0, 1), QPoint(100, 100))
    menu = window._context_menu
    assert window.selection.current == EdgeRef(2, 0, 1)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Remove selected &edge w⁽³⁾₂₁", "Type or paste W⁽³⁾ (weights into layer 3)...", "&Copy value"]
    menu.close()
    window.show_context_menu(NeuronRef(1, 0), QPoint(100, 100))
    enabled = [a.text() for a in window._context_menu.actions() if a.isEnabled() and not a.isSeparator()]
    assert "Add layer &before selected layer" in enabled and "Remove selected &layer" in enabled
    window._context_menu.close()


def test_copy_value_copies_full_precision(window):
    window.doc.undo_stack.push(SetWeight(window.doc, 2, 0, 1, 0.1 + 0.2))
    window.doc.undo_stack.push(SetBias(window.doc, 1, 1, -1 / 3))
    assert not window.file_actions.copy_value.isEnabled()
    window.selection.select(EdgeRef(2, 0, 1))
    window.file_actions.copy_value.trigger()
    assert QApplication.clipboard().text() == "0.30000000000000004"
    window.selection.select(NeuronRef(2, 1))  # a neuron copies its bias
    window.file_actions.copy_value.trigger()
    assert QApplication.clipboard().text() == "-0.3333333333333333"
    assert window.statusBar().currentMessage() == "Copied b⁽²⁾₂ = -0.3333333333333333"


# ----- view menu -----------------------------------------------------------------------------------
def test_view_toggles_drive_the_display_settings(window):
    v, display = window.view_actions, window.display
    v.toggles["show_gradients"].trigger()
    assert display.show_gradients is False
    v.precision[2].trigger()
    assert display.precision == 2
    v.choices["edge_scale"]["log"].trigger()
    assert display.edge_scale == "log" and not v.choices["edge_scale"]["linear"].isChecked()
    display.set(show_gradients=True, precision=8)
    assert v.toggles["show_gradients"].isChecked() and v.precision[8].isChecked()
    panel_toggles = [a.text() for a in window.panels_menu.actions()]
    assert {"Inspector", "Data", "Loss", "Undo history"} <= set(panel_toggles)


def test_status_loss_follows_precision(window):
    window.doc.undo_stack.push(SetWeight(window.doc, 2, 0, 0, 1 / 3))  # yhat = 4/3 + 4 = 16/3
    expected = (16 / 3) ** 2
    window.display.set(precision=3)
    assert window.loss_label.text() == f"Loss (sse, sum): {expected:.3g}"
    window.display.set(precision=8)
    assert window.loss_label.text() == f"Loss (sse, sum): {expected:.8g}"


def test_window_layout_is_remembered(qtbot, settings, dialogs):
    doc = Document(example_002())
    first = MainWindow(doc, settings)
    qtbot.addWidget(first)
    first.show()
    first.data_dock.hide()
    first.showNormal()  # a small screen opens maximized at first; the user makes the window smaller
    first.resize(700, 500)  # the offscreen screen is 800 x 600
    first.display.set(precision=3)
    size = first.size()
    assert first.close()
    second = MainWindow(Document(example_002()), file_ops.app_settings())
    qtbot.addWidget(second)
    second.show()
    assert second.data_dock.isHidden() and not second.inspector_dock.isHidden()
    assert second.size() == size and second.display.precision == 3


# ----- new network dialog ---------------------------------------------------------------------------
def test_new_dialog_defaults_build_worked_example_002(qtbot):
    dialog = NewNetworkDialog()
    qtbot.addWidget(dialog)
    project = dialog.project()
    assert project.network.equals(fileformat.load(EXAMPLE_002).network)
    assert project.inputs.tolist() == [[0, 0, 0]] and project.targets.tolist() == [[0]]
    assert project.loss == Loss("sse")


def test_new_dialog_validates_live(qtbot):
    dialog = NewNetworkDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.sizes.setText("3-x-1")
    assert not ok.isEnabled() and '"x" (layer 1) is not a whole number' in dialog.sizes_message.text()
    dialog.sizes.setText("3")
    assert not ok.isEnabled() and "at least one layer" in dialog.sizes_message.text()
    dialog.sizes.setText("1-1")
    assert ok.isEnabled() and dialog.sizes_message.text() == "1 input, 1 layer, 1 output"
    dialog.sizes.setText("2 4 3")
    assert ok.isEnabled() and dialog.sizes_message.text() == "2 inputs, 2 layers, 3 outputs"
    output = dialog.layers.rows[-1][1]
    output.setCurrentIndex(output.findData("softmax"))
    assert dialog.layers.text.text() == "relu, softmax"
    assert ok.isEnabled() and dialog.note.text().startswith("Note: ")
    with pytest.raises(ValueError, match="use 1 to 64"):
        parse_sizes("3-0-1")


def test_new_dialog_options_and_loading_as_untitled(window, monkeypatch, qtbot):
    created = []

    def accept(self):
        self.sizes.setText("2-3-2")
        self.layers.rows[0][1].setCurrentIndex(self.layers.rows[0][1].findData("tanh"))
        self.layers.rows[1][1].setCurrentIndex(self.layers.rows[1][1].findData("sigmoid"))
        self.loss.setCurrentIndex(self.loss.findData("bce"))
        self.samples.setValue(4)
        self.initialisation.set_method("he")
        self.initialisation.seed.setValue(3)
        created.append(self.project())
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(NewNetworkDialog, "exec", accept)
    window.file_actions.new.trigger()
    doc = window.doc
    assert doc.path is None and doc.undo_stack.count() == 0
    assert window.windowTitle() == "2-3-2 network[*] — nnviz" and doc.project.title == "2-3-2 network"
    net = doc.network
    assert net.sizes() == [2, 3, 2] and [l.activation for l in net.layers] == ["tanh", "sigmoid"]
    assert doc.project.inputs.shape == (4, 2) and doc.project.loss.name == "bce"
    rng = np.random.default_rng(3)
    assert net.weights[0].tobytes() == rng.normal(0, math.sqrt(2 / 2), (3, 2)).tobytes()
    assert net.weights[1].tobytes() == rng.normal(0, math.sqrt(2 / 3), (2, 3)).tobytes()
    # bce of sigmoid outputs for target 0, mean over 4 samples of mean over 2 outputs: zero inputs give
    # hidden a = tanh(0) = 0, so z = 0, yhat = 0.5 and each term is log 2
    assert doc.result.loss == pytest.approx(math.log(2), rel=1e-15)


# ----- recent files and drag and drop --------------------------------------------------------------
def test_recent_files_list(window, dialogs, tmp_path):
    calls, _ = dialogs
    files = []
    for n in range(10):
        f = tmp_path / f"net{n}.nnviz"
        shutil.copy(EXAMPLE_004, f)
        files.append(f)
        assert window.files.open_path(f)
    recent = file_ops.recent_files(window.settings)
    assert recent == [str(f) for f in reversed(files[2:])]  # newest first, at most 8
    window.files.open_path(files[5])
    assert file_ops.recent_files(window.settings)[:2] == [str(files[5]), str(files[9])]

    menus_module = __import__("nnviz.gui.menus", fromlist=["fill_recent_menu"])
    menus_module.fill_recent_menu(window)
    entries = [a for a in window.recent_menu.actions() if a.statusTip()]
    assert [a.statusTip() for a in entries] == file_ops.recent_files(window.settings)
    assert entries[0].text() == "&1 net5.nnviz"

    files[9].unlink()
    entries[1].trigger()
    assert calls[-1][0] == "information" and str(files[9]) in calls[-1][2]
    assert str(files[9]) not in file_ops.recent_files(window.settings)
    assert window.doc.path == files[5]
    # examples are not remembered
    window.files.open_path(EXAMPLE_002)
    assert str(EXAMPLE_002) not in file_ops.recent_files(window.settings)


def drop_event(path: Path, action=Qt.DropAction.CopyAction) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(50, 50), action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    event._mime = mime  # keep the data alive as long as the event
    return event


def test_a_file_the_desktop_asks_to_open_is_opened(window, tmp_path):
    """macOS's Finder sends a FileOpen event to the running app (a double-clicked .nnviz file)."""
    from PySide6.QtGui import QFileOpenEvent

    from nnviz.gui.app import FileOpenRequests
    target = tmp_path / "double-clicked.nnviz"
    shutil.copy(EXAMPLE_004, target)
    app = QApplication.instance()
    requests = FileOpenRequests(window)
    app.installEventFilter(requests)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(target)))
    finally:
        app.removeEventFilter(requests)
    assert window.doc.path == target and window.doc.project.loss.name == "half_sse"


def test_dropping_a_file_opens_it(window, tmp_path):
    target = tmp_path / "dropped.nnviz"
    shutil.copy(EXAMPLE_004, target)
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    event = drop_event(other)
    window.dropEvent(event)
    assert not event.isAccepted() and window.doc.path == EXAMPLE_002
    window.dropEvent(drop_event(target))
    assert window.doc.path == target and window.doc.project.loss.name == "half_sse"
    # over the canvas, the window's filter on its viewport accepts the drag and opens the drop
    viewport = window.view.viewport()
    for path, ours in ((other, False), (EXAMPLE_002, True)):
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
        enter.ignore()
        assert window.eventFilter(viewport, enter) is ours
        assert enter.isAccepted() is ours
    assert window.eventFilter(viewport, drop_event(EXAMPLE_002)) is True  # Qt delivers drops only mid-drag
    assert window.doc.path == EXAMPLE_002


# ----- the real application in a subprocess -------------------------------------------------------
def _run_app(args, tmp_path, seconds="1"):
    env = {**os.environ, "NNVIZ_SMOKE_SECONDS": seconds, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "nnviz", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_smoke_python_m_nnviz_starts_and_quits(tmp_path):
    done = _run_app([], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_smoke_bad_file_starts_with_the_default_and_says_why(tmp_path):
    bad = tmp_path / "bad.nnviz"
    bad.write_text('{"format": "nnviz", "version": 1, "network": {}}')
    done = _run_app([str(bad)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    line = [line for line in done.stderr.splitlines() if line.startswith("nnviz:")][-1]
    assert line.startswith(f"nnviz: cannot open {bad}: ") and "network.input_size: missing" in line


def test_data_menu_imports_a_csv_into_the_open_network_as_one_undo_step(window, tmp_path):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Data") == titles.index("&Help") - 1
    assert [a.text().replace("&", "") for a in window.menus["data"].actions()] == [
        "Load built-in data set...", "Import data from CSV...", "Export data as CSV..."]
    csv = tmp_path / "data.csv"
    csv.write_text("x1,x2,x3,y\n1,2,-1,0\n0.5,0,0,1\n")
    count = window.doc.undo_stack.count()
    assert window.data_actions.import_csv(csv)
    assert window.doc.undo_stack.count() == count + 1
    assert window.doc.project.inputs.tolist() == [[1, 2, -1], [0.5, 0, 0]]
    # sample 2 with all weights 1: z1 = 0.5, z2 = 1, yhat = 2; losses 64 + (2 - 1)^2 = 65
    assert window.doc.result.loss == 65.0
    assert window.loss_label.text() == "Loss (sse, sum): 65"
    window.doc.undo_stack.undo()
    assert window.doc.project.inputs.tolist() == [[1, 2, -1]] and window.doc.result.loss == 64.0
