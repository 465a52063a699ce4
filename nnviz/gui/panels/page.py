"""The base of the inspector's pages: one page per kind of selected item."""
from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nnviz.core import NetworkError
from nnviz.core.block_forms import BlockForm, BlockKey

from .common import MessageLabel, ref_exists
from .number_field import NumberField


class Page(QWidget):
    """Shows one selected item; `show_item` is called on every model, selection or display change."""

    def __init__(self, doc, selection, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.selection = doc, selection
        self.ref = None
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet("color: #555;")
        self.form = QFormLayout()
        self.message = MessageLabel("error")  # an edit from this page that was refused
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.subtitle)
        self.layout_.addLayout(self.form)
        self.fields: list[NumberField] = []
        self.block_buttons: dict[str, QPushButton] = {}

    def add_block_row(self, *kinds: str) -> None:
        """A row of buttons that open the block dialog on this item's W, b, x or y ("Type or paste")."""
        row = QHBoxLayout()
        for kind in kinds:
            button = QPushButton()
            button.clicked.connect(lambda _=False, kind=kind: self.open_block(kind))
            row.addWidget(button)
            self.block_buttons[kind] = button
        row.addStretch(1)
        self.form.addRow("Type or paste", row)

    def block_key(self, kind: str) -> BlockKey:
        """The block of `kind` that the shown item belongs to."""
        if kind not in ("weights", "biases"):
            return BlockKey(kind)
        layer = getattr(self.ref, "layer", None)
        return BlockKey(kind, 0 if layer is None else layer)  # nothing selected: the first layer

    def open_block(self, kind: str):
        from nnviz.gui.block_dialog import open_block_dialog  # here: that module imports the panels package
        return open_block_dialog(self.window(), self.doc, self.block_key(kind))

    def update_block_buttons(self) -> None:
        for kind, button in self.block_buttons.items():
            key = self.block_key(kind)
            form = BlockForm(self.doc.project, self.doc.namer(), key)
            button.setText(f"{form.name}...")
            button.setToolTip(f"Type or paste the {form.words} as one block, e.g. 0 1; 1 1; 1 0")
            button.setEnabled(kind != "biases" or self.doc.network.layers[key.layer].bias)

    def add_number_row(self, label: str, field: NumberField) -> NumberField:
        self.form.addRow(label, field)
        self.form.addRow(field.message_label)
        self.fields.append(field)
        return field

    def add_buttons(self, *buttons: tuple[str, Callable[[], None], str]) -> list[QPushButton]:
        """Finish the page: a left-aligned row of (text, slot, tooltip) buttons, the refusal message, then stretch."""
        row = QHBoxLayout()
        made = []
        for text, slot, tip in buttons:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
            made.append(button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.message)
        self.layout_.addStretch(1)
        return made

    def show_item(self, ref, sample: int, digits: int, replace: bool) -> None:
        """Display `ref` (valid for the current network) for `sample`; `replace` means a new item."""
        if replace:
            self.message.show_message(None)
        self.ref = ref
        self.update_block_buttons()

    def flush(self) -> None:
        """Commit whatever the user typed for the item shown so far, before showing another."""
        for field in self.fields:
            if field.has_pending() and not field.error:
                field.commit()

    def discard(self) -> None:
        """Drop typed, uncommitted text (the page is being hidden)."""
        for field in self.fields:
            field.revert()

    def item_exists(self) -> bool:
        return self.ref is None or ref_exists(self.ref, self.doc.network)

    def require_item(self) -> None:
        """Raise NetworkError if the shown item was removed meanwhile (nothing to edit)."""
        if not self.item_exists():
            raise NetworkError("the selected item no longer exists; select it again")

    def report(self, error: str | None) -> None:
        self.message.show_message(error)
