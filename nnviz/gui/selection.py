"""What the user has selected (a neuron or an edge) and which sample the canvas shows, shared by views."""
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class NeuronRef:
    """A unit: column 0 is the input column, column c >= 1 is layer c (network.layers[c - 1])."""

    column: int
    index: int

    @property
    def layer(self) -> int | None:
        """Index into network.layers, or None for an input."""
        return self.column - 1 if self.column > 0 else None


@dataclass(frozen=True)
class EdgeRef:
    """The weight network.weights[layer][i, j]: from unit j of column `layer` to unit i of column layer + 1."""

    layer: int
    i: int
    j: int


class Selection(QObject):
    """The selected item and the displayed sample; views listen and stay in step."""

    changed = Signal(object)  # NeuronRef, EdgeRef or None
    sampleChanged = Signal(int)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.current: NeuronRef | EdgeRef | None = None
        self.sample = 0

    def select(self, ref: NeuronRef | EdgeRef | None) -> None:
        if ref != self.current:
            self.current = ref
            self.changed.emit(ref)

    def set_sample(self, sample: int) -> None:
        if sample != self.sample:
            self.sample = sample
            self.sampleChanged.emit(sample)

    def clamp_to(self, network, sample_count: int) -> None:
        """Drop a selection that no longer exists after a structural edit; keep the sample in range."""
        ref = self.current
        sizes = network.sizes()
        if isinstance(ref, NeuronRef) and not (ref.column < len(sizes) and ref.index < sizes[ref.column]):
            self.select(None)
        elif isinstance(ref, EdgeRef) and not (ref.layer < len(network.layers)
                                               and ref.i < sizes[ref.layer + 1] and ref.j < sizes[ref.layer]):
            self.select(None)
        if self.sample >= sample_count:
            self.set_sample(sample_count - 1)
