"""Naming the slip behind a wrong step: each slip students make is tried where it can occur, from the student's
own inputs, and every one that reproduces the value written is named in words a student understands.

Slips: a factor of 2 (squared vs half squared error), a sign, a missing or extra 1/m, the transposed weight
w_ji for w_ij, σ'(z) taken as z(1 − z) instead of a(1 − a), the activation not applied (z used for a), one
path left out of a sum, a value copied from another answer; an arithmetic slip when none fits.
"""
import math

from .answers import Answer
from .checking import Sheet
from .numbers import format_number
from .quantities import Quantity

FACTOR_TWO_STEPS = ("loss", "grad_a", "delta", "grad_w", "grad_b")
ONE_OVER_M_STEPS = ("loss", "grad_a", "delta", "grad_w", "grad_b")
TRANSPOSE_STEPS = ("z", "grad_a", "grad_w")
WHAT = {"z": "z", "a": "a", "fprime": "f'(z)", "grad_a": "∂L/∂a", "delta": "δ", "loss": "the loss",
        "grad_w": "∂L/∂w", "grad_b": "∂L/∂b", "new_w": "the updated weight", "new_b": "the updated bias"}


def _f(x: float) -> str:
    return format_number(x, 4)


def diagnose(sheet: Sheet, answer: Answer, exact: float, recomputed: float) -> str:
    """One line naming each slip that reproduces the written value, or an arithmetic slip."""
    q, written = answer.quantity, answer.written
    found = [text for text, value in candidates(sheet, q, recomputed)
             if written.matches(value) and not written.matches(recomputed)]
    found += copied(sheet, answer)
    if found:
        return "; ".join(dict.fromkeys(found))
    if not math.isfinite(recomputed):
        return (f"{written.text} is not the exact value {_f(exact)}, and this step cannot be worked out from your "
                "own earlier numbers: they are too large (check them first)")
    return (f"{written.text} does not follow from the numbers it is computed from: from your own inputs this step "
            f"gives {_f(recomputed)} (the exact value is {_f(exact)}): an arithmetic slip?")


def candidates(sheet: Sheet, q: Quantity, rc: float) -> list[tuple[str, float]]:
    """(what the slip is, the value it would give) for each slip that can occur at this step."""
    out: list[tuple[str, float]] = []
    kind = q.kind
    what = WHAT[kind]
    output_grad = kind == "grad_a" and q.layer == sheet.last
    if kind in FACTOR_TWO_STEPS:
        out += _factor_two(sheet, kind, rc, "∂L/∂ŷ" if output_grad else what)
    if kind in ("new_w", "new_b"):
        param = sheet.weight(q.layer, q.i, q.j) if kind == "new_w" else sheet.bias(q.layer, q.i)
        grad = sheet.v(Quantity("grad_" + kind[-1], q.layer, q.i, q.j))
        eta = sheet.project.training.learning_rate
        out.append((f"you added η·∂L/∂θ instead of subtracting it: the update is θ ← θ − η ∂L/∂θ "
                    f"= {_f(param)} − {_f(eta)} · {_f(grad)} = {_f(rc)}", param + eta * grad))
    else:
        out.append((f"the sign is wrong: this step gives {_f(rc)}", -rc))
    if kind in ONE_OVER_M_STEPS and sheet.m > 1:
        mean = sheet.project.loss.reduction == "mean"
        if mean:
            out.append((f"the 1/m is missing: the loss is the mean over the m = {sheet.m} samples, so {what} is "
                        f"{_f(rc)}, not {sheet.m} times that", rc * sheet.m))
            out.append((f"1/m is applied twice: divide by m = {sheet.m} once (δ already includes it)", rc / sheet.m))
        else:
            out.append((f"there is no 1/m: this loss is summed over the samples, not averaged, so {what} is "
                        f"{_f(rc)}", rc / sheet.m))
    if kind in TRANSPOSE_STEPS:
        transposed = _transposed(sheet, q)
        if transposed is not None:
            out.append((f"the weight indices are swapped: w_ji was used for w_ij (check which index is the unit "
                        f"the weight goes into); with the right weights this step gives {_f(rc)}", transposed))
    if kind == "fprime" and sheet.activation(q.layer) in ("sigmoid", "tanh"):
        z = sheet.v(Quantity("z", q.layer, q.i, 0, q.sample))
        if sheet.activation(q.layer) == "sigmoid":
            out.append((f"σ'(z) was computed as z(1 − z) = {_f(z * (1 - z))}; it is a(1 − a) with a = σ(z): "
                        f"{_f(rc)}", z * (1 - z)))
        else:
            out.append((f"tanh'(z) was computed as 1 − z²; it is 1 − a² with a = tanh(z): {_f(rc)}", 1 - z * z))
    if kind == "a" and sheet.activation(q.layer) != "identity":
        z = sheet.v(Quantity("z", q.layer, q.i, 0, q.sample))
        out.append((f"the activation was not applied: that is z = {_f(z)}; a = {sheet.activation(q.layer)}(z) = "
                    f"{_f(rc)}", z))
    if kind == "grad_a" and not output_grad:
        out += _missing_paths(sheet, q, rc)
    return out


