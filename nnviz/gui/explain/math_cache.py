"""Real mathematics on screen: LaTeX typeset by ziamath into SVG, drawn by QtSvg, each formula typeset once.

ziamath (pure Python, ~0.2 s to import, 5–15 ms per formula) is imported the first time something is
typeset, never at start-up. Its SVG 2 output (<symbol>/<use>) is drawn garbled by QtSvg (SVG Tiny), so
it is switched to plain paths (`config.svg2 = False`).
"""
import re
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgRenderer

_VIEWBOX = re.compile(rb'viewBox="([-\d.e]+) ([-\d.e]+) ([-\d.e]+) ([-\d.e]+)"')
_ziamath = None


def _typesetter():
    global _ziamath
    if _ziamath is None:
        import ziamath
        ziamath.config.svg2 = False
        _ziamath = ziamath
    return _ziamath


@dataclass
class Formula:
    """One typeset formula: its renderer and size in pixels, the baseline `ascent` pixels below its top."""

    renderer: QSvgRenderer
    width: float
    height: float
    ascent: float

    def paint(self, painter: QPainter, x: float, baseline: float) -> None:
        self.renderer.render(painter, QRectF(x, baseline - self.ascent, self.width, self.height))


def typeset(latex: str, pixels: float, colour: str = "black") -> Formula | None:
    """The formula at `pixels` font size; None if ziamath cannot read it (the caller shows plain text)."""
    zm = _typesetter()
    try:
        svg = zm.Latex(latex, size=pixels, color=colour).svg().encode()
    except Exception:  # noqa: BLE001 - any LaTeX ziamath does not understand: fall back to text
        return None
    match = _VIEWBOX.search(svg)
    if match is None:
        return None
    _, min_y, width, height = (float(v) for v in match.groups())
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        return None
    return Formula(renderer, width, height, -min_y)


class FormulaCache:
    """Typeset formulas by (LaTeX, size, colour), least recently used dropped past `capacity`."""

    def __init__(self, capacity: int = 3000):
        self.capacity = capacity
        self._items: OrderedDict[tuple, Formula | None] = OrderedDict()

    def get(self, latex: str, pixels: float, colour: str = "black") -> Formula | None:
        """The cached formula, or None if it has not been typeset yet (see `has`)."""
        key = (latex, pixels, colour)
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def has(self, latex: str, pixels: float, colour: str = "black") -> bool:
        return (latex, pixels, colour) in self._items

    def make(self, latex: str, pixels: float, colour: str = "black") -> Formula | None:
        key = (latex, pixels, colour)
        if key not in self._items:
            self._items[key] = typeset(latex, pixels, colour)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return self._items[key]


CACHE = FormulaCache()  # shared by every math view of the app
