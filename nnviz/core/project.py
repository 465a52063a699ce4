"""A project is what a .nnviz file holds: network, loss, data, training settings and view state.

Structural edits that change the number of inputs or outputs go through the project so the data
columns stay in step with the network.
"""
from dataclasses import dataclass, field

import numpy as np

from .engine import Result, check, compute
from .errors import NetworkError
from .losses import Loss
from .network import Network


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

    def __post_init__(self):
        if self.inputs is None:
            self.inputs = np.zeros((1, self.network.input_size))
        if self.targets is None:
            self.targets = np.zeros((self.inputs.shape[0], self.network.output_size))
        self.inputs = np.array(self.inputs, dtype=np.float64, ndmin=2)
        self.targets = np.array(self.targets, dtype=np.float64, ndmin=2)

    @property
    def sample_count(self) -> int:
        return self.inputs.shape[0]

    def check(self) -> None:
        check(self.network, self.loss, self.inputs, self.targets)

    def compute(self) -> Result:
        """Check, then run the forward and backward pass on all samples."""
        self.check()
        return compute(self.network, self.loss, self.inputs, self.targets)

    def copy(self) -> "Project":
        return Project(self.network.copy(), self.loss, self.inputs.copy(), self.targets.copy(),
                       TrainingSettings(**vars(self.training)), self.title, _deep_copy(self.view))

    # ----- edits that keep data and network in step --------------------------------------
    def insert_neuron(self, l: int, index: int, weight: float = 0.0) -> None:
        self.network.insert_neuron(l, index, weight)
        if l == len(self.network.layers) - 1:
            self.targets = np.insert(self.targets, index, 0.0, axis=1)

    def remove_neuron(self, l: int, index: int) -> None:
        self.network.remove_neuron(l, index)
        if l == len(self.network.layers) - 1:
            self.targets = np.delete(self.targets, index, axis=1)

    def insert_input(self, index: int, weight: float = 0.0) -> None:
        self.network.insert_input(index, weight)
        self.inputs = np.insert(self.inputs, index, 0.0, axis=1)

    def remove_input(self, index: int) -> None:
        self.network.remove_input(index)
        self.inputs = np.delete(self.inputs, index, axis=1)

    def set_input_size(self, n: int) -> None:
        while self.network.input_size < n:
            self.insert_input(self.network.input_size)
        while self.network.input_size > n:
            self.remove_input(self.network.input_size - 1)

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
        n = self.network.output_size
        m = self.targets.shape[0]
        if self.targets.shape[1] > n:
            self.targets = self.targets[:, :n].copy()
        elif self.targets.shape[1] < n:
            self.targets = np.hstack([self.targets, np.zeros((m, n - self.targets.shape[1]))])


def _deep_copy(value):
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value
