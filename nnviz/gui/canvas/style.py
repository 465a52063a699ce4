"""Sizes, fonts, colours and thresholds of the network canvas, in one place so items agree."""
from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont

# ----- geometry (scene units: 1 unit = 1 pixel at zoom 1) -----------------------------------------
RADIUS = 22.0  # neuron circle radius at text scale 1 (Fonts.radius at others)
NEURON_PITCH = 124.0  # vertical distance between neurons of one column
COLUMN_GAP_MIN = 290.0  # horizontal distance between columns
COLUMN_GAP_MAX = 760.0
COLUMN_GAP_PER_EDGE = 75.0  # extra gap * sqrt(edges between the two columns), room for edge labels
COLUMN_GAP_BIG = 220.0  # least gap when edge labels are hidden anyway
ASPECT = 1.6  # big networks: columns are spread to make the diagram about this much wider than tall
VALUE_CLEARANCE = 8.0  # least blank space between a neuron's value box and the next circle below
HEADER_GAP = 30.0  # from the top of the highest circle to the column header's baseline
MARGIN = 28.0  # blank border around the diagram in exports

# ----- thresholds that keep big networks fast ------------------------------------------------------
LABEL_EDGE_LIMIT = 150  # more edges than this: edge labels are hidden automatically
EVERY_LABEL_EDGE_LIMIT = 64  # up to this many edges every label is drawn: the layout widens, then leader lines
FULL_COLOUR_LIMIT = 2500  # more edges than this: a cached pale layer + only the strongest edges in colour
STRONG_EDGES = 1000  # how many edges are redrawn in colour per frame on big networks
ANTIALIAS_EDGE_LIMIT = 1500  # more edges than this: antialiasing off whatever the setting says
MIN_TEXT_PIXELS = 7.0  # text smaller than this on screen is not drawn (it would be illegible anyway)
HIT_PIXELS = 6.0  # how close (screen pixels) a click must be to an edge to pick it

# ----- colours -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Colours:
    """Every colour the canvas draws with, for one theme."""

    background: QColor
    text: QColor
    text_secondary: QColor
    no_bias: QColor
    neuron_border: QColor
    neuron_fill: dict  # "input", "hidden", "output" -> QColor
    selection: QColor  # amber halo; not on the edge scales
    emphasis: QColor  # violet halo: the factor hovered in the Explain panel and its path
    pale_edge: QColor  # the cached layer of all edges on big networks
    removed_edge: QColor
    label_background: QColor
    label_border: QColor
    value_background: QColor
    error_background: QColor
    error_border: QColor
    error_text: QColor
    positive_text: QColor
    negative_text: QColor
    pending_text: QColor  # an animated step has not computed this number yet ("?")
    updated_text: QColor  # a weight or bias after an animated step's update
    stage_background: QColor  # the banner saying which stage of an animated step is shown
    stage_border: QColor
    dark: bool = False


def _c(text: str, alpha: int = 255) -> QColor:
    colour = QColor(text)
    colour.setAlpha(alpha)
    return colour


LIGHT = Colours(
    background=_c("#FFFFFF"), text=_c("#1B1F24"), text_secondary=_c("#57606A"), no_bias=_c("#9A6700"),
    neuron_border=_c("#3D4650"),
    neuron_fill={"input": _c("#E7F0FA"), "hidden": _c("#FFFFFF"), "output": _c("#FFF1DB")},
    selection=_c("#FFB000"), emphasis=_c("#8250DF", 150), pale_edge=_c("#E3E6EA"), removed_edge=_c("#9AA3AD"),
    label_background=_c("#FFFFFF"), label_border=_c("#D0D7DE"), value_background=_c("#F6F8FA"),
    error_background=_c("#FFEBE9"), error_border=_c("#CF222E"), error_text=_c("#82071E"),
    positive_text=_c("#B2182B"), negative_text=_c("#2166AC"), pending_text=_c("#8C959F"),
    updated_text=_c("#1A7F37"), stage_background=_c("#EEF4FF"), stage_border=_c("#5B7FD6"))
DARK = Colours(
    background=_c("#15191E"), text=_c("#E6EDF3"), text_secondary=_c("#9BA7B4"), no_bias=_c("#E3B341"),
    neuron_border=_c("#8B949E"),
    neuron_fill={"input": _c("#1C3350"), "hidden": _c("#22272E"), "output": _c("#3D2A10")},
    selection=_c("#FFB000"), emphasis=_c("#B392F0", 170), pale_edge=_c("#2D333B"), removed_edge=_c("#6E7681"),
    label_background=_c("#1C2128"), label_border=_c("#444C56"), value_background=_c("#22272E"),
    error_background=_c("#3D1518"), error_border=_c("#F85149"), error_text=_c("#FFA198"),
    positive_text=_c("#FF7B72"), negative_text=_c("#79C0FF"), pending_text=_c("#6E7681"),
    updated_text=_c("#56D364"), stage_background=_c("#1C2B45"), stage_border=_c("#6E9BF5"), dark=True)


def font(pixels: int, bold: bool = False, italic: bool = False) -> QFont:
    """The canvas font at a fixed pixel size (scene text scales with zoom, not with the screen's DPI)."""
    f = QFont()
    f.setPixelSize(max(1, int(round(pixels))))
    f.setBold(bold)
    f.setItalic(italic)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # no kerning or ligatures: numbers and short labels look the same, and drawing is ~30% faster
    f.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return f


NAME_FONT_PX = 15
VALUE_FONT_PX = 11
LABEL_FONT_PX = 11
HEADER_FONT_PX = 13
LEGEND_FONT_PX = 12
LEGEND_SCALE_LIMIT = 1.34  # the legend stops growing at 16 px (its numbers 15): its room is better spent on the diagram


class Fonts:
    """The canvas's text sizes at one scale (View > Text size, presentation mode) and their fonts."""

    def __init__(self, scale: float = 1.0):
        self.scale = scale
        self.radius = RADIUS * max(1.0, 0.7 * scale)  # circles grow with their names (a little less)
        self.name_px = NAME_FONT_PX * scale
        self.value_px = round(VALUE_FONT_PX * scale)
        self.label_px = round(LABEL_FONT_PX * scale)
        self.header_px = round(HEADER_FONT_PX * scale)
        self.legend_px = round(LEGEND_FONT_PX * min(scale, LEGEND_SCALE_LIMIT))
        self.name = font(self.name_px)
        self.value = font(self.value_px)
        self.label = font(self.label_px)
        self.header = font(self.header_px, bold=True)
        self.note = font(self.value_px, italic=True)
        self.legend = font(self.legend_px)
        self.legend_small = font(self.legend_px - 1)
        self.legend_title = font(self.legend_px + 1, bold=True)


@dataclass
class Look:
    """How the canvas draws: colours of a theme, fonts at a scale, and the edge scale's palette."""

    colours: Colours
    fonts: Fonts
    palette: list  # QColor per index of colour_scale's palette
