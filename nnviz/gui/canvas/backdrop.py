"""The pale layer of all edges on big networks, kept as pictures in device pixels, as map viewers keep tiles.

A pan shifts a picture (nothing is drawn again); a zoom shows the pictures it has, scaled, until the view
asks for one at the new scale (when the zoom has settled), which `render_step` draws a few lines at a time
so that the view stays responsive. A picture holds the viewport and a margin around it; when that does not
hold the whole network, a whole picture at a smaller scale is drawn too, to stand in while zooming out.
Exports paint nothing here (EdgeLayer draws every edge in colour then).
"""
import time
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPen, QTransform

from .model_item import ModelItem

MARGIN, MAX_MARGIN = 0.25, 320  # a picture reaches this fraction of the viewport (at most so many pixels) beyond it
OVERVIEW = 1.0  # a picture of the whole network to stand in is at most this many viewports wide and high
STEP_SECONDS = 0.008  # render_step draws for at most about this long
LINE_COST = 20.0  # what a line costs beyond its pixels, in pixels


def edge_bounds(model) -> QRectF:
    """Every edge, with room for the widest pen."""
    left, top, right, bottom = model.geometry.bounds()
    pad = 12.0
    return QRectF(left - pad, top - pad, right - left + 2 * pad, bottom - top + 2 * pad)


def _scale_of(world: QTransform) -> float | None:
    """The scale of a transform that only scales (alike on both axes) and moves, else None."""
    if world.m12() or world.m21() or world.m13() or world.m23() or world.m11() <= 0 or world.m11() != world.m22():
        return None
    return world.m11()


def line_costs(ends: np.ndarray, picture: "Picture") -> tuple[np.ndarray, np.ndarray]:
    """The lines (rows x1, y1, x2, y2 of `ends`, scene units) whose box reaches into the picture, and the
    running total of their costs: the longer side of that box inside the picture, plus LINE_COST. A line
    whose box misses it by more than a few pixels draws nothing in it."""
    x1, y1, x2, y2 = ends
    w, h = picture.image.width(), picture.image.height()
    ax, bx = x1 * picture.scale + picture.ox, x2 * picture.scale + picture.ox
    ay, by = y1 * picture.scale + picture.oy, y2 * picture.scale + picture.oy
    left, right, top, bottom = np.minimum(ax, bx), np.maximum(ax, bx), np.minimum(ay, by), np.maximum(ay, by)
    order = np.flatnonzero((right >= -3) & (left <= w + 3) & (bottom >= -3) & (top <= h + 3))
    across = np.minimum(right[order], w) - np.maximum(left[order], 0)
    down = np.minimum(bottom[order], h) - np.maximum(top[order], 0)
    return order, np.cumsum(np.maximum(across, down) + LINE_COST, dtype=float)


@dataclass
class Picture:
    """Pale lines drawn at `scale` device pixels per scene unit: scene point p is image pixel
    scale * p + (ox, oy)."""

    image: QImage
    scale: float
    ox: float
    oy: float
    whole: bool  # holds every line
    lines: list = field(repr=False)  # the model's list of lines it shows (another list there: out of date)
    colour: int  # the pale colour's rgba

    def place(self, device: QTransform) -> QPoint | None:
        """The device pixel of the image's top-left under `device` (scene to device pixels), if the picture
        is exact there (same scale, whole pixels apart), else None."""
        if _scale_of(device) != self.scale:
            return None
        x, y = device.dx() - self.ox, device.dy() - self.oy
        if x != round(x) or y != round(y):
            return None
        return QPoint(round(x), round(y))

    def device_rect(self, device: QTransform) -> QRect | None:
        place = self.place(device)
        return None if place is None else QRect(place, self.image.size())

    def scaled_to(self, device: QTransform) -> QTransform:
        """Image pixels to device pixels under `device` (a stand-in at another scale)."""
        f = device.m11() / self.scale
        return QTransform(f, 0.0, 0.0, f, device.dx() - self.ox * f, device.dy() - self.oy * f)


