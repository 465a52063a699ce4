"""The benchmark's engine section: compute, an edit's check + compute, and Trainer.step on the nets N1-N5,
each timed interleaved with the hand-written numpy floor and given as a ratio beside its goal.

The floor is ../shared/perf-floor beside the repository (or the folder NNVIZ_PERF_FLOOR names): its
nets, and for each figure the fastest of its implementations. Without that folder the section uses the
same nets and its own equally fast straight-line implementation (nnviz/bench/reference.py) and says so.
Every floor implementation is first checked to agree with the engine to 1e-12.
"""
import nnviz  # noqa: F401  (first: it pins the BLAS thread count before numpy loads)

import importlib
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from . import reference as bench_reference
from .table import Options, Row, Timing, section
from nnviz.core.engine import compute
from nnviz.core.losses import Loss
from nnviz.core.network import Layer, Network
from nnviz.core.project import WEIGHTS, Project, TrainingSettings
from nnviz.core.training import Trainer

FLOOR_VARIABLE = "NNVIZ_PERF_FLOOR"
TOLERANCE = 1e-12  # rtol and atol of the engine/floor agreement check
REPEATS = 21  # interleaved samples per figure; each is a loop of calls lasting seconds / REPEATS
GOALS = {"compute": 1.3, "edit: weight": 1.5, "edit: data cell": 1.5, "Trainer.step": 1.5}  # max ratio
LOSS_NAMES = {"sse": "sse", "half_sse": "half_sse", "bce": "bce", "mse": "mse", "ce": "cross_entropy"}


@dataclass
class Floor:
    """Where the floor comes from: the nets, their seeded numbers, and the implementations to time."""

    source: str
    nets: dict
    make_problem: Callable
    implementations: list
    fastest: dict[str, str] = field(default_factory=dict)  # "N1 compute" -> label of the fastest
    load: list[float] = field(default_factory=list)  # 1-minute load average before and after


LAST: list[Floor] = []  # the floor of the last run, for the notes


def floor_folder() -> Path:
    """../shared/perf-floor beside the repository root, or the folder NNVIZ_PERF_FLOOR names."""
    repository = Path(__file__).resolve().parents[2]  # nnviz/bench/engine.py
    return Path(os.environ.get(FLOOR_VARIABLE) or repository / ".." / "shared" / "perf-floor")


def load_floor() -> Floor:
    """The shared floor if its folder is there, else nnviz's own straight-line reference."""
    folder = floor_folder()
    if (folder / "nets.py").is_file() and (folder / "impl_numpy.py").is_file():
        sys.path.insert(0, str(folder))  # its modules import each other by their plain names
        try:
            nets, implementations = importlib.import_module("nets"), importlib.import_module("impl_numpy")
        finally:
            sys.path.remove(str(folder))
        labels = ", ".join(impl.label for impl in implementations.IMPLS)
        return Floor(f"the shared floor {folder.resolve()} (the fastest of {labels} for each figure)",
                     nets.NETS, nets.make_problem, list(implementations.IMPLS))
    return Floor(f"nnviz's own straight-line reference, nnviz/bench/reference.py ({folder} not found)",
                 bench_reference.NETS, bench_reference.make_problem, [bench_reference.StraightLine])


def project_of(spec, problem) -> Project:
    """The net as an nnviz project: weights turned to (out, in), the same data and learning rate."""
    weights, biases, x, y = problem
    activations = [spec.hidden] * (len(spec.sizes) - 2) + [spec.output]
    network = Network(spec.sizes[0], [Layer(n, a) for n, a in zip(spec.sizes[1:], activations)],
                      [np.ascontiguousarray(w.T) for w in weights], [np.array(b) for b in biases])
    return Project(network, Loss(LOSS_NAMES[spec.loss]), x, y, TrainingSettings(learning_rate=spec.lr))


def _close(what: str, engine, floor) -> None:
    np.testing.assert_allclose(engine, floor, rtol=TOLERANCE, atol=TOLERANCE, err_msg=f"{what} differs")


def verify(spec, make_problem, implementation, steps: int = 3) -> None:
    """Raise AssertionError unless the implementation agrees with compute and Trainer.step to 1e-12."""
    project = project_of(spec, make_problem(spec))
    floor = implementation(spec, *make_problem(spec))
    name = f"{spec.name} {implementation.label}"
    result = compute(project.network, project.loss, project.inputs, project.targets)
    _close(f"{name}: loss", result.loss, floor.forward_backward())
    for l, (layer, (dw, db)) in enumerate(zip(result.layers, floor.grads())):
        _close(f"{name}: dL/dW{l + 1}", layer.grad_weights, dw.T)
        _close(f"{name}: dL/db{l + 1}", layer.grad_biases, db)
    trainer = Trainer(project)
    for s in range(steps):
        trainer.step()
        floor.step()
        for l, (w, b) in enumerate(floor.params()):
            _close(f"{name}: W{l + 1} after step {s + 1}", project.network.weights[l], w.T)
            _close(f"{name}: b{l + 1} after step {s + 1}", project.network.biases[l], b)


