"""Pure renders of the whole diagram and its legend on white: a QImage (PNG export, tests) or an SVG."""
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem
from PySide6.QtSvg import QSvgGenerator

from . import style
from .legend import error_rect, legend_size, paint_error, paint_legend

MAX_PIXELS = 4096  # longest side of an image rendered at the default scale (big networks shrink)


def diagram_rect(view, widest: bool = False) -> QRectF:
    """The scene rect holding every circle, value box, header and edge label (with `widest`: as wide as
    they can get at this precision, so that numbers still to come fit in too)."""
    model = view.model
    g = model.geometry
    r = style.RADIUS + 8
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


def _layout(view) -> tuple[QRectF, float, float, float, float]:
    """(source rect, total width, total height, error banner height, legend top) in scene units."""
    source = diagram_rect(view).adjusted(-style.MARGIN, -style.MARGIN, style.MARGIN, style.MARGIN)
    legend_w, legend_h = legend_size(view.model.legend)
    error_h = 0.0
    width = max(source.width(), legend_w + 2 * style.MARGIN)
    if view.doc.error:
        width = max(width, min(760.0, error_rect(10_000, view.doc.error).width()) + 2 * style.MARGIN)
        error_h = error_rect(width, view.doc.error).height() + style.MARGIN
    height = error_h + source.height() + legend_h + style.MARGIN
    return source, width, height, error_h, error_h + source.height()


@contextmanager
def _exporting(view):
    """The model as exports draw it (the whole pass, every edge in colour) for the whole export."""
    view.model.set_exporting(True)
    try:
        yield
    finally:
        view.model.set_exporting(False)


def _paint(view, painter: QPainter, scale: float) -> None:
    """Paint everything at `scale` output pixels per scene unit, inside _exporting; the painter is set up."""
    model = view.model
    source, width, _, error_h, legend_top = _layout(view)
    painter.scale(scale, scale)
    selected = view.edges.selected, view.labels.selected, view.neurons.selected
    view.edges.selected = view.labels.selected = view.neurons.selected = None  # exports show no selection
    cached = [(item, item.cacheMode()) for item in view.items_()]
    for item, _ in cached:  # vector output: no item may be painted from a pixmap cache
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    model.set_exporting(True, pen_scale=scale)
    try:
        target = QRectF((width - source.width()) / 2, error_h, source.width(), source.height())
        view.scene().render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
        if view.doc.error:
            paint_error(painter, width / 2, style.MARGIN / 2, width, view.doc.error)
        paint_legend(painter, style.MARGIN, legend_top, model.legend)
    finally:
        for item, mode in cached:
            item.setCacheMode(mode)
        view.edges.selected, view.labels.selected, view.neurons.selected = selected


def render_image(view, width: int | None = None, height: int | None = None, scale: float = 1.0) -> QImage:
    """The diagram on white. With width and/or height it is scaled to fit them, else drawn at `scale`."""
    with _exporting(view):
        return _render_image(view, width, height, scale)


def _render_image(view, width: int | None, height: int | None, scale: float) -> QImage:
    _, total_w, total_h, _, _ = _layout(view)
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
    image = QImage(int(width), int(height), QImage.Format.Format_RGB32)
    image.fill(style.BACKGROUND)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.translate((width - total_w * s) / 2, (height - total_h * s) / 2)
    _paint(view, painter, s)
    painter.end()
    return image


def render_svg(view, path) -> None:
    """Write the diagram and its legend to an SVG file at `path`."""
    with _exporting(view):
        _render_svg(view, path)


def _render_svg(view, path) -> None:
    _, total_w, total_h, _, _ = _layout(view)
    generator = QSvgGenerator()
    generator.setFileName(str(Path(path)))
    generator.setSize(QSize(round(total_w), round(total_h)))
    generator.setViewBox(QRectF(0, 0, total_w, total_h))
    generator.setTitle(view.doc.display_name())
    generator.setDescription("Network diagram exported by nnviz")
    painter = QPainter(generator)
    painter.fillRect(QRectF(0, 0, total_w, total_h), style.BACKGROUND)
    _paint(view, painter, 1.0)
    painter.end()
