"""The widgets' appearance from the preferences: a light or dark palette, and the panels' text size."""
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from .canvas.look import is_dark

_ROLES = QPalette.ColorRole


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style (the canvas's dark theme has the same background family)."""
    palette = QPalette()
    colours = {_ROLES.Window: "#1C2128", _ROLES.WindowText: "#E6EDF3", _ROLES.Base: "#15191E",
               _ROLES.AlternateBase: "#22272E", _ROLES.ToolTipBase: "#2D333B", _ROLES.ToolTipText: "#E6EDF3",
               _ROLES.PlaceholderText: "#9BA7B4", _ROLES.Text: "#E6EDF3", _ROLES.Button: "#22272E",
               _ROLES.ButtonText: "#E6EDF3", _ROLES.BrightText: "#FF7B72", _ROLES.Link: "#58A6FF",
               _ROLES.Highlight: "#1F6FEB", _ROLES.HighlightedText: "#FFFFFF", _ROLES.Light: "#444C56",
               _ROLES.Midlight: "#373E47", _ROLES.Mid: "#2D333B", _ROLES.Dark: "#15191E", _ROLES.Shadow: "#000000"}
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (_ROLES.WindowText, _ROLES.Text, _ROLES.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6E7681"))
    return palette


def dark_widgets() -> bool:
    """Whether the widgets are drawn dark now (the app's palette, whatever chose it)."""
    return QApplication.palette().color(_ROLES.Window).lightness() < 128


# the data table's column colours: backgrounds of targets and computed columns, header texts, computed text
TABLE_LIGHT = {"target_background": "#FFF1DC", "computed_background": "#EEF1F5", "input_header": "#1F3B73",
               "target_header": "#9A4A00", "computed_header": "#555555", "computed_text": "#444444"}
TABLE_DARK = {"target_background": "#3D2A10", "computed_background": "#22272E", "input_header": "#79C0FF",
              "target_header": "#F0B35F", "computed_header": "#9BA7B4", "computed_text": "#C9D1D9"}


def table_colours() -> dict[str, str]:
    return TABLE_DARK if dark_widgets() else TABLE_LIGHT


class Appearance:
    """Applies the theme to the application and the text size to a window's widgets, when they change."""

    def __init__(self, window: QWidget):
        self.window = window
        self.base_points = window.font().pointSizeF()
        self._theme = None
        self._scale = None

    def apply(self, options) -> None:
        app = QApplication.instance()
        theme = (options.theme, is_dark(options.theme))
        if theme != self._theme:
            self._theme = theme
            if options.theme == "system":
                app.setPalette(QPalette())  # back to the style's own (which follows the desktop)
            else:
                app.setStyle("Fusion")  # the one style that draws a custom palette on every platform
                app.setPalette(dark_palette() if theme[1] else app.style().standardPalette())
            for widget in app.allWidgets():  # a style sheet keeps the palette it was polished with
                if widget.styleSheet():
                    widget.setStyleSheet(widget.styleSheet())
        if options.font_scale != self._scale:
            self._scale = options.font_scale
            font = QFont(self.window.font())
            font.setPointSizeF(self.base_points * options.font_scale)
            self.window.setFont(font)
