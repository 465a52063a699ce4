"""Check my work in the app: the answer sheet typed, pasted, imported, marked, revealed, saved and exported, and
its marks on the canvas."""
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit

from nnviz import cli, paths
from nnviz.core import Loss, Network, Project, fileformat
from nnviz.core.answers import load_answers
from nnviz.core.check_sheet import ANSWERS_KEY
from nnviz.core.quantities import parse
from nnviz.gui.check.sheet_model import COLOURS_DARK, COLOURS_LIGHT, DIAGNOSIS, EXACT, MARK, QUANTITY, VALUE
from nnviz.gui.selection import EdgeRef, NeuronRef

EX = paths.examples_dir()
EX_004 = EX / "004_sigmoid_3-2-1_half_sse.nnviz"
EX_001 = EX / "001_relu_identity_2-3-3-1_half_sse.nnviz"
ANSWERS = Path(__file__).parent / "answers"
DISPLAY, BACKGROUND = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole


@pytest.fixture
def open_sheet(open_window):
    """A window on a file (or project), 1600 x 1000, with View > Check my work opened."""
    def make(project_or_path):
        w = open_window(project_or_path, size=(1600, 1000))
        w.check_actions.show_sheet.trigger()
        settle(w)
        return w
    return make


def settle(w):
    for _ in range(4):
        QApplication.processEvents()
    w.check.step_view.typeset_all()


def cell(w, canonical: str, column: int, role=DISPLAY):
    model = w.check.model
    return model.data(model.index(model.row_of(parse(canonical)), column), role)


def type_value(qtbot, w, canonical: str, text: str) -> QLineEdit:
    """Type into the "Your value" cell of a quantity as a user does: open its editor, type, press Enter."""
    table, model = w.check.table, w.check.model
    index = model.index(model.row_of(parse(canonical)), VALUE)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.indexWidget(index) or table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(w)
    return editor


def type_answer_file(qtbot, w, path):
    for answer in load_answers(path, w.doc.project, w.doc.namer()):
        type_value(qtbot, w, answer.quantity.canonical(), answer.written.text)


def test_typing_004s_numbers_marks_each_row_the_first_wrong_step_and_the_canvas(open_sheet, qtbot):
    w = open_sheet(EX_004)
    assert w.check_dock.isVisible() and w.check_actions.show_sheet.isChecked()
    assert w.check.summary.text().startswith("Type your homework's numbers") and not w.check.step_area.isVisible()
    type_answer_file(qtbot, w, ANSWERS / "004_student.txt")
    assert len(w.doc.project.view[ANSWERS_KEY]) == 27 and w.doc.undo_stack.count() == 27
    assert cell(w, "grad:w:1:1:3", QUANTITY) == "∂L/∂w₃₁₋₁" and cell(w, "grad:w:1:1:3", VALUE) == "-0.00285"
    assert cell(w, "grad:w:1:1:3", MARK) == "✗ wrong"
    assert cell(w, "grad:w:1:2:3", MARK) == "≈ carried"
    assert cell(w, "loss", MARK) == "✓ correct" and cell(w, "z:1:1@1", MARK) == "✓ correct"
    assert "arithmetic slip" in cell(w, "grad:w:1:1:3", DIAGNOSIS)
    # the first wrong step: highlighted in the sheet, named in the summary, derived under the table
    model = w.check.model
    row = model.row_of(parse("grad:w:1:1:3"))
    assert cell(w, "grad:w:1:1:3", MARK, BACKGROUND).color().name().upper() == COLOURS_LIGHT["first_wrong"]
    assert cell(w, "grad:w:1:2:3", MARK, BACKGROUND) is None
    assert model.headerData(row, Qt.Orientation.Vertical) == "▶ 22"
    assert w.check.summary.text() == "24 ✓ correct · 2 ≈ carried · 1 ✗ wrong — first wrong: ∂L/∂w₃₁₋₁ (line 22)"
    w.check.table.setCurrentIndex(model.index(model.row_of(parse("new:b:1:1")), QUANTITY))  # not answered
    settle(w)
    assert w.check.step_title.text() == "First wrong step: ∂L/∂w₃₁₋₁ = -0.00285  ✗ wrong"
    assert w.check.step_view.plain_lines() == ["∂L/∂w₃₁₋₁ = δ₁₋₁ · x₃ = 0.0014 · (-2.06) = -0.002884"]
    assert "arithmetic slip" in w.check.diagnosis.text() and w.check.diagnosis.isVisible()
    # the canvas: a badge per answer next to its neuron or edge, the first wrong step in a halo
    badges, first = w.view.marks()
    assert badges[EdgeRef(0, 0, 2)] == [("∂w", "wrong")] and badges[EdgeRef(0, 1, 2)] == [("∂w", "carried")]
    assert badges[EdgeRef(1, 0, 0)] == [("∂w", "correct")]
    assert badges[NeuronRef(1, 0)] == [("z", "correct"), ("a", "correct"), ("∂a", "correct"), ("f′", "correct"),
                                       ("δ", "correct"), ("∂b", "correct")]
    assert first == EdgeRef(0, 0, 2)
    assert NeuronRef(0, 0) not in badges  # inputs are given, not answered


