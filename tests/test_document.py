"""The document's structural edits: refused before anything is pushed, except for problems already there."""
import math

import numpy as np
import pytest

from nnviz.core import Loss, Network, NetworkError, Project
from nnviz.gui.commands import EditStructure, SetBiasEnabled, SetEdgeEnabled
from nnviz.gui.document import Document


def softmax_with_sse() -> Project:
    """A file saved mid-fix: the softmax output does not fit the sse loss, so nothing can be computed."""
    network = Network.create(2, [3, 2], ["relu", "softmax"])
    return Project(network, Loss("sse"), [[1, 2]], [[1, 0]])


def test_a_project_that_cannot_be_computed_still_takes_structural_edits(qtbot):
    doc = Document(softmax_with_sse())
    assert doc.result is None and "cross_entropy" in doc.error
    doc.undo_stack.push(EditStructure(doc, "Add neuron", "insert_neuron", 0, 1))
    assert doc.network.sizes() == [2, 4, 2]
    assert doc.result is None and "cross_entropy" in doc.error  # the old problem is still reported
    doc.undo_stack.undo()
    assert doc.network.sizes() == [2, 3, 2]


def test_an_edit_that_breaks_a_computable_project_is_refused_before_it_is_pushed(qtbot):
    network = Network.create(2, [3, 2], ["relu", "softmax"])
    doc = Document(Project(network, Loss("cross_entropy"), [[1, 2]], [[1, 0]]))
    assert doc.result is not None
    count, recomputes = doc.undo_stack.count(), doc.recompute_count
    # removing the softmax output leaves a relu output, which cross_entropy cannot use
    with pytest.raises(NetworkError, match="cross_entropy loss needs a softmax output"):
        EditStructure(doc, "Remove layer", "remove_layer", 1)
    assert (doc.undo_stack.count(), doc.recompute_count) == (count, recomputes)
    assert doc.network.sizes() == [2, 3, 2]


def test_project_edit_runs_project_edits_on_the_data_and_network_edits_on_the_network():
    project = Project(Network.create(2, [1], ["identity"]), Loss("sse"), [[1, 2]], [[3]])
    project.edit("insert_input", 2)  # a Project edit: the data gains a column too
    assert project.inputs.tolist() == [[1, 2, 0]] and project.network.input_size == 3
    project.edit("initialise", "constant", value=0.5, bias_value=-1.0)  # a Network edit
    assert np.array_equal(project.network.weights[0], [[0.5, 0.5, 0.5]])
    assert project.network.biases[0].tolist() == [-1.0]
    before = project.copy()
    for name in ("copy", "set_data", "set_weight", "check"):  # methods, but not structural edits
        with pytest.raises(ValueError, match=f'"{name}" is not a structural edit'):
            project.edit(name, 0, 0, 0, 1.0)
    assert project.network.equals(before.network) and np.array_equal(project.inputs, before.inputs)


def test_undo_of_restore_edge_puts_back_the_minus_zero_a_removed_edge_held(qtbot):
    doc = Document(Project(Network.create(2, [2, 1], ["relu", "identity"]), Loss("sse"), [[1, 2]], [[3]]))
    doc.undo_stack.push(SetEdgeEnabled(doc, 0, 1, 0, False))
    doc.undo_stack.push(EditStructure(doc, "Set all weights = -2", "initialise", "constant", value=-2.0))
    held = doc.network.weights[0][1, 0]
    assert held == 0 and math.copysign(1.0, held) == -1.0  # -2 times the mask's 0 is -0.0
    before = doc.network.copy()
    doc.undo_stack.push(SetEdgeEnabled(doc, 0, 1, 0, True))
    assert doc.network.edge_present(0, 1, 0) and doc.network.weights[0][1, 0] == 0.0
    doc.undo_stack.undo()
    assert math.copysign(1.0, doc.network.weights[0][1, 0]) == -1.0
    assert doc.network.equals(before)
    doc.undo_stack.redo()
    doc.undo_stack.undo()
    assert doc.network.equals(before)


def test_switch_commands_that_change_nothing_also_undo_to_exactly_what_was_there(qtbot):
    doc = Document(Project(Network.create(2, [2, 1], ["relu", "identity"]), Loss("sse"), [[1, 2]], [[3]]))
    doc.network.weights[0][1, 0] = -0.0
    before = doc.network.copy()
    for command in (SetBiasEnabled(doc, 0, True), SetEdgeEnabled(doc, 0, 1, 0, True),
                    SetEdgeEnabled(doc, 0, 0, 1, True)):  # each asks for the state there already is
        doc.undo_stack.push(command)
        assert doc.network.equals(before)
        doc.undo_stack.undo()
        assert doc.network.equals(before)


def test_try_push_pushes_one_command_or_returns_the_reason_and_changes_nothing(qtbot):
    doc = Document(Project(Network.create(1, [2, 1], ["relu", "identity"]), Loss("sse"), [[1]], [[3]]))
    before = doc.network.copy()
    reason = doc.try_push(lambda: EditStructure(doc, "Remove input", "remove_input", 0))
    assert reason == "the network needs at least one input"
    assert doc.undo_stack.count() == 0 and doc.network.equals(before)
    assert doc.try_push(lambda: EditStructure(doc, "Add neuron", "insert_neuron", 0, 1)) is None
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Add neuron"
    assert doc.network.sizes() == [1, 3, 1]
