"""The chain rule along every path: ∂L/∂w as a sum, over the paths from the weight to the loss, of products.

For one sample s, a path from unit i of layer l up to output unit k contributes
∂lₛ/∂z⁽ᴸ⁾ₖ · w · f'(z) · … · w · f'(z⁽ˡ⁾ᵢ) · a⁽ˡ⁻¹⁾ⱼ (the last factor only for a weight), where lₛ is
the per-sample loss (fused ŷ − y for softmax + cross-entropy, (ŷ − y)/K for sigmoid + bce). The
gradient is Σₛ of the paths' sum, times 1/m for a mean; the 1/m is never folded into a factor.

Path counts grow as a product of layer widths, so nothing here enumerates more than `max_paths`:
beyond that, the largest paths by magnitude are found by a best-k search over the layers.
"""
import heapq
from dataclasses import dataclass

import numpy as np

from .engine import Result
from .losses import output_terms
from .notation import LOSS, Name, Namer
from .quantities import Quantity

DEFAULT_MAX_PATHS = 64


@dataclass(frozen=True)
class Factor:
    """One factor of a path: its name, value and where it lives (("unit", l, i) or ("edge", l, i, j), 1-based)."""

    name: Name
    value: float
    ref: tuple
    role: str  # "output" (∂lₛ/∂z⁽ᴸ⁾), "weight", "fprime" or "source" (a⁽ˡ⁻¹⁾ⱼ or xⱼ)


@dataclass(frozen=True)
class Path:
    units: tuple[tuple[int, int], ...]  # (layer, unit), 1-based, from the parameter's unit to an output unit
    factors: tuple[Factor, ...]
    product: float


@dataclass(frozen=True)
class SamplePaths:
    sample: int  # 1-based
    total: float  # the sum over every path (listed or not) for this sample, before any 1/m
    paths: tuple[Path, ...]  # all paths, or the largest by magnitude when there are too many


@dataclass(frozen=True)
class PathForm:
    """The path-form derivation of one parameter's gradient."""

    parameter: Quantity  # kind "w" or "b"
    gradient: float  # the engine's ∂L/∂θ
    reduction: str
    m: int
    path_count: int  # every path through present edges, zero products included
    samples: tuple[SamplePaths, ...]

    @property
    def complete(self) -> bool:
        """True when every path is listed (not only the largest)."""
        return all(len(s.paths) == self.path_count for s in self.samples)

    def to_json(self) -> dict:
        """The `nnviz explain --json` object."""
        return {"parameter": self.parameter.canonical(), "gradient": _plain(self.gradient),
                "reduction": self.reduction, "m": self.m, "path_count": self.path_count,
                "samples": [{"sample": s.sample, "total": _plain(s.total),
                             "paths": [{"units": [list(u) for u in p.units],
                                        "factors": [{"name": f.name.unicode, "value": _plain(f.value)}
                                                    for f in p.factors],
                                        "product": _plain(p.product)} for p in s.paths]}
                            for s in self.samples]}


def _plain(value: float):
    value = float(value)
    return value if np.isfinite(value) else None