def test_selecting_a_marked_row_shows_its_step_and_hovering_a_factor_marks_the_canvas(open_sheet, qtbot, hover):
    w = open_sheet(EX_004)
    w.check_actions.import_path(ANSWERS / "004_student.txt")
    settle(w)
    model = w.check.model
    w.check.table.setCurrentIndex(model.index(model.row_of(parse("grad:w:1:2:3")), VALUE))
    settle(w)
    assert w.check.step_title.text() == "Selected: ∂L/∂w₃₂₋₁ = -0.00577  ≈ carried"
    assert w.check.step_view.plain_lines() == ["∂L/∂w₃₂₋₁ = δ₂₋₁ · x₃ = 0.0028 · (-2.06) = -0.005768"]
    assert not w.check.diagnosis.isVisible()
    view = w.check.step_view
    delta = next(p for p in view.pieces if p.token.kind == "name" and p.token.plain == "δ₂₋₁")
    hover(view, delta.rect.center())
    neurons, _ = w.view.emphasis()
    assert NeuronRef(1, 1) in neurons
    view.leaveEvent(None)
    assert w.view.emphasis() == ([], [])


def test_the_sheet_follows_the_dark_theme(open_sheet):
    w = open_sheet(EX_001)
    w.check_actions.import_path(ANSWERS / "001_student.txt")
    settle(w)
    w.view_actions.choices["theme"]["dark"].trigger()
    settle(w)
    assert cell(w, "grad:w:3:1:2", MARK, BACKGROUND).color().name().upper() == COLOURS_DARK["first_wrong"]
    assert COLOURS_DARK["wrong"].lower() in w.check.diagnosis.styleSheet()
    w.view_actions.choices["theme"]["light"].trigger()
    settle(w)
    assert cell(w, "grad:w:3:1:2", MARK, BACKGROUND).color().name().upper() == COLOURS_LIGHT["first_wrong"]


def test_exact_values_stay_hidden_until_revealed(open_sheet, qtbot):
    w = open_sheet(EX_004)
    type_value(qtbot, w, "grad:w:1:1:3", "-0.00285")
    assert cell(w, "grad:w:1:1:3", EXACT) == "hidden" and cell(w, "loss", EXACT) == "hidden"
    assert "the exact value" not in " ".join(w.check.step_view.blocks[0].notes)
    model, table = w.check.model, w.check.table
    row = model.row_of(parse("grad:w:1:1:3"))
    table.selectRow(row)
    w.check.reveal_button.click()  # Reveal: the selected rows only
    settle(w)
    assert cell(w, "grad:w:1:1:3", EXACT) == "-0.002929" and cell(w, "loss", EXACT) == "hidden"
    assert "the exact value is -0.002929" in w.check.step_view.blocks[0].notes[0]
    w.check.reveal_button.click()  # again: hidden again
    assert cell(w, "grad:w:1:1:3", EXACT) == "hidden"
    table.doubleClicked.emit(model.index(model.row_of(parse("loss")), EXACT))  # a double-click reveals one
    assert cell(w, "loss", EXACT) == "0.00538"
    w.check.reveal_all.setChecked(True)
    assert cell(w, "new:w:2:1:1", EXACT) == format(0.4 - 0.5 * 0.01667726, ".4g")
    assert cell(w, "grad:w:1:1:3", EXACT) == "-0.002929"
    w.check.reveal_all.setChecked(False)
    assert cell(w, "grad:w:1:1:3", EXACT) == "hidden" and cell(w, "loss", EXACT) == "0.00538"


