"""Checking a student's work step by step: correct, carried from their own earlier numbers, or wrong.

Going through the quantities in computation order, a quantity the student wrote takes their value and
one they did not write is computed from their own values of its inputs. Each written answer is then
- correct: within the tolerance of its digits of the exact value (the engine's);
- carried: not that, but within tolerance of the step recomputed from the student's own inputs;
- wrong: neither. The first wrong answer in computation order is the first wrong step.
A step's inputs are what it is directly computed from (see `Sheet.recompute`); the slips a wrong step
may come from are tried in diagnosis.py.
"""
import math
from dataclasses import dataclass

import numpy as np

from .answers import Answer
from .engine import Result
from .quantities import Quantity, value
from .training import updated_parameters

VERDICTS = ("correct", "carried", "wrong")


@dataclass(frozen=True)
class Mark:
    """The verdict on one written answer."""

    answer: Answer
    verdict: str
    exact: float
    recomputed: float  # the step from the student's own inputs
    diagnosis: str | None = None

    def to_json(self) -> dict:
        return {"name": self.answer.quantity.canonical(), "given": self.answer.written.value,
                "verdict": self.verdict, "exact": _plain(self.exact), "recomputed": _plain(self.recomputed),
                "diagnosis": self.diagnosis}


def _plain(x: float):
    return x if math.isfinite(x) else None


