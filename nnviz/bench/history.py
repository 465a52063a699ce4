"""The loss history's benchmark: a million appends, one extend, and series() afterwards."""
import time

import numpy as np

from nnviz.core.history import LossHistory


def bench_history(n: int = 1_000_000, max_points: int = 4000) -> dict[str, float]:
    """Timings for nnviz.bench: n appends, one extend of n points, and series() afterwards."""
    rng = np.random.default_rng(0)
    losses = np.abs(rng.normal(size=n)).cumsum()[::-1] / n
    steps = np.arange(1, n + 1, dtype=float)
    history = LossHistory(max_points)
    step_list, loss_list = steps.tolist(), losses.tolist()
    start = time.perf_counter()
    for s, v in zip(step_list, loss_list):
        history.append(s, v)
    append_s = time.perf_counter() - start
    start = time.perf_counter()
    x, _ = history.series()
    series_s = time.perf_counter() - start
    other = LossHistory(max_points)
    start = time.perf_counter()
    other.extend(steps, losses)
    extend_s = time.perf_counter() - start
    return {
        "points": float(n),
        "append_total_s": append_s,
        "append_per_call_us": append_s / n * 1e6,
        "extend_total_s": extend_s,
        "series_ms": series_s * 1e3,
        "series_points": float(x.size),
        "nbytes": float(history.nbytes),
    }
