"""Where neurons and edge labels go: saved positions or the automatic layout widened until every label
has room, the label slots along the edges, and the box each label is drawn in. Mixed into CanvasModel.

Runs once per structure, layout or display-setting change, never on a value change: slots and value
boxes are sized for the widest number at the current precision, so changing values never makes a
label collide with another label or a neuron's values.
"""
import numpy as np
from PySide6.QtCore import QRectF

from . import layout, style
from .fitted_layout import fit_layout
from .leaders import add_leaders
from .placement import CROSSING_EDGE_LIMIT, Placement, place_labels


class LabelsMixin:
    """Layout and label placement for CanvasModel (which provides doc, geometry, settings and texts)."""

    def _reset_layouts(self) -> None:
        self._layouts: dict = {}  # automatic layouts of this structure, by what their labels need
        self._placed_for = None  # what the current placement was made for
        self.slot_size = (0.0, 0.0)
        self.placement = Placement.empty(self.geometry.edge_count)
        self._label_points = None  # (slot centres, anchors) as lists of (x, y), until something moves
        self.label_shown = np.ones(self.geometry.edge_count, bool)
        self.shown_edges = list(range(self.geometry.edge_count))
        self.leader_edges: set[int] = set()
        self.labels_dropped = 0

    @property
    def leaders_allowed(self) -> bool:
        """Small networks get every label drawn, the last ones away from their edge with a leader line."""
        return self.geometry.edge_count <= style.EVERY_LABEL_EDGE_LIMIT

    # ----- obstacles --------------------------------------------------------------------------------
    def obstacles_at(self, positions: np.ndarray) -> np.ndarray:
        """(O, 4) rects a label must not cover: circles (with a margin), value boxes (as big as they can
        get at this precision) and column headers, for neurons at `positions`."""
        g, r = self.geometry, self.look.fonts.radius + 4.0
        x, y = positions[:, 0], positions[:, 1]
        circles = np.column_stack([x - r, y - r, x + r, y + r])
        box = np.asarray(self.value_sizes, float).reshape(-1, 2)[g.column]
        top = y + self.look.fonts.radius + 5.0
        values = np.column_stack([x - box[:, 0] / 2, top, x + box[:, 0] / 2, top + box[:, 1]])[box[:, 1] > 0]
        headers = [(h.left(), h.top(), h.right(), h.bottom()) for h in self.header_rects(positions)]
        return np.vstack([circles, values, np.asarray(headers, float).reshape(-1, 4)])

    # ----- layout and placement ---------------------------------------------------------------------
    def _slot_sizes(self) -> np.ndarray:
        return np.tile(np.asarray(self.slot_size, float), (self.geometry.edge_count, 1))

    def _place_at(self, positions: np.ndarray, leaders: bool) -> Placement:
        g = self.geometry
        p1, p2, sizes = positions[g.src], positions[g.dst], self._slot_sizes()
        obstacles = self.obstacles_at(positions)
        placement = place_labels(p1, p2, sizes, obstacles)
        if leaders:
            add_leaders(placement, p1, p2, sizes, obstacles, count_crossings=g.edge_count <= CROSSING_EDGE_LIMIT)
        return placement

    def _auto_layout(self) -> tuple[np.ndarray, Placement | None]:
        """The automatic layout for what the labels need now (cached), with its label placement."""
        key = (self.slot_size, tuple(self.value_sizes), self.labels_shown)
        cached = self._layouts.get(key)
        if cached is None:
            sizes = self.sizes
            gaps = layout.column_gaps(sizes, self.labels_room)
            pitches = layout.column_pitches(sizes, [h for _, h in self.value_sizes], self.look.fonts.radius)
            if self.labels_shown and self.geometry.edge_count and self.leaders_allowed:
                g = self.geometry
                needed = np.ones(g.edge_count, bool)
                positions, placement = fit_layout(sizes, gaps, pitches, g.edge_layer,
                                                  lambda p: self._place_at(p, leaders=False), needed)
                add_leaders(placement, positions[g.src], positions[g.dst], self._slot_sizes(),
                            self.obstacles_at(positions), count_crossings=g.edge_count <= CROSSING_EDGE_LIMIT)
            else:  # bigger networks keep their compact layout; labels that find no place are left out
                positions, placement = layout.grid_positions(sizes, gaps, pitches), None
            cached = self._layouts[key] = (positions, placement)
        return cached

    def refresh_layout(self) -> bool:
        """Put the neurons where they belong (positions saved in the file, else the automatic layout) and
        place the labels if anything they depend on changed. True when neurons moved."""
        self.slot_size = self.label_slot_size() if self.labels_shown else (0.0, 0.0)
        self.value_sizes = self.value_box_sizes()
        g = self.geometry
        target = self.saved_positions()
        placement = None
        if target is None:
            target, placement = self._auto_layout()
        elif target.shape == g.positions.shape and np.allclose(target, g.positions, atol=0.06):
            target = g.positions  # just saved from here (the file rounds them to 0.1)
        moved = target.shape != g.positions.shape or not np.array_equal(target, g.positions)
        if moved:
            self.set_positions(target)
        key = (target.tobytes(), self.slot_size, tuple(self.value_sizes))
        if key != self._placed_for:
            if placement is None and self.labels_shown:
                placement = self._place_at(g.positions, self.leaders_allowed)
            self._use(placement, key)
        return moved

    def place_labels(self) -> None:
        """Place the labels for the neurons where they are now (after a drag), without moving any."""
        self._use(self._place_at(self.geometry.positions, self.leaders_allowed) if self.labels_shown else None,
                  (self.geometry.positions.tobytes(), self.slot_size, tuple(self.value_sizes)))

    def _use(self, placement: Placement | None, key) -> None:
        count = self.geometry.edge_count
        if placement is None:
            placement = Placement.empty(count)
            placement.placed[:] = True
        self.placement = Placement(placement.t.copy(), placement.offset.copy(), placement.placed.copy(),
                                   placement.leader.copy())
        self._placed_for = key
        self._label_points = None
        self.label_shown = self.placement.placed
        self.shown_edges = np.flatnonzero(self.label_shown).tolist()
        self.leader_edges = set(np.flatnonzero(self.placement.leader).tolist())
        self.labels_dropped = int((~self.label_shown).sum()) if self.labels_shown and self.slot_size[0] > 0 else 0
        self.legend = self._legend()

    # ----- label boxes ------------------------------------------------------------------------------
    def label_anchors(self) -> np.ndarray:
        """(E, 2) the point of each edge its label is attached to."""
        g = self.geometry
        return self.placement.anchors(g.p1, g.p2)

    def label_centres(self) -> np.ndarray:
        """(E, 2) the centre of each label's slot."""
        return self.label_anchors() + self.placement.offset

    def label_points(self) -> tuple[list, list]:
        """(slot centres, anchors) of all labels as lists of (x, y), kept until neurons or slots move."""
        if self._label_points is None:
            anchors = self.label_anchors()
            self._label_points = ((anchors + self.placement.offset).tolist(), anchors.tolist())
        return self._label_points

    def label_rect(self, k: int, widest: bool = False) -> QRectF | None:
        """The box edge k's label is drawn in (scene units), placed or not, or with `widest` its whole slot;
        None when it has no label."""
        if not self.labels_shown:
            return None
        lines, w, h = self.edge_block(k)
        if not lines:
            return None
        centres, anchors = self.label_points()
        if widest:
            (x, y), (w, h) = centres[k], self.slot_size
            return QRectF(x - w / 2, y - h / 2, w, h)
        return QRectF(*_box_in_slot(centres[k], anchors[k], w, h, self.slot_size), w, h)

    def label_boxes(self, skip: int | None = None) -> list[tuple[int, float, float, float, float]]:
        """(edge, x, y, w, h) of every drawn label box but `skip`'s (runs on every repaint)."""
        if not self.labels_shown:
            return []
        centres, anchors = self.label_points()
        block, slot = self.edge_block, self.slot_size
        out = []
        for k in self.shown_edges:
            lines, w, h = block(k)
            if lines and k != skip:
                out.append((k, *_box_in_slot(centres[k], anchors[k], w, h, slot), w, h))
        return out

    def drawn_label_count(self) -> int:
        """How many edge labels are drawn (placed and with something to say)."""
        if not self.labels_shown:
            return 0
        return sum(1 for k in np.flatnonzero(self.label_shown).tolist() if self.edge_block(k)[0])


def _box_in_slot(centre, anchor, w: float, h: float, slot) -> tuple[float, float]:
    """Top-left corner of a w x h box inside the slot around `centre`, as near to `anchor` (the point on
    the edge) as the slot allows: centred on the edge, or against the slot's side that faces it."""
    (cx, cy), (ax, ay), half_w, half_h = centre, anchor, slot[0] / 2, slot[1] / 2
    x = min(max(ax - w / 2, cx - half_w), cx + half_w - w)
    y = min(max(ay - h / 2, cy - half_h), cy + half_h - h)
    return x, y
