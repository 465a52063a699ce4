"""The last SGD step, kept so any weight or bias can show its value before, its gradient and its value after.

The arrays are the trainer's own: a step replaces the network's arrays with new ones (core
training.updated_parameters), so the arrays held here still hold the numbers before the step.
"""
from dataclasses import dataclass

import numpy as np

from nnviz.core import Result
from nnviz.gui.selection import EdgeRef, NeuronRef


@dataclass(frozen=True)
class ParameterStep:
    """One parameter's update θ_after = θ_before − η · ∂L/∂θ."""

    kind: str  # "weight" or "bias"
    layer: int  # index into network.layers
    indices: tuple[int, ...]  # (i, j) of a weight, (i,) of a bias, 0-based
    before: float
    gradient: float
    after: float
    learning_rate: float
    full_batch: bool  # False: a mini-batch step, whose gradient is the batch's (not the whole data's)
    trained: bool  # False: a removed edge or a switched-off bias, which SGD leaves alone


@dataclass
class LastStep:
    """Parameters before and after one step, and the full-batch pass whose gradient it followed."""

    step: int  # the step counter after this step
    learning_rate: float
    weights_before: list[np.ndarray]
    biases_before: list[np.ndarray]
    weights_after: list[np.ndarray]
    biases_after: list[np.ndarray]
    gradient: Result  # the pass the step followed: the mini-batch's, or the whole data's
    full_batch: bool
    masks: list[np.ndarray | None]
    bias_enabled: list[bool]

    def parameter(self, ref) -> ParameterStep | None:
        """The selected edge's weight or the selected neuron's bias; None for an input or nothing."""
        if isinstance(ref, EdgeRef):
            l, key, kind = ref.layer, (ref.i, ref.j), "weight"
            if not (0 <= l < len(self.weights_after) and ref.i < self.weights_after[l].shape[0]
                    and ref.j < self.weights_after[l].shape[1]):
                return None
            before, after = self.weights_before[l][key], self.weights_after[l][key]
            grad = self.gradient.layers[l].grad_weights[key]
            mask = self.masks[l]
            trained = mask is None or bool(mask[key])
        elif isinstance(ref, NeuronRef) and ref.layer is not None:
            l, key, kind = ref.layer, (ref.index,), "bias"
            if not (0 <= l < len(self.biases_after) and ref.index < self.biases_after[l].shape[0]):
                return None
            before, after = self.biases_before[l][key], self.biases_after[l][key]
            trained = self.bias_enabled[l]
            grads = self.gradient.layers[l].grad_biases
            grad = 0.0 if grads is None else grads[key]
        else:
            return None
        return ParameterStep(kind, l, key, float(before), float(grad), float(after), self.learning_rate,
                             self.full_batch, trained)
