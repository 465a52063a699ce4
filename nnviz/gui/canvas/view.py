"""NetworkView: the interactive network diagram (zoom, pan, select, drag neurons, edit numbers in place).

It listens to the document, the selection and the display settings. A structural change rebuilds the
scene (a handful of items that draw all neurons, edges and labels); a value change only restyles:
new colours, widths and texts on the same items, then one repaint. Edits go through undo commands.
"""
import dataclasses
import time

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

from nnviz.core.numbers import exact_text

from ..document import Change
from ..selection import EdgeRef, NeuronRef
from . import render, style
from .backdrop import EdgeBackdrop
from .check_marks import CheckBadges, CheckHalo
from .edge_labels import EdgeLabels
from .edge_layer import EdgeLayer
from .editing import EditTarget, edit_order, edit_target
from .inline_editor import InlineEditor
from .legend import legend_size, paint_error, paint_legend, paint_stage
from .model import CanvasModel
from .navigation import NavigationMixin
from .neuron_layer import NeuronCircles, NeuronTexts
from .pointer import PointerMixin

RAPID_SECONDS = 0.3  # value changes closer together than this (dragging, training) are "interactive"
QUICK_FIRST_EDGES = 400  # beyond this many edges an edit shows at once unsmoothed, antialiased REFINE_MS later
REFINE_MS = 250  # after the last rapid change or zoom or pan step: repaint antialiased, draw the pale layer anew


