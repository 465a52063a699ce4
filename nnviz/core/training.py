"""Stochastic gradient descent: theta <- theta - lr * dL/dtheta, full batch or seeded mini-batches."""
import numpy as np

from .engine import Result, compute, is_finite
from .network import Network
from .project import Project


class TrainingDiverged(ArithmeticError):
    """A step produced a non-finite loss or weight; the network keeps its last finite state."""


def apply_gradients(network: Network, result: Result, learning_rate: float) -> None:
    """One SGD update of every weight and (enabled) bias from a computed pass."""
    for l, layer_result in enumerate(result.layers):
        network.weights[l] -= learning_rate * layer_result.grad_weights
        if layer_result.grad_biases is not None:
            network.biases[l] -= learning_rate * layer_result.grad_biases


class Trainer:
    """Runs SGD steps on a project in place, reproducibly (the seed fixes the mini-batch order).

    `loss` after a step is the loss over all samples, so full-batch training costs one
    forward+backward per step: the pass that gives the new loss also gives the next gradients.
    """

    def __init__(self, project: Project):
        project.check()
        self.project = project
        self.steps_done = 0
        self._rng = np.random.default_rng(project.training.seed)
        self._order = np.arange(0)
        self._cursor = 0
        self.result = self._full_pass()

    @property
    def loss(self) -> float:
        return self.result.loss

    def _full_pass(self) -> Result:
        p = self.project
        return compute(p.network, p.loss, p.inputs, p.targets)

    def _next_batch(self, size: int) -> np.ndarray:
        m = self.project.sample_count
        if self._cursor >= len(self._order):
            self._order = self._rng.permutation(m)
            self._cursor = 0
        batch = self._order[self._cursor:self._cursor + size]
        self._cursor += size
        return batch

    def step(self) -> float:
        """One SGD step; returns the loss over all samples afterwards.

        Raises TrainingDiverged (leaving the network as it was before the step) when the step
        would make a weight, bias or the loss non-finite.
        """
        p = self.project
        lr = p.training.learning_rate
        batch_size = p.training.batch_size
        if batch_size is None or batch_size >= p.sample_count:
            grads = self.result
        else:
            idx = self._next_batch(batch_size)
            grads = compute(p.network, p.loss, p.inputs[idx], p.targets[idx])
        before = p.network.copy()
        apply_gradients(p.network, grads, lr)
        result = self._full_pass() if _all_finite(p.network) else None
        if result is None or not is_finite(result):
            p.network.weights, p.network.biases = before.weights, before.biases
            raise TrainingDiverged(
                f"step {self.steps_done + 1} with learning rate {lr:g} made the "
                f"{'loss' if result is not None else 'weights'} non-finite (overflow); "
                "the network keeps its last finite weights. Try a smaller learning rate.")
        self.result = result
        self.steps_done += 1
        return result.loss

    def run(self, steps: int) -> list[float]:
        """The loss before the first step and after each of `steps` steps (steps + 1 values)."""
        losses = [self.loss]
        for _ in range(steps):
            losses.append(self.step())
        return losses


def _all_finite(network: Network) -> bool:
    return all(np.isfinite(w).all() for w in network.weights) and all(np.isfinite(b).all() for b in network.biases)
