"""The editing panels driven like a user would: typed numbers, combos, buttons and table cells.

Worked example 002 (3-2-2-1 ReLU, all weights 1, biases 0, x = (1, 2, -1), y = 0, SSE) gives the
hand-derived numbers: hidden activations 2, 2 then 4, 4, output 8, loss 64, dL/dW3 = [64, 64],
delta2 = 16, dL/dW2 = 32, dL/dx = 64 for every input.
"""
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QSignalSpy, QTest
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from nnviz.core import Loss, Network, Project, compute
from nnviz.core.numbers import format_number
from nnviz.gui.commands import SetActivation, SetBias, SetBiasEnabled, SetLoss, SetWeight
from nnviz.gui.display_settings import DisplaySettings
from nnviz.gui.document import Document
from nnviz.gui.panels import DataPanel, InspectorPanel, LossPanel, NumberField
from nnviz.gui.selection import EdgeRef, NeuronRef, Selection


def project_002(samples=None, targets=None):
    network = Network.create(3, [2, 2, 1], ["relu", "relu", "identity"])
    return Project(network, Loss("sse"), samples or [[1, 2, -1]], targets or [[0]])


@pytest.fixture
def doc():
    return Document(project_002())


@pytest.fixture
def selection():
    return Selection()


@pytest.fixture
def inspector(qtbot, doc, selection):
    panel = InspectorPanel(doc, selection, DisplaySettings())
    qtbot.addWidget(panel)
    panel.resize(400, 600)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def data_panel(qtbot, doc, selection):
    panel = DataPanel(doc, selection)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def loss_panel(qtbot, doc):
    panel = LossPanel(doc)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def type_into(field, text, key=Qt.Key.Key_Return):
    """Replace the field's text by typing, then press `key`."""
    field.selectAll()
    if text:
        QTest.keyClicks(field, text)
    else:
        QTest.keyClick(field, Qt.Key.Key_Backspace)
    if key is not None:
        QTest.keyClick(field, key)


def counts(doc):
    return doc.undo_stack.count(), doc.recompute_count


def cell_text(panel, row, column):
    return panel.model.index(row, column).data()


def type_into_cell(panel, qtbot, row, column, text):
    """Open the table's editor on a cell, type `text` over it and press Return; return the editor."""
    table = panel.table
    index = panel.model.index(row, column)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.findChild(QLineEdit)
    qtbot.waitUntil(lambda: editor is not None and editor.isVisible())
    type_into(editor, text)
    return editor


# ----- inspector: an edge ------------------------------------------------------------------------
def test_typing_a_weight_pushes_one_command_and_shows_the_engines_numbers(inspector, doc, selection):
    selection.select(EdgeRef(2, 0, 0))
    page = inspector.edge_page
    assert inspector.stack.currentWidget() is page
    assert page.weight.text() == "1" and page.gradient.text() == "64"
    before = counts(doc)

    type_into(page.weight, "0.5")

    assert counts(doc) == (before[0] + 1, before[1] + 1)
    assert isinstance(doc.undo_stack.command(doc.undo_stack.count() - 1), SetWeight)
    expected_net = project_002().network
    expected_net.set_weight(2, 0, 0, 0.5)
    expected = compute(expected_net, Loss("sse"), np.array([[1.0, 2, -1]]), np.array([[0.0]]))
    assert doc.result.loss == expected.loss == 36.0  # output 0.5*4 + 4 = 6, loss 6^2
    assert np.array_equal(doc.result.layers[2].grad_weights, expected.layers[2].grad_weights)
    assert page.gradient.text() == format_number(expected.layers[2].grad_weights[0, 0]) == "48"  # 2*6*4
    assert page.weight.text() == "0.5" and not page.weight.error


def test_text_that_is_not_a_number_is_refused_in_place(inspector, doc, selection):
    selection.select(EdgeRef(2, 0, 0))
    field = inspector.edge_page.weight
    before = counts(doc)

    type_into(field, "abc")

    assert counts(doc) == before
    assert doc.network.weights[2][0, 0] == 1.0
    assert field.text() == "abc"  # kept so the user can fix it
    assert field.message_label.isVisible()
    assert "not a number" in field.message_label.text() and "Esc" in field.message_label.text()
    assert "border" in field.styleSheet() and field.toolTip() == field.error

    QTest.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == "1" and not field.error and not field.message_label.isVisible()
    assert counts(doc) == before


