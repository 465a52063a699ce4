"""Why a loss is not a finite number, in words a teacher can act on (the CLI and the app both say it)."""
import numpy as np

from .engine import Result
from .project import Project


def starting_loss_problem(project: Project, result: Result) -> str | None:
    """Why training cannot start from this pass (its loss is inf or NaN before any step), or None."""
    if np.isfinite(result.loss):
        return None
    return (f"the starting loss is {float(result.loss)!r} before any step, so no step can be taken: "
            f"{_cause(project, result)}. Make those numbers smaller and try again.")


def _cause(project: Project, result: Result) -> str:
    net = project.network
    for l, lr in enumerate(result.layers):
        bad = ~np.isfinite(lr.z) | ~np.isfinite(lr.a)
        if not bad.any():
            continue
        s, i = (int(k) for k in np.argwhere(bad)[0])
        feeding = (project.inputs if l == 0 else result.layers[l - 1].a)[s]  # finite: layer l is the first
        w = net.weights[l][i] if net.masks[l] is None else np.where(net.masks[l][i], net.weights[l][i], 0.0)
        with np.errstate(all="ignore"):
            terms = np.abs(w * feeding)
        j = int(np.argmax(np.where(np.isnan(terms), np.inf, terms)))
        name = f"x{j + 1}" if l == 0 else f"a({l})[{j + 1}]"
        term = f"the weight w({l + 1})[{i + 1},{j + 1}] = {w[j]:g} times {name} = {feeding[j]:g}"
        biggest = terms[j]
        if net.layers[l].bias and not abs(net.biases[l][i]) < biggest:
            term, biggest = f"the bias b({l + 1})[{i + 1}] = {net.biases[l][i]:g}", abs(net.biases[l][i])
        how = "is" if not np.isfinite(biggest) else "adds up to"
        return (f"z of unit {i + 1} in layer {l + 1} (sample {s + 1}) is {float(lr.z[s, i])!r}: {term} {how} more "
                "than a float can hold (about 1.8e308)")
    losses = result.sample_losses
    s = int(np.argmax(~np.isfinite(losses)))
    with np.errstate(all="ignore"):
        gap = np.abs(result.outputs[s] - result.targets[s])
    k = int(np.argmax(np.where(np.isnan(gap), np.inf, gap)))
    return (f"the outputs are finite, but the loss of sample {s + 1} overflows: its output "
            f"{result.outputs[s, k]:g} is too far from its target {result.targets[s, k]:g}")
