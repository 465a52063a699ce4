"""The one render of the whole diagram and its legend, for every export: a PNG image (at a scale or DPI, on
white or transparent), an SVG drawing, a PDF page (vectors) and the clipboard.

As pyqtgraph's exporters do, the items are put in export mode (no selection, hover or Explain marks, no
pixmap caches) and the model draws every edge in colour in the light theme, for the time of the render.
"""
import functools
import re
from contextlib import contextmanager

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from . import style
from .legend import error_rect, legend_size, paint_error, paint_legend

MAX_PIXELS = 8192  # longest side of an exported image (big networks at a big scale shrink)
SCREEN_DPI = 96.0  # scale 1 is one pixel per scene unit, which a 96-dpi screen shows at its size
SVG_FONTS = "'DejaVu Sans', 'Helvetica Neue', Arial, Helvetica, sans-serif"  # every viewer resolves the last


def diagram_rect(view, widest: bool = False) -> QRectF:
    """The scene rect holding every circle, value box, header and edge label (with `widest`: as wide as
    they can get at this precision, so that numbers still to come fit in too)."""
    model = view.model
    g = model.geometry
    r = model.look.fonts.radius + 8
    left, top, right, bottom = g.bounds()
    rect = QRectF(left - r, top - r, right - left + 2 * r, bottom - top + 2 * r)
    for header in model.header_rects():
        rect = rect.united(header)
    for k in range(g.neuron_count):
        box = model.value_box(k, widest)
        if box.height() > 0:
            rect = rect.united(box)
    if model.labels_shown:
        for k in range(g.edge_count):
            label = model.label_rect(k, widest) if model.label_shown[k] else None
            if label is not None:
                rect = rect.united(label)
    return rect


@contextmanager
def export_mode(view):
    """The items and the model set up for an export while the block runs, then as they were (a block
    inside another changes nothing). Sizes too are taken in it: an animated step shows part of a pass,
    an export the whole of it."""
    if view.model.exporting:
        yield
        return
    items = view.items_()
    view.model.set_exporting(True)
    for item in items:
        item.setExportMode(True)
    try:
        yield
    finally:
        for item in items:
            item.setExportMode(False)
        view.model.set_exporting(False)


def _in_export_mode(render):
    """Run the whole of `render(view, ...)` in one export mode (its size and its painting agree)."""
    @functools.wraps(render)
    def wrapped(view, *args, **kwargs):
        with export_mode(view):
            return render(view, *args, **kwargs)
    return wrapped


def _layout(view) -> tuple[QRectF, float, float, float, float]:
    """(source rect, total width, total height, error banner height, legend top) in scene units."""
    look = view.model.look  # an export's sizes are the screen's: only its colours differ
    source = diagram_rect(view).adjusted(-style.MARGIN, -style.MARGIN, style.MARGIN, style.MARGIN)
    legend_w, legend_h = legend_size(view.model.legend)
    error_h = 0.0
    width = max(source.width(), legend_w + 2 * style.MARGIN)
    if view.doc.error:
        width = max(width, min(760.0, error_rect(10_000, view.doc.error, look).width()) + 2 * style.MARGIN)
        error_h = error_rect(width, view.doc.error, look).height() + style.MARGIN
    height = error_h + source.height() + legend_h + style.MARGIN
    return source, width, height, error_h, error_h + source.height()


def size(view) -> tuple[float, float]:
    """The export's width and height in scene units (pixels at scale 1)."""
    with export_mode(view):
        _, width, height, _, _ = _layout(view)
    return width, height


def paint(view, painter: QPainter, scale: float, background: QColor | None = style.LIGHT.background) -> None:
    """Paint the whole diagram at `scale` device units per scene unit (the one render every export uses)."""
    with export_mode(view):
        source, width, height, error_h, legend_top = _layout(view)
        if background is not None:
            painter.fillRect(QRectF(0, 0, width * scale, height * scale), background)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.scale(scale, scale)
        model = view.model
        target = QRectF((width - source.width()) / 2, error_h, source.width(), source.height())
        view.scene().render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
        if view.doc.error:
            paint_error(painter, width / 2, style.MARGIN / 2, width, view.doc.error, model.look)
        paint_legend(painter, style.MARGIN, legend_top, model.legend)
        painter.restore()