class Sheet:
    """The student's values of every quantity: what they wrote, else computed from their own inputs."""

    def __init__(self, project, result: Result, answers: list[Answer]):
        self.project, self.result = project, result
        self.net = project.network
        self.sizes = self.net.sizes()
        self.last = len(self.sizes) - 1
        self.m = project.sample_count
        self.scale = 1.0 / self.m if project.loss.reduction == "mean" else 1.0
        self.written = {a.quantity: a.written.value for a in answers}
        self.answers = answers
        self._values: dict[Quantity, float] = {}
        self._updated = None

    # ----- values -------------------------------------------------------------------------------------
    def exact(self, q: Quantity) -> float:
        if q.kind.startswith("new") and self._updated is None:
            self._updated = updated_parameters(self.net, self.result, self.project.training.learning_rate)
        return value(q, self.project, self.result, self._updated)

    def v(self, q: Quantity) -> float:
        """The student's value: written, else recomputed from their own inputs (memoised)."""
        if q in self.written:
            return self.written[q]
        cached = self._values.get(q)
        if cached is None:
            cached = self._values[q] = self.recompute(q)
        return cached

    def weight(self, l: int, i: int, j: int) -> float:
        return float(self.net.weights[l - 1][i - 1, j - 1]) if self.net.edge_present(l - 1, i - 1, j - 1) else 0.0

    def bias(self, l: int, i: int) -> float:
        return float(self.net.biases[l - 1][i - 1]) if self.net.layers[l - 1].bias else 0.0

    def source(self, l: int, j: int, s: int) -> float:
        """a of unit j of layer l − 1 for sample s (the input x for l = 1), the student's."""
        return float(self.project.inputs[s - 1, j - 1]) if l == 1 else self.v(Quantity("a", l - 1, j, 0, s))

    def y(self, s: int, k: int) -> float:
        return float(self.project.targets[s - 1, k - 1])

    def activation(self, l: int) -> str:
        return self.net.layers[l - 1].activation

    def fused(self) -> str | None:
        return self.result.fused

    # ----- one step from the student's inputs ---------------------------------------------------------
    def recompute(self, q: Quantity, weight=None) -> float:
        """The step that gives q, from the student's own values of its inputs (`weight(l, i, j)` may
        replace the file's weights, to try a transposed-weight slip); NaN when those values overflow
        Python's float arithmetic (a student's ŷ = 1e200 squared), which no written number matches."""
        try:
            return self._recompute(q, weight)
        except OverflowError:
            return math.nan

    def _recompute(self, q: Quantity, weight=None) -> float:
        w = weight or self.weight
        l, i, j, s = q.layer, q.i, q.j, q.sample
        kind = q.kind
        with np.errstate(all="ignore"):
            if kind == "z":
                total = sum(w(l, i, k) * self.source(l, k, s) for k in range(1, self.sizes[l - 1] + 1))
                return total + self.bias(l, i)
            if kind == "a":
                return self.activate(l, i, s)
            if kind == "loss":
                losses = [self.sample_loss(t) for t in range(1, self.m + 1)]
                return sum(losses) * self.scale
            if kind == "fprime":
                return self.fprime(l, i, s)
            if kind == "grad_a":
                if l == self.last:
                    return self.output_grad(i, s)
                return sum(w(l + 1, k, i) * self.v(Quantity("delta", l + 1, k, 0, s))
                           for k in range(1, self.sizes[l + 1] + 1))
            if kind == "delta":
                if l == self.last and self.fused():
                    return self.fused_delta(i, s)
                return self.v(Quantity("grad_a", l, i, 0, s)) * self.v(Quantity("fprime", l, i, 0, s))
            if kind == "grad_w":
                return sum(self.v(Quantity("delta", l, i, 0, t)) * self.source(l, j, t) for t in range(1, self.m + 1))
            if kind == "grad_b":
                return sum(self.v(Quantity("delta", l, i, 0, t)) for t in range(1, self.m + 1))
            eta = self.project.training.learning_rate
            if kind == "new_w":
                return self.weight(l, i, j) - eta * self.v(Quantity("grad_w", l, i, j))
            if kind == "new_b":
                return self.bias(l, i) - eta * self.v(Quantity("grad_b", l, i))
        raise ValueError(f"{q.canonical()} is not a step of the pass")

    def activate(self, l: int, i: int, s: int, z_of=None) -> float:
        z = z_of or (lambda k: self.v(Quantity("z", l, k, 0, s)))
        name = self.activation(l)
        zi = z(i)
        if name == "identity":
            return zi
        if name == "relu":
            return max(zi, 0.0)
        if name == "sigmoid":
            return 1.0 / (1.0 + math.exp(-zi)) if zi > -700 else 0.0
        if name == "tanh":
            return math.tanh(zi)
        zs = [z(k) for k in range(1, self.sizes[l] + 1)]  # softmax
        top = max(zs)
        return math.exp(zi - top) / sum(math.exp(v - top) for v in zs)

    def fprime(self, l: int, i: int, s: int) -> float:
        """f'(z): from a for sigmoid (a(1 − a)) and tanh (1 − a²), from z for relu and identity."""
        name = self.activation(l)
        if name == "sigmoid":
            a = self.v(Quantity("a", l, i, 0, s))
            return a * (1.0 - a)
        if name == "tanh":
            a = self.v(Quantity("a", l, i, 0, s))
            return 1.0 - a * a
        if name == "relu":
            return 1.0 if self.v(Quantity("z", l, i, 0, s)) > 0 else 0.0
        return 1.0

    def outputs(self, s: int) -> list[float]:
        return [self.v(Quantity("a", self.last, k, 0, s)) for k in range(1, self.sizes[-1] + 1)]

    def sample_loss(self, s: int) -> float:
        """The loss of sample s from the student's ŷ and the targets."""
        yhat, y = self.outputs(s), [self.y(s, k) for k in range(1, self.sizes[-1] + 1)]
        name, K = self.project.loss.name, len(yhat)
        pairs = list(zip(yhat, y))
        if name in ("sse", "half_sse", "mse"):
            total = sum((b - a) ** 2 for a, b in pairs)
            return {"sse": total, "half_sse": 0.5 * total, "mse": total / K}[name]
        if name == "bce":
            return -sum(b * _log(a) + (1 - b) * _log(1 - a) for a, b in pairs) / K
        if name == "cross_entropy":
            return -sum(b * _log(a) for a, b in pairs if b)
        if name == "hinge":
            return sum(max(0.0, 1 - a * b) for a, b in pairs)
        if name == "l1":
            return sum(abs(b - a) for a, b in pairs)
        if name == "huber":
            d = self.project.loss.delta
            return sum(0.5 * (a - b) ** 2 if abs(a - b) <= d else d * (abs(a - b) - 0.5 * d) for a, b in pairs)
        norms = math.sqrt(sum(b * b for _, b in pairs)) * math.sqrt(sum(a * a for a, _ in pairs))  # cosine
        return 1.0 - sum(a * b for a, b in pairs) / max(norms, 1e-12)

    def output_grad(self, k: int, s: int) -> float:
        """∂L/∂ŷₖ from the student's ŷ and y (with the 1/m of a mean)."""
        yhat, y = self.outputs(s), [self.y(s, t) for t in range(1, self.sizes[-1] + 1)]
        a, b, K = yhat[k - 1], y[k - 1], len(yhat)
        name = self.project.loss.name
        if name == "sse":
            g = 2 * (a - b)
        elif name == "half_sse":
            g = a - b
        elif name == "mse":
            g = 2 * (a - b) / K
        elif name == "bce":
            g = (a - b) / (K * a * (1 - a)) if 0 < a < 1 else math.inf
        elif name == "hinge":
            g = -b if a * b < 1 else 0.0
        elif name == "l1":
            g = float(np.sign(a - b))
        elif name == "huber":
            d = self.project.loss.delta
            g = a - b if abs(a - b) <= d else d * float(np.sign(a - b))
        else:  # cosine
            ny = math.sqrt(sum(t * t for t in y))
            na2 = sum(t * t for t in yhat)
            na = math.sqrt(na2)
            cos = sum(p * t for p, t in zip(yhat, y)) / max(ny * na, 1e-12)
            g = -(b / max(ny * na, 1e-12) - cos * a / max(na2, 1e-12))
        return g * self.scale

    def fused_delta(self, k: int, s: int) -> float:
        """The fused output δ from ŷ and y: ŷ Σy − y (softmax + cross-entropy), (ŷ − y)/K (sigmoid + bce)."""
        yhat, y = self.outputs(s), [self.y(s, t) for t in range(1, self.sizes[-1] + 1)]
        if self.fused() == "softmax_cross_entropy":
            return (yhat[k - 1] * sum(y) - y[k - 1]) * self.scale
        return (yhat[k - 1] - y[k - 1]) / len(y) * self.scale


