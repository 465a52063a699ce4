"""pyqtgraph views of training: the loss curve and what the network computes over its input range."""
from .loss_curve import LossCurvePanel
from .output_view import OutputView

__all__ = ["LossCurvePanel", "OutputView"]
