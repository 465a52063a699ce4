"""Connects the controller to the loss-curve panel: histories in, one refresh per frame, markers, Clear."""
from .controller import TrainingController


def make_loss_curve():
    """The loss-curve panel (pyqtgraph is imported here, after the first frame, not at start-up)."""
    from nnviz.gui.plots import LossCurvePanel
    return LossCurvePanel()


def make_output_view(doc):
    """The output view (it follows the document, so every shown frame)."""
    from nnviz.gui.plots import OutputView
    return OutputView(doc)


def link_loss_curve(controller: TrainingController, curve) -> None:
    """Feed `curve` (a LossCurvePanel) from the controller."""
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
