"""What the network computes over its input range: a curve per output (1 input) or a heat map (2 inputs).

The core evaluates the network on a grid (core/surface.py); this view only draws. It follows the
document (doc.changed with VALUES, STRUCTURE, DATA or FILE), and during a live training run the
controller hands it the network being trained with `set_network(network)` once per frame, without going
through the document; the next document change (e.g. the trained network committed) drops that network
again, as does `set_network(None)`. Hidden, it only remembers that it is out of date: hidden includes a
dock tab behind another one, which Qt 6.11 still reports as visible (isVisible() True), so the view checks
that some of it is on screen, and the window calls `dock_visibility_changed` when its dock tab is raised.
"""
import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QStackedWidget, QToolButton,
                               QVBoxLayout, QWidget)

from nnviz.core import NetworkError
from nnviz.core.numbers import format_number
from nnviz.gui.document import Change

from nnviz.core import surface

from . import style
from .style import pg

RELEVANT = Change.VALUES | Change.STRUCTURE | Change.DATA | Change.FILE
SEQUENTIAL = pg.colormap.get("viridis")  # outputs of one sign, probabilities
DIVERGING = pg.colormap.get("CET-CBD1")  # colour-blind-safe blue-grey-yellow, for signed outputs
NEEDS_1_OR_2 = "The output view needs a network with 1 or 2 inputs (this one has {n})."
READOUT_DIGITS = 4
COLOUR_STEPS = 64  # target colours are rounded to this many shades


