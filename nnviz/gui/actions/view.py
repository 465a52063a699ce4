"""View menu: zoom, and the display switches (labels, precision and fixed decimals, edge encoding, scale,
text size, theme, edge colours, antialiasing)."""
from PySide6.QtCore import QObject, QSignalBlocker
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from .. import colour_scale
from ..display_settings import FONT_SCALES, DisplaySettings

LABEL_TOGGLES = (
    ("show_activations", "Show &activations (z, a)", "Each neuron's z and a (for the shown sample) under its circle"),
    ("show_biases", "Show &biases", "Each neuron's bias b and ∂L/∂b under its circle"),
    ("show_deltas", "Show &deltas (δ = ∂L/∂z)", "Each neuron's δ = ∂L/∂z under its circle"),
    ("show_weights", "Show &weights", "Each edge's weight w on its label"),
    ("show_gradients", "Show &gradients (∂L/∂w)", "Each edge's gradient ∂L/∂w on its label"),
)
PRECISIONS = (2, 3, 4, 6, 8)
CHOICES = {
    "edge_encoding": (("gradient", "Edges show &gradient ∂L/∂w"), ("weight", "Edges show &weight w")),
    "edge_scale": (("linear", "&Linear edge scale"), ("log", "Lo&g edge scale")),
    "theme": (("system", "As the &system"), ("light", "&Light"), ("dark", "&Dark")),
    "colour_scale": tuple((key, f"&{label}") for key, label in colour_scale.SCHEMES.items()),
}
CHOICE_TIPS = {
    ("edge_encoding", "gradient"): "An edge's colour and width show its gradient ∂L/∂w (red positive, blue negative)",
    ("edge_encoding", "weight"): "An edge's colour and width show its weight w",
    ("edge_scale", "linear"): "Width and colour grow in proportion to the value",
    ("edge_scale", "log"): "Width and colour follow the value's order of magnitude (small values stay visible)",
    ("theme", "system"): "Light or dark as the desktop is (exports stay light)",
    ("theme", "light"): "Dark text on white",
    ("theme", "dark"): "Light text on a dark background (exports stay light)",
    ("colour_scale", "red_blue"): "Negative values blue, positive red",
    ("colour_scale", "blue_yellow"): "Negative values blue, positive yellow: readable with red-green colour blindness",
}
SUBMENUS = {"theme": "&Theme", "colour_scale": "Edge &colours"}  # choices shown in a submenu of their own


