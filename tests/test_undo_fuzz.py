"""Seeded random edits in the real window, through the real undo commands: undo restores every earlier state
bit for bit (-0.0, subnormals and 1e300 included) and redo every later one, while the canvas and panels follow.

Edits are drawn from everything a user can do to a document: weights, biases, activations, bias and edge
switches, loss, data cells, training settings, neuron positions, structural edits (neurons, layers, inputs,
samples, "Set all weights"), new data and a replaced network. Now and then a few steps are undone in the
middle of the run and new edits continue from there, as a user would.
"""
import copy
import random

import numpy as np
import pytest

from nnviz.core import ACTIVATIONS, LOSSES, Loss, NetworkError
from nnviz.core.losses import REDUCTIONS
from nnviz.gui.commands import (EditStructure, ReplaceData, ReplaceNetwork, SetActivation, SetBias, SetBiasEnabled,
                                SetDataValue, SetEdgeEnabled, SetLoss, SetTraining, SetView, SetWeight)
from nnviz.gui.document import Change, Document

SEED = 9
EDITS = 300
VALUES = [-0.0, 0.0, 5e-324, -5e-324, 1e-300, -1.5, 0.1 + 0.2, 2.0, -7.25, 1e300, -1e300]


def state(doc):
    """Everything a document holds that an edit can change (the network as a copy to compare bit for bit)."""
    p = doc.project
    tables = [None if a is None else (a.shape, a.tobytes()) for a in
              (p.inputs, p.targets, p.validation_inputs, p.validation_targets)]
    return (p.network.copy(), tables, p.loss, dict(vars(p.training)), copy.deepcopy(p.view), p.title)


def same(a, b) -> bool:
    return a[0].equals(b[0]) and a[1:] == b[1:]


def value(rng):
    return rng.choice(VALUES) if rng.random() < 0.6 else rng.uniform(-3, 3)


