"""A widget in a frameless scroll area: a panel that can be shorter (or narrower) than it wants on a small screen."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget


def scrolled(widget: QWidget, horizontal: bool = True) -> QScrollArea:
    """`widget` in a frameless, resizable scroll area; `horizontal=False` wraps to the width instead."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    if not horizontal:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area
