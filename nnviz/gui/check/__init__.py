"""Check my work: the answer sheet a student types their homework into, marked step by step, linked to the canvas.

The sheet itself (panel.CheckPanel) is imported and made when it is first opened.
"""
from .actions import CheckActions

__all__ = ["CheckActions"]
