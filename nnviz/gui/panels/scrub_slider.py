"""A slider that sweeps a number around its current value, so a student can watch gradients respond."""
import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QSlider


class ScrubSlider(QSlider):
    """Drag to move a value within ±span of where the drag began; every move of one drag carries the
    same token, so the undo stack merges the drag into one step. Arrow keys make single steps."""

    scrubbed = Signal(float, object)  # new value, merge token (None for a key press)
    TICKS = 1000
    CENTRE = TICKS // 2

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setRange(0, self.TICKS)
        self.setSingleStep(10)
        self.setPageStep(100)
        self.setValue(self.CENTRE)
        self.origin = 0.0
        self.drag = 0
        self.sliderPressed.connect(self._begin)
        self.sliderReleased.connect(self._recentre)
        self.valueChanged.connect(self._moved)
        self._update_tooltip()

    @property
    def span(self) -> float:
        """How far a full drag to one end moves the value: 1, or |value| when that is larger."""
        return max(1.0, abs(self.origin))

    def set_origin(self, value: float) -> None:
        """Centre the slider on the model's value (ignored while the user is dragging)."""
        if self.isSliderDown():
            return
        self.origin = float(value)
        with QSignalBlocker(self):
            self.setValue(self.CENTRE)
        self._update_tooltip()

    def value_at(self, ticks: int) -> float:
        """The value for a slider position, rounded to the slider's resolution (readable numbers)."""
        step = self.span / self.CENTRE
        decimals = max(0, math.ceil(-math.log10(step)))
        return round(self.origin + step * (ticks - self.CENTRE), decimals)

    def _begin(self) -> None:
        self.drag += 1

    def _moved(self, ticks: int) -> None:
        token = (id(self), self.drag) if self.isSliderDown() else None
        self.scrubbed.emit(self.value_at(ticks), token)

    def _recentre(self) -> None:
        """After a drag, centre on the value it ended at (the model holds that value now)."""
        self.set_origin(self.value_at(self.value()))

    def _update_tooltip(self) -> None:
        self.setToolTip(f"Drag to sweep the value between {self.origin - self.span:g} and "
                        f"{self.origin + self.span:g}; one drag is one undo step")
