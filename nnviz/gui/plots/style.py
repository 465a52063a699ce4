"""pyqtgraph on PySide6, styled per widget (white background, dark text) without touching its global options."""
import PySide6  # noqa: F401  (first: pyqtgraph binds to the Qt wrapper that is already loaded)
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy

import pyqtgraph as pg

BACKGROUND = "#FFFFFF"
TEXT = "#1B1F24"
TEXT_SECONDARY = "#57606A"
AXIS = "#3D4650"
GRID_ALPHA = 0.12
LEGEND_BRUSH = QColor(255, 255, 255, 225)
LEGEND_PEN = "#D0D7DE"
# Okabe-Ito: distinguishable with every common colour-vision deficiency
SERIES = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
TRAIN = SERIES[0]
VALIDATION = SERIES[1]
DIVERGED = "#C0392B"
CURRENT_STEP = "#57606A"


def plot_widget() -> pg.PlotWidget:
    """A PlotWidget on white with dark axes and a faint grid (pg.setConfigOptions stays untouched)."""
    widget = pg.PlotWidget(background=BACKGROUND)
    item = widget.getPlotItem()
    style_axes(item)
    item.showGrid(x=True, y=True, alpha=GRID_ALPHA)
    item.hideButtons()  # the panels have their own Auto-range button
    return widget


def style_axes(item: pg.PlotItem, names=("left", "bottom")) -> None:
    """Dark axis lines and tick labels (pyqtgraph's default foreground is light grey, for black backgrounds)."""
    for name in names:
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(AXIS))
        axis.setTextPen(pg.mkPen(TEXT))
        axis.enableAutoSIPrefix(False)  # "loss (x0.001)" with ticks 100..700 misleads; ticks show the numbers


def set_label(item: pg.PlotItem, axis: str, text: str) -> None:
    item.setLabel(axis, text, color=TEXT)


def legend(item: pg.PlotItem, offset=(-10, 10)) -> pg.LegendItem:
    return item.addLegend(offset=offset, labelTextColor=TEXT, brush=LEGEND_BRUSH, pen=pg.mkPen(LEGEND_PEN),
                          labelTextSize="9pt")


def readout_label(text: str = "") -> QLabel:
    """The selectable grey text under a plot that reads out the point under the mouse; two lines tall."""
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setStyleSheet(f"color: {TEXT_SECONDARY};")
    label.setWordWrap(True)
    label.setMinimumHeight(2 * label.fontMetrics().lineSpacing() + 2)  # no jumps on hover
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _encode(paint_into, width: int, height: int, svg: bool) -> bytes:
    """Bytes of a PNG (at 2x) or an SVG of `width` x `height`, painted by `paint_into(painter)`."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if svg:
        from PySide6.QtSvg import QSvgGenerator
        device = QSvgGenerator()
        device.setOutputDevice(buffer)
        device.setSize(QSize(width, height))
        device.setViewBox(QRectF(0, 0, width, height))
    else:
        device = QImage(max(1, width * 2), max(1, height * 2), QImage.Format.Format_ARGB32)
        device.setDevicePixelRatio(2.0)
    painter = QPainter(device)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    try:
        painter.fillRect(QRectF(0, 0, width, height), QColor(BACKGROUND))
        paint_into(painter)
    finally:
        painter.end()
    if not svg and (device.isNull() or not device.save(buffer, "PNG")):
        raise OSError("the PNG encoder failed (out of memory?)")
    buffer.close()
    return bytes(data)


def _render_uncached(scene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    """Render `scene` with every item drawing itself (a cached item would land in an SVG as a bitmap)."""
    from PySide6.QtWidgets import QGraphicsItem
    cached = [(item, item.cacheMode()) for item in scene.items()
              if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    for item, _ in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        scene.render(painter, target, source)
    finally:
        for item, mode in cached:
            item.setCacheMode(mode)


def export_plot(widget, path) -> None:
    """Save what the graphics view `widget` shows as a PNG at twice its on-screen size, or as an SVG
    drawing (by the file's ending), written atomically. OSError if it cannot be saved.

    pyqtgraph's ImageExporter scales the text but not the legend, so at 2x it looks off; rendering the
    scene into a high-DPI image scales text and legend together.
    """
    from pathlib import Path
    from nnviz.core import files
    size = widget.size()
    source = widget.mapToScene(widget.viewport().rect()).boundingRect()
    target = QRectF(0, 0, size.width(), size.height())
    svg = Path(path).suffix.lower() == ".svg"
    data = _encode(lambda painter: _render_uncached(widget.scene(), painter, target, source),
                   size.width(), size.height(), svg)
    try:
        files.write_atomically(path, data)
    except ValueError as error:  # FileFormatError: the path is a folder or a device
        raise OSError(str(error)) from error
    except OSError as error:
        raise OSError(f"could not write the {'drawing' if svg else 'image'} to {path}: "
                      f"{error.strerror or error}") from error


def export_button(owner, entries: list[tuple[str, object]], tip: str):
    """An "Export ▾" tool button whose menu offers `entries` (text, slot)."""
    from PySide6.QtWidgets import QMenu, QToolButton
    button = QToolButton(owner)
    button.setText("Export ▾")
    button.setToolTip(tip)
    menu = QMenu(button)
    for text, slot in entries:
        menu.addAction(text, slot)
    button.setMenu(menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
    return button


def ask_and_export(owner, title: str, name: str, file_filter: str, export) -> None:
    """A save dialog, then `export(path)`, with a message if it fails."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox
    path, _ = QFileDialog.getSaveFileName(owner, title, name, file_filter)
    if not path:
        return
    try:
        export(path)
    except OSError as error:
        text = str(error)
        if not text.startswith("could not"):
            text = f"could not save {path}: {error.strerror or text}"
        QMessageBox.warning(owner, "Export failed", text[0].upper() + text[1:])