def test_a_fraction_is_accepted_and_undo_updates_the_field(inspector, doc, selection):
    selection.select(EdgeRef(1, 0, 0))
    page = inspector.edge_page
    before = counts(doc)
    type_into(page.weight, "1/2")
    assert doc.network.weights[1][0, 0] == 0.5
    assert counts(doc) == (before[0] + 1, before[1] + 1)

    doc.undo_stack.undo()
    assert doc.network.weights[1][0, 0] == 1.0
    assert page.weight.text() == "1" and page.gradient.text() == "32"
    doc.undo_stack.redo()
    assert page.weight.text() == "0.5"


def test_focused_field_shows_the_exact_value_and_keeps_what_is_being_typed(inspector, doc, selection, qtbot):
    doc.undo_stack.push(SetWeight(doc, 2, 0, 0, 1 / 3))
    selection.select(EdgeRef(2, 0, 0))
    field = inspector.edge_page.weight
    assert field.text() == "0.3333"  # display precision 4
    assert repr(1 / 3) in field.toolTip()

    inspector.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    assert field.text() == repr(1 / 3)  # nothing is lost by re-entering

    field.selectAll()
    QTest.keyClicks(field, "0.7")
    doc.undo_stack.push(SetBias(doc, 0, 0, 0.25))  # a model change while the user types
    assert field.text() == "0.7"
    before = counts(doc)
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert doc.network.weights[2][0, 0] == 0.7
    assert counts(doc) == (before[0] + 1, before[1] + 1)
    assert field.text() == "0.7"  # focused: the exact model value


def test_chain_rule_factors_come_from_the_result(inspector, doc, selection):
    selection.select(EdgeRef(1, 0, 1))  # w(2)[1,2]: from unit 2 of layer 1 to unit 1 of layer 2
    page = inspector.edge_page
    assert "from unit 2 of layer 1 to unit 1 of layer 2" in page.subtitle.text()
    assert page.delta.text() == "16" and page.activation.text() == "2"  # delta(2)_1 and a(1)_2
    assert page.product.text() == "32" and page.total.text() == "32" == page.gradient.text()
    assert page.delta.value == doc.result.layers[1].delta[0, 0]
    assert page.total.value == doc.result.layers[1].grad_weights[0, 1]


def test_chain_rule_shows_the_selected_sample_and_the_batch_sum(qtbot, selection):
    doc = Document(project_002([[1, 2, -1], [2, 0, 0]], [[0], [0]]))
    panel = InspectorPanel(doc, selection, DisplaySettings())
    qtbot.addWidget(panel)
    selection.select(EdgeRef(0, 0, 0))
    page = panel.edge_page
    # sample 2: x = (2, 0, 0): a1 = (2, 2), a2 = (4, 4), output 8, delta3 = 16, delta2 = 16, delta1 = 32
    selection.set_sample(1)
    assert page.delta.text() == "32" and page.activation.text() == "2" and page.product.text() == "64"
    # batch: sample 1 gives 32 * x1 = 32, sample 2 gives 64; the sum is the gradient
    assert page.total.text() == "96" and page.gradient.text() == "96"
    assert page.total.value == doc.result.layers[0].grad_weights[0, 0]
    assert "Sample 2 of 2" in page.sample_caption.text()


def test_display_precision_applies_to_fields_and_labels(qtbot, doc, selection):
    settings = DisplaySettings()
    panel = InspectorPanel(doc, selection, settings)
    qtbot.addWidget(panel)
    doc.undo_stack.push(SetWeight(doc, 2, 0, 0, 1 / 3))
    selection.select(EdgeRef(2, 0, 0))
    page = panel.edge_page
    grad = doc.result.layers[2].grad_weights[0, 0]  # 2 * (4/3 + 4) * 4
    assert page.weight.text() == "0.3333" and page.gradient.text() == format_number(grad, 4) == "42.67"
    settings.set(precision=2)
    assert page.weight.text() == "0.33" and page.gradient.text() == "43"
    assert doc.network.weights[2][0, 0] == 1 / 3  # rounding is only on screen


def test_gradient_label_copies_the_exact_value(inspector, doc, selection):
    doc.undo_stack.push(SetWeight(doc, 2, 0, 0, 1 / 3))
    selection.select(EdgeRef(2, 0, 0))
    label = inspector.edge_page.gradient
    exact = doc.result.layers[2].grad_weights[0, 0]
    label.copy_exact()
    assert QGuiApplication.clipboard().text() == repr(float(exact))
    assert label.text() == format_number(exact, 4) != repr(float(exact))


