"""The numeric core: model, engine, losses, training and file format. Pure Python + numpy, no Qt."""
from .activations import ACTIVATIONS
from .engine import LayerResult, Result, check, compute, forward
from .errors import FileFormatError, NetworkError
from .losses import LOSSES, Loss
from .network import INITIALISERS, Layer, Network
from .project import Project, TrainingSettings
from .training import LossNotFinite, Trainer, TrainingDiverged, apply_gradients

__all__ = [
    "ACTIVATIONS", "LOSSES", "INITIALISERS", "Layer", "Network", "Loss", "Project", "TrainingSettings",
    "Result", "LayerResult", "check", "compute", "forward", "Trainer", "TrainingDiverged", "LossNotFinite",
    "apply_gradients",
    "NetworkError", "FileFormatError",
]
