"""A loss curve for runs of millions of steps, in fixed memory, that still shows every spike.

Two levels:
- the last `raw_points` points, exactly (a ring buffer);
- every point ever recorded, summarised in at most `buckets` buckets of `width` consecutive points,
  each keeping its first and last step and its minimum and maximum (with the steps they occurred
  at). When the buckets are full, neighbours merge pairwise and the width doubles.
`series()` draws the buckets older than the raw tail as their minimum and maximum, in step order,
then the raw tail, so the curve keeps its min/max envelope, its global minimum and maximum, and its
latest point exactly, with at most `max_points` points.

Appends are buffered and folded in with numpy in chunks, so `append` is O(1) amortised.
A non-finite loss is not drawn: its step is remembered in `divergences()`.
"""
import math
from collections import deque

import numpy as np

_STAGE = 1024  # appends buffered before they are folded in with numpy
_MARKS = 256  # most recent divergence steps kept


class LossHistory:
    """Bounded (step, loss) record with a plot-ready min/max-preserving series()."""

    def __init__(self, max_points: int = 4000):
        if max_points < 16:
            raise ValueError(f"max_points must be at least 16, got {max_points}")
        self.max_points = max_points
        self.raw_points = max_points // 8
        self.buckets = ((max_points - self.raw_points) // 2 - 1) // 2 * 2  # even, for pairwise merging
        b, r = self.buckets, self.raw_points
        self._ring_step, self._ring_loss = np.empty(r), np.empty(r)
        self._first, self._last = np.empty(b), np.empty(b)
        self._min, self._min_step = np.empty(b), np.empty(b)
        self._max, self._max_step = np.empty(b), np.empty(b)
        self.clear()

    # ----- recording -----------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget every point and mark."""
        self._stage_steps: list[float] = []
        self._stage_losses: list[float] = []
        self._ring_head = 0  # next slot to write
        self._ring_count = 0
        self._n_buckets = 0
        self.width = 1  # points per closed bucket
        self._open_count = 0
        self._open = [0.0] * 6  # first, last, min, min_step, max, max_step of the bucket being filled
        self._count = 0
        self._last_step = -math.inf
        self._latest: tuple[float, float] | None = None
        self._global_min: tuple[float, float] | None = None  # (step, loss)
        self._global_max: tuple[float, float] | None = None
        self._marks: deque[float] = deque(maxlen=_MARKS)
        self.divergence_count = 0

    def append(self, step: float, loss: float) -> None:
        """Record one point; steps must increase. A non-finite loss is recorded as a divergence."""
        step = float(step)
        if not step > self._last_step:
            raise ValueError(f"step {step:g} does not come after the last recorded step {self._last_step:g}; "
                             "call clear() before recording a new run")
        self._last_step = step
        loss = float(loss)
        if not math.isfinite(loss):
            self._mark(step)
            return
        self._stage_steps.append(step)
        self._stage_losses.append(loss)
        self._latest = (step, loss)
        if len(self._stage_steps) >= _STAGE:
            self._flush()

    def extend(self, steps, losses) -> None:
        """Record many points at once (vectorised); the same rules as append."""
        steps = np.asarray(steps, dtype=float).ravel()
        losses = np.asarray(losses, dtype=float).ravel()
        if steps.shape != losses.shape:
            raise ValueError(f"{steps.size} steps but {losses.size} losses")
        if steps.size == 0:
            return
        if not (steps[0] > self._last_step and (steps.size == 1 or (np.diff(steps) > 0).all())):
            raise ValueError("steps must increase, and come after the last recorded step "
                             f"{self._last_step:g}; call clear() before recording a new run")
        self._flush()
        self._last_step = float(steps[-1])
        finite = np.isfinite(losses)
        if not finite.all():
            for step in steps[~finite][-_MARKS:]:
                self._marks.append(float(step))
            self.divergence_count += int((~finite).sum())
            steps, losses = steps[finite], losses[finite]
            if steps.size == 0:
                return
        self._latest = (float(steps[-1]), float(losses[-1]))
        self._ingest(steps, losses)

    def mark_divergence(self, step: float) -> None:
        """Remember that training diverged at `step` (e.g. on TrainingDiverged), without a point."""
        self._mark(float(step))

    def _mark(self, step: float) -> None:
        self._marks.append(step)
        self.divergence_count += 1

    # ----- reading -------------------------------------------------------------------------------
    def __len__(self) -> int:
        """The number of (finite) points recorded since the last clear()."""
        return self._count + len(self._stage_steps)

    def last(self) -> tuple[float, float] | None:
        """(step, loss) of the latest point, or None."""
        return self._latest

    def minimum(self) -> tuple[float, float] | None:
        """(step, loss) of the lowest loss (the earliest, on ties), or None."""
        self._flush()
        return self._global_min

    def maximum(self) -> tuple[float, float] | None:
        """(step, loss) of the highest loss (the earliest, on ties), or None."""
        self._flush()
        return self._global_max

    def divergences(self) -> np.ndarray:
        """Steps marked as divergences (the most recent 256)."""
        return np.array(self._marks, dtype=float)

    @property
    def nbytes(self) -> int:
        """Bytes held in numpy arrays (fixed from construction on)."""
        return sum(a.nbytes for a in (self._ring_step, self._ring_loss, self._first, self._last,
                                      self._min, self._min_step, self._max, self._max_step))

    def series(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) for plotting: strictly increasing steps, min/max of old buckets, then the raw tail."""
        self._flush()
        if self._ring_count == 0:
            return np.empty(0), np.empty(0)
        start = (self._ring_head - self._ring_count) % self.raw_points
        order = (start + np.arange(self._ring_count)) % self.raw_points
        tail_x, tail_y = self._ring_step[order], self._ring_loss[order]
        nb = self._n_buckets
        mins_s, mins = self._min_step[:nb], self._min[:nb]
        maxs_s, maxs = self._max_step[:nb], self._max[:nb]
        if self._open_count:
            _, _, o_min, o_min_s, o_max, o_max_s = self._open
            mins_s, mins = np.append(mins_s, o_min_s), np.append(mins, o_min)
            maxs_s, maxs = np.append(maxs_s, o_max_s), np.append(maxs, o_max)
        min_first = mins_s <= maxs_s
        x = np.column_stack([np.where(min_first, mins_s, maxs_s), np.where(min_first, maxs_s, mins_s)])
        y = np.column_stack([np.where(min_first, mins, maxs), np.where(min_first, maxs, mins)])
        keep = x < tail_x[0]
        keep[:, 1] &= x[:, 1] != x[:, 0]  # a bucket whose min and max are one point: draw it once
        return np.concatenate([x[keep], tail_x]), np.concatenate([y[keep], tail_y])

    # ----- folding points in ---------------------------------------------------------------------
    def _flush(self) -> None:
        if self._stage_steps:
            steps, losses = np.array(self._stage_steps), np.array(self._stage_losses)
            self._stage_steps, self._stage_losses = [], []
            self._ingest(steps, losses)

    def _ingest(self, steps: np.ndarray, losses: np.ndarray) -> None:
        n = steps.size
        self._count += n
        i = int(np.argmin(losses))
        if self._global_min is None or losses[i] < self._global_min[1]:
            self._global_min = (float(steps[i]), float(losses[i]))
        i = int(np.argmax(losses))
        if self._global_max is None or losses[i] > self._global_max[1]:
            self._global_max = (float(steps[i]), float(losses[i]))
        # the raw tail
        r = self.raw_points
        tail = min(n, r)
        slots = (self._ring_head + np.arange(tail)) % r
        self._ring_step[slots], self._ring_loss[slots] = steps[-tail:], losses[-tail:]
        self._ring_head = (self._ring_head + tail) % r
        self._ring_count = min(r, self._ring_count + tail)
        # the buckets
        pos = 0
        while pos < n:
            if self._open_count or n - pos < self.width:  # top up the bucket being filled
                take = min(self.width - self._open_count, n - pos)
                self._fill_open(steps[pos:pos + take], losses[pos:pos + take])
                pos += take
                if self._open_count == self.width:
                    first, last, lo, lo_s, hi, hi_s = self._open
                    self._close(np.array([first]), np.array([last]), np.array([lo]), np.array([lo_s]),
                                np.array([hi]), np.array([hi_s]))
                    self._open_count = 0
                continue
            w = self.width
            q = min((n - pos) // w, self.buckets - self._n_buckets)
            s = steps[pos:pos + q * w].reshape(q, w)
            v = losses[pos:pos + q * w].reshape(q, w)
            rows = np.arange(q)
            lo, hi = v.argmin(axis=1), v.argmax(axis=1)
            self._close(s[:, 0], s[:, -1], v[rows, lo], s[rows, lo], v[rows, hi], s[rows, hi])
            pos += q * w

    def _fill_open(self, s: np.ndarray, v: np.ndarray) -> None:
        lo, hi = int(v.argmin()), int(v.argmax())
        o = self._open
        if self._open_count == 0:
            o[:] = [s[0], s[-1], v[lo], s[lo], v[hi], s[hi]]
        else:
            o[1] = s[-1]
            if v[lo] < o[2]:
                o[2], o[3] = v[lo], s[lo]
            if v[hi] > o[4]:
                o[4], o[5] = v[hi], s[hi]
        self._open_count += s.size

    def _close(self, first, last, lo, lo_s, hi, hi_s) -> None:
        """Append closed buckets (there is room for them); merge pairwise when that fills the arrays."""
        k, q = self._n_buckets, first.size
        self._first[k:k + q], self._last[k:k + q] = first, last
        self._min[k:k + q], self._min_step[k:k + q] = lo, lo_s
        self._max[k:k + q], self._max_step[k:k + q] = hi, hi_s
        self._n_buckets = k + q
        if self._n_buckets == self.buckets:
            self._merge()

    def _merge(self) -> None:
        half = self.buckets // 2
        a, b = slice(0, self.buckets, 2), slice(1, self.buckets, 2)
        take_a = self._min[a] <= self._min[b]  # ties keep the earlier step
        self._min[:half], self._min_step[:half] = (np.where(take_a, self._min[a], self._min[b]),
                                                   np.where(take_a, self._min_step[a], self._min_step[b]))
        take_a = self._max[a] >= self._max[b]
        self._max[:half], self._max_step[:half] = (np.where(take_a, self._max[a], self._max[b]),
                                                   np.where(take_a, self._max_step[a], self._max_step[b]))
        self._first[:half] = self._first[a]
        self._last[:half] = self._last[b]
        self._n_buckets = half
        self.width *= 2

