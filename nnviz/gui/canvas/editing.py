"""What typing a number on the canvas means: which value an edge or neuron edits, its current value,
and the undo command that sets it; or why it cannot be typed (a removed edge, a layer without bias);
and the fixed order Tab walks through them."""
from dataclasses import dataclass
from typing import Callable

from PySide6.QtGui import QUndoCommand

from ..commands import SetBias, SetDataValue, SetWeight
from ..selection import EdgeRef, NeuronRef


@dataclass
class EditTarget:
    """One editable number: a description, its current value, and how to make its undo command."""

    what: str
    current: float
    make: Callable[[float], QUndoCommand]  # may raise NetworkError: the edit is then refused


def edit_target(doc, model, ref) -> EditTarget | str | None:
    """The EditTarget of an edge (weight), hidden/output neuron (bias) or input (value of the shown
    sample); a message saying why not; or None when `ref` is not on the canvas."""
    g = model.geometry
    if isinstance(ref, EdgeRef):
        k = g.edge_index(ref)
        if k is None:
            return None
        name = model.edge_name(ref.layer, ref.i, ref.j)
        if not model.present[k]:
            return f"{name} is removed: restore it (right-click) before typing its weight"
        return EditTarget(f"the weight {name}", float(doc.network.weights[ref.layer][ref.i, ref.j]),
                          lambda v: SetWeight(doc, ref.layer, ref.i, ref.j, v))
    if isinstance(ref, NeuronRef):
        if g.neuron_index(ref) is None:
            return None
        if ref.column == 0:
            s = model.sample
            return EditTarget(f"{model.namer.x(ref.index + 1)} of sample {s + 1}",
                              float(doc.project.inputs[s, ref.index]),
                              lambda v: SetDataValue(doc, "inputs", s, ref.index, v))
        if not model.bias_on[ref.column]:
            return f"Layer {ref.column} has no bias: switch its bias on before typing a value"
        l = ref.column - 1
        return EditTarget(f"the bias {model.namer.b(ref.column, ref.index + 1)}",
                          float(doc.network.biases[l][ref.index]),
                          lambda v: SetBias(doc, l, ref.index, v))
    return None


def edit_order(doc) -> list:
    """Every number Tab visits, left to right: the inputs x, then per layer its weights in the order the
    notation prints W (row by row: by unit of the layer for "out_in", by unit of the layer below for
    "in_out"; removed edges skipped), then its biases (when the layer has them)."""
    network = doc.network
    order: list = [NeuronRef(0, j) for j in range(network.input_size)]
    transposed = doc.notation.orientation == "in_out"
    for l, (layer, w) in enumerate(zip(network.layers, network.weights)):
        rows, columns = (w.shape[1], w.shape[0]) if transposed else w.shape
        for r in range(rows):
            for c in range(columns):
                i, j = (c, r) if transposed else (r, c)
                if network.edge_present(l, i, j):
                    order.append(EdgeRef(l, i, j))
        if layer.bias:
            order += [NeuronRef(l + 1, i) for i in range(layer.size)]
    return order
