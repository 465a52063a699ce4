"""A forward and backward pass written out as labelled tables, and the pass as JSON (`nnviz solve --json`).

Layers are counted from 1 (the inputs x are layer 0), units from 1. Names come from the notation's ASCII
spelling (w^(l)_ij in the default one: from unit j of layer l-1 to unit i of layer l, W[l-1][i-1, j-1]
in code). The tables are Sections of Tables of formatted strings; solution.py puts them together with
the derivations into the worked solution, and solution_render.py renders it as text, Markdown, LaTeX
or HTML. Pure Python, no Qt.
"""
import math
from dataclasses import dataclass, field

import numpy as np

from .engine import Result
from .formulas import SAMPLE_LOSS
from .losses import LOSS_LABELS, Loss
from .messages import printable
from .notation import Namer, Notation
from .project import Project

DEFAULT_NOTATION = [
    "Notation: layers counted from 1 (the inputs x = a^(0) are layer 0), units from 1.",
    "w^(l)_ij is the weight from unit j of layer l-1 to unit i of layer l: row i, column j of W^(l)",
    "(some texts write this same weight as w_ji). z^(l) = W^(l) a^(l-1) + b^(l), a^(l) = f(z^(l)),",
    "delta^(l) = dL/dz^(l).",
]
_SPLIT_COLUMNS = 8  # a layer with more units than this gets separate z and a tables
_REMOVED = "removed"


@dataclass
class Table:
    """A grid of formatted cells with a label per row and a header per column."""

    columns: list[str]
    rows: list[tuple[str, list[str]]]
    corner: str = ""
    text_columns: tuple[int, ...] = ()  # columns of words (left-aligned); the others hold numbers


@dataclass
class Section:
    """A heading (level 1 = title, 2 = part, 3 = sub-part) and its items in reading order: str notes,
    Tables and mathtext Blocks."""

    heading: str
    items: list = field(default_factory=list)
    level: int = 2


def fmt(x: float, precision: int = 6) -> str:
    """A number to `precision` significant digits, without a minus sign on zero."""
    text = f"{float(x):.{precision}g}"
    return "0" if text in ("-0", "0") else text


def solve_json(result: Result) -> dict:
    """The numbers of a pass as plain lists of floats (for json.dumps; non-finite values become None)."""
    return {
        "loss": json_numbers(result.loss),
        "outputs": json_numbers(result.outputs),
        "layers": [{"z": json_numbers(r.z), "a": json_numbers(r.a), "delta": json_numbers(r.delta),
                    "grad_weights": json_numbers(r.grad_weights),
                    "grad_biases": None if r.grad_biases is None else json_numbers(r.grad_biases)}
                   for r in result.layers],
    }


def json_numbers(value):
    """A number, array or list as plain floats and lists, inf and NaN as None (JSON has no such numbers)."""
    if isinstance(value, (np.ndarray, list, tuple)):
        return [json_numbers(v) for v in value]
    value = float(value)
    return value if math.isfinite(value) else None


