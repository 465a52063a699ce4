"""Connects the controller to the loss-curve panel: histories in, one refresh per frame, markers, Clear."""
from PySide6.QtWidgets import QLabel

from .controller import TrainingController

PLACEHOLDER = "The loss curve appears here (nnviz.gui.plots is not available)."


def make_loss_curve():
    """The plots package's LossCurvePanel, or a label saying it is missing."""
    try:
        from nnviz.gui.plots import LossCurvePanel
    except ImportError:
        label = QLabel(PLACEHOLDER)
        label.setWordWrap(True)
        return label
    return LossCurvePanel()


def make_output_view(doc):
    """The plots package's OutputView (it follows the document, so every shown frame), or a label."""
    try:
        from nnviz.gui.plots import OutputView
    except ImportError:
        label = QLabel("The output view appears here (nnviz.gui.plots is not available).")
        label.setWordWrap(True)
        return label
    return OutputView(doc)


def link_loss_curve(controller: TrainingController, curve) -> None:
    """Feed `curve` (a LossCurvePanel) from the controller; a placeholder label is left alone."""
    if not hasattr(curve, "set_history"):
        return

    def attach():
        curve.clear()
        curve.set_history(controller.train_history, controller.validation_history)
        for step in controller.train_history.divergences():  # a curve made after a run shows its marks too
            curve.mark_divergence(step)

    attach()
    controller.historiesReset.connect(attach)
    controller.frameShown.connect(curve.refresh)
    controller.diverged.connect(lambda step: (curve.refresh(), curve.mark_divergence(step)))
    controller.currentStepChanged.connect(curve.set_current_step)
    curve.clearRequested.connect(controller.clear_history)
