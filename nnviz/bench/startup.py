"""Start-up time: from launching `nnviz` (as a new process) to the first painted canvas with worked example 002.

The parent starts `python -m nnviz.bench.startup --child`, which runs the app exactly as the `nnviz` command
does, with an event filter that notes the first paint of the canvas and quits; the time is the child's clock
at that paint minus the parent's at launch (both wall clocks of one machine). The first launch warms the
disk cache and writes the bytecode (into a cache folder of its own, even where PYTHONDONTWRITEBYTECODE is
set), and is not counted: the figure is a warm start of an installed app.
"""
import os
import statistics
import subprocess
import sys
import time

MARK = "first-canvas-paint "


def first_paint_seconds(runs: int = 7) -> list[float]:
    """Seconds from launch to the first painted canvas, for `runs` warm starts (after one warming launch)."""
    import tempfile
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="nnviz-bytecode-")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    times = []
    for k in range(runs + 1):
        start = time.time()
        done = subprocess.run([sys.executable, "-m", "nnviz.bench.startup", "--child"], env=env,
                              capture_output=True, text=True, timeout=120)
        marks = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
        if done.returncode != 0 or not marks:
            raise RuntimeError(f"the app did not paint its canvas: {done.stderr.strip()[-400:]}")
        if k:
            times.append(float(marks[0][len(MARK):]) - start)
    return times


def _child() -> int:
    """Run the app as `nnviz` does (with settings of its own, as on a first start); print the wall clock at
    the canvas's first paint and quit."""
    import tempfile

    from PySide6.QtCore import QEvent, QObject, QSettings
    from PySide6.QtWidgets import QApplication

    from nnviz import cli
    from nnviz.gui import app as app_module

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint and type(watched.parent()).__name__ == "NetworkView":
                print(f"{MARK}{time.time():.6f}", flush=True)
                QApplication.instance().removeEventFilter(self)
                QApplication.instance().exit(0)
            return False

    create = app_module.create_application

    def create_and_watch():
        app = create()
        app._first_paint = FirstPaint(app)
        app.installEventFilter(app._first_paint)
        return app

    app_module.create_application = create_and_watch
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    return cli.main([])


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000.0


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    sys.exit(_child())
