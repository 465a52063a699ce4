"""Reading a block of numbers typed or pasted at once (`0 1; 1 1; 1 0`, or cells copied from a spreadsheet).

Rows are separated by `;` or line breaks (blank rows are skipped, so a trailing newline does no harm).
Cells are separated by tabs when the text holds a tab (a spreadsheet's copy: there a cell may use a
decimal comma, `0,5`); otherwise by spaces and/or commas, and then a comma always separates two cells
(type 0.5 with a point). Brackets are ignored, so `[[1, 1], [2, 0]]` and `[0 1; 1 1]` read as rows too.
Each cell is read by parse_number (0.5, -1e-3, 1/2, −2). Errors are BlockError, naming the row and
column (numbered from 1 as the user sees them) and the span of the offending text.
"""
import re
from typing import Callable

import numpy as np

from .numbers import parse_number

_ROW = re.compile(r"[^;\r\n]+")
_CELL = re.compile(r"[^\s,]+(?:\s*/\s*[^\s,]+)?")  # `1 / 2` stays one cell
_CLOSE = re.compile(r"\](\s*)(,?)")


class BlockError(ValueError):
    """A block that cannot be read: where (1-based row/column, text span) and why."""

    def __init__(self, message: str, row: int | None = None, column: int | None = None,
                 span: tuple[int, int] | None = None):
        super().__init__(message)
        self.row, self.column, self.span = row, column, span


def _unbracket(text: str) -> str:
    """Brackets made into row breaks, keeping every character's position (for placing errors)."""
    text = _CLOSE.sub(lambda m: ";" + m.group(1) + (" " if m.group(2) else ""), text)
    return text.replace("[", " ")


def _cells(row: str, start: int, tabs: bool) -> list[tuple[str, int, int]]:
    """(text, start, end) of each cell of one row; empty cells (`1,,2`, an empty tab cell) are kept."""
    if tabs:
        cells, at = [], start
        for part in row.split("\t"):
            stripped = part.strip()
            offset = at + (part.index(stripped) if stripped else 0)
            cells.append((stripped, offset, offset + len(stripped)))
            at += len(part) + 1
        return cells
    cells, end = [], 0
    for match in _CELL.finditer(row):
        gap = row[end:match.start()]
        commas = gap.count(",") - (0 if cells else -1)  # between two cells one comma is the separator
        cells += [("", start + end, start + match.start())] * max(0, commas - 1)
        cells.append((match.group(), start + match.start(), start + match.end()))
        end = match.end()
    if "," in row[end:]:
        cells.append(("", start + end, start + len(row)))
    return cells


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def parse_block(text: str, rows: int | None = None, columns: int | None = None, *, expected: str = "",
                vector: bool = False, refuse: Callable[[int, int, float], str | None] | None = None) -> np.ndarray:
    """The numbers of `text` as a float64 array (rows × columns; a vector's 1-D array when `vector`).

    With `rows`/`columns` given the shape must match; `expected` then starts the message (e.g. "W⁽¹⁾ is
    3 × 2 (3 units of layer 1, 2 inputs)"). A vector of `rows` values may be one row or one column.
    `refuse(row, column, value)` (0-based) may name why a matrix cell cannot hold its value.
    """
    tabs = "\t" in text
    plain = _unbracket(text)
    table: list[list[float]] = []
    spans: list[list[tuple[int, int]]] = []
    for match in _ROW.finditer(plain):
        if not match.group().strip():
            continue
        r = len(table) + 1
        values = []
        cells = _cells(match.group(), match.start(), tabs)
        for c, (cell, start, end) in enumerate(cells, 1):
            if not cell:
                raise BlockError(f"row {r}, column {c} is empty: give a number", r, c, (start, max(end, start + 1)))
            try:
                values.append(parse_number(cell))
            except ValueError as error:
                raise BlockError(f"row {r}, column {c}: {error}", r, c, (start, end)) from None
        if table and len(values) != len(table[0]):
            raise BlockError(f"row {r} has {_count(len(values), 'value')} but row 1 has {len(table[0])}: "
                             "give every row the same number of values", r, None,
                             (match.start(), match.end()))
        table.append(values)
        spans.append([(start, end) for _, start, end in cells])
    if not table:
        raise BlockError("type or paste the numbers, e.g. 0 1; 1 1; 1 0")
    array = np.array(table, dtype=np.float64)
    if vector:
        if array.shape[0] == 1 or array.shape[1] == 1:
            array = array.reshape(-1)
        if rows is not None and array.shape != (rows,):
            raise BlockError(_mismatch(array.shape, expected or f"expected {_count(rows, 'value')}", text))
        return array
    if (rows is not None and array.shape[0] != rows) or (columns is not None and array.shape[1] != columns):
        raise BlockError(_mismatch(array.shape, expected or f"expected {_count(rows, 'row')} of {columns}", text))
    for (r, c), value in np.ndenumerate(array) if refuse is not None else ():
        reason = refuse(r, c, float(value))
        if reason:
            raise BlockError(f"row {r + 1}, column {c + 1}: {reason}", r + 1, c + 1, spans[r][c])
    return array


def _mismatch(shape: tuple, expected: str, text: str) -> str:
    given = f"{_count(shape[0], 'value')}" if len(shape) == 1 else f"{_count(shape[0], 'row')} of {shape[1]}"
    hint = " (a comma separates two values: write 0.5 with a point)" if "," in text and "\t" not in text else ""
    return f"{expected}; you gave {given}{hint}"


def cell_text(value: float) -> str:
    """A short text that reads back as exactly this float64: 1 rather than 1.0, -0 for a negative zero."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return ("-0" if np.signbit(value) else "0") if value == 0 else str(int(value))
    return repr(value)


def block_text(array) -> str:
    """The text of a block, one row per line and cells separated by spaces, exact to the last bit."""
    array = np.asarray(array, dtype=np.float64)
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    return "\n".join(" ".join(cell_text(v) for v in row) for row in array)
