"""Canonical names of every quantity of a pass, independent of any notation: `w:1:2:1`, `z:2:1@3`, `loss`.

Layers are numbered from 1 (layer 0 is the input, layer L the output), units and samples from 1.
`w:l:i:j` is the weight into unit i of layer l from unit j of layer l−1, `b:l:i` a bias. A pass's
quantities are `z:l:i@s`, `a:l:i@s` (a:L:k is ŷ_k), `fprime:l:i@s` (f'(z)), `grad_a:l:i@s` (∂L/∂a,
∂L/∂ŷ at l = L), `delta:l:i@s` (∂L/∂z), `loss`, `grad:w:l:i:j`, `grad:b:l:i`, and after one SGD step
`new:w:l:i:j`, `new:b:l:i`. Per-sample names default to sample 1. Other tools rely on these names.
"""
import re
from dataclasses import dataclass

PER_SAMPLE = ("z", "a", "fprime", "grad_a", "delta")
PARAMETERS = ("w", "b")
KINDS = PER_SAMPLE + ("loss", "grad_w", "grad_b", "new_w", "new_b") + PARAMETERS

_PATTERN = re.compile(r"^(?:(grad|new):)?([a-z_]+)((?::[+-]?\d+)*)(?:@([+-]?\d+))?$")


@dataclass(frozen=True)
class Quantity:
    """One number of a network and its pass, by kind and 1-based layer, unit(s) and sample."""

    kind: str
    layer: int = 0
    i: int = 0
    j: int = 0
    sample: int = 0

    @property
    def per_sample(self) -> bool:
        return self.kind in PER_SAMPLE

    @property
    def parameter(self) -> tuple[str, int, int, int] | None:
        """("w", l, i, j) or ("b", l, i, 0) for a parameter, its gradient or its update; else None."""
        kind = self.kind[-1] if self.kind in ("grad_w", "grad_b", "new_w", "new_b") else self.kind
        return (kind, self.layer, self.i, self.j) if kind in PARAMETERS else None

    def canonical(self) -> str:
        """The name other tools read: `z:1:2@1` (per-sample names always carry @s), `grad:w:1:2:1`, `loss`."""
        if self.kind == "loss":
            return "loss"
        if self.kind in PER_SAMPLE:
            return f"{self.kind}:{self.layer}:{self.i}@{self.sample}"
        prefix, kind = (self.kind.split("_") if "_" in self.kind else ("", self.kind))
        tail = f"{self.layer}:{self.i}" + (f":{self.j}" if kind == "w" else "")
        return f"{prefix + ':' if prefix else ''}{kind}:{tail}"

    def __str__(self) -> str:
        return self.canonical()


def parse(text: str) -> Quantity:
    """The Quantity of a canonical name; ValueError says what is wrong with it (not whether it exists)."""
    cleaned = "".join(text.split())
    match = _PATTERN.match(cleaned)
    if not match:
        raise ValueError(f'"{text.strip()}" is not a quantity name (examples: z:1:2@1, grad:w:1:2:1, loss)')
    prefix, kind, numbers, sample = match.groups()
    values = [int(n) for n in numbers.split(":")[1:]] if numbers else []
    if prefix:
        if kind not in PARAMETERS:
            raise ValueError(f'"{cleaned}": {prefix}: is followed by w or b (e.g. {prefix}:w:1:2:1, {prefix}:b:1:2)')
        kind = f"{prefix}_{kind}"
    if kind == "loss":
        if values or sample:
            raise ValueError(f'"{cleaned}": the loss is one number, write just "loss"')
        return Quantity("loss")
    if kind not in KINDS:
        raise ValueError(f'"{cleaned}": unknown quantity "{kind}" (expected z, a, fprime, grad_a, delta, '
                         "loss, grad:w, grad:b, new:w, new:b, w or b)")
    want = 3 if kind in ("w", "grad_w", "new_w") else 2
    if len(values) != want:
        example = {3: "LAYER:TO_UNIT:FROM_UNIT", 2: "LAYER:UNIT"}[want]
        raise ValueError(f'"{cleaned}": expected {_spelled(kind)}:{example} ({want} numbers), got {len(values)}')
    if sample is not None and kind not in PER_SAMPLE:
        raise ValueError(f'"{cleaned}": @sample belongs to per-sample quantities (z, a, fprime, grad_a, delta) only')
    s = int(sample) if sample is not None else 1
    return Quantity(kind, values[0], values[1], values[2] if want == 3 else 0, s if kind in PER_SAMPLE else 0)


