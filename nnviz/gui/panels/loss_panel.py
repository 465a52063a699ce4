"""Loss controls: which loss, sum or mean over samples, Huber's delta, and the current loss value.

Compact enough for a toolbar. When the loss does not fit the output layer, the document's error is shown
with a one-click fix where there is an obvious one.
"""
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nnviz.core.losses import DEFAULT_REDUCTION, LOSS_LABELS, LOSSES, REDUCTIONS, Loss, suggested_fix
from nnviz.gui.commands import SetActivation, SetLoss
from nnviz.gui.steady_label import SteadyHolder

from .common import MessageLabel, ValueLabel, display_digits, follow_settings
from .number_field import NumberField



class LossPanel(QWidget):
    """Choose the loss; each change is one SetLoss command."""

    def __init__(self, doc, parent: QWidget | None = None, settings=None):
        super().__init__(parent)
        self.doc, self.settings = doc, settings
        self.loss = QComboBox()
        for name in LOSSES:
            self.loss.addItem(LOSS_LABELS[name], name)
            self.loss.setItemData(self.loss.count() - 1, f"{name} (default reduction: {DEFAULT_REDUCTION[name]})",
                                  Qt.ItemDataRole.ToolTipRole)
        self.loss.setToolTip("the loss L the network is trained to make small")
        self.reduction = QComboBox()
        for name in REDUCTIONS:
            self.reduction.addItem(name, name)
        self.reduction.setToolTip("sum: L = Σ over samples of each sample's loss; mean: that sum divided by m")
        self.delta = NumberField(self._set_delta)
        self.delta.setMaximumWidth(70)
        self.delta_label = QLabel("Huber δ")
        self.value = ValueLabel()
        self.value.setStyleSheet("font-weight: 600;")
        self.loss.currentIndexChanged.connect(self._loss_chosen)
        self.reduction.currentIndexChanged.connect(self._reduction_chosen)

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel("Loss"), self.loss, self.reduction, self.delta_label, self.delta,
                       QLabel("L ="), SteadyHolder(self.value)):  # a new loss every frame of a run: no relayout
            controls.addWidget(widget)
        controls.addStretch(1)

        self.problem = MessageLabel("warning")  # doc.error: why there is no loss value
        self.fix = QPushButton()
        self.fix.clicked.connect(self._apply_fix)
        self.fix.hide()
        problem_row = QHBoxLayout()
        problem_row.setContentsMargins(0, 0, 0, 0)
        problem_row.addWidget(self.problem, 1)
        problem_row.addWidget(self.fix)
        self.message = MessageLabel("error")  # a loss choice that was refused (e.g. Huber δ ≤ 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(controls)
        layout.addWidget(self.delta.message_label)
        layout.addLayout(problem_row)
        layout.addWidget(self.message)
        self._fix_action = None
        doc.changed.connect(lambda _change: self.refresh())
        follow_settings(settings, self.refresh)

    @property
    def digits(self) -> int:
        return display_digits(self.settings)

    def refresh(self) -> None:
        loss = self.doc.project.loss
        with QSignalBlocker(self.loss), QSignalBlocker(self.reduction):
            self.loss.setCurrentIndex(self.loss.findData(loss.name))
            self.reduction.setCurrentIndex(self.reduction.findData(loss.reduction))
        huber = loss.name == "huber"
        self.delta.set_value(loss.delta, self.digits)
        self.delta.setEnabled(huber)
        self.delta_label.setEnabled(huber)
        self.delta.setToolTip(self.delta.toolTip() if huber else "δ is used by the Huber loss only")
        result = self.doc.result
        self.value.set_value(None if result is None else result.loss, self.digits, "— (cannot compute)")
        self.problem.show_message(self.doc.error if result is None else None)
        self._offer_fix(None if result is not None else self._fix_for(loss))

    # ----- edits -------------------------------------------------------------------------
    def _push_loss(self, make_loss) -> None:
        self.message.show_message(self.doc.try_push(lambda: SetLoss(self.doc, make_loss())))
        self.refresh()  # a refused choice puts the combos back

    def _loss_chosen(self, index: int) -> None:
        name = self.loss.itemData(index)
        current = self.doc.project.loss
        if name != current.name:  # each loss starts with its textbook reduction
            self._push_loss(lambda: Loss(name, DEFAULT_REDUCTION[name], current.delta))

    def _reduction_chosen(self, index: int) -> None:
        reduction = self.reduction.itemData(index)
        current = self.doc.project.loss
        if reduction != current.reduction:
            self._push_loss(lambda: Loss(current.name, reduction, current.delta))

    def _set_delta(self, delta: float) -> None:
        current = self.doc.project.loss
        self.doc.undo_stack.push(SetLoss(self.doc, Loss(current.name, current.reduction, delta)))  # raises if δ ≤ 0

    # ----- the one-click fix -------------------------------------------------------------
    def _fix_for(self, loss: Loss):
        """(button text, command factory) for the core's suggested fix of a loss/output mismatch, or None."""
        network = self.doc.network
        fix = suggested_fix(loss, network.layers[-1].activation)
        if fix is None:
            return None
        kind, name = fix
        if kind == "activation":
            last = len(network.layers) - 1
            return (f"Set output activation to {name}", lambda: SetActivation(self.doc, last, name))
        return ("Use the cross-entropy loss", lambda: SetLoss(self.doc, Loss(name)))

    def _offer_fix(self, fix) -> None:
        self._fix_action = fix
        self.fix.setVisible(fix is not None)
        if fix is not None:
            self.fix.setText(fix[0])

    def _apply_fix(self) -> None:
        if self._fix_action is not None:
            self.message.show_message(self.doc.try_push(self._fix_action[1]))
