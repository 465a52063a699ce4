"""The function a network computes over its input range: the grid the output view draws, evaluated here.

Padded data ranges, grid sizes by network cost, the outputs on the grid and their colour levels: pure
numpy, so the output view only draws what this module computes.
"""
import numpy as np

from .engine import forward

PADDING = 0.10  # each side of the data range, as a fraction of its span
BUDGET = 600_000  # multiply-adds per refresh the grid may cost (a few ms at worst)
SIDE_1D = (60, 300)  # fewest and most points along the curve
SIDE_2D = (24, 96)  # fewest and most points along each side of the heat map


def padded_range(values: np.ndarray) -> tuple[float, float]:
    """min..max of `values` widened by 10% of the span each side (by 1 each side if the span is 0)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return -1.0, 1.0
    low, high = float(values.min()), float(values.max())
    span = high - low
    if span <= 0:
        return low - 1.0, high + 1.0
    return low - PADDING * span, high + PADDING * span


def cost_per_sample(network) -> int:
    """Multiply-adds of one forward pass (weights, plus one per unit for bias and activation)."""
    return int(sum(w.size for w in network.weights) + sum(network.sizes()[1:]))


def resolution(network, dims: int) -> int:
    """Points per axis: as fine as the budget allows for this network, within SIDE_1D / SIDE_2D."""
    per_sample = max(cost_per_sample(network), 1)
    if dims == 1:
        low, high = SIDE_1D
        return int(np.clip(BUDGET // per_sample, low, high))
    low, high = SIDE_2D
    return int(np.clip(int(np.sqrt(BUDGET / per_sample)), low, high))


def axes(inputs: np.ndarray, n: int) -> list[np.ndarray]:
    """n evenly spaced values over each input column's padded range."""
    return [np.linspace(*padded_range(inputs[:, c]), n) for c in range(inputs.shape[1])]


def grid_inputs(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """(len(ys) * len(xs)) x 2 inputs, row-major: row r of the heat map is ys[r], column c is xs[c]."""
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def evaluate(network, grid: np.ndarray) -> np.ndarray:
    """The network's outputs (n x n_out) at each row of `grid` (n x n_in); overflow shows as inf/nan."""
    with np.errstate(all="ignore"):
        return forward(network, grid)[-1][1]


def levels(values: np.ndarray, activation: str) -> tuple[tuple[float, float], bool]:
    """Colour levels for an output and whether they are signed (diverging map) or not.

    Sigmoid and softmax outputs are probabilities: fixed 0..1 so colours mean the same as training
    goes on. tanh: fixed -1..1. Others: symmetric about 0 if the values take both signs, else min..max.
    """
    if activation in ("sigmoid", "softmax"):
        return (0.0, 1.0), False
    if activation == "tanh":
        return (-1.0, 1.0), True
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return (0.0, 1.0), False
    low, high = float(finite.min()), float(finite.max())
    if low < 0 < high:
        top = max(-low, high)
        return (-top, top), True
    if high - low <= 0:
        return (low - 1.0, high + 1.0), False
    return (low, high), False
