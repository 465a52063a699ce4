"""The Explain panel: derivations typeset in the document's notation, linked to the canvas."""
from .panel import ExplainPanel

__all__ = ["ExplainPanel"]
