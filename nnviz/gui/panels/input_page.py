"""Inspector page for one input unit x_j: its value in the shown sample and ∂L/∂x_j."""
from PySide6.QtWidgets import QWidget

from nnviz.gui.commands import EditStructure, SetDataValue

from .common import ValueLabel
from .number_field import NumberField
from .page import Page


class InputPage(Page):
    """Shows input j; editing its value edits the data table cell of the shown sample."""

    def __init__(self, doc, selection, parent: QWidget | None = None):
        super().__init__(doc, selection, parent)
        self.value = self.add_number_row("Value", NumberField(self._set_value))
        self.gradient = ValueLabel()
        self.form.addRow("∂L/∂x", self.gradient)
        self.add_block_row("inputs", "targets")
        self.add_button, self.remove_button = self.add_buttons(
            ("Add input", self._add_input, "Add an input after this one (its weights start at 0; one undo step)"),
            ("Remove this input", self._remove_input, "Remove this input, its column of data and its weights"))
        self.sample = 0

    def show_item(self, ref, sample, digits, replace):
        replace = replace or sample != self.sample  # another sample is another cell of the table
        super().show_item(ref, sample, digits, replace)
        self.sample = sample
        doc, j, names = self.doc, ref.index, self.doc.namer()
        x = names.x(j + 1)
        self.title.setText(f"Input {x}")
        self.subtitle.setText(f"input {j + 1} of {doc.network.input_size}; value and gradient for sample "
                              f"{sample + 1} of {doc.project.sample_count}")
        self.form.labelForField(self.value).setText(f"{x} (sample {sample + 1})")
        has_sample = sample < doc.project.sample_count
        self.value.set_value(float(doc.project.inputs[sample, j]) if has_sample else None, digits, replace=replace)
        self.value.setEnabled(has_sample)
        self.form.labelForField(self.gradient).setText(f"{names.grad(x)} (sample {sample + 1})")
        result = doc.result
        self.gradient.set_value(None if result is None or not has_sample else result.grad_inputs[sample, j], digits)
        self.remove_button.setEnabled(doc.network.input_size > 1)

    def _set_value(self, value: float) -> None:
        self.require_item()
        self.doc.undo_stack.push(SetDataValue(self.doc, "inputs", self.sample, self.ref.index, value))

    def _add_input(self) -> None:
        j = self.ref.index
        self.report(self.doc.try_push(lambda: EditStructure(self.doc, "Add input", "insert_input", j + 1)))

    def _remove_input(self) -> None:
        j = self.ref.index
        x = self.doc.namer().x(j + 1)
        error = self.doc.try_push(lambda: EditStructure(self.doc, f"Remove input {x}", "remove_input", j))
        if error is None:
            self.selection.clamp_to(self.doc.network, self.doc.project.sample_count)
        self.report(error)
