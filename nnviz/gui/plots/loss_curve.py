"""The training loss curve: one repaint per frame of a LossHistory's bounded series, with hover, log scale and exports.

The training controller owns the histories (nnviz.core.history.LossHistory) and calls, from its frame
timer, `refresh()`: that reads `series()` (at most ~4,000 points whatever the run length) and hands it to
pyqtgraph in one setData, or does nothing when no point was added since the last frame.
On a log scale, losses <= 0 (an exact fit) are drawn at a floor one decade below the smallest positive
loss shown, so the curve stays connected; the hover readout and the CSV still give the true value.
While a run draws 30 frames a second, the view follows the curve with live_range.follow (its axes move
now and then, not every frame) and the axes, with their grid, are cached as pixmaps, so a frame repaints
the curve and blits the rest; zooming or panning with the mouse stops the following until Auto range.
The CSV export writes the points the history keeps, which is every step of a short run and, for a long
one, every step of the recent tail plus the minimum and maximum of each older bucket of steps; its first
line is a comment saying which.
"""
import math
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGraphicsItem, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from nnviz.core.history import LossHistory
from nnviz.core.numbers import format_number
from nnviz.gui.steady_label import SteadyHolder

from . import style
from .live_range import follow
from .style import pg

READOUT_DIGITS = 6
STEP_HEADROOM = 0.3  # the step axis grows all run long: each move costs a frame ~3 ms, so move it less often
MAX_DIVERGENCE_MARKERS = 16
SIDE_ANCHORS = [(-0.04, 0), (1.04, 0)]  # a marker's label sits on the side of its line facing the middle
LABEL_FILL = pg.mkBrush(255, 255, 255, 215)
EMPTY_HINT = "No loss recorded yet: train the network to draw its loss curve here."


def step_text(step: float) -> str:
    """A step as it is counted (an integer), or exactly if it is not whole."""
    return str(int(step)) if float(step).is_integer() else repr(float(step))


def log_floor(y: np.ndarray) -> float:
    """Where losses <= 0 are drawn on a log axis: a decade below the smallest positive loss (1e-12 if none)."""
    positive = y[y > 0]
    return float(positive.min()) / 10.0 if positive.size else 1e-12


