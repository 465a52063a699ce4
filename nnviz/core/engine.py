"""The forward and backward pass over a whole batch in float64: every z, a, f'(z), dL/da, delta and gradient.

Readable in one sitting, checked against finite differences and hand calculations in tests/. The pass
keeps what backpropagation computes anyway; larger things a derivation needs (per-sample gradient
contributions, the output's dL/dyhat where the loss is fused with its activation) are made on demand
by the Result's methods, never inside compute().
"""
from dataclasses import dataclass

import numpy as np

from .activations import activate, derivative
from .errors import NetworkError
from .losses import Loss, check_loss_fits, fused_output, output_terms, per_sample_loss
from .network import Network

_FLOAT64 = np.dtype(np.float64)


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
    layers: list[LayerResult]
    grad_inputs: np.ndarray  # dL/dx, m x n_in
    loss_fn: Loss | None = None
    fused: str | None = None  # "softmax_cross_entropy" or "sigmoid_bce": the output delta is (yhat - y)[/n_out]

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


def check(network: Network, loss: Loss, inputs: np.ndarray, targets: np.ndarray) -> None:
    """Raise NetworkError saying what to change if this network, loss and data cannot be computed."""
    network.validate()
    if inputs.ndim != 2 or targets.ndim != 2:
        raise NetworkError(f"inputs and targets must be tables with one row per sample (they have "
                           f"{inputs.ndim} and {targets.ndim} dimensions): give them as m x n arrays")
    if inputs.shape[1] != network.input_size:
        raise NetworkError(f"inputs have {inputs.shape[1]} columns but the network "
                           f"has {network.input_size} inputs: change the number of input columns or of "
                           "network inputs so they match")
    if targets.shape[1] != network.output_size:
        raise NetworkError(f"targets have {targets.shape[1]} columns but the network "
                           f"has {network.output_size} outputs: change the number of target columns or of "
                           "output neurons so they match")
    if inputs.shape[0] != targets.shape[0]:
        raise NetworkError(f"{inputs.shape[0]} input rows but {targets.shape[0]} target rows: "
                           "give inputs and targets the same number of samples (rows)")
    if inputs.shape[0] < 1:
        raise NetworkError("the data needs at least one sample: add a row of inputs and targets")
    for name, table in (("inputs", inputs), ("targets", targets)):
        bad = np.argwhere(~np.isfinite(table))
        if bad.size:
            row, col = bad[0]
            raise NetworkError(f"{name} row {row + 1}, column {col + 1} is {table[row, col]}: "
                               "every input and target must be a finite number")
    problems = check_loss_fits(loss, network.layers[-1].activation, targets)
    if problems:
        raise NetworkError(problems[0])


def forward(network: Network, inputs: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(z, a) of every layer for a batch of inputs (m x n_in)."""
    a = inputs
    out = []
    for layer, w, b, mask in zip(network.layers, network.weights, network.biases, network.masks):
        z = a @ (w if mask is None else w * mask).T
        if layer.bias:
            z = z + b
        a = activate(layer.activation, z)
        out.append((z, a))
    return out


def compute(network: Network, loss: Loss, inputs: np.ndarray, targets: np.ndarray) -> Result:
    """Forward pass, loss, and backpropagation for all m samples at once.

    delta_L = dL/dz_L from the loss (including 1/m for a mean reduction);
    dL/da_l = delta_(l+1) W_(l+1); delta_l = dL/da_l * f_l'(z_l); dL/dW_l = delta_l^T a_(l-1);
    dL/db_l = sum over samples. Call check() first: this hot path assumes a valid network and data.
    """
    layers = network.layers
    passes = forward(network, inputs)
    z_out, a_out = passes[-1]
    out_activation = layers[-1].activation
    sample_losses = per_sample_loss(loss, z_out, a_out, targets)
    grad_a, fprime, delta = output_terms(loss, out_activation, z_out, a_out, targets)
    m = inputs.shape[0]
    if loss.reduction == "mean":
        value = float(sample_losses.sum() / m)
        delta = delta / m
        if grad_a is not None:
            grad_a = grad_a / m
    else:
        value = float(sample_losses.sum())

    results: list[LayerResult] = [None] * len(layers)  # type: ignore[list-item]
    last = len(layers) - 1
    for l in range(last, -1, -1):
        z, a = passes[l]
        activation = layers[l].activation
        if l < last:
            fprime = derivative(activation, z, a)
            delta = grad_a if fprime is None else grad_a * fprime
        a_prev = passes[l - 1][1] if l > 0 else inputs
        grad_w = delta.T @ a_prev
        mask = network.masks[l]
        if mask is not None:
            grad_w = grad_w * mask
        grad_b = delta.sum(axis=0) if layers[l].bias else None
        results[l] = LayerResult(z, a, delta, grad_w, grad_b, activation, fprime, grad_a)
        w = network.weights[l] if mask is None else network.weights[l] * mask
        grad_a = delta @ w  # dL/da_(l-1)
    return Result(value, sample_losses, inputs, targets, results, grad_a, loss,
                  fused_output(loss, out_activation))


def forward_loss(network: Network, loss: Loss, inputs: np.ndarray, targets: np.ndarray) -> float:
    """The reduced loss of a forward pass only (a validation set's loss); equal to compute(...).loss."""
    z, a = forward(network, inputs)[-1]
    losses = per_sample_loss(loss, z, a, targets)
    return float(losses.sum() / losses.shape[0]) if loss.reduction == "mean" else float(losses.sum())


def all_finite(arrays: list[np.ndarray]) -> bool:
    """True when every number in these arrays is finite.

    The arrays' bytes are joined and tested in one go: for a dozen tiny arrays this costs about half
    of np.concatenate and a third of one test per array.
    """
    data = b"".join([(a if a.dtype is _FLOAT64 else a.astype(_FLOAT64)).tobytes() for a in arrays])
    flat = np.frombuffer(data)
    return np.count_nonzero(np.isfinite(flat)) == flat.size


def gradients(result: Result) -> list[np.ndarray]:
    """Every weight gradient, then every bias gradient (of the layers that have a bias)."""
    return ([r.grad_weights for r in result.layers]
            + [r.grad_biases for r in result.layers if r.grad_biases is not None])
