"""A holder that lets a label change its text 30 times a second without relaying out the whole window.

QLabel.setText always calls updateGeometry(), and Qt then invalidates every layout up to the main
window, which relays out every dock (a few ms a frame while training). `SteadyHolder` places its label
itself, without a layout, so a text change reaches the holder only (as a LayoutRequest event); the holder
asks the window for more room only when the new text does not fit, and never gives room back on its own
(`release()` does), so the numbers of a run neither jitter nor cost a relayout. Show and hide the holder,
not the label.
"""
from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QLabel, QWidget


class SteadyHolder(QWidget):
    """Holds one QLabel at its full size; its size hint only grows, to fit the label's text."""

    def __init__(self, label: QLabel, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        policy = label.sizePolicy()
        policy.setHeightForWidth(False)  # the holder asks the label itself, in _fit
        self.setSizePolicy(policy)
        self.setAutoFillBackground(True)  # opaque: a new text repaints the holder, not the dock behind it
        self._hint = QSize(0, 0)
        self._fit()

    def sizeHint(self) -> QSize:
        return self._hint

    def minimumSizeHint(self) -> QSize:
        minimum = self.label.minimumSizeHint()
        return QSize(min(minimum.width(), self._hint.width()), self._hint.height())

    def release(self) -> None:
        """Shrink to the current text (call it when a run ends, not every frame)."""
        self._hint = QSize(0, 0)
        self._fit()

    def resizeEvent(self, event) -> None:
        self.label.setGeometry(self.rect())
        self._fit()  # a narrower holder may need more lines of a wrapped text
        super().resizeEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the label's text changed
            self._fit()
            return True
        return super().event(event)

    def _fit(self) -> None:
        label = self.label
        if label.wordWrap() and self.width() > 0:  # a wrapped text wants its height at the width it has
            wanted = QSize(self._hint.width() or label.sizeHint().width(), label.heightForWidth(self.width()))
        else:
            wanted = label.sizeHint()
        wanted = wanted.expandedTo(label.minimumSize())
        grown = self._hint.expandedTo(wanted)
        if grown != self._hint:
            self._hint = grown
            self.updateGeometry()  # the one relayout: the text no longer fits