def random_edit(rng: random.Random, doc: Document):
    """A constructor for one random edit of the document as it is now (it may refuse: NetworkError)."""
    net, p = doc.network, doc.project
    n_layers = len(net.layers)
    l = rng.randrange(n_layers)
    i = rng.randrange(net.layers[l].size)
    j = rng.randrange(net.fan_ins()[l])
    kind = rng.randrange(21)
    if kind <= 3:
        if not net.edge_present(l, i, j):
            return lambda: SetEdgeEnabled(doc, l, i, j, True)
        return lambda: SetWeight(doc, l, i, j, value(rng))
    if kind == 4:
        return lambda: SetBias(doc, l, i, value(rng))
    if kind == 5:
        return lambda: SetActivation(doc, l, rng.choice(ACTIVATIONS))
    if kind == 6:
        return lambda: SetBiasEnabled(doc, l, rng.random() < 0.5)  # sometimes the state it already has
    if kind == 7:
        return lambda: SetEdgeEnabled(doc, l, i, j, rng.random() < 0.3)
    if kind == 8:
        name = rng.choice(LOSSES)
        return lambda: SetLoss(doc, Loss(name, rng.choice(REDUCTIONS), rng.choice([1.0, 0.25, 3.5])))
    if kind == 9:
        table = rng.choice(["inputs", "targets"])
        array = getattr(p, table)
        return lambda: SetDataValue(doc, table, rng.randrange(array.shape[0]), rng.randrange(array.shape[1]),
                                    value(rng))
    if kind == 10:
        setting = rng.choice([{"learning_rate": rng.choice([0.1, 1e-300, 3.0])}, {"batch_size": rng.choice([None, 1, 2])},
                              {"seed": rng.randrange(100)}])
        return lambda: SetTraining(doc, **setting)
    if kind == 11:
        sizes = net.sizes()
        positions = None if rng.random() < 0.3 else {f"{c},{k}": [round(rng.uniform(-500, 500), 1),
                                                                 round(rng.uniform(-500, 500), 1)]
                                                     for c, n in enumerate(sizes) for k in range(n)}
        return lambda: SetView(doc, "positions", positions)
    if kind == 12:
        return lambda: EditStructure(doc, "Add neuron", "insert_neuron", l, rng.randrange(net.layers[l].size + 1))
    if kind == 13:
        return lambda: EditStructure(doc, "Remove neuron", "remove_neuron", l, i)
    if kind == 14:
        return lambda: EditStructure(doc, "Add input", "insert_input", rng.randrange(net.input_size + 1))
    if kind == 15:
        return lambda: EditStructure(doc, "Remove input", "remove_input", j)
    if kind == 16:
        where = rng.randrange(n_layers + 1)
        return lambda: EditStructure(doc, "Add layer", "insert_layer", where, rng.randint(1, 3),
                                     rng.choice(["relu", "tanh", "identity"]))
    if kind == 17:
        return lambda: EditStructure(doc, "Remove layer", "remove_layer", l)
    if kind == 18:
        if rng.random() < 0.5:
            return lambda: EditStructure(doc, "Add sample", "insert_sample", rng.randrange(p.sample_count + 1))
        return lambda: EditStructure(doc, "Remove sample", "remove_sample", rng.randrange(p.sample_count))
    if kind == 19:  # "Set all weights" to a constant (negative ones leave -0.0 on removed edges) or seeded
        method = rng.choice(["constant", "constant", "uniform", "he"])
        return lambda: EditStructure(doc, "Set all weights", "initialise", method, value=rng.choice([-2.0, -0.5, 1.0]),
                                     bias_value=rng.choice([0.0, -0.0, 0.5]), seed=rng.randrange(10),
                                     change=Change.VALUES)
    if rng.random() < 0.5:
        m = rng.randint(1, 4)
        data = np.array([[value(rng) for _ in range(net.input_size)] for _ in range(m)])
        targets = np.array([[value(rng) for _ in range(net.output_size)] for _ in range(m)])
        return lambda: ReplaceData(doc, "New data", data, targets)
    after = net.copy()
    after.weights = [np.where(w == 0, w, w * rng.choice([-1.0, 0.5, 1e-300])) for w in after.weights]
    return lambda: ReplaceNetwork(doc, "Replace network", after)


def check_views(w) -> None:
    """The canvas draws the document's network (a half-built canvas would not)."""
    net = w.doc.network
    counts = w.view.counts()
    assert counts["neurons"] == sum(net.sizes()) and counts["edges"] == net.edge_count()


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_random_edits_undo_and_redo_bit_for_bit(window):
    rng = random.Random(SEED)
    doc, stack = window.doc, window.doc.undo_stack
    states = [state(doc)]  # states[k]: after the first k commands on the stack
    pushed = refused = undone_midway = 0
    while pushed < EDITS:
        if rng.random() < 0.06 and stack.index() > 0:  # undo a few steps, then carry on from there
            for _ in range(rng.randint(1, min(4, stack.index()))):
                stack.undo()
                undone_midway += 1
                assert same(state(doc), states[stack.index()])
            del states[stack.index() + 1:]
            continue
        try:
            command = random_edit(rng, doc)()
        except (NetworkError, ValueError):
            refused += 1
            continue
        stack.push(command)
        pushed += 1
        assert stack.index() == len(states), "an edit merged into the previous one"
        states.append(state(doc))
        check_views(window)
    top = stack.index()
    for k in range(top, 0, -1):
        stack.undo()
        assert same(state(doc), states[k - 1]), f"undo of command {k} ({stack.text(k - 1)})"
        check_views(window)
    for k in range(1, top + 1):
        stack.redo()
        assert same(state(doc), states[k]), f"redo of command {k} ({stack.text(k - 1)})"
    check_views(window)
    print(f"\nundo fuzz: {pushed} edits pushed, {refused} refused before pushing, {undone_midway} undone mid-run; "
          f"{top} undone and redone at the end, every state bit for bit")
    assert refused < pushed and top >= EDITS // 2
