"""Undo commands: each one calls one Document mutator to do, and one to undo, so undo is bit-exact."""
import numpy as np
from PySide6.QtGui import QUndoCommand

from nnviz.core import NetworkError
from nnviz.core.losses import Loss
from nnviz.core.project import checked_data

from .document import Change, Document

_MERGE_SET_WEIGHT, _MERGE_SET_BIAS = 1, 2  # QUndoCommand ids of the commands a drag merges


def weight_name(doc: Document, l: int, i: int, j: int) -> str:
    """The document's name for weights[l][i, j] (0-based), e.g. w⁽¹⁾₂₁: into unit i + 1 from unit j + 1."""
    return doc.namer().w(l + 1, i + 1, j + 1).unicode


class SetNumber(QUndoCommand):
    """One number set to a value (`_put` writes it through the document's mutator). Consecutive commands of one
    drag (the same `merge` token) make one undo step."""

    MERGE_ID = -1  # the subclass's own id for merging, if its numbers are dragged

    def __init__(self, doc: Document, key: tuple, name: str, old: float, value: float, merge=None):
        self.name = name  # in the notation of the moment the edit is made
        super().__init__(f"Set {name} = {value:g}")
        self.doc, self.key, self.old, self.new, self.merge = doc, key, float(old), float(value), merge

    def _put(self, value: float) -> None:
        raise NotImplementedError

    def redo(self):
        self._put(self.new)

    def undo(self):
        self._put(self.old)

    def id(self):
        return self.MERGE_ID if self.merge else -1

    def mergeWith(self, other):
        if other.key != self.key or not other.merge or other.merge != self.merge:
            return False
        self.new = other.new
        self.setText(f"Set {self.name} = {self.new:g}")
        return True


class SetWeight(SetNumber):
    """Type or drag one weight."""

    MERGE_ID = _MERGE_SET_WEIGHT

    def __init__(self, doc: Document, l: int, i: int, j: int, value: float, *, merge=None):
        super().__init__(doc, (l, i, j), weight_name(doc, l, i, j), doc.network.weights[l][i, j], value, merge)
        if not doc.network.edge_present(l, i, j):
            raise NetworkError(f"edge {self.name} is removed; restore it before setting its weight")

    def _put(self, value: float) -> None:
        self.doc.set_weight(*self.key, value)


class SetBias(SetNumber):
    """Type or drag one bias."""

    MERGE_ID = _MERGE_SET_BIAS

    def __init__(self, doc: Document, l: int, i: int, value: float, *, merge=None):
        super().__init__(doc, (l, i), doc.namer().b(l + 1, i + 1).unicode, doc.network.biases[l][i], value, merge)

    def _put(self, value: float) -> None:
        self.doc.set_bias(*self.key, value)


class SetLayerValues(QUndoCommand):
    """Set a layer's whole weight matrix and/or bias vector at once (a typed or pasted block): one undo step."""

    def __init__(self, doc: Document, l: int, weights=None, biases=None):
        names = doc.namer()
        given = [n for n, v in ((names.W(l + 1).unicode, weights), (names.b_vec(l + 1).unicode, biases))
                 if v is not None]
        super().__init__(f"Set {' and '.join(given)}")
        network = doc.network
        self.doc, self.l = doc, l
        self.new = (None if weights is None else np.array(weights, dtype=np.float64),
                    None if biases is None else np.array(biases, dtype=np.float64))
        self.old = (None if weights is None else network.weights[l].copy(),
                    None if biases is None else network.biases[l].copy())
        network.copy().set_layer_values(l, *self.new)  # raises NetworkError (shape, removed edge) before a push

    def redo(self):
        self.doc.set_layer_values(self.l, *self.new)

    def undo(self):
        self.doc.set_layer_values(self.l, *self.old)


class SetActivation(QUndoCommand):
    """Choose a layer's activation function."""

    def __init__(self, doc: Document, l: int, name: str):
        super().__init__(f"Layer {l + 1} activation: {name}")
        self.doc, self.l, self.new = doc, l, name
        self.old = doc.network.layers[l].activation
        doc.network.copy().set_activation(l, name)  # raises NetworkError (e.g. softmax on a hidden layer)

    def redo(self):
        self.doc.set_activation(self.l, self.new)

    def undo(self):
        self.doc.set_activation(self.l, self.old)


