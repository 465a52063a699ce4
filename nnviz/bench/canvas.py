"""Edit-to-repaint timing of the canvas: push one SetWeight, then repaint the viewport synchronously.

`edit_to_repaint_rows(repeat)` builds a Document and a NetworkView (1280 x 800, shown offscreen) for
three networks and times, per edit, the command push (which recomputes and restyles) plus one forced
paint of the viewport. Registered as the "canvas" section by gui_sections.py.
"""
import os
import time

import numpy as np

from nnviz.core import Loss, Network, Project

VIEW_SIZE = (1280, 800)


def _example() -> Project:
    """Worked example 002: 3-2-2-1 relu, all weights 1, sse."""
    net = Network.create(3, [2, 2, 1], ["relu", "relu", "identity"])
    return Project(net, Loss("sse"), [[1.0, 2.0, -1.0]], [[0.0]])


def _small() -> Project:
    """2-8-8-1 tanh, tanh, sigmoid with binary cross-entropy on 64 samples."""
    rng = np.random.default_rng(1)
    net = Network.create(2, [8, 8, 1], ["tanh", "tanh", "sigmoid"])
    net.initialise("xavier", seed=2)
    x = rng.normal(size=(64, 2))
    return Project(net, Loss("bce"), x, (x[:, :1] * x[:, 1:] > 0).astype(float))


def _deep() -> Project:
    """32 inputs, 10 layers of 32 units (tanh, identity output), mse on 32 samples: 10,240 edges."""
    rng = np.random.default_rng(3)
    net = Network.create(32, [32] * 10, ["tanh"] * 9 + ["identity"])
    net.initialise("xavier", seed=4)
    return Project(net, Loss("mse"), rng.normal(size=(32, 32)), rng.normal(size=(32, 32)))


CASES = [("3-2-2-1 (12 edges)", _example), ("2-8-8-1 (88 edges)", _small), ("10x32 (10,240 edges)", _deep)]


def _percentile(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(len(s) * q))]


def time_edits(project: Project, repeat: int, warmup: int = 5) -> list[float]:
    """Milliseconds from pushing a SetWeight to the end of the synchronous viewport repaint."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from nnviz.gui.canvas.view import NetworkView
    from nnviz.gui.commands import SetWeight
    from nnviz.gui.display_settings import DisplaySettings
    from nnviz.gui.document import Document
    from nnviz.gui.selection import Selection

    app = QApplication.instance() or QApplication([])
    doc, selection, settings = Document(project), Selection(), DisplaySettings()
    view = NetworkView(doc, selection, settings)
    view.resize(*VIEW_SIZE)
    view.show()
    app.processEvents()
    view.viewport().repaint()
    l = len(project.network.layers) // 2  # a middle layer: the edit changes numbers on both sides
    base = float(project.network.weights[l][0, 0])
    times = []
    try:
        for n in range(warmup + repeat):
            value = base + (0.25 if n % 2 == 0 else -0.25)
            start = time.perf_counter_ns()
            doc.undo_stack.push(SetWeight(doc, l, 0, 0, value))
            view.viewport().repaint()
            elapsed = (time.perf_counter_ns() - start) / 1e6
            app.processEvents()
            if n >= warmup:
                times.append(elapsed)
    finally:
        view.close()
        view.deleteLater()
        app.processEvents()
    return times


def edit_to_repaint_rows(repeat: int = 30) -> list[dict]:
    """One row per network: {"case", "median_ms", "p90_ms", "repeats"}."""
    rows = []
    for name, make in CASES:
        times = time_edits(make(), repeat)
        rows.append({"case": name, "median_ms": _percentile(times, 0.5), "p90_ms": _percentile(times, 0.9),
                     "repeats": len(times)})
    return rows


if __name__ == "__main__":
    for row in edit_to_repaint_rows():
        print(f"{row['case']:<24} median {row['median_ms']:6.2f} ms   p90 {row['p90_ms']:6.2f} ms")
