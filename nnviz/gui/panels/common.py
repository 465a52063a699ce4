"""Small pieces shared by the panels: read-only value labels, message boxes, display precision."""
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMenu, QWidget

from nnviz.core.numbers import exact_text, format_number
from nnviz.gui.display_settings import DisplayOptions
from nnviz.gui.selection import EdgeRef, NeuronRef

ACTIVATION_LABELS = {"identity": "identity", "relu": "ReLU", "sigmoid": "sigmoid σ", "tanh": "tanh",
                     "softmax": "softmax"}
DASH = "—"


def display_digits(settings) -> int:
    """The display precision; the default one when a view was made without DisplaySettings (as in tests)."""
    return settings.precision if settings is not None else DisplayOptions.precision


def follow_settings(settings, refresh: Callable[[], None]) -> None:
    """Call `refresh` now and whenever the display settings (if any) change."""
    if settings is not None:
        settings.changed.connect(refresh)
    refresh()


def ref_exists(ref, network) -> bool:
    """Whether a selected neuron or edge is in this network (a selection may lag a structural edit)."""
    sizes = network.sizes()
    if isinstance(ref, NeuronRef):
        return 0 <= ref.column < len(sizes) and 0 <= ref.index < sizes[ref.column]
    if isinstance(ref, EdgeRef):
        return (0 <= ref.layer < len(network.layers) and 0 <= ref.i < sizes[ref.layer + 1]
                and 0 <= ref.j < sizes[ref.layer])
    return False


def sizes_text(network) -> str:
    return "-".join(str(size) for size in network.sizes())


class ValueLabel(QLabel):
    """A read-only number: rounded to the display precision, exact in the tooltip and on copy."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.value: float | None = None
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.setText(DASH)

    def set_value(self, value: float | None, digits: int, missing: str = DASH) -> None:
        self.value = None if value is None else float(value)
        if self.value is None:
            self.setText(missing)
            self.setToolTip("")
        else:
            self.setText(format_number(self.value, digits))
            self.setToolTip(f"exact value: {exact_text(self.value)} (right-click to copy)")

    def copy_exact(self) -> None:
        if self.value is not None:
            QGuiApplication.clipboard().setText(exact_text(self.value))

    def contextMenuEvent(self, event):
        menu = QMenu(self)
        action = menu.addAction("Copy exact value")
        action.setEnabled(self.value is not None)
        action.triggered.connect(self.copy_exact)
        menu.exec(event.globalPos())


class MessageLabel(QLabel):
    """An inline message (an edit that was refused, or why there is no result); hidden when empty."""

    STYLES = {
        "error": "color: #b71c1c;",
        "warning": "background: #fff4ce; border: 1px solid #d4a300; border-radius: 4px; padding: 6px; color: #3d2f00;",
    }

    def __init__(self, kind: str = "error", parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.setWordWrap(True)
        self.setStyleSheet(self.STYLES[kind])
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str | None) -> None:
        if text:
            self.setText(("⚠ " if self.kind == "warning" else "") + text)
            self.show()
        else:
            self.clear()
            self.hide()