class PathFinder:
    """Counts, lists and ranks the paths from any unit to the outputs of one network and pass."""

    def __init__(self, project, result: Result, namer: Namer):
        self.project, self.result, self.namer = project, result, namer
        net = project.network
        self.sizes = net.sizes()
        self.last = len(self.sizes) - 1
        self.present = [np.ones(w.shape, bool) if m is None else m.astype(bool)
                        for w, m in zip(net.weights, net.masks)]
        last = result.layers[-1]
        self.output_delta = output_terms(project.loss, last.activation, last.z, last.a, result.targets)[2]
        self._counts = self._count_paths()

    def _count_paths(self) -> list[list[int]]:
        """counts[l][i]: paths from unit i (0-based) of layer l (1-based) to the outputs, as exact ints."""
        counts = [[0] * n for n in self.sizes]
        counts[self.last] = [1] * self.sizes[self.last]
        for l in range(self.last - 1, 0, -1):
            present = self.present[l]  # weights into layer l + 1 (0-based l), shape (n_(l+1), n_l)
            for u in range(self.sizes[l]):
                counts[l][u] = sum(counts[l + 1][k] for k in np.flatnonzero(present[:, u]).tolist())
        return counts

    def count(self, layer: int, unit: int) -> int:
        """Paths from unit `unit` (1-based) of layer `layer` (1-based) to the outputs."""
        return self._counts[layer][unit - 1]

    # ----- factors ----------------------------------------------------------------------------------
    def _output_factor(self, s: int, k: int) -> Factor:
        n = self.namer
        loss = LOSS if self.project.sample_count == 1 else n.sample_loss(s + 1)
        return Factor(n.grad(n.z(self.last, k + 1), loss), float(self.output_delta[s, k]),
                      ("unit", self.last, k + 1), "output")

    def _hop(self, s: int, upper: int, k: int, u: int) -> tuple[Factor, Factor]:
        """w into unit k of layer `upper` from unit u of layer upper − 1, and f'(z) of that lower unit."""
        n, r = self.namer, self.result
        lower = upper - 1
        w = Factor(n.w(upper, k + 1, u + 1), float(self.project.network.weights[upper - 1][k, u]),
                   ("edge", upper, k + 1, u + 1), "weight")
        activation = r.layers[lower - 1].activation
        f = Factor(n.fprime(lower, u + 1, activation), float(r.fprime(lower - 1)[s, u]), ("unit", lower, u + 1),
                   "fprime")
        return w, f

    def _source(self, s: int, q: Quantity) -> Factor | None:
        if q.kind != "w":
            return None
        value = float(self.result.source(q.layer - 1)[s, q.j - 1])
        return Factor(self.namer.a(q.layer - 1, q.j), value, ("unit", q.layer - 1, q.j), "source")

    def _path(self, s: int, q: Quantity, chain: list[int]) -> Path:
        """The path from unit q.i of layer q.layer through `chain` (0-based units of layers q.layer+1..L)."""
        units = [q.i - 1] + chain
        layers = list(range(q.layer, self.last + 1))
        factors = [self._output_factor(s, units[-1])]
        for pos in range(len(units) - 1, 0, -1):
            factors += self._hop(s, layers[pos], units[pos], units[pos - 1])
        source = self._source(s, q)
        if source is not None:
            factors.append(source)
        product = 1.0
        for f in factors:
            product *= f.value
        return Path(tuple((layer, unit + 1) for layer, unit in zip(layers, units)), tuple(factors), product)

    # ----- listing ------------------------------------------------------------------------------------
    def _all_chains(self, layer: int, unit: int):
        """Every chain of 0-based units above (layer, unit) up to an output unit, in natural order."""
        if layer == self.last:
            yield []
            return
        for k in np.flatnonzero(self.present[layer][:, unit]).tolist():
            for rest in self._all_chains(layer + 1, k):
                yield [k] + rest

    def _largest_chains(self, s: int, layer: int, unit: int, limit: int) -> list[list[int]]:
        """The `limit` chains above (layer, unit) with the largest |product| for sample s (best-k search)."""
        r = self.result
        best: dict[int, list[tuple[float, list[int]]]] = {
            k: [(abs(float(self.output_delta[s, k])), [])] for k in range(self.sizes[self.last])}
        for upper in range(self.last, layer, -1):  # build the best chains of the units of layer upper − 1
            lower = upper - 1
            w = np.abs(self.project.network.weights[upper - 1])
            fprime = np.abs(r.fprime(lower - 1)[s])
            units = range(self.sizes[lower]) if lower > layer else [unit]
            new: dict[int, list[tuple[float, list[int]]]] = {}
            for u in units:
                candidates = []
                for k in np.flatnonzero(self.present[upper - 1][:, u]).tolist():
                    factor = float(w[k, u] * fprime[u])
                    candidates += [(factor * value, [k] + chain) for value, chain in best[k]]
                new[u] = heapq.nlargest(limit, candidates, key=lambda item: item[0])
            best = new
        return [chain for _, chain in best[unit]]

    def path_form(self, q: Quantity, max_paths: int = DEFAULT_MAX_PATHS, sample: int | None = None,
                  totals: np.ndarray | None = None) -> PathForm:
        """The path form of parameter q ("w" or "b") for every sample, or only `sample` (1-based).

        `totals` (m,) are the per-sample sums used when not every path is listed: the unreduced
        per-sample contributions δₛ,ᵢ · aₛ,ⱼ from the engine.
        """
        count = self.count(q.layer, q.i)
        samples = range(self.project.sample_count) if sample is None else [sample - 1]
        out = []
        for s in samples:
            if count <= max_paths:
                paths = [self._path(s, q, chain) for chain in self._all_chains(q.layer, q.i - 1)]
                total = 0.0
                for p in paths:
                    total += p.product
            else:
                paths = [self._path(s, q, chain) for chain in self._largest_chains(s, q.layer, q.i - 1, max_paths)]
                total = float(totals[s]) if totals is not None else float("nan")
            out.append(SamplePaths(s + 1, total, tuple(paths)))
        layer = self.result.layers[q.layer - 1]
        gradient = float(layer.grad_weights[q.i - 1, q.j - 1] if q.kind == "w" else layer.grad_biases[q.i - 1])
        return PathForm(q, gradient, self.project.loss.reduction, self.project.sample_count, count, tuple(out))
