"""The network canvas: neurons in columns, edges coloured by their gradient, labels, legend, in-place edits."""
from .view import NetworkView

__all__ = ["NetworkView"]
