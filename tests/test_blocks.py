"""Blocks of numbers typed or pasted at once: parsing, placed errors, shapes in the notation's orientation."""
import numpy as np
import pytest

from nnviz import paths
from nnviz.core import Network, NetworkError, Project, fileformat
from nnviz.core.block_forms import BlockForm, BlockKey, block_keys
from nnviz.core.blocks import BlockError, block_text, cell_text, parse_block
from nnviz.core.notation import preset

EXAMPLE_004 = paths.examples_dir() / "004_sigmoid_3-2-1_half_sse.nnviz"


@pytest.mark.parametrize("text", ["0 1; 1 1; 1 0", "0 1\n1 1\n1 0\n", "0,1;1,1;1,0", "0, 1\r\n1, 1\r\n1, 0",
                                  "0\t1\n1\t1\n1\t0\n", "[[0, 1], [1, 1], [1, 0]]", "[0 1; 1 1; 1 0]",
                                  "[[0. 1.]\n [1. 1.]\n [1. 0.]]", "0 1;; 1 1\n\n1 0", "0 1/1; 1 2 / 2; 1 0"])
def test_rows_and_cells_in_every_usual_spelling(text):
    assert parse_block(text, 3, 2).tolist() == [[0, 1], [1, 1], [1, 0]]


def test_spreadsheet_cells_may_use_a_decimal_comma_and_typed_commas_separate():
    assert parse_block("0,5\t-1,25\n1e-3\t1/4").tolist() == [[0.5, -1.25], [0.001, 0.25]]
    assert parse_block("0,5 1,5").tolist() == [[0, 5, 1, 5]]
    with pytest.raises(BlockError, match="a comma separates two values: write 0.5 with a point"):
        parse_block("0,5 1,5", 1, 2)
    assert parse_block("−2 −0").tolist() == [[-2.0, -0.0]] and np.signbit(parse_block("−0")[0, 0])


@pytest.mark.parametrize("text,row,column,bad,message", [
    ("1 2\n3 abc", 2, 2, "abc", 'row 2, column 2: "abc" is not a number'),
    ("1 2; 3 4; 5 1/0", 3, 2, "1/0", 'row 3, column 2: "1/0" divides by zero'),
    ("1\t\t2", 1, 2, None, "row 1, column 2 is empty"),
    ("1, , 2", 1, 2, None, "row 1, column 2 is empty"),
    ("1 2; 3 nan", 2, 2, "nan", 'row 2, column 2: "nan" is not a finite number'),
    ("1 2; 3", 2, None, " 3", "row 2 has 1 value but row 1 has 2"),
])
def test_errors_name_the_row_and_column_and_span_the_text(text, row, column, bad, message):
    with pytest.raises(BlockError) as caught:
        parse_block(text)
    error = caught.value
    assert str(error).startswith(message)
    assert (error.row, error.column) == (row, column)
    if bad is not None:
        assert text[slice(*error.span)] == bad


def test_shape_mismatch_says_what_was_expected_and_what_was_given():
    with pytest.raises(BlockError, match=r"^expected 3 rows of 2; you gave 2 rows of 3$"):
        parse_block("1 2 3; 4 5 6", 3, 2)
    with pytest.raises(BlockError, match="type or paste the numbers"):
        parse_block(" ;\n ")
    assert parse_block("0 1 0", 3, vector=True).tolist() == [0, 1, 0]
    assert parse_block("0\n1\n0", 3, vector=True).tolist() == [0, 1, 0]
    with pytest.raises(BlockError, match="expected 3 values; you gave 2 values"):
        parse_block("0 1", 3, vector=True)


def test_block_text_reads_back_bit_for_bit():
    values = np.array([[1.0, -0.0, 0.1 + 0.2], [1e20, -3.5, 1 / 3]])
    assert block_text(values).splitlines()[0] == "1 -0 0.30000000000000004"
    again = parse_block(block_text(values))
    assert again.tobytes() == values.tobytes()
    assert cell_text(2.0) == "2" and cell_text(0.0) == "0"


# ----- blocks of a project ----------------------------------------------------------------------------
def project_2331() -> Project:
    return Project(Network.create(2, [3, 3, 1], ["relu", "identity", "identity"]))


