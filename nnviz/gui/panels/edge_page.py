"""Inspector page for one weight: its value, its gradient, remove/restore, and the chain-rule product."""
from PySide6.QtWidgets import QGroupBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from nnviz.gui.commands import SetEdgeEnabled, SetWeight

from .common import DASH, ValueLabel
from .number_field import NumberField
from .page import Page
from .scrub_slider import ScrubSlider


class EdgePage(Page):
    """Shows weights[l][i, j], named in the document's notation, and how ∂L/∂w = δ · a is put together."""

    def __init__(self, doc, selection, parent: QWidget | None = None):
        super().__init__(doc, selection, parent)
        self.weight = self.add_number_row("Weight w", NumberField(self._set_weight))
        self.scrub = ScrubSlider()
        self.scrub.scrubbed.connect(self._scrub_weight)
        self.form.addRow("Sweep", self.scrub)
        self.gradient = ValueLabel()
        self.form.addRow("Gradient ∂L/∂w", self.gradient)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.toggle = QPushButton()
        self.toggle.clicked.connect(self._toggle_edge)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.toggle)
        self.form.addRow("Edge", row)
        self.add_block_row("weights")
        self.layout_.addWidget(self.message)

        self.chain = QGroupBox("Chain rule")
        grid = QGridLayout(self.chain)
        self.formula = QLabel()
        grid.addWidget(self.formula, 0, 0, 1, 7)
        self.sample_caption = QLabel()
        self.delta, self.activation, self.product = ValueLabel(), ValueLabel(), ValueLabel()
        self.delta_name, self.activation_name = QLabel(), QLabel()
        self.batch_caption = QLabel()
        self.total = ValueLabel()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        grid.addWidget(self.sample_caption, 1, 0, 1, 7)
        for column, widget in enumerate([self.delta_name, self.delta, QLabel("×"), self.activation_name,
                                         self.activation, QLabel("="), self.product]):
            grid.addWidget(widget, 2, column)
        grid.addWidget(self.batch_caption, 3, 0, 1, 6)
        grid.addWidget(self.total, 3, 6)
        grid.addWidget(self.note, 4, 0, 1, 7)
        grid.setColumnStretch(7, 1)
        self.layout_.addWidget(self.chain)
        self.layout_.addStretch(1)

    def show_item(self, ref, sample, digits, replace):
        super().show_item(ref, sample, digits, replace)
        doc, l, i, j = self.doc, ref.layer, ref.i, ref.j
        network, names = doc.network, doc.namer()
        present = network.edge_present(l, i, j)
        w = names.w(l + 1, i + 1, j + 1)
        source = f"input {names.x(j + 1)}" if l == 0 else f"unit {j + 1} of layer {l}"
        self.title.setText(f"Weight {w}")
        self.subtitle.setText(f"from {source} to unit {i + 1} of layer {l + 1}")
        self.form.labelForField(self.weight).setText(f"Weight {w}")
        self.weight.set_value(float(network.weights[l][i, j]), digits, replace=replace)
        self.weight.setEnabled(present)
        self.scrub.set_origin(float(network.weights[l][i, j]))
        self.scrub.setEnabled(present)
        self.status.setText("present" if present else "removed: fixed at 0, no gradient")
        self.toggle.setText("Remove edge" if present else "Restore edge")
        self.toggle.setToolTip("Take this weight out of the network (it stays 0 and is drawn dashed)" if present
                               else "Put this weight back into the network, at 0")

        result = doc.result
        grad = None if result is None or not present else float(result.layers[l].grad_weights[i, j])
        self.form.labelForField(self.gradient).setText(f"Gradient {names.grad(w)}")
        self.gradient.set_value(grad, digits, DASH if present else "none (edge removed)")

        delta, a_prev = names.delta(l + 1, i + 1), names.a(l, j + 1)
        self.formula.setText(f"{names.grad(w)} = Σ<sub>samples</sub> {delta} · {a_prev}")
        self.delta_name.setText(f"{delta} =")
        self.activation_name.setText(f"{a_prev} =")
        m = doc.project.sample_count
        self.sample_caption.setText(f"Sample {sample + 1} of {m}:")
        if result is None:
            for label in (self.delta, self.activation, self.product, self.total):
                label.set_value(None, digits)
            self.note.setText("No numbers until the network can be computed (see the warning above).")
            self.batch_caption.setText("")
            return
        self.delta.set_value(float(result.layers[l].delta[sample, i]), digits)
        self.activation.set_value(float(result.source(l)[sample, j]), digits)
        self.product.set_value(float(result.contributions(l, i, j)[sample]), digits)
        self.batch_caption.setText(f"Sum over all {m} samples = {names.grad(w)}:" if m > 1
                                   else f"Only one sample, so {names.grad(w)} =")
        self.total.set_value(grad, digits, "0 (edge removed)")
        notes = []
        if doc.project.loss.reduction == "mean" and m > 1:
            notes.append(f"δ already includes the 1/{m} of the mean over samples.")
        if not present:
            notes.append("The edge is removed, so its gradient is not used.")
        self.note.setText(" ".join(notes))

    def _set_weight(self, value: float) -> None:
        self.require_item()
        ref = self.ref
        self.doc.undo_stack.push(SetWeight(self.doc, ref.layer, ref.i, ref.j, value))

    def _scrub_weight(self, value: float, token) -> None:
        ref = self.ref
        self.doc.undo_stack.push(SetWeight(self.doc, ref.layer, ref.i, ref.j, value, merge=token))

    def _toggle_edge(self) -> None:
        ref = self.ref
        present = self.doc.network.edge_present(ref.layer, ref.i, ref.j)
        self.report(self.doc.try_push(lambda: SetEdgeEnabled(self.doc, ref.layer, ref.i, ref.j, not present)))

