"""The base of the canvas's few scene items, each of which draws one kind of part for the whole network."""
from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QGraphicsItem


class ModelItem(QGraphicsItem):
    """Draws from the canvas model, leaves the mouse to the view, and keeps `bounds_of(model)` as its bounds."""

    def __init__(self, model, z: float, bounds_of: Callable[[object], QRectF]):
        super().__init__()
        self.model = model
        self._bounds_of = bounds_of
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(z)
        self._bounds = bounds_of(model)
        self.exporting = False
        self._cache_mode = None

    def setExportMode(self, export: bool) -> None:
        """Draw for an export (as pyqtgraph's items do): no selection, hover or emphasis marks, and no
        pixmap cache (vector output must be painted, not pasted)."""
        self.exporting = export
        if export:
            self._cache_mode = self.cacheMode()
            self.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        elif self._cache_mode is not None:
            self.setCacheMode(self._cache_mode)
            self._cache_mode = None

    def geometry_changed(self) -> None:
        """Neurons moved or texts changed size: take the new bounds and repaint."""
        self.prepareGeometryChange()
        self._bounds = self._bounds_of(self.model)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds
