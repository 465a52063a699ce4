"""The network model: layer sizes, activations, weights, biases and removed edges, with its mutators.

Layer l (0-based here, numbered from 1 on screen) computes z_l = W_l a_(l-1) + b_l and a_l = f_l(z_l),
with a_(-1) = x. W_l has shape (size_l, size_(l-1)): W_l[i, j] connects unit j of the previous layer
to unit i of layer l. A removed edge has mask 0 and weight 0 and gets no gradient.
"""
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from .activations import ACTIVATIONS
from .errors import NetworkError

INITIALISERS = ("constant", "uniform", "xavier", "he")


class Layer(NamedTuple):
    """One layer's shape and kind (its numbers live in Network.weights / biases); a change replaces it, so
    the layers themselves say which pass plan fits the network (see plan.plan_for)."""

    size: int
    activation: str = "identity"
    bias: bool = True


@dataclass
class Network:
    """A fully connected feed-forward network whose every number the user can edit."""

    input_size: int
    layers: list[Layer]
    weights: list[np.ndarray] = field(default_factory=list)
    biases: list[np.ndarray] = field(default_factory=list)  # kept when a layer's bias is off
    masks: list[np.ndarray | None] = field(default_factory=list)  # bool, True = edge present

    def __post_init__(self):
        if not self.weights:
            self.weights = [np.zeros((layer.size, prev)) for layer, prev in zip(self.layers, self.fan_ins())]
        if not self.biases:
            self.biases = [np.zeros(layer.size) for layer in self.layers]
        if not self.masks:
            self.masks = [None] * len(self.layers)

    @classmethod
    def create(cls, input_size: int, sizes: list[int], activations: list[str], bias: bool = True,
               weight: float = 1.0, bias_value: float = 0.0) -> "Network":
        """A network with every weight set to `weight` and every bias to `bias_value`."""
        if len(sizes) != len(activations):
            raise NetworkError("give one activation per layer")
        net = cls(input_size, [Layer(s, a, bias) for s, a in zip(sizes, activations)])
        net.initialise("constant", value=weight, bias_value=bias_value)
        net.validate()
        return net

    # ----- reading -----------------------------------------------------------------------
    @property
    def output_size(self) -> int:
        return self.layers[-1].size if self.layers else self.input_size

    def fan_ins(self) -> list[int]:
        return [self.input_size] + [layer.size for layer in self.layers[:-1]]

    def sizes(self) -> list[int]:
        """Units per column, inputs first."""
        return [self.input_size] + [layer.size for layer in self.layers]

    def edge_count(self) -> int:
        return sum(w.size if m is None else int(m.sum()) for w, m in zip(self.weights, self.masks))

    def edge_present(self, l: int, i: int, j: int) -> bool:
        mask = self.masks[l]
        return True if mask is None else bool(mask[i, j])

    def copy(self) -> "Network":
        return Network(
            self.input_size,
            list(self.layers),  # a Layer is immutable
            [w.copy() for w in self.weights],
            [b.copy() for b in self.biases],
            [None if m is None else m.copy() for m in self.masks],
        )

    def equals(self, other: "Network") -> bool:
        """Bit-for-bit equality of structure and every number."""
        def same(a, b):
            return (a is None and b is None) or (a is not None and b is not None and a.shape == b.shape
                                                 and a.tobytes() == b.tobytes())
        return (self.input_size == other.input_size and self.layers == other.layers
                and all(same(a, b) for a, b in zip(self.weights, other.weights))
                and all(same(a, b) for a, b in zip(self.biases, other.biases))
                and all(same(a, b) for a, b in zip(self.masks, other.masks)))

    def validate(self) -> None:
        """Raise NetworkError naming the first thing that does not fit."""
        if self.input_size < 1:
            raise NetworkError("the network needs at least one input")
        if not self.layers:
            raise NetworkError("the network needs at least one layer")
        for l, (layer, prev) in enumerate(zip(self.layers, self.fan_ins())):
            where = f"layer {l + 1}"
            if layer.size < 1:
                raise NetworkError(f"{where} needs at least one neuron")
            if layer.activation not in ACTIVATIONS:
                raise NetworkError(f'{where}: unknown activation "{layer.activation}" '
                                   f"(expected one of {', '.join(ACTIVATIONS)})")
            if layer.activation == "softmax" and l != len(self.layers) - 1:
                raise NetworkError(f"{where}: softmax is only allowed on the output layer; "
                                   "choose identity, relu, sigmoid or tanh for this layer")
            if self.weights[l].shape != (layer.size, prev):
                raise NetworkError(f"{where}: weights have shape {self.weights[l].shape}, "
                                   f"expected ({layer.size}, {prev})")
            if self.biases[l].shape != (layer.size,):
                raise NetworkError(f"{where}: biases have shape {self.biases[l].shape}, expected ({layer.size},)")
            if self.masks[l] is not None and self.masks[l].shape != (layer.size, prev):
                raise NetworkError(f"{where}: edge mask has shape {self.masks[l].shape}, expected ({layer.size}, {prev})")

    # ----- value mutators ----------------------------------------------------------------
    def set_weight(self, l: int, i: int, j: int, value: float) -> None:
        if not self.edge_present(l, i, j):
            raise NetworkError(f"edge w({l + 1})[{i + 1},{j + 1}] is removed; restore it before setting its weight")
        self.weights[l][i, j] = float(value)

    def set_bias(self, l: int, i: int, value: float) -> None:
        self.biases[l][i] = float(value)

    def set_layer_values(self, l: int, weights=None, biases=None) -> None:
        """Replace layer l's weight matrix and/or bias vector at once (copies, float64).

        A removed edge must be given 0 and keeps the zero it holds (+0.0 or -0.0), so it stays removed.
        """
        new_w = None if weights is None else np.array(weights, dtype=np.float64)
        new_b = None if biases is None else np.array(biases, dtype=np.float64)
        if new_w is not None and new_w.shape != self.weights[l].shape:
            raise NetworkError(f"layer {l + 1}: weights of shape {new_w.shape} given, expected {self.weights[l].shape}")
        if new_b is not None and new_b.shape != self.biases[l].shape:
            raise NetworkError(f"layer {l + 1}: biases of shape {new_b.shape} given, expected {self.biases[l].shape}")
        for values in (new_w, new_b):
            if values is not None and not np.isfinite(values).all():
                raise NetworkError(f"layer {l + 1}: every value must be a finite number")
        mask = self.masks[l]
        if new_w is not None and mask is not None:
            removed = ~mask & (new_w != 0)
            if removed.any():
                i, j = np.argwhere(removed)[0]
                raise NetworkError(f"edge w({l + 1})[{i + 1},{j + 1}] is removed; restore it before setting its weight")
            new_w[~mask] = self.weights[l][~mask]
        if new_w is not None:
            self.weights[l] = new_w
        if new_b is not None:
            self.biases[l] = new_b

    def set_activation(self, l: int, name: str) -> None:
        if name not in ACTIVATIONS:
            raise NetworkError(f'unknown activation "{name}" (expected one of {", ".join(ACTIVATIONS)})')
        if name == "softmax" and l != len(self.layers) - 1:
            raise NetworkError("softmax is only allowed on the output layer")
        self.layers[l] = self.layers[l]._replace(activation=name)

    def set_bias_enabled(self, l: int, enabled: bool) -> None:
        self.layers[l] = self.layers[l]._replace(bias=bool(enabled))

    def set_edge_enabled(self, l: int, i: int, j: int, enabled: bool) -> None:
        """Remove (weight fixed at 0) or restore (weight 0 until edited) one edge."""
        if self.masks[l] is None:
            if enabled:
                return
            self.masks[l] = np.ones(self.weights[l].shape, dtype=bool)
        self.masks[l][i, j] = bool(enabled)
        self.weights[l][i, j] = 0.0 if not enabled else self.weights[l][i, j]
        if self.masks[l].all():
            self.masks[l] = None

    def initialise(self, method: str = "constant", *, value: float = 1.0, bias_value: float = 0.0,
                   seed: int = 0) -> None:
        """Set every weight and bias: a constant, or seeded random (uniform, Xavier/Glorot, He)."""
        rng = np.random.default_rng(seed)
        for l, (layer, prev) in enumerate(zip(self.layers, self.fan_ins())):
            shape = (layer.size, prev)
            if method == "constant":
                w = np.full(shape, float(value))
            elif method == "uniform":
                w = rng.uniform(-1.0, 1.0, shape)
            elif method == "xavier":
                limit = np.sqrt(6.0 / (prev + layer.size))
                w = rng.uniform(-limit, limit, shape)
            elif method == "he":
                w = rng.normal(0.0, np.sqrt(2.0 / prev), shape)
            else:
                raise NetworkError(f'unknown initialisation "{method}" (expected one of {", ".join(INITIALISERS)})')
            if self.masks[l] is not None:
                w = w * self.masks[l]
            self.weights[l] = w
            self.biases[l] = np.full(layer.size, float(bias_value))

    # ----- structure mutators ------------------------------------------------------------
    def insert_neuron(self, l: int, index: int, weight: float = 0.0) -> None:
        """Add a unit to layer l at `index`: incoming and outgoing weights `weight`, bias 0."""
        self.layers[l] = self.layers[l]._replace(size=self.layers[l].size + 1)
        self.weights[l] = np.insert(self.weights[l], index, weight, axis=0)
        self.biases[l] = np.insert(self.biases[l], index, 0.0)
        if self.masks[l] is not None:
            self.masks[l] = np.insert(self.masks[l], index, True, axis=0)
        if l + 1 < len(self.layers):
            self._insert_column(l + 1, index, weight)

    def remove_neuron(self, l: int, index: int) -> None:
        if self.layers[l].size <= 1:
            raise NetworkError(f"layer {l + 1} has only one neuron; remove the layer instead")
        self.layers[l] = self.layers[l]._replace(size=self.layers[l].size - 1)
        self.weights[l] = np.delete(self.weights[l], index, axis=0)
        self.biases[l] = np.delete(self.biases[l], index)
        if self.masks[l] is not None:
            self.masks[l] = np.delete(self.masks[l], index, axis=0)
            if self.masks[l].all():  # its only removed edges went with the neuron
                self.masks[l] = None
        if l + 1 < len(self.layers):
            self._delete_column(l + 1, index)

    def insert_input(self, index: int, weight: float = 0.0) -> None:
        self.input_size += 1
        self._insert_column(0, index, weight)

    def remove_input(self, index: int) -> None:
        if self.input_size <= 1:
            raise NetworkError("the network needs at least one input")
        self.input_size -= 1
        self._delete_column(0, index)

    def insert_layer(self, index: int, size: int, activation: str = "relu", weight: float = 1.0) -> None:
        """Insert a layer at position `index` (0 = first hidden layer), fully connected with `weight`."""
        if size < 1:
            raise NetworkError("a layer needs at least one neuron")
        if activation == "softmax":
            raise NetworkError("softmax is only allowed on the output layer")
        if index >= len(self.layers) and self.layers[-1].activation == "softmax":
            raise NetworkError("a layer after the softmax output layer would make softmax a hidden layer; "
                               "insert the layer before the output layer or change its activation first")
        prev = self.fan_ins()[index] if index < len(self.layers) else self.output_size
        self.layers.insert(index, Layer(size, activation, True))
        self.weights.insert(index, np.full((size, prev), float(weight)))
        self.biases.insert(index, np.zeros(size))
        self.masks.insert(index, None)
        if index + 1 < len(self.layers):
            nxt = self.layers[index + 1].size
            self.weights[index + 1] = np.full((nxt, size), float(weight))
            self.masks[index + 1] = None

    def remove_layer(self, index: int) -> None:
        """Remove a layer; the next layer's weights are rebuilt to fit (set to 1)."""
        if len(self.layers) <= 1:
            raise NetworkError("the network needs at least one layer")
        if index + 1 < len(self.layers):
            prev = self.fan_ins()[index]
            nxt = self.layers[index + 1].size
            self.weights[index + 1] = np.ones((nxt, prev))
            self.masks[index + 1] = None
        del self.layers[index], self.weights[index], self.biases[index], self.masks[index]

    def _insert_column(self, l: int, index: int, weight: float) -> None:
        self.weights[l] = np.insert(self.weights[l], index, weight, axis=1)
        if self.masks[l] is not None:
            self.masks[l] = np.insert(self.masks[l], index, True, axis=1)

    def _delete_column(self, l: int, index: int) -> None:
        self.weights[l] = np.delete(self.weights[l], index, axis=1)
        if self.masks[l] is not None:
            self.masks[l] = np.delete(self.masks[l], index, axis=1)
            if self.masks[l].all():
                self.masks[l] = None