def test_remove_and_restore_edge(inspector, doc, selection):
    selection.select(EdgeRef(2, 0, 1))
    page = inspector.edge_page
    before = counts(doc)
    page.toggle.click()
    assert not doc.network.edge_present(2, 0, 1)
    assert counts(doc) == (before[0] + 1, before[1] + 1)
    assert doc.result.loss == 16.0  # output 4 through the remaining edge
    assert page.toggle.text() == "Restore edge" and not page.weight.isEnabled()
    assert page.gradient.text() == "none (edge removed)"
    page.toggle.click()  # a restored edge starts at weight 0 and gets a gradient again
    assert doc.network.edge_present(2, 0, 1) and doc.result.loss == 16.0
    assert page.toggle.text() == "Remove edge" and page.weight.isEnabled()
    assert page.weight.text() == "0" and page.gradient.text() == "32"  # 2 * 4 * a(2)_2 = 4
    doc.undo_stack.undo()
    doc.undo_stack.undo()  # undoing the removal brings back the weight 1
    assert doc.network.weights[2][0, 1] == 1.0 and doc.result.loss == 64.0 and page.weight.text() == "1"


def test_half_typed_number_for_an_edge_that_disappears_is_dropped(inspector, doc, selection, qtbot):
    selection.select(NeuronRef(1, 1))
    inspector.neuron_page.add_button.click()  # 3-3-2-1
    selection.select(EdgeRef(0, 2, 0))
    field = inspector.edge_page.weight
    inspector.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    type_into(field, "5", key=None)
    doc.undo_stack.undo()  # the edge is gone before Enter
    assert inspector.stack.currentWidget() is inspector.summary_page
    inspector.summary_page.inputs.setFocus()  # focus leaves the hidden field
    qtbot.wait(10)
    assert doc.undo_stack.count() == 1 and doc.undo_stack.index() == 0  # nothing new was pushed
    assert doc.network.sizes() == [3, 2, 2, 1] and not field.has_pending()


# ----- inspector: a neuron -----------------------------------------------------------------------
def test_neuron_shows_z_a_delta_and_bias_gradient(inspector, doc, selection):
    selection.select(NeuronRef(2, 1))  # unit 2 of layer 2
    page = inspector.neuron_page
    assert inspector.stack.currentWidget() is page
    assert (page.z.text(), page.a.text(), page.delta.text(), page.grad_bias.text()) == ("4", "4", "16", "16")
    assert page.bias.text() == "0" and page.has_bias.isChecked()


def test_activation_combo_pushes_set_activation(inspector, doc, selection):
    selection.select(NeuronRef(1, 0))
    combo = inspector.neuron_page.activation
    names = [combo.itemData(k) for k in range(combo.count())]
    assert "softmax" not in names  # only the output layer may use softmax
    before = counts(doc)
    combo.setCurrentIndex(combo.findData("identity"))
    assert isinstance(doc.undo_stack.command(doc.undo_stack.count() - 1), SetActivation)
    assert doc.network.layers[0].activation == "identity"
    assert counts(doc) == (before[0] + 1, before[1] + 1)
    assert doc.result.loss == 64.0  # the hidden z are positive, so identity = ReLU here

    selection.select(NeuronRef(3, 0))
    combo = inspector.neuron_page.activation
    assert combo.findData("softmax") >= 0
    combo.setCurrentIndex(combo.findData("softmax"))  # valid for the network, not with the SSE loss
    assert doc.result is None
    assert inspector.warning.isVisible()
    assert doc.error in inspector.warning.text() and "cross_entropy" in doc.error
    assert inspector.neuron_page.z.text() == "—"


def test_bias_field_and_bias_switch(inspector, doc, selection):
    selection.select(NeuronRef(3, 0))  # the output neuron
    page = inspector.neuron_page
    type_into(page.bias, "1")
    assert doc.network.biases[2][0] == 1.0 and doc.result.loss == 81.0  # (8 + 1)^2
    before = counts(doc)

    page.has_bias.click()

    assert counts(doc) == (before[0] + 1, before[1] + 1)
    assert isinstance(doc.undo_stack.command(doc.undo_stack.count() - 1), SetBiasEnabled)
    assert not doc.network.layers[2].bias and doc.result.loss == 64.0
    assert not page.bias.isEnabled() and page.bias.text() == "" and page.bias.placeholderText() == "bias off"
    assert page.grad_bias.text() == "none (bias off)"
    doc.undo_stack.undo()
    assert page.has_bias.isChecked() and page.bias.isEnabled() and page.bias.text() == "1"


