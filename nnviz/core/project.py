"""A project is what a .nnviz file holds: network, loss, data, training settings and view state.

Structural edits that change the number of inputs or outputs go through the project so the data
columns (of the training data and of the optional validation set) stay in step with the network.
"""
import math
from dataclasses import dataclass, field

import numpy as np

from .engine import Result, check, check_finite, check_targets, compute, forward_loss
from .errors import NetworkError
from .losses import Loss
from .network import Network


WEIGHTS = ("weights",)  # Project.check(edited=WEIGHTS): only weight or bias values changed
MAX_SEED = 2**31 - 1  # seeds and batch sizes beyond this could not be shown or typed in the app
# The edits Project.edit runs by name; all but "initialise" are Project methods, which keep the data's
# columns and rows in step with the network.
STRUCTURAL_EDITS = frozenset({"insert_neuron", "remove_neuron", "insert_input", "remove_input", "set_input_size",
                              "set_output_size", "insert_layer", "remove_layer", "insert_sample", "remove_sample",
                              "initialise"})


@dataclass
class TrainingSettings:
    """SGD settings: learning rate, mini-batch size (None = full batch) and the shuffling seed."""

    learning_rate: float = 0.1
    batch_size: int | None = None
    seed: int = 0


@dataclass
class Project:
    """Everything one .nnviz file describes."""

    network: Network
    loss: Loss = field(default_factory=Loss)
    inputs: np.ndarray = None  # m x n_in, float64
    targets: np.ndarray = None  # m x n_out, float64
    training: TrainingSettings = field(default_factory=TrainingSettings)
    title: str = ""
    view: dict = field(default_factory=dict)
    validation_inputs: np.ndarray | None = None  # held-out samples (m_val x n_in), or None: no validation set
    validation_targets: np.ndarray | None = None  # m_val x n_out, None exactly when validation_inputs is
    # what the last check that passed saw: (network, loss, inputs, targets), the very objects
    _checked: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.inputs is None:
            self.inputs = np.zeros((1, self.network.input_size))
        if self.targets is None:
            self.targets = np.zeros((self.inputs.shape[0], self.network.output_size))
        self.inputs = np.array(self.inputs, dtype=np.float64, ndmin=2)
        self.targets = np.array(self.targets, dtype=np.float64, ndmin=2)
        if (self.validation_inputs is None) != (self.validation_targets is None):
            raise NetworkError("a validation set needs both inputs and targets: give both, or neither")
        if self.validation_inputs is not None:
            self.validation_inputs = np.array(self.validation_inputs, dtype=np.float64, ndmin=2)
            self.validation_targets = np.array(self.validation_targets, dtype=np.float64, ndmin=2)

    @property
    def sample_count(self) -> int:
        return self.inputs.shape[0]

    @property
    def has_validation(self) -> bool:
        return self.validation_inputs is not None

    @property
    def validation_count(self) -> int:
        """Samples in the validation set (0 when there is none)."""
        return 0 if self.validation_inputs is None else self.validation_inputs.shape[0]

    def check(self, edited: tuple | None = None) -> None:
        """Raise NetworkError if the network, loss and training data cannot be computed.

        `edited` may name the one thing changed since the last check that passed, which is then all that
        is checked again: WEIGHTS (weight or bias values, which nothing here limits), or ("inputs" or
        "targets", row, column) for one data cell. Everything is checked without it, after a check that
        failed, or when the network, loss or a data table is another object than at that check.
        """
        seen = self._checked
        self._checked = None
        if (edited is None or seen is None or seen[0] is not self.network or seen[1] is not self.loss
                or seen[2] is not self.inputs or seen[3] is not self.targets):
            check(self.network, self.loss, self.inputs, self.targets)
        elif edited is not WEIGHTS:
            name, row, column = edited
            table = getattr(self, name)
            if not math.isfinite(table[row, column]):  # the only number that can have become non-finite
                check_finite(name, table[row:row + 1], row)
            if name == "targets":
                check_targets(self.network, self.loss, table[row:row + 1])
        self._checked = (self.network, self.loss, self.inputs, self.targets)

    def check_validation(self) -> None:
        """Raise NetworkError (starting "validation set:") if the validation set does not fit the network."""
        if self.validation_inputs is None:
            return
        try:
            check(self.network, self.loss, self.validation_inputs, self.validation_targets)
        except NetworkError as error:
            raise NetworkError(f"validation set: {error}") from None

    def compute(self, edited: tuple | None = None) -> Result:
        """Check (only what `edited` names changed, if given; see check), then run the forward and backward
        pass on all samples."""
        self.check(edited)
        return compute(self.network, self.loss, self.inputs, self.targets)

    def validation_loss(self) -> float | None:
        """The loss on the validation set (forward pass only, same loss and reduction); None without one.

        Equal bit for bit to compute(network, loss, validation_inputs, validation_targets).loss;
        raises NetworkError (see check_validation) when the validation set does not fit.
        """
        if self.validation_inputs is None:
            return None
        self.check_validation()
        return forward_loss(self.network, self.loss, self.validation_inputs, self.validation_targets)

    def edit(self, operation: str, *args, **kwargs) -> None:
        """Run one structural edit by name (one of STRUCTURAL_EDITS, as an undo command stores it): the
        Project's method where it has one (it keeps the data in step with the network), else the Network's."""
        if operation not in STRUCTURAL_EDITS:
            raise ValueError(f'"{operation}" is not a structural edit (one of {", ".join(sorted(STRUCTURAL_EDITS))})')
        getattr(self if hasattr(Project, operation) else self.network, operation)(*args, **kwargs)

    def is_computable(self) -> bool:
        try:
            self.check()
        except NetworkError:
            return False
        return True

    def copy(self) -> "Project":
        val_in, val_tg = self.validation_inputs, self.validation_targets
        return Project(self.network.copy(), self.loss, self.inputs.copy(), self.targets.copy(),
                       TrainingSettings(**vars(self.training)), self.title, _deep_copy(self.view),
                       None if val_in is None else val_in.copy(), None if val_tg is None else val_tg.copy())

    def set_data(self, inputs, targets, validation_inputs=None, validation_targets=None) -> None:
        """Replace the training data and the validation set (None = none); NetworkError if they do not fit.

        The arrays are copied as float64. Their columns must match the network's inputs and outputs
        (a loss that does not suit the targets is allowed: compute() explains it).
        """
        data = checked_data(inputs, targets, validation_inputs, validation_targets)
        n_in, n_out = self.network.input_size, self.network.output_size
        for name, array, n, what in (("inputs", data[0], n_in, "input"), ("targets", data[1], n_out, "output"),
                                     ("validation inputs", data[2], n_in, "input"),
                                     ("validation targets", data[3], n_out, "output")):
            if array is not None and array.shape[1] != n:
                raise NetworkError(f"the {name} have {array.shape[1]} columns but the network has {n} {what}"
                                   f"{'' if n == 1 else 's'}: change the number of network {what}s to "
                                   f"{array.shape[1]} first")
        self.inputs, self.targets, self.validation_inputs, self.validation_targets = data

    # ----- edits that keep data and network in step --------------------------------------
    def insert_neuron(self, l: int, index: int, weight: float = 0.0) -> None:
        self.network.insert_neuron(l, index, weight)
        if l == len(self.network.layers) - 1:
            self.targets = np.insert(self.targets, index, 0.0, axis=1)
            if self.validation_targets is not None:
                self.validation_targets = np.insert(self.validation_targets, index, 0.0, axis=1)

    def remove_neuron(self, l: int, index: int) -> None:
        self.network.remove_neuron(l, index)
        if l == len(self.network.layers) - 1:
            self.targets = np.delete(self.targets, index, axis=1)
            if self.validation_targets is not None:
                self.validation_targets = np.delete(self.validation_targets, index, axis=1)

    def insert_input(self, index: int, weight: float = 0.0) -> None:
        self.network.insert_input(index, weight)
        self.inputs = np.insert(self.inputs, index, 0.0, axis=1)
        if self.validation_inputs is not None:
            self.validation_inputs = np.insert(self.validation_inputs, index, 0.0, axis=1)

    def remove_input(self, index: int) -> None:
        self.network.remove_input(index)
        self.inputs = np.delete(self.inputs, index, axis=1)
        if self.validation_inputs is not None:
            self.validation_inputs = np.delete(self.validation_inputs, index, axis=1)

    def set_input_size(self, n: int) -> None:
        """Add inputs (value 0, weights 0) or remove the last ones until the network has n."""
        if n < 1:
            raise NetworkError("the network needs at least one input")
        while self.network.input_size < n:
            self.insert_input(self.network.input_size)
        while self.network.input_size > n:
            self.remove_input(self.network.input_size - 1)

    def set_output_size(self, n: int) -> None:
        """Add output neurons (weights 0, bias 0, target 0) or remove the last ones until there are n."""
        if n < 1:
            raise NetworkError("the output layer needs at least one neuron")
        last = len(self.network.layers) - 1
        while self.network.output_size < n:
            self.insert_neuron(last, self.network.output_size)
        while self.network.output_size > n:
            self.remove_neuron(last, self.network.output_size - 1)

    def insert_layer(self, index: int, size: int, activation: str = "relu", weight: float = 1.0) -> None:
        self.network.insert_layer(index, size, activation, weight)
        self._fit_targets()

    def remove_layer(self, index: int) -> None:
        self.network.remove_layer(index)
        self._fit_targets()

    def insert_sample(self, index: int, inputs=None, targets=None) -> None:
        row_in = np.zeros(self.network.input_size) if inputs is None else np.asarray(inputs, float)
        row_t = np.zeros(self.network.output_size) if targets is None else np.asarray(targets, float)
        self.inputs = np.insert(self.inputs, index, row_in, axis=0)
        self.targets = np.insert(self.targets, index, row_t, axis=0)

    def remove_sample(self, index: int) -> None:
        if self.sample_count <= 1:
            raise NetworkError("the data needs at least one sample; add another before removing this one")
        self.inputs = np.delete(self.inputs, index, axis=0)
        self.targets = np.delete(self.targets, index, axis=0)

    def _fit_targets(self) -> None:
        self.targets = _fit_columns(self.targets, self.network.output_size)
        if self.validation_targets is not None:
            self.validation_targets = _fit_columns(self.validation_targets, self.network.output_size)


