"""What a training session records: the loss after every step, the validation loss, and whether the loss
rises and stays up (for the curve and the panel; the controller decides when)."""
import numpy as np

from nnviz.core import NetworkError, check
from nnviz.core.engine import forward_loss
from nnviz.core.history import LossHistory
from nnviz.core.loss_watch import LossRise


def validation_data(project):
    """(inputs, targets) of the project's validation split if it has one that fits the network."""
    x, y = getattr(project, "validation_inputs", None), getattr(project, "validation_targets", None)
    if x is None or y is None or len(x) == 0:
        return None
    try:
        check(project.network, project.loss, x, y)
    except NetworkError:
        return None
    return x, y


class LossRecord:
    """The training and validation loss histories of one session and the rising-loss watch."""

    def __init__(self, project):
        self.train = LossHistory()
        self._validation = validation_data(project)
        self.validation = LossHistory() if self._validation is not None else None
        self.rise_note: str | None = None  # the loss rose and stays up: lower η (shown in the panel)
        self._rise = LossRise()

    def add(self, first: int, network, loss_fn, losses: list[float]) -> None:
        """The losses of steps first, first + 1, ...; the validation loss of `network`, the last one's."""
        self.train.extend(np.arange(first, first + len(losses), dtype=float), losses)
        if self._validation is not None and self.validation is not None:
            x, y = self._validation
            with np.errstate(all="ignore"):
                loss = forward_loss(network, loss_fn, x, y)
            self.validation.append(first + len(losses) - 1, loss)

    def watch(self, first: int, losses: list[float], learning_rate: float) -> str | None:
        """Feed the rising-loss watch; the note to say when the loss has just been found rising, else None."""
        said = None
        for step, loss in enumerate(losses, first):
            note = self._rise.add(step, loss, learning_rate)
            if note is not None:
                said = self.rise_note = note[0].upper() + note[1:]
        if not self._rise.rising:
            self.rise_note = None
        return said

    def start_watch(self, step: int, loss: float, learning_rate: float) -> None:
        """The loss the watch measures from, unless it has one already."""
        if not self._rise.started:
            self._rise.add(step, loss, learning_rate)

    def watch_afresh(self) -> None:
        self._rise.clear()
        self.rise_note = None

    def reread_validation(self, project) -> None:
        """The validation split's numbers as the project has them now (its histories go on)."""
        self._validation = validation_data(project)

    def new_session(self, project) -> None:
        self.watch_afresh()
        self._validation = validation_data(project)
        self.train.clear()
        self.validation = LossHistory() if self._validation is not None else None

    def clear(self) -> None:
        self.train.clear()
        if self.validation is not None:
            self.validation.clear()

    def refresh_validation(self, project) -> bool:
        """Take the project's validation split anew; True when one came or went (the curve starts again)."""
        validation = validation_data(project)
        changed = (validation is None) != (self.validation is None)
        if changed:
            self.validation = LossHistory() if validation is not None else None
        self._validation = validation
        return changed
