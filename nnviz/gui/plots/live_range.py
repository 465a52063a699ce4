"""The axis range a live plot follows its data with, changed only now and then rather than every frame.

Fitting the view exactly to a curve that grows every frame moves both axes every frame, and pyqtgraph then
regenerates and redraws every tick label and grid line (several ms a frame). `follow()` keeps the shown
range while it still holds the data snugly; when the data leave it, the new range gets some headroom on
that side, so a run of thousands of frames changes its axes a few dozen times. The data always stay in view.
"""
import math

PAD = 0.02  # margin around the data, as a share of their span (pyqtgraph's auto-range pads alike)
MARGIN = 0.01  # data closer than this share of the range to its edge make it move (less than PAD: see below)
HEADROOM = 0.15  # extra room on the side the data are growing towards, as a share of their span
LOOSE = 1.5  # a range more than this many times the padded data span is refitted


def follow(current: tuple[float, float] | None, low: float, high: float, headroom: float = HEADROOM,
           floor: float | None = None) -> tuple[float, float]:
    """The range to show data spanning [low, high] (finite, low <= high): `current` if it still holds them
    clear of its edges and is not too loose, else the data padded by PAD, plus `headroom` on each side they
    came too close to. Headroom never reaches below `floor` unless the data do (a loss need not show
    negative losses). `current` None: fit the data exactly (padded).

    A range just fitted keeps holding its data: they are PAD * span from its edges, more than MARGIN of a
    range at most (1 + 2 * (PAD + headroom)) * span wide, so only new data move the axes.
    """
    span = high - low
    if span <= 0:
        span = abs(high) * 0.2 if high != 0 else 1.0  # one value: a little room around it
    lo, hi = low - PAD * span, high + PAD * span
    if current is None or not all(math.isfinite(c) for c in current) or not current[1] > current[0]:
        return lo, hi
    c0, c1 = current
    if c1 - c0 > LOOSE * (hi - lo):  # far too wide (the curve was cleared, or it shrank): fit it exactly
        return lo, hi
    margin = MARGIN * (c1 - c0)
    below, above = low < c0 + margin, high > c1 - margin
    if not below and not above:
        return current
    if above:
        hi += headroom * span
    if below:
        lo -= headroom * span
        if floor is not None and low >= floor:
            lo = max(lo, min(floor, low - PAD * span))
    return lo, hi
