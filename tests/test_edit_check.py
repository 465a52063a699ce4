"""Project.check(edited=...): an edit is checked for what it changed, refused as a full check refuses it."""
import numpy as np
import pytest

from nnviz.core import Loss, Network, NetworkError, Project
from nnviz.core.project import WEIGHTS
from nnviz.gui.document import Document


def project(loss="sse", activation="identity", targets=((0.0,), (1.0,))):
    return Project(Network.create(2, [1], [activation]), Loss(loss), [[1.0, 2.0], [3.0, 4.0]], list(targets))


def full_check_message(p: Project) -> str:
    with pytest.raises(NetworkError) as caught:
        p.copy().check()
    return str(caught.value)


@pytest.mark.parametrize("table, row, column", [("inputs", 1, 1), ("inputs", 0, 0), ("targets", 1, 0)])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_non_finite_cell_is_refused_with_the_full_checks_message(table, row, column, bad):
    p = project()
    p.check()
    getattr(p, table)[row, column] = bad
    with pytest.raises(NetworkError) as caught:
        p.check(edited=(table, row, column))
    assert str(caught.value) == full_check_message(p)
    assert f"{table} row {row + 1}, column {column + 1} is" in str(caught.value)


@pytest.mark.parametrize("loss, activation, targets, bad", [
    ("bce", "sigmoid", ((0.0,), (1.0,)), 1.5),
    ("hinge", "identity", ((1.0,), (-1.0,)), 0.5),
])
def test_a_target_the_loss_cannot_take_is_refused_with_the_full_checks_message(loss, activation, targets, bad):
    p = project(loss, activation, targets)
    p.check()
    p.targets[1, 0] = bad
    with pytest.raises(NetworkError) as caught:
        p.check(edited=("targets", 1, 0))
    assert str(caught.value) == full_check_message(p)


def test_after_a_refused_edit_everything_is_checked_again():
    p = project()
    p.check()
    p.inputs[0, 0] = np.nan
    with pytest.raises(NetworkError):
        p.check(edited=("inputs", 0, 0))
    p.inputs[1, 1] = np.inf  # a second bad cell, then the first one mended
    p.inputs[0, 0] = 1.0
    with pytest.raises(NetworkError, match="inputs row 2, column 2 is inf"):
        p.check(edited=("inputs", 0, 0))


def test_a_replaced_table_network_or_loss_is_checked_in_full_whatever_the_edit_says():
    p = project()
    p.check()
    p.inputs = np.array([[1.0, np.nan], [3.0, 4.0]])
    with pytest.raises(NetworkError, match="inputs row 1, column 2 is nan"):
        p.check(edited=WEIGHTS)
    p = project()
    p.check()
    p.loss = Loss("bce")  # the identity output cannot take it
    with pytest.raises(NetworkError, match="bce loss needs a sigmoid output"):
        p.check(edited=WEIGHTS)
    p = project()
    p.check()
    p.network = Network.create(3, [1], ["identity"])
    with pytest.raises(NetworkError, match="inputs have 2 columns"):
        p.check(edited=WEIGHTS)


def test_the_documents_edits_give_the_same_result_and_error_as_a_full_recompute(qtbot):
    doc = Document(project())
    doc.set_weight(0, 0, 1, 0.5)
    assert doc.result.loss == doc.project.copy().compute().loss
    doc.set_data_value("inputs", 1, 0, np.nan)
    assert doc.result is None and doc.error == full_check_message(doc.project)
    doc.set_data_value("inputs", 1, 0, 2.0)
    assert doc.error is None and doc.result.loss == doc.project.copy().compute().loss
    doc.set_data_value("targets", 0, 0, -np.inf)
    assert doc.result is None and doc.error == full_check_message(doc.project)
