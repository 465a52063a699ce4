"""The Training menu's actions (Run/Pause, Step, Step N, Animate step, Reset) with their keyboard shortcuts,
and the keys of an animated step on the diagram (Space, Left, Right, Esc)."""
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle

from .animation import StepAnimation
from .controller import TrainingController

RUN_KEYS = ("F5",)
DIAGRAM_RUN_KEY = "Space"  # on the diagram only: elsewhere Space presses the focused button
STEP_KEYS = ("F10",)
STEP_N_KEYS = ("Shift+F10",)
ANIMATE_KEYS = ("Ctrl+F10",)
RESET_KEYS = ("Ctrl+Shift+R",)


class TrainingActions(QObject):
    """Window-wide actions driving the controller; their texts and enabled states follow it."""

    def __init__(self, window, controller: TrainingController, animation: StepAnimation):
        super().__init__(window)
        self.controller, self.animation = controller, animation
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
        self.animate = action("&Animate step", animation.start,
                              "Show one SGD step stage by stage on the diagram: the forward pass layer by layer, "
                              "the loss, the backward pass, the update; then take it", ANIMATE_KEYS,
                              sp.SP_ArrowRight)
        self.animate.setIconText("Animate")
        self.reset = action("R&eset training", controller.reset,
                            "Put back the weights and biases from before the first training step", RESET_KEYS,
                            sp.SP_BrowserReload)
        self.reset.setIconText("Reset")

        def on_diagram(text, slot, key, icon=None):
            a = QAction(text, window)
            a.setShortcut(QKeySequence(key))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.setToolTip(f"{text} ({key})")
            if icon is not None:
                a.setIcon(style.standardIcon(icon))
            a.triggered.connect(slot)
            window.view.addAction(a)
            return a

        self.run_pause_on_diagram = on_diagram("Run / pause (diagram focused)", controller.toggle_run,
                                               DIAGRAM_RUN_KEY)
        # an animated step's keys: on the diagram, which has the focus while it plays
        self.animation_pause = on_diagram("Pause the animation", animation.toggle_pause, "Space")
        self.animation_back = on_diagram("Previous stage", animation.step_back, "Left", sp.SP_MediaSeekBackward)
        self.animation_forward = on_diagram("Next stage", animation.step_forward, "Right", sp.SP_MediaSeekForward)
        self.animation_cancel = on_diagram("Cancel the animation", animation.cancel, "Esc", sp.SP_DialogCancelButton)
        self.run_pause.setToolTip("Train continuously; press again to pause (F5, or Space on the diagram)")
        self._play, self._pause = style.standardIcon(sp.SP_MediaPlay), style.standardIcon(sp.SP_MediaPause)
        self._shown_running = self._shown_paused = None
        controller.stateChanged.connect(self.update_state)
        animation.stateChanged.connect(self.update_state)
        controller.doc.changed.connect(lambda _change: self.update_state())
        self.update_state()

    def all(self) -> list[QAction]:
        return [self.run_pause, self.step, self.step_n, self.animate, self.reset]

    def animation_keys(self) -> list[QAction]:
        return [self.animation_pause, self.animation_back, self.animation_forward, self.animation_cancel]

    def update_state(self) -> None:
        c, animating = self.controller, self.animation.active
        running = c.running
        trainable = c.why_not() is None and not animating
        if running != self._shown_running:  # setIcon always repaints: only on a change
            self._shown_running = running
            self.run_pause.setText("&Pause" if running else "&Run")
            self.run_pause.setIcon(self._pause if running else self._play)
        self.run_pause.setEnabled(running or trainable)
        self.run_pause_on_diagram.setEnabled(running or trainable)  # Space pauses an animation instead
        self.step.setEnabled(trainable and not running)
        self.step_n.setText(f"Step &{c.step_n_count:,}")
        self.step_n.setEnabled(trainable and not running)
        self.animate.setEnabled(trainable and not running)
        self.reset.setEnabled(c.can_reset() and not animating)
        for a in self.animation_keys():
            a.setEnabled(animating)
        paused = self.animation.paused
        if paused != self._shown_paused:
            self._shown_paused = paused
            text = "Play the animation" if paused else "Pause the animation"
            self.animation_pause.setText(text)
            self.animation_pause.setToolTip(f"{text} (Space)")
            self.animation_pause.setIcon(self._play if paused else self._pause)