def test_add_and_remove_neuron_buttons(inspector, doc, selection):
    selection.select(NeuronRef(1, 1))
    page = inspector.neuron_page
    before = counts(doc)
    page.add_button.click()
    assert doc.network.sizes() == [3, 3, 2, 1]
    assert counts(doc) == (before[0] + 1, before[1] + 1)
    page.remove_button.click()
    assert doc.network.sizes() == [3, 2, 2, 1]
    selection.select(NeuronRef(3, 0))
    assert not inspector.neuron_page.remove_button.isEnabled()  # the only neuron of its layer


# ----- inspector: an input, and nothing selected -------------------------------------------------
def test_input_value_edits_the_data_and_shows_its_gradient(inspector, doc, selection):
    selection.select(NeuronRef(0, 1))
    page = inspector.input_page
    assert page.value.text() == "2" and page.gradient.text() == "64"
    before = counts(doc)
    type_into(page.value, "-1e-3")
    assert doc.project.inputs[0, 1] == -1e-3
    assert counts(doc) == (before[0] + 1, before[1] + 1)
    assert doc.result.loss == compute(doc.network, doc.project.loss, doc.project.inputs, doc.project.targets).loss


def test_summary_shows_the_network_and_edits_the_input_size(inspector, doc):
    page = inspector.summary_page
    assert inspector.stack.currentWidget() is page
    assert page.sizes.text().startswith("3-2-2-1")
    assert page.parameters.text().startswith("17")  # 6 + 4 + 2 weights, 2 + 2 + 1 biases
    assert page.loss.text() == "64"
    before = counts(doc)
    page.inputs.setValue(4)
    assert doc.network.input_size == 4 and doc.project.inputs.shape == (1, 4)
    assert counts(doc) == (before[0] + 1, before[1] + 1)
    assert page.sizes.text().startswith("4-2-2-1")


def test_selection_that_no_longer_exists_shows_the_summary(inspector, doc, selection):
    selection.select(NeuronRef(1, 1))
    inspector.neuron_page.remove_button.click()
    assert selection.current is None or selection.current.index < doc.network.layers[0].size
    selection.select(EdgeRef(0, 1, 0))
    doc.undo_stack.undo()  # back to 2 neurons: the edge exists again
    assert inspector.stack.currentWidget() is inspector.edge_page


# ----- data table --------------------------------------------------------------------------------
def test_table_columns_and_read_only_outputs(data_panel):
    model = data_panel.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["x₁", "x₂", "x₃", "y", "ŷ", "loss"]  # one output: y and ŷ without an index
    assert all(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
               for c in range(model.columnCount()))
    target_bg = model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole)
    assert target_bg is not None and model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.flags(model.index(0, 3)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 4)) & Qt.ItemFlag.ItemIsEditable
    assert (cell_text(data_panel, 0, 4), cell_text(data_panel, 0, 5)) == ("8", "64")


def test_editing_a_cell_updates_outputs_and_loss(data_panel, doc, qtbot):
    table, model = data_panel.table, data_panel.model
    resets = QSignalSpy(model.modelReset)
    changed = QSignalSpy(model.dataChanged)
    before = counts(doc)
    type_into_cell(data_panel, qtbot, 0, 0, "0.5")
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)  # the delegate commits queued

    assert doc.project.inputs[0, 0] == 0.5
    assert counts(doc) == (before[0] + 1, before[1] + 1)
    # x1 = 0.5: layer 1 z = 1.5, layer 2 = 3, output 6, loss 36
    assert (cell_text(data_panel, 0, 0), cell_text(data_panel, 0, 4), cell_text(data_panel, 0, 5)) == ("0.5", "6", "36")
    assert resets.count() == 0
    assert changed.count() == 1
    top_left, bottom_right = changed.at(0)[0], changed.at(0)[1]
    assert (top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column()) == (0, 0, 0, 5)


def test_weight_change_updates_only_the_computed_columns(data_panel, doc):
    changed = QSignalSpy(data_panel.model.dataChanged)
    resets = QSignalSpy(data_panel.model.modelReset)
    doc.undo_stack.push(SetWeight(doc, 2, 0, 0, 0.5))
    assert resets.count() == 0 and changed.count() == 1
    top_left, bottom_right = changed.at(0)[0], changed.at(0)[1]
    assert (top_left.column(), bottom_right.column()) == (4, 5)
    assert cell_text(data_panel, 0, 5) == "36"


