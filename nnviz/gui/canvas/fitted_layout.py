"""The automatic layout widened until every edge label has a free place along its own edge. Pure numpy.

It starts from layout.py's column gaps and pitches. After each try the gaps between columns whose
labels found no place grow by a quarter; a gap at its limit spreads its two columns' neurons apart
instead. The first layout where every label fits is kept, else the one where the fewest did not.
"""
from typing import Callable

import numpy as np

from . import layout, style
from .placement import Placement

ROUNDS = 16
GROW = 1.12
SPREAD = 1.15
GAP_LIMIT = 1.5 * style.COLUMN_GAP_MAX
PITCH_LIMIT = 2.5 * style.NEURON_PITCH


def fit_layout(sizes: list[int], gaps: list[float], pitches: list[float], edge_layer: np.ndarray,
               place: Callable[[np.ndarray], Placement], needed: np.ndarray) -> tuple[np.ndarray, Placement]:
    """(positions, placement) of the first layout where `place(positions)` places every `needed` label.

    `edge_layer[k]` is the gap (0 = between inputs and layer 1) edge k crosses.
    """
    gaps, pitches = list(gaps), list(pitches)
    best = None
    for _ in range(ROUNDS):
        positions = layout.grid_positions(sizes, gaps, pitches)
        placement = place(positions)
        missing = needed & ~placement.placed
        if best is None or missing.sum() < best[0]:
            best = (int(missing.sum()), positions, placement)
        if not missing.any():
            break
        grown = False
        for l in np.unique(edge_layer[missing]).tolist():
            if gaps[l] < GAP_LIMIT:
                gaps[l] = min(GAP_LIMIT, gaps[l] * GROW)
                grown = True
            for c in (l, l + 1):
                if gaps[l] >= GAP_LIMIT and pitches[c] < PITCH_LIMIT and sizes[c] > 1:
                    pitches[c] = min(PITCH_LIMIT, pitches[c] * SPREAD)
                    grown = True
        if not grown:
            break
    return best[1], best[2]
