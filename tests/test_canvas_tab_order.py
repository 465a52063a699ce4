"""Tab and Shift+Tab in the canvas's in-place editor: a fixed, visible order, one undo step per changed value."""
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from nnviz.gui.canvas.editing import edit_order
from nnviz.gui.commands import SetEdgeEnabled
from nnviz.gui.document import NOTATION_KEY
from nnviz.gui.selection import EdgeRef, NeuronRef

from test_canvas import make_view, project_002

W1_OUT_IN = [EdgeRef(0, 0, 0), EdgeRef(0, 0, 1), EdgeRef(0, 0, 2), EdgeRef(0, 1, 0), EdgeRef(0, 1, 1),
             EdgeRef(0, 1, 2)]


def test_the_order_is_inputs_then_each_layers_weights_as_printed_then_its_biases(qtbot):
    doc, _, _, _ = make_view(qtbot, project_002())
    order = edit_order(doc)
    assert order[:3] == [NeuronRef(0, 0), NeuronRef(0, 1), NeuronRef(0, 2)]
    assert order[3:9] == W1_OUT_IN and order[9:11] == [NeuronRef(1, 0), NeuronRef(1, 1)]
    assert order[11:15] == [EdgeRef(1, 0, 0), EdgeRef(1, 0, 1), EdgeRef(1, 1, 0), EdgeRef(1, 1, 1)]
    assert order[-3:] == [EdgeRef(2, 0, 0), EdgeRef(2, 0, 1), NeuronRef(3, 0)] and len(order) == 20
    doc.project.view[NOTATION_KEY] = "from_to"  # prints W (in × out): rows are the units of the layer below
    assert edit_order(doc)[3:9] == [EdgeRef(0, 0, 0), EdgeRef(0, 1, 0), EdgeRef(0, 0, 1), EdgeRef(0, 1, 1),
                                    EdgeRef(0, 0, 2), EdgeRef(0, 1, 2)]
    doc.undo_stack.push(SetEdgeEnabled(doc, 0, 0, 1, False))
    doc.project.view.pop(NOTATION_KEY)
    assert EdgeRef(0, 0, 1) not in edit_order(doc) and len(edit_order(doc)) == 19


def test_tab_commits_and_moves_on_shift_tab_goes_back_esc_cancels(qtbot):
    doc, selection, _, view = make_view(qtbot, project_002())
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.viewport_point_of(EdgeRef(0, 0, 0)))
    editor = view.editor
    assert editor.caption.isVisible()
    assert editor.caption.text() == "the weight w⁽¹⁾₁₁ · 4 of 20 · Tab: next, Shift+Tab: back"
    assert editor.caption.geometry().bottom() < editor.geometry().top()  # above the editor
    QTest.keyClicks(editor, "2")
    QTest.keyClick(editor, Qt.Key.Key_Tab)
    assert doc.network.weights[0][0, 0] == 2.0 and doc.undo_stack.count() == 1
    assert selection.current == EdgeRef(0, 0, 1) and view.editor is not editor
    assert view.editor.caption.text().startswith("the weight w⁽¹⁾₁₂ · 5 of 20") and view.editor.hasFocus()
    QTest.keyClick(view.editor, Qt.Key.Key_Tab)  # untouched: nothing pushed
    assert selection.current == EdgeRef(0, 0, 2) and doc.undo_stack.count() == 1
    QTest.keyClick(view.editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert selection.current == EdgeRef(0, 0, 1)
    QTest.keyClick(view.editor, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert selection.current == EdgeRef(0, 0, 0) and view.editor.text() == "2.0"
    QTest.keyClicks(view.editor, "abc")
    stuck = view.editor
    QTest.keyClick(stuck, Qt.Key.Key_Tab)
    assert view.editor is stuck and "not a number" in stuck.error and selection.current == EdgeRef(0, 0, 0)
    QTest.keyClick(stuck, Qt.Key.Key_Escape)
    assert view.editor is None and doc.undo_stack.count() == 1 and doc.network.weights[0][0, 0] == 2.0


def test_tab_walks_into_biases_and_wraps_round(qtbot):
    doc, selection, _, view = make_view(qtbot, project_002())
    selection.select(EdgeRef(2, 0, 1))
    view.edit(EdgeRef(2, 0, 1))
    QTest.keyClicks(view.editor, "-1")
    QTest.keyClick(view.editor, Qt.Key.Key_Tab)
    assert selection.current == NeuronRef(3, 0) and view.editor.caption.text().startswith("the bias b⁽³⁾₁ · 20 of 20")
    QTest.keyClicks(view.editor, "0.5")
    QTest.keyClick(view.editor, Qt.Key.Key_Tab)
    assert selection.current == NeuronRef(0, 0) and "1 of 20" in view.editor.caption.text()
    QTest.keyClicks(view.editor, "3")
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    assert view.editor is None
    assert doc.network.weights[2][0, 1] == -1 and doc.network.biases[2][0] == 0.5 and doc.project.inputs[0, 0] == 3
    assert doc.undo_stack.count() == 3
    for _ in range(3):
        doc.undo_stack.undo()
    assert doc.network.equals(project_002().network) and doc.project.inputs.tolist() == [[1, 2, -1]]
