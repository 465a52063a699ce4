"""Single user events on the canvas, each timed from Qt receiving it to the end of the viewport's paint.

A zoom step (one wheel notch) and a pan step (a middle-button drag moving 60 px) on networks of 100k and
270k edges, and one typed edit (a SetWeight) on 1,408 antialiased edges (beside the same edits back to
back, which the view draws aliased, and the antialiased repaint alone), each after the app has been idle:
the refine timer has fired and the pale layer's picture is drawn, as when a user makes one move. What
follows a step once the view settles (the pale layer drawn anew at the new zoom) is timed apart, from the
refine timer firing to the last paint, with the longest the event loop was held up meanwhile.
`event_rows(events)` returns the figures; gui_sections.py registers them as the "canvas-events" section.
"""
import os
import time

import numpy as np

from nnviz.core import Loss, Network, Project

VIEW_SIZE = (1280, 800)
# (case, layer sizes, activations, goal in ms for a zoom or pan step / an edit), from issue 12
NAVIGATION_CASES = [((784, 128, 10), ("relu", "identity"), 16.0),
                    ((784, 330, 32, 10), ("relu", "relu", "identity"), 33.0)]
EDIT_CASE = ((2, 32, 32, 10), ("tanh", "tanh", "identity"), 8.0)
IDLE_SECONDS = 0.4  # between events: longer than the view's RAPID_SECONDS, so an edit is not "rapid"
PAN_PIXELS = (0, 60)
TIMEOUT = 10.0
LAST_NOTES: list[tuple[str, str, str]] = []  # (case, operation, note) of the last event_rows


def project(sizes: tuple, activations: tuple, samples: int = 32) -> Project:
    """A xavier-initialised network with random data (mse)."""
    rng = np.random.default_rng(0)
    net = Network.create(sizes[0], list(sizes[1:]), list(activations))
    net.initialise("xavier", seed=1)
    return Project(net, Loss("mse"), rng.normal(size=(samples, sizes[0])), rng.normal(size=(samples, sizes[-1])))


def case_name(sizes: tuple) -> str:
    edges = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    return f"{'-'.join(map(str, sizes))} ({edges:,} edges)"


def _median(samples: list[float]) -> float:
    s = sorted(samples)
    return s[len(s) // 2] if s else float("nan")


def _p90(samples: list[float]) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, (len(s) * 9) // 10)] if s else float("nan")


class Canvas:
    """A NetworkView on its own document, shown offscreen at VIEW_SIZE, that counts its viewport's paints."""

    def __init__(self, p: Project):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QApplication

        from nnviz.gui.canvas.view import NetworkView
        from nnviz.gui.display_settings import DisplaySettings
        from nnviz.gui.document import Document
        from nnviz.gui.selection import Selection

        class Paints(QObject):
            count = 0

            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint:
                    self.count += 1
                return False

        self.app = QApplication.instance() or QApplication([])
        self.doc = Document(p)
        self.view = NetworkView(self.doc, Selection(), DisplaySettings())
        self.paints = Paints()
        self.view.viewport().installEventFilter(self.paints)
        self.view.resize(*VIEW_SIZE)
        self.view.show()
        self.app.processEvents()
        self.view.settle()

    def close(self) -> None:
        self.view.close()
        self.view.deleteLater()
        self.app.processEvents()

    def until_painted(self, before: int) -> None:
        deadline = time.perf_counter() + TIMEOUT
        while self.paints.count == before and time.perf_counter() < deadline:
            self.app.processEvents()

    def timed(self, event) -> float:
        """Milliseconds from calling event() to the end of the paint it causes."""
        before = self.paints.count
        start = time.perf_counter()
        event()
        self.until_painted(before)
        return (time.perf_counter() - start) * 1000.0

    def settle_timed(self) -> tuple[float, float, int]:
        """Wait for the refine timer, then time what follows until the view has settled: (ms, the longest
        single pass of the event loop in ms, lines of the pale layer drawn)."""
        view, app = self.view, self.app
        deadline = time.perf_counter() + TIMEOUT
        while view.refining and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.001)
        drawn = view.backdrop.lines_drawn if view.backdrop is not None else 0
        start = time.perf_counter()
        longest = 0.0
        while not view.settled and time.perf_counter() < deadline:
            t = time.perf_counter()
            app.processEvents()
            longest = max(longest, time.perf_counter() - t)
        end = time.perf_counter()
        app.processEvents()  # the last paint, if the last step asked for one
        drawn = (view.backdrop.lines_drawn if view.backdrop is not None else 0) - drawn
        return (end - start) * 1000.0, longest * 1000.0, drawn

    def idle(self, seconds: float = IDLE_SECONDS) -> None:
        """Let the app be idle for `seconds`, and settled."""
        end = time.perf_counter() + seconds
        deadline = end + TIMEOUT
        while (time.perf_counter() < end or not self.view.settled) and time.perf_counter() < deadline:
            self.app.processEvents()
            time.sleep(0.002)

    # ----- the events ---------------------------------------------------------------------------------
    def wheel(self, notches: int) -> None:
        from PySide6.QtCore import QPoint, QPointF, Qt
        from PySide6.QtGui import QWheelEvent

        vp = self.view.viewport()
        pos = QPointF(vp.width() / 2, vp.height() / 2)
        event = QWheelEvent(pos, vp.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120 * notches),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        self.app.sendEvent(vp, event)

    def mouse(self, kind: str, x: float, y: float) -> None:
        from PySide6.QtCore import QEvent, QPointF, Qt
        from PySide6.QtGui import QMouseEvent

        vp = self.view.viewport()
        middle = Qt.MouseButton.MiddleButton
        types = {"press": (QEvent.Type.MouseButtonPress, middle, middle),
                 "move": (QEvent.Type.MouseMove, Qt.MouseButton.NoButton, middle),
                 "release": (QEvent.Type.MouseButtonRelease, middle, Qt.MouseButton.NoButton)}
        kind, button, buttons = types[kind]
        pos = QPointF(x, y)
        self.app.sendEvent(vp, QMouseEvent(kind, pos, vp.mapToGlobal(pos), button, buttons,
                                           Qt.KeyboardModifier.NoModifier))


