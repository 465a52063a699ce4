"""Typing or pasting a whole W, b, x or y block in the real window: Inspector buttons, context menu, shortcut."""
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from nnviz import paths
from nnviz.core import Loss, Network, Project
from nnviz.gui import menus
from nnviz.gui.block_dialog import BlockDialog
from nnviz.gui.commands import SetBiasEnabled, SetEdgeEnabled
from nnviz.gui.document import NOTATION_KEY
from nnviz.gui.selection import EdgeRef, NeuronRef


EXAMPLE_004 = paths.examples_dir() / "004_sigmoid_3-2-1_half_sse.nnviz"


def random_2331() -> Project:
    rng = np.random.default_rng(5)
    network = Network.create(2, [3, 3, 1], ["relu", "identity", "identity"])
    for l in range(3):
        network.weights[l] = rng.normal(size=network.weights[l].shape)
        network.biases[l] = rng.normal(size=network.biases[l].shape)
    return Project(network, Loss("half_sse"), [[1, 2]], [[1.5]], view={NOTATION_KEY: "pytorch"})


@pytest.fixture
def win(window):
    window.files.load_project(random_2331(), None)
    return window


def open_dialog(qtbot, win) -> BlockDialog:
    dialogs_ = [d for d in win.findChildren(BlockDialog) if d.isVisible()]
    assert len(dialogs_) == 1
    dialog = dialogs_[0]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # its shortcuts (Alt+N) work in the active window, as on a desktop
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def paste(qtbot, dialog, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    dialog.editor.setFocus()
    qtbot.keyClick(dialog.editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def alt_n(qtbot, dialog) -> None:
    """Apply and next: the button's mnemonic clicks it after a short animation; then the editor has the focus."""
    key = dialog.key
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.key != key and dialog.editor.hasFocus())


def ctrl_enter(qtbot, dialog) -> None:
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_paste_sets_w1_in_one_undo_step_and_undo_restores_every_bit(win, qtbot):
    doc = win.doc
    before = doc.network.copy()
    win.selection.select(NeuronRef(1, 0))
    button = win.inspector.neuron_page.block_buttons["weights"]
    assert button.text() == "W⁽¹⁾..."
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, win)
    assert "W⁽¹⁾" in dialog.shape.text() and "rows: units of layer 1 (3), columns: inputs (2)" in dialog.shape.text()
    assert dialog.editor.textCursor().selectedText().replace("\u2029", "\n") == dialog.editor.toPlainText()
    paste(qtbot, dialog, "0 1; 1 1; 1 0")
    assert dialog.message.text() == "✓ W⁽¹⁾: 3 × 2"
    ctrl_enter(qtbot, dialog)
    assert not dialog.isVisible()
    assert doc.network.weights[0].tolist() == [[0, 1], [1, 1], [1, 0]]
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Set W⁽¹⁾"
    assert all(a.tobytes() == b.tobytes() for a, b in zip(doc.network.weights[1:], before.weights[1:]))
    doc.undo_stack.undo()
    assert doc.network.equals(before)
    doc.undo_stack.redo()
    assert doc.network.weights[0].tolist() == [[0, 1], [1, 1], [1, 0]]


def test_a_spreadsheet_paste_of_inputs_sets_the_samples(win, qtbot):
    doc = win.doc
    win.selection.select(NeuronRef(0, 1))
    qtbot.mouseClick(win.inspector.input_page.block_buttons["inputs"], Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, win)
    paste(qtbot, dialog, "0\t0\r\n0\t1\r\n1\t0\r\n1\t1,5\r\n")
    assert dialog.message.text() == "4 rows: the data will have 4 samples (the targets get 3 new rows of 0)"
    ctrl_enter(qtbot, dialog)
    assert doc.project.inputs.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1.5]]
    assert doc.project.targets.tolist() == [[1.5], [0], [0], [0]] and doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.project.inputs.tolist() == [[1, 2]] and doc.project.targets.tolist() == [[1.5]]


