"""The main window's menu actions, a module per menu (training and the answer sheet keep theirs beside their
panels), and make_action, which each of them uses to make its QActions."""
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle

StandardKey = QKeySequence.StandardKey


def themed_icon(window, theme_name: str, fallback: QStyle.StandardPixmap | None = None) -> QIcon:
    """The desktop theme's icon, else one of the Qt style's built-in pixmaps, else no icon."""
    icon = QIcon.fromTheme(theme_name)
    if icon.isNull() and fallback is not None:
        icon = window.style().standardIcon(fallback)
    return icon


def make_action(window, text: str, slot, tip: str, keys=(), icon: QIcon | None = None) -> QAction:
    """A window's menu action: status-bar tip, shortcuts (standard keys expand to the platform's), icon."""
    a = QAction(text, window)
    a.setStatusTip(tip)
    shortcuts = []
    for key in keys:
        shortcuts += QKeySequence.keyBindings(key) if isinstance(key, StandardKey) else [QKeySequence(key)]
    if shortcuts:
        a.setShortcuts(shortcuts)
    if icon is not None:
        a.setIcon(icon)
    a.triggered.connect(slot)
    return a