def test_invalid_cell_text_is_refused(data_panel, doc):
    before = counts(doc)
    assert not data_panel.model.setData(data_panel.model.index(0, 3), "abc")
    assert counts(doc) == before and doc.project.targets[0, 0] == 0.0
    assert data_panel.message.isVisible()
    assert "sample 1, y:" in data_panel.message.text() and "not a number" in data_panel.message.text()
    assert data_panel.model.setData(data_panel.model.index(0, 3), "1/2")
    assert doc.project.targets[0, 0] == 0.5 and not data_panel.message.isVisible()
    assert cell_text(data_panel, 0, 5) == "56.25"  # (8 - 0.5)^2


def test_invalid_text_typed_in_a_cell_keeps_the_editor_open(data_panel, doc, qtbot):
    table = data_panel.table
    before = counts(doc)
    editor = type_into_cell(data_panel, qtbot, 0, 1, "2,5,1")
    qtbot.wait(20)
    assert table.state() == QAbstractItemView.State.EditingState and editor.text() == "2,5,1"
    assert "sample 1, x₂:" in data_panel.message.text() and "not a number" in data_panel.message.text()
    assert counts(doc) == before and doc.project.inputs[0, 1] == 2.0
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert counts(doc) == before and cell_text(data_panel, 0, 1) == "2"


def test_add_and_remove_rows(data_panel, doc, selection):
    before = counts(doc)
    assert not data_panel.remove_button.isEnabled()  # the data needs at least one sample
    data_panel.add_button.click()
    assert data_panel.model.rowCount() == 2 and doc.project.sample_count == 2
    assert counts(doc) == (before[0] + 1, before[1] + 1)
    assert selection.sample == 1 and data_panel.sample.value() == 2
    assert cell_text(data_panel, 1, 4) == "0" and cell_text(data_panel, 1, 5) == "0"  # x = 0, y = 0
    data_panel.remove_button.click()
    assert data_panel.model.rowCount() == 1 and selection.sample == 0
    assert counts(doc) == (before[0] + 2, before[1] + 2)


