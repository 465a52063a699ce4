"""Which blocks of numbers a user can type at once, how each is laid out, and reading one for a project.

A block is a layer's weight matrix W, a layer's bias vector b, the inputs table or the targets table.
W is printed as the notation prints it: "out_in" rows are the units of the layer (as stored), "in_out"
rows are the units of the layer below (the transpose, as worked example 004 prints W₁ as 3 × 2).
Removed edges stay removed: their cell must hold 0 (a typed non-zero is refused, its place named).
Inputs and targets have one row per sample; giving another number of rows changes the number of samples
(the other table gets rows of 0 or loses its last rows), which `sample_note` spells out.
"""
from dataclasses import dataclass

import numpy as np

from .blocks import BlockError, block_text, parse_block
from .notation import Namer
from .project import Project

KINDS = ("weights", "biases", "inputs", "targets")


@dataclass(frozen=True)
class BlockKey:
    """One block: its kind and, for weights and biases, the 0-based network layer."""

    kind: str
    layer: int | None = None


def block_keys(project: Project) -> list[BlockKey]:
    """Every block in the order they are typed: W⁽¹⁾, b⁽¹⁾, W⁽²⁾, ... (no b of a layer without bias), x, y."""
    keys = []
    for l, layer in enumerate(project.network.layers):
        keys.append(BlockKey("weights", l))
        if layer.bias:
            keys.append(BlockKey("biases", l))
    return keys + [BlockKey("inputs"), BlockKey("targets")]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _units(column: int) -> str:
    """How a column of the network is named in a shape: "inputs", "units of layer 2"."""
    return "inputs" if column == 0 else f"units of layer {column}"


class BlockForm:
    """One block of one project, named in the document's notation: its text, shape and how it is read."""

    def __init__(self, project: Project, namer: Namer, key: BlockKey):
        if key.kind not in KINDS:
            raise ValueError(f'unknown block "{key.kind}" (expected one of {", ".join(KINDS)})')
        self.project, self.namer, self.key = project, namer, key
        self.transposed = key.kind == "weights" and namer.notation.orientation == "in_out"

    # ----- what the block is -------------------------------------------------------------------------
    @property
    def name(self) -> str:
        kind, l, names = self.key.kind, self.key.layer, self.namer
        if kind == "weights":
            return names.W(l + 1).unicode
        if kind == "biases":
            return names.b_vec(l + 1).unicode
        return "x" if kind == "inputs" else "y"

    @property
    def words(self) -> str:
        """The block in words: "weights into layer 1", "inputs of every sample"."""
        kind, l = self.key.kind, self.key.layer
        if kind in ("weights", "biases"):
            return f"{kind} {'into' if kind == 'weights' else 'of'} layer {l + 1}"
        return f"{kind} of every sample"

    @property
    def title(self) -> str:
        """For a list of blocks: "W⁽¹⁾: weights into layer 1"."""
        return f"{self.name}: {self.words}"

    def _axes(self) -> tuple[tuple[str, int], tuple[str, int]]:
        """(meaning, count) of the rows and of the columns."""
        kind, l, sizes = self.key.kind, self.key.layer, self.project.network.sizes()
        m = self.project.sample_count
        if kind == "weights":
            axes = ((_units(l + 1), sizes[l + 1]), (_units(l), sizes[l]))
            return axes[::-1] if self.transposed else axes
        if kind == "biases":
            return (f"units of layer {l + 1}", sizes[l + 1]), ("", 1)
        if kind == "inputs":
            return ("samples", m), (f"inputs {self._range(self.namer.x, sizes[0])}", sizes[0])
        return ("samples", m), (f"targets {self._range(self.namer.y, sizes[-1])}", sizes[-1])

    @staticmethod
    def _range(name, n: int) -> str:
        return name(1).unicode if n == 1 else f"{name(1).unicode}…{name(n).unicode}"

    @property
    def vector(self) -> bool:
        return self.key.kind == "biases"

    @property
    def shape(self) -> tuple[int, int]:
        (_, rows), (_, columns) = self._axes()
        return rows, columns

    def shape_text(self) -> str:
        """Where the numbers go: "rows: units of layer 1 (3), columns: inputs (2)"."""
        (row_what, rows), (column_what, columns) = self._axes()
        if self.vector:
            return f"{_count(rows, 'value')}, one per unit of layer {self.key.layer + 1}, in a row or a column"
        return f"rows: {row_what} ({rows}), columns: {column_what} ({columns})"

    def expected(self) -> str:
        """The start of a shape-mismatch message: "W⁽¹⁾ is 3 × 2 (3 units of layer 1, 2 inputs)"."""
        (row_what, rows), (column_what, columns) = self._axes()
        if self.vector:
            return f"{self.name} has {_count(rows, 'value')} (one per unit of layer {self.key.layer + 1})"
        if self.key.kind in ("inputs", "targets"):
            return f"{self.name} has {columns} column{'' if columns == 1 else 's'} ({column_what})"
        return f"{self.name} is {rows} × {columns} ({rows} {row_what}, {columns} {column_what})"

    # ----- values ------------------------------------------------------------------------------------
    def current(self) -> np.ndarray:
        """The block's values as shown (transposed for an in_out notation)."""
        kind, l, p = self.key.kind, self.key.layer, self.project
        if kind == "weights":
            w = p.network.weights[l]
            return w.T if self.transposed else w
        if kind == "biases":
            return p.network.biases[l]
        return p.inputs if kind == "inputs" else p.targets

    def text(self) -> str:
        """The current values, exact, one row per line."""
        return block_text(self.current())

    def parse(self, text: str) -> np.ndarray:
        """The values of `text` as stored (weights out × in); BlockError names the row, column and why."""
        rows, columns = self.shape
        kind = self.key.kind
        if kind in ("inputs", "targets"):
            return parse_block(text, None, columns, expected=self.expected())
        if kind == "biases":
            return parse_block(text, rows, vector=True, expected=self.expected())
        values = parse_block(text, rows, columns, expected=self.expected(), refuse=self._refuse_removed)
        return values.T.copy() if self.transposed else values

    def _refuse_removed(self, r: int, c: int, value: float) -> str | None:
        i, j = (c, r) if self.transposed else (r, c)
        l = self.key.layer
        if value == 0 or self.project.network.edge_present(l, i, j):
            return None
        return (f"{self.namer.w(l + 1, i + 1, j + 1).unicode} is a removed edge and stays 0; "
                "restore it first (right-click it on the canvas)")

    def sample_note(self, values: np.ndarray) -> str:
        """What giving `values` does to the number of samples ("" when it stays)."""
        m = self.project.sample_count
        if self.key.kind not in ("inputs", "targets") or values.shape[0] == m:
            return ""
        other = "targets" if self.key.kind == "inputs" else "inputs"
        n = values.shape[0]
        change = f"get {_count(n - m, 'new row')} of 0" if n > m else f"lose their last {_count(m - n, 'row')}"
        return f"{_count(n, 'row')}: the data will have {_count(n, 'sample')} (the {other} {change})"

    def data(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(inputs, targets) after giving `values` to the inputs or targets block."""
        p, n = self.project, values.shape[0]
        other = p.targets if self.key.kind == "inputs" else p.inputs
        fitted = other[:n] if other.shape[0] >= n else np.vstack([other, np.zeros((n - other.shape[0],
                                                                                    other.shape[1]))])
        return (values, fitted.copy()) if self.key.kind == "inputs" else (fitted.copy(), values)


__all__ = ["BlockError", "BlockForm", "BlockKey", "block_keys"]
