"""Notices a learning rate too large even though nothing overflows: a loss that rises and stays up.

With η far too large the sigmoids saturate and the loss jumps between huge finite values for ever (XOR at
η = 1e6: 0.69, then 3e4, 5e5, 3e4, 5e5, ...): the divergence check never fires, yet training is lost.
A loss above its value when watching began, for RISE_STEPS steps in a row, says so. A falling loss, even
a noisy mini-batch one, dips back below that value long before.
"""
from .numbers import format_number

RISE_STEPS = 50


class LossRise:
    """Counts the steps in a row whose loss is above the reference: the first loss it was given."""

    def __init__(self, limit: int = RISE_STEPS):
        self.limit = limit
        self.clear()

    def clear(self) -> None:
        """Watch afresh: the next loss given is the new reference."""
        self.reference: tuple[int, float] | None = None  # (step, loss)
        self.streak = 0

    @property
    def started(self) -> bool:
        return self.reference is not None

    def add(self, step: int, loss: float, learning_rate: float) -> str | None:
        """Record the loss after `step`; the note when this makes `limit` steps above the reference in a row."""
        if self.reference is None:
            self.reference = (step, loss)
            return None
        self.streak = self.streak + 1 if loss > self.reference[1] else 0
        if self.streak != self.limit:
            return None
        first, start = self.reference
        return (f"the loss has risen and stayed up for {self.limit} steps in a row (from {format_number(start)} "
                f"at step {first:,} to {format_number(loss)} at step {step:,}): lower the learning rate η "
                f"(it is {format_number(learning_rate)})")

    @property
    def rising(self) -> bool:
        """Whether the loss is still above the reference after a note."""
        return self.streak >= self.limit
