"""The forward and backward pass over a whole batch in float64: every z, a, f'(z), dL/da, delta and gradient.

Checked against finite differences and hand calculations in tests/. compute() runs the pass that
plan.py writes out once per network structure, the straight-line pass of tests/straight_engine.py
bit for bit with the fewest numpy calls. The pass keeps what backpropagation computes anyway; larger
things a derivation needs (dL/dx, per-sample gradient contributions, the output's dL/dyhat where the
loss is fused with its activation) are made on demand by the Result, never inside compute().
"""
import numpy as np

from .activations import activate
from .errors import NetworkError
from .losses import Loss, check_loss_fits, per_sample_loss
from .network import Network
from .plan import plan_for
from .results import LayerResult, Result  # noqa: F401  (imported from here by other modules)



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
        check_finite(name, table)
    check_targets(network, loss, targets)


def check_finite(name: str, table: np.ndarray, first_row: int = 0) -> None:
    """Raise NetworkError naming the first non-finite number of a data table (rows from `first_row`)."""
    bad = np.argwhere(~np.isfinite(table))
    if bad.size:
        row, col = bad[0]
        raise NetworkError(f"{name} row {first_row + row + 1}, column {col + 1} is {table[row, col]}: "
                           "every input and target must be a finite number")


def check_targets(network: Network, loss: Loss, targets: np.ndarray) -> None:
    """Raise NetworkError if the loss does not fit the output activation or these targets."""
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
    The numpy calls are planned once per network structure (see plan.py).
    """
    return plan_for(network, loss, inputs).run(network, loss, inputs, targets)


def forward_loss(network: Network, loss: Loss, inputs: np.ndarray, targets: np.ndarray) -> float:
    """The reduced loss of a forward pass only (a validation set's loss); equal to compute(...).loss."""
    z, a = forward(network, inputs)[-1]
    losses = per_sample_loss(loss, z, a, targets)
    return float(losses.sum() / losses.shape[0]) if loss.reduction == "mean" else float(losses.sum())


def all_finite(arrays: list[np.ndarray]) -> bool:
    """True when every number in these arrays is finite (Trainer.step has a one-call test of its own)."""
    return all(np.isfinite(a).all() for a in arrays)


def gradients(result: Result) -> list[np.ndarray]:
    """Every weight gradient, then every bias gradient (of the layers that have a bias)."""
    return ([r.grad_weights for r in result.layers]
            + [r.grad_biases for r in result.layers if r.grad_biases is not None])
