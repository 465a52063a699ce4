"""All edges drawn by two scene items instead of one item per edge (10,000 items would cost 60 ms a frame).

EdgeBackdrop (backdrop.py) shows every present edge in a pale grey from pictures of it; it exists only on
big networks. EdgeLayer paints the coloured edges every frame with one drawLines call per (colour, width)
bucket, then the removed edges (dashed) and the selection highlight.
"""
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPen

from .backdrop import edge_bounds
from .model_item import ModelItem


class EdgeLayer(ModelItem):
    """The coloured edges, removed edges and the selected edge's highlight."""

    def __init__(self, model):
        super().__init__(model, 1, edge_bounds)
        self.selected: int | None = None  # edge index
        self.emphasis: list[int] = []  # edges marked from the Explain panel (a factor and its path)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        model = self.model
        selected = None if self.exporting else self.selected
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, model.edge_antialias)
        if self.emphasis and not self.exporting:
            halo = QPen(model.look.colours.emphasis, 10.0)
            halo.setCosmetic(True)
            halo.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(halo)
            painter.drawLines([model.geometry.lines[k] for k in self.emphasis if k < len(model.geometry.lines)])
        if selected is not None and selected < len(model.geometry.lines):
            k = selected
            halo = QPen(model.look.colours.selection, float(model.width[k]) + 8.0)
            halo.setCosmetic(True)
            halo.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(halo)
            painter.drawLine(model.geometry.lines[k])
        for pen, lines in model.buckets:
            painter.setPen(pen)
            painter.drawLines(lines)
        if model.removed_lines:
            pen = QPen(model.look.colours.removed_edge, 1.5, Qt.PenStyle.DashLine)
            pen.setCosmetic(not self.exporting)
            painter.setPen(pen)
            painter.drawLines(model.removed_lines)
        if selected is not None and selected < len(model.geometry.lines):
            k = selected
            if model.present[k]:
                painter.setPen(model.pen(int(model.colour_index[k]), round(float(model.width[k]) * 2) / 2))
            painter.drawLine(model.geometry.lines[k])
