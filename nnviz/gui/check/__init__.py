"""Check my work: the answer sheet a student types their homework into, marked step by step, linked to the canvas."""
from .actions import CheckActions
from .panel import CheckPanel

__all__ = ["CheckActions", "CheckPanel"]
