"""Activation functions and their derivatives, written as a hand calculation would."""
import numpy as np

ACTIVATIONS = ("identity", "relu", "sigmoid", "tanh", "softmax")


def sigmoid(z: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # exp(-z) = inf for very negative z gives exactly 0
        return 1.0 / (1.0 + np.exp(-z))


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def activate(name: str, z: np.ndarray) -> np.ndarray:
    if name == "identity":
        return z
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "softmax":
        return softmax(z)
    raise ValueError(f'unknown activation "{name}"')


def derivative(name: str, z: np.ndarray, a: np.ndarray) -> np.ndarray | None:
    """Elementwise da/dz given z and a = f(z); None for identity (a factor of 1).

    relu'(0) is 0. Softmax has no elementwise derivative: it is only used fused with cross-entropy.
    """
    if name == "identity":
        return None
    if name == "relu":
        return np.heaviside(z, 0.0)  # 1 where z > 0, else 0 (one numpy call; relu'(0) = 0)
    if name == "sigmoid":
        return a * (1.0 - a)
    if name == "tanh":
        return 1.0 - a * a
    raise ValueError(f'activation "{name}" has no elementwise derivative')
