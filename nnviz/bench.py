"""`python -m nnviz.bench`: times the engine against straight-line numpy doing the same arithmetic.

The table is built from named sections (SECTIONS), each a function taking the timing Options and
returning Rows. Another module adds one by decorating a function with `@section("name")` and being
listed in SECTION_MODULES (import heavy things such as Qt inside the function, not at module level).
The "engine" section times one forward+backward (engine.compute) and one full-batch SGD step
(Trainer.step) per network, next to a hand-written numpy reference that is first checked to agree
with the engine to 1e-12.
"""
import nnviz  # noqa: F401  (first: it pins the BLAS thread count before numpy loads)

import argparse
import gc
import importlib
import os
import platform
import sys
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from nnviz.core.engine import compute
from nnviz.core.losses import Loss
from nnviz.core.network import Network
from nnviz.core.project import Project, TrainingSettings
from nnviz.core.training import Trainer

# Modules whose import registers further sections (e.g. the GUI's redraw timings).
SECTION_MODULES: tuple[str, ...] = ("nnviz.gui.bench_sections",)
TOLERANCE = 1e-12  # rtol and atol of the engine/reference agreement check
TARGET = 1.5  # engine/reference ratio the engine should stay under


# ----- timing ----------------------------------------------------------------------------------
@dataclass
class Options:
    """How long to time each cell: ~`seconds` per function, or exactly `repeat` calls."""

    seconds: float = 0.3
    repeat: int | None = None


@dataclass
class Timing:
    """Median and 90th percentile of one call, in microseconds, over `repeats` calls."""

    median_us: float
    p90_us: float
    repeats: int


@dataclass
class Row:
    """One line of the table: what was timed, and the reference it is compared with (if any)."""

    section: str
    case: str
    operation: str
    timing: Timing
    reference: Timing | None = None

    @property
    def ratio(self) -> float | None:
        return None if self.reference is None else self.timing.median_us / self.reference.median_us


def _sample(fn: Callable[[], object], count: int, out: list[int]) -> None:
    clock = time.perf_counter_ns
    for _ in range(count):
        start = clock()
        fn()
        out.append(clock() - start)