class SetBiasEnabled(QUndoCommand):
    """Switch a layer's bias off or on (its values are kept while off)."""

    def __init__(self, doc: Document, l: int, enabled: bool):
        super().__init__(f"Layer {l + 1} bias {'on' if enabled else 'off'}")
        self.doc, self.l, self.enabled = doc, l, bool(enabled)
        self.old = doc.network.layers[l].bias  # undo puts back what was there, even if it did not change

    def redo(self):
        self.doc.set_bias_enabled(self.l, self.enabled)

    def undo(self):
        self.doc.set_bias_enabled(self.l, self.old)


class SetEdgeEnabled(QUndoCommand):
    """Remove one edge (its weight is fixed at 0) or restore it (weight 0 until edited).

    Undo puts back the exact weight it had, -0.0 included (a removed edge holds -0.0 after
    "Set all weights" to a negative constant).
    """

    def __init__(self, doc: Document, l: int, i: int, j: int, enabled: bool):
        super().__init__(f"{'Restore' if enabled else 'Remove'} edge {weight_name(doc, l, i, j)}")
        self.doc, self.key, self.enabled = doc, (l, i, j), bool(enabled)
        self.was_present = doc.network.edge_present(l, i, j)
        self.old_weight = float(doc.network.weights[l][i, j])

    def redo(self):
        unchanged = self.enabled == self.was_present  # e.g. "restore" of an edge that is there: keep its weight
        self.doc.set_edge_enabled(*self.key, self.enabled, self.old_weight if unchanged else 0.0)

    def undo(self):
        self.doc.set_edge_enabled(*self.key, self.was_present, self.old_weight)


class SetLoss(QUndoCommand):
    """Choose the loss, its reduction or Huber's delta."""

    def __init__(self, doc: Document, loss: Loss):
        super().__init__(f"Loss: {loss.name} ({loss.reduction})")
        self.doc, self.new, self.old = doc, loss, doc.project.loss

    def redo(self):
        self.doc.set_loss(self.new)

    def undo(self):
        self.doc.set_loss(self.old)


class SetDataValue(SetNumber):
    """Edit one input or target cell of the data table."""

    def __init__(self, doc: Document, table: str, sample: int, column: int, value: float):
        namer = doc.namer()
        name = namer.x(column + 1) if table == "inputs" else namer.y(column + 1)
        super().__init__(doc, (table, sample, column), f"sample {sample + 1} {name}",
                         getattr(doc.project, table)[sample, column], value)

    def _put(self, value: float) -> None:
        self.doc.set_data_value(*self.key, value)


class SetTraining(QUndoCommand):
    """Change a training setting (learning rate, batch size, seed)."""

    def __init__(self, doc: Document, **settings):
        text = ", ".join(f"{k.replace('_', ' ')} = {v}" for k, v in settings.items())
        super().__init__(f"Training: {text}")
        self.doc, self.new = doc, settings
        self.old = {k: getattr(doc.project.training, k) for k in settings}

    def redo(self):
        self.doc.set_training(**self.new)

    def undo(self):
        self.doc.set_training(**self.old)


class SetView(QUndoCommand):
    """Change saved view state, e.g. neuron positions after a drag (one step per drag)."""

    def __init__(self, doc: Document, key: str, value, text: str = "Move neurons"):
        super().__init__(text)
        self.doc, self.key, self.new = doc, key, value
        self.old = doc.project.view.get(key)

    def redo(self):
        self.doc.set_view(self.key, self.new)

    def undo(self):
        self.doc.set_view(self.key, self.old)


class EditStructure(QUndoCommand):
    """A structural edit (add/remove neuron, layer, input or sample; set all weights) by operation name.

    Undo puts back a snapshot of the whole project, so even edits that discard numbers undo exactly.
    """

    def __init__(self, doc: Document, text: str, operation: str, *args,
                 change: Change = Change.STRUCTURE | Change.VALUES | Change.DATA, **kwargs):
        super().__init__(text)
        self.doc, self.operation, self.args, self.kwargs, self.change = doc, operation, args, kwargs, change
        self.before = doc.project.copy()
        _dry_run(self.before.copy(), operation, args, kwargs)  # raises NetworkError before anything is pushed

    def redo(self):
        self.doc.apply(self.operation, *self.args, change=self.change, **self.kwargs)

    def undo(self):
        self.doc.restore(self.before, self.change)


class ReplaceNetwork(QUndoCommand):
    """Swap in a whole network of the same shape, e.g. the result of a training run."""

    def __init__(self, doc: Document, text: str, after, before=None):
        super().__init__(text)
        self.doc = doc
        self.before = (before or doc.network).copy()
        self.after = after.copy()

    def redo(self):
        self.doc.replace_network(self.after)

    def undo(self):
        self.doc.replace_network(self.before)


