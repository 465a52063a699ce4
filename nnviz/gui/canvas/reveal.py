"""How far an animated SGD step has got: the canvas shows the step's pass only up to there.

The training animation (training/animation.py) works the whole step out with the core first and hands
the canvas one Reveal per stage; the canvas model decides from it, in one place, which numbers are shown,
which are still "?" and which edges are coloured. Exports ignore it and show the whole diagram.
"""
from dataclasses import dataclass

import numpy as np

from nnviz.core import Result


@dataclass(frozen=True)
class Reveal:
    """One stage of an animated step: what of its pass the canvas shows."""

    result: Result  # the pass the step follows: over all samples, or over its mini-batch
    rows: tuple[int, ...] | None  # the sample of each of the pass's rows (None: every sample, in order)
    forward: int  # columns 1..forward show their z and a (0: the inputs only)
    loss: bool  # the loss is known
    backward: int  # columns from this one on show δ, and their incoming edges ∂L/∂w (past the last: none yet)
    weights: list[np.ndarray] | None  # after the update: the new weights and biases; None: not updated yet
    biases: list[np.ndarray] | None
    caption: str  # what this stage shows, in words (the canvas's banner)
    base: Result  # the document's pass the step starts from: once the document has another, this is stale

    @property
    def updated(self) -> bool:
        return self.weights is not None

    def row(self, sample: int) -> int | None:
        """The pass's row of `sample`, None if the sample is not in the step's mini-batch."""
        if self.rows is None:
            return sample
        return self.rows.index(sample) if sample in self.rows else None

    def hides(self, key: str, column: int) -> bool:
        """Whether a neuron's value `key` (as CanvasModel.neuron_values names it) is not computed yet."""
        if key in ("z", "a"):
            return column > self.forward
        if key in ("delta", "dL/db"):
            return column < self.backward
        if key == "dL/dx":
            return self.backward > 1
        return False

    def gradient_shown(self, edge_layer: np.ndarray) -> np.ndarray:
        """Per edge (by its index into network.layers), whether its ∂L/∂w is computed yet."""
        return edge_layer + 1 >= self.backward
