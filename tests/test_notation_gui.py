"""View > Notation driven like a user would: every label (canvas, Inspector, undo texts, table, export)
follows the chosen notation; it is undoable, saved in the file and remembered for files that name none.

Worked example 002 (3-2-2-1 ReLU, weights 1, biases 0, x = (1, 2, −1), y = 0, SSE) ships in its homework's
notation Z/H from-to (w⁽ˡ⁾ⱼₖ from unit j to unit k, a one-unit layer's index left out): first hidden unit
z = a = 2, δ = 32; output z = ŷ = 8, δ = 16.
"""
import json

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from nnviz import paths
from nnviz.core import fileformat
from nnviz.core.notation import PRESETS, Notation, preset
from nnviz.gui.app import first_project
from nnviz.gui.document import NOTATION_KEY, Document
from nnviz.gui.file_ops import NOTATION_PREFERENCE_KEY
from nnviz.gui.main_window import MainWindow
from nnviz.gui.notation_dialog import NotationDialog
from nnviz.gui.selection import EdgeRef, NeuronRef

EXAMPLES = paths.examples_dir()
XOR = EXAMPLES / "xor_2-2-1_sigmoid_bce.nnviz"  # names no notation
EXAMPLE_004 = EXAMPLES / "004_sigmoid_3-2-1_half_sse.nnviz"  # "dash": w₃₁₋₁


def tooltip(view, ref) -> str:
    model = view.model
    if isinstance(ref, EdgeRef):
        return model.edge_tooltip(model.geometry.edge_index(ref))
    return model.neuron_tooltip(model.geometry.neuron_index(ref))


def headers(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def checked_notation(window) -> list[str]:
    a = window.notation_actions
    return [name for name, action in [*a.presets.items(), ("custom", a.custom)] if action.isChecked()]


def test_switching_the_notation_changes_every_label_and_undo_puts_it_back(window, qtbot, tmp_path):
    doc, view, inspector = window.doc, window.view, window.inspector
    table = window.data_panel.model
    edge, hidden, output = EdgeRef(2, 0, 1), NeuronRef(1, 0), NeuronRef(3, 0)  # edge: from unit 2 to unit 1

    # as example 002's homework writes it
    assert checked_notation(window) == ["Z_H"]
    assert view.neuron_texts(hidden) == ["H⁽¹⁾₁", "Z = 2", "H = 2", "b = 0", "δ = 32", "∂L/∂b = 32"]
    assert view.neuron_texts(output)[:3] == ["ŷ", "Z = 8", "ŷ = 8"]
    assert tooltip(view, edge).startswith("w⁽³⁾₂₁: H⁽²⁾₂ → ŷ\nw⁽³⁾₂₁ = 1.0\n∂L/∂w⁽³⁾₂₁ = 64.0")
    assert "Z⁽³⁾ = 8.0\nŷ = 8.0\ny (target) = 0.0\nb⁽³⁾ = 0.0\n∂L/∂b⁽³⁾ = 16.0\nδ⁽³⁾ = ∂L/∂Z⁽³⁾ = 16.0" in tooltip(view, output)
    window.selection.select(edge)
    assert inspector.edge_page.title.text() == "Weight w⁽³⁾₂₁"
    assert headers(table) == ["x₁", "x₂", "x₃", "y", "ŷ", "loss"]

    # View > Notation > PyTorch: w⁽ˡ⁾ᵢⱼ into i from j, z/a
    with qtbot.waitSignal(table.headerDataChanged):
        window.notation_actions.presets["pytorch"].trigger()
    assert checked_notation(window) == ["pytorch"] and doc.project.view[NOTATION_KEY] == "pytorch"
    assert window.file_actions.undo.text() == "&Undo Notation: PyTorch / Goodfellow"
    assert view.neuron_texts(hidden) == ["a⁽¹⁾₁", "z = 2", "a = 2", "b = 0", "δ = 32", "∂L/∂b = 32"]
    assert view.neuron_texts(output)[:3] == ["ŷ", "z = 8", "ŷ = 8"]
    assert tooltip(view, edge).startswith("w⁽³⁾₁₂: a⁽²⁾₂ → ŷ\nw⁽³⁾₁₂ = 1.0\n∂L/∂w⁽³⁾₁₂ = 64.0")
    assert "z⁽³⁾₁ = 8.0\nŷ = 8.0\ny (target) = 0.0\nb⁽³⁾₁ = 0.0\n∂L/∂b⁽³⁾₁ = 16.0\nδ⁽³⁾₁ = ∂L/∂z⁽³⁾₁ = 16.0" \
        in tooltip(view, output)
    assert inspector.edge_page.title.text() == "Weight w⁽³⁾₁₂"
    assert inspector.edge_page.formula.text() == "∂L/∂w⁽³⁾₁₂ = Σ<sub>samples</sub> δ⁽³⁾₁ · a⁽²⁾₂"
    assert headers(table) == ["x₁", "x₂", "x₃", "y", "ŷ", "loss"]  # x, y and ŷ are alike in every notation
    svg = tmp_path / "net.svg"
    assert window.files.export_diagram(svg, view)
    assert "a⁽¹⁾₁" in svg.read_text(encoding="utf-8") and "H⁽¹⁾₁" not in svg.read_text(encoding="utf-8")

    # an edit made now is named in the new notation in the undo history
    field = inspector.edge_page.weight
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, "0.5")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert doc.network.weights[2][0, 1] == 0.5
    assert window.file_actions.undo.text() == "&Undo Set w⁽³⁾₁₂ = 0.5"

    # net/out symbols in the value lines
    window.notation_actions.presets["net_out"].trigger()
    assert view.neuron_texts(hidden)[:3] == ["out⁽¹⁾₁", "net = 2", "out = 2"]

    # undo: net/out, then the edit, then PyTorch are taken back: example 002's own notation again
    for _ in range(3):
        window.file_actions.undo.trigger()
    assert doc.project.view[NOTATION_KEY] == "Z_H" and checked_notation(window) == ["Z_H"]
    assert view.neuron_texts(hidden)[:3] == ["H⁽¹⁾₁", "Z = 2", "H = 2"]
    assert inspector.edge_page.title.text() == "Weight w⁽³⁾₂₁"
    window.file_actions.redo.trigger()
    assert checked_notation(window) == ["pytorch"] and view.neuron_texts(hidden)[0] == "a⁽¹⁾₁"