# ----- the tables ------------------------------------------------------------------------------
class Tables:
    """The labelled tables of one pass, named in a notation's ASCII spelling."""

    def __init__(self, project: Project, result: Result, namer: Namer, precision: int = 6):
        self.project, self.result, self.n = project, result, namer
        self.f = lambda x: fmt(x, precision)

    def header(self) -> Section:
        project, net = self.project, self.project.network
        shape = " -> ".join([f"{net.input_size} inputs"] + [f"{layer.size} {layer.activation}" for layer in net.layers])
        notes = DEFAULT_NOTATION if self.n.notation == Notation() else []
        return Section(printable(project.title, None) or "nnviz network", [f"Network: {shape}", *notes])

    @property
    def _in_out(self) -> bool:
        """Weight-shaped matrices printed (in × out): rows are the units of the layer below."""
        return self.n.notation.orientation == "in_out"

    def data(self) -> Section:
        project, f, n = self.project, self.f, self.n
        m = project.sample_count
        n_in, n_out = project.inputs.shape[1], project.targets.shape[1]
        table = Table([n.x(j + 1).ascii for j in range(n_in)] + [f"y_{k + 1}" for k in range(n_out)],
                      [(f"sample {s + 1}", [f(v) for v in project.inputs[s]] + [f(v) for v in project.targets[s]])
                       for s in range(m)])
        return Section(f"Data ({_count(m, 'sample')}: inputs x, targets y)", [table])

    def layer_heading(self, l: int) -> str:
        layer = self.project.network.layers[l]
        last = l == len(self.project.network.layers) - 1
        return f"Layer {l + 1} ({layer.activation}, {_count(layer.size, 'unit')}){', output' if last else ''}"

    def _where(self, l: int) -> str:
        """What the rows and columns of layer l's weight-shaped matrices stand for."""
        source = "input x_j" if l == 0 else f"unit j of layer {l} ({self.n.a_vec(l).ascii}_j)"
        if self._in_out:
            return f"(row j = {source}, column k = unit k of layer {l + 1})"
        return f"(row i = unit i of layer {l + 1}, column j = {source})"

    def _entry(self, l: int) -> str:
        """How an entry of layer l's weight-shaped matrices is indexed, e.g. "(i, j) = w^(1)_ij"."""
        w = self.n.W(l + 1).ascii
        return f"(j, k) = w{w[1:]}_jk" if self._in_out else f"(i, j) = w{w[1:]}_ij"

    def _matrix(self, l: int, values: np.ndarray) -> Table:
        """A weight-shaped matrix (rows i, columns j; or transposed for in × out); removed edges marked."""
        net, f = self.project.network, self.f
        cells = [[f(values[i, j]) if net.edge_present(l, i, j) else _REMOVED for j in range(values.shape[1])]
                 for i in range(values.shape[0])]
        if self._in_out:
            cells = [list(column) for column in zip(*cells)]
            return Table([f"k={k + 1}" for k in range(values.shape[0])],
                         [(f"j={j + 1}", row) for j, row in enumerate(cells)])
        return Table([f"j={j + 1}" for j in range(values.shape[1])], [(f"i={i + 1}", row) for i, row in enumerate(cells)])

    def _vector(self, label: str, values) -> Table:
        return Table([f"i={i + 1}" for i in range(len(values))], [(label, [self.f(v) for v in values])])

    def forward(self, l: int) -> Section:
        net, n, f = self.project.network, self.n, self.f
        layer, lr = net.layers[l], self.result.layers[l]
        k = l + 1
        W, b, z, a = n.W(k).ascii, n.b_vec(k).ascii, n.z_vec(k).ascii, n.a_vec(k).ascii
        prev = n.a_vec(l).ascii
        items: list = [f"Weights {W}, entry {self._entry(l)}:", self._where(l), self._matrix(l, net.weights[l])]
        if layer.bias:
            items += [f"Biases {b}:", self._vector(b, net.biases[l])]
            items.append(f"{z} = {W} {prev} + {b},   {a} = {layer.activation}({z})")
        else:
            items.append(f"No bias in layer {k}.")
            items.append(f"{z} = {W} {prev},   {a} = {layer.activation}({z})")
        z_cols = [n.z(k, i + 1).ascii for i in range(layer.size)]
        a_cols = [n.a(k, i + 1).ascii for i in range(layer.size)]
        samples = range(lr.z.shape[0])
        if layer.size <= _SPLIT_COLUMNS:
            items.append(Table(z_cols + a_cols, [(f"sample {s + 1}", [f(v) for v in lr.z[s]] + [f(v) for v in lr.a[s]])
                                                 for s in samples]))
        else:
            items.append(Table(z_cols, [(f"sample {s + 1}", [f(v) for v in lr.z[s]]) for s in samples]))
            items.append(Table(a_cols, [(f"sample {s + 1}", [f(v) for v in lr.a[s]]) for s in samples]))
        return Section(f"Forward: {self.layer_heading(l)}", items)

    def loss(self) -> Section:
        project, result, f = self.project, self.result, self.f
        loss: Loss = project.loss
        m = project.sample_count
        k = result.outputs.shape[1]
        name = f"{loss.name} ({LOSS_LABELS[loss.name]})" + (f", delta = {f(loss.delta)}" if loss.name == "huber" else "")
        items: list = [f"Loss: {name}; reduction: {loss.reduction} over the {_count(m, 'sample')}",
                       f"Per sample: {SAMPLE_LOSS[loss.name].plain}, with ŷ = a^({len(result.layers)})"]
        cols = [f"yhat_{i + 1}" for i in range(k)] + [f"y_{i + 1}" for i in range(k)] + ["l"]
        rows = [(f"sample {s + 1}", [f(v) for v in result.outputs[s]] + [f(v) for v in result.targets[s]]
                 + [f(result.sample_losses[s])]) for s in range(m)]
        items.append(Table(cols, rows))
        total = "L = (1/m) sum_s l_s" if loss.reduction == "mean" else "L = sum_s l_s"
        items.append(f"{total} = {f(result.loss)}")
        return Section(f"Loss L = {f(result.loss)}", items)

    def backward(self, l: int) -> Section:
        net, n, lr, f = self.project.network, self.n, self.result.layers[l], self.f
        k = l + 1
        last = l == len(net.layers) - 1
        delta, prev = n.delta_vec(k).ascii, n.a_vec(l).ascii
        grad_w, grad_b = n.grad(n.W(k)).ascii, n.grad(n.b_vec(k)).ascii
        if last:
            how = f"{delta} = dL/d{n.z_vec(k).ascii}, from the loss and the output activation"
            if self.project.loss.reduction == "mean":
                how += " (includes the 1/m of the mean)"
        else:
            how = (f"{delta} = ({n.W(k + 1).ascii}^T {n.delta_vec(k + 1).ascii}) * "
                   f"{net.layers[l].activation}'({n.z_vec(k).ascii})")
        items: list = [how,
                       Table([n.delta(k, i + 1).ascii for i in range(lr.delta.shape[1])],
                             [(f"sample {s + 1}", [f(v) for v in lr.delta[s]]) for s in range(lr.delta.shape[0])]),
                       f"{grad_w} = sum over samples of {delta} {prev}^T, entry {self._entry(l).replace('= w', '= dL/dw')}:",
                       self._where(l), self._matrix(l, lr.grad_weights)]
        if lr.grad_biases is None:
            items.append(f"No bias in layer {k}, so no {grad_b}.")
        else:
            items += [f"{grad_b} = sum over samples of {delta}:", self._vector(grad_b, lr.grad_biases)]
        return Section(f"Backward: {self.layer_heading(l)}", items)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
