"""Animate step: one SGD step shown on the canvas stage by stage, then taken exactly as Step takes it.

The whole step is worked out first by the core (the controller's trainer previews it: the pass it follows
and the weights after it); the stages only reveal it: the inputs, the forward pass layer by layer (z and
a), the loss, the backward pass from the output layer down (δ, and ∂L/∂w of the edges into the layer),
then the update (the new weights and biases). After the last stage the controller takes the step, so
the document gets the same numbers, bit for bit, in one undo command, as from the Step button.
Any change to the document meanwhile cancels the animation, leaving the document as it is.
"""
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from nnviz.core.numbers import format_number
from nnviz.core.training import PlannedStep
from nnviz.gui.canvas.reveal import Reveal
from nnviz.gui.canvas.texts import value_symbols
from nnviz.gui.document import Change
from nnviz.gui.selection import EdgeRef, NeuronRef

from .controller import TrainingController

STAGE_SECONDS = (0.5, 1.0, 2.0, 4.0)
DEFAULT_STAGE_SECONDS = 1.0
KEPT = Change.VIEW | Change.FILE  # moving neurons or saving leaves the step as it was worked out


@dataclass(frozen=True)
class Stage:
    kind: str  # "inputs", "forward", "loss", "backward" or "update"
    layer: int  # the column concerned (1-based layer; 0 for the inputs)


def stages(layers: int) -> list[Stage]:
    """The stages of a step through a network of `layers` layers."""
    return ([Stage("inputs", 0)] + [Stage("forward", l) for l in range(1, layers + 1)] + [Stage("loss", layers)]
            + [Stage("backward", l) for l in range(layers, 0, -1)] + [Stage("update", 0)])


