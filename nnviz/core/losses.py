"""Loss functions: per-sample values and dL/dz at the output, exactly as derived by hand.

A per-sample loss l(y, yhat) is reduced over the m samples by a sum or a mean. The gradient
returned here is per sample; the engine applies the 1/m of a mean reduction.
"""
from dataclasses import dataclass

import numpy as np

from .activations import derivative, sigmoid
from .errors import NetworkError

DEFAULT_REDUCTION = {
    "sse": "sum",
    "half_sse": "sum",
    "mse": "mean",
    "bce": "mean",
    "cross_entropy": "mean",
    "hinge": "sum",
    "l1": "sum",
    "huber": "sum",
    "cosine": "mean",
}
LOSSES = tuple(DEFAULT_REDUCTION)
REDUCTIONS = ("sum", "mean")
LOSS_LABELS = {
    "sse": "Squared error (SSE / RSS)",
    "half_sse": "Half squared error",
    "mse": "Mean squared error",
    "bce": "Binary cross-entropy",
    "cross_entropy": "Cross-entropy (softmax)",
    "hinge": "Hinge",
    "l1": "L1 (absolute error)",
    "huber": "Huber",
    "cosine": "Cosine distance",
}
_COS_EPS = 1e-12  # guards a zero output vector's length, as PyTorch's cosine_similarity eps does


@dataclass(frozen=True)
class Loss:
    """A loss choice: its name, how samples are reduced, and Huber's delta."""

    name: str = "sse"
    reduction: str | None = None
    delta: float = 1.0

    def __post_init__(self):
        if self.name not in DEFAULT_REDUCTION:
            raise NetworkError(f'unknown loss "{self.name}" (expected one of {", ".join(LOSSES)})')
        if self.reduction is None:
            object.__setattr__(self, "reduction", DEFAULT_REDUCTION[self.name])
        if self.reduction not in REDUCTIONS:
            raise NetworkError(f'unknown reduction "{self.reduction}" (expected sum or mean)')
        if not (self.delta > 0 and np.isfinite(self.delta)):
            raise NetworkError(f"Huber delta must be a positive number, got {self.delta}")


def per_sample_loss(loss: Loss, z: np.ndarray, a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The loss of each sample (shape m) from the output layer's z and a."""
    name = loss.name
    if name == "sse":
        return ((y - a) ** 2).sum(axis=1)
    if name == "half_sse":
        return 0.5 * ((y - a) ** 2).sum(axis=1)
    if name == "mse":
        return ((y - a) ** 2).mean(axis=1)
    if name == "bce":
        # y*softplus(-z) + (1-y)*softplus(z) equals -[y log s(z) + (1-y) log(1-s(z))] without log(0)
        return (y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z)).mean(axis=1)
    if name == "cross_entropy":
        shifted = z - z.max(axis=1, keepdims=True)
        log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return -(y * log_softmax).sum(axis=1)
    if name == "hinge":
        return np.maximum(0.0, 1.0 - y * a).sum(axis=1)
    if name == "l1":
        return np.abs(y - a).sum(axis=1)
    if name == "huber":
        r = np.abs(a - y)
        d = loss.delta
        return np.where(r <= d, 0.5 * r * r, d * (r - 0.5 * d)).sum(axis=1)
    if name == "cosine":
        return 1.0 - _cosine(y, a)
    raise NetworkError(f'unknown loss "{name}"')


def _norms(x: np.ndarray) -> np.ndarray:
    """Each row's length, m x 1, scaled by its largest entry first so 1e-200 or 1e200 neither underflow
    nor overflow when squared (0 for a zero row)."""
    scale = np.abs(x).max(axis=1, keepdims=True)
    safe = np.where(scale > 0, scale, 1.0)
    return scale * np.sqrt(((x / safe) ** 2).sum(axis=1, keepdims=True))


def _cosine_parts(y: np.ndarray, a: np.ndarray):
    """(cos, y/|y|, |a| guarded by eps), each m x 1 or m x n: the unit target times a, over |a|."""
    y_norm = _norms(y)
    y_unit = y / np.where(y_norm > 0, y_norm, 1.0)
    a_len = np.maximum(_norms(a), _COS_EPS)
    cos = (y_unit * a).sum(axis=1, keepdims=True) / a_len
    return cos, y_unit, a_len


def _cosine(y: np.ndarray, a: np.ndarray) -> np.ndarray:
    return _cosine_parts(y, a)[0][:, 0]