def zoom_and_pan(sizes: tuple, activations: tuple, events: int) -> dict:
    """Zoom steps in from the fitted view (then out again), then pan steps there, each after the view
    settled; their times and what settling after each cost."""
    canvas = Canvas(project(sizes, activations))
    out = {"zoom": [], "zoom settle": [], "zoom stall": [], "zoom lines": [],
           "pan": [], "pan settle": [], "pan stall": [], "pan lines": []}
    try:
        inward = (events + 1) // 2
        for k in range(events):
            canvas.idle()
            out["zoom"].append(canvas.timed(lambda: canvas.wheel(1 if k < inward else -1)))
            settle, stall, lines = canvas.settle_timed()
            out["zoom settle"].append(settle)
            out["zoom stall"].append(stall)
            out["zoom lines"].append(lines)
        for _ in range(2):  # zoomed in, where one pans
            canvas.wheel(1)
        canvas.view.settle()
        x, y = VIEW_SIZE[0] / 2, VIEW_SIZE[1] / 2
        canvas.mouse("press", x, y)
        for k in range(events):
            canvas.idle()
            x, y = x + PAN_PIXELS[0], y - PAN_PIXELS[1]
            out["pan"].append(canvas.timed(lambda: canvas.mouse("move", x, y)))
            settle, stall, lines = canvas.settle_timed()
            out["pan settle"].append(settle)
            out["pan stall"].append(stall)
            out["pan lines"].append(lines)
        canvas.mouse("release", x, y)
        out["scale"] = canvas.view.transform().m11()
    finally:
        canvas.close()
    return out


def edits(sizes: tuple, activations: tuple, events: int) -> dict:
    """One SetWeight at a time after the app was idle (antialiased), then the same back to back (which the
    view draws without antialiasing while they come quickly)."""
    from nnviz.gui.commands import SetWeight

    canvas = Canvas(project(sizes, activations))
    doc = canvas.doc
    l = len(doc.network.layers) // 2
    base = float(doc.network.weights[l][0, 0])

    def edit(n: int):
        return lambda: doc.undo_stack.push(SetWeight(doc, l, 0, 0, base + (0.25 if n % 2 == 0 else -0.25)))

    out = {"single": [], "back to back": [], "repaint": []}
    try:
        canvas.view.settle()
        out["antialiased"] = canvas.view.model.edge_antialias
        for n in range(events):
            canvas.idle()
            out["single"].append(canvas.timed(edit(n)))
        canvas.idle()
        for n in range(events + 3):
            ms = canvas.timed(edit(n))
            if n >= 3:  # from the third on, the view draws them as a rapid series
                out["back to back"].append(ms)
        canvas.view.settle()
        for n in range(events):
            out["repaint"].append(canvas.timed(canvas.view.viewport().update))
    finally:
        canvas.close()
    return out


def event_rows(events: int = 15) -> list[dict]:
    """{"case", "operation", "median_ms", "p90_ms", "repeats", "goal_ms" (or None), "note"} per figure."""
    rows = []
    LAST_NOTES.clear()

    def row(case, operation, samples, goal=None, note=""):
        rows.append({"case": case, "operation": operation, "median_ms": _median(samples), "p90_ms": _p90(samples),
                     "repeats": len(samples), "goal_ms": goal, "note": note})
        if note:
            LAST_NOTES.append((case, operation, note))

    for sizes, activations, goal in NAVIGATION_CASES:
        r = zoom_and_pan(sizes, activations, events)
        case = case_name(sizes)
        row(case, "zoom step", r["zoom"], goal)
        row(case, "zoom: settled re-render", r["zoom settle"],
            note=f"longest stall {max(r['zoom stall']):.1f} ms, {_median(r['zoom lines']):,.0f} lines drawn (median)")
        row(case, "pan step", r["pan"], goal, note=f"at zoom {r['scale']:.3f}")
        row(case, "pan: settled re-render", r["pan settle"],
            note=f"longest stall {max(r['pan stall']):.1f} ms, {sum(r['pan lines']):,} lines drawn in all")
    sizes, activations, goal = EDIT_CASE
    r = edits(sizes, activations, events)
    case = case_name(sizes)
    row(case, "single edit, shown", r["single"], goal,
        note="an antialiased view: the edit shows at once unsmoothed (beyond 400 edges) and is smoothed 250 ms "
             "later, which costs the 'repaint alone' row" if r["antialiased"] else "")
    row(case, "edit, back to back (aliased)", r["back to back"])
    row(case, "repaint alone" + (" (antialiased)" if r["antialiased"] else ""), r["repaint"],
        note="the single edit's paint without the edit: what drawing its edges costs")
    return rows
