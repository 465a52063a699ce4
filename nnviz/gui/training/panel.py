"""The Training panel: Run/Pause, Step, Step N, Reset, Animate step (and its keys while it plays), the run speed,
the learning rate and batch size, the step counter, the update rule with the current η, why training stopped
or that the loss rose, and the last step of the selected parameter."""
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QSpinBox, QToolButton, QVBoxLayout, QWidget)

from nnviz.core.numbers import format_number
from nnviz.core.project import MAX_SEED
from nnviz.gui.commands import SetTraining
from nnviz.gui.document import Change
from nnviz.gui.panels.common import MessageLabel, ValueLabel, display_digits, follow_settings
from nnviz.gui.panels.number_field import NumberField

from .controller import MAX_STEP_N, TrainingController
from .animation import DEFAULT_STAGE_SECONDS, STAGE_SECONDS
from .last_step_box import LastStepBox
from .pace import SPEEDS, speed_text
from .remembered_choice import RememberedChoice
from ..steady_label import SteadyHolder

FULL_BATCH_TEXT = "all samples"
RUN_SPEED_KEY = "training/steps_per_second"
STAGE_SECONDS_KEY = "training/seconds_per_stage"


def rule_text(controller: TrainingController, digits: int) -> str:
    """The SGD update with the current learning rate and what the gradient is taken over."""
    p = controller.doc.project
    m = p.sample_count
    batch = p.training.batch_size
    over = (f"over all {m:,} sample{'s' if m != 1 else ''}" if batch is None or batch >= m
            else f"over mini-batches of {batch:,} of the {m:,} samples (order seeded by {p.training.seed})")
    eta = format_number(p.training.learning_rate, digits)
    return f"<b>θ ← θ − η · ∂L/∂θ</b> &nbsp; with η = {eta}, ∂L/∂θ {over}"


