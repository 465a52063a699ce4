"""The window's status bar: a message never runs into the loss shown on the right; a long one is elided
(the whole text in the tooltip)."""
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

    def addPermanentWidget(self, widget, stretch: int = 0) -> None:
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch)

    def message_room(self) -> int:
        used = sum(w.sizeHint().width() for w in self._permanent if w.isVisible())
        return max(LEAST, self.width() - used - GAP - 16)

    def showMessage(self, text: str, timeout: int = 0) -> None:
        flat = " ".join(text.split())
        fitted = QFontMetrics(self.font()).elidedText(flat, Qt.TextElideMode.ElideRight, self.message_room())
        self.setToolTip(flat if fitted != flat else "")
        super().showMessage(fitted, timeout)
