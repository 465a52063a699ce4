"""File > New's layers: one line of text ("relu, identity, identity nobias") and a row per layer
(units, activation, bias) that show the same choices, so typing is fast and clicking is discoverable."""
from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from nnviz.core import ACTIVATIONS
from nnviz.core.layer_specs import EXAMPLE, LayerSpec, parse_layer_specs, refit, specs_text

from .panels.common import ACTIVATION_LABELS
from .scrolled import scrolled

VISIBLE_ROWS = 4  # more layers scroll, so the dialog fits a 1280×720 screen


class LayerRows(QWidget):
    """The layers' kinds as text and as rows, kept in step; `specs` is None while the text is not valid."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setToolTip(f"One entry per layer, inputs not counted, e.g. {EXAMPLE} (short: r, i, i nb). "
                             "Activations: identity (linear), relu, sigmoid, tanh, softmax (output layer only); "
                             "add nobias to switch a layer's bias off")
        self.text.setPlaceholderText(EXAMPLE)
        hint = QLabel("One per layer (r, i, t, si, so for short); add <i>nobias</i> to switch a bias off")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid)")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b2182b")
        self.message.hide()
        self.grid_widget = QWidget()
        self.grid = QGridLayout(self.grid_widget)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(2)
        self.scroll = scrolled(self.grid_widget, horizontal=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll)
        self.rows: list[tuple[QLabel, QComboBox, QCheckBox]] = []
        self.sizes: list[int] = []
        self.specs: list[LayerSpec] | None = []
        self.chosen: list[LayerSpec] = []  # the user's last choice: sizes typed digit by digit refit from it
        self.text.textEdited.connect(self._text_edited)

    def set_sizes(self, sizes: list[int]) -> None:
        """Layer sizes (inputs first) changed: one row per layer, each keeping its kind where it can."""
        self.sizes = list(sizes)
        count = len(sizes) - 1
        specs = self.chosen or [LayerSpec()] * (count - 1) + [LayerSpec("identity")]
        self._show(refit(specs, count))

    def set_specs(self, specs: list[LayerSpec]) -> None:
        self.chosen = list(specs)
        self._show(self.chosen)

    def _show(self, specs: list[LayerSpec]) -> None:
        self.specs = specs
        with QSignalBlocker(self.text):
            self.text.setText(specs_text(specs))
        self.message.hide()
        self._build_rows(specs)
        self.changed.emit()

    def _build_rows(self, specs: list[LayerSpec]) -> None:
        while len(self.rows) > len(specs):
            for widget in self.rows.pop():
                widget.deleteLater()
        while len(self.rows) < len(specs):
            n = len(self.rows)
            combo, bias = QComboBox(), QCheckBox("bias")
            combo.setToolTip(f"The activation f of layer {n + 1}: a = f(z)")
            bias.setToolTip(f"Whether the neurons of layer {n + 1} have a bias b")
            combo.currentIndexChanged.connect(self._row_changed)
            bias.toggled.connect(self._row_changed)
            row = (QLabel(), combo, bias)
            for column, widget in enumerate(row):
                self.grid.addWidget(widget, n, column)
                widget.show()  # now, not at the next event loop pass
            self.rows.append(row)
        last = len(specs) - 1
        for n, ((label, combo, bias), spec) in enumerate(zip(self.rows, specs)):
            units = self.sizes[n + 1] if n + 1 < len(self.sizes) else 0
            label.setText(f"Layer {n + 1}{' (output)' if n == last else ''}: {units} unit{'s' if units != 1 else ''}")
            with QSignalBlocker(combo), QSignalBlocker(bias):
                combo.clear()
                for name in ACTIVATIONS:
                    if name != "softmax" or n == last:
                        combo.addItem(ACTIVATION_LABELS[name], name)
                combo.setCurrentIndex(max(0, combo.findData(spec.activation)))
                bias.setChecked(spec.bias)
        self.grid.setColumnStretch(1, 1)
        for widget in self.rows[0] if self.rows else ():
            widget.ensurePolished()  # measured before they are shown: new rows are still hidden
        row_height = max((w.sizeHint().height() for w in self.rows[0]), default=0)
        spacing = max(self.grid.verticalSpacing(), 0)
        self.scroll.setFixedHeight(min(len(self.rows), VISIBLE_ROWS) * (row_height + spacing) - spacing)
        columns = [max(row[c].sizeHint().width() for row in self.rows) for c in range(3)] if self.rows else []
        width = sum(columns) + 2 * self.grid.horizontalSpacing() + self.scroll.verticalScrollBar().sizeHint().width()
        self.scroll.setMinimumWidth(width)

    def _row_specs(self) -> list[LayerSpec]:
        return [LayerSpec(combo.currentData(), bias.isChecked()) for _, combo, bias in self.rows]

    def _row_changed(self, *_) -> None:
        self.set_specs(self._row_specs())

    def _text_edited(self, text: str) -> None:
        try:
            specs = parse_layer_specs(text, len(self.sizes) - 1)
        except ValueError as error:
            self.specs = None
            self.message.setText(str(error))
            self.message.show()
        else:
            self.specs = self.chosen = specs
            self.message.hide()
            self._build_rows(specs)
        self.changed.emit()