def test_a_value_that_cannot_be_read_is_refused_in_place_and_undo_removes_a_mark(open_sheet, qtbot):
    w = open_sheet(EX_004)
    editor = type_value(qtbot, w, "loss", "0.005x")
    assert editor.isVisible() and "border" in editor.styleSheet()  # still open, marked, to be fixed
    assert "is not a number" in w.check.message.text() and w.doc.undo_stack.count() == 0
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    settle(w)
    assert cell(w, "loss", VALUE) == "" and ANSWERS_KEY not in w.doc.project.view
    type_value(qtbot, w, "loss", "0.0054")
    type_value(qtbot, w, "a:2:1@1", "0.8")
    assert cell(w, "loss", MARK) == "✓ correct" and cell(w, "a:2:1@1", MARK) == "✗ wrong"
    assert w.doc.undo_stack.undoText() == "Answer ŷ = 0.8"
    w.doc.undo_stack.undo()
    settle(w)
    assert cell(w, "a:2:1@1", MARK) == "" and cell(w, "a:2:1@1", VALUE) == "" and cell(w, "loss", MARK) == "✓ correct"
    assert NeuronRef(2, 0) not in w.view.marks()[0]
    type_value(qtbot, w, "loss", "")  # clearing a cell removes the answer
    assert w.doc.undo_stack.undoText() == "Clear answer L"
    assert ANSWERS_KEY not in w.doc.project.view and cell(w, "loss", MARK) == ""


