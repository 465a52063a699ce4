"""Where neurons go: the automatic column layout, and reading/writing positions saved in a file's view.

Positions are one (N, 2) float array over all neurons, column by column (inputs first). The file keeps
them as {"c,i": [x, y]} in project.view["positions"]; they are used only when they name exactly the
neurons of the current network (after a structural edit the old keys would put neurons in the wrong
places, so the automatic layout is used instead).
"""
import math

import numpy as np

from . import style

POSITIONS_KEY = "positions"
MAX_COORDINATE = 1e7  # scene units; saved positions beyond this are not a drawing anyone made


def column_gaps(sizes: list[int], labels_shown: bool) -> list[float]:
    """Horizontal distance between consecutive columns: wider where many labelled edges must fit."""
    if len(sizes) < 2:
        return []
    if not labels_shown:
        height = max(sizes) * style.NEURON_PITCH
        gap = min(style.COLUMN_GAP_MAX, max(style.COLUMN_GAP_BIG, style.ASPECT * height / (len(sizes) - 1)))
        return [gap] * (len(sizes) - 1)
    gaps = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        wanted = style.COLUMN_GAP_PER_EDGE * math.sqrt(a * b) + 110.0
        gaps.append(min(style.COLUMN_GAP_MAX, max(style.COLUMN_GAP_MIN, wanted)))
    return gaps


def column_pitches(sizes: list[int], box_heights: list[float] | None = None,
                   radius: float = style.RADIUS) -> list[float]:
    """Vertical distance between neighbours in each column: NEURON_PITCH, or more where a neuron's value
    box (of the given height, under its circle) would otherwise reach the next circle."""
    if box_heights is None:
        return [style.NEURON_PITCH] * len(sizes)
    return [max(style.NEURON_PITCH, 2 * radius + 5.0 + h + style.VALUE_CLEARANCE) for h in box_heights]


def grid_positions(sizes: list[int], gaps: list[float], pitches: list[float]) -> np.ndarray:
    """Columns `gaps` apart left to right, each column's neurons `pitch` apart and centred on y = 0."""
    xs = np.concatenate([[0.0], np.cumsum(gaps)])
    rows = []
    for x, n, pitch in zip(xs, sizes, pitches):
        ys = (np.arange(n) - (n - 1) / 2.0) * pitch
        rows.append(np.column_stack([np.full(n, x), ys]))
    return np.vstack(rows)


def auto_positions(sizes: list[int], labels_shown: bool, box_heights: list[float] | None = None,
                   radius: float = style.RADIUS) -> np.ndarray:
    """The starting automatic layout (fitted_layout.py widens it where edge labels need room)."""
    return grid_positions(sizes, column_gaps(sizes, labels_shown), column_pitches(sizes, box_heights, radius))


def keys(sizes: list[int]) -> list[str]:
    """The file's key of each neuron, in the order of the positions array."""
    return [f"{c},{i}" for c, n in enumerate(sizes) for i in range(n)]


def positions_from_view(view: dict, sizes: list[int]) -> np.ndarray | None:
    """The saved positions if they fit this network exactly and are numbers within MAX_COORDINATE, else
    None (never an error: whatever a file holds, the automatic layout can take over)."""
    saved = view.get(POSITIONS_KEY) if isinstance(view, dict) else None
    if not isinstance(saved, dict):
        return None
    names = keys(sizes)
    if set(saved) != set(names):
        return None
    out = np.empty((len(names), 2))
    for k, name in enumerate(names):
        value = saved[name]
        if not (isinstance(value, (list, tuple)) and len(value) == 2):
            return None
        try:
            out[k] = [float(value[0]), float(value[1])]
        except (TypeError, ValueError, OverflowError):  # OverflowError: a whole number of 400 digits
            return None
    return out if (np.abs(out) <= MAX_COORDINATE).all() else None  # also false for NaN


def positions_to_view(positions: np.ndarray, sizes: list[int]) -> dict:
    """The JSON-able {"c,i": [x, y]} form (rounded to 0.1 unit) of a positions array."""
    return {name: [round(float(x), 1), round(float(y), 1)] for name, (x, y) in zip(keys(sizes), positions)}