class LossCurvePanel(QWidget):
    """Loss per training step (and validation loss) with current-step and divergence markers."""

    clearRequested = Signal()  # the Clear button: the controller clears its histories, then calls clear()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._train: LossHistory | None = None
        self._validation: LossHistory | None = None
        self._series: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # what is drawn, unclipped
        self._bounds: tuple[float, float, float, float] | None = None  # x and y extent drawn, in view units
        self._following = True  # the view follows the curve (until the user zooms or pans)
        self._drawn_key = None  # what the drawn curves came from: skip refreshes with nothing new
        self._divergences: list[tuple[float, pg.InfiniteLine]] = []
        self._hovering = False
        self._build()

    # ----- construction --------------------------------------------------------------------------
    def _build(self) -> None:
        self.log_check = QCheckBox("Log scale")
        self.log_check.setToolTip("Plot the loss on a logarithmic axis (losses ≤ 0 are drawn at a floor "
                                  "one decade below the smallest positive loss)")
        self.log_check.toggled.connect(self.set_log_scale)
        self.auto_button = self._tool_button("Auto range", "Fit the whole curve in view (after zooming or "
                                             "panning with the mouse)", self.auto_range)
        self.clear_button = self._tool_button("Clear", "Forget the recorded losses", self.clearRequested.emit)
        self.export_button = style.export_button(self, [
            ("PNG image…", lambda: style.ask_and_export(self, "Export loss curve as PNG", "loss.png",
                                                       "PNG image (*.png)", self.export_png)),
            ("SVG drawing…", lambda: style.ask_and_export(self, "Export loss curve as SVG", "loss.svg",
                                                         "SVG drawing (*.svg)", self.export_svg)),
            ("CSV data…", lambda: style.ask_and_export(self, "Export losses as CSV", "loss.csv", "CSV file (*.csv)",
                                                      self.export_csv))],
            "Save the plot as a PNG image or an SVG drawing, or the losses as CSV")

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.log_check)
        bar.addStretch(1)
        for button in (self.auto_button, self.clear_button, self.export_button):
            bar.addWidget(button)

        self.plot = style.plot_widget()
        self.plot.setMinimumSize(200, 80)
        item = self.plot.getPlotItem()
        style.set_label(item, "bottom", "step")
        style.set_label(item, "left", "loss")
        self.legend = style.legend(item, offset=(10, -10))  # bottom left: a falling curve leaves it free
        self.legend.setVisible(False)
        item.disableAutoRange()  # refresh() follows the curve itself, without moving the axes every frame
        item.vb.sigRangeChangedManually.connect(self._stop_following)
        for name in ("left", "bottom"):  # ticks, labels and grid: redrawn only when the range changes
            item.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

        self.train_curve = pg.PlotDataItem(pen=pg.mkPen(style.TRAIN, width=1), antialias=True, connect="all",
                                           skipFiniteCheck=True)
        self.validation_curve = pg.PlotDataItem(pen=pg.mkPen(style.VALIDATION, width=1), antialias=True,
                                                connect="all", skipFiniteCheck=True)
        item.addItem(self.train_curve)
        item.addItem(self.validation_curve)

        self.step_line = pg.InfiniteLine(angle=90, movable=False,
                                         pen=pg.mkPen(style.CURRENT_STEP, width=1, style=Qt.PenStyle.DashLine),
                                         label="", labelOpts=dict(position=0.97, color=style.TEXT_SECONDARY,
                                                                  fill=LABEL_FILL, anchors=SIDE_ANCHORS))
        self.step_line.setVisible(False)
        item.addItem(self.step_line, ignoreBounds=True)

        self.hover_dot = pg.PlotDataItem([], [], pen=None, symbol="o", symbolSize=9, antialias=True,
                                         symbolBrush=pg.mkBrush(255, 255, 255), symbolPen=pg.mkPen(style.TEXT,
                                                                                                   width=1.5))
        item.addItem(self.hover_dot, ignoreBounds=True)

        self.readout = style.readout_label(EMPTY_HINT)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.plot, 1)
        layout.addWidget(SteadyHolder(self.readout))  # a new text every frame, without relayouting the window

        self.plot.scene().sigMouseMoved.connect(self.hover_at)

    def _tool_button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAutoRaise(False)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    # ----- the controller's API ------------------------------------------------------------------
    def set_history(self, train: LossHistory, validation: LossHistory | None = None) -> None:
        """Draw these histories from now on (read once per refresh(); the panel never writes to them)."""
        self._train, self._validation = train, validation
        self.legend.clear()
        if validation is not None:
            self.legend.addItem(self.train_curve, "training loss")
            self.legend.addItem(self.validation_curve, "validation loss")
        self.legend.setVisible(validation is not None)
        self._drawn_key = None
        self.refresh()

    def refresh(self) -> None:
        """Redraw the curves from the histories once (call it per frame, not per step); cheap when nothing changed."""
        key = (self._key(self._train), self._key(self._validation), self.log_scale())
        if key == self._drawn_key:
            return
        self._drawn_key = key
        extents = [self._draw("loss", self.train_curve, self._train),
                   self._draw("validation loss", self.validation_curve, self._validation)]
        extents = [e for e in extents if e is not None]
        first = self._bounds is None  # the first points since the curve was empty: fit them exactly
        self._bounds = None if not extents else (min(e[0] for e in extents), max(e[1] for e in extents),
                                                 min(e[2] for e in extents), max(e[3] for e in extents))
        if self._following:
            self._follow_curve(refit=first)
        if not self._hovering:
            self.readout.setText(self.summary_text())

    def set_current_step(self, step: float | None) -> None:
        """Mark the step the network is at with a dashed vertical line (None hides it)."""
        if step is None:
            self.step_line.setVisible(False)
            return
        self.step_line.setVisible(True)  # first: a hidden line's label does not take new text
        self.step_line.setPos(float(step))
        self.step_line.label.setFormat(f"step {step_text(step)}")

    def mark_divergence(self, step: float) -> None:
        """A red vertical line labelled "diverged here" at `step` (the most recent 16 are kept)."""
        step = float(step)
        if any(s == step for s, _ in self._divergences):
            return
        line = pg.InfiniteLine(pos=step, angle=90, movable=False, pen=pg.mkPen(style.DIVERGED, width=2),
                               label="diverged here", labelOpts=dict(position=0.86, color=style.DIVERGED,
                                                                     fill=LABEL_FILL, anchors=SIDE_ANCHORS))
        line.setToolTip(f"Training diverged at step {step_text(step)}: the loss was not a finite number")
        self.plot.getPlotItem().addItem(line, ignoreBounds=True)
        self._divergences.append((step, line))
        if len(self._divergences) > MAX_DIVERGENCE_MARKERS:
            _, old = self._divergences.pop(0)
            self.plot.getPlotItem().removeItem(old)

    def clear(self) -> None:
        """Empty the plot, the markers and the readout (the histories are the controller's to clear)."""
        for _, line in self._divergences:
            self.plot.getPlotItem().removeItem(line)
        self._divergences.clear()
        self._series.clear()
        self.train_curve.setData([], [])
        self.validation_curve.setData([], [])
        self.step_line.setVisible(False)
        self._hide_hover()
        self._drawn_key = None
        self.readout.setText(EMPTY_HINT)
        self.refresh()

    # ----- view options ----------------------------------------------------------------------------
    def log_scale(self) -> bool:
        return self.log_check.isChecked()

    def set_log_scale(self, on: bool) -> None:
        """Switch the loss axis between linear and logarithmic."""
        if self.log_check.isChecked() != on:
            self.log_check.setChecked(on)  # comes back here through toggled
            return
        style.set_label(self.plot.getPlotItem(), "left", "loss (log scale)" if on else "loss")
        self._drawn_key = None
        self.refresh()  # re-clip losses <= 0 before pyqtgraph takes the logarithm
        self.plot.getPlotItem().setLogMode(x=False, y=on)
        self._hide_hover()
        self.auto_range()

    def auto_range(self) -> None:
        """Fit the whole curve and keep following it as it grows (until the user zooms or pans again)."""
        self._following = True
        self._follow_curve(refit=True)

    def following(self) -> bool:
        """Whether the view follows the curve (False after the user zoomed or panned it)."""
        return self._following

    def _stop_following(self, *_) -> None:
        self._following = False

    def _follow_curve(self, refit: bool = False) -> None:
        """Keep the whole curve in view; move the axes only when it leaves the range (see live_range)."""
        if self._bounds is None:
            return
        x0, x1, y0, y1 = self._bounds
        vb = self.plot.getPlotItem().vb
        (cx0, cx1), (cy0, cy1) = vb.viewRange()
        x_range = follow(None if refit else (cx0, cx1), x0, x1, headroom=STEP_HEADROOM, floor=x0)  # steps only grow
        y_range = follow(None if refit else (cy0, cy1), y0, y1, floor=None if self.log_scale() else 0.0)
        if refit or x_range != (cx0, cx1) or y_range != (cy0, cy1):
            vb.setRange(xRange=x_range, yRange=y_range, padding=0)

    # ----- drawing -----------------------------------------------------------------------------------
    @staticmethod
    def _key(history: LossHistory | None):
        return None if history is None else (id(history), len(history), history.last())

    def _draw(self, name: str, curve: pg.PlotDataItem, history: LossHistory | None):
        """Hand the history's series to `curve`; (x min, x max, y min, y max) drawn in view units, or None."""
        if history is None or len(history) == 0:
            if self._series.pop(name, None) is not None:  # not every frame for a curve that stays empty
                curve.setData([], [])
            return None
        x, y = history.series()
        self._series[name] = (x, y)
        if x.size == 0:  # only divergences recorded: nothing finite to draw
            curve.setData([], [])
            return None
        if self.log_scale() and not (y > 0).all():
            y = np.maximum(y, log_floor(y))
        curve.setData(x, y, connect="all", skipFiniteCheck=True)
        low, high = float(y.min()), float(y.max())
        if self.log_scale():
            low, high = math.log10(low), math.log10(high)
        return float(x[0]), float(x[-1]), low, high

    def plotted(self, name: str = "loss") -> tuple[np.ndarray, np.ndarray]:
        """The (step, loss) points drawn for "loss" or "validation loss", before any log-scale clipping."""
        return self._series.get(name, (np.empty(0), np.empty(0)))

    def divergence_steps(self) -> list[float]:
        return [step for step, _ in self._divergences]

    def summary_text(self) -> str:
        """The readout when the mouse is not over the curve: the latest and the lowest loss."""
        history = self._train
        if history is None or history.last() is None:
            if history is not None and history.divergence_count:
                return f"Training diverged ({history.divergence_count} non-finite losses): no finite loss to draw."
            return EMPTY_HINT
        step, loss = history.last()
        text = f"step {step_text(step)}: loss {format_number(loss, READOUT_DIGITS)}"
        low = history.minimum()
        if low is not None and low[0] != step:
            text += f"   (lowest {format_number(low[1], READOUT_DIGITS)} at step {step_text(low[0])})"
        if self._validation is not None and self._validation.last() is not None:
            text += f"   validation loss {format_number(self._validation.last()[1], READOUT_DIGITS)}"
        return text

    # ----- hover -------------------------------------------------------------------------------------
    def nearest(self, view_x: float, view_y: float) -> tuple[str, float, float] | None:
        """(series name, step, loss) of the drawn point closest on screen to this point in view coordinates."""
        vb = self.plot.getPlotItem().vb
        px, py = vb.viewPixelSize()
        px, py = px or 1.0, py or 1.0
        best = None
        for name, (x, y) in self._series.items():
            if x.size == 0:
                continue
            shown = y
            if self.log_scale():
                shown = np.log10(np.maximum(y, log_floor(y)))
            d = ((x - view_x) / px) ** 2 + ((shown - view_y) / py) ** 2
            k = int(np.argmin(d))
            if best is None or d[k] < best[0]:
                best = (float(d[k]), name, float(x[k]), float(y[k]), float(shown[k]))
        if best is None:
            return None
        _, name, step, loss, shown = best
        self.hover_dot.setData([step], [10.0 ** shown if self.log_scale() else shown])
        return name, step, loss

    def hover_at(self, scene_pos: QPointF) -> None:
        """The mouse moved over the plot's scene: read out the nearest point ("step N: loss L")."""
        vb = self.plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(scene_pos) or not self._series:
            self._hide_hover()
            return
        point = vb.mapSceneToView(scene_pos)
        hit = self.nearest(point.x(), point.y())
        if hit is None:
            self._hide_hover()
            return
        name, step, loss = hit
        self._hovering = True
        self.hover_dot.setVisible(True)
        self.readout.setText(f"step {step_text(step)}: {name} {format_number(loss, READOUT_DIGITS)}")

    def _hide_hover(self) -> None:
        self._hovering = False
        self.hover_dot.setVisible(False)
        self.readout.setText(self.summary_text())

    def leaveEvent(self, event) -> None:
        self._hide_hover()
        super().leaveEvent(event)

    # ----- export --------------------------------------------------------------------------------------
    def export_png(self, path) -> None:
        """Save the plot (axes, curves, markers, legend) as a PNG at twice its on-screen size."""
        hovering = self.hover_dot.isVisible()
        self.hover_dot.setVisible(False)
        try:
            style.export_plot(self.plot, path)
        finally:
            self.hover_dot.setVisible(hovering)

    def export_svg(self, path) -> None:
        """Save the plot as an SVG drawing."""
        hovering = self.hover_dot.isVisible()
        self.hover_dot.setVisible(False)
        try:
            style.export_plot(self.plot, path)
        finally:
            self.hover_dot.setVisible(hovering)

    def export_csv(self, path) -> None:
        """Write step,loss[,validation_loss] for every point the histories keep (see the module docstring)."""
        Path(path).write_text(self.csv_text(), encoding="utf-8", newline="")

    def csv_text(self) -> str:
        train = self._train.series() if self._train is not None else (np.empty(0), np.empty(0))
        validation = self._validation.series() if self._validation is not None else None
        recorded = len(self._train) if self._train is not None else 0
        kept = train[0].size
        if kept == recorded:
            note = f"# nnviz loss history: all {recorded} recorded steps"
        else:
            note = (f"# nnviz loss history: {kept} of {recorded} recorded steps: every step of the recent tail, "
                    "and the minimum and maximum loss of each older block of steps")
        lines = [note]
        if validation is None:
            lines.append("step,loss")
            lines += [f"{step_text(s)},{v!r}" for s, v in zip(train[0].tolist(), train[1].tolist())]
        else:
            lines.append("step,loss,validation_loss")
            steps = np.union1d(train[0], validation[0])
            columns = [self._column(steps, *train), self._column(steps, *validation)]
            for k, s in enumerate(steps.tolist()):
                lines.append(",".join([step_text(s)] + [column[k] for column in columns]))
        return "\n".join(lines) + "\n"

    @staticmethod
    def _column(steps: np.ndarray, x: np.ndarray, y: np.ndarray) -> list[str]:
        """y at each of `steps` as exact text, empty where this series has no point at that step."""
        k = np.minimum(np.searchsorted(x, steps), max(x.size - 1, 0))
        present = (x.size > 0) & (x[k] == steps) if x.size else np.zeros(steps.size, bool)
        return [repr(float(y[i])) if p else "" for i, p in zip(k.tolist(), present.tolist())]


