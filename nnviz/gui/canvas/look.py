"""The canvas's look from the display options: the theme's colours, the text scale and the edge palette."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication

from .. import colour_scale
from .style import DARK, LIGHT, Fonts, Look

_LOOKS: dict = {}
_FONTS: dict = {}  # one Fonts per scale: a change of theme alone keeps every measured text size


def is_dark(theme: str) -> bool:
    """Whether a theme choice means dark: "dark", or "system" when the desktop is dark."""
    if theme == "system":
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    return theme == "dark"


def look_for(options, exporting: bool = False, font_scale: float | None = None) -> Look:
    """The look for these display options (exports are always light, for slides and paper)."""
    dark = is_dark(options.theme) and not exporting
    scale = options.font_scale if font_scale is None else font_scale
    key = (dark, options.colour_scale, scale)
    look = _LOOKS.get(key)
    if look is None:
        palette = [QColor(c) for c in colour_scale.palette(options.colour_scale, dark)]
        fonts = _FONTS.get(scale)
        if fonts is None:
            fonts = _FONTS[scale] = Fonts(scale)
        look = _LOOKS[key] = Look(DARK if dark else LIGHT, fonts, palette)
    return look