class TrainingPanel(QWidget):
    """Controls for the controller; settings changes are undoable SetTraining commands."""

    def __init__(self, controller: TrainingController, actions, selection, settings=None, store=None,
                 parent: QWidget | None = None):
        """`settings`: the display settings; `store`: the QSettings that remember the chosen speeds."""
        super().__init__(parent)
        self.controller, self.actions, self.settings = controller, actions, settings
        self.doc = doc = controller.doc

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons = {}
        for name in ("run_pause", "step", "step_n", "reset"):
            button = self.buttons[name] = _button(getattr(actions, name))
            buttons.addWidget(button)
            if name == "step_n":
                self.count = QSpinBox()
                self.count.setRange(1, MAX_STEP_N)
                self.count.setValue(controller.step_n_count)
                self.count.setPrefix("N = ")
                self.count.setGroupSeparatorShown(True)
                self.count.setToolTip("how many steps Step N runs (one undo step for all of them)")
                self.count.valueChanged.connect(self._set_count)
                buttons.addWidget(self.count)
        buttons.addStretch(1)

        animate_row = self._animate_row(actions, store)

        self.counter = QLabel()
        self.counter.setStyleSheet("font-weight: 600;")
        self.loss = ValueLabel()
        self.validation = ValueLabel()
        self.validation_caption = QLabel("validation")
        self.speed = QLabel()
        self.speed.setStyleSheet("color: #57606a;")
        # the numbers change every frame of a run: held so that they never relayout the window
        self.holders = [SteadyHolder(label) for label in (self.counter, self.loss, self.validation, self.speed)]
        counter_box, loss_box, self.validation_box, speed_box = self.holders
        numbers = QHBoxLayout()
        numbers.setContentsMargins(0, 0, 0, 0)
        for widget in (counter_box, QLabel("L ="), loss_box, self.validation_caption, self.validation_box):
            numbers.addWidget(widget)
        numbers.addStretch(1)
        numbers.addWidget(speed_box)

        self.learning_rate = NumberField(self._set_learning_rate)
        self.learning_rate.setToolTip("η: how far each step moves against the gradient")
        self.learning_rate.setMaximumWidth(110)
        self.batch = QSpinBox()
        self.batch.setSpecialValueText(FULL_BATCH_TEXT)
        self.batch.setKeyboardTracking(False)
        self.batch.setToolTip("samples per step: all samples (full batch), or mini-batches in a seeded random order")
        self.batch.valueChanged.connect(self._set_batch)
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SEED)
        self.seed.setKeyboardTracking(False)
        self.seed.setToolTip("fixes the order of the mini-batches, so a run can be repeated exactly")
        self.seed.valueChanged.connect(self._set_seed)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Learning rate η", self.learning_rate)
        form.addRow("", self.learning_rate.message_label)
        form.addRow("Batch size", self.batch)
        form.addRow("Shuffle seed", self.seed)

        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.rule.setTextFormat(Qt.TextFormat.RichText)
        self.message = MessageLabel("error")  # divergence, or why training cannot start
        self.rise = MessageLabel("warning")  # the loss rose and stays up: lower η
        self.settings_message = MessageLabel("error")  # a refused setting
        self.last_step_box = LastStepBox(controller, selection, settings)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addLayout(animate_row)
        layout.addLayout(numbers)
        layout.addLayout(form)
        layout.addWidget(self.settings_message)
        layout.addWidget(self.rule)
        layout.addWidget(self.message)
        layout.addWidget(self.rise)
        layout.addWidget(self.last_step_box)
        layout.addStretch(1)

        doc.changed.connect(self._on_doc_changed)
        controller.stateChanged.connect(self.refresh)
        controller.frameShown.connect(self.refresh_numbers)
        controller.currentStepChanged.connect(lambda _step: self.refresh_numbers())
        self.animation.stateChanged.connect(self.refresh_animation)
        self.refresh_animation()
        follow_settings(settings, self.refresh)

    def _animate_row(self, actions, store) -> QHBoxLayout:
        """Animate step and its pace, and the run speed; while it plays, its keys as buttons and its stage
        instead (in the same room: the dock must not widen)."""
        controller, self.animation = self.controller, actions.animation
        self.buttons["animate"] = _button(actions.animate)
        self.stage_seconds = RememberedChoice([(f"{s:g} s per stage", s) for s in STAGE_SECONDS],
                                              DEFAULT_STAGE_SECONDS, store, STAGE_SECONDS_KEY)
        self.stage_seconds.setToolTip("how long Animate step shows each stage (the arrow keys step through "
                                      "the stages at your own pace)")
        self.stage_seconds.chosen.connect(self.animation.set_seconds_per_stage)
        self.animation.set_seconds_per_stage(self.stage_seconds.value())
        self.stage_label = QLabel()
        self.stage_label.setStyleSheet("font-weight: 600;")
        self.animation_buttons = [_button(a, icon_only=True) for a in actions.animation_keys()]
        self.run_speed = RememberedChoice([(speed_text(s), s) for s in SPEEDS], None, store, RUN_SPEED_KEY)
        self.run_speed.setToolTip("Run speed: steps per second of Run and Step N (up to 30 steps/s every step is "
                                  "drawn)")
        self.run_speed.chosen.connect(controller.set_steps_per_second)
        controller.set_steps_per_second(self.run_speed.value())
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.buttons["animate"], self.stage_seconds, *self.animation_buttons, self.stage_label):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.run_speed)
        return row

    @property
    def digits(self) -> int:
        return display_digits(self.settings)

    # ----- from the model ------------------------------------------------------------------------
    def _on_doc_changed(self, change) -> None:
        if change == Change.VALUES:  # every frame of a run: the numbers only
            if not self.controller.showing_frame():  # else frameShown follows at once: refresh then
                self.refresh_numbers()
        else:
            self.refresh()

    def refresh(self) -> None:
        training = self.doc.project.training
        m = self.doc.project.sample_count
        self.learning_rate.set_value(training.learning_rate, self.digits)
        with QSignalBlocker(self.batch), QSignalBlocker(self.seed):
            self.batch.setRange(0, m)
            self.batch.setValue(0 if training.batch_size is None else min(training.batch_size, m))
            self.batch.setSuffix("" if training.batch_size is None else f" of {m:,}")
            self.seed.setValue(int(training.seed))
        self.seed.setEnabled(training.batch_size is not None and training.batch_size < m)
        self.rule.setText(rule_text(self.controller, self.digits))
        self.message.show_message(self.controller.problem or self.controller.why_not())
        self.refresh_numbers()
        if not self.controller.running:  # the numbers may take less room again
            for holder in self.holders:
                holder.release()

    def refresh_animation(self) -> None:
        """The animation's buttons and its stage while it plays."""
        active = self.animation.active
        self.stage_seconds.setVisible(not active)  # hidden first: the row never needs more room than the dock has
        self.run_speed.setVisible(not active)
        for button in self.animation_buttons:
            button.setVisible(active)
        self.stage_label.setText(f"Stage {self.animation.index + 1} of {len(self.animation.stages)}"
                                 + (" · paused" if self.animation.paused else "") if active else "")

    def refresh_numbers(self) -> None:
        """The counter, the losses and the speed: once per frame."""
        c = self.controller
        shown = c.shown_step
        if shown == c.steps_total:
            self.counter.setText(f"Step {c.steps_total:,}")
        elif shown is None:
            self.counter.setText(f"Step {c.steps_total:,} · edited since")
        else:
            self.counter.setText(f"Step {c.steps_total:,} · showing step {shown:,}")
        result = self.doc.result
        self.loss.set_value(None if result is None else result.loss, self.digits)
        validation = c.validation_history.last() if c.validation_history is not None else None
        self.validation_caption.setVisible(c.validation_history is not None)
        self.validation_box.setVisible(c.validation_history is not None)
        self.validation.set_value(None if validation is None else validation[1], self.digits)
        self.rise.show_message(c.rise_note)
        steps_per_second, fps = c.rates()
        if c.clock.frames:
            self.speed.setText(f"{steps_per_second:,.0f} steps/s · {fps:.0f} fps")
        else:
            self.speed.setText("")

    # ----- to the model --------------------------------------------------------------------------
    def _set_count(self, n: int) -> None:
        self.controller.step_n_count = n
        self.actions.update_state()

    def _set_learning_rate(self, value: float) -> None:
        if not value > 0:
            raise ValueError("the learning rate η must be above 0 (e.g. 0.1)")
        self.doc.undo_stack.push(SetTraining(self.doc, learning_rate=value))

    def _set_batch(self, value: int) -> None:
        size = None if value == 0 or value >= self.doc.project.sample_count else value
        if size != self.doc.project.training.batch_size:
            self.settings_message.show_message(self.doc.try_push(lambda: SetTraining(self.doc, batch_size=size)))

    def _set_seed(self, value: int) -> None:
        if value != self.doc.project.training.seed:
            self.settings_message.show_message(self.doc.try_push(lambda: SetTraining(self.doc, seed=value)))


def _button(action, icon_only: bool = False) -> QToolButton:
    """A button for one of the training actions (its text, icon, tooltip and enabled state)."""
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly if icon_only
                              else Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return button
