"""Live-training speed: SGD steps per second headless (core Trainer loop) against the same run in the window.

`live_training_rows()` builds, for worked example 002 (3-2-2-1, one sample) and a 2-8-8-1 network on
200 points of the circle data set, the core Trainer's step rate in a plain loop, then opens the main
window (offscreen unless a display is set, default size, shown), presses Run, lets the event loop run
for `seconds`, and counts the steps done and the canvas repaints. The live rate should keep at least
70% of the headless one at 30 or more frames per second.

The headless rate is the mean of a run just before and one just after the live run, so a machine that
gets busier or quieter meanwhile skews the ratio less. `step_share` is the share of the live run's time
spent stepping (the rest is drawing and events): unlike the ratio it hardly depends on the machine's load.
"""
import os
import tempfile
import time

import numpy as np

from nnviz.core import Loss, Network, Project
from nnviz.core.datasets import circle
from nnviz.core.training import Trainer

TARGET_RATIO = 0.7
TARGET_FPS = 30.0


def example_002() -> Project:
    """Worked example 002 (3-2-2-1 ReLU, all weights 1, sse) with a learning rate that does not diverge."""
    project = Project(Network.create(3, [2, 2, 1], ["relu", "relu", "identity"]), Loss("sse"),
                      [[1.0, 2.0, -1.0]], [[0.0]])
    project.training.learning_rate = 0.001
    return project


def circle_2881() -> Project:
    """2-8-8-1 tanh, tanh, sigmoid with binary cross-entropy on the 200-point circle data set."""
    network = Network.create(2, [8, 8, 1], ["tanh", "tanh", "sigmoid"])
    network.initialise("xavier", seed=1)
    x, y = circle(200, seed=0)
    project = Project(network, Loss("bce"), x, y)
    project.training.learning_rate = 0.5
    return project


CASES = [("3-2-2-1 example 002, 1 sample", example_002), ("2-8-8-1 circle, 200 samples", circle_2881)]


def headless_rate(project: Project, seconds: float = 1.0) -> float:
    """Steps per second of a bare Trainer.step loop (after 50 warm-up steps)."""
    trainer = Trainer(project.copy())
    clock = time.perf_counter
    with np.errstate(all="ignore"):
        for _ in range(50):
            trainer.step()
        steps, start = 0, clock()
        while clock() - start < seconds:
            for _ in range(20):
                trainer.step()
            steps += 20
        return steps / (clock() - start)


class _PaintCounter:
    """Counts paint events of one widget (the canvas's viewport): frames actually drawn."""

    def __init__(self, widget):
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def eventFilter(inner, watched, event):  # noqa: N805
                if event.type() == QEvent.Type.Paint:
                    self.count += 1
                return False

        self.count = 0
        self.filter = Filter()
        widget.installEventFilter(self.filter)


def live_rate(project: Project, seconds: float = 2.0, warmup: float = 0.3) -> tuple[float, float, float, int, float]:
    """(steps/s, canvas repaints/s, controller frames/s, steps, stepping share of the time) of Run in the
    main window for `seconds`."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from nnviz.gui.document import Document
    from nnviz.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(os.path.join(folder, "bench.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Document(project.copy()), settings)
        try:
            window.show()
            for _ in range(5):
                app.processEvents()
            controller = window.training
            paints = _PaintCounter(window.view.viewport())
            controller.run()
            _spin(app, warmup)
            clock = controller.clock
            steps0, paints0, frames0, stepping0 = controller.steps_total, paints.count, clock.frames, clock.stepping
            start = time.perf_counter()
            _spin(app, seconds)
            elapsed = time.perf_counter() - start
            steps = controller.steps_total - steps0
            result = (steps / elapsed, (paints.count - paints0) / elapsed,
                      (clock.frames - frames0) / elapsed, steps, (clock.stepping - stepping0) / elapsed)
            controller.pause()
            if controller.problem:
                raise RuntimeError(f"the bench run stopped: {controller.problem}")
        finally:
            window.doc.undo_stack.setClean()
            window.close()
            window.deleteLater()
            app.processEvents()
    return result


def _spin(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()


def live_training_rows(seconds: float = 2.0) -> list[dict]:
    """One row per network: headless and live steps/s, their ratio, and the frames per second drawn."""
    rows = []
    for name, make in CASES:
        before = headless_rate(make(), seconds / 4)
        live, paints_per_s, frames_per_s, steps, share = live_rate(make(), seconds)
        headless = (before + headless_rate(make(), seconds / 4)) / 2
        rows.append({"case": name, "headless_steps_per_s": headless, "live_steps_per_s": live,
                     "ratio": live / headless, "fps": paints_per_s, "frames_per_s": frames_per_s,
                     "live_steps": steps, "step_share": share, "meets_target": live / headless >= TARGET_RATIO
                     and paints_per_s >= TARGET_FPS})
    return rows


if __name__ == "__main__":
    for row in live_training_rows():
        print(f"{row['case']:<32} headless {row['headless_steps_per_s']:8,.0f} steps/s   live "
              f"{row['live_steps_per_s']:8,.0f} steps/s ({row['ratio']:.0%})   {row['fps']:5.1f} fps drawn   "
              f"{row['frames_per_s']:5.1f} frames/s   {row['step_share']:.0%} of the time stepping")