class StepAnimation(QObject):
    """Plays, pauses, steps back and forth through and ends an animated step on the canvas."""

    stateChanged = Signal()  # started, a stage shown, paused or resumed, ended

    def __init__(self, controller: TrainingController, view, selection, parent: QObject | None = None):
        super().__init__(parent)
        self.controller, self.view, self.selection = controller, view, selection
        self.doc = controller.doc
        self.seconds_per_stage = DEFAULT_STAGE_SECONDS
        self.stages: list[Stage] = []  # empty: not animating
        self.index = 0
        self.paused = False
        self._layers = 0
        self.planned: PlannedStep | None = None  # the step shown, worked out by the core
        self._base = None  # the document's pass the step starts from
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.forward)
        self.doc.changed.connect(self._on_doc_changed)

    @property
    def active(self) -> bool:
        return bool(self.stages)

    def set_seconds_per_stage(self, seconds: float) -> None:
        """From the next stage on."""
        self.seconds_per_stage = float(seconds)

    # ----- commands ------------------------------------------------------------------------------
    def start(self) -> bool:
        """Work the next step out and show its first stage, playing; False (the panel says why) if it cannot."""
        if self.active or self.controller.running:
            return False
        planned = self.controller.preview_step()
        if planned is None:
            return False
        self.planned, self._base = planned, self.doc.result
        if planned.batch is not None and self.selection.sample not in planned.batch.tolist():
            self.selection.set_sample(int(planned.batch[0]))  # a sample of the step's mini-batch has numbers
        self._layers = len(self.doc.network.layers)
        self.stages = stages(self._layers)
        self.index, self.paused = 0, False
        self.view.setFocus()  # Space, the arrows and Esc act on the diagram
        self._show()
        return True

    def toggle_pause(self) -> None:
        if not self.active:
            return
        self.paused = not self.paused
        self._show()

    def forward(self) -> None:
        """The next stage; after the last one, take the step."""
        if not self.active:
            return
        if self.index == len(self.stages) - 1:
            self.finish()
            return
        self.index += 1
        self._show()

    def step_forward(self) -> None:
        """The arrow keys: pause, then one stage on (or back)."""
        if self.active:
            self.paused = True
            self.forward()

    def step_back(self) -> None:
        if self.active:
            self.paused = True
            self.index = max(0, self.index - 1)
            self._show()

    def cancel(self) -> None:
        """Stop without taking the step: the document stays as it was."""
        if self.active:
            self._end()
            self.controller.message.emit("Animated step cancelled: the network is as it was")

    def finish(self) -> None:
        """Take the step the animation showed: the controller's Step, one undo command."""
        self._end()
        self.controller.step()

    # ----- showing a stage -----------------------------------------------------------------------
    def _show(self) -> None:
        stage = self.stages[self.index]
        planned, layers = self.planned, self._layers
        forward = {"inputs": 0, "forward": stage.layer}.get(stage.kind, layers)
        backward = {"backward": stage.layer, "update": 1}.get(stage.kind, layers + 1)
        updated = stage.kind == "update"
        rows = None if planned.batch is None else tuple(planned.batch.tolist())
        self.view.set_reveal(Reveal(planned.gradient, rows, forward, stage.kind not in ("inputs", "forward"),
                                    backward, planned.weights if updated else None,
                                    planned.biases if updated else None, self.caption(), self._base))
        self.view.set_emphasis(None, self._emphasis(stage))
        if self.paused:
            self._timer.stop()
        else:
            self._timer.start(round(1000 * self.seconds_per_stage))
        self.stateChanged.emit()

    def _emphasis(self, stage: Stage) -> list:
        """The neurons (and the edges into them) this stage computes: their halo."""
        if stage.kind == "update":
            return []
        column = self._layers if stage.kind == "loss" else stage.layer
        sizes = self.doc.network.sizes()
        refs = [NeuronRef(column, i) for i in range(sizes[column])]
        if stage.kind in ("forward", "backward"):
            refs += [EdgeRef(column - 1, i, j) for i in range(sizes[column]) for j in range(sizes[column - 1])]
        return refs

    def stage_text(self) -> str:
        """What the shown stage computes, in words (with the notation's symbols)."""
        stage, doc = self.stages[self.index], self.doc
        layers = len(doc.network.layers)
        pre, act = value_symbols(doc.notation)
        if stage.kind == "inputs":
            over = "its mini-batch" if self.planned.batch is not None else "every sample"
            return f"Step {self.controller.steps_total + 1:,}: the inputs x go in (for {over})"
        if stage.kind == "forward":
            layer = doc.network.layers[stage.layer - 1]
            out = self.view.model.output_symbol if stage.layer == layers else act
            return (f"Forward pass, layer {stage.layer} of {layers}: each unit's {pre} from the layer before, "
                    f"then {out} = {layer.activation}({pre})")
        if stage.kind == "loss":
            loss = doc.project.loss
            return (f"Loss: L = {self.view.model.fmt(self.planned.gradient.loss)} ({loss.name}, {loss.reduction}) "
                    "from the outputs and the targets y")
        if stage.kind == "backward":
            source = "from the loss" if stage.layer == layers else "from the layer after"
            return (f"Backward pass, layer {stage.layer}: δ = ∂L/∂{pre} of its units {source}, "
                    "then ∂L/∂w of the edges into it")
        eta = format_number(self.planned.learning_rate)
        return f"Update: w ← w − η·∂L/∂w and b ← b − η·∂L/∂b with η = {eta} (the new values in green)"

    def caption(self) -> str:
        """The canvas banner: the stage in words, then the keys."""
        last = self.index == len(self.stages) - 1
        keys = ("Paused · Space: play · ←/→: one stage" if self.paused else "Space: pause · ←/→: one stage")
        keys += " (→ takes the step)" if last else ""
        return (f"Stage {self.index + 1} of {len(self.stages)} · {self.stage_text()}\n{keys} · Esc: cancel")

    def _end(self) -> None:
        self._timer.stop()
        self.stages, self.planned, self._base = [], None, None
        self.view.set_reveal(None)
        self.view.set_emphasis(None, [])
        self.stateChanged.emit()

    def _on_doc_changed(self, change: Change) -> None:
        if self.active and change & ~KEPT:
            self._end()
            self.controller.message.emit("Animated step cancelled by the change: the step was not taken")
