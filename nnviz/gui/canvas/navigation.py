"""Zooming (wheel, pinch, buttons), panning, fitting the diagram to the window, and tooltips; mixed
into NetworkView."""
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtWidgets import QGraphicsView, QToolTip

from . import render
from .legend import legend_size, stage_room

MIN_SCALE, MAX_SCALE = 0.02, 8.0
FIT_MAX_SCALE = 1.6  # a small network is not blown up beyond this when fitted
ZOOM_STEP = 1.25


class NavigationMixin:
    """Zoom, pan and fit for NetworkView (a QGraphicsView with model, tooltip_at, _close_editor and navigated)."""

    # ----- zoom and pan -------------------------------------------------------------------------------
    def zoom_in(self) -> None:
        self._zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(1.0 / ZOOM_STEP)

    def _zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Scale by `factor`, keeping the scene point under `anchor` (viewport pixels; default: the
        centre) where it is."""
        current = self.transform().m11()
        factor = max(MIN_SCALE / current, min(MAX_SCALE / current, factor))
        if abs(factor - 1.0) < 1e-9:
            return
        self._auto_fit = False
        self._close_editor()
        self.navigated()
        centre_px = self.viewport().rect().center()
        anchor_px = centre_px if anchor is None else anchor.toPoint()
        before = self.mapToScene(anchor_px)
        previous = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.scale(factor, factor)
        self.setTransformationAnchor(previous)
        after = self.mapToScene(anchor_px)
        self.centerOn(self.mapToScene(centre_px) + (before - after))

    def fit(self) -> None:
        """Show the whole diagram (not blown up beyond FIT_MAX_SCALE for small networks); above 100% text size,
        as much of it as fits with the numbers at their chosen size."""
        self._auto_fit = True
        animating = self.model.stage is not None  # room for its banner, and for the numbers still to come
        rect = render.diagram_rect(self, widest=animating)
        badges = self.check_badges.extent()  # Check my work's badges, beside the outermost neurons too
        if badges is not None:
            rect = rect.united(badges)
        view = self.viewport().rect()
        if rect.isEmpty() or view.width() < 10 or view.height() < 10:
            return
        legend_w, legend_h = legend_size(self._with_zoom_hint(self.model.legend))  # room for the hint too
        top = stage_room(self.model.look) if animating else 0.0
        usable_h = max(60.0, view.height() - legend_h - 24 - top)  # keep the legend clear of the diagram
        scale = min((view.width() - 24) / rect.width(), usable_h / rect.height(), FIT_MAX_SCALE)
        scale = max(MIN_SCALE, scale, self._text_size_zoom())
        self.resetTransform()
        self.scale(scale, scale)
        centre = rect.center()
        self.centerOn(QPointF(centre.x(), centre.y() + (legend_h + 12 - top) / 2 / scale))

    def _text_size_zoom(self) -> float:
        """1 (numbers drawn at the chosen size) above 100% text size, else 0. The layout widens with its text,
        so a fit alone would show larger text smaller; above 100% the diagram is panned instead."""
        if self.model.font_scale is not None:  # presentation mode chooses its own
            return 0.0
        return 1.0 if self.model.settings.options.font_scale > 1.0 else 0.0

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._auto_fit:
            self.fit()

    def wheelEvent(self, event) -> None:
        pixel = event.pixelDelta()
        touchpad_scroll = (not pixel.isNull() and event.phase() != Qt.ScrollPhase.NoScrollPhase
                           and not event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if touchpad_scroll:
            self._scroll_by(pixel.x(), pixel.y())
            return
        steps = event.angleDelta().y() / 120.0
        if steps:
            self._zoom(ZOOM_STEP ** steps, event.position())
        event.accept()

    def _scroll_by(self, dx: float, dy: float) -> None:
        self._auto_fit = False
        self.navigated()
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(round(dx)))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(round(dy)))

    def viewportEvent(self, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ToolTip:
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        if kind == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if pinch is not None:
                self._zoom(pinch.scaleFactor(), self.viewport().mapFromGlobal(pinch.centerPoint().toPoint()).toPointF())
                event.accept()
                return True
        if kind == QEvent.Type.NativeGesture and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
            self._zoom(1.0 + event.value(), event.position())
            return True
        return super().viewportEvent(event)

