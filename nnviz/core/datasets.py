"""Built-in teaching data sets (logic gates, circle, spirals, blobs, line, sine) and a seeded split.

Every generator is `fn(n_samples=None, noise=None, seed=0) -> (inputs m x n_in, targets m x n_out)`,
float64. None means the data set's default. The seed fixes every random number, and noise 0 gives
exact clean data: points exactly on the gate corners, the curve or the blob centres, labels exactly
by the rule. Classification targets are 0/1 (train with a sigmoid output and bce); regression
targets are real numbers (identity output and mse).
"""
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

CLASSIFICATION = "classification"
REGRESSION = "regression"
CIRCLE_RADIUS = math.sqrt(2.0 / math.pi)  # the circle covering half of the square [-1, 1]^2
LINE_SLOPE = 2.0
LINE_INTERCEPT = -1.0
CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _check(name: str, n_samples, noise, minimum: int) -> tuple[int, float]:
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < minimum:
        raise ValueError(f"{name}: the number of samples must be a whole number of at least {minimum}, "
                         f"got {n_samples!r}")
    noise = float(noise)
    if not (math.isfinite(noise) and noise >= 0):
        raise ValueError(f"{name}: noise must be a number >= 0, got {noise!r}")
    return int(n_samples), noise


def _jitter(points: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    """Gaussian noise of standard deviation `noise` added to every coordinate (none at noise 0)."""
    if noise == 0:
        return points
    return points + rng.normal(0.0, noise, size=points.shape)


def _gate(name: str, labels: tuple[float, float, float, float]):
    """A logic gate on the corners (0,0), (0,1), (1,0), (1,1): the truth table, then noisy clusters."""
    table = np.array(labels, dtype=float)

    def make(n_samples: int | None = None, noise: float | None = None, seed: int = 0):
        n_samples = 4 if n_samples is None else n_samples
        if noise is None:
            noise = 0.0 if n_samples == 4 else 0.1
        n, noise = _check(name, n_samples, noise, 4)
        corner = np.arange(n) % 4  # rows 1-4 are the truth table in order, then round robin
        rng = np.random.default_rng(seed)
        return _jitter(CORNERS[corner], noise, rng), table[corner].reshape(n, 1)

    make.__name__ = name
    make.__doc__ = (f"{name.upper()} of two 0/1 inputs: the 4 rows of the truth table, or n > 4 points "
                    f"in clusters around the corners (default noise 0 for 4 points, else 0.1).")
    return make


xor = _gate("xor", (0.0, 1.0, 1.0, 0.0))
and_ = _gate("and", (0.0, 0.0, 0.0, 1.0))
or_ = _gate("or", (0.0, 1.0, 1.0, 1.0))


def circle(n_samples: int | None = None, noise: float | None = None, seed: int = 0):
    """Points uniform in [-1, 1]^2, label 1 inside the circle of radius sqrt(2/pi) (half the area).

    The label is decided before the noise moves the points, so noise blurs the boundary.
    """
    n, noise = _check("circle", 200 if n_samples is None else n_samples, 0.0 if noise is None else noise, 1)
    rng = np.random.default_rng(seed)
    points = rng.uniform(-1.0, 1.0, size=(n, 2))
    inside = (points ** 2).sum(axis=1) < CIRCLE_RADIUS ** 2
    return _jitter(points, noise, rng), inside.astype(float).reshape(n, 1)


def spirals(n_samples: int | None = None, noise: float | None = None, seed: int = 0, turns: float = 1.25):
    """Two interleaved spirals (label 0 and 1, alternating rows), radius 0.1 to 1, `turns` turns each."""
    n, noise = _check("spirals", 200 if n_samples is None else n_samples, 0.0 if noise is None else noise, 2)
    label = np.arange(n) % 2
    count = np.bincount(label, minlength=2)
    position = np.arange(n) // 2  # index along its own spiral
    t = position / np.maximum(count[label] - 1, 1)  # 0 .. 1 along each spiral
    radius = 0.1 + 0.9 * t
    angle = 2.0 * math.pi * turns * t + math.pi * label
    points = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return _jitter(points, noise, np.random.default_rng(seed)), label.astype(float).reshape(n, 1)


def blobs(n_samples: int | None = None, noise: float | None = None, seed: int = 0):
    """Two Gaussian blobs of standard deviation `noise`: label 0 around (-1, -1), label 1 around (1, 1)."""
    n, noise = _check("blobs", 100 if n_samples is None else n_samples, 0.5 if noise is None else noise, 2)
    label = np.arange(n) % 2
    centres = np.where(label[:, None] == 1, 1.0, -1.0) * np.ones((n, 2))
    return _jitter(centres, noise, np.random.default_rng(seed)), label.astype(float).reshape(n, 1)


def _grid(n: int) -> np.ndarray:
    """n points evenly spaced in [-1, 1], exactly symmetric (the ends are exactly -1 and 1, an odd n has 0)."""
    return (2.0 * np.arange(n) - (n - 1)) / max(n - 1, 1)


def line(n_samples: int | None = None, noise: float | None = None, seed: int = 0,
         slope: float = LINE_SLOPE, intercept: float = LINE_INTERCEPT):
    """y = slope * x + intercept + Gaussian noise, x evenly spaced in [-1, 1]."""
    n, noise = _check("line", 50 if n_samples is None else n_samples, 0.1 if noise is None else noise, 1)
    x = _grid(n)
    y = _jitter(slope * x + intercept, noise, np.random.default_rng(seed))
    return x.reshape(n, 1), y.reshape(n, 1)


def sine(n_samples: int | None = None, noise: float | None = None, seed: int = 0):
    """y = sin(x) + Gaussian noise, x evenly spaced over one period [-pi, pi]."""
    n, noise = _check("sine", 100 if n_samples is None else n_samples, 0.1 if noise is None else noise, 1)
    x = math.pi * _grid(n)
    y = _jitter(np.sin(x), noise, np.random.default_rng(seed))
    return x.reshape(n, 1), y.reshape(n, 1)


@dataclass(frozen=True)
class Dataset:
    """A registry entry: what the data set is, its shape and how to train on it."""

    name: str
    title: str
    description: str
    n_inputs: int
    n_outputs: int
    task: str  # CLASSIFICATION or REGRESSION
    make: Callable
    default_samples: int
    default_noise: float

    @property
    def output_activation(self) -> str:
        return "sigmoid" if self.task == CLASSIFICATION else "identity"

    @property
    def loss(self) -> str:
        return "bce" if self.task == CLASSIFICATION else "mse"


_ENTRIES = [
    Dataset("xor", "XOR", "Exclusive or: 1 when exactly one input is 1. Not linearly separable, "
            "so it needs a hidden layer.", 2, 1, CLASSIFICATION, xor, 4, 0.0),
    Dataset("and", "AND", "1 only when both inputs are 1. One neuron can learn it.",
            2, 1, CLASSIFICATION, and_, 4, 0.0),
    Dataset("or", "OR", "1 when at least one input is 1. One neuron can learn it.",
            2, 1, CLASSIFICATION, or_, 4, 0.0),
    Dataset("circle", "Circle", "Label 1 inside a circle, 0 outside: a curved boundary that needs "
            "a hidden layer.", 2, 1, CLASSIFICATION, circle, 200, 0.0),
    Dataset("spirals", "Two spirals", "Two interleaved spirals: a hard boundary for small networks.",
            2, 1, CLASSIFICATION, spirals, 200, 0.0),
    Dataset("blobs", "Gaussian blobs", "Two clouds of points around (-1, -1) and (1, 1): linearly "
            "separable.", 2, 1, CLASSIFICATION, blobs, 100, 0.5),
    Dataset("line", "Line", f"y = {LINE_SLOPE:g} x {LINE_INTERCEPT:+g} plus noise: one neuron with an "
            "identity activation can fit it.", 1, 1, REGRESSION, line, 50, 0.1),
    Dataset("sine", "Sine wave", "y = sin(x) plus noise over one period: needs hidden units to bend.",
            1, 1, REGRESSION, sine, 100, 0.1),
]
DATASETS: dict[str, Dataset] = {entry.name: entry for entry in _ENTRIES}


def generate(name: str, n_samples: int | None = None, noise: float | None = None, seed: int = 0):
    """The data set `name` from DATASETS: (inputs, targets)."""
    if name not in DATASETS:
        raise ValueError(f'unknown data set "{name}" (expected one of {", ".join(DATASETS)})')
    return DATASETS[name].make(n_samples, noise, seed)


def split(inputs: np.ndarray, targets: np.ndarray, validation_fraction: float, seed: int = 0):
    """Seeded random split -> (train_x, train_y, val_x, val_y); each part keeps the original row order.

    The validation part has round(m * fraction) rows, at least 1 when the fraction is above 0, and
    the training part always keeps at least one row.
    """
    inputs, targets = np.asarray(inputs, dtype=float), np.asarray(targets, dtype=float)
    if inputs.ndim != 2 or targets.ndim != 2 or inputs.shape[0] != targets.shape[0]:
        raise ValueError(f"inputs and targets must be 2-D with the same number of rows, got shapes "
                         f"{inputs.shape} and {targets.shape}")
    fraction = float(validation_fraction)
    if not (0.0 <= fraction < 1.0):
        raise ValueError(f"the validation fraction must be at least 0 and below 1, got {validation_fraction!r}")
    m = inputs.shape[0]
    n_val = int(round(m * fraction))
    if fraction > 0:
        n_val = max(n_val, 1)
    if n_val > 0 and m - n_val < 1:
        raise ValueError(f"cannot keep {n_val} of {m} samples for validation: training needs at least one; "
                         f"use a smaller validation fraction or more samples")
    chosen = np.zeros(m, dtype=bool)
    chosen[np.random.default_rng(seed).permutation(m)[:n_val]] = True
    return inputs[~chosen], targets[~chosen], inputs[chosen], targets[chosen]