@dataclass
class Job:
    """A picture being drawn, a batch of lines at a time: those that reach into it, in their order."""

    picture: Picture
    wanted: tuple  # what it was started for: (scale, dx, dy, viewport width, height, whole)
    order: np.ndarray  # indices into the picture's lines
    costs: np.ndarray  # running total of their costs (line_costs)
    done: int = 0


class EdgeBackdrop(ModelItem):
    """Every present edge in pale grey, from pictures of it; exists only on big networks."""

    def __init__(self, model):
        super().__init__(model, 0, edge_bounds)
        self.pictures: list[Picture] = []  # the last one drawn and, when that is partial, the last whole one
        self.wanted: tuple | None = None  # (scene to device transform, viewport in device pixels) without a picture
        self.viewport: QRect | None = None  # the viewport of the last paint, in device pixels
        self.job: Job | None = None
        self.lines_drawn = 0  # lines rasterised so far (tests: a pan draws none)
        self._seconds_per_pixel = 3e-9  # as the last batches took: the next one is sized to last a quarter step
        self._ends: tuple = (None, None)  # (lines, their end points as rows x1, y1, x2, y2 in float32)

    # ----- painting -----------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option, widget=None) -> None:
        model = self.model
        if self.exporting or not model.pale_lines:
            return
        world = painter.worldTransform()
        if widget is None or _scale_of(world) is None:  # not the view's own painting: draw the lines
            self._draw_lines(painter, model.pale_lines)
            return
        exact = self.want(world, widget)
        device = self._device(world, widget)
        dpr = widget.devicePixelRatio()
        to_logical = QTransform.fromScale(1.0 / dpr, 1.0 / dpr)
        if self.wanted is not None:  # stand-ins: out of date ones first, then whole ones, then the detailed one
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            for picture in sorted(self.pictures, key=lambda p: (p.lines is model.pale_lines, not p.whole)):
                if picture is not exact:
                    painter.setTransform(picture.scaled_to(device) * to_logical)
                    painter.drawImage(0, 0, picture.image)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        if exact is not None:
            painter.setTransform(to_logical)
            painter.drawImage(exact.place(device), exact.image)
        painter.setTransform(world)

    @staticmethod
    def _device(world: QTransform, widget) -> QTransform:
        """Scene to device pixels (the world transform is in the widget's logical pixels)."""
        dpr = widget.devicePixelRatio()
        return world if dpr == 1.0 else world * QTransform.fromScale(dpr, dpr)

    def want(self, world: QTransform, widget) -> Picture | None:
        """Note whether a picture for the view's `world` transform is wanted (none holds the part of the
        network in `widget`, the viewport, exactly); the exact picture there is, if any."""
        model = self.model
        device = self._device(world, widget)
        dpr = widget.devicePixelRatio()
        viewport = QRect(0, 0, round(widget.width() * dpr), round(widget.height() * dpr))
        colour = model.look.colours.pale_edge.rgba()
        self.pictures = [p for p in self.pictures if p.colour == colour]
        self.viewport = viewport
        current = [p for p in self.pictures if p.lines is model.pale_lines]
        exact = next((p for p in reversed(current) if p.place(device) is not None), None)
        needed = device.mapRect(self._bounds).toAlignedRect() & viewport
        covered = needed.isEmpty() or (exact is not None and exact.device_rect(device).contains(needed))
        self.wanted = None if covered or not model.pale_lines else (device, viewport)
        return exact

    def _draw_lines(self, painter: QPainter, lines: list) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(self.model.look.colours.pale_edge, 1.0)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawLines(lines)
        self.lines_drawn += len(lines)

    # ----- drawing pictures ---------------------------------------------------------------------------
    @property
    def pending(self) -> bool:
        """Whether a picture is wanted: one the last paint lacked, or a whole one to stand in while zooming out
        (render_step draws it)."""
        return self._request() is not None

    def _request(self) -> tuple | None:
        """(scene to device transform, viewport, whole) of the picture to draw next, if any."""
        if self.wanted is not None:
            return (*self.wanted, False)
        lines = self.model.pale_lines
        current = [p for p in self.pictures if p.lines is lines]
        if not current or any(p.whole for p in current) or self.viewport is None:
            return None
        bounds, viewport = self._bounds, self.viewport
        scale = min(current[-1].scale, OVERVIEW * viewport.width() / max(1.0, bounds.width()),
                    OVERVIEW * viewport.height() / max(1.0, bounds.height()))
        return QTransform.fromScale(scale, scale), viewport, True

    def render_step(self, seconds: float = STEP_SECONDS) -> bool:
        """Draw lines of the wanted picture for about `seconds` at most; True while some are left to draw."""
        request = self._request()
        if request is None:
            self.job = None
            return False
        lines = self.model.pale_lines
        world, viewport, whole = request
        key = (world.m11(), world.dx(), world.dy(), viewport.width(), viewport.height(), whole)
        job = self.job
        if job is None or job.wanted != key or job.picture.lines is not lines:
            job = self.job = self._new_job(world, viewport, whole, key)
        picture = job.picture
        painter = QPainter(picture.image)
        painter.setTransform(QTransform(picture.scale, 0.0, 0.0, picture.scale, picture.ox, picture.oy))
        start = clock = time.perf_counter()
        total = len(job.order)
        while job.done < total and (clock == start or clock - start < seconds / 2):
            before = job.costs[job.done - 1] if job.done else 0.0
            budget = seconds / 4 / self._seconds_per_pixel
            stop = max(job.done + 1, int(np.searchsorted(job.costs, before + budget, side="right")))
            self._draw_lines(painter, [lines[k] for k in job.order[job.done:stop].tolist()])
            now = time.perf_counter()
            measured = (now - clock) / max(1.0, job.costs[stop - 1] - before)
            self._seconds_per_pixel = min(1e-6, max(1e-10, (self._seconds_per_pixel + measured) / 2))
            job.done, clock = stop, now
        painter.end()
        if job.done < total:
            return True
        if whole:  # a picture to stand in for all of it: the last one drawn stays the detailed one
            self.pictures = [picture] + [p for p in self.pictures if not p.whole]
        else:
            self.pictures = ([] if picture.whole else [p for p in self.pictures if p.whole][-1:]) + [picture]
        self.job = self.wanted = None
        return self.pending

    def finish(self) -> None:
        """Draw the wanted pictures now (tests, and a view that is asked to settle)."""
        while self.render_step(1.0):
            pass

    def _new_job(self, world: QTransform, viewport: QRect, whole: bool, key: tuple) -> Job:
        model = self.model
        if self._ends[0] is not model.pale_lines:
            g, edges = model.geometry, model.pale_edges
            ends = np.concatenate([g.p1[edges], g.p2[edges]], axis=1).T.astype(np.float32)
            self._ends = (model.pale_lines, ends)
        picture = self._new_picture(world, viewport, whole)
        return Job(picture, key, *line_costs(self._ends[1], picture))

    def _new_picture(self, world: QTransform, viewport: QRect, whole: bool) -> Picture:
        """An empty picture for `world` (scene to device pixels): the whole network if asked or small enough
        there, else the viewport with a margin; aligned so that it is exact under `world`."""
        scale = world.m11()
        device = world.mapRect(self._bounds).toAlignedRect()
        if not whole:
            mx, my = (min(MAX_MARGIN, round(side * MARGIN)) for side in (viewport.width(), viewport.height()))
            around = viewport.adjusted(-mx, -my, mx, my)
            whole = around.contains(device)
            device &= around
        image = QImage(max(1, device.width()), max(1, device.height()), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        return Picture(image, scale, world.dx() - device.left(), world.dy() - device.top(), whole,
                       self.model.pale_lines, self.model.look.colours.pale_edge.rgba())
