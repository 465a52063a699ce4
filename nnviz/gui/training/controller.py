"""Trains the document's network in the GUI: one step, N steps, or continuously in a frame loop.

Rules it keeps:
- The core Trainer works on its own copy of the network, over the document's own sample arrays; each
  frame runs as many steps as fit in the FrameClock's budget (or as the chosen Pace allows), then shows
  the state once with Document.show_training_state (the trainer's full-data pass, no recompute) and
  records the losses.
  A session's curve starts at step 0 with the loss before its first step, as `nnviz train` prints it.
- Undo: the steps of a run (or of Step N) are one TrainSteps command, pushed at its first frame and
  extended every frame, so undo restores the weights from before the run bit for bit and redo the
  trained ones. A single Step is one command. Reset is a command back to the weights from before the
  first step of this training session.
- Never a stale gradient: any document change not made here (an edit, an undo, new data, another loss)
  drops the trainer, and a fresh one is built from the document before the next step.
- An edit during a run pauses it first: the run's command is already on the stack, so the edit lands
  after the steps done. Changing the learning rate, batch size or seed, moving neurons or saving does
  not pause: the run goes on as a new command after that change.
- A loss that rises and stays up (core.loss_watch) is said once in the status bar and shown in the panel
  while it lasts; any change not made here watches afresh from the loss after it.
- A diverging step (TrainingDiverged) stops training at the last finite state and says what to try;
  a loss that is not finite before any step is no learning rate's fault: training does not start,
  and the panel says which numbers overflow (core.divergence).
"""
import math
import time

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from shiboken6 import Shiboken

from nnviz.core import NetworkError, Project, TrainingSettings
from nnviz.core.divergence import starting_loss_problem
from nnviz.core.history import LossHistory
from nnviz.core.training import LossNotFinite, PlannedStep, Trainer, TrainingDiverged
from nnviz.gui.commands import ReplaceNetwork, TrainSteps, step_on_stack, steps_text
from nnviz.gui.document import Change, Document

from .frame_clock import FRAME_SECONDS, FrameClock
from .last_step import LastStep
from .loss_record import LossRecord
from .pace import Pace

RUN_TEXT = "Train (running…)"
HARMLESS = Change.TRAINING | Change.VIEW | Change.FILE  # changes that leave weights, data and loss alone
NEW_SESSION = Change.STRUCTURE  # the old weights and curve no longer describe this network
MAX_STEP_N = 1_000_000


