"""What one forward and backward pass produced: every layer's numbers, and what derivations make from them."""
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .activations import derivative
from .losses import Loss


@dataclass
class LayerResult:
    """One layer's numbers: z, a, f'(z), dL/da and delta = dL/dz are m x size; gradients shaped like W, b.

    `fprime_kept` is None where backprop multiplies by nothing (identity: f'(z) = 1) or where the
    output delta is fused; `grad_a` is None at a fused output. Result.fprime / Result.grad_a fill both in.
    """

    z: np.ndarray
    a: np.ndarray
    delta: np.ndarray
    grad_weights: np.ndarray
    grad_biases: np.ndarray | None  # None when the layer has no bias
    activation: str = "identity"
    fprime_kept: np.ndarray | None = None
    grad_a: np.ndarray | None = None  # dL/da of the reduced loss (includes the 1/m of a mean)


@dataclass
class Result:
    """Everything a forward and backward pass produced, for the whole batch."""

    loss: float
    sample_losses: np.ndarray  # per-sample loss l_s (before the reduction), shape m
    inputs: np.ndarray
    targets: np.ndarray
    layer_numbers: list[tuple]  # per layer, LayerResult's fields in order (see `layers`)
    loss_fn: Loss | None = None
    fused: str | None = None  # "softmax_cross_entropy" or "sigmoid_bce": the output delta is (yhat - y)[/n_out]
    first_weights: np.ndarray | None = field(default=None, repr=False)  # W of layer 1 as the pass used it
    input_product: Callable = field(default=np.matmul, repr=False)  # how delta_1 W_1 is multiplied
    flat_gradient: np.ndarray | None = field(default=None, repr=False)  # a Trainer's pass: every gradient
    _layers: list[LayerResult] | None = field(default=None, init=False, repr=False)
    _grad_inputs: np.ndarray | None = field(default=None, init=False, repr=False)

    @property
    def layers(self) -> list[LayerResult]:
        """One LayerResult per layer, made on first use (a Trainer's own steps never read them)."""
        if self._layers is None:
            self._layers = [LayerResult(*numbers) for numbers in self.layer_numbers]
        return self._layers

    @property
    def grad_inputs(self) -> np.ndarray:
        """dL/dx = delta_1 W_1, m x n_in: made on first use (only derivations read it; it costs a third
        of a large first layer's pass)."""
        if self._grad_inputs is None:
            self._grad_inputs = self.input_product(self.layer_numbers[0][2], self.first_weights)
        return self._grad_inputs

    @property
    def outputs(self) -> np.ndarray:
        return self.layers[-1].a

    @property
    def sample_count(self) -> int:
        return self.inputs.shape[0]

    @property
    def scale(self) -> float:
        """The factor the reduction puts on each per-sample term: 1/m for a mean, 1 for a sum."""
        return 1.0 / self.sample_count if self.loss_fn is not None and self.loss_fn.reduction == "mean" else 1.0

    def source(self, l: int) -> np.ndarray:
        """a of the layer below layer l (the inputs x for l = 0), m x n_(l-1)."""
        return self.inputs if l == 0 else self.layers[l - 1].a

    def fprime(self, l: int) -> np.ndarray | None:
        """f'(z) of layer l (m x size): ones for identity; None for a softmax output, which has none."""
        r = self.layers[l]
        if r.fprime_kept is not None:
            return r.fprime_kept
        if r.activation == "softmax":
            return None
        if r.activation == "identity":
            return np.ones_like(r.z)
        return derivative(r.activation, r.z, r.a)  # the sigmoid of a fused bce output

    def grad_a(self, l: int) -> np.ndarray | None:
        """dL/da of layer l (dL/dyhat at the output) of the reduced loss; None for a softmax output."""
        r = self.layers[l]
        if r.grad_a is not None:
            return r.grad_a
        if r.activation == "softmax" or self.fused is None:
            return None
        y, a = self.targets, r.a  # bce: dl/dyhat = (yhat - y) / (yhat (1 - yhat)) / n_out
        with np.errstate(divide="ignore", invalid="ignore"):
            return (a - y) / (a * (1.0 - a)) / y.shape[1] * self.scale

    def contributions(self, l: int, i: int, j: int | None = None) -> np.ndarray:
        """Each sample's term of ∂L/∂w of layer l's weight (i, j), δₛ,ᵢ aₛ,ⱼ, or of bias i, δₛ,ᵢ (shape m)."""
        delta = self.layers[l].delta[:, i]
        return delta if j is None else delta * self.source(l)[:, j]

    def weight_contributions(self, l: int) -> np.ndarray:
        """delta_s,i a_s,j for every sample s (m x out x in): summed over s they give dL/dW of layer l."""
        return self.layers[l].delta[:, :, None] * self.source(l)[:, None, :]
