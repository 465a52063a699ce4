"""Inspector page when nothing is selected: the network at a glance and its number of inputs."""
from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QLabel, QSpinBox, QWidget

from nnviz.core.losses import LOSS_LABELS
from nnviz.gui.commands import EditStructure
from nnviz.gui.notation_dialog import notation_label
from nnviz.gui.steady_label import SteadyHolder

from .common import ACTIVATION_LABELS, ValueLabel, sizes_text
from .page import Page

MAX_INPUTS = 64


class SummaryPage(Page):
    """Sizes, activations, parameter count, loss, samples and notation; the input count is editable."""

    def __init__(self, doc, selection, parent: QWidget | None = None):
        super().__init__(doc, selection, parent)
        self.title.setText("Network")
        self.sizes, self.activations, self.parameters = QLabel(), QLabel(), QLabel()
        self.loss_name, self.samples, self.notation = QLabel(), QLabel(), QLabel()
        self.loss = ValueLabel()
        self.loss_box = SteadyHolder(self.loss)  # a new loss every frame of a run, without relayouting the window
        self.inputs = QSpinBox()
        self.inputs.setRange(1, MAX_INPUTS)
        self.inputs.setToolTip("How many inputs x the network has (a new input's weights start at 0)")
        self.inputs.setKeyboardTracking(False)  # one edit when the number is complete, not per digit
        self.inputs.valueChanged.connect(self._set_input_size)
        for caption, widget in [("Layer sizes", self.sizes), ("Activations", self.activations),
                                ("Parameters", self.parameters), ("Loss function", self.loss_name),
                                ("Loss L", self.loss_box), ("Samples", self.samples), ("Inputs", self.inputs),
                                ("Notation", self.notation)]:
            self.form.addRow(caption, widget)
        self.add_block_row("weights", "inputs", "targets")
        for label in (self.sizes, self.activations, self.parameters, self.loss_name, self.notation):
            label.setWordWrap(True)
        self.layout_.addWidget(self.message)
        hint = QLabel("Select a neuron or an edge on the canvas to inspect and edit it.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.layout_.addWidget(hint)
        self.layout_.addStretch(1)

    def show_item(self, ref, sample, digits, replace):
        super().show_item(ref, sample, digits, replace)
        project = self.doc.project
        network = project.network
        self.subtitle.setText(project.title)
        self.subtitle.setVisible(bool(project.title))
        self.sizes.setText(f"{sizes_text(network)}  (inputs first, outputs last)")
        self.activations.setText(" → ".join(ACTIVATION_LABELS[layer.activation] for layer in network.layers))
        weights = network.edge_count()
        biases = sum(layer.size for layer in network.layers if layer.bias)
        self.parameters.setText(f"{weights + biases}  ({weights} weights, {biases} biases)")
        loss = project.loss
        self.loss_name.setText(f"{LOSS_LABELS[loss.name]}, {loss.reduction} over samples")
        self.loss.set_value(None if self.doc.result is None else self.doc.result.loss, digits)
        self.samples.setText(str(project.sample_count))
        with QSignalBlocker(self.inputs):
            self.inputs.setValue(network.input_size)
        names = self.doc.namer()
        self.notation.setText(f"{notation_label(names.notation)}\n{names.describe_weight()}  (View > Notation)")

    def _set_input_size(self, n: int) -> None:
        if n == self.doc.network.input_size:
            return
        error = self.doc.try_push(lambda: EditStructure(self.doc, f"Set number of inputs to {n}", "set_input_size", n))
        if error:
            with QSignalBlocker(self.inputs):
                self.inputs.setValue(self.doc.network.input_size)
        self.report(error)
