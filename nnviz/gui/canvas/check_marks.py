"""Check my work on the canvas, drawn by two scene items from the marks handed to NetworkView.set_marks:
a small badge (✓ / ≈ / ✗ and what was answered: z, a, δ, ∂w…) per written answer beside its neuron or on
its edge, and a red halo under the first wrong step's neuron or edge. Exports never show them.
"""
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from . import style
from .model_item import ModelItem

SYMBOL = {"correct": "✓", "carried": "≈", "wrong": "✗"}
FILL = {"correct": QColor("#1a7f37"), "carried": QColor("#f2c744"), "wrong": QColor("#cf222e")}
INK = {"correct": QColor("#ffffff"), "carried": QColor("#1b1f24"), "wrong": QColor("#ffffff")}
HALO = QColor(207, 34, 46, 95)  # the first wrong step
BADGE_FONT_PX = 10
PAD, GAP = 3.0, 1.5
ROWS = 3  # a neuron's badges: columns of three to the right of its circle, clear of its value box below
MIN_ZOOM, MAX_GROWTH = 1.0, 3.0  # below this zoom badges keep their size on screen, growing at most this much


def _bounds(pad: float):
    def bounds(model) -> QRectF:
        left, top, right, bottom = model.geometry.bounds()
        return QRectF(left - pad, top - pad, right - left + 2 * pad, bottom - top + 2 * pad)
    return bounds


class CheckHalo(ModelItem):
    """Under the edges: the first wrong step's neuron or edge in a red halo."""

    def __init__(self, model):
        super().__init__(model, 0.5, _bounds(40.0))
        self.first: tuple[str, int] | None = None  # ("neuron" or "edge", index)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self.first is None or self.exporting:
            return
        kind, k = self.first
        g = self.model.geometry
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if kind == "neuron" and k < g.neuron_count:
            r = self.model.look.fonts.radius + 11
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(HALO)
            painter.drawEllipse(QPointF(*g.positions[k]), r, r)
        elif kind == "edge" and k < len(g.lines):
            pen = QPen(HALO, 14.0)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawLine(g.lines[k])


class CheckBadges(ModelItem):
    """Above everything: one badge per written answer of the shown sample, in a row of pills."""

    def __init__(self, model):
        super().__init__(model, 6, _bounds(220.0))
        self.neurons: dict[int, list[tuple[str, str]]] = {}  # neuron index -> [(label, verdict)]
        self.edges: dict[int, list[tuple[str, str]]] = {}
        self._fonts = None  # the look's fonts the badge font below was made for
        self.font, self.metrics = None, None

    def _follow_text_size(self) -> None:
        fonts = self.model.look.fonts
        if fonts is not self._fonts:
            self._fonts = fonts
            self.font = style.font(BADGE_FONT_PX * fonts.scale, bold=True)
            self.metrics = QFontMetricsF(self.font)

    def pills(self) -> list[tuple[QPointF, QRectF, str, str]]:
        """(anchor, rect around the anchor, text, verdict) of every badge: in columns right of a neuron, in a row
        after an edge's label or above the edge where its label would be. Rects are in badge units, scene units
        at zoom 1 (`paint` keeps them legible when zoomed out)."""
        self._follow_text_size()
        model, g = self.model, self.model.geometry
        h = self.metrics.height() + 1
        out = []
        for k, marks in self.neurons.items():
            if k >= g.neuron_count:
                continue
            x, y = g.positions[k]
            anchor = QPointF(x + model.look.fonts.radius + 3, y)
            left, top = 0.0, -(ROWS * h + (ROWS - 1) * GAP) / 2
            for start in range(0, len(marks), ROWS):
                texts = [(f"{SYMBOL[verdict]} {label}", verdict) for label, verdict in marks[start:start + ROWS]]
                width = max(self.metrics.horizontalAdvance(text) for text, _ in texts) + 2 * PAD
                for row, (text, verdict) in enumerate(texts):
                    out.append((anchor, QRectF(left, top + row * (h + GAP), width, h), text, verdict))
                left += width + GAP
        anchors = model.label_anchors() if self.edges else None
        for k, marks in self.edges.items():
            if k >= g.edge_count:
                continue
            texts = [f"{SYMBOL[verdict]} {label}" for label, verdict in marks]
            widths = [self.metrics.horizontalAdvance(t) + 2 * PAD for t in texts]
            label = model.label_rect(k) if model.labels_shown and model.label_shown[k] else None
            if label is not None:
                anchor, left, top = QPointF(label.right() + GAP, label.top()), 0.0, 0.0
            else:
                anchor = QPointF(*anchors[k])
                left, top = -(sum(widths) + GAP * (len(widths) - 1)) / 2, -h - 3
            for text, w, (_, verdict) in zip(texts, widths, marks):
                out.append((anchor, QRectF(left, top, w, h), text, verdict))
                left += w + GAP
        return out

    def extent(self) -> QRectF | None:
        """The scene rect the badges cover at zoom 1 (the canvas's fit makes room for them); None for none."""
        rects = [rect.translated(anchor) for anchor, rect, _, _ in self.pills()]
        if not rects:
            return None
        out = rects[0]
        for rect in rects[1:]:
            out = out.united(rect)
        return out

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self.exporting or not (self.neurons or self.edges):
            return
        pills = self.pills()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setFont(self.font)
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        grow = min(MAX_GROWTH, max(1.0, MIN_ZOOM / max(lod, 1e-9)))  # zoomed out: the same size on screen
        colours = self.model.look.colours
        rim, outline = QPen(colours.background, 3.0), QPen(colours.text, 1.0)  # apart from the edges under them
        for anchor, rect, text, verdict in pills:
            painter.save()
            painter.translate(anchor)
            painter.scale(grow, grow)
            radius = rect.height() / 2
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(rim)
            painter.drawRoundedRect(rect, radius, radius)
            painter.setPen(outline)
            painter.setBrush(FILL[verdict])
            painter.drawRoundedRect(rect, radius, radius)
            painter.setPen(INK[verdict])
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
            painter.restore()
