"""Single events in the whole window, timed as a user meets them: start-up, opening a 784-input file, one
data-cell edit on it (each after the app has gone idle), and the memory the window holds while training."""
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from nnviz.core import Loss, Network, Project, fileformat

IDLE_MS = 150  # the app is left idle this long before each timed event, as between a user's actions


def mnist_like(samples: int = 256) -> Project:
    """784-128-10 (101,632 weights), relu then identity, mse, `samples` random images and targets."""
    rng = np.random.default_rng(7)
    network = Network.create(784, [128, 10], ["relu", "identity"])
    network.initialise("xavier", seed=8)
    return Project(network, Loss("mse"), rng.random((samples, 784)), rng.random((samples, 10)))


def _app_and_window():
    from PySide6.QtCore import QSettings
    from nnviz.gui.app import create_application, first_project
    from nnviz.gui.document import Document
    from nnviz.gui.file_ops import app_settings
    from nnviz.gui.main_window import MainWindow

    app = create_application()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    project, path, _ = first_project(None)
    window = MainWindow(Document(project, path), app_settings())
    window.resize(1400, 900)
    window.show()
    _idle(app, 300)
    return app, window


def _idle(app, ms: float) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.002)


class _Painted:
    """Waits for the next paint of each watched widget, and notes when the last of them was painted (a pass
    of the event loop may go on to other work, such as the Explain panel's, before it returns)."""

    def __init__(self, widgets):
        from PySide6.QtCore import QEvent, QObject

        outer = self

        class Filter(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint and watched in outer.widgets:
                    outer.last_at = time.perf_counter()
                    if watched in outer.pending:
                        outer.pending.discard(watched)
                        outer.done_at = outer.last_at
                return False

        self.widgets, self.filter, self.pending, self.done_at, self.last_at = widgets, Filter(), set(), 0.0, 0.0
        for w in widgets:
            w.installEventFilter(self.filter)

    def arm(self) -> None:
        self.pending = set(self.widgets)

    def wait(self, app, timeout: float = 10.0) -> float:
        """perf_counter() when the last watched widget had its paint event (it is painted by then)."""
        end = time.perf_counter() + timeout
        while self.pending and time.perf_counter() < end:
            app.processEvents()
        return self.done_at


def _explained(app, window, painted: "_Painted") -> float:
    """Run the event loop until the Explain panel has rebuilt, typeset and painted the new derivation
    (`painted` armed before the edit); when that paint was."""
    explain = window.explain
    end = time.perf_counter() + 10
    while (explain._pending.isActive() or explain.view._timer.isActive()) and time.perf_counter() < end:
        app.processEvents()
    painted.wait(app)
    app.processEvents()  # the paint the last typesetting asked for
    return painted.last_at


def rss_mb() -> float | None:
    """This process's resident memory in MB (Linux /proc), None elsewhere."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def time_events(edits: int = 15, samples: int = 256) -> dict:
    """Milliseconds of opening the 784-input file and of the 3-2-2-1 example, of `edits` data-cell edits
    (to the table and canvas repainted, and until the window is idle again), and RSS while training."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app, window = _app_and_window()
    folder = Path(tempfile.mkdtemp())
    big = folder / "784-128-10.nnviz"
    fileformat.save(mnist_like(samples), big)
    example = window.doc.path
    painted = _Painted([window.view.viewport(), window.data_panel.table.viewport()])
    opened = {"big": [], "example": []}
    for _ in range(3):
        for key, path in (("big", big), ("example", example)):
            _idle(app, IDLE_MS)
            painted.arm()
            start = time.perf_counter()
            window.files.open_path(path, ask=False, remember=False)
            opened[key].append((painted.wait(app) - start) * 1000)
    window.files.open_path(big, ask=False, remember=False)  # the edits and the training are on the big one
    _idle(app, IDLE_MS)
    model = window.data_panel.model
    explained = _Painted([window.explain.view])
    shown, settled = [], []
    for k in range(edits):
        _idle(app, IDLE_MS)
        painted.arm()
        explained.arm()
        start = time.perf_counter()
        model.setData(model.index(k % samples, 5), f"{0.25 + 0.01 * k}")
        shown.append((painted.wait(app) - start) * 1000)
        settled.append((max(_explained(app, window, explained), painted.done_at) - start) * 1000)
    window.doc.undo_stack.setClean()
    window.close()
    return {"open_big": opened["big"], "open_example": opened["example"], "edit_shown": shown,
            "edit_settled": settled, "rss": memory_while_training(samples), "samples": samples}


def memory_while_training(samples: int = 256) -> dict:
    """RSS (MB) of a fresh app process with the 784-128-10 file open, and after training runs of 100, 1,000 and
    3,000 steps (a process of its own: the benchmark's other sections would be counted too)."""
    import json
    import subprocess
    import sys
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run([sys.executable, "-m", "nnviz.bench.app_events", "--memory", str(samples)], env=env,
                          capture_output=True, text=True, timeout=600)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the memory run failed: {done.stderr.strip()[-400:]}")
    return json.loads(lines[-1])


def _memory_child(samples: int) -> int:
    import json
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app, window = _app_and_window()
    big = Path(tempfile.mkdtemp()) / "784-128-10.nnviz"
    fileformat.save(mnist_like(samples), big)
    window.files.open_path(big, ask=False, remember=False)
    _idle(app, 300)
    memory = {"open": rss_mb()}
    controller = window.training
    for steps in (100, 1000, 3000):
        controller.step_n(steps)
        while controller.running:
            app.processEvents()
        _idle(app, 100)
        memory[f"after {steps}"] = rss_mb()
    window.doc.undo_stack.setClean()
    window.close()
    print(json.dumps(memory), flush=True)
    return 0


def median(values: list[float]) -> float:
    return statistics.median(values)


if __name__ == "__main__":
    import sys
    if sys.argv[1:2] == ["--memory"]:
        sys.exit(_memory_child(int(sys.argv[2])))
