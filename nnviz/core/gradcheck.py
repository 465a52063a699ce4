"""Gradient check: every parameter's backprop gradient beside a central finite difference of the loss.

(L(θ + h) − L(θ − h)) / 2h with h = eps · max(1, |θ|). The two agree to about 1e-7 relative on smooth
functions; at a kink (ReLU at z = 0, l1, hinge, Huber at |r| = δ) a difference straddling it may not.
"""
from dataclasses import dataclass

import numpy as np

from .engine import compute
from .project import Project
from .quantities import Quantity

DEFAULT_EPS = 1e-6
TOLERANCE = 1e-5  # relative error above which a parameter is flagged


@dataclass(frozen=True)
class Check:
    """One parameter: its gradient from backprop, the finite difference, and their relative error."""

    parameter: Quantity
    analytic: float
    numeric: float

    @property
    def error(self) -> float:
        """|analytic − numeric| / max(|analytic|, |numeric|, 1e-12): 0 when both are 0."""
        scale = max(abs(self.analytic), abs(self.numeric), 1e-12)
        return abs(self.analytic - self.numeric) / scale


@dataclass(frozen=True)
class GradientCheck:
    checks: list[Check]

    @property
    def largest(self) -> Check | None:
        return max(self.checks, key=lambda c: c.error, default=None)

    @property
    def passed(self) -> bool:
        return all(c.error <= TOLERANCE for c in self.checks)

    def to_json(self) -> dict:
        largest = self.largest
        return {"max_relative_error": None if largest is None else largest.error,
                "worst": None if largest is None else largest.parameter.canonical(),
                "tolerance": TOLERANCE, "passed": self.passed,
                "parameters": [{"parameter": c.parameter.canonical(), "analytic": c.analytic, "numeric": c.numeric,
                                "relative_error": c.error} for c in self.checks]}


def parameters(project: Project) -> list[Quantity]:
    """Every trainable parameter: present weights and the biases of layers that have one."""
    net = project.network
    out = []
    for l, (layer, w) in enumerate(zip(net.layers, net.weights)):
        out += [Quantity("w", l + 1, i + 1, j + 1) for i in range(w.shape[0]) for j in range(w.shape[1])
                if net.edge_present(l, i, j)]
        if layer.bias:
            out += [Quantity("b", l + 1, i + 1) for i in range(layer.size)]
    return out


def check_gradients(project: Project, eps: float = DEFAULT_EPS, progress=None) -> GradientCheck:
    """Central differences for every parameter; `progress(done, total)` may return False to stop early."""
    project.check()
    net, loss, x, y = project.network, project.loss, project.inputs, project.targets
    result = compute(net, loss, x, y)
    todo = parameters(project)
    checks = []
    with np.errstate(all="ignore"):
        for count, q in enumerate(todo):
            array = net.weights[q.layer - 1] if q.kind == "w" else net.biases[q.layer - 1]
            index = (q.i - 1, q.j - 1) if q.kind == "w" else (q.i - 1,)
            original = float(array[index])
            h = eps * max(1.0, abs(original))
            try:
                array[index] = original + h
                up = compute(net, loss, x, y).loss
                array[index] = original - h
                down = compute(net, loss, x, y).loss
            finally:
                array[index] = original
            layer = result.layers[q.layer - 1]
            analytic = float(layer.grad_weights[index] if q.kind == "w" else layer.grad_biases[index])
            checks.append(Check(q, analytic, (up - down) / (2 * h)))
            if progress is not None and progress(count + 1, len(todo)) is False:
                break
    return GradientCheck(checks)
