"""Placing edge labels along their own edges so that no label covers another label, a neuron or a
neuron's values. Pure numpy; run once per structure, layout or display-setting change, never per value.

Every label has a slot of a fixed size, big enough for any number at the current precision, so values
that change never make labels collide. Candidate slots sit along the edge (fractions 0.15 to 0.85),
centred on the line or just beside it on either side (but never beside it and on another edge, where
it would read as that edge's label). Labels are placed most constrained first: the label with the
fewest free candidates left takes its best free one (near the middle of its edge, on the line rather
than beside it, crossed by few other edges). A label left with no free candidate is not placed: the
caller widens the layout, gives it a leader line (leaders.py) or leaves it out.
"""
from dataclasses import dataclass

import numpy as np

from .rects import crossings, intersects

FRACTIONS = np.linspace(0.15, 0.85, 15)  # where along the edge (0 = source, 1 = target) a slot may sit
SIDES = np.array([0.0, 1.0, -1.0])  # on the line, beside it on one side, on the other
GAP = 3.0  # blank space kept around every slot (so 6 between two labels, 3 to an obstacle's own margin)
SIDE_GAP = 3.0  # from the edge's centre line to a slot beside it
CENTRE_PULL = 4.0  # cost of the ends of the candidate range (0.15, 0.85) is CENTRE_PULL * 0.35 ** 2
SIDE_COST = 1.5  # cost of sitting beside the edge rather than on it (more than one crossing edge)
CROSSING_COST = 1.0  # cost per other edge running through the slot (the label could be read as theirs)
CROSSING_EDGE_LIMIT = 150  # more edges than this: crossings are not counted (slow)


@dataclass
class Placement:
    """Each edge's label slot: centred at anchor + offset, where anchor = p1 + t (p2 - p1) is on the edge."""

    t: np.ndarray  # (E,) where along the edge the label is attached
    offset: np.ndarray  # (E, 2) from the anchor to the slot's centre
    placed: np.ndarray  # (E,) bool: the slot is clear of other slots and obstacles
    leader: np.ndarray  # (E,) bool: the slot is away from the edge, joined to it by a leader line

    @classmethod
    def empty(cls, count: int) -> "Placement":
        return cls(np.full(count, 0.5), np.zeros((count, 2)), np.zeros(count, bool), np.zeros(count, bool))

    def anchors(self, p1: np.ndarray, p2: np.ndarray) -> np.ndarray:
        return p1 + self.t[:, None] * (p2 - p1)

    def centres(self, p1: np.ndarray, p2: np.ndarray) -> np.ndarray:
        return self.anchors(p1, p2) + self.offset

    def slots(self, p1: np.ndarray, p2: np.ndarray, sizes: np.ndarray, margin: float = 0.0) -> np.ndarray:
        """(E, 4) slot rects (x1, y1, x2, y2), grown by `margin` on every side."""
        centres, half = self.centres(p1, p2), np.asarray(sizes, float) / 2.0 + margin
        return np.hstack([centres - half, centres + half])


def normals(p1: np.ndarray, p2: np.ndarray) -> np.ndarray:
    """(E, 2) unit normals of the edges ((0, 1) for an edge of length 0)."""
    d = p2 - p1
    length = np.hypot(d[:, 0], d[:, 1])
    safe = np.where(length > 0, length, 1.0)
    n = np.column_stack([-d[:, 1] / safe, d[:, 0] / safe])
    n[length == 0] = (0.0, 1.0)
    return n


def place_labels(p1: np.ndarray, p2: np.ndarray, sizes: np.ndarray, obstacles: np.ndarray) -> Placement:
    """Slots along the edges p1 -> p2 for labels of size (w, h) (w = 0: no label), none overlapping
    another or an obstacle rect (x1, y1, x2, y2). Between labels with as many free candidates left,
    the one on the shortest edge goes first."""
    count = len(p1)
    result = Placement.empty(count)
    sizes = np.asarray(sizes, float).reshape(count, 2)
    active = np.flatnonzero(sizes[:, 0] > 0)
    if len(active) == 0:
        return result
    obstacles = np.asarray(obstacles, float).reshape(-1, 4)
    d = p2 - p1
    f = np.repeat(FRACTIONS, len(SIDES))
    s = np.tile(SIDES, len(FRACTIONS))
    half = sizes[active] / 2.0
    n = normals(p1, p2)[active]
    support = np.abs(n[:, 0]) * half[:, 0] + np.abs(n[:, 1]) * half[:, 1] + SIDE_GAP  # half-width across the edge
    offsets = s[None, :, None] * support[:, None, None] * n[:, None, :]  # (A, C, 2)
    centres = p1[active, None, :] + f[None, :, None] * d[active, None, :] + offsets
    rects = np.concatenate([centres - half[:, None, :] - GAP, centres + half[:, None, :] + GAP], axis=2)
    free = ~intersects(rects, obstacles).any(axis=-1) if len(obstacles) else np.ones(rects.shape[:2], bool)
    cost = np.broadcast_to(CENTRE_PULL * (f - 0.5) ** 2 + SIDE_COST * (s != 0), free.shape).copy()
    if count <= CROSSING_EDGE_LIMIT:  # only for candidates clear of obstacles: the others are never used
        a_idx, c_idx = np.nonzero(free)
        crossed = crossings(rects[a_idx, c_idx], p1, p2)
        crossed[np.arange(len(a_idx)), active[a_idx]] = False  # its own edge does not count
        count_crossed = crossed.sum(axis=1)
        cost[a_idx, c_idx] += CROSSING_COST * count_crossed
        # beside its edge and on another one, a label would look like the other edge's: never there
        free[a_idx, c_idx] &= (s[c_idx] == 0) | (count_crossed == 0)
    order = np.argsort((d[active] ** 2).sum(axis=1), kind="stable")
    rank = np.empty(len(active), int)
    rank[order] = np.arange(len(active))
    todo = np.ones(len(active), bool)
    x1, y1, x2, y2 = (np.ascontiguousarray(rects[..., i]) for i in range(4))
    for _ in range(len(active)):
        left = free.sum(axis=1)
        a = int(np.argmin(np.where(todo, left * len(active) + rank, np.iinfo(np.int64).max)))
        todo[a] = False
        if left[a] == 0:
            continue
        c = int(np.argmin(np.where(free[a], cost[a], np.inf)))
        e = int(active[a])
        result.t[e], result.offset[e], result.placed[e] = f[c], offsets[a, c], True
        bx1, by1, bx2, by2 = rects[a, c].tolist()
        free &= (x1 >= bx2) | (x2 <= bx1) | (y1 >= by2) | (y2 <= by1)  # clear of the slot just taken
    return result
