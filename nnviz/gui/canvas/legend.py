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


def _title(info: LegendInfo) -> str:
    scale = "log scale, 4 decades" if info.scale == "log" else "linear scale"
    return f"Edge colour and width = {info.quantity}, {scale}"


def _lines(info: LegendInfo) -> list[tuple[str, QColor, bool]]:
    """The text lines under the colour bar: (text, colour, italic)."""
    out = []
    if info.has_removed:
        out.append(("removed edge (weight fixed at 0)", style.TEXT_SECONDARY, False))
    if info.summary:
        out.append((info.summary, style.TEXT, False))
    out += [(note, style.TEXT_SECONDARY, True) for note in info.notes]
    return out


_FONTS: dict = {}


def _fonts():
    """(font, small font, their metrics), made once (after the QApplication exists)."""
    if not _FONTS:
        font, small = style.font(style.LEGEND_FONT_PX), style.font(style.LEGEND_FONT_PX - 1)
        _FONTS.update(font=font, small=small, metrics=QFontMetricsF(font), small_metrics=QFontMetricsF(small))
    return _FONTS["font"], _FONTS["small"], _FONTS["metrics"], _FONTS["small_metrics"]


def legend_size(info: LegendInfo) -> tuple[float, float]:
    """Width and height of the legend box in pixels (computed once per LegendInfo)."""
    size = getattr(info, "_size", None)
    if size is None:
        size = info._size = _measure(info)
    return size


def _measure(info: LegendInfo) -> tuple[float, float]:
    _, _, metrics, small = _fonts()
    lh = metrics.height()
    bar = SWATCH_W * len(colour_scale.PALETTE)
    widths = [metrics.horizontalAdvance(_title(info)), bar + 30]
    widths += [metrics.horizontalAdvance(text) + (44 if text.startswith("removed") else 0) for text, *_ in _lines(info)]
    height = PAD + lh + LINE_GAP + SWATCH_H + 3 + small.height() + LINE_GAP + len(_lines(info)) * (lh + 1) + PAD - 2
    return max(widths) + 2 * PAD, height


def paint_legend(painter: QPainter, x: float, y: float, info: LegendInfo) -> QRectF:
    """Draw the legend with its top-left corner at (x, y) in the painter's current coordinates."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    w, h = legend_size(info)
    box = QRectF(x, y, w, h)
    painter.setPen(QPen(style.LABEL_BORDER, 0))
    painter.setBrush(style.BACKGROUND)  # opaque: a translucent fill costs a blend of every pixel
    painter.drawRect(box)
    font, small, metrics, small_metrics = _fonts()
    font = QFont(font)  # a copy: the notes switch it to italic
    lh = metrics.height()
    cx, cy = x + PAD, y + PAD
    painter.setFont(font)
    painter.setPen(style.TEXT)
    painter.drawText(QPointF(cx, cy + metrics.ascent()), _title(info))
    cy += lh + LINE_GAP
    # the colour bar: one swatch per palette entry, its height growing with the pen width it stands for
    stops = colour_scale.legend_stops(info.top, info.scale)
    painter.setPen(Qt.PenStyle.NoPen)
    for k, (_, colour) in enumerate(stops):
        level = abs(k - colour_scale.ZERO_INDEX) / colour_scale.LEVELS
        hh = 4.0 + (SWATCH_H - 4.0) * level
        painter.setBrush(QColor(colour_scale.ZERO if info.neutral else colour))
        painter.drawRect(QRectF(cx + k * SWATCH_W, cy + (SWATCH_H - hh) / 2, SWATCH_W - 1, hh))
    cy += SWATCH_H + 3
    painter.setFont(small)
    painter.setPen(style.TEXT_SECONDARY)
    if info.neutral or info.top <= 0:
        text = "no values to encode" if info.neutral else f"all {info.quantity} are 0"
        painter.drawText(QPointF(cx, cy + small_metrics.ascent()), text)
    else:
        for k in range(0, len(stops), 2):  # label every other swatch: ends, halves and zero
            value = stops[k][0]
            text = format_number(float(value), min(info.precision, 3))
            tw = small_metrics.horizontalAdvance(text)
            centre = cx + k * SWATCH_W + SWATCH_W / 2
            painter.drawText(QPointF(centre - tw / 2, cy + small_metrics.ascent()), text)
    cy += small_metrics.height() + LINE_GAP
    painter.setFont(font)
    for text, colour, italic in _lines(info):
        tx = cx
        if text.startswith("removed"):
            pen = QPen(style.REMOVED_EDGE, 1.5, Qt.PenStyle.DashLine)
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


def error_rect(width: float, text: str) -> QRectF:
    """Size of the error banner for a canvas `width` pixels wide (the text wraps)."""
    return _banner_rect(width, _error_text(text), style.LEGEND_FONT_PX + 1)


def _error_text(text: str) -> str:
    return f"Cannot compute this network: {text}"


def paint_error(painter: QPainter, x_centre: float, y: float, width: float, text: str) -> QRectF:
    """A red banner with the document's error, centred at x_centre, top at y."""
    return _paint_banner(painter, x_centre, y, width, _error_text(text), style.LEGEND_FONT_PX + 1,
                         (style.ERROR_BORDER, style.ERROR_BACKGROUND, style.ERROR_TEXT))


def paint_stage(painter: QPainter, x_centre: float, y: float, width: float, text: str) -> QRectF:
    """A blue banner saying which stage of an animated training step the canvas shows (big: read in class)."""
    return _paint_banner(painter, x_centre, y, width, text, STAGE_FONT_PX,
                         (style.STAGE_BORDER, style.STAGE_BACKGROUND, style.TEXT))


def stage_room() -> float:
    """The height kept free above the diagram for a stage banner (a longer one may overlap it)."""
    return STAGE_LINES * QFontMetricsF(style.font(STAGE_FONT_PX, bold=True)).height() + 2 * PAD + 10


def _banner_rect(width: float, text: str, pixels: int) -> QRectF:
    metrics = QFontMetricsF(style.font(pixels, bold=True))
    inner = min(width - 40, 720.0)
    bounds = metrics.boundingRect(QRectF(0, 0, inner, 10_000), int(Qt.TextFlag.TextWordWrap), text)
    return QRectF(0, 0, bounds.width() + 2 * PAD + 6, bounds.height() + 2 * PAD)


def _paint_banner(painter: QPainter, x_centre: float, y: float, width: float, text: str, pixels: int,
                  colours: tuple[QColor, QColor, QColor]) -> QRectF:
    border, background, ink = colours
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    rect = _banner_rect(width, text, pixels)
    rect.moveTo(x_centre - rect.width() / 2, y)
    painter.setPen(QPen(border, 1.5))
    painter.setBrush(background)
    painter.drawRoundedRect(rect, 6, 6)
    painter.setPen(ink)
    painter.setFont(style.font(pixels, bold=True))
    painter.drawText(rect.adjusted(PAD + 3, PAD, -PAD, -PAD), int(Qt.TextFlag.TextWordWrap), text)
    painter.restore()
    return rect
