"""CSV data files: bit-exact round trip, the accepted dialects, and errors that point at line and column."""
import os
import stat

import numpy as np
import pytest

from nnviz.core.csv_data import parse_csv, read_csv, read_csv_table, write_csv
from nnviz.core.errors import FileFormatError
from nnviz.core.messages import MAX_PROBLEMS


def problems(text, n_inputs=2, n_outputs=1):
    with pytest.raises(FileFormatError) as caught:
        read_csv(text, n_inputs, n_outputs)
    return caught.value.problems


def bits(a):
    return np.ascontiguousarray(a, dtype=np.float64).view(np.uint64)


# ----- round trip --------------------------------------------------------------------------------
def test_write_then_read_round_trips_bit_exactly(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 3)) * 10.0 ** rng.integers(-300, 300, size=(50, 3))
    x[:6, 0] = [0.1, 1 / 3, -0.0, 5e-324, 1.7976931348623157e308, -2.2250738585072014e-308]
    y = rng.normal(size=(50, 2)) / 7.0
    path = tmp_path / "data.csv"
    write_csv(path, x, y)
    rx, ry = read_csv(path, 3, 2)
    assert np.array_equal(bits(rx), bits(x)) and np.array_equal(bits(ry), bits(y))  # -0.0 stays -0.0
    assert path.read_text(encoding="utf-8").splitlines()[0] == "x1,x2,x3,y1,y2"


def test_written_file_has_a_header_one_row_per_sample_and_the_shortest_exact_digits(tmp_path):
    path = tmp_path / "xor.csv"
    write_csv(path, [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0.1])
    assert path.read_text(encoding="utf-8") == (
        "x1,x2,y\n0.0,0.0,0.0\n0.0,1.0,1.0\n1.0,0.0,1.0\n1.0,1.0,0.1\n")


def test_write_keeps_given_column_names_and_reads_them_back(tmp_path):
    path = tmp_path / "named.csv"
    write_csv(path, [[1.5, 2.0]], [[3.0]], input_names=["height", "width, cm"], target_names=["area"])
    table = read_csv_table(path, 2, 1)
    assert (table.input_names, table.target_names, table.has_header) == (["height", "width, cm"], ["area"], True)
    assert table.inputs.tolist() == [[1.5, 2.0]] and table.targets.tolist() == [[3.0]]


def test_write_replaces_atomically_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("old contents\n", encoding="utf-8")
    write_csv(path, [[1.0]], [[2.0]])
    assert path.read_text(encoding="utf-8") == "x1,y\n1.0,2.0\n"
    assert os.listdir(tmp_path) == ["data.csv"]


