"""LossHistory: fixed memory over a million steps, and a series that keeps the true envelope."""
import numpy as np
import pytest

from nnviz.core import history as history_module
from nnviz.bench.history import bench_history
from nnviz.core.history import LossHistory


def reference_series(steps, losses, width, raw_points):
    """What series() must draw, computed directly: every block of `width` points (from the first) as
    its min and max in step order, for points before the last `raw_points`; then those last points."""
    n = len(steps)
    tail_start = max(0, n - raw_points)
    xs, ys = [], []
    for start in range(0, n, width):
        block_s, block_v = steps[start:start + width], losses[start:start + width]
        lo, hi = int(np.argmin(block_v)), int(np.argmax(block_v))
        for i in sorted({lo, hi}):
            if start + i < tail_start:
                xs.append(block_s[i])
                ys.append(block_v[i])
    return np.array(xs + list(steps[tail_start:])), np.array(ys + list(losses[tail_start:]))


def random_walk(n, seed=0):
    rng = np.random.default_rng(seed)
    return np.arange(1, n + 1, dtype=float), np.exp(rng.normal(size=n).cumsum() / 30.0)


def test_short_runs_are_kept_exactly():
    h = LossHistory()
    assert h.last() is None and len(h) == 0 and h.series()[0].size == 0
    for step, loss in [(0, 5.0), (1, 3.0), (2, 4.0)]:
        h.append(step, loss)
    x, y = h.series()
    assert x.tolist() == [0, 1, 2] and y.tolist() == [5.0, 3.0, 4.0]
    assert h.last() == (2.0, 4.0) and len(h) == 3
    assert h.minimum() == (1.0, 3.0) and h.maximum() == (0.0, 5.0)


@pytest.mark.parametrize("max_points, n", [(4000, 1), (4000, 499), (4000, 500), (4000, 501), (4000, 1748),
                                           (4000, 1749), (4000, 5000), (4000, 123_457),
                                           # 8 raw points, 26 buckets: the bucket being filled often
                                           # reaches back before the raw tail
                                           (64, 26), (64, 27), (64, 1000), (64, 1013), (64, 4095), (64, 9999)])
def test_series_matches_the_block_envelope_reference(max_points, n):
    steps, losses = random_walk(n, seed=n)
    h = LossHistory(max_points)
    h.extend(steps, losses)
    x, y = h.series()
    rx, ry = reference_series(steps, losses, h.width, h.raw_points)
    assert np.array_equal(x, rx) and np.array_equal(y, ry)
    assert x.size <= h.max_points


def test_append_and_extend_in_any_chunks_give_the_same_series():
    steps, losses = random_walk(60_000, seed=3)
    one = LossHistory()
    for s, v in zip(steps.tolist(), losses.tolist()):
        one.append(s, v)
    chunks = LossHistory()
    rng = np.random.default_rng(9)
    cuts = np.sort(rng.choice(np.arange(1, steps.size), size=40, replace=False))
    for i, (s, v) in enumerate(zip(np.split(steps, cuts), np.split(losses, cuts))):
        if i % 3 == 0:  # mix single appends with vectorised extends
            for a, b in zip(s, v):
                chunks.append(a, b)
        else:
            chunks.extend(s, v)
    for a, b in zip(one.series(), chunks.series()):
        assert np.array_equal(a, b)
    assert one.width == chunks.width and len(one) == len(chunks) == steps.size


def test_a_million_appends_stay_in_fixed_memory_and_keep_min_max_and_last_exactly():
    n = 1_000_000
    rng = np.random.default_rng(1)
    steps = np.arange(1, n + 1, dtype=float)
    losses = np.exp(0.5 * rng.normal(size=n)) / (1.0 + steps / 1e5)  # decays, noisy, within [1e-4, 100]
    losses[123_456] = 1e-9  # a global minimum and a spike, far back in the run
    losses[654_321] = 1e9
    h = LossHistory(max_points=4000)
    sizes = {name: a.size for name, a in vars(h).items() if isinstance(a, np.ndarray)}
    nbytes = h.nbytes
    largest_stage = 0
    for s, v in zip(steps.tolist(), losses.tolist()):
        h.append(s, v)
        largest_stage = max(largest_stage, len(h._stage_steps))
    assert {name: a.size for name, a in vars(h).items() if isinstance(a, np.ndarray)} == sizes
    assert h.nbytes == nbytes < 100_000
    assert largest_stage < history_module._STAGE and h._n_buckets <= h.buckets
    assert len(h) == n
    x, y = h.series()
    assert x.size <= 4000 and x.size > 2000
    assert (np.diff(x) > 0).all()
    assert np.array_equal(y, losses[x.astype(int) - 1])  # every drawn point is a real recorded point
    assert (x[-1], y[-1]) == (steps[-1], losses[-1]) == h.last()
    assert (y.min(), y.max()) == (1e-9, 1e9)
    assert x[np.argmin(y)] == 123_457 and x[np.argmax(y)] == 654_322
    assert h.minimum() == (123_457.0, 1e-9) and h.maximum() == (654_322.0, 1e9)
    tail = h.raw_points
    assert np.array_equal(x[-tail:], steps[-tail:]) and np.array_equal(y[-tail:], losses[-tail:])


def test_constant_losses_give_strictly_increasing_steps():
    h = LossHistory(max_points=64)
    h.extend(np.arange(10_000), np.ones(10_000))
    x, y = h.series()
    assert (np.diff(x) > 0).all() and (y == 1.0).all() and x[-1] == 9999 and x[0] == 0


def test_non_finite_losses_are_marked_not_drawn():
    h = LossHistory()
    h.append(1, 0.5)
    h.append(2, float("nan"))
    h.mark_divergence(3)
    h.extend([4, 5, 6], [0.25, float("inf"), 0.125])
    x, y = h.series()
    assert x.tolist() == [1, 4, 6] and y.tolist() == [0.5, 0.25, 0.125]
    assert h.divergences().tolist() == [2, 3, 5] and h.divergence_count == 3
    assert len(h) == 3 and h.last() == (6.0, 0.125)


def test_steps_must_increase_until_cleared():
    h = LossHistory()
    h.extend([0, 1, 2], [3.0, 2.0, 1.0])
    with pytest.raises(ValueError, match="does not come after the last recorded step 2"):
        h.append(2, 0.5)
    with pytest.raises(ValueError, match="steps must increase"):
        h.extend([3, 5, 4], [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="2 steps but 1 losses"):
        h.extend([7, 8], [1.0])
    h.clear()
    assert len(h) == 0 and h.last() is None and h.divergences().size == 0
    h.append(0, 9.0)
    assert h.series()[1].tolist() == [9.0] and h.minimum() == (0.0, 9.0)


def test_bench_history_reports_its_figures():
    figures = bench_history(n=20_000)
    assert figures["points"] == 20_000 and figures["series_points"] <= 4000
    assert all(figures[k] > 0 for k in ("append_total_s", "append_per_call_us", "extend_total_s", "series_ms"))