class OutputView(QWidget):
    """The network's outputs over the padded data range, with the data points on top."""

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self._override = None  # the network being trained, during a live run
        self._dirty = False
        self._bounds = None  # the data range the view was last fitted to
        self._grid = None  # (axes, outputs) last drawn, for the hover readout
        self._cmap = None
        self._points_key = None  # what the data points were drawn from
        self.mode = None  # "curve", "heat" or "message"
        self._build()
        doc.changed.connect(self._on_doc_changed)
        self.refresh()

    # ----- construction --------------------------------------------------------------------------
    def _build(self) -> None:
        self.output_combo = QComboBox()
        self.output_combo.setToolTip("Which output the heat map shows")
        self.output_combo.currentIndexChanged.connect(lambda _: self.refresh())
        self.title = QLabel()
        self.title.setStyleSheet(f"color: {style.TEXT}; font-weight: 600;")
        self.fit_button = QToolButton()
        self.fit_button.setText("Reset view")
        self.fit_button.setToolTip("Show the whole data range again (after zooming or panning)")
        self.fit_button.clicked.connect(self.reset_view)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.title)
        bar.addWidget(self.output_combo)
        bar.addStretch(1)
        bar.addWidget(self.fit_button)
        self.export_button = style.export_button(self, [
            ("PNG image…", lambda: style.ask_and_export(self, "Export output view as PNG", "output.png",
                                                       "PNG image (*.png)", self.export_png)),
            ("SVG drawing…", lambda: style.ask_and_export(self, "Export output view as SVG", "output.svg",
                                                         "SVG drawing (*.svg)", self.export_svg))],
            "Save the plot shown as a PNG image or an SVG drawing")
        bar.addWidget(self.export_button)

        names = self.doc.namer()  # x₁, x₂, ŷ and y are written alike in every notation
        self.curve_plot = style.plot_widget()
        item = self.curve_plot.getPlotItem()
        style.set_label(item, "bottom", names.x(1).unicode)
        style.set_label(item, "left", "output ŷ, target y")
        self.curve_legend = style.legend(item)
        self.output_curves: list[pg.PlotDataItem] = []
        self.target_points: list[pg.PlotDataItem] = []

        self.heat_plot = style.plot_widget()
        item = self.heat_plot.getPlotItem()
        item.showGrid(x=False, y=False)
        style.set_label(item, "bottom", names.x(1).unicode)
        style.set_label(item, "left", names.x(2).unicode)
        self.image = pg.ImageItem(axisOrder="row-major")
        item.addItem(self.image)
        self.colour_bar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=SEQUENTIAL, interactive=False, width=14,
                                          colorMapMenu=False)
        self.colour_bar.setImageItem(self.image, insert_in=item)
        self.colour_bar.axis.setPen(pg.mkPen(style.AXIS))
        self.colour_bar.axis.setTextPen(pg.mkPen(style.TEXT))
        self.colour_bar.axis.enableAutoSIPrefix(False)
        self.heat_plot.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)  # grid values blend between pixels
        # each sample: a dot in its target's colour, ringed white then dark, visible on any colour
        self.point_halos = pg.ScatterPlotItem(size=17, pen=None, brush=pg.mkBrush(style.TEXT), antialias=True)
        self.data_points = pg.ScatterPlotItem(size=13, pen=pg.mkPen("#FFFFFF", width=2), antialias=True)
        for z, points in enumerate((self.point_halos, self.data_points)):
            points.setZValue(10 + z)
            item.addItem(points)

        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {style.TEXT_SECONDARY}; background: {style.BACKGROUND}; padding: 12px;")

        self.stack = QStackedWidget()
        for page in (self.curve_plot, self.heat_plot, self.message):
            self.stack.addWidget(page)

        self.readout = style.readout_label()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.readout)
        self.setMinimumSize(200, 120)

        self.curve_plot.scene().sigMouseMoved.connect(self._hover_curve)
        self.heat_plot.scene().sigMouseMoved.connect(self._hover_heat)

    # ----- API for the training controller -------------------------------------------------------
    def network(self):
        """The network drawn: the one set by set_network during a live run, else the document's."""
        return self._override if self._override is not None else self.doc.project.network

    def set_network(self, network) -> None:
        """Draw this network (not copied: do not change it during the call) until the document changes."""
        self._override = network
        self._schedule()

    def refresh(self) -> None:
        """Evaluate the network on the grid and redraw now."""
        self._dirty = False
        network = self.network()
        n = network.input_size
        try:
            if n == 1:
                self._draw_curves(network)
            elif n == 2:
                self._draw_heat(network)
            else:
                self._show_message(NEEDS_1_OR_2.format(n=n))
        except (NetworkError, ValueError) as error:
            self._show_message(f"The output view cannot evaluate this network: {error}")

    def reset_view(self) -> None:
        """Fit the view to the padded data range again."""
        self._bounds = None
        self.refresh()

    # ----- keeping up with the document ----------------------------------------------------------
    def _on_doc_changed(self, change) -> None:
        if change & RELEVANT:
            self._override = None
            self._schedule()

    def is_shown(self) -> bool:
        """Visible and not covered: a dock tab behind another has an empty visible region."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def dock_visibility_changed(self, _visible: bool = True) -> None:
        """Its dock was raised, hidden or floated (connect QDockWidget.visibilityChanged): catch up if shown."""
        if self._dirty and self.is_shown():
            self.refresh()

    def _schedule(self) -> None:
        if self.is_shown():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    # ----- data -------------------------------------------------------------------------------------
    def _data(self, network) -> tuple[np.ndarray, np.ndarray]:
        """The samples' inputs and targets, or empty tables if they do not fit the network."""
        project = self.doc.project
        x, y = np.asarray(project.inputs, float), np.asarray(project.targets, float)
        if x.ndim != 2 or y.ndim != 2 or x.shape[1] != network.input_size or y.shape[1] != network.output_size \
                or x.shape[0] != y.shape[0]:
            return np.empty((0, network.input_size)), np.empty((0, network.output_size))
        return x, y

    def _names(self):
        """The notation bound to the drawn network's sizes."""
        return self.doc.notation.namer(self.network().sizes())

    def _output_name(self, k: int) -> str:
        """ŷ, or ŷ₁, ŷ₂... when there are several outputs (k from 0)."""
        names = self._names()
        return names.a(names.last, k + 1).unicode

    def _set_mode(self, mode: str) -> None:
        self.mode = mode
        self.stack.setCurrentWidget({"curve": self.curve_plot, "heat": self.heat_plot, "message": self.message}[mode])
        outputs = self.network().output_size
        self.output_combo.setVisible(mode == "heat" and outputs > 1)
        names = self._names()
        x1, x2 = names.x(1), names.x(2)
        self.title.setText({"curve": f"Network output{'s' if outputs > 1 else ''} over {x1}",
                            "heat": f"Network output{'' if outputs > 1 else ' ' + self._output_name(0)} over "
                                    f"({x1}, {x2})",
                            "message": ""}[mode])
        self.fit_button.setVisible(mode != "message")

    def _show_message(self, text: str) -> None:
        self._grid = None
        self.message.setText(text)
        self.readout.setText("")
        self._set_mode("message")

    # ----- one input: a curve per output ---------------------------------------------------------------
    def _draw_curves(self, network) -> None:
        x, y = self._data(network)
        (xs,) = surface.axes(x, surface.resolution(network, 1)) if x.size else \
            [np.linspace(-1.0, 1.0, surface.resolution(network, 1))]
        outputs = surface.evaluate(network, xs[:, None])
        self._ensure_curves(network.output_size)
        for k, (curve, points) in enumerate(zip(self.output_curves, self.target_points)):
            curve.setData(xs, outputs[:, k], connect="finite")
            points.setData(x[:, 0], y[:, k])
        self._grid = ([xs], outputs)
        self._set_mode("curve")
        bounds = (float(xs[0]), float(xs[-1]))
        item = self.curve_plot.getPlotItem()
        if bounds != self._bounds:
            self._bounds = bounds
            item.setXRange(*bounds, padding=0)
            item.enableAutoRange(axis="y")
        finite = np.isfinite(outputs).all()
        self.readout.setText(self._curve_caption(xs.size, len(x)) if finite else
                             "Some outputs are not finite numbers (has training diverged?): they are not drawn.")

    def _ensure_curves(self, count: int) -> None:
        if len(self.output_curves) == count:
            return
        item = self.curve_plot.getPlotItem()
        for old in self.output_curves + self.target_points:
            item.removeItem(old)
        self.curve_legend.clear()
        self.output_curves, self.target_points = [], []
        names = self._names()
        for k in range(count):
            colour = style.SERIES[k % len(style.SERIES)]
            name = self._output_name(k)
            curve = pg.PlotDataItem(pen=pg.mkPen(colour, width=2), antialias=True)
            points = pg.PlotDataItem(pen=None, symbol="o", symbolSize=9, symbolBrush=pg.mkBrush(colour),
                                     symbolPen=pg.mkPen("#FFFFFF", width=1.5), antialias=True)
            points.setZValue(5)
            item.addItem(curve)
            item.addItem(points)
            self.curve_legend.addItem(curve, f"output {name}")
            self.curve_legend.addItem(points, f"target {names.y(k + 1)}")
            self.output_curves.append(curve)
            self.target_points.append(points)
        self.curve_legend.setVisible(count > 1)  # one output: the caption says which is which

    @staticmethod
    def _curve_caption(points: int, samples: int) -> str:
        return f"Line: ŷ at {points} points over the data range ±10%.  Dots: the {samples} samples' targets y."

    # ----- two inputs: a heat map of one output ----------------------------------------------------------
    def output_index(self) -> int:
        return max(0, self.output_combo.currentIndex())

    def _sync_output_combo(self, count: int) -> None:
        if self.output_combo.count() == count:
            return
        keep = min(self.output_index(), count - 1)
        self.output_combo.blockSignals(True)
        self.output_combo.clear()
        self.output_combo.addItems([self._output_name(k) for k in range(count)])
        self.output_combo.setCurrentIndex(keep)
        self.output_combo.blockSignals(False)

    def _draw_heat(self, network) -> None:
        x, y = self._data(network)
        n = surface.resolution(network, 2)
        xs, ys = surface.axes(x, n) if x.size else [np.linspace(-1.0, 1.0, n)] * 2
        outputs = surface.evaluate(network, surface.grid_inputs(xs, ys))
        self._sync_output_combo(network.output_size)
        k = self.output_index()
        values = outputs[:, k].reshape(ys.size, xs.size)
        (low, high), signed = surface.levels(values, network.layers[-1].activation)
        finite = np.isfinite(values).all()
        shown = values if finite else np.where(np.isfinite(values), values, low)
        cmap = DIVERGING if signed else SEQUENTIAL
        self.image.setImage(shown, autoLevels=False, levels=(low, high))
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]
        self.image.setRect(QRectF(xs[0] - dx / 2, ys[0] - dy / 2, dx * xs.size, dy * ys.size))
        if cmap is not self._cmap:
            self._cmap = cmap
            self.colour_bar.setColorMap(cmap)
        self.colour_bar.setLevels((low, high))
        name = self._output_name(k)
        self.colour_bar.axis.setLabel(name, color=style.TEXT)
        self._draw_points(x, y[:, k] if y.size else np.empty(0), low, high, cmap)
        self._grid = ([xs, ys], outputs[:, k])
        self._set_mode("heat")
        bounds = (float(xs[0] - dx / 2), float(xs[-1] + dx / 2), float(ys[0] - dy / 2), float(ys[-1] + dy / 2))
        if bounds != self._bounds:
            self._bounds = bounds
            self.heat_plot.getPlotItem().setRange(xRange=bounds[:2], yRange=bounds[2:], padding=0)
        self.readout.setText(
            f"Colour: {name} on a {xs.size} × {ys.size} grid over the data range ±10%.  "
            f"Dots: the {len(x)} samples, coloured by their target." if finite else
            "Some outputs are not finite numbers (has training diverged?): they are drawn at the bottom colour.")

    def _draw_points(self, x: np.ndarray, target: np.ndarray, low: float, high: float, cmap) -> None:
        """The samples, coloured by target; redone only when the data or the colour scale changed."""
        key = (x.tobytes(), target.tobytes(), low, high, id(cmap))
        if key == self._points_key:
            return  # a live run changes the network, not the data: keep the (costly) scatter as it is
        self._points_key = key
        if x.size == 0:
            self.data_points.setData([], [])
            self.point_halos.setData([], [])
            return
        t = np.clip((target - low) / (high - low), 0.0, 1.0)
        t = np.rint(t * (COLOUR_STEPS - 1)) / (COLOUR_STEPS - 1)  # few distinct brushes: pyqtgraph caches each
        brushes = [pg.mkBrush(c) for c in cmap.map(t, mode="qcolor")]
        tips = [f"sample {i + 1}: target {format_number(v, READOUT_DIGITS)}" for i, v in enumerate(target)]
        self.point_halos.setData(x=x[:, 0], y=x[:, 1])
        self.data_points.setData(x=x[:, 0], y=x[:, 1], brush=brushes, data=tips)

    # ----- hover readouts ---------------------------------------------------------------------------------
    def _hover_curve(self, scene_pos: QPointF) -> None:
        vb = self.curve_plot.getPlotItem().vb
        if self.mode != "curve" or self._grid is None or not vb.sceneBoundingRect().contains(scene_pos):
            return
        (xs,), outputs = self._grid
        p = vb.mapSceneToView(scene_pos)
        i = int(np.clip(np.rint((p.x() - xs[0]) / (xs[1] - xs[0])), 0, xs.size - 1))
        values = ", ".join(f"{self._output_name(k)} = {format_number(float(v), READOUT_DIGITS)}"
                           for k, v in enumerate(outputs[i]))
        x1 = self._names().x(1)
        self.readout.setText(f"{x1} = {format_number(float(xs[i]), READOUT_DIGITS)}  →  {values}")

    def _hover_heat(self, scene_pos: QPointF) -> None:
        vb = self.heat_plot.getPlotItem().vb
        if self.mode != "heat" or self._grid is None or not vb.sceneBoundingRect().contains(scene_pos):
            return
        (xs, ys), values = self._grid
        p = vb.mapSceneToView(scene_pos)
        c = int(np.rint((p.x() - xs[0]) / (xs[1] - xs[0])))
        r = int(np.rint((p.y() - ys[0]) / (ys[1] - ys[0])))
        if not (0 <= c < xs.size and 0 <= r < ys.size):
            return
        names = self._names()
        v = float(values[r * xs.size + c])
        self.readout.setText(f"{names.x(1)} = {format_number(float(xs[c]), READOUT_DIGITS)}, "
                             f"{names.x(2)} = {format_number(float(ys[r]), READOUT_DIGITS)}  →  "
                             f"{self._output_name(self.output_index())} = {format_number(v, READOUT_DIGITS)}")

    # ----- export --------------------------------------------------------------------------------------
    def shown_plot(self):
        """The plot on show (the curves or the heat map), or None when the view shows a message."""
        return {"curve": self.curve_plot, "heat": self.heat_plot}.get(self.mode)

    def export_png(self, path) -> None:
        plot = self.shown_plot()
        if plot is None:
            raise OSError("there is no plot to export: " + self.message.text())
        style.export_plot(plot, path)

    def export_svg(self, path) -> None:
        plot = self.shown_plot()
        if plot is None:
            raise OSError("there is no plot to export: " + self.message.text())
        style.export_plot(plot, path)
