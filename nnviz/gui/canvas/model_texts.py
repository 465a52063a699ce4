"""The texts the canvas shows, formatted lazily and cached until the next restyle: value lines under
neurons, edge labels, exact-value tooltips and what Ctrl+C copies, each quantity named by the document's
notation (names cached until the notation or the layer sizes change). Mixed into CanvasModel."""
from PySide6.QtGui import QColor, QFontMetricsF

from nnviz.core.mathtext import NumberFormat
from nnviz.core.numbers import exact_text

from ..selection import EdgeRef, NeuronRef
from . import texts

FIXED_INTEGER_DIGITS = 4  # fixed decimals have no exponent: room is kept for numbers below 10,000


class _Advances(dict):
    """Character -> advance width, measured on first use."""

    def __init__(self, metrics: QFontMetricsF):
        super().__init__()
        self.metrics = metrics

    def __missing__(self, ch: str) -> float:
        width = self[ch] = self.metrics.horizontalAdvance(ch)
        return width


class TextWidth:
    """Width of a short text as the sum of its characters' advances, cached per character: measuring
    each string with QFontMetricsF costs a full text shaping (~7 µs), summing cached advances ~1 µs."""

    def __init__(self, metrics: QFontMetricsF):
        self.line_height = metrics.height()
        self._lookup = _Advances(metrics).__getitem__

    def __call__(self, text: str) -> float:
        return sum(map(self._lookup, text))


