"""The weight and gradient labels of all edges, drawn by one item: small white boxes with a thin border in
their edge's colour, placed along their edges (see model_labels.py); a label that had to sit away from
its edge is joined to it by a leader line ending in a dot. Skipped when the zoom makes text unreadable."""
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from . import style
from .model_item import ModelItem

DOT_RADIUS = 2.5  # where a leader line meets its edge


def texts_legible(painter: QPainter, pixels: int) -> bool:
    """Whether text of `pixels` scene size is big enough on the painter's device to be worth drawing."""
    lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
    return lod * pixels >= style.MIN_TEXT_PIXELS


def border_colour(look, index: int) -> QColor:
    """The colour of a label's border: its edge's palette colour, grey for a removed edge."""
    return look.colours.removed_edge if index < 0 else look.palette[index]


def leader_line(anchor: tuple[float, float], rect: QRectF) -> QLineF:
    """From the anchor on the edge to the nearest point of the label's box."""
    ax, ay = anchor
    x = min(max(ax, rect.left()), rect.right())
    y = min(max(ay, rect.top()), rect.bottom())
    return QLineF(ax, ay, x, y)


def _label_bounds(model) -> QRectF:
    """Every label slot shown, plus room for wider texts."""
    left, top, right, bottom = model.geometry.bounds()
    if model.labels_shown and model.label_shown.any():
        slots = model.placement.slots(model.geometry.p1, model.geometry.p2,
                                      [model.slot_size] * model.geometry.edge_count)[model.label_shown]
        left, top = min(left, float(slots[:, 0].min())), min(top, float(slots[:, 1].min()))
        right, bottom = max(right, float(slots[:, 2].max())), max(bottom, float(slots[:, 3].max()))
    return QRectF(left - 60, top - 30, right - left + 120, bottom - top + 60)


class EdgeLabels(ModelItem):
    """Every edge's label box, or nothing when the network is too big for labels."""

    def __init__(self, model):
        super().__init__(model, 3, _label_bounds)
        self.selected: int | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def label_at(self, x: float, y: float) -> int | None:
        """The edge whose label box contains (x, y), the topmost (last drawn) first."""
        model = self.model
        if not model.labels_shown:
            return None
        if self.selected is not None and self.selected < len(model.label_shown):
            rect = model.label_rect(self.selected)  # drawn last, so on top
            if rect is not None and rect.contains(x, y):
                return self.selected
        for k, x0, y0, w, h in reversed(model.label_boxes(skip=self.selected)):
            if x0 <= x <= x0 + w and y0 <= y <= y0 + h:
                return k
        return None

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        model = self.model
        look = model.look
        if not model.labels_shown or not texts_legible(painter, look.fonts.label_px):
            return
        exposed = option.exposedRect
        left, top, right, bottom = exposed.left(), exposed.top(), exposed.right(), exposed.bottom()
        selected = None if self.exporting else self.selected  # an export shows no selection
        leaders_of, colours = model.leader_edges, model.label_colours
        anchors = model.label_points()[1]
        boxes: dict[int, list[QRectF]] = {}
        leaders: dict[int, list[QLineF]] = {}
        texts = []
        ascent, lh = model.label_metrics.ascent(), model.label_metrics.height()
        for k, x0, y0, w, h in model.label_boxes(skip=selected):
            if x0 > right or y0 > bottom or x0 + w < left or y0 + h < top:
                continue
            rect = QRectF(x0, y0, w, h)
            colour = colours[k]
            boxes.setdefault(colour, []).append(rect)
            if k in leaders_of:
                leaders.setdefault(colour, []).append(leader_line(anchors[k], rect))
            ty = y0 + 2 + ascent
            for text, text_colour, _ in model.edge_block(k)[0]:
                texts.append((text_colour, QPointF(x0 + 4, ty), text))
                ty += lh
        painter.setFont(look.fonts.label)
        draw_leaders(painter, look, leaders, not self.exporting)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for colour, rects in boxes.items():
            painter.setPen(QPen(border_colour(look, colour), 0))
            painter.setBrush(look.colours.label_background)
            painter.drawRects(rects)
        draw_boxes_and_texts(painter, [], texts, QPen(look.colours.label_border, 0), look.colours.label_background)
        if selected is not None and selected < len(model.label_shown):
            rect = model.label_rect(selected)
            if rect is not None:  # on top, with an amber frame (even a label left out for lack of room)
                if selected in leaders_of:
                    draw_leaders(painter, look, {colours[selected]: [leader_line(anchors[selected], rect)]})
                    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                lines, _, _ = model.edge_block(selected)
                texts = [(colour, QPointF(rect.left() + 4, rect.top() + 2 + ascent + n * lh), text)
                         for n, (text, colour, _) in enumerate(lines)]
                draw_boxes_and_texts(painter, [rect], texts, QPen(look.colours.selection, 2.0),
                                     look.colours.label_background)


def draw_leaders(painter: QPainter, look, leaders: dict[int, list[QLineF]], cosmetic: bool = True) -> None:
    """Leader lines (antialiased, 1 px) in their edge's colour, each with a dot where it meets the edge."""
    if not leaders:
        return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for colour, lines in leaders.items():
        pen = QPen(border_colour(look, colour), 1.2)
        pen.setCosmetic(cosmetic)
        painter.setPen(pen)
        painter.drawLines(lines)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(border_colour(look, colour))
        for line in lines:
            painter.drawEllipse(line.p1(), DOT_RADIUS, DOT_RADIUS)


def draw_boxes_and_texts(painter: QPainter, boxes: list[QRectF], texts: list, border: QPen, fill) -> None:
    """All boxes in one call, then the texts grouped by colour (few pen changes, few Python calls)."""
    painter.setPen(border)
    painter.setBrush(fill)
    if boxes:
        painter.drawRects(boxes)
    groups: dict[int, tuple] = {}
    for c, point, text in texts:  # the texts' colours are a handful of shared QColor objects
        group = groups.get(id(c))
        if group is None:
            group = groups[id(c)] = (c, [])
        group[1].append((point, text))
    draw_text = painter.drawText
    for colour, items in groups.values():
        painter.setPen(colour)
        for point, text in items:
            draw_text(point, text)
