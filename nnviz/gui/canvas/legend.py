"""The legend (what edge colour and width mean, with numbers), the error banner and an animated step's stage
banner, drawn with a QPainter in device pixels: as an overlay on the view and into exported images."""
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from nnviz.core.numbers import format_number

from .. import colour_scale
from . import style

PAD = 10.0
SWATCH_W, SWATCH_H = 34.0, 14.0
LINE_GAP = 4.0
STAGE_FONT_PX = style.LEGEND_FONT_PX + 3
STAGE_LINES = 3  # the room a stage banner is given above the diagram


@dataclass
class LegendInfo:
    """Everything the legend says; built by the canvas model on every restyle."""

    quantity: str = "∂L/∂w"  # what colour and width encode
    scale: str = "linear"
    top: float = 0.0  # the largest |value|: the ends of the scale
    neutral: bool = False  # no numbers to encode (no result): edges are drawn grey
    precision: int = 4
    summary: str = ""  # e.g. "Loss L = 64 (sse, sum) · sample 1 of 1"
    notes: list[str] = field(default_factory=list)
    has_removed: bool = False
    error: str | None = None
    look: object = None  # style.Look: colours, fonts and the palette


def _title(info: LegendInfo) -> str:
    scale = "log scale, 4 decades" if info.scale == "log" else "linear scale"
    return f"Edge colour and width = {info.quantity}, {scale}"


def _lines(info: LegendInfo) -> list[tuple[str, QColor, bool]]:
    """The text lines under the colour bar: (text, colour, italic)."""
    colours = info.look.colours
    out = []
    if info.has_removed:
        out.append(("removed edge (weight fixed at 0)", colours.text_secondary, False))
    if info.summary:
        out.append((info.summary, colours.text, False))
    out += [(note, colours.text_secondary, True) for note in info.notes]
    return out


def _swatch(info: LegendInfo) -> tuple[float, float]:
    """Width and height of one colour swatch: they grow with the text."""
    return SWATCH_W * info.look.fonts.scale, SWATCH_H * info.look.fonts.scale


def legend_size(info: LegendInfo) -> tuple[float, float]:
    """Width and height of the legend box in pixels (computed once per LegendInfo)."""
    size = getattr(info, "_size", None)
    if size is None:
        size = info._size = _measure(info)
    return size


def _measure(info: LegendInfo) -> tuple[float, float]:
    fonts = info.look.fonts
    metrics, small = QFontMetricsF(fonts.legend), QFontMetricsF(fonts.legend_small)
    lh = metrics.height()
    swatch_w, swatch_h = _swatch(info)
    bar = swatch_w * len(info.look.palette)
    widths = [metrics.horizontalAdvance(_title(info)), bar + 30]
    widths += [metrics.horizontalAdvance(text) + (44 if text.startswith("removed") else 0) for text, *_ in _lines(info)]
    height = PAD + lh + LINE_GAP + swatch_h + 3 + small.height() + LINE_GAP + len(_lines(info)) * (lh + 1) + PAD - 2
    return max(widths) + 2 * PAD, height