class ReplaceData(QUndoCommand):
    """Replace the data set (an imported CSV, a built-in data set), optionally fitting the network to it.

    adapt_network sets the number of inputs and of output neurons to the data's column counts (new
    ones get weights 0, the last ones are removed); output_activation and loss, if given, are set too.
    All of it is one undo step and one recompute; undo puts back the old data, network and loss exactly.
    The constructor raises NetworkError (nothing pushed) if the data do not fit the (adapted) network.
    """

    def __init__(self, doc: Document, text: str, inputs, targets, validation_inputs=None,
                 validation_targets=None, *, adapt_network: bool = False, output_activation: str | None = None,
                 loss: Loss | None = None):
        super().__init__(text)
        self.doc = doc
        project = doc.project
        data = checked_data(inputs, targets, validation_inputs, validation_targets)  # raises NetworkError
        trial = project.copy()
        if adapt_network:
            trial.set_input_size(data[0].shape[1])
            trial.set_output_size(data[1].shape[1])
        if output_activation is not None:
            trial.network.set_activation(len(trial.network.layers) - 1, output_activation)
        trial.network.validate()
        trial.set_data(*data)  # raises NetworkError if the columns do not fit the network
        changes_network = adapt_network or output_activation is not None
        self.old = (project.inputs.copy(), project.targets.copy(), _copy(project.validation_inputs),
                    _copy(project.validation_targets))
        self.new = data
        self.old_network = project.network.copy() if changes_network else None
        self.new_network = trial.network if changes_network else None
        self.old_loss = project.loss if loss is not None else None
        self.new_loss = loss

    def redo(self):
        self.doc.set_data(*self.new, network=self.new_network, loss=self.new_loss)

    def undo(self):
        self.doc.set_data(*self.old, network=self.old_network, loss=self.old_loss)


def _copy(array):
    return None if array is None else array.copy()


def steps_text(steps: int) -> str:
    return f"Train {steps:,} step{'' if steps == 1 else 's'}"


class TrainSteps(QUndoCommand):
    """SGD steps the document already shows (trained live): undo and redo swap exact copies of the weights.

    The first redo, run by push(), changes nothing: the network is on screen already. A run in progress
    keeps extending its command (`extend`) so an edit or an undo in mid-run lands after the steps done;
    `finish` then names the number of steps.
    """

    def __init__(self, doc: Document, before, after, steps: int, first_step: int = 1, session: int = 0,
                 text: str | None = None):
        super().__init__(text or steps_text(steps))
        self.doc, self.session = doc, session
        self.before = before.copy()
        self.after = after.copy()
        self.step_from = first_step - 1  # the step counter's value at `before`
        self.steps = steps
        self._on_screen = True

    @property
    def step_to(self) -> int:
        return self.step_from + self.steps

    def extend(self, after, steps: int) -> None:
        """The run went on: `after` is now the state `steps` steps after `before`."""
        self.after = after.copy()
        self.steps = steps

    def finish(self) -> None:
        self.setText(steps_text(self.steps))

    def redo(self):
        if self._on_screen:
            self._on_screen = False
            return
        self.doc.replace_network(self.after)

    def undo(self):
        self.doc.replace_network(self.before)


def _dry_run(project, operation: str, args, kwargs=None) -> None:
    """Raise NetworkError if the edit is refused, or if it breaks a project that could be computed.

    A project that already cannot be computed (a file opened mid-fix) still takes structural edits.
    """
    computable = project.is_computable()
    project.edit(operation, *args, **(kwargs or {}))
    if computable:
        project.check()


WEIGHTS_KEPT = (SetTraining, SetView)  # undo commands that leave the weights alone


def step_on_stack(stack, session: int) -> int | None:
    """The step whose weights are shown, from the training command next to the stack's index (the
    last one done, or the next one to redo), looking past settings changes; None if an edit is between."""
    done = stack.index() - 1
    while done >= 0 and isinstance(stack.command(done), WEIGHTS_KEPT):
        done -= 1
    command = stack.command(done) if done >= 0 else None
    if isinstance(command, TrainSteps) and command.session == session:
        return command.step_to
    undone = stack.index()
    while undone < stack.count() and isinstance(stack.command(undone), WEIGHTS_KEPT):
        undone += 1
    command = stack.command(undone) if undone < stack.count() else None
    if isinstance(command, TrainSteps) and command.session == session:
        return command.step_from
    return None
