"""The answer sheet kept with a network: what the student typed, by canonical name, in the file's `view`
(`view["answers"] = {"grad:w:1:1:3": "-0.00285", ...}`), each quantity's name on the sheet and its group.

The app's sheet and its exported report read the answers from here; `nnviz check` ignores this key.
"""
from .answers import Answer, read_number
from .notation import LOSS, Name, Namer
from .quantities import Quantity, parse

ANSWERS_KEY = "answers"
SHORT = {"z": "z", "a": "a", "fprime": "f′", "grad_a": "∂a", "delta": "δ", "grad_b": "∂b", "new_b": "b′",
         "grad_w": "∂w", "new_w": "w′"}  # a quantity's kind in a word, for the canvas's badges


def stored_answers(view) -> dict[str, str]:
    """The answers the view holds, {canonical name: text as typed}; entries of other types are ignored."""
    value = view.get(ANSWERS_KEY) if isinstance(view, dict) else None
    if not isinstance(value, dict):
        return {}
    return {name: text for name, text in value.items() if isinstance(name, str) and isinstance(text, str)}


def with_answers(view, changes: dict[str, str | None]) -> dict[str, str] | None:
    """The view's answers with `changes` applied (None clears one); None when none are left."""
    answers = stored_answers(view)
    for name, text in changes.items():
        if text is None:
            answers.pop(name, None)
        else:
            answers[name] = text
    return answers or None


def sheet_name(q: Quantity, namer: Namer, project) -> Name:
    """The quantity's name in the notation, as the sheet lists it; `@s` for a sample when there are several.

    Each is a name an answer file may use (answers.notation_names reads them back)."""
    l, i, j = q.layer, q.i, q.j
    kind = q.kind
    if kind == "loss":
        return LOSS
    if kind == "z":
        n = namer.z(l, i)
    elif kind == "a":
        n = namer.a(l, i)
    elif kind == "fprime":
        n = namer.fprime(l, i, project.network.layers[l - 1].activation)
    elif kind == "grad_a":
        n = namer.grad(namer.a(l, i))
    elif kind == "delta":
        n = namer.delta(l, i)
    elif kind == "grad_w":
        n = namer.grad(namer.w(l, i, j))
    elif kind == "grad_b":
        n = namer.grad(namer.b(l, i))
    else:
        param = namer.w(l, i, j) if kind == "new_w" else namer.b(l, i)
        n = param.wrap(("", "", ""), (" (new)", r"\text{ (new)}", "_new"))
    if q.per_sample and project.sample_count > 1:
        n = n.wrap(("", "", ""), (f" @{q.sample}", rf"\ @{q.sample}", f"@{q.sample}"))
    return n


def group_title(q: Quantity, project) -> str:
    """The part of the sheet a quantity is listed under: forward, loss, backward (per layer) or the step."""
    net = project.network
    last = len(net.layers)
    l = q.layer
    where = f"layer {l}" + (", the output" if l == last else "")
    if q.kind in ("z", "a"):
        return f"Forward pass · {where} ({net.layers[l - 1].activation})"
    if q.kind == "loss":
        m = project.sample_count
        return f"Loss ({project.loss.name}, {project.loss.reduction} over {m} sample{'' if m == 1 else 's'})"
    if q.kind in ("new_w", "new_b"):
        return f"After one SGD step (η = {project.training.learning_rate:g}) · layer {l}"
    return f"Backward pass · {where}"


def sheet_answers(project, namer: Namer, order: dict[Quantity, int]) -> list[Answer]:
    """The view's answers that can be read and exist in this network, in computation order (`order`, from
    quantities.all_quantities); each answer's line is its quantity's place in that order, from 1."""
    answers = []
    for canonical, text in stored_answers(project.view).items():
        try:
            q, written = parse(canonical), read_number(text)
        except ValueError:  # a hand-edited view: what cannot be read is not on the sheet
            continue
        if q in order:
            answers.append(Answer(order[q] + 1, sheet_name(q, namer, project).unicode, q, written))
    return sorted(answers, key=lambda a: a.line)
