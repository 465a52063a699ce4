"""Timing of the loss-curve panel for nnviz.bench: refresh() and one repaint at growing history lengths."""
import math
import os
import time

import numpy as np

from nnviz.core.history import LossHistory



def _synthetic_history(n: int) -> LossHistory:
    rng = np.random.default_rng(0)
    steps = np.arange(1, n + 1, dtype=float)
    losses = 2.0 * np.exp(-steps / max(n / 5, 1)) + 0.05 * np.abs(rng.normal(size=n)) + 1e-3
    history = LossHistory()
    history.extend(steps, losses)
    return history


def bench_loss_curve(sizes=(1_000, 100_000, 1_000_000), repeat: int = 60) -> list[dict]:
    """Median/p90 ms of refresh() (series() + setData) and of one synchronous repaint, per history length.

    Each timed refresh follows the append of one new step, so it does the full work a frame does.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from nnviz.gui.plots.loss_curve import LossCurvePanel

    app = QApplication.instance() or QApplication([])
    rows = []
    for n in sizes:
        history = _synthetic_history(n)
        panel = LossCurvePanel()
        panel.resize(640, 400)
        panel.show()
        panel.set_history(history)
        app.processEvents()
        refresh, paint = [], []
        step = float(n)
        for _ in range(repeat):
            step += 1
            history.append(step, 1e-3)
            start = time.perf_counter()
            panel.refresh()
            refresh.append((time.perf_counter() - start) * 1e3)
            start = time.perf_counter()
            panel.plot.viewport().repaint()
            paint.append((time.perf_counter() - start) * 1e3)
        points = int(panel.train_curve.xData.size)
        panel.close()
        panel.deleteLater()
        app.processEvents()
        refresh.sort()
        paint.sort()
        rows.append({"steps": n, "points_drawn": points,
                     "refresh_ms_median": refresh[len(refresh) // 2],
                     "refresh_ms_p90": refresh[math.floor(len(refresh) * 0.9)],
                     "repaint_ms_median": paint[len(paint) // 2]})
    return rows
