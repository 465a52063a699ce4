"""Inspector page for one neuron: bias, layer activation and bias switch, z/a/δ, add or remove it."""
from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget
from PySide6.QtCore import QSignalBlocker

from nnviz.core import ACTIVATIONS
from nnviz.gui.commands import EditStructure, SetActivation, SetBias, SetBiasEnabled

from .common import ACTIVATION_LABELS, ValueLabel
from .number_field import NumberField
from .scrub_slider import ScrubSlider
from .page import Page


class NeuronPage(Page):
    """Shows unit i of layer l (network.layers[l]) and the switches of its layer."""

    def __init__(self, doc, selection, parent: QWidget | None = None):
        super().__init__(doc, selection, parent)
        self.bias = self.add_number_row("Bias b", NumberField(self._set_bias))
        self.bias.setPlaceholderText("bias off")
        self.scrub = ScrubSlider()
        self.scrub.scrubbed.connect(self._scrub_bias)
        self.form.addRow("Sweep", self.scrub)
        self.has_bias = QCheckBox("layer has bias")
        self.has_bias.setToolTip("Off: every neuron of this layer computes z without a bias b (b stays 0)")
        self.has_bias.toggled.connect(self._set_bias_enabled)
        self.form.addRow("", self.has_bias)
        self.activation = QComboBox()
        self.activation.setToolTip("The activation f of every neuron in this layer: a = f(z)")
        self.activation.currentIndexChanged.connect(self._set_activation)
        self.form.addRow("Layer activation", self.activation)
        self.add_block_row("weights", "biases")
        self.z, self.a, self.delta, self.target = ValueLabel(), ValueLabel(), ValueLabel(), ValueLabel()
        self.grad_bias = ValueLabel()
        self.form.addRow("z", self.z)
        self.form.addRow("a", self.a)
        self.form.addRow("δ = ∂L/∂z", self.delta)
        self.form.addRow("target y", self.target)
        self.form.addRow("∂L/∂b", self.grad_bias)
        self.add_button, self.remove_button = self.add_buttons(
            ("Add neuron to this layer", self._add_neuron,
             "Add a neuron after this one (its weights in and out start at 0; one undo step)"),
            ("Remove this neuron", self._remove_neuron, "Remove this neuron with its bias and its weights in and out"))

    def show_item(self, ref, sample, digits, replace):
        super().show_item(ref, sample, digits, replace)
        doc, l, i = self.doc, ref.layer, ref.index
        network, names = doc.network, doc.namer()
        layer = network.layers[l]
        last = l == len(network.layers) - 1
        kind = "output layer" if last else "hidden layer"
        z, a, b = names.z(l + 1, i + 1), names.a(l + 1, i + 1), names.b(l + 1, i + 1)
        self.title.setText(f"Neuron {i + 1} of layer {l + 1}" + (f" (output {a})" if last else ""))
        self.subtitle.setText(f"{kind} {l + 1} has {layer.size} neuron{'s' if layer.size != 1 else ''}, "
                              f"activation {ACTIVATION_LABELS[layer.activation]}; numbers for sample {sample + 1}")

        self.form.labelForField(self.bias).setText(f"Bias {b}")
        if layer.bias:
            self.bias.set_value(float(network.biases[l][i]), digits, replace=replace)
        else:
            self.bias.set_value(None, digits, replace=True)
        self.bias.setEnabled(layer.bias)
        self.scrub.set_origin(float(network.biases[l][i]))
        self.scrub.setEnabled(layer.bias)
        with QSignalBlocker(self.has_bias):
            self.has_bias.setChecked(layer.bias)
        with QSignalBlocker(self.activation):
            self.activation.clear()
            for name in ACTIVATIONS:
                if name != "softmax" or last:
                    self.activation.addItem(ACTIVATION_LABELS[name], name)
            self.activation.setCurrentIndex(self.activation.findData(layer.activation))
        self.remove_button.setEnabled(layer.size > 1)
        self.remove_button.setToolTip("Remove this neuron with its bias and its weights in and out" if layer.size > 1
                                      else "The only neuron of a layer cannot be removed")

        result = doc.result
        numbers = None if result is None else result.layers[l]
        self.form.labelForField(self.z).setText(str(z))
        self.form.labelForField(self.a).setText(str(a))
        self.form.labelForField(self.delta).setText(f"{names.delta(l + 1, i + 1)} = {names.grad(z)}")
        self.z.set_value(None if numbers is None else numbers.z[sample, i], digits)
        self.a.set_value(None if numbers is None else numbers.a[sample, i], digits)
        self.delta.set_value(None if numbers is None else numbers.delta[sample, i], digits)
        has_target = last and sample < doc.project.sample_count
        self.target.set_value(float(doc.project.targets[sample, i]) if has_target else None, digits)
        self.form.setRowVisible(self.target, last)
        self.form.labelForField(self.target).setText(f"target {names.y(i + 1)}")
        self.form.labelForField(self.grad_bias).setText(f"{names.grad(b)} (all samples)")
        if numbers is None:
            self.grad_bias.set_value(None, digits)
        else:
            self.grad_bias.set_value(None if numbers.grad_biases is None else numbers.grad_biases[i], digits,
                                     "none (bias off)")

    def _set_bias(self, value: float) -> None:
        self.require_item()
        self.doc.undo_stack.push(SetBias(self.doc, self.ref.layer, self.ref.index, value))

    def _scrub_bias(self, value: float, token) -> None:
        self.doc.undo_stack.push(SetBias(self.doc, self.ref.layer, self.ref.index, value, merge=token))

    def _set_bias_enabled(self, enabled: bool) -> None:
        self.report(self.doc.try_push(lambda: SetBiasEnabled(self.doc, self.ref.layer, enabled)))

    def _set_activation(self, index: int) -> None:
        name = self.activation.itemData(index)
        l = self.ref.layer
        if name is None or name == self.doc.network.layers[l].activation:
            return
        error = self.doc.try_push(lambda: SetActivation(self.doc, l, name))
        if error:  # put the combo back to the layer's activation and say why
            with QSignalBlocker(self.activation):
                self.activation.setCurrentIndex(self.activation.findData(self.doc.network.layers[l].activation))
        self.report(error)

    def _add_neuron(self) -> None:
        l, i = self.ref.layer, self.ref.index
        self.report(self.doc.try_push(lambda: EditStructure(self.doc, f"Add neuron to layer {l + 1}",
                                                         "insert_neuron", l, i + 1)))

    def _remove_neuron(self) -> None:
        l, i = self.ref.layer, self.ref.index
        error = self.doc.try_push(lambda: EditStructure(self.doc, f"Remove neuron {i + 1} of layer {l + 1}",
                                                     "remove_neuron", l, i))
        if error is None:
            self.selection.clamp_to(self.doc.network, self.doc.project.sample_count)
        self.report(error)
