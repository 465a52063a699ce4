"""A network's trained parameters as views into one flat array, so an SGD step is two numpy calls.

The Trainer keeps the Parameters it made last; while the network still holds those very arrays, the
next step needs no joining. Each step makes a new flat array: arrays from before a step keep their
numbers (the last-step view and the rollback on divergence rely on that).
"""
import math
from operator import is_

import numpy as np

from .plan import dot


class Parameters:
    """Weights and trained biases: `flat`, and `weights` / `biases` (one per layer) viewing it."""

    __slots__ = ("flat", "weights", "biases", "kept_finite")

    def __init__(self, flat: np.ndarray, weights: list[np.ndarray], biases: list[np.ndarray], kept_finite: bool):
        self.flat, self.weights, self.biases = flat, weights, biases
        self.kept_finite = kept_finite  # the biases of layers without one (never trained) are all finite

    @classmethod
    def of(cls, network, layout) -> "Parameters":
        """The network's current numbers joined into a new flat array in this layout (see plan.flat_layout);
        the network keeps its own arrays."""
        parts = [a for w, b, (_, _, bias) in zip(network.weights, network.biases, layout)
                 for a in ((w, b) if bias else (w,))]
        kept = [b for b, (_, _, bias) in zip(network.biases, layout) if bias is None]
        return cls(np.concatenate(parts, axis=None), list(network.weights), list(network.biases),
                   all(np.isfinite(b).all() for b in kept))

    def held_by(self, network) -> bool:
        """True while the network's weights and biases are these very arrays."""
        weights = network.weights
        return len(weights) == len(self.weights) and False not in map(is_, weights + network.biases,
                                                                         self.weights + self.biases)

    @staticmethod
    def gradient_of(result) -> np.ndarray:
        """The pass's gradients in the flat layout: a Trainer pass's own array, or them joined."""
        if result.flat_gradient is not None:
            return result.flat_gradient
        return np.concatenate([g for r in result.layers for g in (r.grad_weights, r.grad_biases) if g is not None],
                              axis=None)

    def finite_with(self, gradient: np.ndarray) -> bool:
        """True when every parameter and every number of `gradient` is finite.

        An inf or NaN anywhere makes the sum of products inf or NaN, so a finite dot product settles it
        in one call; only an overflowing one (or a real inf or NaN) is looked at number by number.
        """
        if not self.kept_finite:
            return False
        if math.isfinite(dot(self.flat, gradient)):
            return True
        return bool(np.isfinite(self.flat).all() and np.isfinite(gradient).all())
