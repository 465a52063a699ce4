"""The worked solution of a network: what a teacher hands out as the answer key.

Title and network, notation, the data, the forward pass neuron by neuron with numbers, the loss, the
backward pass with the derivation of every gradient, a summary of all gradients and the SGD update,
as Sections of notes, tables and mathtext Blocks (rendered by solution_render.py). Every number comes
from the engine's pass; networks too big to write out neuron by neuron get the tables only.
"""
from .derivation import Explainer
from .engine import Result
from .layer_form import LayerForm
from .mathtext import Block, NumberFormat, name
from .notation import Notation
from .project import Project
from .quantities import Quantity
from .report import Section, Table, Tables, _count

MAX_UNITS_WRITTEN = 40  # neurons (all layers) up to which every unit's derivation is written out
MAX_SAMPLES_WRITTEN = 4  # samples up to which each sample's lines are written out
MAX_PATHS_WRITTEN = 8  # a hidden parameter with up to this many paths also gets the path form (as 002 and 004)


def worked_solution(project: Project, result: Result | None = None, notation: Notation | None = None,
                    fmt: NumberFormat | None = None, precision: int = 6) -> list[Section]:
    """The whole worked solution; `fmt` writes the numbers in derivations, `precision` those in tables."""
    result = project.compute() if result is None else result
    e = Explainer(project, result, notation, fmt)
    tables = Tables(project, result, e.namer, precision)
    net = project.network
    layers = len(net.layers)
    detailed = sum(net.sizes()[1:]) <= MAX_UNITS_WRITTEN
    samples = range(1, min(project.sample_count, MAX_SAMPLES_WRITTEN) + 1)
    out = [_section(tables.header(), 1), _section(tables.data(), 2)]
    notation_note = Section("Notation", [e.namer.describe_weight(), _symbols_note(e)], 2)
    out.insert(1, notation_note)

    out.append(Section("Forward pass", [], 2))
    for l in range(layers):
        section = _section(tables.forward(l), 3)
        if detailed:
            section.items += [e.forward_block(l + 1, i, s) for s in samples for i in range(1, net.sizes()[l + 1] + 1)]
        out.append(section)
    loss = _section(tables.loss(), 2)
    loss.items.append(e.loss_block())
    out.append(loss)

    out.append(Section("Backward pass", [], 2))
    form = LayerForm(e)
    for l in range(layers - 1, -1, -1):
        section = _section(tables.backward(l), 3)
        if detailed:
            k = l + 1
            section.items += [e.backward_block(k, i, s) for s in samples for i in range(1, net.sizes()[k] + 1)]
            section.items += _parameter_blocks(e, form, k)
        out.append(section)
    if not detailed:
        out.append(Section("Derivations", [f"The network has {_count(sum(net.sizes()[1:]), 'neuron')}: too many to "
                                           "write out neuron by neuron. Use `nnviz explain FILE PARAM` for one "
                                           "parameter's derivation."], 2))
    out.append(Section("Summary of the gradients", [_summary(e)], 2))
    out.append(Section("SGD update", [f"θ ← θ − η ∂L/∂θ with η = {e.fmt(project.training.learning_rate)} "
                                      "(one full-batch step)", _update_table(e)], 2))
    return out


def _section(section: Section, level: int) -> Section:
    section.level = level
    return section


def _symbols_note(e: Explainer) -> str:
    n = e.namer
    hidden = f"{n.z(1, 1).unicode} and {n.a(1, 1).unicode}" if e.last > 1 else f"{n.z(1, 1).unicode}"
    return (f"{hidden}: the input to the activation and the activation of unit 1 of layer 1; "
            f"{n.delta(1, 1).unicode} = ∂L/∂{n.z(1, 1).unicode}; ŷ is the output and y the target.")


def _parameters(e: Explainer, k: int) -> list[Quantity]:
    net, sizes = e.project.network, e.sizes
    out = [Quantity("w", k, i, j) for i in range(1, sizes[k] + 1) for j in range(1, sizes[k - 1] + 1)
           if net.edge_present(k - 1, i - 1, j - 1)]
    if net.layers[k - 1].bias:
        out += [Quantity("b", k, i) for i in range(1, sizes[k] + 1)]
    return out


def _parameter_blocks(e: Explainer, form: LayerForm, k: int) -> list[Block]:
    """Each weight's ∂L/∂w = δ · a (summed over the samples), and the path form where it is short."""
    lines = Block(f"Gradients of layer {k}", [form.element_line(q) for q in _parameters(e, k) if q.kind == "w"])
    blocks = [lines]
    if e.m <= 2 and k < e.last:  # the output layer's single path is the δ · a line above
        for q in _parameters(e, k):
            if e.finder.count(q.layer, q.i) <= MAX_PATHS_WRITTEN:
                for s in range(1, e.m + 1):
                    blocks += e.path_blocks(q, s, shown=MAX_PATHS_WRITTEN)
                    blocks[-1].title = f"{e.param_name(q).unicode}: " + blocks[-1].title
    return blocks


def _summary(e: Explainer) -> Table:
    rows = []
    for k in range(e.last, 0, -1):
        for q in _parameters(e, k):
            grad = e.value(Quantity("grad_" + q.kind, q.layer, q.i, q.j))
            rows.append((name(e.namer.grad(e.param_name(q))), [e.fmt(grad)]))
    return Table(["value"], rows, "gradient")


def _update_table(e: Explainer) -> Table:
    rows = []
    for k in range(1, e.last + 1):
        for q in _parameters(e, k):
            grad = e.value(Quantity("grad_" + q.kind, q.layer, q.i, q.j))
            new = e.value(Quantity("new_" + q.kind, q.layer, q.i, q.j))
            rows.append((name(e.param_name(q)), [e.fmt(e.parameter(q)), e.fmt(grad), e.fmt(new)]))
    return Table(["before", "gradient", "after"], rows, "parameter")
