"""The diverging colour and width scale that encodes a gradient (or weight) on every edge.

Pure numpy (no Qt) so the canvas, its legend and the exporters share one definition. On a light
background the default is ColorBrewer's blue-red (RdBu); the colour-blind-safe blue-yellow and the dark
theme's scales are sampled from the CET colour maps (Kovesi, CC-BY) that pyqtgraph ships, read from its
package folder without importing it. Zero is a neutral grey in every scale.
"""
import importlib.util
from functools import cache
from pathlib import Path

import numpy as np

# negative (strong -> weak), zero, positive (weak -> strong)
NEGATIVE = ("#2166AC", "#4393C3", "#92C5DE", "#B4CFE0")
ZERO = "#C8C8C8"
POSITIVE = ("#E8C2AE", "#F4A582", "#D6604D", "#B2182B")
PALETTE = (*NEGATIVE, ZERO, *POSITIVE)
LEVELS = len(POSITIVE)
SCHEMES = {"red_blue": "Blue–red", "blue_yellow": "Blue–yellow (colour-blind safe)"}
_CET = {("red_blue", True): "CET-D4", ("blue_yellow", False): "CET-CBD1", ("blue_yellow", True): "CET-D6"}
_DARK_ZERO = "#5A636E"
_SHADES = (1.0, 0.8, 0.6, 0.4)  # where the levels sit along each half of a map, strong first
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


def encode(values: np.ndarray, scale: str = "linear", reference: float | None = None, t: np.ndarray | None = None):
    """Palette index and pen width for each value: sign picks the side, magnitude the shade and width
    (`t`: the values' magnitude, when the caller has it already)."""
    values = np.asarray(values, dtype=float)
    t = magnitude(values, scale, reference) if t is None else t
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


def palette(scheme: str = "red_blue", dark: bool = False) -> tuple[str, ...]:
    """The scale's colours (strong negative ... zero ... strong positive) for a scheme and a background."""
    if (scheme, dark) not in _CET:
        return PALETTE
    table = _cet_table(_CET[scheme, dark])
    middle = (len(table) - 1) / 2
    negative = [_hex(table[int(round(middle - t * middle))]) for t in _SHADES]
    positive = [_hex(table[int(round(middle + t * middle))]) for t in reversed(_SHADES)]
    return (*negative, _DARK_ZERO if dark else ZERO, *positive)


@cache
def _cet_table(name: str) -> np.ndarray:
    """A CET colour map as rows of r, g, b in [0, 1], from pyqtgraph's copy of the tables."""
    spec = importlib.util.find_spec("pyqtgraph")  # finds the package without importing it (0.15 s)
    folder = Path(next(iter(spec.submodule_search_locations))) / "colors" / "maps"
    return np.loadtxt(folder / f"{name}.csv", delimiter=",", usecols=(0, 1, 2))


def _hex(rgb) -> str:
    return "#" + "".join(f"{int(round(float(c) * 255)):02X}" for c in rgb)