def test_paste_is_one_undo_step_and_a_bad_line_changes_nothing(open_sheet, qtbot):
    w = open_sheet(EX_004)
    QGuiApplication.clipboard().setText("# my homework\nL = 0.0054\ndL/dw_31-1 = -0.00285\nδ₁₋₁ = 0.0014\n")
    w.check.table.setFocus()
    qtbot.keyClick(w.check.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(w)
    assert w.doc.undo_stack.count() == 1 and w.doc.undo_stack.undoText() == "Paste 3 answers"
    assert cell(w, "loss", MARK) == "✓ correct" and cell(w, "grad:w:1:1:3", MARK) == "✗ wrong"
    QGuiApplication.clipboard().setText("L = 0.0054\nz_1-1 = one\n")
    w.check.paste_button.click()
    settle(w)
    assert w.check.message.text().startswith("Nothing pasted: line 2: ") and w.doc.undo_stack.count() == 1
    w.doc.undo_stack.undo()
    settle(w)
    assert ANSWERS_KEY not in w.doc.project.view and w.check.model.report is None
    assert w.view.marks() == ({}, None)


def test_import_replaces_the_sheet_and_a_file_with_an_error_changes_nothing(open_sheet, tmp_path):
    w = open_sheet(EX_004)
    bad = tmp_path / "bad.txt"
    bad.write_text("L = 0.0054\nz_1-1 = 1.3062\nz:4:1 = 2\n", encoding="utf-8")
    assert not w.check_actions.import_path(bad)
    assert "line 3" in w.check.message.text() and "layer 4 does not exist" in w.check.message.text()
    assert w.doc.undo_stack.count() == 0 and ANSWERS_KEY not in w.doc.project.view
    assert w.check_actions.import_path(ANSWERS / "004_student.txt")
    settle(w)
    assert w.doc.undo_stack.count() == 1 and w.doc.undo_stack.undoText() == "Import answers from 004_student.txt"
    assert w.check.model.report.counts == {"correct": 24, "carried": 2, "wrong": 1}
    assert w.check.table.currentIndex().row() == w.check.model.row_of(parse("grad:w:1:1:3"))  # shown at once


def test_001_factor_two_is_diagnosed(open_sheet, qtbot):
    w = open_sheet(EX_001)
    type_answer_file(qtbot, w, ANSWERS / "001_student.txt")
    assert cell(w, "grad:w:3:1:2", QUANTITY) == "∂L/∂w⁽³⁾₂" and cell(w, "grad:w:3:1:2", MARK) == "✗ wrong"
    diagnosis = cell(w, "grad:w:3:1:2", DIAGNOSIS)
    assert diagnosis.startswith("42 is twice the correct 21: the loss is ½(y − ŷ)², so ∂L/∂ŷ = ŷ − y")
    assert cell(w, "grad:w:2:2:2", MARK) == "✗ wrong" and cell(w, "grad:w:1:2:1", MARK) == "✓ correct"
    assert w.check.model.first_wrong().answer.quantity == parse("grad:w:3:1:2")
    assert w.check.diagnosis.text() == "✗ " + diagnosis
    assert w.view.marks()[1] == EdgeRef(2, 0, 1)


def test_the_sheet_is_saved_with_the_network_and_nnviz_check_ignores_it(open_sheet, tmp_path, capsys):
    w = open_sheet(EX_004)
    w.check_actions.import_path(ANSWERS / "004_student.txt")
    saved = tmp_path / "homework.nnviz"
    assert w.files.save_to(saved)
    assert fileformat.load(saved).view[ANSWERS_KEY]["grad:w:1:1:3"] == "-0.00285"
    w.files.new_project(Project(Network.create(2, [1], ["identity"]), Loss("sse"), [[1.0, 2.0]], [[0.0]]))
    settle(w)
    assert w.check.model.report is None and w.view.marks() == ({}, None)
    assert w.files.open_path(saved)
    settle(w)
    assert w.check.model.report.counts == {"correct": 24, "carried": 2, "wrong": 1}
    assert cell(w, "grad:w:1:2:3", MARK) == "≈ carried"
    outputs = []
    for network in (EX_004, saved):
        assert cli.main(["check", str(network), str(ANSWERS / "004_student.txt"), "--json"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]


def test_export_report_as_markdown_and_html(open_sheet, tmp_path):
    w = open_sheet(EX_004)
    assert not w.check_actions.export_path(tmp_path / "empty.md", "markdown")
    assert "type or import some answers first" in w.check.message.text()
    w.check_actions.import_path(ANSWERS / "004_student.txt")
    assert w.check_actions.export_path(tmp_path / "report.md", "markdown")
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "# Check my work: 004_sigmoid_3-2-1_half_sse.nnviz" in text
    assert "| $\\frac{\\partial L}{\\partial w_{31-1}}$ | -0.00285 | ✗ wrong | -0.00292876 | -0.00285 does not" in text
    assert "| $\\frac{\\partial L}{\\partial w_{32-1}}$ | -0.00577 | ≈ carried |" in text
    assert "| $L$ | 0.0054 | ✓ correct | 0.00538008 |  |" in text
    assert "\\delta_{1-1} \\cdot x_{3} = 0.0014 \\cdot (-2.06) = -0.002884$$" in text
    assert w.check_actions.export_path(tmp_path / "report.html", "html")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<math" in page and "✗ wrong" in page and "≈ carried" in page
    assert "<mn>0.0014</mn>" in page and "arithmetic slip" in page
    assert not w.check_actions.export_path(tmp_path, "html")  # a folder: refused with a message
    assert "folder" in w.check.message.text()


def test_badges_follow_the_shown_sample_and_leave_with_the_sheet_and_exports(open_sheet, qtbot):
    w = open_sheet(EX / "003_sigmoid_4-3-2-1_bce_batch.nnviz")
    w.check.paste_text("z:1:1@2 = 0\nz:1:2@1 = 0\nloss = 1")
    settle(w)
    assert cell(w, "z:1:1@2", QUANTITY).endswith(" @2")
    assert list(w.view.marks()[0]) == [NeuronRef(1, 1)]  # sample 1 shown
    w.selection.set_sample(1)
    settle(w)
    assert list(w.view.marks()[0]) == [NeuronRef(1, 0)]
    image = w.view.render_image()
    w.view.set_marks([], None)
    assert w.view.render_image() == image  # exports never show the marks
    w.check.marksChanged.emit()
    w.selection.set_sample(0)
    w.check_dock.close()
    settle(w)
    assert not w.check_actions.show_sheet.isChecked() and w.view.marks() == ({}, None)
    w.check_actions.show_sheet.trigger()
    settle(w)
    assert w.check_dock.isVisible() and list(w.view.marks()[0]) == [NeuronRef(1, 1)]


def test_the_filter_finds_a_name_in_any_spelling(open_sheet):
    w = open_sheet(EX_004)
    model = w.check.model
    w.check.filter.setText("dL/dw_3")
    w.check._filter_timer.timeout.emit()
    assert [model.data(model.index(r, QUANTITY)) for r in range(model.rowCount())] == \
        ["Backward pass · layer 1", "∂L/∂w₃₁₋₁", "∂L/∂w₃₂₋₁"]
    assert w.check.table.columnSpan(0, 0) == model.columnCount()  # the group row spans the table
    w.check.filter.setText("")
    w.check._filter_timer.timeout.emit()
    assert model.rowCount() == len(model.quantities) + len(model.groups)


def test_a_network_of_fifty_thousand_quantities_names_only_the_rows_shown_and_checks_only_the_typed(open_sheet,
                                                                                                   qtbot):
    rng = np.random.default_rng(0)
    net = Network.create(100, [100, 100, 10], ["tanh", "tanh", "identity"])
    w = open_sheet(Project(net, Loss("sse"), rng.normal(size=(10, 100)), rng.normal(size=(10, 10))))
    model = w.check.model
    assert len(model.quantities) > 50_000 and model.rowCount() == len(model.quantities) + len(model.groups)
    assert len(model._names) < 100  # names are made for the rows painted, not for all of them
    type_value(qtbot, w, "z:1:1@3", "0.5")
    w.check.paste_text("z:1:2@1 = 0\ngrad:b:3:1 = 0")  # canonical names: no notation name is made
    settle(w)
    assert len(model.report.marks) == 3 and len(model._names) < 200
