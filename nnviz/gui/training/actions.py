"""The Training menu's actions (Run/Pause, Step, Step N, Reset) with their keyboard shortcuts."""
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle

from .controller import TrainingController

RUN_KEYS = ("F5",)
DIAGRAM_RUN_KEY = "Space"  # on the diagram only: elsewhere Space presses the focused button
STEP_KEYS = ("F10",)
STEP_N_KEYS = ("Shift+F10",)
RESET_KEYS = ("Ctrl+Shift+R",)


class TrainingActions(QObject):
    """Window-wide actions driving the controller; their texts and enabled states follow it."""

    def __init__(self, window, controller: TrainingController):
        super().__init__(window)
        self.controller = controller
        style = window.style()
        sp = QStyle.StandardPixmap

        def action(text, slot, tip, keys, icon):
            a = QAction(text, window)
            a.setStatusTip(tip)
            a.setToolTip(f"{tip} ({', '.join(keys)})")
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.setIcon(style.standardIcon(icon))
            a.triggered.connect(slot)
            window.addAction(a)  # the shortcut works whichever widget has focus
            return a

        self.run_pause = action("&Run", controller.toggle_run, "Train continuously; press again to pause",
                                RUN_KEYS, sp.SP_MediaPlay)
        self.step = action("&Step", controller.step, "One SGD step: θ ← θ − η ∂L/∂θ", STEP_KEYS,
                           sp.SP_MediaSkipForward)
        self.step_n = action("Step &N", lambda: controller.step_n(), "Run N steps (N is set in the Training panel)",
                             STEP_N_KEYS, sp.SP_MediaSeekForward)
        self.reset = action("R&eset training", controller.reset,
                            "Put back the weights and biases from before the first training step", RESET_KEYS,
                            sp.SP_BrowserReload)
        self.reset.setIconText("Reset")
        self.run_pause_on_diagram = QAction("Run / pause (diagram focused)", window)
        self.run_pause_on_diagram.setShortcut(QKeySequence(DIAGRAM_RUN_KEY))
        self.run_pause_on_diagram.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.run_pause_on_diagram.triggered.connect(controller.toggle_run)
        window.view.addAction(self.run_pause_on_diagram)
        self.run_pause.setToolTip("Train continuously; press again to pause (F5, or Space on the diagram)")
        self._play, self._pause = style.standardIcon(sp.SP_MediaPlay), style.standardIcon(sp.SP_MediaPause)
        self._shown_running = None
        controller.stateChanged.connect(self.update_state)
        controller.doc.changed.connect(lambda _change: self.update_state())
        self.update_state()

    def all(self) -> list[QAction]:
        return [self.run_pause, self.step, self.step_n, self.reset]

    def update_state(self) -> None:
        c = self.controller
        running = c.running
        trainable = c.why_not() is None
        if running != self._shown_running:  # setIcon always repaints: only on a change
            self._shown_running = running
            self.run_pause.setText("&Pause" if running else "&Run")
            self.run_pause.setIcon(self._pause if running else self._play)
        self.run_pause.setEnabled(running or trainable)
        self.run_pause_on_diagram.setEnabled(running or trainable)
        self.step.setEnabled(trainable and not running)
        self.step_n.setText(f"Step &{c.step_n_count:,}")
        self.step_n.setEnabled(trainable and not running)
        self.reset.setEnabled(c.can_reset())