def _factor_two(sheet: Sheet, kind: str, rc: float, what: str) -> list[tuple[str, float]]:
    loss = sheet.project.loss.name
    twice, half = f"{_f(2 * rc)} is twice the correct {_f(rc)}", f"{_f(rc / 2)} is half the correct {_f(rc)}"
    if loss == "half_sse":
        why = ("the loss is ½(y − ŷ)², so ∂L/∂ŷ = ŷ − y, not 2(ŷ − y)" if kind != "loss"
               else "the loss is ½(y − ŷ)²: the ½ is missing")
        return [(f"{twice}: {why}", 2 * rc), (f"{half}: a factor ½ too many", rc / 2)]
    if loss == "sse":
        why = ("the loss is (y − ŷ)², without ½, so ∂L/∂ŷ = 2(ŷ − y), not ŷ − y" if kind != "loss"
               else "the loss is (y − ŷ)², without ½")
        return [(f"{half}: {why}", rc / 2), (f"{twice}: a factor 2 too many", 2 * rc)]
    return [(f"{twice}: a factor 2 too many in {what}", 2 * rc), (f"{half}: a factor 2 missing in {what}", rc / 2)]


def _transposed(sheet: Sheet, q: Quantity) -> float | None:
    """The step with w_ji in place of w_ij (where that weight exists), or None."""
    sizes = sheet.sizes

    def swapped(l: int, i: int, j: int) -> float:
        if j > sizes[l] or i > sizes[l - 1]:
            raise IndexError
        return sheet.weight(l, j, i)

    try:
        if q.kind == "grad_w":
            if q.j > sizes[q.layer] or q.i > sizes[q.layer - 1]:
                return None
            return sheet.recompute(Quantity("grad_w", q.layer, q.j, q.i))
        return sheet.recompute(q, weight=swapped)
    except IndexError:
        return None


def _missing_paths(sheet: Sheet, q: Quantity, rc: float) -> list[tuple[str, float]]:
    """∂L/∂a = Σₖ w δₖ with one term left out, for each k."""
    out = []
    l, i, s = q.layer, q.i, q.sample
    for k in range(1, sheet.sizes[l + 1] + 1):
        term = sheet.weight(l + 1, k, i) * sheet.v(Quantity("delta", l + 1, k, 0, s))
        if term != 0 and sheet.sizes[l + 1] > 1:
            out.append((f"a path is missing: ∂L/∂a sums w·δ over every unit k of the next layer; the term of unit "
                        f"{k} ({_f(term)}) is left out; all of them give {_f(rc)}", rc - term))
    return out


def copied(sheet: Sheet, answer: Answer) -> list[str]:
    """Another answer on the sheet whose value this one repeats (when that is not also this one's value)."""
    out = []
    for other in sheet.answers:
        if other is answer or other.quantity == answer.quantity:
            continue
        if answer.written.matches(other.written.value) and other.written.value != 0:
            out.append(f"the same number as {other.name} (line {other.line}): copied from that answer?")
    return out[:1]
