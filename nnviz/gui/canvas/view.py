"""NetworkView: the interactive network diagram (zoom, pan, select, drag neurons, edit numbers in place).

It listens to the document, the selection and the display settings. A structural change rebuilds the
scene (a handful of items that draw all neurons, edges and labels); a value change only restyles:
new colours, widths and texts on the same items, then one repaint. Edits go through undo commands.
"""
import time

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QToolTip

from nnviz.core import NetworkError
from nnviz.core.numbers import exact_text

from ..commands import SetBias, SetDataValue, SetView, SetWeight
from ..document import Change
from ..selection import EdgeRef, NeuronRef
from . import layout, render, style, texts
from .edge_labels import EdgeLabels
from .edge_layer import EdgeBackdrop, EdgeLayer
from .inline_editor import InlineEditor
from .legend import legend_size, paint_error, paint_legend
from .model import CanvasModel
from .neuron_layer import NeuronCircles, NeuronTexts

MIN_SCALE, MAX_SCALE = 0.02, 8.0
RAPID_SECONDS = 0.3  # value changes closer together than this (dragging, training) are "interactive"
REFINE_MS = 250  # after the last rapid change, repaint once more with antialiasing
FIT_MAX_SCALE = 1.6  # a small network is not blown up beyond this when fitted
ZOOM_STEP = 1.25


