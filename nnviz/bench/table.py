"""The benchmark's table: times the engine against the hand-written numpy floor, and the GUI's redraws.

The table is built from named sections (SECTIONS), each a function taking the timing Options and
returning Rows. A module adds one by decorating a function with `@section("name")` and being listed
in SECTION_MODULES (import heavy things such as Qt inside the function, not at module level). The
"engine" section (engine.py) times compute, an edit's check + compute and Trainer.step on the
nets N1-N5 beside the floor, each ratio next to its goal.
"""
import nnviz  # noqa: F401  (first: it pins the BLAS thread count before numpy loads)

import argparse
import gc
import importlib
import os
import platform
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np


# Modules whose import registers further sections (e.g. the GUI's redraw timings).
SECTION_MODULES: tuple[str, ...] = ("nnviz.bench.engine", "nnviz.bench.gui_sections")


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
    goal: float | None = None  # the largest ratio to the reference allowed
    limit_us: float | None = None  # or the longest median allowed, for a goal in time (a GUI reaction)

    @property
    def ratio(self) -> float | None:
        return None if self.reference is None else self.timing.median_us / self.reference.median_us

    @property
    def met(self) -> bool | None:
        """Whether the median is within the goal, a ratio or a time (None without a goal)."""
        if self.limit_us is not None:
            return self.timing.median_us <= self.limit_us
        return None if self.goal is None or self.ratio is None else self.ratio <= self.goal

    def goal_text(self) -> str:
        if self.limit_us is not None:
            return f"<= {self.limit_us / 1000:g} ms"
        return "" if self.goal is None else f"<= {self.goal:.2f}x"


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


# ----- report ----------------------------------------------------------------------------------
def machine_info() -> list[str]:
    threads = ", ".join(f"{v}={os.environ.get(v, 'unset')}"
                        for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"))
    return [f"python {platform.python_version()} ({platform.python_implementation()}), numpy {np.__version__}, "
            f"{platform.machine()} {platform.system()}, {os.cpu_count()} CPUs",
            f"BLAS threads: {threads}"]


def format_table(rows: list[Row]) -> str:
    header = ("case", "operation", "median us", "p90 us", "ref median", "ref p90", "ratio", "goal", "met", "repeats")
    lines = []
    for r in rows:
        ref = r.reference
        lines.append((r.case, r.operation, f"{r.timing.median_us:.1f}", f"{r.timing.p90_us:.1f}",
                      "" if ref is None else f"{ref.median_us:.1f}", "" if ref is None else f"{ref.p90_us:.1f}",
                      "" if r.ratio is None else f"{r.ratio:.2f}", r.goal_text(),
                      {None: "", True: "yes", False: "NO"}[r.met], str(r.timing.repeats)))
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
