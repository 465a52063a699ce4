"""The diverging colour and width scale that encodes a gradient (or weight) on every edge.

Pure numpy (no Qt) so the canvas, its legend and the exporters share one definition. Colours are
Paul Tol's colour-blind-safe blue-red diverging scheme, with a neutral grey for zero.
"""
import numpy as np

# negative (strong -> weak), zero, positive (weak -> strong)
NEGATIVE = ("#2166AC", "#4393C3", "#92C5DE", "#B4CFE0")
ZERO = "#C8C8C8"
POSITIVE = ("#E8C2AE", "#F4A582", "#D6604D", "#B2182B")
PALETTE = (*NEGATIVE, ZERO, *POSITIVE)
LEVELS = len(POSITIVE)
ZERO_INDEX = LEVELS
MIN_WIDTH, MAX_WIDTH = 1.0, 6.0
LOG_DECADES = 4.0  # the log scale spans four orders of magnitude below the largest value
SCALES = ("linear", "log")


def magnitude(values: np.ndarray, scale: str = "linear", reference: float | None = None) -> np.ndarray:
    """|value| mapped to [0, 1] relative to `reference` (default: the largest |value|)."""
    absolute = np.abs(np.asarray(values, dtype=float))
    absolute = np.where(np.isfinite(absolute), absolute, 0.0)
    top = float(absolute.max()) if reference is None and absolute.size else float(reference or 0.0)
    if top <= 0:
        return np.zeros_like(absolute)
    if scale == "log":
        with np.errstate(divide="ignore"):
            t = 1.0 + np.log10(absolute / top) / LOG_DECADES
        return np.clip(np.where(absolute > 0, t, 0.0), 0.0, 1.0)
    return np.clip(absolute / top, 0.0, 1.0)


def encode(values: np.ndarray, scale: str = "linear", reference: float | None = None):
    """Palette index and pen width for each value: sign picks the side, magnitude the shade and width."""
    values = np.asarray(values, dtype=float)
    t = magnitude(values, scale, reference)
    level = np.ceil(t * LEVELS).astype(int)  # 0 only for exact zero; 1..LEVELS otherwise
    level = np.where((t > 0) & (level == 0), 1, level)
    index = np.where(values > 0, ZERO_INDEX + level, ZERO_INDEX - level)
    index = np.where(level == 0, ZERO_INDEX, index)
    width = MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * t
    return index, width


def legend_stops(top: float, scale: str = "linear") -> list[tuple[float, str]]:
    """(value, colour) pairs from -top to +top that a legend draws, one per palette entry."""
    stops = []
    for k in range(-LEVELS, LEVELS + 1):
        frac = abs(k) / LEVELS
        if scale == "log" and k != 0:
            value = top * 10 ** ((frac - 1.0) * LOG_DECADES)
        else:
            value = top * frac
        stops.append((np.sign(k) * value, PALETTE[ZERO_INDEX + k]))
    return stops