@_in_export_mode
def render_image(view, width: int | None = None, height: int | None = None, scale: float = 1.0,
                 transparent: bool = False, dpi: float | None = None) -> QImage:
    """The diagram as an image: fitted into width and/or height, else drawn at `scale` (or `dpi`, which
    the image also records); on white, or on a transparent background."""
    total_w, total_h = size(view)
    if dpi is not None:
        scale = dpi / SCREEN_DPI
    if width and height:
        s = min(width / total_w, height / total_h)
    elif width:
        s = width / total_w
        height = max(1, round(total_h * s))
    elif height:
        s = height / total_h
        width = max(1, round(total_w * s))
    else:
        s = min(scale, MAX_PIXELS / max(total_w, total_h))
        width, height = max(1, round(total_w * s)), max(1, round(total_h * s))
    image = QImage(int(width), int(height), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent if transparent else style.LIGHT.background)
    if dpi is not None:
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
    painter = QPainter(image)
    painter.translate((width - total_w * s) / 2, (height - total_h * s) / 2)
    paint(view, painter, s, None)
    painter.end()
    return image


def _buffer():
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return data, buffer


def png_bytes(view, scale: float = 1.0, transparent: bool = False, dpi: float | None = None) -> bytes:
    """The diagram as PNG file contents (see render_image)."""
    data, buffer = _buffer()
    if not render_image(view, scale=scale, transparent=transparent, dpi=dpi).save(buffer, "PNG"):
        raise OSError("the PNG encoder failed (out of memory?)")
    buffer.close()
    return bytes(data)


@_in_export_mode
def svg_bytes(view, transparent: bool = False) -> bytes:
    """The diagram as SVG file contents; its text names fonts every viewer can resolve."""
    total_w, total_h = size(view)
    data, buffer = _buffer()
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(round(total_w), round(total_h)))
    generator.setViewBox(QRectF(0, 0, total_w, total_h))
    generator.setResolution(int(SCREEN_DPI))  # its printed size is its size on a screen
    generator.setTitle(view.doc.display_name())
    generator.setDescription("Network diagram exported by nnviz")
    painter = QPainter(generator)
    paint(view, painter, 1.0, None if transparent else style.LIGHT.background)
    painter.end()
    buffer.close()
    text = bytes(data).decode("utf-8")
    return re.sub(r'font-family="[^"]*"', f'font-family="{SVG_FONTS}"', text).encode("utf-8")


@_in_export_mode
def pdf_bytes(view) -> bytes:
    """The diagram as a one-page PDF of its own size, as vectors (QPdfWriter)."""
    total_w, total_h = size(view)
    data, buffer = _buffer()
    writer = QPdfWriter(buffer)
    writer.setResolution(int(SCREEN_DPI))
    points = QSizeF(total_w * 72.0 / SCREEN_DPI, total_h * 72.0 / SCREEN_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(points, QPageSize.Unit.Point, "diagram"),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(view.doc.display_name())
    writer.setCreator("nnviz")
    painter = QPainter(writer)
    paint(view, painter, 1.0)
    painter.end()
    del writer  # flushes the PDF's trailer into the buffer
    buffer.close()
    return bytes(data)


FORMATS = (".png", ".svg", ".pdf")


def export_bytes(view, suffix: str, scale: float = 1.0, dpi: float | None = None,
                 transparent: bool = False) -> bytes:
    """The one export: the diagram as the contents of a .png, .svg or .pdf file (chosen by `suffix`)."""
    suffix = suffix.lower()
    if suffix == ".png":
        return png_bytes(view, scale, transparent, dpi)
    if suffix == ".svg":
        return svg_bytes(view, transparent)
    if suffix == ".pdf":
        return pdf_bytes(view)
    raise ValueError(f"cannot export a diagram as {suffix or 'a file without an ending'}: "
                     "use .png, .svg or .pdf")
