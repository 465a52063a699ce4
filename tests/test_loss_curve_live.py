"""The loss curve during a run: the view follows the growing curve, moving its axes now and then rather
than every frame; the whole curve stays in view; a zoom or pan by the user stops the following until
Auto range; the cached axes draw exactly what uncached ones do."""
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsItem

from nnviz.core.history import LossHistory
from nnviz.gui.plots import LossCurvePanel
from nnviz.gui.plots.loss_curve import STEP_HEADROOM
from nnviz.gui.plots.live_range import HEADROOM, PAD, follow


# ----- follow(): the range policy ------------------------------------------------------------------
def test_no_current_range_fits_the_padded_data():
    assert follow(None, 0.0, 10.0) == pytest.approx((-PAD * 10, 10 + PAD * 10))


def test_data_inside_keep_the_range():
    assert follow((-1.0, 12.0), 0.0, 11.0) == (-1.0, 12.0)


def test_data_leaving_the_top_get_headroom_there_only():
    low, high = follow((-1.0, 12.0), 0.0, 20.0)
    assert low == pytest.approx(-PAD * 20)
    assert high == pytest.approx(20 + (PAD + HEADROOM) * 20)


def test_headroom_below_stops_at_the_floor_but_padding_may_cross_it():
    assert follow((0.5, 2.0), 0.2, 1.9, floor=0.0)[0] == 0.0  # a loss axis does not go negative for room
    assert follow((0.5, 2.0), 0.01, 1.9, floor=0.0)[0] == pytest.approx(0.01 - PAD * 1.89)  # the padding does
    assert follow((0.5, 2.0), 0.2, 1.9)[0] == pytest.approx(0.2 - (PAD + HEADROOM) * 1.7)  # no floor


def test_a_range_far_too_wide_is_refitted():
    assert follow((0.0, 1000.0), 5.0, 10.0) == pytest.approx((5 - PAD * 5, 10 + PAD * 5))


def test_a_single_value_gets_room_around_it():
    low, high = follow(None, 3.0, 3.0)
    assert low < 3.0 < high


def test_a_fitted_range_holds_its_own_data():
    low, high = follow(None, 1.0, 500.0)
    assert follow((low, high), 1.0, 500.0) == (low, high)
    grown = follow((low, high), 1.0, 600.0)
    assert follow(grown, 1.0, 600.0) == grown


# ----- the panel during a run ----------------------------------------------------------------------
def make_panel(qtbot, history) -> LossCurvePanel:
    panel = LossCurvePanel()
    qtbot.addWidget(panel)
    panel.resize(700, 300)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_history(history)
    return panel


def loss_at(steps: np.ndarray) -> np.ndarray:
    return 2.0 / np.sqrt(steps) + 0.01


def run_frames(panel, history, frames: int, per_frame: int, check=None) -> int:
    """Append `per_frame` steps and refresh, `frames` times; the number of view range changes."""
    changes = []
    vb = panel.plot.getPlotItem().vb
    vb.sigRangeChanged.connect(lambda *_: changes.append(1))
    step = history.last()[0] if history.last() else 0.0
    for _ in range(frames):
        steps = np.arange(step + 1, step + per_frame + 1)
        history.extend(steps, loss_at(steps))
        step = steps[-1]
        panel.refresh()
        if check is not None:
            check()
    vb.sigRangeChanged.disconnect()
    return len(changes)


def whole_curve_in_view(panel) -> None:
    (x0, x1), (y0, y1) = panel.plot.getPlotItem().viewRange()
    x, y = panel.plotted()
    assert x0 <= x.min() and x.max() <= x1 and y0 <= y.min() and y.max() <= y1


def test_the_view_follows_the_curve_with_few_axis_changes(qtbot):
    history = LossHistory()
    panel = make_panel(qtbot, history)
    changes = run_frames(panel, history, frames=300, per_frame=40, check=lambda: whole_curve_in_view(panel))
    # 300 frames; exact fitting would move the axes at every one of them. The step axis grows 40 -> 12,000
    # (x 300), by 1 + STEP_HEADROOM at each move: log(300) / log(1.3) = 22 moves, and a few for the loss axis
    assert changes <= 30
    (x0, x1), _ = panel.plot.getPlotItem().viewRange()
    assert x1 - x0 <= (1 + 2 * PAD + STEP_HEADROOM) * 12000 * 1.01  # snug: the curve fills most of the width


def test_log_scale_follows_in_decades(qtbot):
    history = LossHistory()
    panel = make_panel(qtbot, history)
    panel.set_log_scale(True)
    run_frames(panel, history, frames=100, per_frame=50)
    _, (y0, y1) = panel.plot.getPlotItem().viewRange()  # view y is log10(loss)
    _, y = panel.plotted()
    assert y0 <= np.log10(y.min()) and np.log10(y.max()) <= y1


def test_the_step_axis_gets_no_headroom_before_the_first_step(qtbot):
    history = LossHistory()
    steps = np.arange(1, 5001, dtype=float)
    history.extend(steps, loss_at(steps))
    panel = make_panel(qtbot, history)
    panel.plot.getPlotItem().setRange(xRange=(0, 6000), padding=0)  # step 1 right at the left edge
    history.append(5001, 0.01)
    panel.refresh()
    (x0, x1), _ = panel.plot.getPlotItem().viewRange()
    assert x0 == pytest.approx(1 - PAD * 5000) and x1 >= 5001  # padding only on the left


def test_a_pan_by_the_user_stops_the_following_until_auto_range(qtbot):
    history = LossHistory()
    panel = make_panel(qtbot, history)
    run_frames(panel, history, frames=10, per_frame=10)
    viewport = panel.plot.viewport()
    centre = viewport.rect().center()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=centre)
    for dx in range(10, 120, 10):  # a drag pans the view
        QTest.mouseMove(viewport, centre + QPoint(dx, 0))
        QApplication.processEvents()
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=centre + QPoint(120, 0))
    assert not panel.following()
    panned = panel.plot.getPlotItem().viewRange()
    run_frames(panel, history, frames=10, per_frame=100)
    assert panel.plot.getPlotItem().viewRange() == panned  # the user's view stays
    panel.auto_button.click()
    assert panel.following()
    whole_curve_in_view(panel)


def test_cached_axes_draw_what_uncached_axes_draw(qtbot):
    history = LossHistory()
    steps = np.arange(1, 1001, dtype=float)
    history.extend(steps, loss_at(steps))
    images = []
    for mode in (QGraphicsItem.CacheMode.DeviceCoordinateCache, QGraphicsItem.CacheMode.NoCache):
        panel = make_panel(qtbot, history)
        axes = [panel.plot.getPlotItem().getAxis(name) for name in ("left", "bottom")]
        assert all(axis.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache for axis in axes)
        for axis in axes:
            axis.setCacheMode(mode)
        for _ in range(3):
            QApplication.processEvents()
        image = panel.plot.grab().toImage()
        images.append(bytes(image.constBits()))
    assert images[0] == images[1]
