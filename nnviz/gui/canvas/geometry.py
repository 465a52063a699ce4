"""Index arithmetic and geometry of all neurons and edges, as numpy arrays built once per structure.

Neurons are numbered column by column (inputs first); edges layer by layer in the row-major order of
the weight matrices, so edge k of layer l is weights[l].ravel()[k - edge_offsets[l]]. Hit-testing
is a vectorised point-to-segment distance, fast enough for 10,000 edges on every click.
"""
import numpy as np
from PySide6.QtCore import QLineF

from ..selection import EdgeRef, NeuronRef


class Geometry:
    """Neuron positions, edge endpoints and the QLineF of every edge, kept in step when neurons move."""

    def __init__(self, sizes: list[int], positions: np.ndarray):
        self.sizes = list(sizes)
        self.neuron_offsets = np.concatenate([[0], np.cumsum(self.sizes)]).astype(int)
        self.neuron_count = int(self.neuron_offsets[-1])
        self.column = np.repeat(np.arange(len(self.sizes)), self.sizes)
        self.index = np.concatenate([np.arange(n) for n in self.sizes])
        per_layer = [a * b for a, b in zip(self.sizes[:-1], self.sizes[1:])]
        self.edge_offsets = np.concatenate([[0], np.cumsum(per_layer)]).astype(int)
        self.edge_count = int(self.edge_offsets[-1])
        layer, src, dst, ii, jj = [], [], [], [], []
        for l, (n_prev, n) in enumerate(zip(self.sizes[:-1], self.sizes[1:])):
            i = np.repeat(np.arange(n), n_prev)
            j = np.tile(np.arange(n_prev), n)
            layer.append(np.full(n * n_prev, l))
            ii.append(i)
            jj.append(j)
            src.append(self.neuron_offsets[l] + j)
            dst.append(self.neuron_offsets[l + 1] + i)
        self.edge_layer = np.concatenate(layer).astype(int)
        self.edge_i = np.concatenate(ii).astype(int)
        self.edge_j = np.concatenate(jj).astype(int)
        self.src = np.concatenate(src).astype(int)
        self.dst = np.concatenate(dst).astype(int)
        self.positions = np.array(positions, dtype=float).reshape(self.neuron_count, 2)
        self.lines: list[QLineF] = []
        self._build_lines()

    # ----- indices ---------------------------------------------------------------------------------
    def neuron_index(self, ref: NeuronRef) -> int | None:
        if 0 <= ref.column < len(self.sizes) and 0 <= ref.index < self.sizes[ref.column]:
            return int(self.neuron_offsets[ref.column] + ref.index)
        return None

    def neuron_ref(self, k: int) -> NeuronRef:
        return NeuronRef(int(self.column[k]), int(self.index[k]))

    def edge_index(self, ref: EdgeRef) -> int | None:
        l = ref.layer
        if 0 <= l < len(self.sizes) - 1 and 0 <= ref.i < self.sizes[l + 1] and 0 <= ref.j < self.sizes[l]:
            return int(self.edge_offsets[l] + ref.i * self.sizes[l] + ref.j)
        return None

    def edge_ref(self, k: int) -> EdgeRef:
        return EdgeRef(int(self.edge_layer[k]), int(self.edge_i[k]), int(self.edge_j[k]))

    # ----- geometry --------------------------------------------------------------------------------
    @property
    def p1(self) -> np.ndarray:
        return self.positions[self.src]

    @property
    def p2(self) -> np.ndarray:
        return self.positions[self.dst]

    def _build_lines(self) -> None:
        coords = np.hstack([self.p1, self.p2]).tolist()
        self.lines = [QLineF(x1, y1, x2, y2) for x1, y1, x2, y2 in coords]

    def set_positions(self, positions: np.ndarray) -> None:
        self.positions = np.array(positions, dtype=float).reshape(self.neuron_count, 2)
        self._build_lines()

    def move_neuron(self, k: int, x: float, y: float) -> None:
        """Move one neuron and re-make only the lines of its edges."""
        self.positions[k] = (x, y)
        touched = np.flatnonzero((self.src == k) | (self.dst == k))
        p1, p2 = self.p1[touched], self.p2[touched]
        for e, (x1, y1), (x2, y2) in zip(touched.tolist(), p1.tolist(), p2.tolist()):
            self.lines[e] = QLineF(x1, y1, x2, y2)

    def bounds(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the neuron centres."""
        lo, hi = self.positions.min(axis=0), self.positions.max(axis=0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    # ----- hit-testing -----------------------------------------------------------------------------
    def neuron_at(self, x: float, y: float, radius: float) -> int | None:
        d2 = ((self.positions - (x, y)) ** 2).sum(axis=1)
        k = int(np.argmin(d2))
        return k if d2[k] <= radius * radius else None

    def edge_at(self, x: float, y: float, tolerance: float) -> int | None:
        """The edge nearest to (x, y) if it is within `tolerance`; ties go to the later-drawn edge."""
        if self.edge_count == 0:
            return None
        a, b = self.p1, self.p2
        d = b - a
        length2 = (d * d).sum(axis=1)
        p = np.array([x, y])
        t = np.clip(((p - a) * d).sum(axis=1) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
        nearest = a + t[:, None] * d
        dist2 = ((nearest - p) ** 2).sum(axis=1)
        k = int(np.argmin(dist2))
        return k if dist2[k] <= tolerance * tolerance else None