class TextsMixin:
    """Reading numbers and making texts for CanvasModel (which provides doc, geometry and caches)."""

    # ----- reading values -------------------------------------------------------------------------
    def edge_values(self, k: int) -> tuple[float, float | None]:
        """(weight, dL/dw) of edge k; the gradient is None when there is no result."""
        return float(self.weights[k]), None if self.grads is None else float(self.grads[k])

    def neuron_values(self, k: int) -> dict[str, float | None]:
        """The numbers of neuron k for the shown sample: x/dL/dx for inputs; z, a, b, dL/db, delta, y
        (of the pass shown: the document's, or an animated step's, whose mini-batch may lack the sample)."""
        c, i = int(self.geometry.column[k]), int(self.geometry.index[k])
        project, result, s, row = self.doc.project, self.shown_result, self.sample, self.row
        if row is None:
            result = None
        if c == 0:
            return {"x": float(project.inputs[s, i]),
                    "dL/dx": None if result is None else float(result.grad_inputs[row, i])}
        l = c - 1
        stage = self.stage
        biases = stage.biases if stage is not None and stage.updated else self.doc.network.biases
        out = {"b": float(biases[l][i]) if self.bias_on[c] else None}
        if result is not None:
            r = result.layers[l]
            out.update(z=float(r.z[row, i]), a=float(r.a[row, i]), delta=float(r.delta[row, i]),
                       **{"dL/db": None if r.grad_biases is None else float(r.grad_biases[i])})
        if c == len(self.sizes) - 1:
            out["y"] = float(project.targets[s, i])
        return out

    # ----- texts (lazy, cached until the next restyle) -------------------------------------------
    def _prepare_texts(self) -> None:
        """Take the display options and the notation as they are now; every text is formatted again."""
        self.options = self.settings.options  # plain dataclass: fast attribute reads while formatting
        self.fmt = NumberFormat(self.options.precision, self.options.decimals)
        self._neuron_cache: dict[int, tuple] = {}
        self._edge_cache: dict[int, tuple] = {}
        notation = self.doc.notation
        if self.namer is None or self.namer.notation != notation or self.namer.sizes != self.sizes:
            self.namer = notation.namer(self.sizes)
            self.pre_symbol, self.act_symbol = texts.value_symbols(notation)
            self.output_symbol = self.namer.a_vec(self.namer.last).unicode  # ŷ: never the target's y
            self._names: dict[int, str] = {}

    def neuron_name(self, k: int) -> str:
        """x₁ for an input, the activation of a hidden unit (a⁽¹⁾₁, H⁽¹⁾₁...), ŷ for an output."""
        name = self._names.get(k)
        if name is None:
            g = self.geometry
            name = self._names[k] = self.namer.a(int(g.column[k]), int(g.index[k]) + 1).unicode
        return name

    def edge_name(self, layer: int, i: int, j: int):
        """The Name of weights[layer][i, j] (0-based indices, as in EdgeRef)."""
        return self.namer.w(layer + 1, i + 1, j + 1)

    @staticmethod
    def _block(lines: list[tuple[str, QColor]], width: "TextWidth") -> tuple[list, float, float]:
        """(lines with their text widths, box width, box height) of a block of text lines."""
        if not lines:
            return [], 0.0, 0.0
        measured = [(text, colour, width(text)) for text, colour in lines]
        return measured, max(w for *_, w in measured) + 8.0, len(lines) * width.line_height + 4.0

    def neuron_block(self, k: int) -> tuple[list, float, float]:
        """The value lines under neuron k (text, colour, width) and their box size; cached."""
        cached = self._neuron_cache.get(k)
        if cached is None:
            cached = self._neuron_cache[k] = self._block(self._neuron_lines(k), self.value_width)
        return cached

    def edge_block(self, k: int) -> tuple[list, float, float]:
        """The label lines of edge k (text, colour, width) and their box size; cached."""
        cached = self._edge_cache.get(k)
        if cached is None:
            cached = self._edge_cache[k] = self._block(self._edge_lines(k), self.label_width)
        return cached

    # ----- reserved sizes: the most a text can measure at the current precision -------------------
    def widest_number(self) -> str:
        """The widest text the number format can give at the current precision (-0.0008888, -8.888e-888...;
        with fixed decimals, numbers up to FIXED_INTEGER_DIGITS digits before the point: -8888.8888)."""
        p = max(1, int(self.options.precision))
        digit = max("0123456789", key=self.label_width)
        if self.options.decimals:
            return "-" + digit * FIXED_INTEGER_DIGITS + "." + digit * p
        mantissa = digit + ("." + digit * (p - 1) if p > 1 else "")
        return max(["-0.000" + digit * p, "-" + digit * p, f"-{mantissa}e-{digit * 3}"], key=self.label_width)

    def label_slot_size(self) -> tuple[float, float]:
        """(w, h) of every edge label's slot: room for its lines whatever the numbers (0, 0: no labels)."""
        s, widest = self.options, self.widest_number()
        lines = (["w = " + widest] if s.show_weights else []) + (["∂L/∂w = " + widest] if s.show_gradients else [])
        if not lines:
            return 0.0, 0.0
        return (max(map(self.label_width, lines + ["removed"])) + 8.0,
                len(lines) * self.label_width.line_height + 4.0)

    def value_box_sizes(self) -> list[tuple[float, float]]:
        """Per column, the largest (w, h) its neurons' value boxes can have at the current precision."""
        widest = self.widest_number()
        out = []
        for c, n in enumerate(self.sizes):
            if n == 0:
                out.append((0.0, 0.0))
                continue
            v = ({"x": 0.0, "dL/dx": 0.0} if c == 0
                 else {"b": 0.0, "z": 0.0, "a": 0.0, "delta": 0.0, "dL/db": 0.0})
            if c == len(self.sizes) - 1:
                v["y"] = 0.0
            lines = self._neuron_lines(-1, v, lambda _: widest, column=c)
            out.append(self._block(lines, self.value_width)[1:])
        return out

    def neuron_lines(self, k: int) -> list[tuple[str, QColor]]:
        return [(text, colour) for text, colour, _ in self.neuron_block(k)[0]]

    def edge_lines(self, k: int) -> list[tuple[str, QColor]]:
        return [(text, colour) for text, colour, _ in self.edge_block(k)[0]]

    def _neuron_lines(self, k: int, v: dict | None = None, fmt=None,
                      column: int | None = None) -> list[tuple[str, QColor]]:
        """The value lines under neuron k (of `column`), as the display settings ask; of values `v`
        formatted by `fmt`, by default its numbers for the shown sample, "?" where an animated step has
        not computed them yet."""
        s, colours = self.options, self.look.colours
        stage = self.stage if v is None else None
        v = self.neuron_values(k) if v is None else v
        fmt = self.fmt if fmt is None else fmt
        c = int(self.geometry.column[k]) if column is None else column

        def value(key: str, colour: QColor) -> tuple[str, QColor]:
            if stage is not None and stage.hides(key, c):
                return "?", colours.pending_text
            return fmt(v[key]), colour

        lines = []
        if c == 0:
            if s.show_activations:
                lines.append((f"x = {fmt(v['x'])}", colours.text))
            if s.show_deltas and v["dL/dx"] is not None:
                text, colour = value("dL/dx", colours.text_secondary)
                lines.append((f"∂L/∂x = {text}", colour))
        else:
            if s.show_activations and "z" in v:
                text, colour = value("z", colours.text)
                lines.append((f"{self.pre_symbol} = {text}", colour))
                act = self.output_symbol if c == len(self.sizes) - 1 else self.act_symbol
                text, colour = value("a", colours.text)
                lines.append((f"{act} = {text}", colour))
            if s.show_activations and "y" in v:
                lines.append((f"y = {fmt(v['y'])} (target)", colours.text_secondary))
            if s.show_biases and not self.compact:
                lines.append((f"b = {fmt(v['b'])}", self._parameter_colour(stage)) if self.bias_on[c]
                             else ("no bias", colours.no_bias))
            if s.show_deltas and "delta" in v:
                text, colour = value("delta", colours.text_secondary)
                lines.append((f"δ = {text}", colour))
            if s.show_gradients and self.bias_on[c] and v.get("dL/db") is not None and not self.compact:
                g = v["dL/db"]
                text, colour = value("dL/db", colours.positive_text if g > 0 else colours.negative_text if g < 0
                                     else colours.text_secondary)
                lines.append((f"∂L/∂b = {text}", colour))
        return lines

    def _edge_lines(self, k: int) -> list[tuple[str, QColor]]:
        """The label of edge k: its weight and its gradient dL/dw, as the display settings ask (its slot,
        label_slot_size, must hold these lines: keep the two in step)."""
        s, colours, stage = self.options, self.look.colours, self.stage
        w, g = self.edge_values(k)
        if not self.present[k]:
            return [("removed", colours.text_secondary)]
        lines = []
        if s.show_weights:
            lines.append((f"w = {self.fmt(w)}", self._parameter_colour(stage)))
        if s.show_gradients and g is not None:
            if stage is not None and not stage.gradient_shown(self.geometry.edge_layer[k]):
                lines.append(("∂L/∂w = ?", colours.pending_text))
            else:
                colour = colours.positive_text if g > 0 else colours.negative_text if g < 0 else colours.text_secondary
                lines.append((f"∂L/∂w = {self.fmt(g)}", colour))
        return lines

    def _parameter_colour(self, stage) -> QColor:
        """A weight's or bias's text colour: green once an animated step has updated it."""
        colours = self.look.colours
        return colours.updated_text if stage is not None and stage.updated else colours.text

    def edge_tooltip(self, k: int) -> str:
        g = self.geometry
        w = self.edge_name(int(g.edge_layer[k]), int(g.edge_i[k]), int(g.edge_j[k]))
        head = f"{w}: {self.neuron_name(int(g.src[k]))} → {self.neuron_name(int(g.dst[k]))}"
        if not self.present[k]:
            return f"{head}\nremoved (weight fixed at 0): right-click to restore it"
        weight, grad = self.edge_values(k)
        lines = [head, f"{w} = {exact_text(weight)}"]
        lines.append(f"{self.namer.grad(w)} = "
                     + ("(no result)" if grad is None else f"{exact_text(grad)}  (whole batch)"))
        lines.append("Double-click to type a new weight")
        return "\n".join(lines)

    def neuron_tooltip(self, k: int) -> str:
        c, i = int(self.geometry.column[k]), int(self.geometry.index[k])
        head = f"{self.neuron_name(k)}: " + texts.neuron_description(c, i, self.sizes, self.activations[c])
        v = self.neuron_values(k)
        n = self.namer
        if c == 0:
            x = n.x(i + 1)
            names = {"x": x, "dL/dx": n.grad(x)}
        else:
            z, b = n.z(c, i + 1), n.b(c, i + 1)
            names = {"z": z, "a": n.a(c, i + 1), "y": f"{n.y(i + 1)} (target)", "b": b, "dL/db": n.grad(b),
                     "delta": f"{n.delta(c, i + 1)} = {n.grad(z)}"}
        lines = [head]
        for key, name in names.items():
            if v.get(key) is not None:
                lines.append(f"{name} = {exact_text(v[key])}")
        if c > 0 and not self.bias_on[c]:
            lines.append("no bias in this layer")
        lines.append(f"sample {self.sample + 1}; double-click to type "
                     + ("its value" if c == 0 else "its bias"))
        return "\n".join(lines)

    def copy_value(self, ref) -> tuple[str, float] | None:
        """(name, exact value) that Ctrl+C copies: an edge's weight, a neuron's bias, an input's value."""
        if isinstance(ref, EdgeRef):
            k = self.geometry.edge_index(ref)
            return None if k is None else (str(self.edge_name(ref.layer, ref.i, ref.j)), float(self.weights[k]))
        if isinstance(ref, NeuronRef):
            k = self.geometry.neuron_index(ref)
            if k is None:
                return None
            c, i = ref.column, ref.index
            if c == 0:
                name = f"{self.namer.x(i + 1)} (sample {self.sample + 1})"
                return name, float(self.doc.project.inputs[self.sample, i])
            if not self.bias_on[c]:
                v = self.neuron_values(k)
                return (self.neuron_name(k), v["a"]) if "a" in v else None
            return str(self.namer.b(c, i + 1)), float(self.doc.network.biases[c - 1][i])
        return None
