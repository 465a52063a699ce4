"""What the canvas shows, derived from the document, the display settings and the selected sample.

`rebuild()` runs on a structural change: index arrays, geometry, layout and label placement (see
model_labels.py; a display-setting change redoes the last two if label sizes changed). `restyle()`
runs on every value change: it recomputes edge colours and widths vectorised with numpy, regroups the
drawn edges into one pen bucket per colour and width, and invalidates the text caches. Texts are formatted
lazily, only for what is painted (a 10,000-edge net never formats a label it does not show).
"""
import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPen

from .. import colour_scale
from . import layout, style, texts
from .geometry import Geometry
from .legend import LegendInfo
from .look import look_for
from .model_labels import LabelsMixin
from .model_texts import TextsMixin, TextWidth


class CanvasModel(LabelsMixin, TextsMixin):
    """Arrays and lazily formatted texts the canvas items paint from; holds no Qt items itself."""

    def __init__(self, doc, selection, settings):
        self.doc, self.selection, self.settings = doc, selection, settings
        self.exporting = False  # True while render_image/render_svg paint: all edges in colour
        self.interactive = False  # values are changing quickly: edges drawn without antialiasing for now
        self._pens: dict = {}
        self.font_scale: float | None = None  # a scale of its own (presentation mode), else the settings'
        self.edge_labels = True  # presentation mode may leave the edges' numbers to tooltips and Explain
        self.compact = False  # presentation mode: neurons show z, a and δ (their bias and ∂L/∂b in tooltips)
        self.look = None
        self.use_look(look_for(settings.options))
        self.namer = None  # the notation bound to the shown layer sizes (see _prepare_texts)
        self.reveal = None  # a stage of an animated training step: only that much of its pass is shown
        self.rebuild()

    def use_look(self, look) -> bool:
        """Draw with these colours, fonts and palette; True when text sizes changed (lay out again)."""
        if look is self.look:
            return False
        resized = self.look is None or look.fonts is not self.look.fonts
        self.look = look
        self._pens = {}
        if resized:
            fonts = look.fonts
            self.label_metrics = QFontMetricsF(fonts.label)
            self.value_metrics = QFontMetricsF(fonts.value)
            self.label_width = TextWidth(self.label_metrics)
            self.value_width = TextWidth(self.value_metrics)
            self.header_metrics = QFontMetricsF(fonts.header)
            self.note_metrics = QFontMetricsF(fonts.note)
        return resized

    def current_look(self):
        """The look the display options (and a presentation scale, if any) ask for now."""
        return look_for(self.settings.options, self.exporting, self.font_scale)

    # ----- structure ------------------------------------------------------------------------------
    def rebuild(self, use_saved_positions: bool = True) -> None:
        """Index arrays, geometry (saved positions if they fit, else the automatic layout), styles, labels.

        use_saved_positions=False ignores the positions in the file's view until the next rebuild (the
        canvas's way out when a rebuild with them failed).
        """
        self.use_saved_positions = use_saved_positions
        self.structure_version = self.doc.structure_version
        net = self.doc.network
        self.sizes = net.sizes()
        self.activations = [None] + [layer.activation for layer in net.layers]
        self.bias_on = [False] + [layer.bias for layer in net.layers]
        edge_total = sum(a * b for a, b in zip(self.sizes[:-1], self.sizes[1:]))
        self.labels_possible = edge_total <= style.LABEL_EDGE_LIMIT
        self.big = edge_total > style.FULL_COLOUR_LIMIT
        self._prepare_texts()
        self.value_sizes = self.value_box_sizes()
        positions = self.saved_positions()
        if positions is None:
            positions = layout.auto_positions(self.sizes, self.labels_room, [h for _, h in self.value_sizes],
                                              self.look.fonts.radius)
        self.geometry = Geometry(self.sizes, positions)
        self.present = np.concatenate([np.ones(w.size, bool) if m is None else m.ravel()
                                       for w, m in zip(net.weights, net.masks)])
        self.removed = np.flatnonzero(~self.present)
        self._structure_lines()
        self._reset_layouts()
        self.restyle()
        self.refresh_layout()

    def saved_positions(self) -> np.ndarray | None:
        """The neuron positions the file's view holds, if they fit this network and may be used."""
        if not self.use_saved_positions:
            return None
        return layout.positions_from_view(self.doc.project.view, self.sizes)

    def _structure_lines(self) -> None:
        lines = self.geometry.lines
        self.pale_edges = np.flatnonzero(self.present) if self.big else np.zeros(0, int)  # the backdrop's
        self.pale_lines = [lines[k] for k in self.pale_edges.tolist()]
        self.removed_lines = [lines[k] for k in self.removed]

    def set_positions(self, positions: np.ndarray) -> None:
        """Move all neurons (labels keep their place relative to their edges until placed again)."""
        self.geometry.set_positions(positions)
        self._label_points = None
        self._structure_lines()
        self._bucket()

    def move_neuron(self, k: int, x: float, y: float) -> None:
        """Follow a drag: move one neuron's edges; labels keep their place along their edges."""
        self.geometry.move_neuron(k, x, y)
        self._label_points = None
        self._structure_lines()
        self._bucket()

    @property
    def stale(self) -> bool:
        """The network's structure changed since the last rebuild (which is on its way)."""
        return self.structure_version != self.doc.structure_version

    @property
    def labels_shown(self) -> bool:
        s = self.settings
        return self.labels_possible and self.edge_labels and (s.show_weights or s.show_gradients)

    @property
    def labels_room(self) -> bool:
        """Whether the layout leaves room between the columns for edge labels (not in presentation mode's
        unlabelled edges; toggling labels in the View menu keeps the neurons where they are)."""
        return self.labels_possible and self.edge_labels

    @property
    def antialias(self) -> bool:
        """Antialiasing as set, except on big networks where it would cost several frames' time."""
        return bool(self.settings.antialias) and self.geometry.edge_count <= style.ANTIALIAS_EDGE_LIMIT

    @property
    def edge_antialias(self) -> bool:
        return self.exporting or (self.antialias and not self.interactive)

    def set_interactive(self, interactive: bool) -> None:
        if interactive != self.interactive:
            self.interactive = interactive
            self._bucket()

    # ----- values ---------------------------------------------------------------------------------
    @property
    def stage(self):
        """The Reveal the canvas shows, None for the whole pass (always when exporting)."""
        if self.reveal is not None and self.reveal.base is not self.doc.result:
            self.reveal = None  # the document changed under the animation (which ends itself too)
        return None if self.exporting else self.reveal

    def set_reveal(self, reveal) -> None:
        """Show only what a stage of an animated step has revealed (None: the document's whole pass)."""
        self.reveal = reveal
        self.restyle()

    def restyle(self) -> None:
        """Recompute everything that depends on numbers (not on structure)."""
        self.use_look(self.current_look())
        self._prepare_texts()
        net, s, stage = self.doc.network, self.settings, self.stage
        project = self.doc.project
        self.sample = max(0, min(self.selection.sample, project.sample_count - 1))
        result = self.shown_result = self.doc.result if stage is None else stage.result
        self.row = self.sample if stage is None else stage.row(self.sample)  # the sample's row in that pass
        weights = stage.weights if stage is not None and stage.updated else net.weights
        self.weights = np.concatenate([w.ravel() for w in weights])
        self.grads = None if result is None else np.concatenate([r.grad_weights.ravel() for r in result.layers])
        by_weight = s.edge_encoding == "weight"
        values = self.weights if by_weight else self.grads
        shown = None if stage is None or by_weight else stage.gradient_shown(self.geometry.edge_layer)
        self.neutral = values is None or (shown is not None and not shown.any())
        if self.neutral:
            self.colour_index = np.full(self.geometry.edge_count, colour_scale.ZERO_INDEX)
            self.width = np.full(self.geometry.edge_count, colour_scale.MIN_WIDTH)
            self.strength = np.zeros(self.geometry.edge_count)
            top = 0.0
        else:
            values = np.where(self.present, values, 0.0)
            finite = np.abs(values[np.isfinite(values)])
            top = float(finite.max()) if finite.size else 0.0
            self.strength = colour_scale.magnitude(values, s.edge_scale)
            self.colour_index, self.width = colour_scale.encode(values, s.edge_scale, t=self.strength)
            if shown is not None:  # gradients not computed yet: grey; the others on the whole step's scale
                hidden = ~shown
                self.colour_index[hidden] = colour_scale.ZERO_INDEX
                self.width[hidden] = colour_scale.MIN_WIDTH
                self.strength[hidden] = 0.0
        self._top, self._by_weight = top, by_weight
        # each label's border colour (-1: removed edge); big networks have no labels
        self.label_colours = np.where(self.present, self.colour_index, -1).tolist() if self.labels_possible else []
        self._bucket()
        self.legend = self._legend()

    def _bucket(self) -> None:
        """Group the edges drawn in colour into (pen, lines) buckets, thin ones first."""
        drawn = np.flatnonzero(self.present)
        if self.big and not self.exporting:
            strong = drawn[self.strength[drawn] > 0]
            if len(strong) > style.STRONG_EDGES:
                part = np.argpartition(-self.strength[strong], style.STRONG_EDGES)[:style.STRONG_EDGES]
                strong = strong[part]
            drawn = strong
        half_px = np.round(self.width[drawn] * 2).astype(int)
        key = half_px * 16 + self.colour_index[drawn]
        order = np.argsort(key, kind="stable")
        drawn, key = drawn[order], key[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.array([], int)
        ends = np.r_[starts[1:], len(key)]
        lines = self.geometry.lines
        self.buckets = []
        for a, b in zip(starts.tolist(), ends.tolist()):
            pen = self.pen(int(key[a] % 16), (key[a] // 16) / 2.0)
            self.buckets.append((pen, [lines[k] for k in drawn[a:b].tolist()]))
        self.coloured_count = len(drawn)

    def pen(self, colour_index: int, width: float) -> QPen:
        """A flat-capped pen, cosmetic on screen (its width in pixels at any zoom) and in scene units in an
        export (so a picture scales as a whole); never exactly 1 px wide without antialiasing, because Qt's
        1-px cosmetic line path is about five times slower than its polygon path for a 1.01 px line."""
        aliased = not self.edge_antialias
        key = (colour_index, width, self.exporting, aliased)
        pen = self._pens.get(key)
        if pen is None:
            pen = QPen(self.look.palette[colour_index], max(1.01 if aliased else 1.0, width))
            pen.setCosmetic(not self.exporting)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            self._pens[key] = pen
        return pen

    def set_exporting(self, exporting: bool) -> None:
        """Exports draw every edge in colour in the light theme, with pens that scale with the picture, and
        the whole pass even while an animated step shows part of it."""
        self.exporting = exporting
        if self.reveal is not None:
            self.restyle()  # takes the look too
            return
        self.use_look(self.current_look())
        self._bucket()
        self.legend = self._legend()

    def _legend(self) -> LegendInfo:
        s, doc, top, by_weight = self.settings, self.doc, self._top, self._by_weight
        notes = []
        count = int(self.present.sum())
        if (s.show_weights or s.show_gradients) and not self.labels_possible:
            notes.append(f"Edge labels hidden: {count:,} edges (more than {style.LABEL_EDGE_LIMIT}); "
                         "hover an edge for its values")
        if self.labels_shown and self.labels_dropped:
            notes.append(f"{self.labels_dropped} of {count} edge labels left out where they would overlap; "
                         "hover or select an edge to see its values")
        if self.big and not self.exporting and not self.neutral:
            notes.append(f"Colour: the {min(self.coloured_count, count):,} strongest of {count:,} edges, "
                         "the rest pale")
        if not self.antialias and s.antialias:
            notes.append("Antialiasing off for speed on this big network")
        summary = ""
        result, stage = self.shown_result, self.stage
        if result is not None:
            loss = doc.project.loss
            m = doc.project.sample_count
            value = "?" if stage is not None and not stage.loss else self.fmt(result.loss)
            over = "" if stage is None or stage.rows is None else \
                f" over the mini-batch of samples {', '.join(str(r + 1) for r in stage.rows)}"
            summary = (f"Loss L = {value} ({loss.name}, {loss.reduction}){over}"
                       f" · sample {self.sample + 1} of {m} shown")
            if self.row is None:
                summary += ", not in this mini-batch"
        return LegendInfo(quantity="w (weight)" if by_weight else "∂L/∂w (gradient)", scale=s.edge_scale,
                          top=top, neutral=self.neutral, precision=s.precision, summary=summary, notes=notes,
                          has_removed=len(self.removed) > 0, error=doc.error, look=self.look)

    # ----- value boxes and headers ----------------------------------------------------------------
    def value_box(self, k: int, widest: bool = False) -> QRectF:
        """The rect (scene units) of neuron k's value lines, under its circle (`widest`: as big as it can get)."""
        w, h = self.value_sizes[int(self.geometry.column[k])] if widest else self.neuron_block(k)[1:]
        x, y = self.geometry.positions[k]
        return QRectF(x - w / 2, y + self.look.fonts.radius + 5, w, h)

    def headers(self, positions: np.ndarray | None = None) -> list[tuple[float, float, str, str | None]]:
        """(x, baseline y, title, note) of each column: centred on it, all on one row above the network
        (for the neurons where they are, or at `positions`)."""
        g = self.geometry
        positions = g.positions if positions is None else positions
        top = float(positions[:, 1].min()) - self.look.fonts.radius - style.HEADER_GAP
        out = []
        for c, n in enumerate(self.sizes):
            x = float(positions[g.neuron_offsets[c]:g.neuron_offsets[c] + n, 0].mean())
            title = texts.column_title(c, self.sizes, self.activations[c])
            note = "no bias" if c > 0 and not self.bias_on[c] else None
            out.append((x, top, title, note))
        return out

    def header_rects(self, positions: np.ndarray | None = None) -> list[QRectF]:
        rects = []
        for x, y, title, note in self.headers(positions):
            w = self.header_metrics.horizontalAdvance(title)
            h = self.header_metrics.height() + (self.note_metrics.height() if note else 0)
            rects.append(QRectF(x - w / 2, y - self.header_metrics.ascent(), w, h))
        return rects
