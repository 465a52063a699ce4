"""View > Notation > Custom…: choose each part of the notation, with a live preview on the open network."""
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from nnviz.core.notation import (INDEX_ORDERS, LAYER_STYLES, OMIT_SINGLE, ORIENTATIONS, PRESETS, SYMBOLS, Notation,
                                 customised)

CHOICES = (  # (Notation field, form label, {value: text})
    ("index_order", "Weight &index order:", INDEX_ORDERS),
    ("symbols", "&Symbols (pre-activation / activation):", {key: key for key in SYMBOLS}),
    ("layer_style", "&Layer index:", LAYER_STYLES),
    ("orientation", "Printed &gradient matrices:", ORIENTATIONS),
    ("omit_single", "&One-unit layers:", OMIT_SINGLE),
)


def notation_label(notation: Notation) -> str:
    """The preset's label ("Z/H, from-to: w⁽ˡ⁾ⱼₖ from j to k …"), or "Custom"."""
    return PRESETS[notation.preset][0] if notation.preset in PRESETS else "Custom"


def notation_title(notation: Notation) -> str:
    """A short name for undo texts: the preset label up to its colon ("Z/H, from-to"), or "custom"."""
    return notation_label(notation).split(":")[0] if notation.preset in PRESETS else "custom"


def preview(notation: Notation, sizes: list[int]) -> str:
    """Names of the first layer and of the output layer of a network of `sizes`, as the notation writes them."""
    n = notation.namer(sizes)
    j = 2 if sizes[0] >= 2 else 1
    w = n.w(1, 1, j)
    lines = [f"{w}   {n.z(1, 1)}   {n.a(1, 1)}   {n.delta(1, 1)}   {n.grad(w)}"]
    last = n.last
    if last > 1:
        w_out = n.w(last, 1, 1)
        lines.append(f"{w_out}   {n.b(last, 1)}   {n.z(last, 1)}   {n.delta(last, 1)}   {n.grad(w_out)}")
    rows, columns = sizes[1], sizes[0]
    if notation.orientation == "in_out":
        rows, columns = columns, rows
    lines.append(f"{n.grad(n.W(1))} printed as {rows} × {columns}")
    return "\n".join(lines)


TIPS = {
    "index_order": "The order of a weight's two unit indices: into i from j (wᵢⱼ), or from j to k (wⱼₖ)",
    "symbols": "The letters for a neuron's weighted sum and its output (z and a, net and out, Z and H...)",
    "layer_style": "How the layer is written: a superscript in parentheses, a plain superscript, or after a dash",
    "orientation": "How a layer's gradient matrix is printed: a row per unit of the layer (out × in) or of the "
                   "layer below (in × out)",
    "omit_single": "Whether the names of a one-unit layer (often the output) keep their unit index",
}


class NotationDialog(QDialog):
    """Five choices starting from `notation`; `notation()` is the result (a preset when it matches one)."""

    def __init__(self, notation: Notation, sizes: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Custom notation")
        self.start, self.sizes = notation, list(sizes)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for field, label, items in CHOICES:
            combo = QComboBox()
            for value, text in items.items():
                combo.addItem(text, value)
            combo.setCurrentIndex(combo.findData(getattr(notation, field)))
            combo.currentIndexChanged.connect(self._update)
            combo.setToolTip(TIPS[field])
            form.addRow(label, combo)
            self.combos[field] = combo
        self.preview = QLabel()
        self.preview.setStyleSheet("font-size: 13pt; padding: 6px; background: #f6f8fa; border: 1px solid #d0d7de;")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: #555;")
        self.matches = QLabel()
        self.matches.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview on this network:"))
        layout.addWidget(self.preview)
        layout.addWidget(self.description)
        layout.addWidget(self.matches)
        layout.addWidget(buttons)
        self._update()

    def notation(self) -> Notation:
        return customised(self.start, **{field: combo.currentData() for field, combo in self.combos.items()})

    def _update(self) -> None:
        notation = self.notation()
        self.preview.setText(preview(notation, self.sizes))
        self.description.setText(notation.namer(self.sizes).describe_weight())
        self.matches.setText("Custom notation (no preset matches these choices)" if notation.preset == "custom"
                             else f"Same as the preset {notation_label(notation)}")
