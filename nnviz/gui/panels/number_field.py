"""A line edit for one number that never hands the model anything but a finite float.

Accepts what parse_number accepts (0.5, -1e-3, 1/2). Enter or leaving the field commits through a
callback; text that is not a number, or that the callback refuses, stays in the field with a red border
and a message so the user can fix it, and Esc puts back the model's value. Unfocused it shows the value
with the display precision; focused it shows the exact value, so re-entering loses nothing.
"""
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from nnviz.core import NetworkError
from nnviz.core.numbers import exact_text, format_number, parse_number

ERROR_STYLE = "NumberField { border: 2px solid #c62828; border-radius: 3px; padding: 1px 2px; background: #fff5f5; }"


class NumberField(QLineEdit):
    """Edit one model number; commits a parsed float via `on_commit`, refuses bad text in place."""

    committed = Signal(float)

    def __init__(self, on_commit: Callable[[float], None] | None = None, parent: QWidget | None = None,
                 digits: int = 4):
        super().__init__(parent)
        self.on_commit = on_commit
        self.digits = digits
        self.value: float | None = None  # the model's value
        self.error = ""  # why the text was refused, as shown; empty when fine
        self._reason = ""  # the refusal without the hint about Esc
        self._shown = ""  # the text we last put in the field
        self.message_label = QLabel()  # the caller places it next to the field
        self.message_label.setObjectName("numberFieldMessage")
        self.message_label.setStyleSheet("color: #c62828;")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.returnPressed.connect(self.commit)

    # ----- from the model ----------------------------------------------------------------
    def set_value(self, value: float | None, digits: int | None = None, *, replace: bool = False) -> None:
        """Show the model's value. Text the user is typing (focused and edited) is kept unless `replace`."""
        if digits is not None:
            self.digits = digits
        self.value = None if value is None else float(value)
        if not replace and self.has_pending() and (self.hasFocus() or self.error):
            if self.error:  # keep the refused text to fix, but name the value Esc now restores
                self._set_error(self._reason)
            else:
                self.setToolTip(self._tooltip())
            return
        self._clear_error()
        self._show()

    def has_pending(self) -> bool:
        """True when the text is not what the model shows: typed but not yet committed, or refused."""
        return self.text() != self._shown

    # ----- to the model ------------------------------------------------------------------
    def commit(self) -> bool:
        """Parse the text and hand it to the callback; on failure keep the text and show why."""
        if not self.has_pending() and not self.error:
            return True
        try:
            value = parse_number(self.text())
        except ValueError as error:
            self._set_error(str(error))
            return False
        if self.value is not None and value == self.value:
            self._clear_error()
            self._show()
            return True
        try:
            if self.on_commit is not None:
                self.on_commit(value)
        except (NetworkError, ValueError) as error:
            self._set_error(str(error))
            return False
        self.committed.emit(value)
        self._clear_error()
        self._show()
        return True

    def revert(self) -> None:
        """Drop what was typed and show the model's value again."""
        self._clear_error()
        self._show()

    # ----- Qt events ---------------------------------------------------------------------
    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_Escape and (self.has_pending() or self.error):
            self.revert()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event):
        super().focusInEvent(event)
        if not self.has_pending() and not self.error:
            self._show()
            self.selectAll()

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        if event.reason() == Qt.FocusReason.PopupFocusReason:
            return
        if self.has_pending() or self.error:
            self.commit()
        elif not self.error:
            self._show()

    # ----- helpers -----------------------------------------------------------------------
    def _show(self) -> None:
        if self.value is None:
            text = ""
        elif self.hasFocus():
            text = exact_text(self.value)
        else:
            text = format_number(self.value, self.digits)
        self._shown = text
        self.setText(text)
        if not self.hasFocus():
            self.setCursorPosition(0)  # show the start of a long number, not its end

    def _tooltip(self) -> str:
        if self.error:
            return self.error
        if self.value is None:
            return ""
        return f"exact value: {exact_text(self.value)}\nType a number such as 0.5, -1e-3 or 1/2; Enter applies, Esc restores."

    def _set_error(self, message: str) -> None:
        self._reason = message
        self.error = f"{message}. Press Esc to restore {format_number(self.value, self.digits)}." \
            if self.value is not None else message
        self.setStyleSheet(ERROR_STYLE)
        self.setToolTip(self.error)
        self.message_label.setText(self.error)
        self.message_label.show()

    def _clear_error(self) -> None:
        if self.error:
            self.error = ""
            self.setStyleSheet("")
            self.message_label.clear()
            self.message_label.hide()
        self.setToolTip(self._tooltip())
