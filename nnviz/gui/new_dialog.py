"""File > New and Network > Set all weights and biases: the dialogs that choose a shape and initial numbers."""
import re

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QSpinBox, QVBoxLayout, QWidget)

from nnviz.core import LOSSES, Layer, Network, NetworkError, Project
from nnviz.core.losses import LOSS_LABELS, Loss
from nnviz.core.numbers import parse_number

from .layer_rows import LayerRows

MAX_UNITS = 64  # per layer; more would not be readable on the canvas
MAX_SAMPLES = 10000
INITIALISATION_LABELS = {
    "constant": "Constant values",
    "uniform": "Random uniform in [-1, 1]",
    "xavier": "Random Xavier / Glorot uniform",
    "he": "Random He normal",
}


def parse_sizes(text: str) -> list[int]:
    """Layer sizes from text like "3-2-2-1" (inputs first); ValueError says what to change."""
    parts = [p for p in re.split(r"[\s,;-]+", text.strip()) if p]
    if len(parts) < 2:
        raise ValueError("give the number of inputs and at least one layer, e.g. 3-2-2-1")
    sizes = []
    for n, part in enumerate(parts):
        what = "inputs" if n == 0 else f"layer {n}"
        if not part.isdigit():
            raise ValueError(f'"{part}" ({what}) is not a whole number; write sizes like 3-2-2-1')
        size = int(part)
        if not 1 <= size <= MAX_UNITS:
            raise ValueError(f"{what} has {size} units; use 1 to {MAX_UNITS}")
        sizes.append(size)
    return sizes


class InitialisationBox(QGroupBox):
    """Choose how every weight and bias is set: constants, or seeded random (uniform, Xavier, He)."""

    validityChanged = Signal(bool)

    def __init__(self, title: str = "Weights and biases", parent: QWidget | None = None):
        super().__init__(title, parent)
        self.method = QComboBox()
        for name, label in INITIALISATION_LABELS.items():
            self.method.addItem(label, name)
        self.method.setToolTip("How the weights start: one value for all (as homework does) or random draws "
                               "scaled to the layer sizes (Xavier/He)")
        self.weight = QLineEdit("1")
        self.weight.setToolTip("The value every weight starts at (constant initialisation)")
        self.bias = QLineEdit("0")
        self.bias.setToolTip("The value every bias starts at")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip("The same seed draws the same random weights again")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b2182b")
        form = QFormLayout(self)
        form.addRow("&Initialisation:", self.method)
        form.addRow("All &weights:", self.weight)
        form.addRow("All &biases:", self.bias)
        form.addRow("Random s&eed:", self.seed)
        form.addRow(self.message)
        self.method.currentIndexChanged.connect(self._update)
        self.weight.textChanged.connect(self._update)
        self.bias.textChanged.connect(self._update)
        self._update()

    def set_method(self, name: str) -> None:
        self.method.setCurrentIndex(self.method.findData(name))

    def values(self) -> dict:
        """Keyword arguments for Network.initialise; ValueError if a typed number is not valid."""
        method = self.method.currentData()
        values = {"method": method, "value": 1.0, "bias_value": 0.0, "seed": self.seed.value()}
        if method == "constant":
            values["value"] = _number(self.weight.text(), "weights")
        values["bias_value"] = _number(self.bias.text(), "biases")
        return values

    def _update(self) -> None:
        constant = self.method.currentData() == "constant"
        self.weight.setEnabled(constant)
        self.seed.setEnabled(not constant)
        try:
            self.values()
            self.message.setText("")
            ok = True
        except ValueError as error:
            self.message.setText(str(error))
            ok = False
        self.message.setVisible(not ok)
        self.validityChanged.emit(ok)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _number(text: str, what: str) -> float:
    try:
        return parse_number(text)
    except ValueError as error:
        raise ValueError(f"{what}: {error}") from None


