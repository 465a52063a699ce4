"""Training in the GUI: the controller (frame loop, undo, faults), Animate step, their actions, panel and
loss-curve link."""
from .actions import TrainingActions
from .animation import StepAnimation
from .controller import TrainingController
from .curve_link import link_loss_curve, make_loss_curve, make_output_view
from .panel import TrainingPanel

__all__ = ["StepAnimation", "TrainingActions", "TrainingController", "TrainingPanel", "link_loss_curve",
           "make_loss_curve", "make_output_view"]
