"""The window's status bar: a message never runs into the loss shown on the right; a long one is elided
(the whole text in the tooltip)."""
import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStatusBar

GAP = 24  # pixels kept free between a message and the permanent widgets
LEAST = 120  # a message always gets at least this many pixels


class ElidingStatusBar(QStatusBar):
    """showMessage() fits the message into the room the permanent widgets leave."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._permanent = []
        self._text, self._until = "", None  # the whole message shown, and when it goes (monotonic seconds)

    def addPermanentWidget(self, widget, stretch: int = 0) -> None:
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch)

    def message_room(self) -> int:
        used = sum(w.sizeHint().width() for w in self._permanent if w.isVisible())
        return max(LEAST, self.width() - used - GAP - 16)

    def showMessage(self, text: str, timeout: int = 0) -> None:
        flat = " ".join(text.split())
        self._text, self._until = flat, time.monotonic() + timeout / 1000 if timeout else None
        fitted = QFontMetrics(self.font()).elidedText(flat, Qt.TextElideMode.ElideRight, self.message_room())
        self.setToolTip(flat if fitted != flat else "")
        super().showMessage(fitted, timeout)

    def resizeEvent(self, event) -> None:
        """Fit the message shown to the new width (a message shown before the window was laid out, too)."""
        super().resizeEvent(event)
        if not self.currentMessage() or not self._text:
            return
        left = None if self._until is None else int((self._until - time.monotonic()) * 1000)
        if left is None or left > 0:
            self.showMessage(self._text, left or 0)