class NetworkView(NavigationMixin, PointerMixin, QGraphicsView):
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
        self._navigating = False  # zoomed or panned within REFINE_MS: the pale layer is shown from its pictures
        self._backdrop_steps = QTimer(self)  # draws a picture of the pale layer, a few thousand lines a step
        self._backdrop_steps.setInterval(0)
        self._backdrop_steps.timeout.connect(self._backdrop_step)
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
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.viewport().setMouseTracking(True)
        self.setAccessibleName("Network diagram")
        self.model = CanvasModel(doc, selection, settings)
        self._marks: tuple[list, object] = ([], None)  # Check my work's badges and first wrong step, as refs
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
        self.check_halo = CheckHalo(model)
        self.edges = EdgeLayer(model)
        self.labels = EdgeLabels(model)
        self.neurons = NeuronCircles(model)
        self.neuron_labels = NeuronTexts(model)
        self.check_badges = CheckBadges(model)
        for item in self.items_():
            scene.addItem(item)
        self._update_scene_rect()
        self._on_selection_changed(self.selection.current)
        self._place_marks()

    def _update_scene_rect(self) -> None:
        left, top, right, bottom = self.model.geometry.bounds()
        margin = 2.0 * max(right - left, bottom - top) + 3000.0
        self.scene().setSceneRect(QRectF(left - margin, top - margin, right - left + 2 * margin,
                                         bottom - top + 2 * margin))

    def items_(self) -> list:
        """The scene items, back to front (the backdrop exists only on big networks)."""
        return [item for item in (self.backdrop, self.check_halo, self.edges, self.labels, self.neurons,
                                  self.neuron_labels, self.check_badges) if item is not None]

    def _geometry_changed(self) -> None:
        for item in self.items_():
            item.geometry_changed()
        self.viewport().update()

    def rebuild(self) -> None:
        """Rebuild the scene for a new structure (once per structural change)."""
        self._close_editor()
        self.rebuild_count += 1
        had_labels = self.model.labels_possible
        try:
            self.model.rebuild()
        except Exception as error:  # never a half-built canvas: what a file holds can only be ignored
            self.model.rebuild(use_saved_positions=False)  # an error here is nnviz's own: let it show
            self.statusMessage.emit(f"The neuron positions saved in the file could not be used ({error}); "
                                    "showing the automatic layout")
        self._build_items()
        if self._auto_fit:
            self.fit()
        if had_labels and not self.model.labels_possible:  # say so once, when the network gets big
            self.statusMessage.emit(f"Edge labels hidden: {self.model.geometry.edge_count:,} edges "
                                    f"(more than {style.LABEL_EDGE_LIMIT}); hover an edge to see its values")
        self.viewport().update()

    def restyle(self) -> None:
        """New numbers, same structure: recolour edges and refresh texts, then repaint.

        While values change in quick succession (a drag, a training run), and for the first frame after
        any change on a network of more than QUICK_FIRST_EDGES edges, edges are drawn without antialiasing,
        which is several times faster; one antialiased repaint follows when they stop (a homework-sized
        network is antialiased at once).
        """
        self.restyle_count += 1
        now = time.monotonic()
        rapid = now - self._last_restyle < RAPID_SECONDS or self.model.geometry.edge_count > QUICK_FIRST_EDGES
        self._last_restyle = now
        if rapid and self.model.antialias:
            self.model.interactive = True
            self._refine.start()
        self.model.restyle()
        self.viewport().update()

    def _refine_now(self) -> None:
        self.model.set_interactive(False)
        self._navigating = False
        self.viewport().update()

    def navigated(self) -> None:
        """A zoom or pan step: until the view settles the pale layer is shown from the pictures it has."""
        self._navigating = True
        self._refine.start()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if (self.backdrop is not None and self.backdrop.pending and not self._navigating
                and not self._backdrop_steps.isActive()):
            self._backdrop_steps.start()

    def _backdrop_step(self) -> None:
        if self.backdrop is None or self._navigating:
            self._backdrop_steps.stop()
        elif not self.backdrop.render_step():
            self._backdrop_steps.stop()
            self.viewport().update()

    @property
    def refining(self) -> bool:
        """The refine timer runs: values, zoom or pan changed within REFINE_MS."""
        return self._refine.isActive()

    @property
    def settled(self) -> bool:
        """Nothing left to refine: no antialiased repaint and no picture of the pale layer on its way."""
        return not (self._refine.isActive() or self._backdrop_steps.isActive()
                    or (self.backdrop is not None and self.backdrop.pending))

    def settle(self) -> None:
        """Show now what the view shows once values, zoom and pan stop changing (tests and the benchmark)."""
        self._refine.stop()
        self._refine_now()
        if self.backdrop is not None:
            self.backdrop.want(self.viewportTransform(), self.viewport())
            self.backdrop.finish()
            self._backdrop_steps.stop()
        self.viewport().repaint()

    def _on_document_changed(self, change) -> None:
        if change & Change.STRUCTURE:
            if change & Change.FILE:
                self._auto_fit = True  # a different document: show all of it
            self.rebuild()
            return
        if change & (Change.VALUES | Change.DATA | Change.LOSS):
            self.restyle()
        if change & Change.VIEW:  # saved positions or the notation, whose names can change text widths
            self.model.use_saved_positions = True  # positions moved in this window (or their undo) are usable
            self._relayout(fit_always=False)

    def _on_settings_changed(self) -> None:
        self._relayout(fit_always=True)

    def _relayout(self, fit_always: bool) -> None:
        """Texts may have new sizes (display options, notation) or neurons new places: restyle, and lay
        out again if label or value box sizes changed; fit when asked, or when neurons moved."""
        self.model.restyle()
        moved = self.model.refresh_layout()
        if moved:
            self._update_scene_rect()
        self._geometry_changed()  # label slots may have changed even where neurons did not move
        if self._auto_fit and (fit_always or moved):
            self.fit()
        self.restyle_count += 1
        self.viewport().update()

    def _on_sample_changed(self, _sample: int) -> None:
        if not self.model.stale:  # a new structure (another file) resets the sample before it is drawn
            self.restyle()

    def _on_selection_changed(self, ref) -> None:
        g = self.model.geometry
        edge = g.edge_index(ref) if isinstance(ref, EdgeRef) else None
        neuron = g.neuron_index(ref) if isinstance(ref, NeuronRef) else None
        self.edges.selected = self.labels.selected = edge
        self.neurons.set_selected(neuron)
        self.viewport().update()

    def set_text_scale(self, scale: float | None, edge_labels: bool = True, compact: bool = False) -> None:
        """Text at a scale of its own, with or without edge labels, neurons' numbers compact or not
        (presentation mode); None: the display settings' again."""
        wanted = (scale, edge_labels, compact)
        if wanted != (self.model.font_scale, self.model.edge_labels, self.model.compact):
            self.model.font_scale, self.model.edge_labels, self.model.compact = wanted
            self._relayout(fit_always=True)

    def smallest_text_px(self) -> float:
        """On-screen pixel height of the smallest number drawn: value lines, edge labels, the legend's scale."""
        fonts, zoom = self.model.look.fonts, self.transform().m11()
        sizes = [fonts.value_px * zoom, fonts.legend_px - 1]
        if self.model.labels_shown:
            sizes.append(fonts.label_px * zoom)
        return min(sizes)

    def set_emphasis(self, item, path) -> None:
        """Mark a neuron or edge and the path it lies on (the factor hovered in the Explain panel)."""
        g = self.model.geometry
        refs = [r for r in [item, *(path or [])] if r is not None]
        edges = [k for k in (g.edge_index(r) for r in refs if isinstance(r, EdgeRef)) if k is not None]
        neurons = [k for k in (g.neuron_index(r) for r in refs if isinstance(r, NeuronRef)) if k is not None]
        self.edges.emphasis = list(dict.fromkeys(edges))
        self.neurons.set_emphasis(list(dict.fromkeys(neurons)))
        self.viewport().update()

    def set_reveal(self, reveal) -> None:
        """Show a stage of an animated training step (canvas/reveal.py), or the whole pass again (None)."""
        banner = self.model.stage is not None
        self.model.set_reveal(reveal)
        if self._auto_fit and banner != (reveal is not None):  # room for the stage banner, or no more
            self.fit()
        self.viewport().update()

    def emphasis(self) -> tuple[list, list]:
        """(neurons, edges) marked from the Explain panel, as refs (tests, and what is shown)."""
        g = self.model.geometry
        return [g.neuron_ref(k) for k in self.neurons.emphasis], [g.edge_ref(k) for k in self.edges.emphasis]

    def set_marks(self, badges: list, first_wrong=None) -> None:
        """Show Check my work's marks: a badge per (NeuronRef or EdgeRef, label, verdict), and the first wrong
        step's neuron or edge in a halo (None: none)."""
        self._marks = (list(badges), first_wrong)
        before = self.check_badges.extent()
        self._place_marks()
        if self._auto_fit and self.check_badges.extent() != before:
            self.fit()  # room for badges beside the outermost neurons
        self.viewport().update()

    def _place_marks(self) -> None:
        g = self.model.geometry
        neurons: dict[int, list] = {}
        edges: dict[int, list] = {}
        for ref, label, verdict in self._marks[0]:
            k = g.edge_index(ref) if isinstance(ref, EdgeRef) else g.neuron_index(ref)
            if k is not None:
                (edges if isinstance(ref, EdgeRef) else neurons).setdefault(k, []).append((label, verdict))
        self.check_badges.neurons, self.check_badges.edges = neurons, edges
        first = self._marks[1]
        k = None if first is None else g.edge_index(first) if isinstance(first, EdgeRef) else g.neuron_index(first)
        self.check_halo.first = None if k is None else ("edge" if isinstance(first, EdgeRef) else "neuron", k)
        self.check_badges.update()
        self.check_halo.update()

    def marks(self) -> tuple[dict, object]:
        """({neuron or edge ref: [(label, verdict)]}, the haloed first wrong step's ref or None), as drawn."""
        g = self.model.geometry
        shown = {g.neuron_ref(k): list(v) for k, v in self.check_badges.neurons.items()}
        shown.update({g.edge_ref(k): list(v) for k, v in self.check_badges.edges.items()})
        first = self.check_halo.first
        if first is None:
            return shown, None
        return shown, g.edge_ref(first[1]) if first[0] == "edge" else g.neuron_ref(first[1])

    # ----- inline editing -------------------------------------------------------------------------------
    def edit(self, ref) -> InlineEditor | None:
        """Open the in-place editor for an edge's weight, a neuron's bias or an input's value.

        Tab and Shift+Tab in it move on along edit_order, the place shown above the editor.
        """
        self._close_editor()
        target = edit_target(self.doc, self.model, ref)
        if isinstance(target, str):
            self.statusMessage.emit(target)
        if not isinstance(target, EditTarget):
            return None
        doc = self.doc

        def commit(value: float) -> str | None:
            return doc.try_push(lambda: target.make(value))

        order = edit_order(doc)
        caption = (f"{target.what} · {order.index(ref) + 1} of {len(order)} · Tab: next, Shift+Tab: back"
                   if ref in order else "")
        self.ensure_visible(ref)
        editor = InlineEditor(self.viewport(), target.what, exact_text(target.current), commit, caption)
        editor.closed.connect(self._editor_closed)
        editor.stepped.connect(lambda step: self._edit_next(ref, step))
        self.editor = editor
        point = self.viewport_point_of(ref)
        if isinstance(ref, NeuronRef):  # over the value box, not the name
            point = point + QPoint(0, int((self.model.look.fonts.radius + 16) * self.transform().m11()))
        editor.show_at(point)
        return editor

    def _edit_next(self, ref, step: int) -> None:
        """Select and edit the number `step` places after `ref` in edit_order (wrapping around)."""
        order = edit_order(self.doc)
        if not order:
            return
        k = (order.index(ref) + step) % len(order) if ref in order else 0
        self.selection.select(order[k])
        self.edit(order[k])

    def ensure_visible(self, ref) -> None:
        """Scroll so that `ref` is on screen (Tab may walk to a number outside the view)."""
        point = self.viewport_point_of(ref)
        if point is not None and not self.viewport().rect().adjusted(20, 20, -20, -20).contains(point):
            self.centerOn(self.mapToScene(point))

    def _editor_closed(self) -> None:
        self.editor = None
        self.setFocus()

    def _close_editor(self) -> None:
        if self.editor is not None:
            self.editor.finish()

    # ----- background and overlay: legend and error -----------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, self.model.look.colours.background)  # follows the theme

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        painter.save()
        painter.resetTransform()
        vp = self.viewport().rect()
        info = self.model.legend
        if self.transform().m11() * self.model.look.fonts.value_px < style.MIN_TEXT_PIXELS:
            info = self._with_zoom_hint(info)
        _, h = legend_size(info)
        paint_legend(painter, 10.0, vp.height() - h - 10.0, info)
        if self.doc.error:
            paint_error(painter, vp.width() / 2.0, 10.0, vp.width(), self.doc.error, self.model.look)
        elif self.model.stage is not None:
            paint_stage(painter, vp.width() / 2.0, 10.0, vp.width(), self.model.stage.caption, self.model.look)
        painter.restore()

    def _with_zoom_hint(self, info):
        """The legend plus a hint that the numbers appear when zoomed in (made once per legend)."""
        cached = getattr(self, "_hinted", None)
        if cached is None or cached[0] is not info:
            hint = "Numbers are too small to read at this zoom: zoom in (wheel) to see them"
            cached = self._hinted = (info, dataclasses.replace(info, notes=[*info.notes, hint]))
        return cached[1]

    # ----- export -----------------------------------------------------------------------------------
    def render_image(self, width: int | None = None, height: int | None = None, scale: float = 1.0,
                     transparent: bool = False, dpi: float | None = None) -> QImage:
        """The whole diagram with its legend (see render.render_image)."""
        return render.render_image(self, width, height, scale, transparent, dpi)

    def export_size(self) -> tuple[float, float]:
        """The exported diagram's width and height at scale 1 (pixels)."""
        return render.size(self)

    def export_bytes(self, suffix: str, scale: float = 1.0, dpi: float | None = None,
                     transparent: bool = False) -> bytes:
        """The diagram as a .png, .svg or .pdf file's contents (see render.export_bytes)."""
        return render.export_bytes(self, suffix, scale, dpi, transparent)

    # ----- reading what is shown (used by tests and the main window) ---------------------------------
    def counts(self) -> dict[str, int]:
        """How many neurons, edges (present), removed edges and edge labels the canvas draws."""
        model = self.model
        return {"neurons": model.geometry.neuron_count, "edges": int(model.present.sum()),
                "removed_edges": len(model.removed), "edge_labels": model.drawn_label_count()}

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