def _fit_columns(table: np.ndarray, n: int) -> np.ndarray:
    """The first n columns of a table, padded with zero columns when it has fewer."""
    m, have = table.shape
    if have > n:
        return table[:, :n].copy()
    if have < n:
        return np.hstack([table, np.zeros((m, n - have))])
    return table


def _table(values, name: str, allow_none: bool = False) -> np.ndarray | None:
    if values is None and allow_none:
        return None
    array = np.array(values, dtype=np.float64)  # a copy: the project owns its data
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    if array.ndim != 2 or array.shape[0] < 1 or array.shape[1] < 1:
        raise NetworkError(f"the {name} must be a table with at least one row and one column, "
                           f"got shape {array.shape}")
    if not np.isfinite(array).all():
        raise NetworkError(f"the {name} hold a value that is not a finite number (NaN or infinity); "
                           "replace it with a number")
    return array


def checked_data(inputs, targets, validation_inputs=None, validation_targets=None):
    """Float64 copies of the four data tables, checked against each other (not against a network).

    A 1-D array is one column. The validation pair is both None or both tables with the training
    data's columns. Raises NetworkError saying what to change.
    """
    if (validation_inputs is None) != (validation_targets is None):
        raise NetworkError("a validation set needs both inputs and targets: give both, or neither")
    tables = (_table(inputs, "inputs"), _table(targets, "targets"),
              _table(validation_inputs, "validation inputs", True),
              _table(validation_targets, "validation targets", True))
    for (x, y, what) in ((tables[0], tables[1], ""), (tables[2], tables[3], "validation ")):
        if x is not None and x.shape[0] != y.shape[0]:
            raise NetworkError(f"{x.shape[0]} {what}input rows but {y.shape[0]} {what}target rows: "
                               "give one target row per input row")
    if tables[2] is not None and (tables[2].shape[1], tables[3].shape[1]) != (tables[0].shape[1],
                                                                              tables[1].shape[1]):
        raise NetworkError(f"the validation set has {tables[2].shape[1]} input and {tables[3].shape[1]} target "
                           f"columns but the training data has {tables[0].shape[1]} and {tables[1].shape[1]}: "
                           "give both the same columns")
    return tables


def _deep_copy(value):
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value