def test_blocks_are_typed_layer_by_layer_then_inputs_and_targets():
    project = project_2331()
    project.network.set_bias_enabled(2, False)
    kinds = [(k.kind, k.layer) for k in block_keys(project)]
    assert kinds == [("weights", 0), ("biases", 0), ("weights", 1), ("biases", 1), ("weights", 2),
                     ("inputs", None), ("targets", None)]


def test_weights_out_in_rows_are_the_units_of_the_layer():
    project = project_2331()
    form = BlockForm(project, preset("pytorch").namer(project.network.sizes()), BlockKey("weights", 0))
    assert form.shape == (3, 2) and form.name == "W⁽¹⁾"
    assert form.shape_text() == "rows: units of layer 1 (3), columns: inputs (2)"
    assert form.parse("0 1; 1 1; 1 0").tolist() == [[0, 1], [1, 1], [1, 0]]
    with pytest.raises(BlockError) as caught:
        form.parse("0 1 1; 1 1 0")
    assert str(caught.value) == "W⁽¹⁾ is 3 × 2 (3 units of layer 1, 2 inputs); you gave 2 rows of 3"


def test_worked_example_004_prints_w1_in_out_as_3_by_2():
    project = fileformat.load(EXAMPLE_004)
    form = BlockForm(project, preset("dash").namer(project.network.sizes()), BlockKey("weights", 0))
    assert form.shape == (3, 2) and form.name == "W₁"
    assert form.shape_text() == "rows: inputs (3), columns: units of layer 1 (2)"
    assert form.text() == "0.36 0.29\n0.74 -0.27\n-0.28 -0.84"  # as 004 prints W₁
    stored = form.parse("1 2; 3 4; 5 6")
    assert stored.tolist() == [[1, 3, 5], [2, 4, 6]]  # kept out × in, as the engine computes


def test_a_removed_edge_must_stay_zero_and_is_named():
    project = project_2331()
    project.network.set_edge_enabled(0, 1, 0, False)
    form = BlockForm(project, preset("pytorch").namer(project.network.sizes()), BlockKey("weights", 0))
    assert form.text().splitlines()[1] == "0 1"
    with pytest.raises(BlockError) as caught:
        form.parse("1 1; 2 0; 0 1")
    assert str(caught.value).startswith("row 2, column 1: w⁽¹⁾₂₁ is a removed edge and stays 0")
    assert "1 1; 2 0; 0 1"[slice(*caught.value.span)] == "2"
    assert form.parse("1 1; 0 5; 0 1")[1].tolist() == [0, 5]


def test_network_set_layer_values_keeps_removed_edges_and_checks_shapes():
    net = project_2331().network
    net.set_edge_enabled(0, 1, 0, False)
    net.weights[0][1, 0] = -0.0
    net.set_layer_values(0, [[1, 1], [0, 2], [0, 1]], [1, 2, 3])
    assert net.weights[0].tolist() == [[1, 1], [0, 2], [0, 1]] and np.signbit(net.weights[0][1, 0])
    assert net.biases[0].tolist() == [1, 2, 3] and not net.masks[0][1, 0]
    with pytest.raises(NetworkError, match="removed"):
        net.set_layer_values(0, [[1, 1], [4, 2], [0, 1]])
    with pytest.raises(NetworkError, match="expected"):
        net.set_layer_values(0, [[1, 1]])
    with pytest.raises(NetworkError, match="finite"):
        net.set_layer_values(0, biases=[1, np.inf, 3])


def test_inputs_and_targets_may_change_the_number_of_samples():
    project = project_2331()
    form = BlockForm(project, preset("pytorch").namer(project.network.sizes()), BlockKey("inputs"))
    assert form.shape_text() == "rows: samples (1), columns: inputs x₁…x₂ (2)"
    values = form.parse("0 0\n0 1\n1 0\n1 1")
    assert form.sample_note(values) == "4 rows: the data will have 4 samples (the targets get 3 new rows of 0)"
    inputs, targets = form.data(values)
    assert inputs.shape == (4, 2) and targets.tolist() == [[0], [0], [0], [0]]
    with pytest.raises(BlockError, match=r"x has 2 columns \(inputs x₁…x₂\); you gave 1 row of 3"):
        form.parse("1 2 3")
