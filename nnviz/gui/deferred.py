"""A dock's content built after the window's first frame, so the app starts without loading pyqtgraph."""
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class Deferred(QWidget):
    """Holds the place of a widget made by `factory`; `widget()` makes it (once) and puts it in its place."""

    def __init__(self, factory: Callable[[], QWidget], placeholder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._factory = factory
        self._widget: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._placeholder = QLabel(placeholder)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setEnabled(False)
        self._layout.addWidget(self._placeholder)
        self.setMinimumSize(200, 100)

    @property
    def built(self) -> bool:
        return self._widget is not None

    def widget(self) -> QWidget:
        if self._widget is None:
            self._widget = self._factory()
            self._layout.replaceWidget(self._placeholder, self._widget)
            self._placeholder.deleteLater()
        return self._widget


class AfterFirstFrame(QObject):
    """Calls `then` once, from the event loop, after `watched` has painted for the first time."""

    def __init__(self, watched: QWidget, then: Callable[[], None]):
        super().__init__(watched)
        self._then = then
        watched.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False
