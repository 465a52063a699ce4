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


def render_png(widget, path, scale: float = 2.0) -> QImage:
    """Save what the graphics view `widget` shows as a PNG at `scale` x its on-screen size.

    pyqtgraph's ImageExporter scales the text but not the legend, so at 2x it looks off; rendering the
    scene into a high-DPI image scales text and legend together. OSError if it cannot be saved.
    """
    size = widget.size()
    image = QImage(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)),
                   QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor(BACKGROUND))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    try:
        source = widget.mapToScene(widget.viewport().rect()).boundingRect()
        widget.scene().render(painter, QRectF(0, 0, size.width(), size.height()), source)
    finally:
        painter.end()
    if image.isNull() or not image.save(str(path), "PNG"):
        raise OSError(f"could not write the image to {path}: choose a folder you can write to")
    return image


def render_svg(widget, path) -> None:
    """Save what the graphics view `widget` shows as an SVG drawing (vectors). OSError if it cannot be saved."""
    from PySide6.QtCore import QSize
    from PySide6.QtSvg import QSvgGenerator
    size = widget.size()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(size.width(), size.height()))
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    painter = QPainter(generator)
    try:
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), QColor(BACKGROUND))
        source = widget.mapToScene(widget.viewport().rect()).boundingRect()
        widget.scene().render(painter, QRectF(0, 0, size.width(), size.height()), source)
    finally:
        painter.end()
    from pathlib import Path
    if not Path(path).is_file():
        raise OSError(f"could not write the drawing to {path}: choose a folder you can write to")


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
        QMessageBox.warning(owner, "Export failed", f"Could not save {path}: {error}")