class ViewActions(QObject):
    """Checkable actions mirroring DisplaySettings both ways, plus the canvas's zoom commands."""

    def __init__(self, window, display: DisplaySettings, view):
        super().__init__(window)
        self.display = display
        self.zoom_in = QAction("Zoom &in", window)
        self.zoom_in.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn) or [QKeySequence("Ctrl++")])
        self.zoom_in.triggered.connect(view.zoom_in)
        self.zoom_out = QAction("Zoom &out", window)
        self.zoom_out.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut) or [QKeySequence("Ctrl+-")])
        self.zoom_out.triggered.connect(view.zoom_out)
        self.fit = QAction("&Fit network in window", window)
        self.fit.setShortcut(QKeySequence("Ctrl+0"))
        self.fit.setIconText("Fit")
        self.fit.triggered.connect(view.fit)
        for a, tip in ((self.zoom_in, "Enlarge the diagram"), (self.zoom_out, "Shrink the diagram"),
                       (self.fit, "Show the whole network")):
            a.setStatusTip(tip)

        self.toggles: dict[str, QAction] = {}
        for name, text, tip in LABEL_TOGGLES:
            a = QAction(text, window, checkable=True)
            a.setStatusTip(tip)
            a.toggled.connect(lambda on, name=name: self.display.set(**{name: on}))
            self.toggles[name] = a
        self.antialias = QAction("&Antialiasing", window, checkable=True)
        self.antialias.setStatusTip("Smooth edges and text (off draws faster on slow machines)")
        self.antialias.toggled.connect(lambda on: self.display.set(antialias=on))
        self.toggles["antialias"] = self.antialias

        self.precision: dict[int, QAction] = {}
        self.precision_group = QActionGroup(self)
        for digits in PRECISIONS:
            a = QAction(window, checkable=True)
            a.triggered.connect(lambda _=False, digits=digits: self.display.set(precision=digits))
            self.precision_group.addAction(a)
            self.precision[digits] = a
        self.decimals = QAction("Fi&xed decimals", window, checkable=True)
        self.decimals.setStatusTip("Write numbers with a fixed number of decimals (0.7869), as in hand-worked "
                                   "solutions, instead of significant digits")
        self.decimals.toggled.connect(lambda on: self.display.set(decimals=on))
        self.toggles["decimals"] = self.decimals

        self.larger_text = QAction("&Larger text", window)
        self.larger_text.setShortcut(QKeySequence("Ctrl+Alt+="))
        self.larger_text.triggered.connect(lambda: self._step_font(+1))
        self.smaller_text = QAction("&Smaller text", window)
        self.smaller_text.setShortcut(QKeySequence("Ctrl+Alt+-"))
        self.smaller_text.triggered.connect(lambda: self._step_font(-1))
        self.normal_text = QAction("&Normal text size", window)
        self.normal_text.setShortcut(QKeySequence("Ctrl+Alt+0"))
        self.normal_text.triggered.connect(lambda: self.display.set(font_scale=1.0))
        for a, tip in ((self.larger_text, "Bigger numbers and labels on the canvas (drag to pan a diagram that "
                                          "no longer fits) and in the panels"),
                       (self.smaller_text, "Smaller numbers and labels"),
                       (self.normal_text, "The usual text size")):
            a.setStatusTip(tip)

        self.choices: dict[str, dict[str, QAction]] = {}
        self.choice_groups = []
        for option, items in CHOICES.items():
            group = QActionGroup(self)
            self.choice_groups.append(group)
            self.choices[option] = {}
            for value, text in items:
                a = QAction(text, window, checkable=True)
                a.setStatusTip(CHOICE_TIPS.get((option, value), ""))
                a.triggered.connect(lambda _=False, option=option, value=value: self.display.set(**{option: value}))
                group.addAction(a)
                self.choices[option][value] = a
        display.changed.connect(self.sync)
        self.sync()

    def _step_font(self, step: int) -> None:
        """The next text size up or down the list, remembered as a preference."""
        current = min(range(len(FONT_SCALES)), key=lambda k: abs(FONT_SCALES[k] - self.display.font_scale))
        self.display.set(font_scale=FONT_SCALES[max(0, min(len(FONT_SCALES) - 1, current + step))])

    def sync(self) -> None:
        """Check the actions that match the current display options (without feeding back)."""
        for name, a in self.toggles.items():
            with QSignalBlocker(a):
                a.setChecked(bool(getattr(self.display, name)))
        unit = "decimals" if self.display.decimals else "significant digits"
        scale = self.display.font_scale
        self.larger_text.setEnabled(scale < FONT_SCALES[-1])
        self.smaller_text.setEnabled(scale > FONT_SCALES[0])
        self.normal_text.setText(f"&Normal text size (now {scale:.0%})")
        for digits, a in self.precision.items():
            a.setText(f"&{digits} {unit}")
            a.setStatusTip(f"Write the canvas's and the panels' numbers with {digits} {unit} (exact values in tooltips)")
            with QSignalBlocker(a):
                a.setChecked(digits == self.display.precision)
        for option, actions in self.choices.items():
            for value, a in actions.items():
                with QSignalBlocker(a):
                    a.setChecked(getattr(self.display, option) == value)

    def fill_menu(self, menu: QMenu) -> None:
        menu.addActions([self.zoom_in, self.zoom_out, self.fit])
        menu.addSeparator()
        for name, _, _ in LABEL_TOGGLES:
            menu.addAction(self.toggles[name])
        precision = menu.addMenu("&Precision")
        precision.addActions(list(self.precision.values()))
        precision.addSeparator()
        precision.addAction(self.decimals)
        menu.addSeparator()
        for option, actions in self.choices.items():
            if option not in SUBMENUS:
                menu.addActions(list(actions.values()))
                menu.addSeparator()
        menu.addActions([self.larger_text, self.smaller_text, self.normal_text])
        for option, title in SUBMENUS.items():
            menu.addMenu(title).addActions(list(self.choices[option].values()))
        menu.addSeparator()
        menu.addAction(self.antialias)