def summarise(samples_ns: list[int]) -> Timing:
    """Median and p90 of per-call times given in nanoseconds."""
    s = sorted(samples_ns)
    return Timing(s[len(s) // 2] / 1000.0, s[min(len(s) - 1, (len(s) * 9) // 10)] / 1000.0, len(s))


def time_calls(functions: list[Callable[[], object]], options: Options, rounds: int = 10) -> list[Timing]:
    """Time each function's calls, interleaved in `rounds` chunks so machine noise hits all alike."""
    counts = []
    for fn in functions:  # warm-up, and an estimate of one call's time
        warm: list[int] = []
        deadline = time.perf_counter_ns() + 20_000_000
        while len(warm) < 5 or (len(warm) < 200 and time.perf_counter_ns() < deadline):
            _sample(fn, 1, warm)
        per_call = max(sorted(warm)[len(warm) // 2], 100)
        counts.append(options.repeat or min(1_000_000, max(20, int(options.seconds * 1e9 / per_call))))
    samples: list[list[int]] = [[] for _ in functions]
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for r in range(rounds):
            for fn, count, out in zip(functions, counts, samples):
                chunk = count * (r + 1) // rounds - count * r // rounds
                _sample(fn, chunk, out)
    finally:
        if gc_was_enabled:
            gc.enable()
    return [summarise(s) for s in samples]


# ----- section registry --------------------------------------------------------------------------
SECTIONS: dict[str, Callable[[Options], list[Row]]] = {}
NOTES: dict[str, Callable[[], list[str]]] = {}  # lines printed under the table when the section ran


def section(name: str, notes: Callable[[], list[str]] = list):
    """Register a function Options -> list[Row] as a named section of the benchmark."""
    def register(fn):
        SECTIONS[name] = fn
        NOTES[name] = notes
        return fn
    return register


# ----- the engine section: networks and their straight-line numpy references ---------------------
# A reference pass takes params [W1, b1, W2, b2, ...], inputs x and targets y, and returns
# (loss, [dW1, db1, dW2, db2, ...], dL/dx), the same numbers engine.compute reports.

def reference_pass_example(p, x, y):
    """3-2-2-1: relu, relu, identity; sse (sum over samples)."""
    W1, b1, W2, b2, W3, b3 = p
    z1 = x @ W1.T + b1
    a1 = np.maximum(z1, 0.0)
    z2 = a1 @ W2.T + b2
    a2 = np.maximum(z2, 0.0)
    z3 = a2 @ W3.T + b3
    loss = ((y - z3) ** 2).sum(axis=1).sum()
    d3 = 2.0 * (z3 - y)
    d2 = (d3 @ W3) * (z2 > 0)
    d1 = (d2 @ W2) * (z1 > 0)
    return loss, [d1.T @ x, d1.sum(axis=0), d2.T @ a1, d2.sum(axis=0), d3.T @ a2, d3.sum(axis=0)], d1 @ W1


def reference_pass_bce(p, x, y):
    """2-8-8-1: tanh, tanh, sigmoid; binary cross-entropy (mean over samples)."""
    W1, b1, W2, b2, W3, b3 = p
    m, n = y.shape
    a1 = np.tanh(x @ W1.T + b1)
    a2 = np.tanh(a1 @ W2.T + b2)
    z3 = a2 @ W3.T + b3
    a3 = 1.0 / (1.0 + np.exp(-z3))
    loss = (y * np.logaddexp(0.0, -z3) + (1.0 - y) * np.logaddexp(0.0, z3)).mean(axis=1).sum() / m
    d3 = (a3 - y) / n / m
    d2 = (d3 @ W3) * (1.0 - a2 * a2)
    d1 = (d2 @ W2) * (1.0 - a1 * a1)
    return loss, [d1.T @ x, d1.sum(axis=0), d2.T @ a1, d2.sum(axis=0), d3.T @ a2, d3.sum(axis=0)], d1 @ W1


def reference_pass_deep(p, x, y):
    """Any depth: tanh hidden layers, identity output; mse (mean over outputs and samples)."""
    Ws, bs = p[0::2], p[1::2]
    m, n = y.shape
    acts = [x]
    for W, b in zip(Ws[:-1], bs[:-1]):
        acts.append(np.tanh(acts[-1] @ W.T + b))
    out = acts[-1] @ Ws[-1].T + bs[-1]
    loss = ((y - out) ** 2).mean(axis=1).sum() / m
    d = 2.0 * (out - y) / n / m
    grads = [None] * len(p)
    for l in range(len(Ws) - 1, -1, -1):
        if l < len(Ws) - 1:
            d = d * (1.0 - acts[l + 1] * acts[l + 1])
        grads[2 * l] = d.T @ acts[l]
        grads[2 * l + 1] = d.sum(axis=0)
        d = d @ Ws[l]
    return loss, grads, d


@dataclass
class Case:
    """A network with data, and the reference pass computing the same numbers by hand."""

    name: str
    description: str
    project: Project
    reference_pass: Callable


def _example_case() -> Case:
    net = Network.create(3, [2, 2, 1], ["relu", "relu", "identity"], weight=1.0)
    project = Project(net, Loss("sse"), np.array([[1.0, 2.0, -1.0]]), np.array([[0.0]]),
                      TrainingSettings(learning_rate=0.001))
    return Case("(a) 3-2-2-1", "relu, relu, identity; sse; all weights 1, biases 0; x=(1,2,-1), y=0; "
                "1 sample; lr 0.001", project, reference_pass_example)


def _bce_case() -> Case:
    rng = np.random.default_rng(1)
    net = Network.create(2, [8, 8, 1], ["tanh", "tanh", "sigmoid"])
    net.initialise("xavier", seed=2)
    x = rng.normal(size=(64, 2))
    y = (x[:, :1] * x[:, 1:] > 0).astype(float)  # XOR-like quadrants
    project = Project(net, Loss("bce"), x, y, TrainingSettings(learning_rate=0.1))
    return Case("(b) 2-8-8-1", "tanh, tanh, sigmoid; bce (mean); Xavier weights; 64 samples; lr 0.1",
                project, reference_pass_bce)


def _deep_case() -> Case:
    rng = np.random.default_rng(3)
    net = Network.create(32, [32] * 10, ["tanh"] * 9 + ["identity"])
    net.initialise("xavier", seed=4)
    x = rng.normal(size=(32, 32))
    y = rng.normal(size=(32, 32))
    project = Project(net, Loss("mse"), x, y, TrainingSettings(learning_rate=0.01))
    return Case("(c) 32-10x32", "32 inputs, 10 layers of 32 units: 9 tanh, then a 32-unit identity output; "
                "mse (mean); Xavier weights; 32 samples; lr 0.01", project, reference_pass_deep)


CASES: list[Callable[[], Case]] = [_example_case, _bce_case, _deep_case]


def params_of(network: Network) -> list[np.ndarray]:
    """[W1, b1, W2, b2, ...] as independent copies."""
    return [a.copy() for w, b in zip(network.weights, network.biases) for a in (w, b)]


def reference_step(pass_fn, state: list, x, y, lr: float) -> float:
    """One full-batch SGD step by hand; state = [params, grads] is replaced by the new ones."""
    params = [w - lr * g for w, g in zip(state[0], state[1])]
    loss, grads, _ = pass_fn(params, x, y)
    state[0], state[1] = params, grads
    return loss


def _close(what: str, engine, reference) -> None:
    np.testing.assert_allclose(engine, reference, rtol=TOLERANCE, atol=TOLERANCE, err_msg=f"{what} differs")


def verify_case(case: Case, steps: int = 3) -> None:
    """Raise AssertionError unless the reference agrees with compute and with Trainer.step to 1e-12."""
    p = case.project.copy()
    p.check()
    result = compute(p.network, p.loss, p.inputs, p.targets)
    loss, grads, grad_inputs = case.reference_pass(params_of(p.network), p.inputs, p.targets)
    _close(f"{case.name}: loss", result.loss, loss)
    _close(f"{case.name}: dL/dx", result.grad_inputs, grad_inputs)
    for l, layer in enumerate(result.layers):
        _close(f"{case.name}: dL/dW{l + 1}", layer.grad_weights, grads[2 * l])
        _close(f"{case.name}: dL/db{l + 1}", layer.grad_biases, grads[2 * l + 1])
    trainer = Trainer(p)
    state = [params_of(p.network), grads]
    for s in range(steps):
        engine_loss = trainer.step()
        ref_loss = reference_step(case.reference_pass, state, p.inputs, p.targets, p.training.learning_rate)
        _close(f"{case.name}: loss after step {s + 1}", engine_loss, ref_loss)
        for actual, expected in zip(params_of(p.network), state[0]):
            _close(f"{case.name}: parameters after step {s + 1}", actual, expected)


def engine_rows(case: Case, options: Options) -> list[Row]:
    """Time compute and Trainer.step against the reference, after verifying they agree."""
    verify_case(case)
    p = case.project.copy()
    net, loss, x, y, lr = p.network, p.loss, p.inputs, p.targets, p.training.learning_rate
    params = params_of(net)
    ref = case.reference_pass
    compute_times = time_calls([lambda: compute(net, loss, x, y), lambda: ref(params, x, y)], options)

    trainer = Trainer(p)
    state = [params_of(net), ref(params_of(net), x, y)[1]]
    step_times = time_calls([trainer.step, lambda: reference_step(ref, state, x, y, lr)], options)
    return [Row("engine", case.name, "forward+backward", *compute_times),
            Row("engine", case.name, "SGD step", *step_times)]


def engine_notes() -> list[str]:
    return [f"{case.name}: {case.description}" for case in (make() for make in CASES)] + [
        f"ratio = engine median / reference median (target <= {TARGET}); each reference was first checked "
        f"to agree with the engine to {TOLERANCE:g}"]


@section("engine", notes=engine_notes)
def engine_section(options: Options) -> list[Row]:
    rows = []
    for make in CASES:
        rows += engine_rows(make(), options)
    return rows


# ----- report ----------------------------------------------------------------------------------
def machine_info() -> list[str]:
    threads = ", ".join(f"{v}={os.environ.get(v, 'unset')}"
                        for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"))
    return [f"python {platform.python_version()} ({platform.python_implementation()}), numpy {np.__version__}, "
            f"{platform.machine()} {platform.system()}, {os.cpu_count()} CPUs",
            f"BLAS threads: {threads}"]


def format_table(rows: list[Row]) -> str:
    header = ("case", "operation", "median us", "p90 us", "ref median", "ref p90", "ratio", "repeats")
    lines = []
    for r in rows:
        ref = r.reference
        lines.append((r.case, r.operation, f"{r.timing.median_us:.1f}", f"{r.timing.p90_us:.1f}",
                      "" if ref is None else f"{ref.median_us:.1f}", "" if ref is None else f"{ref.p90_us:.1f}",
                      "" if r.ratio is None else f"{r.ratio:.2f}", str(r.timing.repeats)))
    widths = [max(len(str(c)) for c in col) for col in zip(header, *lines)]
    left = 2  # text columns are left-aligned, numbers right-aligned

    def fmt(cells):
        return "  ".join(c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([fmt(header), fmt(["-" * w for w in widths])] + [fmt(line) for line in lines])


def load_sections() -> list[str]:
    """Import the modules that register further sections; the names of all sections."""
    for module in SECTION_MODULES:
        importlib.import_module(module)
    return list(SECTIONS)


def run(names: list[str] | None = None, options: Options | None = None) -> list[Row]:
    """The rows of the named sections (all by default), in registration order."""
    available = load_sections()
    unknown = [n for n in names or [] if n not in available]
    if unknown:
        raise ValueError(f"unknown section {', '.join(unknown)}: choose from {', '.join(available)}")
    options = options or Options()
    rows: list[Row] = []
    for name in available:
        if names is None or name in names:
            rows += SECTIONS[name](options)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nnviz.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="about 0.03 s per cell instead of 0.3 s")
    parser.add_argument("--repeat", type=int, help="time exactly this many calls per cell")
    parser.add_argument("--section", action="append", help="run only this section (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the sections and exit")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(load_sections()))
        return 0
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    unknown = [n for n in args.section or [] if n not in load_sections()]
    if unknown:
        parser.error(f"unknown section {', '.join(unknown)}: choose from {', '.join(SECTIONS)}")
    options = Options(seconds=0.03 if args.quick else 0.3, repeat=args.repeat)
    print("\n".join(machine_info()))
    rows = run(args.section, options)
    print(format_table(rows))
    for name in dict.fromkeys(r.section for r in rows):
        for line in NOTES[name]():
            print(line)
    return 0


if __name__ == "__main__":
    # Run the imported module's main: section modules register into `nnviz.bench`, not `__main__`.
    from nnviz.bench import main as _main
    sys.exit(_main())