def test_the_inspector_pages_and_last_step_name_in_the_notation(window):
    window.notation_actions.presets["dash"].trigger()  # worked example 004's w₂₁₋₃, z/y, layer after a dash
    inspector = window.inspector
    window.selection.select(NeuronRef(2, 1))
    page = inspector.neuron_page
    assert page.form.labelForField(page.z).text() == "z₂₋₂" and page.form.labelForField(page.a).text() == "y₂₋₂"
    assert page.form.labelForField(page.delta).text() == "δ₂₋₂ = ∂L/∂z₂₋₂"
    assert page.form.labelForField(page.bias).text() == "Bias b₂₋₂"
    window.selection.select(NeuronRef(0, 2))
    assert inspector.input_page.title.text() == "Input x₃"
    window.selection.select(EdgeRef(2, 0, 1))
    assert inspector.edge_page.title.text() == "Weight w₂₁₋₃"
    window.training_actions.step.trigger()
    assert window.training_panel.last_step_box.title_label.text() == "w₂₁₋₃ at step 1"
    window.notation_actions.presets["pytorch"].trigger()
    assert window.training_panel.last_step_box.title_label.text() == "w⁽³⁾₁₂ at step 1"
    window.selection.select(None)
    assert inspector.summary_page.notation.text().startswith(PRESETS["pytorch"][0])


def test_precision_can_be_fixed_decimals_on_the_canvas(window, tmp_path):
    v, view = window.view_actions, window.view
    assert view.edge_label_texts(EdgeRef(2, 0, 0)) == ["w = 1", "∂L/∂w = 64"]
    v.decimals.trigger()
    assert window.display.decimals is True and v.precision[4].text() == "&4 decimals"
    assert view.edge_label_texts(EdgeRef(2, 0, 0)) == ["w = 1.0000", "∂L/∂w = 64.0000"]
    assert view.neuron_texts(NeuronRef(1, 0))[1] == "Z = 2.0000"
    v.precision[2].trigger()
    assert view.edge_label_texts(EdgeRef(2, 0, 0)) == ["w = 1.00", "∂L/∂w = 64.00"]
    model = view.model
    for text in ("-9999.99", "-0.00"):  # the label slots hold fixed decimals below 10,000
        assert model.label_metrics.horizontalAdvance(f"∂L/∂w = {text}") + 8 <= model.slot_size[0] + 0.01
    window.save_layout()
    assert window.settings.value("display/decimals") in (True, "true")
    path = tmp_path / "decimals.nnviz"
    assert window.files.save_to(path) and fileformat.load(path).view["display"]["decimals"] is True