def _log(x: float) -> float:
    return math.log(x) if x > 0 else -math.inf


# ----- marking ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Report:
    marks: list[Mark]  # in the sheet's (file) order
    first_wrong: Mark | None

    @property
    def counts(self) -> dict[str, int]:
        return {verdict: sum(1 for m in self.marks if m.verdict == verdict) for verdict in VERDICTS}

    def to_json(self) -> dict:
        return {"answers": [m.to_json() for m in self.marks],
                "first_wrong": None if self.first_wrong is None else self.first_wrong.answer.quantity.canonical(),
                "counts": self.counts}


def check(project, result: Result, answers: list[Answer], order: dict[Quantity, int],
          sheet: Sheet | None = None) -> Report:
    """Mark every answer; `order` is each quantity's place in computation order (quantities.all_quantities).
    A `sheet` of these answers may be given, to reuse the student's values it works out (a step's derivation)."""
    from .diagnosis import diagnose
    sheet = sheet or Sheet(project, result, answers)
    marks = []
    for answer in answers:
        q, written = answer.quantity, answer.written
        exact = sheet.exact(q)
        recomputed = sheet.recompute(q)
        if written.matches(exact):
            verdict = "correct"
        elif written.matches(recomputed):
            verdict = "carried"
        else:
            verdict = "wrong"
        diagnosis = diagnose(sheet, answer, exact, recomputed) if verdict == "wrong" else None
        marks.append(Mark(answer, verdict, exact, recomputed, diagnosis))
    wrong = [m for m in marks if m.verdict == "wrong"]
    first = min(wrong, key=lambda m: order[m.answer.quantity], default=None)
    return Report(marks, first)
