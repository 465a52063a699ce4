"""The last resort for a label that found no free place along its edge: the nearest free spot around
the edge's middle, joined to the edge by a thin leader line. Pure numpy.

Spots are tried on rings of growing radius around three points of the edge (fractions 0.5, 0.35 and
0.65); among the first rings with a free spot, the spot wins whose leader is short, passes few
labels and neurons, and whose box few other edges cross. Far enough out every spot is free, so every
label gets one.
"""
import numpy as np

from .placement import GAP, Placement
from .rects import crossings, intersects

FRACTIONS = np.array([0.5, 0.35, 0.65])
ANGLES = np.linspace(0.0, 2.0 * np.pi, 24, endpoint=False)
RINGS_PER_BATCH = 6
CROSSING_PIXELS = 25.0  # a spot crossed by one edge fewer may be this much farther away
THROUGH_PIXELS = 40.0  # a leader line passing one label, neuron or value box fewer may be this much longer


def add_leaders(placement: Placement, p1: np.ndarray, p2: np.ndarray, sizes: np.ndarray,
                obstacles: np.ndarray, count_crossings: bool = True) -> Placement:
    """`placement` with every label that has a size but no place given a free spot and a leader line."""
    sizes = np.asarray(sizes, float).reshape(len(p1), 2)
    waiting = np.flatnonzero(~placement.placed & (sizes[:, 0] > 0))
    if len(waiting) == 0:
        return placement
    taken = [np.asarray(obstacles, float).reshape(-1, 4)]
    taken.append(placement.slots(p1, p2, sizes, GAP)[placement.placed])
    taken = np.vstack(taken)
    points = np.vstack([taken[:, :2], taken[:, 2:], p1, p2])
    reach = float(np.hypot(*(points.max(axis=0) - points.min(axis=0))))
    for e in waiting.tolist():
        half = sizes[e] / 2.0
        step = max(float(sizes[e].max()) / 2.0, 8.0)
        anchors = p1[e] + FRACTIONS[:, None] * (p2[e] - p1[e])
        radius = step
        while True:
            radii = radius + step * np.arange(RINGS_PER_BATCH)
            ring = np.column_stack([np.cos(ANGLES), np.sin(ANGLES)])
            offsets = (radii[:, None, None] * ring[None, :, :]).reshape(-1, 2)  # (R * A, 2)
            centres = (anchors[:, None, :] + offsets[None, :, :]).reshape(-1, 2)
            rects = np.hstack([centres - half - GAP, centres + half + GAP])
            free = ~intersects(rects, taken).any(axis=1)
            if free.any() or radius > reach + 4 * step:
                break
            radius += step * RINGS_PER_BATCH
        cost = np.tile(np.repeat(radii, len(ANGLES)), len(FRACTIONS))  # the leader's length, about
        starts = np.repeat(anchors, len(radii) * len(ANGLES), axis=0)
        cost = cost + THROUGH_PIXELS * crossings(taken, starts, centres).sum(axis=0)
        if count_crossings:
            crossed = crossings(rects, p1, p2)
            crossed[:, e] = False
            cost += CROSSING_PIXELS * crossed.sum(axis=1)
        best = int(np.argmin(np.where(free, cost, np.inf)))
        if not free[best]:
            continue
        placement.t[e] = FRACTIONS[best // (len(radii) * len(ANGLES))]
        placement.offset[e] = centres[best] - p1[e] - placement.t[e] * (p2[e] - p1[e])
        placement.placed[e] = placement.leader[e] = True
        taken = np.vstack([taken, rects[best][None, :]])
    return placement