def test_sample_selection_from_the_table_and_the_spin_box(qtbot, selection):
    doc = Document(project_002([[1, 2, -1], [2, 0, 0]], [[0], [0]]))
    panel = DataPanel(doc, selection)
    inspector = InspectorPanel(doc, selection, DisplaySettings())
    qtbot.addWidget(panel)
    qtbot.addWidget(inspector)
    panel.show()
    qtbot.waitExposed(panel)
    selection.select(NeuronRef(0, 0))
    table = panel.table
    rect = table.visualRect(panel.model.index(1, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert selection.sample == 1 and panel.sample.value() == 2
    assert inspector.input_page.value.text() == "2"  # x1 of sample 2
    panel.sample.setValue(1)
    assert selection.sample == 0 and table.currentIndex().row() == 0
    assert inspector.input_page.value.text() == "1"
    assert doc.undo_stack.count() == 0  # choosing a sample is not an edit


# ----- loss panel --------------------------------------------------------------------------------
def test_loss_combo_change_updates_the_loss_value(loss_panel, doc):
    assert loss_panel.value.text() == "64"
    before = counts(doc)
    loss_panel.loss.setCurrentIndex(loss_panel.loss.findData("half_sse"))
    assert doc.project.loss == Loss("half_sse")
    assert counts(doc) == (before[0] + 1, before[1] + 1)
    assert loss_panel.value.text() == "32"
    assert not loss_panel.delta.isEnabled()


def test_reduction_and_huber_delta(qtbot):
    doc = Document(project_002([[1, 2, -1], [2, 0, 0]], [[0], [0]]))
    panel = LossPanel(doc)
    qtbot.addWidget(panel)
    assert panel.value.text() == "128"  # two samples, each output 8: 64 + 64
    panel.reduction.setCurrentIndex(panel.reduction.findData("mean"))
    assert doc.project.loss == Loss("sse", "mean") and panel.value.text() == "64"
    panel.loss.setCurrentIndex(panel.loss.findData("huber"))
    assert panel.delta.isEnabled() and doc.project.loss.name == "huber"
    before = counts(doc)
    type_into(panel.delta, "-1")  # refused by Loss: delta must be positive
    assert counts(doc) == before and "positive" in panel.delta.error
    type_into(panel.delta, "0.5")
    assert doc.project.loss.delta == 0.5 and counts(doc) == (before[0] + 1, before[1] + 1)
    assert panel.value.text() == "7.75"  # residual 8 per sample: 0.5 * (8 - 0.25) = 3.875, summed


def test_cross_entropy_without_softmax_is_explained_with_a_fix(loss_panel, doc):
    loss_panel.loss.setCurrentIndex(loss_panel.loss.findData("cross_entropy"))
    assert doc.result is None
    assert loss_panel.problem.isVisible() and doc.error in loss_panel.problem.text()
    assert "softmax" in doc.error
    assert loss_panel.value.text().startswith("—")
    assert loss_panel.fix.isVisible() and loss_panel.fix.text() == "Set output activation to softmax"
    before = counts(doc)
    loss_panel.fix.click()
    assert doc.network.layers[-1].activation == "softmax"
    assert counts(doc) == (before[0] + 1, before[1] + 1)
    # a single softmax output with target 0 is still not a probability row: the next problem is shown
    assert doc.result is None and "probabilities" in loss_panel.problem.text()
    assert not loss_panel.fix.isVisible()


def test_undo_of_a_loss_change_restores_the_combos(loss_panel, doc):
    loss_panel.loss.setCurrentIndex(loss_panel.loss.findData("mse"))
    doc.undo_stack.push(SetLoss(doc, Loss("l1")))
    assert loss_panel.loss.currentData() == "l1" and loss_panel.value.text() == "8"
    doc.undo_stack.undo()
    assert loss_panel.loss.currentData() == "mse" and loss_panel.reduction.currentData() == "mean"


# ----- the number field on its own ---------------------------------------------------------------
def test_number_field_never_hands_over_a_non_number(qtbot):
    received = []
    field = NumberField(received.append)
    qtbot.addWidget(field)
    field.set_value(2.0)
    for text in ("abc", "1/0", "nan", "inf", ""):
        type_into(field, text)
        assert field.error, text
    field.setText("−3")  # a Unicode minus, as copied from a PDF (QTest cannot type it)
    field.returnPressed.emit()
    assert received == [-3.0]
    field.set_value(-3.0)
    type_into(field, "-3")  # the same value: nothing to commit
    assert received == [-3.0]


def drag_slider(slider, positions):
    """Press, move through `positions` (ticks) and release, as a mouse drag does."""
    slider.setSliderDown(True)
    for ticks in positions:
        slider.setSliderPosition(ticks)
    slider.setSliderDown(False)


def test_sweeping_a_weight_is_one_undo_step_per_drag_and_the_gradient_follows(inspector, doc, selection):
    selection.select(EdgeRef(2, 0, 0))  # w(3)[1,1] = 1 from h1(2) = 4 into the output
    slider = inspector.edge_page.scrub
    count = doc.undo_stack.count()
    # span is max(1, |w|) = 1 over 500 ticks: 750 ticks -> w = 1.5, 1000 -> 2.0
    drag_slider(slider, [600, 750, 1000])
    assert doc.undo_stack.count() == count + 1
    assert doc.network.weights[2][0, 0] == 2.0
    # yhat = 4*2 + 4*1 = 12, dL/dw = 2 * 12 * 4 = 96: the canvas-independent gradient label follows
    assert doc.result.layers[2].grad_weights[0, 0] == 96.0
    assert inspector.edge_page.gradient.text() == format_number(96.0, 4)
    assert slider.value() == slider.CENTRE and slider.origin == 2.0  # re-centred on the new value
    drag_slider(slider, [250])  # a second drag from w = 2 (span 2): 250 ticks -> 2 - 1 = 1
    assert doc.undo_stack.count() == count + 2
    assert doc.network.weights[2][0, 0] == 1.0
    doc.undo_stack.undo()
    assert doc.network.weights[2][0, 0] == 2.0
    doc.undo_stack.undo()
    assert doc.network.weights[2][0, 0] == 1.0 and doc.result.loss == 64.0


def test_sweeping_a_bias_with_the_keyboard_makes_one_step_per_key(inspector, doc, selection):
    selection.select(NeuronRef(3, 0))
    slider = inspector.neuron_page.scrub
    count = doc.undo_stack.count()
    QTest.keyClick(slider, Qt.Key.Key_Right)  # 10 ticks of 1/500 = 0.02
    QTest.keyClick(slider, Qt.Key.Key_Right)
    assert doc.undo_stack.count() == count + 2
    assert doc.network.biases[2][0] == 0.04
    assert doc.result.loss == (8.04) ** 2