class TrainingController(QObject):
    """Owns the trainer, the loss histories, the step counter and the frame loop of continuous training."""

    stateChanged = Signal()  # running or not, what can be done, the counter: the controls refresh
    frameShown = Signal()  # a frame (or a single step) is on screen: the loss curve refreshes once
    historiesReset = Signal()  # the histories were cleared or the validation split came or went
    diverged = Signal(float)  # the step that would have made the loss or a weight non-finite
    currentStepChanged = Signal(object)  # the step the shown weights belong to, or None
    message = Signal(str)  # for the status bar

    def __init__(self, doc: Document, parent: QObject | None = None, frame_seconds: float = FRAME_SECONDS):
        super().__init__(parent)
        self.doc = doc
        self.clock = FrameClock(frame_seconds)
        self.pace = Pace(None, frame_seconds)
        self.record = LossRecord(doc.project)
        self.steps_total = 0  # steps of this training session (the curve's x axis)
        self.shown_step: int | None = 0  # the step whose weights are shown (None: edited since)
        self.session = 0
        self.origin = None  # the network before the session's first step (Reset goes back to it)
        self.last_step: LastStep | None = None
        self.problem: str | None = None  # why training stopped or cannot start; shown in the panel
        self.step_n_count = 100
        self._trainer: Trainer | None = None
        self._segment: TrainSteps | None = None  # the pushed command of the run in progress
        self._segment_before = None
        self._segment_first = 1
        self._segment_steps = 0
        self._segment_text: str | None = None
        self._target: int | None = None  # steps left of a Step N run; None: run until paused
        self._own = 0  # > 0 while this controller changes the document
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(0)  # as fast as possible: a frame's length is its stepping budget plus the repaint
        self._timer.timeout.connect(self._frame)
        doc.changed.connect(self._on_doc_changed)
        doc.undo_stack.indexChanged.connect(self._on_index_changed)

    # ----- state ---------------------------------------------------------------------------------
    @property
    def train_history(self) -> LossHistory:
        return self.record.train

    @property
    def validation_history(self) -> LossHistory | None:
        return self.record.validation

    @property
    def rise_note(self) -> str | None:
        """The loss rose and stays up: lower η (shown in the panel)."""
        return self.record.rise_note

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @property
    def learning_rate(self) -> float:
        return self.doc.project.training.learning_rate

    def showing_frame(self) -> bool:
        """True while a frame's state goes to the document (frameShown comes right after)."""
        return self._own > 0

    def can_train(self) -> bool:
        return self.doc.result is not None

    def can_reset(self) -> bool:
        return self.origin is not None and (self.steps_total > 0 or not self.doc.network.equals(self.origin))

    def why_not(self) -> str | None:
        """Why training cannot start now, or None."""
        if self.doc.result is None:
            return f"Cannot train: {self.doc.error or 'the network cannot be computed'}"
        problem = starting_loss_problem(self.doc.project, self.doc.result)
        if problem is not None:
            return f"Cannot train: {problem}"
        lr = self.learning_rate
        if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
            return f"Cannot train: the learning rate must be a number above 0 (it is {lr!r}); set it to e.g. 0.1"
        return None

    def rates(self) -> tuple[float, float]:
        """(steps per second, frames per second) of the current or last run."""
        return self.clock.rates()

    # ----- commands ------------------------------------------------------------------------------
    def step(self) -> bool:
        """One SGD step, shown and pushed as one undo command. False if it could not be done."""
        if self.running or not self._prepare():
            return False
        self._begin_segment(None)
        losses, error = self._advance(1, None)
        self._finish_frame(losses)
        self._end_segment()
        if error is not None:
            self._fail(error)
        self.stateChanged.emit()
        return bool(losses)

    def preview_step(self) -> PlannedStep | None:
        """The next step worked out but not taken (Animate step shows it); None, saying why, if it cannot be."""
        if self.running or not self._prepare():
            return None
        return self._trainer.preview()

    def step_n(self, n: int | None = None) -> bool:
        """Run `n` (default step_n_count) steps in the frame loop: the window stays live; one undo command."""
        n = self.step_n_count if n is None else int(n)
        if n < 1 or self.running or not self._prepare():
            return False
        self._begin_segment(steps_text(n))
        self._target = n
        self._start_loop()
        return True

    def run(self) -> bool:
        """Train continuously until pause() (or an edit, or divergence)."""
        if self.running or not self._prepare():
            return False
        self._begin_segment(RUN_TEXT)
        self._target = None
        self._start_loop()
        return True

    def set_steps_per_second(self, speed: int | None) -> None:
        """Run at `speed` steps per second (None: as fast as possible), from now on if running."""
        self.pace = Pace(speed, self.clock.frame_seconds)
        self._timer.setInterval(self.pace.interval_ms())
        self.pace.restart(time.perf_counter())

    def pause(self) -> None:
        """Stop at once (between frames); the run's undo command names its number of steps."""
        if not self.running:
            return
        self._stop_loop()
        self.stateChanged.emit()

    def toggle_run(self) -> None:
        if self.running:
            self.pause()
        else:
            self.run()

    def reset(self) -> None:
        """Back to the weights from before this session's first step (one undo command); a fresh curve."""
        self.pause()
        if self.origin is None:
            return
        if not self.doc.network.equals(self.origin):
            self.doc.undo_stack.push(ReplaceNetwork(self.doc, "Reset training", self.origin))
        origin = self.origin
        self._new_session()
        self.origin = origin
        self.message.emit("Training reset: the weights and biases are back where training started")
        self.stateChanged.emit()

    def clear_history(self) -> None:
        """Forget the recorded losses (the curve's Clear button); weights and step counter stay."""
        self.record.clear()
        self.historiesReset.emit()

    # ----- the frame loop ------------------------------------------------------------------------
    def _start_loop(self) -> None:
        self.clock.restart()
        self.pace.restart(time.perf_counter())
        self._timer.start()
        self.currentStepChanged.emit(None)  # the curve's end is the step shown
        self.stateChanged.emit()
        if self.pace.steps_per_second is not None:  # the first step at once, not a slow frame later
            self._frame()

    def _stop_loop(self) -> None:
        self._timer.stop()
        self.clock.stop()
        self._target = None
        self._end_segment()
        self._mark(self.steps_total)

    def _frame(self) -> None:
        if self._trainer is None and not self._prepare():  # dropped by a batch size or seed change
            self.pause()
            return
        allowed = self.pace.allowed(time.perf_counter())
        if allowed == 0:
            return
        deadline = time.perf_counter() + self.clock.budget()
        limit = min(self._target if self._target is not None else MAX_STEP_N, allowed or MAX_STEP_N)
        losses, error = self._advance(limit, deadline)
        self.clock.stepped(len(losses))
        self.pace.took(len(losses))
        if self._target is not None:
            self._target -= len(losses)
        self._finish_frame(losses)
        if error is not None:
            self._fail(error)
        elif self._target == 0:
            self.pause()

    def _advance(self, limit: int, deadline: float | None) -> tuple[list[float], Exception | None]:
        """Up to `limit` steps, until `deadline`; keeps the last step's before/after for inspection."""
        trainer = self._trainer
        net = trainer.project.network
        losses: list[float] = []
        last = None
        error = None
        clock = time.perf_counter
        with np.errstate(all="ignore"):
            try:
                while len(losses) < limit:
                    before = (net.weights[:], net.biases[:])
                    losses.append(trainer.step())
                    last = before
                    if deadline is not None and clock() >= deadline:
                        break
            except TrainingDiverged as exc:
                error = exc
            except (ArithmeticError, ValueError, NetworkError) as exc:  # never take the window down
                error = exc
        if last is not None:
            settings = trainer.project.training
            full = settings.batch_size is None or settings.batch_size >= trainer.project.sample_count
            self.last_step = LastStep(self.steps_total + len(losses), settings.learning_rate, last[0], last[1],
                                      net.weights[:], net.biases[:], trainer.gradient, full,
                                      list(net.masks), [layer.bias for layer in net.layers])
        return losses, error

    def _finish_frame(self, losses: list[float]) -> None:
        """Record the frame's losses, then show the state once (document, undo command, curve)."""
        k = len(losses)
        if k == 0:
            return
        self._record(self.steps_total + 1, self._trainer.project.network, losses)
        said = self.record.watch(self.steps_total + 1, losses, self.learning_rate)
        if said is not None:
            self.message.emit(said)
        self.steps_total += k
        self._segment_steps += k
        trainer = self._trainer
        shown = trainer.project.network.copy()
        self._own += 1
        try:
            self.doc.show_training_state(shown, trainer.result)
            if self._segment is None:
                self._segment = TrainSteps(self.doc, self._segment_before, shown, self._segment_steps,
                                           self._segment_first, self.session, self._segment_text)
                self.doc.undo_stack.push(self._segment)
            else:
                self._segment.extend(shown, self._segment_steps)
        finally:
            self._own -= 1
        self.shown_step = self.steps_total
        if not self.running:  # during a run the marker would only trail the curve's end
            self._mark(self.steps_total)
        self.frameShown.emit()

    def _record(self, first: int, network, losses: list[float]) -> None:
        self.record.add(first, network, self._trainer.project.loss, losses)

    def _fail(self, error: Exception) -> None:
        step = self.steps_total + 1
        if isinstance(error, LossNotFinite):  # not the learning rate's fault: say which numbers overflow
            self.problem = f"Cannot train: {error}"
        elif isinstance(error, TrainingDiverged):
            self.train_history.mark_divergence(step)
            lr = self.learning_rate
            self.problem = (f"Training stopped before step {step:,}: with learning rate η = {lr:g} that step made "
                            "the loss or a weight overflow to a non-finite number, so the network keeps its last "
                            f"finite weights. Try a smaller η (e.g. {lr / 10:g}); Undo or Reset goes back further.")
            self.diverged.emit(float(step))
        else:
            self.problem = f"Training stopped at step {step}: {error}"
        self._stop_loop()
        self.message.emit(self.problem)
        self.stateChanged.emit()

    # ----- trainer and undo segments -------------------------------------------------------------
    def _prepare(self) -> bool:
        """A trainer for the document as it is now (fresh after any outside change); False if impossible."""
        problem = self.why_not()
        if problem is None and self._trainer is None:
            try:
                self._trainer = self._new_trainer()
            except NetworkError as error:
                problem = f"Cannot train: {error}"
        self.problem = problem
        if problem is not None:
            self.message.emit(problem)
            self.stateChanged.emit()
            return False
        return True

    def _new_trainer(self) -> Trainer:
        p = self.doc.project
        project = Project(p.network.copy(), p.loss, training=TrainingSettings(**vars(p.training)))
        project.inputs, project.targets = p.inputs, p.targets  # the document's arrays: its full-data pass
        self.record.reread_validation(p)
        return Trainer(project)

    def _begin_segment(self, text: str | None) -> None:
        if self.origin is None:
            self.origin = self.doc.network.copy()
        if self.steps_total == 0 and len(self.train_history) == 0:  # the curve starts where training starts
            self._record(0, self._trainer.project.network, [self._trainer.loss])
        self.record.start_watch(self.steps_total, self._trainer.loss, self.learning_rate)
        self._segment = None
        self._segment_before = self.doc.network.copy()
        self._segment_first = self.steps_total + 1
        self._segment_steps = 0
        self._segment_text = text

    def _end_segment(self) -> None:
        """Name the finished command's number of steps; the next steps go into a new command."""
        command, self._segment = self._segment, None
        if command is None or not Shiboken.isValid(command):
            return
        command.finish()
        stack = self.doc.undo_stack
        stack.undoTextChanged.emit(stack.undoText())  # the Undo action's text, now "Undo Train 500 steps"
        stack.redoTextChanged.emit(stack.redoText())
        stack.indexChanged.emit(stack.index())  # the undo history view rereads the texts

    # ----- outside changes -----------------------------------------------------------------------
    def _on_doc_changed(self, change: Change) -> None:
        if self._own:
            return
        if change & Change.FILE and change != Change.FILE:  # another project: the stack was cleared
            self._segment = None  # deleted with the stack: never touch it
            self._timer.stop()
            self.clock.restart()  # the last run's steps/s belonged to the other project
            self._target = None
            self._trainer = None
            self._new_session()
            self.problem = None
            self.stateChanged.emit()
            return
        if change & ~(Change.VIEW | Change.FILE):  # another loss or η: what rises is measured from here
            self.record.watch_afresh()
        if not change & ~HARMLESS:
            self._end_segment()
            if self.running:
                self._begin_segment(RUN_TEXT if self._target is None else steps_text(self._target))
            if change & Change.TRAINING:
                self._sync_settings()
            self.stateChanged.emit()
            return
        was_running = self.running
        steps = self._segment_steps
        self._timer.stop()
        self._target = None
        self._end_segment()
        self._trainer = None  # its cached gradient belongs to the network before this change
        self.last_step = None
        if change & NEW_SESSION:
            self._new_session()
        elif change & Change.DATA:
            self._refresh_validation()
        if was_running:
            self.problem = None
            self.message.emit(f"Training paused for the edit: the {steps:,} step{'' if steps == 1 else 's'} "
                              "done come before it in the undo history")
        self.stateChanged.emit()

    def _on_index_changed(self, _index: int) -> None:
        """After an undo, redo or edit (the stack's index moves after the command ran): mark the step shown."""
        if not self.running and Shiboken.isValid(self.doc.undo_stack):  # not while the stack is deleted
            self._mark(step_on_stack(self.doc.undo_stack, self.session))

    def _mark(self, step: int | None) -> None:
        """The shown weights are those after `step` steps (None: not a step of this session)."""
        self.shown_step = step
        self.currentStepChanged.emit(step if step or self.steps_total else None)  # none before the first step

    def _sync_settings(self) -> None:
        if self._trainer is None:
            return
        mine, theirs = self._trainer.project.training, self.doc.project.training
        if (mine.batch_size, mine.seed) != (theirs.batch_size, theirs.seed):
            self._trainer = None  # a new mini-batch order, from the seed
        else:
            mine.learning_rate = theirs.learning_rate

    def _new_session(self) -> None:
        self.origin = None
        self.session += 1
        self.steps_total = 0
        self.last_step = None
        self._trainer = None
        self.record.new_session(self.doc.project)
        self.historiesReset.emit()
        self._mark(0)

    def _refresh_validation(self) -> None:
        if self.record.refresh_validation(self.doc.project):
            self.historiesReset.emit()