def test_an_error_is_placed_and_nothing_changes(win, qtbot):
    doc = win.doc
    before = doc.network.copy()
    win.selection.select(EdgeRef(1, 2, 0))
    qtbot.mouseClick(win.inspector.edge_page.block_buttons["weights"], Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, win)
    assert dialog.form.name == "W⁽²⁾"
    dialog.editor.selectAll()
    qtbot.keyClicks(dialog.editor, "0 2 0; 1 1 O; 1 0 4")
    assert dialog.error == 'row 2, column 3: "O" is not a number (examples: 0.5, -1e-3, 1/2)'
    marks = dialog.editor.extraSelections()
    assert len(marks) == 1 and marks[0].cursor.selectedText() == "O"
    assert not dialog.ok.isEnabled()
    ctrl_enter(qtbot, dialog)
    assert dialog.isVisible() and doc.undo_stack.count() == 0 and doc.network.equals(before)
    dialog.editor.selectAll()
    qtbot.keyClicks(dialog.editor, "0 2 0; 1 1 0")
    assert dialog.error == "W⁽²⁾ is 3 × 3 (3 units of layer 2, 3 units of layer 1); you gave 2 rows of 3"
    assert dialog.editor.extraSelections() == []
    dialog.reject()
    assert doc.undo_stack.count() == 0


def test_a_removed_edge_is_refused_in_place(win, qtbot):
    doc = win.doc
    doc.undo_stack.push(SetEdgeEnabled(doc, 0, 1, 0, False))
    win.selection.select(NeuronRef(1, 1))
    dialog = win.block_actions.open("weights")
    assert dialog.editor.toPlainText().splitlines()[1].startswith("0 ")
    dialog.editor.setPlainText("1 1\n2 0\n0 1")
    assert dialog.error.startswith("row 2, column 1: w⁽¹⁾₂₁ is a removed edge and stays 0")
    assert dialog.editor.extraSelections()[0].cursor.selectedText() == "2"
    dialog.editor.setPlainText("1 1\n0 0\n0 1")
    dialog.apply_and_close()
    assert doc.network.weights[0].tolist() == [[1, 1], [0, 0], [0, 1]] and not doc.network.edge_present(0, 1, 0)


def test_worked_example_004_shows_w1_in_out_as_3_by_2(window, qtbot):
    assert window.files.open_path(EXAMPLE_004)
    window.selection.select(NeuronRef(1, 0))
    dialog = window.block_actions.open("weights")
    assert dialog.form.name == "W₁"
    assert "rows: inputs (3), columns: units of layer 1 (2)" in dialog.shape.text()
    assert dialog.editor.toPlainText() == "0.36 0.29\n0.74 -0.27\n-0.28 -0.84"
    dialog.editor.setPlainText("0.36 0.29; 0.74 -0.27; -0.28 1")
    dialog.apply_and_close()
    assert window.doc.network.weights[0][1, 2] == 1.0  # in_out row 3, column 2: into unit 2 from x₃


def test_apply_and_next_walks_every_block_and_skips_unchanged_ones(win, qtbot):
    doc = win.doc
    win.selection.select(None)
    qtbot.keyClick(win.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = open_dialog(qtbot, win)
    names = [dialog.form.name]
    for _ in range(7):
        alt_n(qtbot, dialog)
        names.append(dialog.form.name)
    assert not dialog.next.isEnabled()
    assert names == ["W⁽¹⁾", "b⁽¹⁾", "W⁽²⁾", "b⁽²⁾", "W⁽³⁾", "b⁽³⁾", "x", "y"]
    assert doc.undo_stack.count() == 0  # nothing typed, nothing pushed
    qtbot.keyClicks(dialog.editor, "2")
    ctrl_enter(qtbot, dialog)
    assert doc.project.targets.tolist() == [[2]] and doc.undo_stack.count() == 1


def test_context_menu_offers_the_blocks_of_what_was_clicked(win):
    doc = win.doc
    for ref, expected in [(NeuronRef(3, 0), ["W⁽³⁾", "b⁽³⁾", "y"]), (EdgeRef(0, 1, 1), ["W⁽¹⁾"]),
                          (NeuronRef(0, 0), ["x"]), (None, ["values"])]:
        win.selection.select(ref)
        menu = menus.context_menu(win, ref)
        texts = [a.text() for a in menu.actions() if a.text().startswith(("Type or paste", "&Type or paste"))]
        assert [t.split(" ")[3].rstrip(".") for t in texts] == expected, texts
        menu.deleteLater()
    doc.undo_stack.push(SetBiasEnabled(doc, 2, False))
    win.selection.select(NeuronRef(3, 0))
    assert not win.block_actions.biases.isEnabled()
    assert not win.inspector.neuron_page.block_buttons["biases"].isEnabled()