def fused_output(loss: Loss, activation: str) -> str | None:
    """"softmax_cross_entropy" or "sigmoid_bce" when dl/dz at the output is computed fused, else None."""
    if loss.name == "cross_entropy":
        return "softmax_cross_entropy"
    if loss.name == "bce":
        return "sigmoid_bce"
    return None


def output_terms(loss: Loss, activation: str, z: np.ndarray, a: np.ndarray,
                 y: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray]:
    """(dl/dyhat, f'(z), dl/dz) at the output for each sample (m x n_out), before the batch reduction.

    For the fused pairs (sigmoid + bce, softmax + cross-entropy) dl/dz is taken from yhat and y
    directly and the first two are None (see fused_output). For identity, f'(z) is None (a factor of 1).
    """
    name = loss.name
    if name == "bce":  # fused with the sigmoid: d/dz of the z-form above
        s = a if activation == "sigmoid" else sigmoid(z)  # a already is sigmoid(z), bit for bit
        return None, None, (s - y) / y.shape[1]
    if name == "cross_entropy":  # fused with the softmax; probability targets need not be one-hot
        return None, None, a * y.sum(axis=1, keepdims=True) - y
    grad_a = _grad_output(loss, a, y)
    fprime = derivative(activation, z, a)
    return grad_a, fprime, (grad_a if fprime is None else grad_a * fprime)


def output_delta(loss: Loss, activation: str, z: np.ndarray, a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dl/dz at the output layer for each sample (m x n_out), before the batch reduction."""
    return output_terms(loss, activation, z, a, y)[2]


def _grad_output(loss: Loss, a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dl/dyhat for the losses that are not fused with their output activation."""
    name = loss.name
    if name == "sse":
        return 2.0 * (a - y)
    if name == "half_sse":
        return a - y
    if name == "mse":
        return 2.0 * (a - y) / y.shape[1]
    if name == "hinge":
        return np.where(y * a < 1.0, -y, 0.0)
    if name == "l1":
        return np.sign(a - y)
    if name == "huber":
        r = a - y
        return np.where(np.abs(r) <= loss.delta, r, loss.delta * np.sign(r))
    if name == "cosine":
        cos, y_unit, a_len = _cosine_parts(y, a)
        # d(1 - cos)/da = -( y/(|y||a|) - cos * a/|a|^2 ) = -(y/|y| - cos * a/|a|) / |a|
        return -(y_unit - cos * a / a_len) / a_len
    raise NetworkError(f'unknown loss "{name}"')


def check_loss_fits(loss: Loss, output_activation: str, targets: np.ndarray) -> list[str]:
    """Problems with pairing this loss, the output activation and the targets; empty if fine."""
    problems = []
    name = loss.name
    if output_activation == "softmax" and name != "cross_entropy":
        problems.append(f"a softmax output needs the cross_entropy loss, not {name}: "
                        "change the loss or the output activation")
    if name == "cross_entropy" and output_activation != "softmax":
        problems.append(f"the cross_entropy loss needs a softmax output layer (it is {output_activation}): "
                        "set the output activation to softmax")
    if name == "bce" and output_activation != "sigmoid":
        problems.append(f"the bce loss needs a sigmoid output layer (it is {output_activation}): "
                        "set the output activation to sigmoid")
    if targets.size:
        if name == "bce" and ((targets < 0) | (targets > 1)).any():
            problems.append("bce targets must lie in [0, 1]")
        if name == "cross_entropy":
            if (targets < 0).any() or not np.allclose(targets.sum(axis=1), 1.0, rtol=0, atol=1e-9):
                problems.append("cross_entropy targets must be probabilities: each row non-negative, summing to 1")
        if name == "hinge" and not np.isin(targets, (-1.0, 1.0)).all():
            problems.append("hinge targets must be -1 or +1")
        if name == "cosine" and (np.abs(targets).max(axis=1) == 0).any():  # not y.y, which underflows
            problems.append("cosine needs non-zero target vectors (the cosine of a zero vector is undefined)")
    return problems


def suggested_fix(loss: Loss, output_activation: str) -> tuple[str, str] | None:
    """The one obvious fix of a loss/output mismatch: ("activation", name) or ("loss", name); None if none."""
    needed = {"cross_entropy": "softmax", "bce": "sigmoid"}.get(loss.name)
    if needed and output_activation != needed:
        return "activation", needed
    if output_activation == "softmax" and loss.name != "cross_entropy":
        return "loss", "cross_entropy"
    return None
