"""The derivation of a checked step with the student's own numbers put in: how a wrong step should have
been computed from what they had, next to what they wrote, the exact value and the likely slip."""
from .checking import Mark, Sheet
from .derivation import Explainer
from .layer_form import LayerForm
from .mathtext import Block, Line, NumberFormat
from .notation import Notation
from .quantities import Quantity


class StudentExplainer(Explainer):
    """An Explainer whose numbers are the student's: what they wrote, else computed from their own inputs;
    the step being checked is computed from their inputs even where they wrote it."""

    def __init__(self, sheet: Sheet, step: Quantity, notation: Notation | None = None,
                 fmt: NumberFormat | None = None):
        super().__init__(sheet.project, sheet.result, notation, fmt)
        self.sheet, self.step = sheet, step

    def value(self, q: Quantity) -> float:
        return self.sheet.recompute(q) if q == self.step else self.sheet.v(q)

    def sample_loss(self, s: int) -> float:
        return self.sheet.sample_loss(s)


def step_lines(e: StudentExplainer, q: Quantity) -> list[Line]:
    """The lines that compute q from its inputs, in the explainer's notation and numbers."""
    l, i, j, s = q.layer, q.i, q.j, q.sample
    if q.kind == "z":
        return [e.z_line(l, i, s)]
    if q.kind == "a":
        return [e.a_line(l, i, s)]
    if q.kind == "loss":
        return e.loss_block().lines[1:]
    if q.kind == "fprime":
        return [e.fprime_line(l, i, s)]
    if q.kind == "grad_a":
        return e.delta_lines(l, i, s)[:1] if l == e.last else [e.grad_a_line(l, i, s)]
    if q.kind == "delta":
        return e.delta_lines(l, i, s)[-1:]
    if q.kind == "grad_w":
        return [e.weight_gradient_line(l, i, j)]
    if q.kind == "grad_b":
        return [e.bias_gradient_line(l, i)]
    return LayerForm(e).update_block(Quantity(q.kind[-1], l, i, j)).lines[:1]


def step_block(sheet: Sheet, mark: Mark, notation: Notation | None = None, fmt: NumberFormat | None = None,
               title: str | None = None, exact: bool = True) -> Block:
    """A marked step: its computation from the student's own inputs, what they wrote, the exact value (unless
    `exact` is False: the app keeps it hidden until asked) and the diagnosis."""
    q, written = mark.answer.quantity, mark.answer.written
    e = StudentExplainer(sheet, q, notation, fmt)
    notes = [f"You wrote {written.text}. From your own numbers this step gives {e.fmt(mark.recomputed)}"
             + (f"; the exact value is {e.fmt(mark.exact)}." if exact else ".")]
    if mark.diagnosis:
        notes.append(mark.diagnosis)
    heading = title or f"{mark.answer.name} = {written.text} (line {mark.answer.line}): {mark.verdict}"
    return Block(heading, step_lines(e, q), notes)
