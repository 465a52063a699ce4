"""Cell editor for number cells (the data table, the answer sheet): Enter on text that is not a number keeps the
editor open and says why."""
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate

from nnviz.core.numbers import parse_number

from .number_field import ERROR_STYLE


class NumberDelegate(QStyledItemDelegate):
    """Refuses what `parse` refuses (ValueError) in place; valid text is committed through the model's setData."""

    def __init__(self, on_refused, parent=None, parse=parse_number, hint="a number such as 0.5, -1e-3 or 1/2"):
        super().__init__(parent)
        self.on_refused = on_refused  # called with the reason
        self.parse, self.hint = parse, hint

    def createEditor(self, parent, option, index):
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setToolTip(f"{self.hint}; Enter applies, Esc cancels")
        return editor

    def eventFilter(self, editor, event):
        if (event.type() == QEvent.Type.KeyPress and isinstance(editor, QLineEdit)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            try:
                self.parse(editor.text())
            except ValueError as error:
                editor.setStyleSheet(ERROR_STYLE.replace("NumberField", "QLineEdit"))
                editor.setToolTip(f"{error}; Esc cancels")
                self.on_refused(f"{error}; fix it or press Esc to keep the old value.")
                return True  # stay open with the text, so it can be fixed
        return super().eventFilter(editor, event)