def test_write_refuses_data_a_file_cannot_hold_and_keeps_the_old_file(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("x1,y\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="non-finite"):
        write_csv(path, [[float("nan")]], [[1.0]])
    with pytest.raises(ValueError, match="same, non-zero number of rows"):
        write_csv(path, [[1.0], [2.0]], [[1.0]])
    with pytest.raises(ValueError, match="2 column names for 3 columns"):
        write_csv(path, [[1.0, 2.0]], [[1.0]], input_names=["a"])
    assert path.read_text(encoding="utf-8") == "x1,y\n1,2\n"
    assert os.listdir(tmp_path) == ["data.csv"]


# ----- what is accepted --------------------------------------------------------------------------
def test_header_names_are_free_text_and_split_by_the_network_counts():
    table = parse_csv("weight,height,is tall\n70,1.8,1\n50,1.5,0\n", 2, 1)
    assert table.input_names == ["weight", "height"] and table.target_names == ["is tall"]
    assert table.inputs.tolist() == [[70, 1.8], [50, 1.5]] and table.targets.tolist() == [[1], [0]]


def test_a_file_without_header_gets_default_names():
    table = parse_csv("1,2,3\n4,5,6\n", 1, 2)
    assert not table.has_header
    assert (table.input_names, table.target_names) == (["x1"], ["y1", "y2"])
    assert table.inputs.tolist() == [[1], [4]] and table.targets.tolist() == [[2, 3], [5, 6]]


def test_semicolons_decimal_commas_bom_blank_lines_crlf_and_spaces_are_accepted(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffx1; x2; y\r\n\r\n0,5;-1,25;1\r\n ; ; \r\n2;3e-2;0\r\n\r\n".encode("utf-8"))
    x, y = read_csv(path, 2, 1)
    assert x.tolist() == [[0.5, -1.25], [2.0, 0.03]] and y.tolist() == [[1.0], [0.0]]


def test_text_with_a_bom_and_quoted_names_is_accepted():
    x, y = read_csv('\ufeff"x1","x2","y"\n1,2,3\n', 2, 1)
    assert x.tolist() == [[1, 2]] and y.tolist() == [[3]]


def test_without_network_counts_the_header_names_the_targets():
    table = read_csv_table("a,b,c,target\n1,2,3,4\n")
    assert table.input_names == ["a", "b", "c"] and table.target_names == ["target"]
    table = read_csv_table("x1,y1,y2\n1,2,3\n")
    assert table.inputs.shape == (1, 1) and table.targets.tolist() == [[2, 3]]
    table = read_csv_table("p,q,r\n1,2,3\n", n_outputs=1)
    assert table.inputs.tolist() == [[1, 2]] and table.targets.tolist() == [[3]]
    table = read_csv_table("p,q,r\n1,2,3\n", n_inputs=1)
    assert table.inputs.tolist() == [[1]] and table.targets.tolist() == [[2, 3]]


# ----- what is refused, and where ----------------------------------------------------------------
def test_ragged_row_names_its_line_counting_blank_lines():
    text = "x1,x2,y\n1,2,3\n\n4,5,6\n7,8\n9,10,11\n"
    assert problems(text) == ["line 5: expected 3 values, got 2"]


def test_non_number_names_line_column_and_header_name():
    assert problems("x1,x2,y\n1,2,3\n4,abc,6\n") == ['line 3, column 2 (x2): "abc" is not a number']


def test_non_number_in_a_file_without_header_uses_default_names():
    assert problems("1,2,3\n4,5,six\n") == ['line 2, column 3 (y): "six" is not a number']


def test_wrong_column_count_for_the_network():
    assert problems("a,b,c,d\n1,2,3,4\n") == [
        "the file has 4 columns but the network has 2 inputs and 1 output (3 columns)"]
    assert problems("1,2\n", 1, 2) == [
        "the file has 2 columns but the network has 1 input and 2 outputs (3 columns)"]


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf", b";;\n,,\n", b"\xef\xbb\xbf\r\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(FileFormatError) as caught:
        read_csv(path, 2, 1)
    assert caught.value.problems == [
        "the file is empty: expected a header row such as x1,x2,y and one row per sample"]
    with pytest.raises(FileFormatError, match="the file is empty"):
        parse_csv(content.decode("utf-8"), 2, 1)


def test_header_without_data_rows():
    assert problems("\nx1,x2,y\n\n") == [
        "the file has a header (line 2) but no data rows: add one row of numbers per sample"]


@pytest.mark.parametrize("value", ["nan", "inf", "-Infinity", "1e999"])
def test_non_finite_values_are_refused(value):
    assert problems(f"x1,x2,y\n1,2,3\n1,{value},3\n") == [
        f'line 3, column 2 (x2): "{value}" is not a finite number']


def test_missing_value_and_every_problem_is_listed():
    assert problems("x1,x2,y\n1,,3\n1,2\nq,2,3\n") == [
        "line 2, column 2 (x2): the value is missing; enter a number",
        "line 3: expected 3 values, got 2",
        'line 4, column 1 (x1): "q" is not a number',
    ]


def test_long_lists_of_problems_are_cut_short():
    text = "x1,x2,y\n" + "a,b,c\n" * 30
    listed = problems(text)
    assert len(listed) == MAX_PROBLEMS + 1
    assert listed[-1] == f"... and {90 - MAX_PROBLEMS} more of the same kinds as above"


def test_header_that_contradicts_the_network_is_refused():
    listed = problems("x1,y1,y2\n1,2,3\n")
    assert len(listed) == 1 and listed[0].startswith('line 1, column 2: "y1" looks like a target')
    listed = problems("x1,x2,x3\n1,2,3\n")
    assert len(listed) == 1 and listed[0].startswith('line 1, column 3: "x3" looks like an input')


def test_duplicate_header_names_are_refused():
    assert problems("x,x,y\n1,2,3\n") == ["line 1: the header names x more than once; give every column its own name"]


def test_unknown_split_without_counts_is_explained():
    with pytest.raises(FileFormatError, match="cannot tell the input columns from the target columns"):
        read_csv("a,b,c\n1,2,3\n")
    with pytest.raises(FileFormatError, match="too few for 3 inputs"):
        read_csv("1,2,3\n", n_inputs=3)


def test_unreadable_files_are_reported(tmp_path):
    with pytest.raises(FileFormatError, match="missing.csv: no such file"):
        read_csv(tmp_path / "missing.csv", 2, 1)
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"x1,x2,y\n1,2,3\n\xe9,2,3\n")
    with pytest.raises(FileFormatError, match="line 3: the file is not UTF-8"):
        read_csv(path, 2, 1)


def test_a_field_longer_than_the_csv_limit_names_the_line_where_it_starts(tmp_path):
    path = tmp_path / "stray_quote.csv"
    rows = "".join(f"{i},{i + 1},{i % 2}\n" for i in range(12_000))  # about 130 KB after the quote
    path.write_text("x1,x2,y\n1,2,3\n4,\"5,6\n" + rows, encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        read_csv(path, 2, 1)
    assert caught.value.problems == ['line 3: a value runs on for more than 131,072 characters; is a quote mark (") '
                                     "missing its closing quote?"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)
    with pytest.raises(FileFormatError, match="is a pipe, not an ordinary file"):
        read_csv(fifo, 2, 1)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_exporting_over_a_pipe_is_refused_and_leaves_it(tmp_path):
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)
    with pytest.raises(FileFormatError, match="is a pipe, not an ordinary file; nnviz only saves to"):
        write_csv(fifo, [[1.0]], [[2.0]])
    assert stat.S_ISFIFO(fifo.stat().st_mode) and os.listdir(tmp_path) == ["data.csv"]
