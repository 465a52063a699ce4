"""Reading and writing a data set as CSV, with errors that name the line and column to fix.

Format: an optional header row, then one row per sample: the input values, then the target values.
- Separator: comma, or semicolon (then a decimal comma such as 0,5 is accepted too). The separator
  is the one found in the first non-blank line, semicolon winning when both appear.
- A UTF-8 byte-order mark is ignored, as are blank lines (also lines of only separators).
- The first non-blank row is a header when any of its fields is not a number. Header names are
  free text; their count must match the data.
- Which columns are inputs: the first n_inputs, the rest targets. When the caller does not know the
  counts (None), the header decides: the trailing columns named like targets (y, y1, target, label,
  output, ...) are targets. With known counts, a header that says otherwise (an input column named
  y2, a target column named x3) is an error, as that usually means a file for another network.
- Only an ordinary file of at most files.MAX_BYTES is read. Writing is atomic (files.write_atomically)
  and uses repr() of each float, which reads back bit-exactly.
"""
import csv
import io
import math
import re
from dataclasses import dataclass

import numpy as np

from . import files
from .errors import FileFormatError
_TARGET_NAME = re.compile(r"^(y|targets?|labels?|outputs?|out)[\s_-]*\d*$", re.IGNORECASE)
_BLANK = re.compile(r"^[\s,;]*$")  # nothing but spaces and separators, as spreadsheets export empty rows
_INPUT_NAME = re.compile(r"^(x|inputs?|in)[\s_-]*\d*$", re.IGNORECASE)


@dataclass
class CsvTable:
    """A parsed data file: the arrays and the column names (from the header, or x1.., y1..)."""

    inputs: np.ndarray  # m x n_in, float64
    targets: np.ndarray  # m x n_out, float64
    input_names: list[str]
    target_names: list[str]
    has_header: bool


def default_names(n_inputs: int, n_outputs: int) -> tuple[list[str], list[str]]:
    """x1..xn and y1..yk (just "y" for a single target)."""
    targets = ["y"] if n_outputs == 1 else [f"y{k + 1}" for k in range(n_outputs)]
    return [f"x{j + 1}" for j in range(n_inputs)], targets


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _number(text: str, decimal_comma: bool) -> float | None:
    cleaned = text.strip().replace("\u2212", "-")
    if decimal_comma and cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not cleaned or "_" in cleaned:  # float() would accept 1_000; a spreadsheet would not
        return None
    try:
        return float(cleaned)
    except ValueError:
        return None


def _rows(text: str):
    """(line number, stripped fields, separator) of every non-blank row."""
    lines = ["" if _BLANK.match(line) else line for line in text.splitlines()]
    first = next((line for line in lines if line), None)
    if first is None:
        return [], ","
    separator = ";" if ";" in first else ","
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=separator, skipinitialspace=True)
    rows = []
    start = 1  # the line where the record being read begins
    try:
        for fields in reader:
            cleaned = [f.strip() for f in fields]
            if any(cleaned):
                rows.append((reader.line_num, cleaned))
            start = reader.line_num + 1
    except csv.Error as error:
        raise FileFormatError(_csv_problem(error, start)) from None
    return rows, separator


def _csv_problem(error: csv.Error, line: int) -> str:
    """What the csv module's complaint means, at the line where the faulty record starts."""
    if "field larger than field limit" in str(error):
        return (f"line {line}: a value runs on for more than {csv.field_size_limit():,} characters; "
                'is a quote mark (") missing its closing quote?')
    return f"line {line}: cannot be read as CSV ({error})"


def _split_columns(names: list[str] | None, header_line: int, columns: int, n_inputs, n_outputs,
                   problems: list[str]) -> int | None:
    """How many of `columns` are inputs, or None (with problems added) when it cannot be decided."""
    if n_inputs is not None and n_outputs is not None:
        if n_inputs + n_outputs != columns:
            problems.append(f"the file has {_plural(columns, 'column')} but the network has "
                            f"{_plural(n_inputs, 'input')} and {_plural(n_outputs, 'output')} "
                            f"({_plural(n_inputs + n_outputs, 'column')})")
            return None
        if names is not None:
            for j, name in enumerate(names):
                if j < n_inputs and _TARGET_NAME.match(name):
                    problems.append(f'line {header_line}, column {j + 1}: "{name}" looks like a target, but '
                                    f"the network has {_plural(n_inputs, 'input')}, so columns 1-{n_inputs} "
                                    "are inputs; rename the column or check the file is for this network")
                elif j >= n_inputs and _INPUT_NAME.match(name):
                    problems.append(f'line {header_line}, column {j + 1}: "{name}" looks like an input, but '
                                    f"the network has {_plural(n_outputs, 'output')}, so the last "
                                    f"{_plural(n_outputs, 'column')} are targets; rename the column or check "
                                    "the file is for this network")
            if problems:
                return None
        return n_inputs
    if n_inputs is not None or n_outputs is not None:
        given = n_inputs if n_inputs is not None else n_outputs
        if not 0 < given < columns:
            what = "inputs" if n_inputs is not None else "outputs"
            problems.append(f"the file has {_plural(columns, 'column')}, too few for {given} {what} "
                            "plus at least one column of the other kind")
            return None
        return n_inputs if n_inputs is not None else columns - n_outputs
    targets = 0
    if names is not None:
        while targets < columns and _TARGET_NAME.match(names[columns - 1 - targets]):
            targets += 1
    if targets == 0 or targets == columns:
        problems.append("cannot tell the input columns from the target columns: name the target columns "
                        'y, y1, y2, ... (or "target") in the header row, after the inputs')
        return None
    return columns - targets


