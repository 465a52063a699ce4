"""The weight and gradient labels of all edges, drawn by one item: small white boxes placed along the
edges (see placement.py), skipped entirely when the zoom makes their text too small to read."""
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from . import style


def texts_legible(painter: QPainter, pixels: int) -> bool:
    """Whether text of `pixels` scene size is big enough on the painter's device to be worth drawing."""
    lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
    return lod * pixels >= style.MIN_TEXT_PIXELS


class EdgeLabels(QGraphicsItem):
    """Every edge's label box, or nothing when the network is too big for labels."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.selected: int | None = None
        self.font = style.font(style.LABEL_FONT_PX)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setZValue(3)
        self._bounds = QRectF()
        self.geometry_changed()

    def geometry_changed(self) -> None:
        self.prepareGeometryChange()
        left, top, right, bottom = self.model.geometry.bounds()
        self._bounds = QRectF(left - 150, top - 60, right - left + 300, bottom - top + 120)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def label_at(self, x: float, y: float) -> int | None:
        """The edge whose label box contains (x, y), the topmost (last drawn) first."""
        model = self.model
        if not model.labels_shown:
            return None
        centres = model.label_centres()
        order = list(range(len(centres) - 1, -1, -1))
        if self.selected is not None and self.selected < len(centres):
            order.insert(0, self.selected)  # drawn last, so on top
        for k in order:
            if k != self.selected and not model.label_shown[k]:
                continue
            rect = model.label_rect(k, centres)
            if rect is not None and rect.contains(x, y):
                return k
        return None

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        model = self.model
        if not model.labels_shown or not texts_legible(painter, style.LABEL_FONT_PX):
            return
        exposed = option.exposedRect
        left, top, right, bottom = exposed.left(), exposed.top(), exposed.right(), exposed.bottom()
        shown, selected = model.label_shown, self.selected
        boxes, texts = [], []
        ascent, lh = model.label_metrics.ascent(), model.label_metrics.height()
        for k, (x, y) in enumerate(model.label_centres().tolist()):
            if not shown[k] or k == selected:
                continue
            lines, w, h = model.edge_block(k)
            x0, y0 = x - w / 2, y - h / 2
            if not lines or x0 > right or y0 > bottom or x0 + w < left or y0 + h < top:
                continue
            boxes.append(QRectF(x0, y0, w, h))
            ty = y0 + 2 + ascent
            for text, colour, _ in lines:
                texts.append((colour, QPointF(x0 + 4, ty), text))
                ty += lh
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setFont(self.font)
        draw_boxes_and_texts(painter, boxes, texts, QPen(style.LABEL_BORDER, 0), style.LABEL_BACKGROUND)
        if selected is not None and selected < len(shown):
            rect = model.label_rect(selected)
            if rect is not None:  # on top, with an amber frame
                lines, _, _ = model.edge_block(selected)
                texts = [(colour, QPointF(rect.left() + 4, rect.top() + 2 + ascent + n * lh), text)
                         for n, (text, colour, _) in enumerate(lines)]
                draw_boxes_and_texts(painter, [rect], texts, QPen(style.SELECTION, 2.0), style.LABEL_BACKGROUND)


def draw_boxes_and_texts(painter: QPainter, boxes: list[QRectF], texts: list, border: QPen, fill) -> None:
    """All boxes in one call, then the texts grouped by colour (few pen changes, few Python calls)."""
    painter.setPen(border)
    painter.setBrush(fill)
    if boxes:
        painter.drawRects(boxes)
    draw_text = painter.drawText
    colour = None
    for c, point, text in sorted(texts, key=lambda t: t[0].rgba()):
        if c != colour:
            colour = c
            painter.setPen(c)
        draw_text(point, text)
