"""A forward and backward pass written out as labelled tables, in the notation of a hand calculation.

Layers are counted from 1 (the inputs x are layer 0), units from 1, and w^(l)_ij is the weight from
unit j of layer l-1 to unit i of layer l, i.e. W[l-1][i-1, j-1] in code. The report is built as
Sections of Tables of formatted strings, so the same content can be rendered as plain text
(render_text) or, later, as Markdown. Pure Python, no Qt.
"""
import math
from dataclasses import dataclass, field

import numpy as np

from .engine import Result
from .losses import LOSS_LABELS, Loss
from .messages import printable
from .project import Project

NOTATION = [
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


@dataclass
class Section:
    """A heading followed by notes (str) and tables, in reading order."""

    heading: str
    items: list = field(default_factory=list)


def fmt(x: float, precision: int = 6) -> str:
    """A number to `precision` significant digits, without a minus sign on zero."""
    text = f"{float(x):.{precision}g}"
    return "0" if text in ("-0", "0") else text


def solve_report(project: Project, result: Result | None = None, precision: int = 6) -> str:
    """The whole forward and backward pass of a project as readable plain text."""
    if result is None:
        result = project.compute()
    return render_text(solve_sections(project, result, precision))


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


# ----- building the sections ---------------------------------------------------------------
def solve_sections(project: Project, result: Result, precision: int = 6) -> list[Section]:
    """Header, data, forward pass per layer, loss, backward pass per layer (output first)."""
    def f(x):
        return fmt(x, precision)

    net = project.network
    sections = [_header(project), _data(project, f)]
    for l in range(len(net.layers)):
        sections.append(_forward(project, result, l, f))
    sections.append(_loss(project, result, f))
    for l in range(len(net.layers) - 1, -1, -1):
        sections.append(_backward(project, result, l, f))
    return sections


def _header(project: Project) -> Section:
    net = project.network
    shape = " -> ".join([f"{net.input_size} inputs"] + [f"{layer.size} {layer.activation}" for layer in net.layers])
    return Section(printable(project.title, None) or "nnviz network", [f"Network: {shape}", *NOTATION])


def _data(project: Project, f) -> Section:
    m = project.sample_count
    n_in, n_out = project.inputs.shape[1], project.targets.shape[1]
    table = Table([f"x_{j + 1}" for j in range(n_in)] + [f"y_{k + 1}" for k in range(n_out)],
                  [(f"sample {s + 1}", [f(v) for v in project.inputs[s]] + [f(v) for v in project.targets[s]])
                   for s in range(m)])
    return Section(f"Data ({_count(m, 'sample')}: inputs x, targets y)", [table])


def _layer_heading(project: Project, l: int) -> str:
    layer = project.network.layers[l]
    last = l == len(project.network.layers) - 1
    return f"Layer {l + 1} ({layer.activation}, {_count(layer.size, 'unit')}){', output' if last else ''}"


def _where(l: int) -> str:
    """What the rows and columns of layer l's weight-shaped matrices stand for."""
    source = "input x_j" if l == 0 else f"unit j of layer {l} (a^({l})_j)"
    return f"(row i = unit i of layer {l + 1}, column j = {source})"


def _matrix(project: Project, l: int, values: np.ndarray, f) -> Table:
    """A weight-shaped matrix with rows i (units of layer l) and columns j; removed edges marked."""
    net = project.network
    rows = []
    for i in range(values.shape[0]):
        cells = [f(values[i, j]) if net.edge_present(l, i, j) else _REMOVED for j in range(values.shape[1])]
        rows.append((f"i={i + 1}", cells))
    return Table([f"j={j + 1}" for j in range(values.shape[1])], rows)


def _vector(label: str, values, f) -> Table:
    return Table([f"i={i + 1}" for i in range(len(values))], [(label, [f(v) for v in values])])


def _forward(project: Project, result: Result, l: int, f) -> Section:
    net = project.network
    layer, lr = net.layers[l], result.layers[l]
    n = l + 1
    prev = "x" if l == 0 else f"a^({l})"
    items: list = [f"Weights W^({n}), entry (i, j) = w^({n})_ij:", _where(l), _matrix(project, l, net.weights[l], f)]
    if layer.bias:
        items += [f"Biases b^({n}):", _vector(f"b^({n})", net.biases[l], f)]
        items.append(f"z^({n}) = W^({n}) {prev} + b^({n}),   a^({n}) = {layer.activation}(z^({n}))")
    else:
        items.append(f"No bias in layer {n}.")
        items.append(f"z^({n}) = W^({n}) {prev},   a^({n}) = {layer.activation}(z^({n}))")
    z_cols = [f"z^({n})_{i + 1}" for i in range(layer.size)]
    a_cols = [f"a^({n})_{i + 1}" for i in range(layer.size)]
    samples = range(lr.z.shape[0])
    if layer.size <= _SPLIT_COLUMNS:
        items.append(Table(z_cols + a_cols, [(f"sample {s + 1}", [f(v) for v in lr.z[s]] + [f(v) for v in lr.a[s]])
                                             for s in samples]))
    else:
        items.append(Table(z_cols, [(f"sample {s + 1}", [f(v) for v in lr.z[s]]) for s in samples]))
        items.append(Table(a_cols, [(f"sample {s + 1}", [f(v) for v in lr.a[s]]) for s in samples]))
    return Section(f"Forward: {_layer_heading(project, l)}", items)


_SAMPLE_LOSS = {
    "sse": "l = sum_k (y_k - yhat_k)^2",
    "half_sse": "l = 1/2 sum_k (y_k - yhat_k)^2",
    "mse": "l = (1/K) sum_k (y_k - yhat_k)^2 over the K outputs",
    "bce": "l = -(1/K) sum_k [y_k log yhat_k + (1 - y_k) log(1 - yhat_k)] over the K outputs",
    "cross_entropy": "l = -sum_k y_k log yhat_k",
    "hinge": "l = sum_k max(0, 1 - y_k yhat_k)",
    "l1": "l = sum_k |y_k - yhat_k|",
    "huber": "l = sum_k huber(yhat_k - y_k): r^2/2 if |r| <= delta, else delta (|r| - delta/2)",
    "cosine": "l = 1 - cos(y, yhat)",
}


def _loss(project: Project, result: Result, f) -> Section:
    loss: Loss = project.loss
    m = project.sample_count
    k = result.outputs.shape[1]
    name = f"{loss.name} ({LOSS_LABELS[loss.name]})" + (f", delta = {f(loss.delta)}" if loss.name == "huber" else "")
    items: list = [f"Loss: {name}; reduction: {loss.reduction} over the {_count(m, 'sample')}",
                   f"Per sample: {_SAMPLE_LOSS[loss.name]}, with yhat = a^({len(result.layers)})"]
    cols = [f"yhat_{i + 1}" for i in range(k)] + [f"y_{i + 1}" for i in range(k)] + ["l"]
    rows = [(f"sample {s + 1}", [f(v) for v in result.outputs[s]] + [f(v) for v in result.targets[s]]
             + [f(result.sample_losses[s])]) for s in range(m)]
    items.append(Table(cols, rows))
    total = "L = (1/m) sum_s l_s" if loss.reduction == "mean" else "L = sum_s l_s"
    items.append(f"{total} = {f(result.loss)}")
    return Section(f"Loss L = {f(result.loss)}", items)


def _backward(project: Project, result: Result, l: int, f) -> Section:
    net = project.network
    lr = result.layers[l]
    n = l + 1
    last = l == len(net.layers) - 1
    prev = "x" if l == 0 else f"a^({l})"
    if last:
        how = f"delta^({n}) = dL/dz^({n}), from the loss and the output activation"
        if project.loss.reduction == "mean":
            how += " (includes the 1/m of the mean)"
    else:
        how = f"delta^({n}) = (W^({n + 1})^T delta^({n + 1})) * {net.layers[l].activation}'(z^({n}))"
    items: list = [how,
                   Table([f"delta^({n})_{i + 1}" for i in range(lr.delta.shape[1])],
                         [(f"sample {s + 1}", [f(v) for v in lr.delta[s]]) for s in range(lr.delta.shape[0])]),
                   f"dL/dW^({n}) = sum over samples of delta^({n}) {prev}^T, entry (i, j) = dL/dw^({n})_ij:",
                   _where(l), _matrix(project, l, lr.grad_weights, f)]
    if lr.grad_biases is None:
        items.append(f"No bias in layer {n}, so no dL/db^({n}).")
    else:
        items += [f"dL/db^({n}) = sum over samples of delta^({n}):", _vector(f"dL/db^({n})", lr.grad_biases, f)]
    return Section(f"Backward: {_layer_heading(project, l)}", items)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# ----- rendering -----------------------------------------------------------------------------
def render_table(table: Table, indent: str = "  ") -> list[str]:
    """Aligned lines: row labels left, cells right-aligned under their column headers."""
    label_width = max([len(table.corner)] + [len(label) for label, _ in table.rows])
    widths = [max([len(c)] + [len(cells[j]) for _, cells in table.rows]) for j, c in enumerate(table.columns)]

    def line(label, cells):
        body = "  ".join(c.rjust(w) for c, w in zip(cells, widths))
        return f"{indent}{label.ljust(label_width)}  {body}".rstrip()
    return [line(table.corner, table.columns)] + [line(label, cells) for label, cells in table.rows]


def render_text(sections: list[Section]) -> str:
    """Sections as plain text: the first heading underlined with =, the others with -."""
    out: list[str] = []
    for number, section in enumerate(sections):
        if number:
            out.append("")
        out += [section.heading, ("=" if number == 0 else "-") * len(section.heading)]
        for item in section.items:
            out += render_table(item) if isinstance(item, Table) else ["  " + item]
    return "\n".join(out) + "\n"