def parse_csv(text: str, n_inputs: int | None = None, n_outputs: int | None = None) -> CsvTable:
    """Parse CSV text; FileFormatError lists every problem as "line L, column C (name): ..."."""
    if text.startswith("\ufeff"):
        text = text[1:]
    rows, separator = _rows(text)
    if not rows:
        raise FileFormatError("the file is empty: expected a header row such as x1,x2,y and one row per sample")
    decimal_comma = separator == ";"
    first_line, first = rows[0]
    has_header = any(_number(f, decimal_comma) is None for f in first)
    names = first if has_header else None
    data = rows[1:] if has_header else rows
    if has_header and len(set(names)) < len(names):
        duplicated = sorted({n for n in names if names.count(n) > 1})
        raise FileFormatError(f'line {first_line}: the header names {", ".join(duplicated)} more than once; '
                              "give every column its own name")
    if not data:
        raise FileFormatError(f"the file has a header (line {first_line}) but no data rows: add one row "
                              "of numbers per sample")
    columns = len(first)
    problems: list[str] = []
    split_at = _split_columns(names, first_line, columns, n_inputs, n_outputs, problems)
    if split_at is None:
        raise FileFormatError(problems)
    if names is None:
        input_names, target_names = default_names(split_at, columns - split_at)
    else:
        input_names, target_names = names[:split_at], names[split_at:]
    all_names = input_names + target_names
    values = np.empty((len(data), columns))
    for r, (line, fields) in enumerate(data):
        if len(fields) != columns:
            problems.append(f"line {line}: expected {_plural(columns, 'value')}, got {len(fields)}")
            continue
        for c, field in enumerate(fields):
            place = f"line {line}, column {c + 1} ({all_names[c]})"
            value = _number(field, decimal_comma)
            if not field:
                problems.append(f"{place}: the value is missing; enter a number")
            elif value is None:
                problems.append(f'{place}: "{field}" is not a number')
            elif not math.isfinite(value):
                problems.append(f'{place}: "{field}" is not a finite number')
            else:
                values[r, c] = value
    if problems:
        raise FileFormatError(problems)  # which keeps the first few and counts the rest
    return CsvTable(values[:, :split_at].copy(), values[:, split_at:].copy(), list(input_names),
                    list(target_names), has_header)


def read_csv_table(source, n_inputs: int | None = None, n_outputs: int | None = None) -> CsvTable:
    """Like read_csv, with the column names. `source` is a path, or CSV text when a str holds a line break."""
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        return parse_csv(source, n_inputs, n_outputs)
    raw = files.read_bytes(source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise FileFormatError(f"line {line}: the file is not UTF-8 text; save it as CSV (UTF-8)") from None
    return parse_csv(text, n_inputs, n_outputs)


def read_csv(source, n_inputs: int | None = None, n_outputs: int | None = None):
    """(inputs m x n_inputs, targets m x n_outputs) from a CSV path or text; FileFormatError on problems."""
    table = read_csv_table(source, n_inputs, n_outputs)
    return table.inputs, table.targets


def _as_columns(array, what: str) -> np.ndarray:
    array = np.asarray(array, dtype=float)
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    if array.ndim != 2:
        raise ValueError(f"{what} must be a 2-D array (one row per sample), got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{what} hold a non-finite value (NaN or infinity), which a data file cannot store")
    return array


def write_csv(path, inputs, targets, input_names: list[str] | None = None,
              target_names: list[str] | None = None) -> None:
    """Write a header (x1.., y1.. unless names are given) and one full-precision row per sample, atomically."""
    inputs, targets = _as_columns(inputs, "inputs"), _as_columns(targets, "targets")
    if inputs.shape[0] != targets.shape[0] or inputs.shape[0] == 0:
        raise ValueError(f"inputs and targets need the same, non-zero number of rows, got "
                         f"{inputs.shape[0]} and {targets.shape[0]}")
    default_in, default_out = default_names(inputs.shape[1], targets.shape[1])
    header = list(input_names or default_in) + list(target_names or default_out)
    if len(header) != inputs.shape[1] + targets.shape[1]:
        raise ValueError(f"{len(header)} column names for {inputs.shape[1] + targets.shape[1]} columns")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in np.hstack([inputs, targets]).tolist():
        writer.writerow([repr(v) for v in row])
    files.write_atomically(path, buffer.getvalue().encode("utf-8"))
