"""What the canvas shows (labels, precision, edge encoding), toggled from the View menu."""
from dataclasses import dataclass, fields

from PySide6.QtCore import QObject, QSettings, Signal

from . import colour_scale


@dataclass
class DisplayOptions:
    """One snapshot of the display switches; saved in QSettings and in a file's `view`."""

    show_activations: bool = True  # z and a of each neuron, for the selected sample
    show_biases: bool = True
    show_deltas: bool = True
    show_weights: bool = True
    show_gradients: bool = True  # dL/dw on each edge
    precision: int = 4  # significant digits, or decimals when `decimals` is on
    decimals: bool = False  # fixed decimals (as students write 0.7869), not significant digits
    edge_encoding: str = "gradient"  # "gradient" (dL/dw) or "weight"
    edge_scale: str = "linear"  # "linear" or "log"
    antialias: bool = True
    theme: str = "system"  # "system", "light" or "dark"
    colour_scale: str = "red_blue"  # or "blue_yellow" (colour-blind safe)
    font_scale: float = 1.0  # canvas and panel text, View > Text size


PREFERENCES = ("theme", "colour_scale", "font_scale")  # the user's, kept in QSettings only, never in a file
ALLOWED = {"edge_encoding": ("gradient", "weight"), "edge_scale": ("linear", "log"),
           "theme": ("system", "light", "dark"), "colour_scale": tuple(colour_scale.SCHEMES)}
FONT_SCALES = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)


class DisplaySettings(QObject):
    """The live display options; views listen to `changed` and restyle without recomputing."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.options = DisplayOptions()

    def __getattr__(self, name):
        options = self.__dict__.get("options")
        if options is not None and name in DisplayOptions.__dataclass_fields__:
            return getattr(options, name)
        raise AttributeError(name)

    def set(self, **values) -> None:
        changed = False
        for name, value in values.items():
            if name not in DisplayOptions.__dataclass_fields__:
                raise AttributeError(f"no display option {name}")
            if getattr(self.options, name) != value:
                setattr(self.options, name, value)
                changed = True
        if changed:
            self.changed.emit()

    def save(self, settings: QSettings) -> None:
        for f in fields(DisplayOptions):
            settings.setValue(f"display/{f.name}", getattr(self.options, f.name))

    def restore(self, settings: QSettings) -> None:
        values = {}
        for f in fields(DisplayOptions):
            stored = settings.value(f"display/{f.name}")
            if stored is None:
                continue
            default = getattr(DisplayOptions, f.name)
            try:
                if isinstance(default, bool):
                    values[f.name] = stored in (True, "true", "1", 1)
                elif isinstance(default, float):
                    values[f.name] = min(FONT_SCALES, key=lambda scale: abs(scale - float(stored)))
                elif isinstance(default, int):
                    values[f.name] = max(1, min(17, int(stored)))
                elif str(stored) in ALLOWED.get(f.name, (str(stored),)):
                    values[f.name] = str(stored)
            except (TypeError, ValueError):
                continue
        self.set(**values)
