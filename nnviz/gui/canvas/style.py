"""Sizes, fonts, colours and thresholds of the network canvas, in one place so items agree."""
from PySide6.QtGui import QColor, QFont

# ----- geometry (scene units: 1 unit = 1 pixel at zoom 1) -----------------------------------------
RADIUS = 22.0  # neuron circle radius
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
BACKGROUND = QColor("#FFFFFF")
TEXT = QColor("#1B1F24")
TEXT_SECONDARY = QColor("#57606A")
NO_BIAS = QColor("#9A6700")
NEURON_BORDER = QColor("#3D4650")
NEURON_FILL = {"input": QColor("#E7F0FA"), "hidden": QColor("#FFFFFF"), "output": QColor("#FFF1DB")}
SELECTION = QColor("#FFB000")  # amber halo; not on the blue-red edge scale
SELECTION_OUTLINE = QColor("#1B1F24")
EMPHASIS = QColor(130, 80, 223, 150)  # violet halo: the factor hovered in the Explain panel and its path
PALE_EDGE = QColor("#E3E6EA")  # the cached layer of all edges on big networks
REMOVED_EDGE = QColor("#9AA3AD")
LABEL_BACKGROUND = QColor(255, 255, 255)
LABEL_BORDER = QColor("#D0D7DE")
VALUE_BACKGROUND = QColor(246, 248, 250)
ERROR_BACKGROUND = QColor("#FFEBE9")
ERROR_BORDER = QColor("#CF222E")
ERROR_TEXT = QColor("#82071E")
POSITIVE_TEXT = QColor("#B2182B")
NEGATIVE_TEXT = QColor("#2166AC")
PENDING_TEXT = QColor("#8C959F")  # an animated step has not computed this number yet ("?")
UPDATED_TEXT = QColor("#1A7F37")  # a weight or bias after an animated step's update
STAGE_BACKGROUND = QColor("#EEF4FF")  # the banner saying which stage of an animated step is shown
STAGE_BORDER = QColor("#5B7FD6")


def font(pixels: int, bold: bool = False, italic: bool = False) -> QFont:
    """The canvas font at a fixed pixel size (scene text scales with zoom, not with the screen's DPI)."""
    f = QFont()
    f.setPixelSize(pixels)
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
