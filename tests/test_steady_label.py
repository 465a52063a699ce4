"""SteadyHolder: a label whose text changes every frame repaints itself but relayouts the window only
when the new text does not fit; the label always has the room its text needs."""
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nnviz.gui.steady_label import SteadyHolder


class Events(QObject):
    """Counts events of one type reaching a widget."""

    def __init__(self, widget, kind: QEvent.Type):
        super().__init__()
        self.count, self.kind = 0, kind
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == self.kind:
            self.count += 1
        return False


def LayoutRequests(widget) -> Events:  # noqa: N802
    """Counts LayoutRequest events (a relayout of the widget and everything around it)."""
    return Events(widget, QEvent.Type.LayoutRequest)


def settle():
    for _ in range(3):
        QApplication.processEvents()


def window_with(qtbot, widget) -> QWidget:
    window = QWidget()
    row = QHBoxLayout()
    row.addWidget(QLabel("L ="))
    row.addWidget(widget)
    row.addStretch(1)
    layout = QVBoxLayout(window)
    layout.addLayout(row)
    layout.addWidget(QLabel("something below"))
    qtbot.addWidget(window)
    window.resize(400, 120)
    window.show()
    qtbot.waitExposed(window)
    settle()
    return window


def test_text_that_fits_does_not_relayout_the_window(qtbot):
    label = QLabel("Step 1,000")
    holder = SteadyHolder(label)
    window = window_with(qtbot, holder)
    requests = LayoutRequests(window)
    for step in range(1001, 1100):  # as many digits: fits
        label.setText(f"Step {step:,}")
        settle()
    assert requests.count == 0
    assert label.text() == "Step 1,099" and label.width() >= label.sizeHint().width()


def test_a_new_text_repaints_the_holder_not_the_window_behind_it(qtbot):
    label = QLabel("Step 1,000")
    holder = SteadyHolder(label)
    window = window_with(qtbot, holder)
    paints, holder_paints = Events(window, QEvent.Type.Paint), Events(holder, QEvent.Type.Paint)
    label.setText("Step 1,001")
    settle()
    assert holder_paints.count >= 1 and paints.count == 0


def test_a_plain_label_does_relayout_the_window(qtbot):
    """The cost SteadyHolder avoids (if Qt stopped doing this, the holder could go)."""
    label = QLabel("Step 1,000")
    window = window_with(qtbot, label)
    requests = LayoutRequests(window)
    label.setText("Step 1,001")
    settle()
    assert requests.count >= 1


def test_longer_text_gets_room_and_release_gives_it_back(qtbot):
    label = QLabel("Step 9")
    holder = SteadyHolder(label)
    window = window_with(qtbot, holder)
    short = holder.width()
    requests = LayoutRequests(window)
    label.setText("Step 12,345 · showing step 12,000")
    settle()
    assert requests.count >= 1  # one relayout, for the room
    assert holder.width() > short and label.width() >= label.sizeHint().width()
    label.setText("Step 12,345")
    settle()
    assert holder.width() > label.sizeHint().width() + 20  # kept: no jitter while a run goes on
    holder.release()
    settle()
    assert label.sizeHint().width() <= holder.width() < label.sizeHint().width() + 20


def test_wrapped_text_gets_the_lines_it_needs(qtbot):
    label = QLabel("short")
    label.setWordWrap(True)
    holder = SteadyHolder(label)
    window = window_with(qtbot, holder)
    holder.setFixedWidth(120)
    settle()
    label.setText("step 12,345: loss 0.123456   (lowest 0.1 at step 10)   validation loss 0.2")
    settle()
    assert holder.height() >= label.heightForWidth(120) > 2 * label.fontMetrics().lineSpacing()
    assert window.isVisible()


def test_a_training_run_does_not_relayout_the_training_panel_every_frame(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from nnviz.gui.document import Document
    from nnviz.gui.main_window import MainWindow
    from nnviz.bench.live_training import circle_2881

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Document(circle_2881()), settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    panel, controller = w.training_panel, w.training
    try:
        controller.run()
        qtbot.waitUntil(lambda: controller.clock.frames >= 5, timeout=10000)
        requests = LayoutRequests(panel)
        frames = controller.clock.frames
        qtbot.waitUntil(lambda: controller.clock.frames >= frames + 30, timeout=20000)
        frames = controller.clock.frames - frames
    finally:
        controller.pause()
        w.doc.undo_stack.setClean()
    assert requests.count <= frames // 4  # only when a number gains a digit, not every frame
    settle()  # the last frame's texts are laid out by the next pass of the event loop
    for label in (panel.counter, panel.loss, panel.speed):
        assert label.isVisible() and label.width() >= label.sizeHint().width()
    assert panel.counter.text() == f"Step {controller.steps_total:,}"


def test_a_training_run_does_not_relayout_the_window_for_the_loss_labels(qtbot, tmp_path):
    """The loss in the inspector's summary, the loss panel and the status bar changes every frame; only the
    window's relayouts that a number gaining a digit needs are allowed."""
    from PySide6.QtCore import QSettings

    from nnviz.core.numbers import format_number
    from nnviz.gui.document import Document
    from nnviz.gui.main_window import MainWindow
    from nnviz.bench.live_training import circle_2881

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Document(circle_2881()), settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    summary, controller = w.inspector.summary_page, w.training
    assert w.inspector.page is summary  # nothing selected: the summary with its loss is on screen
    try:
        controller.run()
        qtbot.waitUntil(lambda: controller.clock.frames >= 5, timeout=10000)
        requests = LayoutRequests(w)
        frames, shown = controller.clock.frames, summary.loss.text()
        qtbot.waitUntil(lambda: controller.clock.frames >= frames + 30, timeout=20000)
        frames = controller.clock.frames - frames
    finally:
        controller.pause()
        w.doc.undo_stack.setClean()
    assert summary.loss.text() != shown  # the loss did change while counted
    assert requests.count <= frames // 4  # a plain QLabel costs one or more per frame (see above)
    settle()
    loss = format_number(float(w.doc.result.loss), w.display.precision)
    assert summary.loss.text() == w.loss_panel.value.text() == loss
    name = w.doc.project.loss
    assert w.loss_label.text() == f"Loss ({name.name}, {name.reduction}): {loss}"
    for label in (summary.loss, w.loss_panel.value, w.loss_label):
        assert label.isVisible() and label.width() >= label.sizeHint().width()
    box = w.loss_box  # the run is over: the status bar's slot fits the text again
    assert w.loss_label.sizeHint().width() <= box.width() < w.loss_label.sizeHint().width() + 20