def problem(q: Quantity, project) -> str | None:
    """Why this quantity does not exist in the project's network and data; None when it does."""
    net = project.network
    sizes = net.sizes()
    last = len(sizes) - 1
    if q.kind == "loss":
        return None
    if not 1 <= q.layer <= last:
        if q.layer == 0 and q.kind in PER_SAMPLE:
            return f"layer 0 is the input x, which is given, not computed: layers run from 1 to {last}"
        return f"layer {q.layer} does not exist: this network has layers 1 to {last} (layer 0 is the input)"
    if not 1 <= q.i <= sizes[q.layer]:
        return f"layer {q.layer} has {_units(sizes[q.layer])}, so there is no unit {q.i}"
    if q.kind in ("w", "grad_w", "new_w"):
        if not 1 <= q.j <= sizes[q.layer - 1]:
            below = "the input has" if q.layer == 1 else f"layer {q.layer - 1} has"
            return f"{below} {_units(sizes[q.layer - 1])}, so there is no unit {q.j} to come from"
        if not net.edge_present(q.layer - 1, q.i - 1, q.j - 1):
            return f"the edge w:{q.layer}:{q.i}:{q.j} is removed (its weight is fixed at 0)"
    if q.kind in ("b", "grad_b", "new_b") and not net.layers[q.layer - 1].bias:
        return f"layer {q.layer} has no bias"
    if q.kind in PER_SAMPLE and not 1 <= q.sample <= project.sample_count:
        return f"there is no sample {q.sample}: the data has {project.sample_count} sample" \
               f"{'' if project.sample_count == 1 else 's'}"
    if q.kind in ("fprime", "grad_a") and q.layer == last and net.layers[-1].activation == "softmax":
        what = "f'(z)" if q.kind == "fprime" else "∂L/∂ŷ"
        return f"a softmax output with cross-entropy has no separate {what}: its δ = ŷ − y is computed directly"
    return None


def _spelled(kind: str) -> str:
    """grad_w -> grad:w, as the kind is written in a name."""
    return kind.replace("_", ":") if kind.startswith(("grad_", "new_")) else kind


def _units(n: int) -> str:
    return f"{n} unit{'' if n == 1 else 's'}"


def value(q: Quantity, project, result, updated=None) -> float:
    """The exact value of an existing quantity from a pass (and, for new:…, the updated parameters)."""
    l, i, j, s = q.layer - 1, q.i - 1, q.j - 1, q.sample - 1
    if q.kind == "loss":
        return float(result.loss)
    if q.kind == "z":
        return float(result.layers[l].z[s, i])
    if q.kind == "a":
        return float(result.layers[l].a[s, i])
    if q.kind == "fprime":
        return float(result.fprime(l)[s, i])
    if q.kind == "grad_a":
        return float(result.grad_a(l)[s, i])
    if q.kind == "delta":
        return float(result.layers[l].delta[s, i])
    if q.kind == "grad_w":
        return float(result.layers[l].grad_weights[i, j])
    if q.kind == "grad_b":
        return float(result.layers[l].grad_biases[i])
    if q.kind == "w":
        return float(project.network.weights[l][i, j])
    if q.kind == "b":
        return float(project.network.biases[l][i])
    if updated is None:
        raise ValueError(f"{q.canonical()} needs the parameters after an SGD step")
    weights, biases = updated
    return float(weights[l][i, j] if q.kind == "new_w" else biases[l][i])


def all_quantities(project) -> list[Quantity]:
    """Every quantity of the project's pass in computation order (see the module docstring)."""
    net = project.network
    sizes = net.sizes()
    last = len(sizes) - 1
    m = project.sample_count
    softmax = net.layers[-1].activation == "softmax"
    out: list[Quantity] = []
    for l in range(1, last + 1):
        for kind in ("z", "a"):
            out += [Quantity(kind, l, i, 0, s) for s in range(1, m + 1) for i in range(1, sizes[l] + 1)]
    out.append(Quantity("loss"))
    for l in range(last, 0, -1):
        kinds = ("delta",) if l == last and softmax else ("grad_a", "fprime", "delta")
        for kind in kinds:
            out += [Quantity(kind, l, i, 0, s) for s in range(1, m + 1) for i in range(1, sizes[l] + 1)]
        out += [Quantity("grad_w", l, i, j) for i in range(1, sizes[l] + 1) for j in range(1, sizes[l - 1] + 1)
                if net.edge_present(l - 1, i - 1, j - 1)]
        if net.layers[l - 1].bias:
            out += [Quantity("grad_b", l, i) for i in range(1, sizes[l] + 1)]
    for l in range(1, last + 1):
        out += [Quantity("new_w", l, i, j) for i in range(1, sizes[l] + 1) for j in range(1, sizes[l - 1] + 1)
                if net.edge_present(l - 1, i - 1, j - 1)]
        if net.layers[l - 1].bias:
            out += [Quantity("new_b", l, i) for i in range(1, sizes[l] + 1)]
    return out
