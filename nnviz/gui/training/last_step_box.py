"""The "Last step" box: for the selected edge or neuron, its weight or bias before, its gradient and after."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from nnviz.core.notation import Name, Namer
from nnviz.core.numbers import format_number
from nnviz.gui.document import Change
from nnviz.gui.panels.common import ValueLabel, display_digits, follow_settings

from .last_step import ParameterStep
from ..steady_label import SteadyHolder

HINT = "Select an edge or a neuron to see how its weight or bias changed in the last training step."


def parameter_name(p: ParameterStep, names: Namer) -> Name:
    """The weight's or the bias's name in the document's notation (w⁽²⁾₁₂, b⁽²⁾₁...)."""
    units = [k + 1 for k in p.indices]
    return names.w(p.layer + 1, *units) if p.kind == "weight" else names.b(p.layer + 1, *units)


def update_text(p: ParameterStep, digits: int) -> str:
    """θ − η × ∂L/∂θ = θ' with the numbers (rounded to the display precision)."""
    f = lambda v: format_number(v, digits)  # noqa: E731
    gradient = f(p.gradient)
    if p.gradient < 0:
        gradient = f"({gradient})"
    return f"{f(p.before)} − {f(p.learning_rate)} × {gradient} = {f(p.after)}"


class LastStepBox(QGroupBox):
    """Follows selection.current and the controller's last step; read-only."""

    def __init__(self, controller, selection, settings=None, parent: QWidget | None = None):
        super().__init__("Last step", parent)
        self.controller, self.selection, self.settings = controller, selection, settings
        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.RichText)
        self.before, self.gradient, self.after = ValueLabel(), ValueLabel(), ValueLabel()
        self.gradient_caption = QLabel("∂L/∂θ")
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for column, (caption, value) in enumerate((("before", self.before), (self.gradient_caption, self.gradient),
                                                   ("after", self.after))):
            grid.addWidget(caption if isinstance(caption, QLabel) else QLabel(caption), 0, column)
            grid.addWidget(SteadyHolder(value), 1, column)  # new numbers every frame: no relayout
        self.values = QWidget()
        self.values.setLayout(grid)
        self.equation = QLabel()
        self.equation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #57606a;")
        self.title_box, self.equation_box = SteadyHolder(self.title_label), SteadyHolder(self.equation)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_box)
        layout.addWidget(self.values)
        layout.addWidget(self.equation_box)
        layout.addWidget(self.note)
        selection.changed.connect(lambda _ref: self.refresh())
        controller.doc.changed.connect(lambda change: self.refresh() if change & Change.VIEW else None)  # notation
        controller.frameShown.connect(self.refresh)
        controller.stateChanged.connect(self.refresh)
        follow_settings(settings, self.refresh)

    @property
    def digits(self) -> int:
        return display_digits(self.settings)

    def shown(self) -> ParameterStep | None:
        last = self.controller.last_step
        return None if last is None else last.parameter(self.selection.current)

    def refresh(self) -> None:
        last = self.controller.last_step
        p = self.shown()
        self.values.setVisible(p is not None)
        self.equation_box.setVisible(p is not None)
        if p is None:
            self.title_label.setText("")
            self.title_box.hide()
            self.note.setText("No training step since the last edit." if last is None else HINT)
            return
        digits = self.digits
        self.title_box.show()
        self.title_label.setText(f"{parameter_name(p, self.controller.doc.namer())} at step {last.step:,}")
        self.before.set_value(p.before, digits)
        self.gradient.set_value(p.gradient, digits)
        self.after.set_value(p.after, digits)
        symbol = "w" if p.kind == "weight" else "b"
        self.gradient_caption.setText(f"∂L/∂{symbol}" if p.full_batch else f"∂L/∂{symbol} (batch)")
        self.equation.setText(update_text(p, digits))
        if not p.trained:
            self.note.setText("A removed edge or a switched-off bias: training leaves it alone.")
        elif not p.full_batch:
            self.note.setText("Mini-batch step: the gradient over that batch; after = before − η × gradient.")
        else:
            self.note.setText("Gradient over all samples; after = before − η × gradient.")