# ----- the custom dialog --------------------------------------------------------------------------------
def choose(dialog: NotationDialog, **choices) -> None:
    for field, value in choices.items():
        combo = dialog.combos[field]
        combo.setCurrentIndex(combo.findData(value))


def test_the_custom_dialog_builds_the_chosen_notation_with_a_live_preview(qtbot):
    dialog = NotationDialog(Notation(), [3, 2, 2, 1])
    qtbot.addWidget(dialog)
    assert dialog.notation() == Notation()
    assert dialog.preview.text().splitlines()[0] == "w⁽¹⁾₁₂   z⁽¹⁾₁   a⁽¹⁾₁   δ⁽¹⁾₁   ∂L/∂w⁽¹⁾₁₂"
    choose(dialog, symbols="z/v", layer_style="plain", omit_single="units")
    assert dialog.notation() == Notation("to_from", "z/v", "plain", "out_in", "units", preset="custom")
    assert dialog.preview.text() == ("w¹₁₂   z¹₁   v¹₁   δ¹₁   ∂L/∂w¹₁₂\n"
                                     "w³₁₁   b³   z³   δ³   ∂L/∂w³₁₁\n"
                                     "∂L/∂W¹ printed as 2 × 3")
    assert "Custom" in dialog.matches.text()
    choose(dialog, index_order="from_to", symbols="Z/H", layer_style="paren", orientation="in_out")
    assert dialog.notation() == preset("Z_H")  # the choices of a preset are that preset
    assert dialog.preview.text().splitlines()[-1] == "∂L/∂W⁽¹⁾ printed as 3 × 2"
    assert "Z/H, from-to" in dialog.matches.text()
    dialog.show()
    hint = dialog.sizeHint()
    assert hint.width() <= 1280 and hint.height() <= 720 - 60  # fits a 1280 × 720 projector with a title bar


def test_custom_notation_from_the_menu_is_saved_in_the_file_and_restored(window, tmp_path, monkeypatch):
    def exec_choosing(dialog):
        choose(dialog, symbols="z/v", layer_style="subscript")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(NotationDialog, "exec", exec_choosing)
    window.notation_actions.custom.trigger()
    expected = Notation("from_to", "z/v", "subscript", "in_out", "units", preset="custom")
    assert window.doc.notation == expected and checked_notation(window) == ["custom"]
    assert window.view.neuron_texts(NeuronRef(1, 0))[:3] == ["v₁₋₁", "z = 2", "v = 2"]
    path = tmp_path / "custom.nnviz"
    assert window.files.save_to(path)
    assert fileformat.load(path).view[NOTATION_KEY] == expected.to_view()

    assert window.files.open_path(XOR)
    assert window.files.open_path(path)
    assert window.doc.notation == expected and checked_notation(window) == ["custom"]
    assert window.view.neuron_texts(NeuronRef(1, 0))[0] == "v₁₋₁"

    monkeypatch.setattr(NotationDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    window.notation_actions.presets["pytorch"].trigger()
    window.notation_actions.custom.trigger()  # cancelled: nothing changes, the check mark stays on PyTorch
    assert window.doc.notation == preset("pytorch") and checked_notation(window) == ["pytorch"]


def test_the_chosen_notation_is_the_preference_for_files_that_name_none(window, settings, qtbot):
    window.notation_actions.presets["net_out"].trigger()
    assert json.loads(settings.value(NOTATION_PREFERENCE_KEY)) == "net_out"
    assert window.files.open_path(XOR)  # names no notation: the preference
    assert NOTATION_KEY not in window.doc.project.view and window.doc.notation == preset("net_out")
    assert window.view.neuron_texts(NeuronRef(1, 0))[0] == "out⁽¹⁾₁" and checked_notation(window) == ["net_out"]
    assert window.files.open_path(EXAMPLE_004)  # names its own
    assert window.doc.notation == preset("dash") and window.view.neuron_texts(NeuronRef(1, 0))[0] == "y₁₋₁"

    project, path, _ = first_project(str(XOR))  # a new window, as the next start of the app
    again = MainWindow(Document(project, path), settings)
    qtbot.addWidget(again)
    assert again.doc.notation == preset("net_out") and again.view.neuron_texts(NeuronRef(1, 0))[0] == "out⁽¹⁾₁"
    again.close()
