"""Greedy placement of edge labels along their edges so that they overlap each other and the neurons
as little as possible. Pure numpy; run once per structure, layout or display-setting change.

Labels are placed in priority order; each takes the spot along its edge with the least overlap with
labels already placed and with the obstacles (neurons, their value boxes, headers). A label that
cannot find a spot clear enough is left out (its edge still shows it on hover and when selected),
so what is drawn stays legible.
"""
import numpy as np

CANDIDATES = np.linspace(0.18, 0.82, 17)  # where along the edge (0 = source, 1 = target) a label may sit
GAP = 3.0  # wanted blank space around each label
OBSTACLE_WEIGHT = 4.0  # covering a neuron or its values is worse than covering another label
CENTRE_PULL = 0.15  # mild preference for the middle of the edge
MAX_COVERED = 0.04  # a label is dropped when this fraction of it would be covered at its best spot


def _overlap(rects: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Total overlap area of each rect (T, 4: x1, y1, x2, y2) with all `others` (P, 4)."""
    if len(others) == 0:
        return np.zeros(len(rects))
    w = np.minimum(rects[:, None, 2], others[None, :, 2]) - np.maximum(rects[:, None, 0], others[None, :, 0])
    h = np.minimum(rects[:, None, 3], others[None, :, 3]) - np.maximum(rects[:, None, 1], others[None, :, 1])
    return (np.clip(w, 0, None) * np.clip(h, 0, None)).sum(axis=1)


def place_labels(p1: np.ndarray, p2: np.ndarray, sizes: np.ndarray, obstacles: np.ndarray,
                 priority: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(t, shown): where along each edge p1 -> p2 its label of size (w, h) sits, and whether it is drawn.

    `priority` (higher first) decides who gets the good spots; by default the shortest edges, which
    have the fewest places to put a label.
    """
    count = len(p1)
    placed = np.empty((count, 4))
    ts = np.full(count, 0.5)
    shown = np.zeros(count, bool)
    obstacles = np.asarray(obstacles, dtype=float).reshape(-1, 4)
    d = p2 - p1
    length2 = (d * d).sum(axis=1)
    if priority is None:
        order = np.argsort(length2, kind="stable")
    else:
        order = np.lexsort((length2, -np.asarray(priority, float)))
    n = 0
    for e in order:
        if sizes[e][0] <= 0:
            continue
        centres = p1[e] + CANDIDATES[:, None] * d[e]
        half = sizes[e] / 2.0 + GAP
        rects = np.hstack([centres - half, centres + half])
        area = float((2 * half[0]) * (2 * half[1]))
        covered = _overlap(rects, placed[:n]) + OBSTACLE_WEIGHT * _overlap(rects, obstacles)
        cost = covered + CENTRE_PULL * area * (CANDIDATES - 0.5) ** 2
        best = int(np.argmin(cost))
        ts[e] = CANDIDATES[best]
        if covered[best] <= MAX_COVERED * area:
            shown[e] = True
            placed[n] = rects[best]
            n += 1
    return ts, shown
