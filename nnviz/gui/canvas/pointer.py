"""Mouse and keyboard on the canvas: hit-testing, selecting, dragging neurons (one SetView per drag),
panning with the background or middle button, double-click to edit, the context-menu request and
Ctrl+C; mixed into NetworkView."""
import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence

from nnviz.core.numbers import exact_text

from ..commands import SetView
from ..selection import EdgeRef, NeuronRef
from . import layout, style


class PointerMixin:
    """Pointer and key handling for NetworkView (which provides doc, selection, model and the items)."""

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
        k = g.neuron_at(p.x(), p.y(), self.model.look.fonts.radius + 2.0 / scale)
        if k is not None or scale * self.model.look.fonts.value_px < style.MIN_TEXT_PIXELS:
            return k
        near = np.flatnonzero((np.abs(g.positions[:, 0] - p.x()) < 120) & (p.y() - g.positions[:, 1] > 0)
                              & (p.y() - g.positions[:, 1] < 140))
        for k in near.tolist():  # a click on a neuron's value box picks the neuron
            if self.model.value_box(k).contains(p):
                return k
        return None

    def _edge_at(self, p: QPointF) -> int | None:
        scale = self.transform().m11()
        if scale * self.model.look.fonts.label_px >= style.MIN_TEXT_PIXELS:
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
            rect = self.model.label_rect(k) if self.model.labels_shown and self.model.label_shown[k] else None
            centre = rect.center() if rect is not None else QPointF(*((g.p1[k] + g.p2[k]) / 2))
            return self.mapFromScene(centre)
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

