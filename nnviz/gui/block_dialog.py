"""Type or paste values: a whole weight matrix, bias vector, inputs or targets table as one block of text.

The text box starts with the block's exact values; what is typed is read live (core.blocks), the shape
is shown and a mistake is named by row and column and highlighted in place. OK (Ctrl+Enter) applies the
block as one undo step; "Apply and next" (Alt+N) applies it and moves on to the next block (W⁽¹⁾, b⁽¹⁾,
W⁽²⁾, ..., x, y), so a whole network is typed without leaving the keyboard.
"""
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit,
                               QPushButton, QTextEdit, QVBoxLayout, QWidget)

from nnviz.core.block_forms import BlockError, BlockForm, BlockKey, block_keys

from .commands import ReplaceData, SetLayerValues

HINT = ("Rows on separate lines or separated by ;  values by spaces or commas, e.g. <tt>0 1; 1 1; 1 0</tt>. "
        "Cells copied from a spreadsheet paste as they are. Numbers like 0.5, -1e-3, 1/2.")
OK_STYLE, ERROR_STYLE = "color: #1a7f37;", "color: #b2182b;"
ERROR_BACKGROUND = QColor("#ffc9c9")


def _same(a, b) -> bool:
    return a.shape == b.shape and a.tobytes() == b.tobytes()


class BlockDialog(QDialog):
    """Edits one block at a time of the document; every applied block is one pushed command."""

    def __init__(self, doc, key: BlockKey | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle("Type or paste values")
        self.setMinimumWidth(460)
        self.choice = QComboBox()
        self.choice.setToolTip("The block to type; changing it drops text not yet applied")
        self.shape = QLabel()
        self.shape.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setTabChangesFocus(True)  # typed Tab leaves; pasted tabs separate cells
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setTabStopDistance(self.editor.fontMetrics().horizontalAdvance("0") * 8)
        self.editor.setAccessibleName("Values")
        self.editor.installEventFilter(self)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setToolTip("Apply this block and close (Ctrl+Enter)")
        self.next = QPushButton("Apply and &next ›")
        self.next.setToolTip("Apply this block (one undo step) and type the next one (Alt+N)")
        self.buttons.addButton(self.next, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.apply_and_close)
        self.buttons.rejected.connect(self.reject)
        self.next.clicked.connect(self.apply_and_next)

        form = QFormLayout()
        form.addRow("&Block:", self.choice)
        form.addRow("Shape:", self.shape)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.editor, 1)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.keys: list[BlockKey] = []
        self.values = None  # the parsed block (as stored), or None while the text is not valid
        self.editor.textChanged.connect(self._validate)
        self.choice.activated.connect(lambda index: self.show_block(self.keys[index]))
        self.show_block(key or block_keys(doc.project)[0])

    # ----- which block ---------------------------------------------------------------------------------
    @property
    def form(self) -> BlockForm:
        return BlockForm(self.doc.project, self.doc.namer(), self.key)

    def show_block(self, key: BlockKey) -> None:
        """Show `key`'s exact values, all selected, so typing or pasting replaces them."""
        self.keys = block_keys(self.doc.project)
        if key not in self.keys:
            key = self.keys[0]
        self.key = key
        self.choice.blockSignals(True)
        self.choice.clear()
        for k in self.keys:
            self.choice.addItem(BlockForm(self.doc.project, self.doc.namer(), k).title)
        self.choice.setCurrentIndex(self.keys.index(key))
        self.choice.blockSignals(False)
        form = self.form
        rows, columns = form.shape
        size = f"{rows} value{'s' if rows != 1 else ''}" if form.vector else f"{rows} × {columns}"
        printed = " (W printed in × out, as the notation writes it)" if form.transposed else ""
        self.shape.setText(f"<b>{form.name}</b> is {size} — {form.shape_text()}{printed}")
        self.editor.setPlainText(form.text())
        self.editor.selectAll()
        self.editor.setFocus()
        self.next.setEnabled(self.keys.index(key) + 1 < len(self.keys))

    # ----- reading the text -------------------------------------------------------------------------
    def _validate(self) -> None:
        form = self.form
        text = self.editor.toPlainText()
        try:
            self.values = form.parse(text)
        except BlockError as error:
            self.values = None
            self._show(str(error), error.span)
        else:
            note = form.sample_note(self.values)
            self._show(None, None, note or self._ok_text(form))
        self.ok.setEnabled(self.values is not None)
        self.next.setEnabled(self.values is not None and self.keys.index(self.key) + 1 < len(self.keys))

    @staticmethod
    def _ok_text(form: BlockForm) -> str:
        rows, columns = form.shape
        return f"✓ {form.name}: {rows} value{'s' if rows != 1 else ''}" if form.vector else \
            f"✓ {form.name}: {rows} × {columns}"

    def _show(self, error: str | None, span, ok_text: str = "") -> None:
        self.message.setText(error or ok_text)
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        selections = []
        if span is not None:
            mark = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(ERROR_BACKGROUND)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor("#b2182b"))
            mark.format = fmt
            cursor = QTextCursor(self.editor.document())
            length = len(self.editor.toPlainText())
            start = min(span[0], max(0, length - 1))
            cursor.setPosition(start)
            cursor.setPosition(min(max(span[1], start + 1), length), QTextCursor.MoveMode.KeepAnchor)
            mark.cursor = cursor
            selections.append(mark)
        self.editor.setExtraSelections(selections)

    @property
    def error(self) -> str | None:
        return None if self.values is not None else self.message.text()

    # ----- applying ------------------------------------------------------------------------------------
    def apply(self) -> bool:
        """Push the block as one command (nothing when it is unchanged); False, with the reason, if refused."""
        if self.values is None:
            return False
        form, values, doc = self.form, self.values, self.doc
        project = doc.project
        if form.key.kind in ("weights", "biases"):
            if _same(values, project.network.weights[form.key.layer] if form.key.kind == "weights"
                     else project.network.biases[form.key.layer]):
                return True
            arguments = {form.key.kind: values}
            error = doc.try_push(lambda: SetLayerValues(doc, form.key.layer, **arguments))
        else:
            inputs, targets = form.data(values)
            if _same(inputs, project.inputs) and _same(targets, project.targets):
                return True
            error = doc.try_push(lambda: ReplaceData(doc, f"Set {form.name} ({form.key.kind})", inputs, targets,
                                                  project.validation_inputs, project.validation_targets))
        if error:
            self._show(error, None)
            return False
        return True

    def apply_and_close(self) -> None:
        if self.apply():
            self.accept()

    def apply_and_next(self) -> None:
        index = self.keys.index(self.key)
        if index + 1 < len(self.keys) and self.apply():
            self.show_block(self.keys[index + 1])

    def eventFilter(self, watched, event) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.apply_and_close()  # Ctrl+Enter is OK; a plain Enter starts a new row
            return True
        return super().eventFilter(watched, event)


def open_block_dialog(parent: QWidget, doc, key: BlockKey | None = None) -> BlockDialog:
    """Show the dialog for `key` (window-modal, not blocking) and return it."""
    dialog = BlockDialog(doc, key, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.editor.setFocus()
    return dialog
