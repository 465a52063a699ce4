"""Stochastic gradient descent: theta <- theta - lr * dL/dtheta, full batch or seeded mini-batches."""
import copy
import math
from dataclasses import dataclass

import numpy as np

from .divergence import starting_loss_problem
from .engine import Result, all_finite, compute
from .network import Network
from .parameters import Parameters
from .plan import plan_for
from .project import Project


class TrainingDiverged(ArithmeticError):
    """A step produced a non-finite loss or weight; the network keeps its last finite state."""


class LossNotFinite(TrainingDiverged):
    """The loss is inf or NaN before any step (the file's own numbers overflow): no step can be taken."""


def updated_parameters(network: Network, result: Result,
                       learning_rate: float) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The weights and biases one SGD step would give, as new arrays; the network is unchanged."""
    weights = [w - learning_rate * r.grad_weights for w, r in zip(network.weights, result.layers)]
    biases = [b if r.grad_biases is None else b - learning_rate * r.grad_biases
              for b, r in zip(network.biases, result.layers)]
    return weights, biases


def apply_gradients(network: Network, result: Result, learning_rate: float) -> None:
    """One SGD update of every weight and (enabled) bias from a computed pass."""
    network.weights[:], network.biases[:] = updated_parameters(network, result, learning_rate)


@dataclass(frozen=True)
class PlannedStep:
    """The next SGD step, worked out before it is taken (to show it stage by stage)."""

    gradient: Result  # the pass the step follows: over all samples, or over the mini-batch
    batch: np.ndarray | None  # the mini-batch's sample indices, in the pass's row order; None: all samples
    learning_rate: float
    weights: list[np.ndarray]  # after the step
    biases: list[np.ndarray]


class Trainer:
    """Runs SGD steps on a project in place, reproducibly (the seed fixes the mini-batch order).

    `loss` after a step is the loss over all samples, so full-batch training costs one
    forward+backward per step: the pass that gives the new loss also gives the next gradients.
    It therefore owns the project while it runs: after any other edit of the network or data,
    make a new Trainer, or the next full-batch step would use the gradients from before the edit.
    """

    def __init__(self, project: Project):
        project.check()
        self.project = project
        self.steps_done = 0
        self._rng = np.random.default_rng(project.training.seed)
        self._order = np.arange(0)
        self._cursor = 0
        self.result = self._full_pass()
        self._theta: Parameters | None = None  # the arrays the last step made (views of one flat array)
        self._plan = None  # the plan of the steps that started from those arrays
        self._block, self._row, self._rows = (), 0, 0  # the plan's step_block, its next unused row, its rows
        self._rate_value, self._rate_array = None, None
        self.gradient: Result | None = None  # the pass the last step followed (a mini-batch's, or the full one)

    @property
    def loss(self) -> float:
        return self.result.loss

    def _full_pass(self) -> Result:
        p = self.project
        return compute(p.network, p.loss, p.inputs, p.targets)

    def _gradient(self, rng: np.random.Generator) -> tuple[Result, np.ndarray | None, tuple | None]:
        """The pass the next step follows, its mini-batch (None: all samples) and the (order, cursor) after
        it; a new epoch's order is drawn from `rng`."""
        p = self.project
        size = p.training.batch_size
        if size is None or size >= p.sample_count:
            return self.result, None, None
        order, cursor = self._order, self._cursor
        if cursor >= len(order):
            order, cursor = rng.permutation(p.sample_count), 0
        idx = order[cursor:cursor + size]
        return compute(p.network, p.loss, p.inputs[idx], p.targets[idx]), idx, (order, cursor + size)

    def _check_start(self) -> None:
        if not math.isfinite(self.result.loss):
            raise LossNotFinite(starting_loss_problem(self.project, self.result))

    def preview(self) -> PlannedStep:
        """The next step's pass and the weights and biases it gives, without taking it: step() then gives
        exactly these. Raises LossNotFinite like step()."""
        self._check_start()
        grads, batch, _ = self._gradient(copy.deepcopy(self._rng))
        lr = self.project.training.learning_rate
        weights, biases = updated_parameters(self.project.network, grads, lr)
        return PlannedStep(grads, batch, lr, weights, biases)

    def step(self) -> float:
        """One SGD step; returns the loss over all samples afterwards.

        Raises TrainingDiverged (leaving the network as it was before the step) when the step
        would make a weight, bias or the loss non-finite, and LossNotFinite, saying why, when the
        loss is not finite to begin with (a learning rate is not to blame then).
        """
        grads = self.result
        if not math.isfinite(grads.loss):  # tested here first: on a 3-2-2-1 net each call is 3% of a step
            self._check_start()
        p = self.project
        size = p.training.batch_size
        if size is not None and size < len(p.inputs):
            grads, _, (self._order, self._cursor) = self._gradient(self._rng)
        net, theta, plan = p.network, self._theta, self._plan
        if plan is None or not theta.held_by(net):  # the first step, a new structure, or arrays put in from outside
            plan, theta = self._start(net)
        rate = p.training.learning_rate
        if rate != self._rate_value:
            self._rate_value, self._rate_array = rate, np.full((), rate, dtype=np.float64)
        gradient = grads.flat_gradient  # a Trainer pass's own flat array (gradient_of's fast case, inline), or None
        row = self._row
        if row == self._rows:
            self._block, self._rows, row = plan.step_block(), plan.block_rows, 0
        self._row = row + 1  # a row is never used twice: the arrays of earlier steps keep their numbers
        result, flat, weights, biases = plan.run_step(net, p.loss, p.inputs, p.targets, theta.flat,
                                                      theta.gradient_of(grads) if gradient is None else gradient,
                                                      self._rate_array, self._block, row)
        new = Parameters(flat, weights, biases, theta.kept_finite)
        # one test of the new parameters and gradients together costs less than two
        if not (math.isfinite(result.loss) and new.finite_with(result.flat_gradient)):
            raise self._diverged("loss" if all_finite(weights + biases) else "weights")
        net.weights[:], net.biases[:] = weights, biases  # only finite ones: the network keeps the last
        self.result, self.gradient, self._theta = result, grads, new
        self.steps_done += 1
        return result.loss

    def _start(self, net: Network) -> tuple:
        """The plan and flat parameters for steps from the network's current arrays."""
        ours = self._theta is not None and self._theta.held_by(net)
        plan = plan_for(net, self.project.loss, self.project.inputs, weights_contiguous=ours)
        self._plan = plan if ours else None  # the structure of this Trainer's own arrays: kept for the next steps
        self._block, self._row, self._rows = (), 0, 0
        return plan, (self._theta if ours else Parameters.of(net, plan.layout))

    def _diverged(self, what: str) -> TrainingDiverged:
        return TrainingDiverged(
            f"step {self.steps_done + 1} with learning rate {self.project.training.learning_rate:g} made the "
            f"{what} non-finite (overflow); the network keeps its last finite weights. "
            "Try a smaller learning rate.")

    def run(self, steps: int) -> list[float]:
        """The loss before the first step and after each of `steps` steps (steps + 1 values)."""
        losses = [self.loss]
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported as TrainingDiverged
            for _ in range(steps):
                losses.append(self.step())
        return losses