def interleaved(functions: dict[str, Callable[[], object]], options: Options) -> dict[str, Timing]:
    """Median and 90th percentile of one call of each function, timed in turn so noise hits all alike.

    A sample is a loop of calls lasting about options.seconds / REPEATS (the mean of the loop counts);
    with options.repeat every sample is one call and there are that many. The garbage collector stays
    on: the engine's own allocations are part of its cost.
    """
    repeats = options.repeat or REPEATS
    counts = {name: 1 if options.repeat else _calibrate(fn, options.seconds / REPEATS)
              for name, fn in functions.items()}
    samples: dict[str, list[float]] = {name: [] for name in functions}
    clock = time.perf_counter
    for _ in range(repeats):
        for name, fn in functions.items():
            count = counts[name]
            start = clock()
            for _ in range(count):
                fn()
            samples[name].append((clock() - start) / count)
    return {name: _summary(s, counts[name] * repeats) for name, s in samples.items()}


def _calibrate(fn: Callable[[], object], seconds: float) -> int:
    fn()  # warm up: first-call allocations, a plan written on first use
    count = 1
    while True:
        start = time.perf_counter()
        for _ in range(count):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= seconds or count >= 1_000_000:
            return count
        count = max(count * 2, int(count * seconds / max(elapsed, 1e-9) * 1.1) + 1)


def _summary(samples: list[float], calls: int) -> Timing:
    s = sorted(samples)
    return Timing(s[len(s) // 2] * 1e6, s[min(len(s) - 1, (len(s) * 9) // 10)] * 1e6, calls)


def net_rows(spec, floor: Floor, options: Options) -> list[Row]:
    """The engine's figures for one net beside the floor's, all timed in one interleaved run."""
    for implementation in floor.implementations:
        verify(spec, floor.make_problem, implementation)
    edited = project_of(spec, floor.make_problem(spec))
    edited.check()
    network, loss, x, y = edited.network, edited.loss, edited.inputs, edited.targets
    trainer = Trainer(project_of(spec, floor.make_problem(spec)))

    def weight_edit():
        edited.check(WEIGHTS)
        return compute(network, loss, x, y)

    def cell_edit():
        edited.check(("inputs", 0, 0))
        return compute(network, loss, x, y)

    engine = {"compute": lambda: compute(network, loss, x, y), "edit: weight": weight_edit,
              "edit: data cell": cell_edit, "Trainer.step": trainer.step}
    references = {}
    for implementation in floor.implementations:
        instance = implementation(spec, *floor.make_problem(spec))
        references[f"pass {implementation.label}"] = instance.forward_backward
        references[f"step {implementation.label}"] = instance.step
    with np.errstate(over="ignore", invalid="ignore"):  # as Trainer.run: a divergence is reported, not warned
        times = interleaved({**engine, **references}, options)
    rows = []
    for operation in engine:
        kind = "step" if operation == "Trainer.step" else "pass"
        label = min((impl.label for impl in floor.implementations),
                    key=lambda lbl: times[f"{kind} {lbl}"].median_us)
        floor.fastest[f"{spec.name} {operation}"] = label
        rows.append(Row("engine", f"{spec.name} {'-'.join(map(str, _distinct(spec.sizes)))}", operation,
                        times[operation], times[f"{kind} {label}"], GOALS[operation]))
    return rows


def _distinct(sizes: tuple[int, ...]) -> list[str]:
    """Layer sizes as a short name: 32^10 for ten layers of 32."""
    if len(set(sizes)) == 1 and len(sizes) > 3:
        return [f"{sizes[0]}^{len(sizes)}"]
    return [str(n) for n in sizes]


def engine_notes() -> list[str]:
    if not LAST:
        return []
    floor = LAST[-1]
    lines = [f"{name}: {spec.description}" for name, spec in floor.nets.items()]
    lines.append(f"floor = {floor.source}")
    lines.append("ratio = engine median / floor median, interleaved in one process; goal = the largest ratio "
                 "allowed (issue 12); edit = Project.check(edited) + compute, as the document runs after a "
                 "weight or a data-cell edit")
    if len(floor.implementations) > 1:
        fastest = {}
        for key, label in floor.fastest.items():
            fastest.setdefault(label, []).append(key)
        lines.append("fastest floor: " + "; ".join(f"{label} for {', '.join(keys)}"
                                                   for label, keys in fastest.items()))
    if floor.load:
        lines.append(f"load average (1 min): {floor.load[0]:.2f} before the engine section, "
                     f"{floor.load[-1]:.2f} after")
    return lines


@section("engine", notes=engine_notes)
def engine_section(options: Options) -> list[Row]:
    floor = load_floor()
    LAST[:] = [floor]
    floor.load.append(_load())
    rows = []
    for spec in floor.nets.values():
        rows += net_rows(spec, floor, options)
    floor.load.append(_load())
    return rows


def _load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
