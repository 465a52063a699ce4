"""The one open document: the project, its undo stack, and the latest computed pass.

Every user edit is a QUndoCommand (see commands.py) that calls exactly one mutator here. Each mutator
changes the project, recomputes the forward and backward pass once, and emits `changed` once with flags
saying what changed, so views can update only that.
"""
import enum
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from nnviz.core import NetworkError, Project, Result
from nnviz.core.losses import Loss
from nnviz.core.notation import Notation
from nnviz.core.project import WEIGHTS

NOTATION_KEY = "notation"  # where a file's view keeps its notation (the command line reads it too)


class Change(enum.Flag):
    """What an edit touched; views use it to skip work."""

    VALUES = enum.auto()  # weights, biases or data values: the pass changed, the shape did not
    STRUCTURE = enum.auto()  # layers, neurons, edges, activations or bias switches
    DATA = enum.auto()  # the inputs/targets table
    LOSS = enum.auto()  # loss name, reduction or Huber delta
    TRAINING = enum.auto()  # learning rate, batch size, seed
    VIEW = enum.auto()  # neuron positions and other view state (no recompute)
    FILE = enum.auto()  # a different project was loaded, or the file name changed
    ALL = VALUES | STRUCTURE | DATA | LOSS | TRAINING | VIEW | FILE


