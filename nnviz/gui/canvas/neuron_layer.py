"""All neurons and column headers, drawn by two scene items instead of one item per neuron.

NeuronCircles draws the circles (and the selection halo) and is cached as a device pixmap, since
circles change only when neurons move, the selection changes or the zoom changes; NeuronTexts draws
the names, the value lines (z, a, b, δ) in a small box under each circle, and the column headers,
every frame, skipping them when the zoom makes them too small to read. Dragging is done by the view.
"""
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from . import style
from .edge_labels import draw_boxes_and_texts, texts_legible
from .model_item import ModelItem

BORDER_WIDTH = 1.6
MIN_NAME_FONT_PX = 9


def _neuron_bounds(model) -> QRectF:
    """Circles, headers and value boxes (as big as they can get at the current precision)."""
    left, top, right, bottom = model.geometry.bounds()
    r = model.look.fonts.radius
    side = max([110.0] + [w / 2 + 10 for w, _ in model.value_sizes])
    below = max([r + 110.0] + [r + 5 + h + 10 for _, h in model.value_sizes])
    return QRectF(left - side, top - r - style.HEADER_GAP - 50,
                  right - left + 2 * side, bottom - top + r + style.HEADER_GAP + 50 + below)


def _visible(model, option: QStyleOptionGraphicsItem) -> list[int]:
    r = model.look.fonts.radius + 8
    exposed = option.exposedRect.adjusted(-r, -r, r, r)
    return [k for k, (x, y) in enumerate(model.geometry.positions.tolist()) if exposed.contains(x, y)]


class NeuronCircles(ModelItem):
    """Every neuron's circle, coloured by kind (input, hidden, output), and the selection halo."""

    def __init__(self, model):
        super().__init__(model, 4, _neuron_bounds)
        self.selected: int | None = None  # neuron index
        self.emphasis: list[int] = []  # neurons marked from the Explain panel
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_selected(self, k: int | None) -> None:
        if k != self.selected:
            self.selected = k
            self.update()

    def set_emphasis(self, neurons: list[int]) -> None:
        if neurons != self.emphasis:
            self.emphasis = neurons
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        model, g, r = self.model, self.model.geometry, self.model.look.fonts.radius
        colours = model.look.colours
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        if not self.exporting:
            painter.setBrush(colours.emphasis)
            for k in self.emphasis:
                if k < g.neuron_count:
                    painter.drawEllipse(QPointF(*g.positions[k]), r + 9, r + 9)
        if self.selected is not None and self.selected < g.neuron_count and not self.exporting:
            x, y = g.positions[self.selected]
            painter.setBrush(colours.selection)
            painter.drawEllipse(QPointF(x, y), r + 7, r + 7)
        last = len(model.sizes) - 1
        kinds = ["input"] + ["hidden"] * (last - 1) + ["output"]
        painter.setPen(QPen(colours.neuron_border, BORDER_WIDTH))
        for k in _visible(model, option):
            x, y = g.positions[k]
            painter.setBrush(colours.neuron_fill[kinds[g.column[k]]])
            painter.drawEllipse(QPointF(x, y), r, r)


class NeuronTexts(ModelItem):
    """Neuron names, their value boxes and the column headers."""

    def __init__(self, model):
        super().__init__(model, 5, _neuron_bounds)
        self._fitted: dict[str, tuple] = {}  # name -> (font, width, baseline offset) that fit its circle
        self._fitted_for = None  # the fonts the fitted names were measured with
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        if not texts_legible(painter, self.model.look.fonts.value_px):
            return
        visible = _visible(self.model, option)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self._paint_names(painter, visible)
        self._paint_values(painter, visible)
        self._paint_headers(painter)

    def _fit(self, name: str) -> tuple:
        """The font (the name font, or a smaller one for a long name), width and baseline offset of `name`."""
        fonts = self.model.look.fonts
        font = fonts.name
        metrics = QFontMetricsF(font)
        w = metrics.horizontalAdvance(name)
        room = 2 * fonts.radius - 6  # a wider name (out⁽¹⁾₁₂) is drawn smaller to stay in its circle
        if w > room:
            font = style.font(max(MIN_NAME_FONT_PX, int(fonts.name_px * room / w)))
            metrics = QFontMetricsF(font)
            w = metrics.horizontalAdvance(name)
        return font, w, -metrics.height() / 2 + metrics.ascent()

    def _paint_names(self, painter: QPainter, visible: list[int]) -> None:
        model, g = self.model, self.model.geometry
        painter.setPen(model.look.colours.text)
        if self._fitted_for is not model.look.fonts:
            self._fitted, self._fitted_for = {}, model.look.fonts
        current = None
        for k in visible:
            x, y = g.positions[k]
            name = model.neuron_name(k)
            fitted = self._fitted.get(name)
            if fitted is None:
                fitted = self._fitted[name] = self._fit(name)
            font, w, offset = fitted
            if font is not current:
                painter.setFont(font)
                current = font
            painter.drawText(QPointF(x - w / 2, y + offset), name)

    def _paint_values(self, painter: QPainter, visible: list[int]) -> None:
        model = self.model
        ascent, lh = model.value_metrics.ascent(), model.value_metrics.height()
        gap = model.look.fonts.radius + 5
        positions = model.geometry.positions
        boxes, texts = [], []
        for k in visible:
            lines, w, h = model.neuron_block(k)
            if not lines:
                continue
            x, y = positions[k]
            boxes.append(QRectF(x - w / 2, y + gap, w, h))
            ty = y + gap + 2 + ascent
            for text, colour, tw in lines:
                texts.append((colour, QPointF(x - tw / 2, ty), text))
                ty += lh
        colours = model.look.colours
        painter.setFont(model.look.fonts.value)
        draw_boxes_and_texts(painter, boxes, texts, QPen(colours.label_border, 0), colours.value_background)

    def _paint_headers(self, painter: QPainter) -> None:
        model = self.model
        fonts, colours = model.look.fonts, model.look.colours
        for x, y, title, note in model.headers():
            painter.setFont(fonts.header)
            painter.setPen(colours.text)
            w = model.header_metrics.horizontalAdvance(title)
            painter.drawText(QPointF(x - w / 2, y), title)
            if note:
                painter.setFont(fonts.note)
                painter.setPen(colours.no_bias)
                nw = model.note_metrics.horizontalAdvance(note)
                painter.drawText(QPointF(x - nw / 2, y + model.note_metrics.height() + 1), note)