class NewNetworkDialog(QDialog):
    """A new network: layer sizes, each layer's activation and bias, title, loss, initial numbers, samples.

    The layers' kinds are one line of text ("relu, identity, identity nobias") shown as a row per layer
    as well; the title follows the sizes ("2-3-3-1 network") until the user types one. Two columns keep
    the dialog low enough for a 1280×720 screen.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New network")
        self.sizes = QLineEdit("3-2-2-1")
        self.sizes.setToolTip("Units per column, inputs first: 3-2-2-1 is 3 inputs, two hidden layers of 2 "
                              "and 1 output")
        self.sizes_message = QLabel()
        self.sizes_message.setWordWrap(True)
        self.layers = LayerRows()
        self.title = QLineEdit()
        self.title.setToolTip("Saved in the file and shown in the window title and the Examples menu")
        self.loss = QComboBox()
        for name in LOSSES:
            self.loss.addItem(LOSS_LABELS.get(name, name), name)
        self.loss.setCurrentIndex(self.loss.findData("sse"))
        self.loss.setToolTip("The loss L the network is trained to make small")
        self.samples = QSpinBox()
        self.samples.setRange(1, MAX_SAMPLES)
        self.samples.setToolTip("Rows of the data table; inputs and targets start at 0")
        self.initialisation = InitialisationBox()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        shape = QFormLayout()
        shape.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        shape.addRow("Layer &sizes:", self.sizes)
        shape.addRow(self.sizes_message)
        shape.addRow("&Activations:", self.layers)
        shape.addRow("&Title:", self.title)
        other = QFormLayout()
        other.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        other.addRow("&Loss:", self.loss)
        other.addRow("Sa&mples:", self.samples)
        right = QVBoxLayout()
        right.addLayout(other)
        right.addWidget(self.initialisation)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(shape, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.layers.text, self.title)  # the rows come after: typing is the fast way

        self._title_typed = False
        self.title.textEdited.connect(self._title_edited)
        self.sizes.textChanged.connect(self._sizes_changed)
        for signal in (self.layers.changed, self.loss.currentIndexChanged, self.samples.valueChanged,
                       self.initialisation.validityChanged):
            signal.connect(self._update)
        self._sizes_changed()
        self.sizes.selectAll()  # typing replaces the example sizes

    def default_title(self) -> str:
        try:
            return "-".join(str(n) for n in parse_sizes(self.sizes.text())) + " network"
        except ValueError:
            return "New network"

    def project(self) -> Project:
        """The Project the current choices describe; ValueError/NetworkError if they do not make one."""
        sizes = parse_sizes(self.sizes.text())
        specs = self.layers.specs
        if specs is None or len(specs) != len(sizes) - 1:
            raise ValueError("describe every layer's activation")
        network = Network(sizes[0], [Layer(size, spec.activation, spec.bias) for size, spec in zip(sizes[1:], specs)])
        network.validate()
        initialisation = self.initialisation.values()
        network.initialise(initialisation.pop("method"), **initialisation)
        m = self.samples.value()
        title = self.title.text().strip() or self.default_title()
        return Project(network, Loss(self.loss.currentData()), np.zeros((m, sizes[0])), np.zeros((m, sizes[-1])),
                       title=title)

    def _title_edited(self, text: str) -> None:
        self._title_typed = bool(text.strip())  # cleared: follow the sizes again

    def _sizes_changed(self, *_) -> None:
        try:
            sizes = parse_sizes(self.sizes.text())
        except ValueError as error:
            self.sizes_message.setText(str(error))
            self.sizes_message.setStyleSheet("color: #b2182b")
        else:
            self.sizes_message.setText(f"{_count(sizes[0], 'input')}, {_count(len(sizes) - 1, 'layer')}, "
                                       f"{_count(sizes[-1], 'output')}")
            self.sizes_message.setStyleSheet("color: palette(mid)")
            self.layers.set_sizes(sizes)
        self.title.setPlaceholderText(self.default_title())
        if not self._title_typed:
            self.title.setText(self.default_title())
        self._update()

    def _update(self, *_) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            project = self.project()
        except NetworkError as error:  # e.g. softmax typed for a hidden layer
            self.note.setText(f"Cannot make this network: {error}")
            self.note.setStyleSheet("color: #b2182b")
            ok.setEnabled(False)
            return
        except ValueError:  # the field at fault says why
            self.note.setText("")
            ok.setEnabled(False)
            return
        ok.setEnabled(True)
        self.note.setStyleSheet("")
        try:
            project.check()
            self.note.setText("")
        except NetworkError as error:  # allowed: the window shows it until the user fixes the data or loss
            self.note.setText(f"Note: {error}")


class InitialiseDialog(QDialog):
    """Network > Set all weights and biases: one choice for the whole network, applied as one undo step."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Set all weights and biases")
        self.setMinimumWidth(400)
        self.initialisation = InitialisationBox()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.initialisation.validityChanged.connect(
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Removed edges stay removed (their weight stays 0)."))
        layout.addWidget(self.initialisation)
        layout.addWidget(self.buttons)

    def values(self) -> dict:
        return self.initialisation.values()