class Document(QObject):
    """Holds the project, recomputes it in one place and tells views what changed."""

    changed = Signal(object)  # Change flags

    def __init__(self, project: Project, path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.path = Path(path) if path else None
        self.result: Result | None = None
        self.error: str | None = None  # why there is no result (e.g. softmax without cross-entropy)
        self.recompute_count = 0
        self.default_notation = Notation()  # for a file that names none: the preference, set by the window
        self.structure_version = 0  # counts structural changes, so a view can tell its drawing is out of date
        self.undo_stack = QUndoStack(self)
        self._recompute()

    # ----- reading -----------------------------------------------------------------------
    @property
    def network(self):
        return self.project.network

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def notation(self) -> Notation:
        """How quantities are named: the file's own notation, else the preferred one."""
        value = self.project.view.get(NOTATION_KEY)
        if value is None:
            return self.default_notation
        try:
            return Notation.from_view(value)
        except ValueError:  # the loader refuses these; a view edited in memory falls back
            return self.default_notation

    def namer(self):
        """The notation bound to this network's layer sizes."""
        return self.notation.namer(self.project.network.sizes())

    def display_name(self) -> str:
        return self.path.name if self.path else (self.project.title or "Untitled")

    # ----- the single way an edit is pushed -------------------------------------------------
    def try_push(self, make_command: Callable[[], QUndoCommand]) -> str | None:
        """Build one undo command and push it; return the reason instead if the edit is refused (the
        command's constructor raises NetworkError or ValueError, and nothing changes)."""
        try:
            command = make_command()
        except (NetworkError, ValueError) as error:
            return str(error)
        self.undo_stack.push(command)
        return None

    # ----- the single place that recomputes ----------------------------------------------
    def _recompute(self, edited: tuple | None = None) -> None:
        """One new pass; `edited` names the only value changed since the last one (see Project.check)."""
        self.recompute_count += 1
        try:
            self.result, self.error = self.project.compute(edited), None
        except NetworkError as error:
            self.result = None
            self.error = str(error)

    def _commit(self, change: Change, edited: tuple | None = None) -> None:
        if change & Change.STRUCTURE:
            self.structure_version += 1
        if change & ~(Change.VIEW | Change.FILE | Change.TRAINING):
            self._recompute(edited)
        self.changed.emit(change)

    # ----- mutators: called by undo commands only ----------------------------------------
    def set_weight(self, l: int, i: int, j: int, value: float) -> None:
        self.project.network.set_weight(l, i, j, value)
        self._commit(Change.VALUES, WEIGHTS)

    def set_bias(self, l: int, i: int, value: float) -> None:
        self.project.network.set_bias(l, i, value)
        self._commit(Change.VALUES, WEIGHTS)

    def set_layer_values(self, l: int, weights=None, biases=None) -> None:
        """Replace a layer's whole weight matrix and/or bias vector (a typed or pasted block)."""
        self.project.network.set_layer_values(l, weights, biases)
        self._commit(Change.VALUES)

    def set_activation(self, l: int, name: str) -> None:
        self.project.network.set_activation(l, name)
        self._commit(Change.STRUCTURE | Change.VALUES)

    def set_bias_enabled(self, l: int, enabled: bool) -> None:
        self.project.network.set_bias_enabled(l, enabled)
        self._commit(Change.STRUCTURE | Change.VALUES)

    def set_edge_enabled(self, l: int, i: int, j: int, enabled: bool, weight: float = 0.0) -> None:
        """Remove an edge or restore it, leaving `weight` there: any value for a present edge, a zero
        (+0.0 or the -0.0 an undo puts back, bit for bit) for a removed one."""
        network = self.project.network
        if not enabled and weight != 0:
            raise ValueError(f"a removed edge holds a zero weight, not {weight!r}")
        network.set_edge_enabled(l, i, j, enabled)
        network.weights[l][i, j] = weight
        self._commit(Change.STRUCTURE | Change.VALUES)

    def set_loss(self, loss: Loss) -> None:
        self.project.loss = loss
        self._commit(Change.LOSS | Change.VALUES)

    def set_data_value(self, table: str, sample: int, column: int, value: float) -> None:
        """Set one cell of the inputs ("inputs") or targets ("targets") table."""
        getattr(self.project, table)[sample, column] = value
        self._commit(Change.DATA | Change.VALUES, (table, sample, column))

    def set_data(self, inputs, targets, validation_inputs=None, validation_targets=None, *,
                 network=None, loss: Loss | None = None) -> None:
        """Replace the whole data set (validation None = none); a `network`/`loss` given is swapped in too.

        Swapping the network (e.g. adapted to the data's column counts) and the data together keeps the
        project consistent at every recompute. NetworkError, with nothing changed, if the data do not fit.
        """
        project = self.project
        change = Change.DATA | Change.VALUES
        old_network = project.network
        if network is not None:
            project.network = network.copy()
            change |= Change.STRUCTURE
        try:
            project.set_data(inputs, targets, validation_inputs, validation_targets)
        except NetworkError:
            project.network = old_network
            raise
        if loss is not None:
            project.loss = loss
            change |= Change.LOSS
        self._commit(change)

    def set_training(self, **settings) -> None:
        for name, value in settings.items():
            setattr(self.project.training, name, value)
        self._commit(Change.TRAINING)

    def set_view(self, key: str, value) -> None:
        """Store GUI state saved in the file's `view` (e.g. neuron positions); no recompute."""
        if value is None:
            self.project.view.pop(key, None)
        else:
            self.project.view[key] = value
        self._commit(Change.VIEW)

    def apply(self, operation: str, *args, change: Change = Change.STRUCTURE | Change.VALUES | Change.DATA,
              **kwargs) -> None:
        """Run one Project/Network structural edit by name, e.g. apply("insert_neuron", 1, 2)."""
        self.project.edit(operation, *args, **kwargs)
        self._commit(change)

    def restore(self, snapshot: Project, change: Change = Change.ALL & ~Change.FILE) -> None:
        """Put back a copy of an earlier project state (undo of a structural edit)."""
        self.project = snapshot.copy()
        self._commit(change)

    def replace_network(self, network) -> None:
        """Swap in a whole network (training results, undo of training), same structure."""
        self.project.network = network.copy()
        self._commit(Change.VALUES)

    def show_training_state(self, network, result: Result) -> None:
        """Show a network being trained with the full-data pass the trainer already computed for it.

        No recompute (training's pass is the pass for that network) and no undo step of its own: the
        training controller pushes one TrainSteps command per run. Emits `changed(VALUES)` once.
        """
        p = self.project
        if not (_same_rows(result.inputs, p.inputs) and _same_rows(result.targets, p.targets)):
            raise ValueError("show_training_state needs the pass over all of this document's samples; "
                             "the result given was computed on other data (a mini-batch?)")
        if [r.grad_weights.shape for r in result.layers] != [w.shape for w in network.weights]:
            raise ValueError("show_training_state: the result was computed for a network of another shape")
        p.network = network
        self.result, self.error = result, None
        self.changed.emit(Change.VALUES)

    # ----- whole-document operations (not undoable) --------------------------------------
    def load(self, project: Project, path: Path | None) -> None:
        """Show a different project: clears the undo history."""
        self.project = project
        self.path = Path(path) if path else None
        self.undo_stack.clear()
        self._commit(Change.ALL)

    def mark_saved(self, path: Path) -> None:
        self.path = Path(path)
        self.undo_stack.setClean()
        self.changed.emit(Change.FILE)


def _same_rows(a, b) -> bool:
    """The very array, or one equal to it (the pass was run on exactly these samples)."""
    return a is b or (a.shape == b.shape and a.tobytes() == b.tobytes())
