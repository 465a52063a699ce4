"""A QLineEdit over the canvas to type one number (a weight, a bias or an input value) in place.

Enter parses the text with parse_number and hands the value to `commit` (which pushes one command
and may refuse with a message); invalid text keeps the editor open, turns it red and shows why.
Esc cancels. Nothing is pushed unless the value is accepted. Tab (Shift+Tab) commits a changed value
and asks for the next (previous) number of the canvas's fixed order (`stepped`); a caption above the
editor says which number it is and where it is in that order ("w⁽¹⁾₂₁ · 3 of 17").
"""
from typing import Callable

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from nnviz.core.numbers import parse_number

_NORMAL = "QLineEdit { border: 2px solid #FFB000; border-radius: 3px; padding: 1px 3px; background: white; }"
_INVALID = "QLineEdit { border: 2px solid #CF222E; border-radius: 3px; padding: 1px 3px; background: #FFEBE9; }"
_CAPTION = ("QLabel { background: #24292F; color: white; border-radius: 3px; padding: 1px 5px; }")
_MESSAGE = ("QLabel { background: #FFEBE9; color: #82071E; border: 1px solid #CF222E; border-radius: 3px;"
            " padding: 2px 4px; }")


class InlineEditor(QLineEdit):
    """One-shot number editor; `closed` is emitted once, whether committed or cancelled."""

    closed = Signal()
    stepped = Signal(int)  # after `closed`: Tab (+1) or Shift+Tab (-1) asks for the next number

    def __init__(self, parent: QWidget, what: str, text: str, commit: Callable[[float], str | None],
                 caption: str = ""):
        super().__init__(parent)
        self.what = what
        self._commit = commit  # returns None when accepted, or a message saying why not
        self._done = False
        self.setObjectName("canvasInlineEditor")
        self.setText(text)
        self.selectAll()
        self.setStyleSheet(_NORMAL)
        self.setToolTip(f"Type {what} (e.g. 0.5, -1e-3, 1/2); Enter to apply, Esc to cancel")
        self.message = QLabel(parent)
        self.message.setObjectName("canvasInlineEditorMessage")
        self.message.setStyleSheet(_MESSAGE)
        self.message.hide()
        self.caption = QLabel(caption, parent)
        self.caption.setObjectName("canvasInlineEditorCaption")
        self.caption.setStyleSheet(_CAPTION)
        self.caption.setVisible(bool(caption))
        self.returnPressed.connect(self.accept)
        self.textEdited.connect(self._clear_error)
        self.setMinimumWidth(110)

    @property
    def error(self) -> str | None:
        return self.message.text() if self.message.isVisible() else None

    def show_at(self, centre: QPoint) -> None:
        self.adjustSize()
        self.resize(max(self.width(), 130), self.sizeHint().height())
        parent = self.parentWidget()
        x = min(max(0, centre.x() - self.width() // 2), max(0, parent.width() - self.width()))
        y = min(max(0, centre.y() - self.height() // 2), max(0, parent.height() - self.height()))
        self.move(x, y)
        self.show()
        if self.caption.text():
            self.caption.adjustSize()
            above = y - self.caption.height() - 2
            self.caption.move(min(x, max(0, parent.width() - self.caption.width())),
                              above if above >= 0 else y + self.height() + 2)
            self.caption.show()
            self.caption.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> bool:
        """Commit the typed value and close; False (the editor stays, saying why) if it is refused."""
        try:
            value = parse_number(self.text())
        except ValueError as error:
            self._show_error(str(error))
            return False
        problem = self._commit(value)
        if problem:
            self._show_error(problem)
            return False
        self.finish()
        return True

    def step(self, step: int) -> None:
        """Tab: commit a changed value (an untouched one pushes nothing), close, and ask for the next."""
        if self.isModified() and not self.accept():
            return
        self.finish()
        self.stepped.emit(step)

    def _show_error(self, text: str) -> None:
        self.setStyleSheet(_INVALID)
        self.setToolTip(text)
        self.message.setText(text)
        self.message.adjustSize()
        parent = self.parentWidget()
        x = min(self.x(), max(0, parent.width() - self.message.width()))
        below = self.y() + self.height() + 2
        y = below if below + self.message.height() <= parent.height() else self.y() - self.message.height() - 2
        self.message.move(x, y)
        self.message.show()
        self.message.raise_()
        self.setFocus()

    def _clear_error(self) -> None:
        if self.message.isVisible():
            self.setStyleSheet(_NORMAL)
            self.message.hide()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) \
                and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            backwards = event.key() == Qt.Key.Key_Backtab or event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.step(-1 if backwards else 1)  # before QWidget moves the focus to the next widget
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.finish()
            event.accept()
            return
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # QLineEdit ignores Return; the canvas would take it as "edit the selection"

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if not self._done and event.reason() not in (Qt.FocusReason.PopupFocusReason,
                                                     Qt.FocusReason.ActiveWindowFocusReason):
            self.finish()  # clicking elsewhere cancels, like Esc

    def finish(self) -> None:
        if self._done:
            return
        self._done = True
        self.message.hide()
        self.message.deleteLater()
        self.caption.hide()
        self.caption.deleteLater()
        self.hide()
        self.deleteLater()
        self.closed.emit()
