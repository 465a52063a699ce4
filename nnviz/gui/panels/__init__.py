"""Editing panels shown in dock widgets: inspector, data table and loss controls."""
from .data_model import DataModel
from .data_panel import DataPanel
from .inspector import InspectorPanel
from .loss_panel import LossPanel
from .number_field import NumberField

__all__ = ["DataModel", "DataPanel", "InspectorPanel", "LossPanel", "NumberField"]
