"""View > Presentation mode (F11): the canvas full screen (with the Explain panel, if it was showing), text
large enough to read from the back of a classroom; Esc (or F11) goes back to the window as it was.

The text scale is chosen for the screen: the smallest scale at which the canvas's numbers, fitted to the
screen, are at least READABLE_PX pixels tall. If no scale gets there with a label on every edge, the edges'
numbers are left to the edge colours, their tooltips and the Explain panel, and then the neurons show z, a
and δ only (the bias and ∂L/∂b in their tooltips); a network too big even for that gets MAX_SCALE.
"""
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

from .explain.math_view import DEFAULT_SCALE

READABLE_PX = 14.5  # on-screen height of the smallest number that can be read across a classroom
SCALES = (1.0, 1.15, 1.3, 1.45, 1.6, 1.8, 2.0)
MAX_SCALE = SCALES[-1]
EXPLAIN_SCALE = 2.0  # the Explain panel's maths, relative to its text


class PresentationMode(QObject):
    """Enters and leaves presentation mode for one main window, restoring everything it changed."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.action = QAction("&Presentation mode", window, checkable=True)
        self.action.setShortcut(QKeySequence("F11"))
        self.action.setStatusTip("Full screen, the diagram (and the Explain panel) only, with large text; "
                                 "Esc leaves")
        self.action.toggled.connect(self.set_active)
        self.leave_key = QShortcut(QKeySequence("Esc"), window)
        self.leave_key.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.leave_key.setEnabled(False)
        self.leave_key.activated.connect(lambda: self.action.setChecked(False))
        self._saved = None

    @property
    def active(self) -> bool:
        return self._saved is not None

    def set_active(self, on: bool) -> None:
        if on and not self.active:
            self.enter()
        elif not on and self.active:
            self.leave()

    def enter(self) -> None:
        w = self.window
        explain = w.explain_dock
        keep = [explain] if explain.isVisible() and not explain.visibleRegion().isEmpty() else []
        self._saved = {"state": w.saveState(), "geometry": w.saveGeometry(), "maximized": w.isMaximized(),
                       "bars": [(bar, bar.isVisible()) for bar in (w.menuBar(), w.toolbar, w.statusBar())]}
        for dock in w.docks():
            if dock not in keep:
                dock.hide()
        for bar, _ in self._saved["bars"]:
            bar.hide()
        w.showFullScreen()
        self.leave_key.setEnabled(True)
        QApplication.processEvents()  # the full-screen size, before the text scale is chosen for it
        w.explain.view.set_scale(EXPLAIN_SCALE)
        w.view.set_text_scale(*self.readable_scale())

    def readable_scale(self) -> tuple[float, bool, bool]:
        """(scale, edge labels, compact) of the first fitted diagram that shows every number READABLE_PX tall:
        everything, then without edge labels, then with the neurons' z, a and δ only."""
        view = self.window.view
        for edge_labels, compact in ((True, False), (False, False), (False, True)):
            for scale in SCALES:
                view.set_text_scale(scale, edge_labels, compact)
                if view.smallest_text_px() >= READABLE_PX:
                    return scale, edge_labels, compact
        return MAX_SCALE, False, True

    def leave(self) -> None:
        w, saved = self.window, self._saved
        self._saved = None
        self.leave_key.setEnabled(False)
        w.view.set_text_scale(None)
        w.explain.view.set_scale(DEFAULT_SCALE)
        w.showNormal()
        if saved["maximized"]:
            w.showMaximized()
        w.restoreGeometry(saved["geometry"])
        w.restoreState(saved["state"])
        for bar, visible in saved["bars"]:
            bar.setVisible(visible)
        if self.action.isChecked():
            self.action.setChecked(False)