def paint_legend(painter: QPainter, x: float, y: float, info: LegendInfo) -> QRectF:
    """Draw the legend with its top-left corner at (x, y) in the painter's current coordinates."""
    colours, fonts, palette = info.look.colours, info.look.fonts, info.look.palette
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    w, h = legend_size(info)
    box = QRectF(x, y, w, h)
    painter.setPen(QPen(colours.label_border, 0))
    painter.setBrush(colours.background)  # opaque: a translucent fill costs a blend of every pixel
    painter.drawRect(box)
    font, small = QFont(fonts.legend), fonts.legend_small  # a copy: the notes switch it to italic
    metrics, small_metrics = QFontMetricsF(font), QFontMetricsF(small)
    swatch_w, swatch_h = _swatch(info)
    lh = metrics.height()
    cx, cy = x + PAD, y + PAD
    painter.setFont(font)
    painter.setPen(colours.text)
    painter.drawText(QPointF(cx, cy + metrics.ascent()), _title(info))
    cy += lh + LINE_GAP
    # the colour bar: one swatch per palette entry, its height growing with the pen width it stands for
    stops = colour_scale.legend_stops(info.top, info.scale)
    painter.setPen(Qt.PenStyle.NoPen)
    for k in range(len(stops)):
        level = abs(k - colour_scale.ZERO_INDEX) / colour_scale.LEVELS
        hh = 4.0 + (swatch_h - 4.0) * level
        painter.setBrush(palette[colour_scale.ZERO_INDEX] if info.neutral else palette[k])
        painter.drawRect(QRectF(cx + k * swatch_w, cy + (swatch_h - hh) / 2, swatch_w - 1, hh))
    cy += swatch_h + 3
    painter.setFont(small)
    painter.setPen(colours.text_secondary)
    if info.neutral or info.top <= 0:
        text = "no values to encode" if info.neutral else f"all {info.quantity} are 0"
        painter.drawText(QPointF(cx, cy + small_metrics.ascent()), text)
    else:
        for k in range(0, len(stops), 2):  # label every other swatch: ends, halves and zero
            value = stops[k][0]
            text = format_number(float(value), min(info.precision, 3))
            tw = small_metrics.horizontalAdvance(text)
            centre = cx + k * swatch_w + swatch_w / 2
            painter.drawText(QPointF(centre - tw / 2, cy + small_metrics.ascent()), text)
    cy += small_metrics.height() + LINE_GAP
    painter.setFont(font)
    for text, colour, italic in _lines(info):
        tx = cx
        if text.startswith("removed"):
            pen = QPen(colours.removed_edge, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(cx, cy + lh / 2), QPointF(cx + 36, cy + lh / 2))
            tx += 44
        font.setItalic(italic)
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(QPointF(tx, cy + metrics.ascent()), text)
        cy += lh + 1
    painter.restore()
    return box


def error_rect(width: float, text: str, look) -> QRectF:
    """Size of the error banner for a canvas `width` pixels wide (the text wraps)."""
    return _banner_rect(width, _error_text(text), look.fonts.legend_title, look.fonts.scale)


def _error_text(text: str) -> str:
    return f"Cannot compute this network: {text}"


def paint_error(painter: QPainter, x_centre: float, y: float, width: float, text: str, look) -> QRectF:
    """A red banner with the document's error, centred at x_centre, top at y."""
    colours = look.colours
    return _paint_banner(painter, x_centre, y, width, _error_text(text), look,
                         (colours.error_border, colours.error_background, colours.error_text))


def stage_font(look) -> QFont:
    return style.font(STAGE_FONT_PX * min(look.fonts.scale, style.LEGEND_SCALE_LIMIT), bold=True)


def paint_stage(painter: QPainter, x_centre: float, y: float, width: float, text: str, look) -> QRectF:
    """A blue banner saying which stage of an animated training step the canvas shows (big: read in class)."""
    colours = look.colours
    return _paint_banner(painter, x_centre, y, width, text, look,
                         (colours.stage_border, colours.stage_background, colours.text), stage_font(look))


def stage_room(look) -> float:
    """The height kept free above the diagram for a stage banner (a longer one may overlap it)."""
    return STAGE_LINES * QFontMetricsF(stage_font(look)).height() + 2 * PAD + 10


def _banner_rect(width: float, text: str, font: QFont, scale: float) -> QRectF:
    metrics = QFontMetricsF(font)
    inner = min(width - 40, 720.0 * scale)
    bounds = metrics.boundingRect(QRectF(0, 0, inner, 10_000), int(Qt.TextFlag.TextWordWrap), text)
    return QRectF(0, 0, bounds.width() + 2 * PAD + 6, bounds.height() + 2 * PAD)


def _paint_banner(painter: QPainter, x_centre: float, y: float, width: float, text: str, look,
                  colours: tuple[QColor, QColor, QColor], font: QFont | None = None) -> QRectF:
    border, background, ink = colours
    font = look.fonts.legend_title if font is None else font
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    rect = _banner_rect(width, text, font, look.fonts.scale)
    rect.moveTo(x_centre - rect.width() / 2, y)
    painter.setPen(QPen(border, 1.5))
    painter.setBrush(background)
    painter.drawRoundedRect(rect, 6, 6)
    painter.setPen(ink)
    painter.setFont(font)
    painter.drawText(rect.adjusted(PAD + 3, PAD, -PAD, -PAD), int(Qt.TextFlag.TextWordWrap), text)
    painter.restore()
    return rect