class NetworkView(QGraphicsView):
    """The network canvas. Signals ask the main window for menus and report refused edits."""

    contextMenuRequested = Signal(object, QPoint)  # NeuronRef, EdgeRef or None; global position
    statusMessage = Signal(str)

    def __init__(self, doc, selection, settings, parent=None):
        super().__init__(parent)
        self.doc, self.selection, self.settings = doc, selection, settings
        self.rebuild_count = 0  # scene rebuilds (structure changes), for tests
        self.restyle_count = 0  # value-only updates
        self.editor: InlineEditor | None = None
        self._auto_fit = True  # keep fitting on resize until the user zooms or pans
        self._pan: QPointF | None = None
        self._drag: dict | None = None
        self._last_restyle = 0.0
        self._refine = QTimer(self)
        self._refine.setSingleShot(True)
        self._refine.setInterval(REFINE_MS)
        self._refine.timeout.connect(self._refine_now)
        scene = QGraphicsScene(self)
        scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(scene)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState
                                  | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setBackgroundBrush(style.BACKGROUND)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.viewport().setMouseTracking(True)
        self.setAccessibleName("Network diagram")
        self.model = CanvasModel(doc, selection, settings)
        self._build_items()
        doc.changed.connect(self._on_document_changed)
        settings.changed.connect(self._on_settings_changed)
        selection.changed.connect(self._on_selection_changed)
        selection.sampleChanged.connect(self._on_sample_changed)

    # ----- scene building and updating --------------------------------------------------------------
    def _build_items(self) -> None:
        scene = self.scene()
        scene.clear()
        model = self.model
        self.backdrop = EdgeBackdrop(model) if model.big else None
        self.edges = EdgeLayer(model)
        self.labels = EdgeLabels(model)
        self.neurons = NeuronCircles(model)
        self.neuron_labels = NeuronTexts(model)
        for item in self.items_():
            if item is not None:
                scene.addItem(item)
        self._update_scene_rect()
        self._on_selection_changed(self.selection.current)

    def _update_scene_rect(self) -> None:
        left, top, right, bottom = self.model.geometry.bounds()
        margin = 2.0 * max(right - left, bottom - top) + 3000.0
        self.scene().setSceneRect(QRectF(left - margin, top - margin, right - left + 2 * margin,
                                         bottom - top + 2 * margin))

    def items_(self) -> list:
        """The scene items, back to front (the backdrop exists only on big networks)."""
        return [item for item in (self.backdrop, self.edges, self.labels, self.neurons, self.neuron_labels)
                if item is not None]

    def _geometry_changed(self) -> None:
        for item in self.items_():
            if item is not None:
                item.geometry_changed()
        self.viewport().update()

    def rebuild(self) -> None:
        """Rebuild the scene for a new structure (once per structural change)."""
        self._close_editor()
        self.rebuild_count += 1
        self.model.rebuild()
        self._build_items()
        if self._auto_fit:
            self.fit()
        if self.model.labels_possible is False and (self.settings.show_weights or self.settings.show_gradients):
            self.statusMessage.emit(f"Edge labels hidden: {self.model.geometry.edge_count:,} edges; "
                                    "hover an edge to see its values")
        self.viewport().update()

    def restyle(self) -> None:
        """New numbers, same structure: recolour edges and refresh texts, then repaint.

        While values change in quick succession (a drag, a training run) edges are drawn without
        antialiasing, which is several times faster; one antialiased repaint follows when they stop.
        """
        self.restyle_count += 1
        now = time.monotonic()
        rapid = now - self._last_restyle < RAPID_SECONDS
        self._last_restyle = now
        if rapid and self.model.antialias:
            self.model.interactive = True
            self._refine.start()
        self.model.restyle()
        self.viewport().update()

    def _refine_now(self) -> None:
        self.model.set_interactive(False)
        self.viewport().update()

    def _on_document_changed(self, change) -> None:
        if change & Change.STRUCTURE:
            if change & Change.FILE:
                self._auto_fit = True  # a different document: show all of it
            self.rebuild()
            return
        if change & (Change.VALUES | Change.DATA | Change.LOSS):
            self.restyle()
        if change & Change.VIEW:
            self._apply_saved_positions()

    def _apply_saved_positions(self) -> None:
        model = self.model
        target = layout.positions_from_view(self.doc.project.view, model.sizes)
        if target is None:
            target = layout.auto_positions(model.sizes, model.labels_possible)
        if np.allclose(target, model.geometry.positions, atol=0.06):
            return
        model.set_positions(target)
        self._update_scene_rect()
        self._geometry_changed()

    def _on_settings_changed(self) -> None:
        self.model.restyle()
        self.model.place_labels()
        self.restyle_count += 1
        self.viewport().update()

    def _on_sample_changed(self, _sample: int) -> None:
        self.restyle()

    def _on_selection_changed(self, ref) -> None:
        g = self.model.geometry
        edge = g.edge_index(ref) if isinstance(ref, EdgeRef) else None
        neuron = g.neuron_index(ref) if isinstance(ref, NeuronRef) else None
        self.edges.selected = self.labels.selected = edge
        self.neurons.set_selected(neuron)
        self.viewport().update()

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
        """Show the whole diagram (not blown up beyond FIT_MAX_SCALE for small networks)."""
        self._auto_fit = True
        rect = render.diagram_rect(self)
        view = self.viewport().rect()
        if rect.isEmpty() or view.width() < 10 or view.height() < 10:
            return
        legend_w, legend_h = legend_size(self.model.legend)
        usable_h = max(60.0, view.height() - legend_h - 24)  # keep the legend clear of the diagram
        scale = min((view.width() - 24) / rect.width(), usable_h / rect.height(), FIT_MAX_SCALE)
        scale = max(MIN_SCALE, scale)
        self.resetTransform()
        self.scale(scale, scale)
        centre = rect.center()
        self.centerOn(QPointF(centre.x(), centre.y() + (legend_h + 12) / 2 / scale))

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

    # ----- hit-testing --------------------------------------------------------------------------------
    def scene_point(self, pos: QPointF) -> QPointF:
        return self.mapToScene(pos.toPoint())

    def ref_at(self, pos: QPointF):
        """The NeuronRef, EdgeRef or None under a viewport position."""
        p = self.scene_point(pos)
        k = self._neuron_at(p)
        if k is not None:
            return self.model.geometry.neuron_ref(k)
        k = self._edge_at(p)
        return None if k is None else self.model.geometry.edge_ref(k)

    def _neuron_at(self, p: QPointF) -> int | None:
        scale = self.transform().m11()
        g = self.model.geometry
        k = g.neuron_at(p.x(), p.y(), style.RADIUS + 2.0 / scale)
        if k is not None or scale * style.VALUE_FONT_PX < style.MIN_TEXT_PIXELS:
            return k
        near = np.flatnonzero((np.abs(g.positions[:, 0] - p.x()) < 120) & (p.y() - g.positions[:, 1] > 0)
                              & (p.y() - g.positions[:, 1] < 140))
        for k in near.tolist():  # a click on a neuron's value box picks the neuron
            if self.model.value_box(k).contains(p):
                return k
        return None

    def _edge_at(self, p: QPointF) -> int | None:
        scale = self.transform().m11()
        if scale * style.LABEL_FONT_PX >= style.MIN_TEXT_PIXELS:
            k = self.labels.label_at(p.x(), p.y())
            if k is not None:
                return k
        return self.model.geometry.edge_at(p.x(), p.y(), style.HIT_PIXELS / scale)

    def tooltip_at(self, pos: QPointF) -> str | None:
        ref = self.ref_at(pos)
        g = self.model.geometry
        if isinstance(ref, NeuronRef):
            return self.model.neuron_tooltip(g.neuron_index(ref))
        if isinstance(ref, EdgeRef):
            return self.model.edge_tooltip(g.edge_index(ref))
        return None

    def viewport_point_of(self, ref) -> QPoint | None:
        """Where a neuron's centre or an edge's label (or midpoint) is in viewport coordinates."""
        g = self.model.geometry
        if isinstance(ref, NeuronRef):
            k = g.neuron_index(ref)
            return None if k is None else self.mapFromScene(QPointF(*g.positions[k]))
        if isinstance(ref, EdgeRef):
            k = g.edge_index(ref)
            if k is None:
                return None
            centre = self.model.label_centres()[k] if self.model.labels_shown else (g.p1[k] + g.p2[k]) / 2
            return self.mapFromScene(QPointF(*centre))
        return None

    # ----- mouse --------------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        pos = event.position()
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan = pos
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        ref = self.ref_at(pos)
        self.selection.select(ref)
        if isinstance(ref, NeuronRef):
            k = self.model.geometry.neuron_index(ref)
            self._drag = {"k": k, "start": self.scene_point(pos), "origin": self.model.geometry.positions[k].copy(),
                          "before": self.model.geometry.positions.copy(), "moved": False}
        elif ref is None:
            self._pan = pos
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        if self._pan is not None:
            delta = pos - self._pan
            self._pan = pos
            self._scroll_by(delta.x(), delta.y())
            event.accept()
            return
        if self._drag is not None:
            d = self._drag
            p = self.scene_point(pos)
            shift = np.array([p.x() - d["start"].x(), p.y() - d["start"].y()])
            if not d["moved"] and np.hypot(*shift) * self.transform().m11() < 3:
                return  # a click, not yet a drag
            d["moved"] = True
            x, y = d["origin"] + shift
            self.model.move_neuron(d["k"], float(x), float(y))
            self._geometry_changed()
            event.accept()
            return
        if event.buttons() == Qt.MouseButton.NoButton:  # hovering: show what can be clicked
            hit = self.ref_at(pos) is not None
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._pan is not None and event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
            self._pan = None
            self.viewport().unsetCursor()
            event.accept()
            return
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            d, self._drag = self._drag, None
            if d["moved"]:
                self._finish_drag(d)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _finish_drag(self, drag: dict) -> None:
        """One SetView command per drag stores every neuron's position in the project's view."""
        model = self.model
        model.place_labels()
        self._update_scene_rect()
        self._geometry_changed()
        value = layout.positions_to_view(model.geometry.positions, model.sizes)
        name = model.neuron_name(drag["k"])
        self.doc.undo_stack.push(SetView(self.doc, layout.POSITIONS_KEY, value, f"Move neuron {name}"))

    def reset_layout(self) -> None:
        """Forget dragged positions (one undoable step) and lay the network out automatically."""
        if layout.POSITIONS_KEY in self.doc.project.view:
            self.doc.undo_stack.push(SetView(self.doc, layout.POSITIONS_KEY, None, "Reset neuron layout"))

    def mouseDoubleClickEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        self._drag = None
        ref = self.ref_at(event.position())
        if ref is not None:
            self.selection.select(ref)
            self.edit(ref)
        event.accept()

    def contextMenuEvent(self, event) -> None:
        ref = self.ref_at(QPointF(event.pos()))
        self.selection.select(ref)
        self.contextMenuRequested.emit(ref, event.globalPos())
        event.accept()

    # ----- keyboard and clipboard ---------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selection.current is not None:
            self.edit(self.selection.current)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.selection.current is not None:
            self.selection.select(None)
            event.accept()
            return
        super().keyPressEvent(event)

    def copy_selection(self) -> str | None:
        """Copy the exact value of the selected item (weight, bias or input) to the clipboard."""
        found = self.model.copy_value(self.selection.current)
        if found is None:
            self.statusMessage.emit("Select an edge or a neuron to copy its value")
            return None
        name, value = found
        text = exact_text(value)
        QGuiApplication.clipboard().setText(text)
        self.statusMessage.emit(f"Copied {name} = {text}")
        return text

    # ----- inline editing -------------------------------------------------------------------------------
    def edit(self, ref) -> InlineEditor | None:
        """Open the in-place editor for an edge's weight, a neuron's bias or an input's value."""
        self._close_editor()
        model, g, doc = self.model, self.model.geometry, self.doc
        if isinstance(ref, EdgeRef):
            k = g.edge_index(ref)
            if k is None:
                return None
            name = texts.edge_name(ref.layer, ref.i, ref.j)
            if not model.present[k]:
                self.statusMessage.emit(f"{name} is removed: restore it (right-click) before typing its weight")
                return None
            what, current = f"the weight {name}", float(doc.network.weights[ref.layer][ref.i, ref.j])
            make = lambda v: SetWeight(doc, ref.layer, ref.i, ref.j, v)  # noqa: E731
        elif isinstance(ref, NeuronRef):
            k = g.neuron_index(ref)
            if k is None:
                return None
            if ref.column == 0:
                s = model.sample
                what, current = f"x{ref.index + 1} of sample {s + 1}", float(doc.project.inputs[s, ref.index])
                make = lambda v: SetDataValue(doc, "inputs", s, ref.index, v)  # noqa: E731
            else:
                if not model.bias_on[ref.column]:
                    self.statusMessage.emit(f"Layer {ref.column} has no bias: switch its bias on "
                                            "before typing a value")
                    return None
                l = ref.column - 1
                what, current = f"the bias b({ref.column})[{ref.index + 1}]", float(doc.network.biases[l][ref.index])
                make = lambda v: SetBias(doc, l, ref.index, v)  # noqa: E731
        else:
            return None

        def commit(value: float) -> str | None:
            try:
                command = make(value)
            except NetworkError as error:
                return str(error)
            doc.undo_stack.push(command)
            return None

        editor = InlineEditor(self.viewport(), what, exact_text(current), commit)
        editor.closed.connect(self._editor_closed)
        self.editor = editor
        point = self.viewport_point_of(ref)
        if isinstance(ref, NeuronRef):
            point = point + QPoint(0, int((style.RADIUS + 16) * self.transform().m11()))
        editor.show_at(point)
        return editor

    def _editor_closed(self) -> None:
        self.editor = None
        self.setFocus()

    def _close_editor(self) -> None:
        if self.editor is not None:
            self.editor.finish()

    # ----- overlay: legend and error --------------------------------------------------------------------
    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        painter.save()
        painter.resetTransform()
        vp = self.viewport().rect()
        info = self.model.legend
        _, h = legend_size(info)
        paint_legend(painter, 10.0, vp.height() - h - 10.0, info)
        if self.doc.error:
            paint_error(painter, vp.width() / 2.0, 10.0, vp.width(), self.doc.error)
        painter.restore()

    # ----- export -----------------------------------------------------------------------------------
    def render_image(self, width: int | None = None, height: int | None = None, scale: float = 1.0) -> QImage:
        """The whole diagram with its legend on white, like pyqtgraph's ImageExporter (for PNG export)."""
        return render.render_image(self, width, height, scale)

    def render_svg(self, path) -> None:
        """The whole diagram with its legend as an SVG file."""
        render.render_svg(self, path)

    # ----- reading what is shown (used by tests and the main window) ---------------------------------
    def counts(self) -> dict[str, int]:
        """How many neurons, edges (present), removed edges and edge labels the canvas draws."""
        model = self.model
        labels = int(model.present.sum() + len(model.removed)) if model.labels_shown else 0
        return {"neurons": model.geometry.neuron_count, "edges": int(model.present.sum()),
                "removed_edges": len(model.removed), "edge_labels": labels}

    def edge_label_texts(self, ref: EdgeRef) -> list[str]:
        k = self.model.geometry.edge_index(ref)
        return [] if k is None or not self.model.labels_shown else [t for t, _ in self.model.edge_lines(k)]

    def neuron_texts(self, ref: NeuronRef) -> list[str]:
        k = self.model.geometry.neuron_index(ref)
        return [] if k is None else [self.model.neuron_name(k)] + [t for t, _ in self.model.neuron_lines(k)]

    def edge_style(self, ref: EdgeRef) -> tuple[QColor, float]:
        """The colour and pen width (screen pixels) the edge is drawn with."""
        model = self.model
        k = model.geometry.edge_index(ref)
        pen = model.pen(int(model.colour_index[k]), round(float(model.width[k]) * 2) / 2)
        return pen.color(), pen.widthF()
