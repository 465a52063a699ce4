"""The training plots: the loss curve panel and the output view, checked against the history and the engine.

Expected values come from LossHistory.series() (what the curve must draw), from engine.forward on a
grid built here independently (np.linspace over the data range padded by 10% of its span each side),
and from small hand-written histories whose CSV is spelled out in full.
"""
import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from nnviz.core import Loss, Network, Project
from nnviz.core.engine import forward
from nnviz.core.fileformat import load
from nnviz.core.history import LossHistory
from nnviz.core.numbers import format_number
from nnviz.gui.commands import SetWeight
from nnviz.gui.document import Document
from nnviz.bench.loss_curve import bench_loss_curve
from nnviz.gui.plots import LossCurvePanel, OutputView
from nnviz.core import surface
from nnviz.gui.plots import style
from nnviz.gui.plots.output_view import DIVERGING, SEQUENTIAL
from nnviz.paths import examples_dir


# ----- helpers -------------------------------------------------------------------------------------
def history_of(steps, losses) -> LossHistory:
    history = LossHistory()
    history.extend(steps, losses)
    return history


def long_history(n: int, seed: int = 0) -> LossHistory:
    rng = np.random.default_rng(seed)
    steps = np.arange(1, n + 1, dtype=float)
    return history_of(steps, np.exp(-steps / n * 4) + 0.1 * rng.random(n))


def make_panel(qtbot, train=None, validation=None) -> LossCurvePanel:
    panel = LossCurvePanel()
    qtbot.addWidget(panel)
    panel.resize(700, 420)
    panel.show()
    qtbot.waitExposed(panel)
    if train is not None:
        panel.set_history(train, validation)
    return panel


def make_view(qtbot, project: Project) -> OutputView:
    doc = Document(project)
    view = OutputView(doc)
    qtbot.addWidget(view)
    view.resize(560, 420)
    view.show()
    qtbot.waitExposed(view)
    return view


def scene_point(plot_widget, x: float, y: float) -> QPointF:
    return plot_widget.getPlotItem().vb.mapViewToScene(QPointF(x, y))


def xor_project() -> Project:
    return load(examples_dir() / "xor_2-2-1_sigmoid_bce.nnviz")


def regression_project() -> Project:
    network = Network.create(1, [3, 1], ["tanh", "identity"])
    network.initialise("xavier", seed=5)
    return Project(network, Loss("mse"), [[-1.0], [0.5], [2.0]], [[0.3], [-0.2], [0.9]])


# ----- loss curve: what is drawn -------------------------------------------------------------------
@pytest.mark.parametrize("n", [7, 200_000])
def test_curve_draws_exactly_the_history_series(qtbot, n):
    train = long_history(n)
    validation = history_of(np.arange(10, n + 1, 10, dtype=float), np.linspace(1.0, 0.2, n // 10))
    panel = make_panel(qtbot, train, validation)
    x, y = train.series()
    assert x.size <= train.max_points and (n < 1000 or x.size < n)  # the long run is drawn from the envelope
    drawn_x, drawn_y = panel.train_curve.getData()
    np.testing.assert_array_equal(drawn_x, x)
    np.testing.assert_array_equal(drawn_y, y)
    vx, vy = validation.series()
    np.testing.assert_array_equal(panel.validation_curve.getData()[0], vx)
    np.testing.assert_array_equal(panel.validation_curve.getData()[1], vy)
    assert panel.legend.isVisible()
    assert [label.text for _, label in panel.legend.items] == ["training loss", "validation loss"]


def test_refresh_reads_the_history_once_per_new_point(qtbot, monkeypatch):
    train = history_of([1, 2, 3], [3.0, 2.0, 1.0])
    panel = make_panel(qtbot, train)
    calls = []
    original = train.series
    monkeypatch.setattr(train, "series", lambda: calls.append(1) or original())
    panel.refresh()
    panel.refresh()
    assert calls == []  # nothing new since set_history drew it
    train.append(4, 0.5)
    panel.refresh()
    panel.refresh()
    assert len(calls) == 1
    np.testing.assert_array_equal(panel.train_curve.getData()[1], [3.0, 2.0, 1.0, 0.5])
    assert not panel.legend.isVisible()  # no validation history: no legend


def test_log_toggle_sets_log_mode_and_clips_non_positive_losses(qtbot):
    train = history_of([1, 2, 3, 4], [10.0, 1.0, 0.01, 0.0])
    panel = make_panel(qtbot, train)
    qtbot.mouseClick(panel.log_check, Qt.MouseButton.LeftButton)
    assert panel.log_check.isChecked()
    item = panel.plot.getPlotItem()
    assert item.ctrl.logYCheck.isChecked() and not item.ctrl.logXCheck.isChecked()
    assert item.getAxis("left").logMode
    _, drawn = panel.train_curve.getData()  # pyqtgraph's log10 of what the panel handed it
    np.testing.assert_allclose(drawn, [1.0, 0.0, -2.0, -3.0])  # 0 drawn at a decade below 0.01
    assert np.isfinite(drawn).all()
    np.testing.assert_array_equal(panel.plotted()[1], [10.0, 1.0, 0.01, 0.0])  # the true values are kept
    panel.log_check.click()
    assert not item.ctrl.logYCheck.isChecked()
    np.testing.assert_array_equal(panel.train_curve.getData()[1], [10.0, 1.0, 0.01, 0.0])


def test_current_step_line(qtbot):
    panel = make_panel(qtbot, history_of([1, 2, 3], [3.0, 2.0, 1.0]))
    assert not panel.step_line.isVisible()
    panel.set_current_step(2)
    assert panel.step_line.isVisible() and panel.step_line.value() == 2
    assert panel.step_line.label.toPlainText() == "step 2"
    panel.set_current_step(None)
    assert not panel.step_line.isVisible()


def test_divergence_marker(qtbot):
    panel = make_panel(qtbot, history_of([1, 2, 3], [3.0, 2.0, 1.0]))
    panel.mark_divergence(4)
    panel.mark_divergence(4)  # the same step once
    assert panel.divergence_steps() == [4.0]
    lines = [i for i in panel.plot.getPlotItem().items if getattr(i, "label", None) is not None
             and i.label.toPlainText() == "diverged here"]
    assert len(lines) == 1 and lines[0].value() == 4
    assert lines[0].pen.color() == QColor(style.DIVERGED)
    panel.clear()
    assert panel.divergence_steps() == []
    assert lines[0] not in panel.plot.getPlotItem().items


# ----- loss curve: hover readout -------------------------------------------------------------------
def test_hover_reads_out_the_nearest_point(qtbot):
    panel = make_panel(qtbot, history_of([1, 2, 3, 4, 5], [4.0, 3.0, 2.5, 1.0, 0.5]))
    panel.plot.getPlotItem().setRange(xRange=(0, 6), yRange=(0, 5), padding=0)
    panel.hover_at(scene_point(panel.plot, 3.1, 2.4))
    assert panel.readout.text() == "step 3: loss 2.5"
    assert panel.hover_dot.isVisible()
    np.testing.assert_array_equal(panel.hover_dot.getData()[0], [3.0])
    # a real mouse move over the viewport reaches the same handler
    widget_pos = panel.plot.mapFromScene(scene_point(panel.plot, 4.0, 1.1))
    QTest.mouseMove(panel.plot.viewport(), widget_pos)
    qtbot.waitUntil(lambda: panel.readout.text() == "step 4: loss 1")
    # outside the plot area: back to the summary of the run
    panel.hover_at(QPointF(-50, -50))
    assert panel.readout.text() == "step 5: loss 0.5"
    assert not panel.hover_dot.isVisible()


def test_hover_on_log_scale_uses_screen_distance_and_true_values(qtbot):
    panel = make_panel(qtbot, history_of([1, 2, 3], [100.0, 1.0, 0.0]))
    panel.set_log_scale(True)
    panel.plot.getPlotItem().setRange(xRange=(0, 4), yRange=(-3, 3), padding=0)  # view y is log10(loss)
    panel.hover_at(scene_point(panel.plot, 3.0, -0.9))  # 0 is drawn at 0.1 (log10 = -1)
    assert panel.readout.text() == "step 3: loss 0"
    panel.hover_at(scene_point(panel.plot, 1.2, 1.8))
    assert panel.readout.text() == "step 1: loss 100"


def test_validation_point_is_named_in_the_readout(qtbot):
    panel = make_panel(qtbot, history_of([1, 2], [1.0, 0.5]), history_of([1, 2], [3.0, 2.0]))
    panel.plot.getPlotItem().setRange(xRange=(0, 3), yRange=(0, 4), padding=0)
    panel.hover_at(scene_point(panel.plot, 2, 2.1))
    assert panel.readout.text() == "step 2: validation loss 2"


# ----- loss curve: buttons and exports -------------------------------------------------------------
def test_clear_button_asks_the_controller(qtbot):
    panel = make_panel(qtbot, history_of([1, 2], [1.0, 0.5]))
    with qtbot.waitSignal(panel.clearRequested, timeout=1000):
        panel.clear_button.click()
    assert panel.train_curve.getData()[0].size == 2  # the panel does not clear what it does not own


def test_clear_empties_the_plot(qtbot):
    train = history_of([1, 2], [1.0, 0.5])
    panel = make_panel(qtbot, train)
    panel.set_current_step(2)
    train.clear()
    panel.clear()
    assert panel.train_curve.getData()[0] is None or panel.train_curve.getData()[0].size == 0
    assert not panel.step_line.isVisible()
    assert panel.readout.text().startswith("No loss recorded yet")
    train.append(1, 7.0)  # a new run after the reset is drawn again
    panel.refresh()
    np.testing.assert_array_equal(panel.train_curve.getData()[1], [7.0])


def test_auto_range_button_fits_the_curve_again(qtbot):
    panel = make_panel(qtbot, history_of([1, 2, 3, 100], [5.0, 2.0, 1.0, 0.5]))
    item = panel.plot.getPlotItem()
    item.setRange(xRange=(1, 2), yRange=(1, 2), padding=0)
    panel.auto_button.click()
    item.vb.updateAutoRange()
    (x0, x1), (y0, y1) = item.viewRange()
    assert x0 <= 1 and x1 >= 100 and y0 <= 0.5 and y1 >= 5


def test_export_csv_small_history_exactly(qtbot, tmp_path):
    panel = make_panel(qtbot, history_of([1, 2, 3], [0.5, 0.25, 0.1]))
    path = tmp_path / "loss.csv"
    panel.export_csv(path)
    assert path.read_bytes().decode() == ("# nnviz loss history: all 3 recorded steps\n"
                                          "step,loss\n1,0.5\n2,0.25\n3,0.1\n")


def test_export_csv_with_validation_on_other_steps(qtbot, tmp_path):
    panel = make_panel(qtbot, history_of([1, 2, 3], [0.5, 0.25, 0.1]), history_of([2, 4], [0.75, 1 / 3]))
    path = tmp_path / "loss.csv"
    panel.export_csv(path)
    assert path.read_text() == ("# nnviz loss history: all 3 recorded steps\n"
                                "step,loss,validation_loss\n"
                                "1,0.5,\n2,0.25,0.75\n3,0.1,\n4,,0.3333333333333333\n")


def test_export_csv_of_a_long_run_writes_the_envelope_and_says_so(qtbot, tmp_path):
    train = long_history(50_000)
    panel = make_panel(qtbot, train)
    path = tmp_path / "loss.csv"
    panel.export_csv(path)
    lines = path.read_text().splitlines()
    x, y = train.series()
    assert lines[0] == (f"# nnviz loss history: {x.size} of 50000 recorded steps: every step of the recent "
                        "tail, and the minimum and maximum loss of each older block of steps")
    assert lines[1] == "step,loss"
    rows = np.array([[float(v) for v in line.split(",")] for line in lines[2:]])
    np.testing.assert_array_equal(rows[:, 0], x)
    np.testing.assert_array_equal(rows[:, 1], y)  # exact: repr round-trips float64


def test_export_png_is_not_blank(qtbot, tmp_path):
    panel = make_panel(qtbot, history_of(np.arange(1, 101), np.linspace(2.0, 0.1, 100)))
    path = tmp_path / "loss.png"
    panel.export_png(path)
    image = QImage(str(path))
    assert not image.isNull()
    assert (image.width(), image.height()) == (panel.plot.width() * 2, panel.plot.height() * 2)
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)  # kept alive while its bytes are read
    arr = np.array(rgb.constBits(), dtype=np.uint8).reshape(rgb.height(), rgb.bytesPerLine())
    arr = arr[:, :rgb.width() * 3].reshape(rgb.height(), rgb.width(), 3)
    blue = np.all(np.abs(arr.astype(int) - [0x00, 0x72, 0xB2]) < 40, axis=2)
    white = np.all(arr == 255, axis=2)
    assert blue.sum() > 200  # the curve
    assert 0.5 < white.mean() < 0.99  # a white background with something drawn on it


def test_export_svg_draws_the_curve_as_vectors(qtbot, tmp_path):
    from xml.etree import ElementTree
    panel = make_panel(qtbot, history_of(np.arange(1, 101), np.linspace(2.0, 0.1, 100)))
    path = tmp_path / "loss.svg"
    panel.export_svg(path)
    root = ElementTree.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and "<image" not in path.read_text(encoding="utf-8")
    curves = [el for el in root.iter() if el.tag.endswith(("polyline", "path"))
              and len(el.attrib.get("points", el.attrib.get("d", ""))) > 400]
    assert curves  # the 100-point loss curve is one long line, not a bitmap


def test_output_view_exports_its_heat_map(qtbot, tmp_path):
    view = make_view(qtbot, xor_project())
    assert view.mode == "heat"
    png, svg = tmp_path / "out.png", tmp_path / "out.svg"
    view.export_png(png)
    view.export_svg(svg)
    image = QImage(str(png))
    assert (image.width(), image.height()) == (view.heat_plot.width() * 2, view.heat_plot.height() * 2)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 50  # a heat map's shades, not a blank plot
    assert "<svg" in svg.read_text(encoding="utf-8")


def test_export_to_a_missing_folder_says_so(qtbot, tmp_path):
    panel = make_panel(qtbot, history_of([1, 2], [1.0, 0.5]))
    with pytest.raises(OSError, match="could not write the image"):
        panel.export_png(tmp_path / "missing" / "loss.png")
    with pytest.raises(OSError):
        panel.export_csv(tmp_path / "missing" / "loss.csv")


def test_bench_loss_curve_reports_each_size(qtbot):
    rows = bench_loss_curve(sizes=(1_000, 100_000), repeat=3)
    assert [r["steps"] for r in rows] == [1_000, 100_000]
    for r in rows:
        assert 0 < r["points_drawn"] <= 4000
        assert r["refresh_ms_median"] > 0 and r["repaint_ms_median"] > 0


# ----- output view: pure grid rules -----------------------------------------------------------------
def test_padded_range_and_levels():
    assert surface.padded_range(np.array([0.0, 1.0])) == pytest.approx((-0.1, 1.1))
    assert surface.padded_range(np.array([2.0, 2.0])) == (1.0, 3.0)
    assert surface.levels(np.array([0.2, 0.3]), "sigmoid") == ((0.0, 1.0), False)
    assert surface.levels(np.array([0.2, 0.3]), "tanh") == ((-1.0, 1.0), True)
    assert surface.levels(np.array([-2.0, 0.5]), "identity") == ((-2.0, 2.0), True)
    assert surface.levels(np.array([1.0, 3.0]), "relu") == ((1.0, 3.0), False)
    small = Network.create(2, [2, 1], ["sigmoid", "sigmoid"])
    big = Network.create(32, [32] * 10, ["tanh"] * 10)
    assert surface.resolution(small, 2) == surface.SIDE_2D[1]
    assert surface.resolution(big, 2) == surface.SIDE_2D[0]
    assert surface.resolution(small, 1) == surface.SIDE_1D[1]


# ----- output view: one input --------------------------------------------------------------------
def test_one_input_curve_equals_forward_over_the_padded_range(qtbot):
    project = regression_project()
    view = make_view(qtbot, project)
    assert view.mode == "curve" and view.stack.currentWidget() is view.curve_plot
    xs, ys = view.output_curves[0].getData()
    assert xs[0] == pytest.approx(-1.3) and xs[-1] == pytest.approx(2.3)  # data -1..2, span 3, 10% = 0.3
    assert xs.size == surface.SIDE_1D[1]
    np.testing.assert_allclose(np.diff(xs), 3.6 / (xs.size - 1))
    expected = forward(project.network, np.linspace(-1.3, 2.3, xs.size)[:, None])[-1][1][:, 0]
    np.testing.assert_allclose(ys, expected, rtol=1e-12, atol=1e-12)
    px, py = view.target_points[0].getData()
    np.testing.assert_array_equal(px, [-1.0, 0.5, 2.0])
    np.testing.assert_array_equal(py, [0.3, -0.2, 0.9])


def test_hover_on_the_curve_reads_the_nearest_grid_point(qtbot):
    project = regression_project()
    view = make_view(qtbot, project)
    xs, _ = view.output_curves[0].getData()
    view._hover_curve(scene_point(view.curve_plot, xs[100] + 0.2 * (xs[1] - xs[0]), 0.0))
    value = forward(project.network, np.array([[xs[100]]]))[-1][1][0, 0]
    assert view.readout.text() == f"x₁ = {format_number(xs[100], 4)}  →  ŷ = {format_number(value, 4)}"


def test_one_input_curve_follows_an_edit(qtbot):
    project = regression_project()
    view = make_view(qtbot, project)
    doc = view.doc
    doc.undo_stack.push(SetWeight(doc, 1, 0, 0, 2.5))
    xs, ys = view.output_curves[0].getData()
    assert doc.project.network.weights[1][0, 0] == 2.5
    np.testing.assert_allclose(ys, forward(doc.project.network, xs[:, None])[-1][1][:, 0], rtol=1e-12)


def test_one_input_with_two_outputs_draws_two_curves_and_a_legend(qtbot):
    network = Network.create(1, [2], ["identity"])
    network.weights[0][:] = [[2.0], [-1.0]]
    view = make_view(qtbot, Project(network, Loss("mse"), [[0.0], [1.0]], [[0.0, 1.0], [2.0, 0.0]]))
    assert len(view.output_curves) == 2 and view.curve_legend.isVisible()
    xs, y1 = view.output_curves[0].getData()
    _, y2 = view.output_curves[1].getData()
    np.testing.assert_allclose(y1, 2 * xs)
    np.testing.assert_allclose(y2, -xs)


# ----- output view: two inputs ----------------------------------------------------------------------
def test_xor_heat_map_equals_forward_over_the_grid(qtbot):
    project = xor_project()
    view = make_view(qtbot, project)
    assert view.mode == "heat" and view.stack.currentWidget() is view.heat_plot
    image = view.image.image
    n = surface.SIDE_2D[1]
    assert image.shape == (n, n)
    xs = ys = np.linspace(-0.1, 1.1, n)  # data 0..1 padded by 0.1 each side
    gx, gy = np.meshgrid(xs, ys)
    expected = forward(project.network, np.column_stack([gx.ravel(), gy.ravel()]))[-1][1][:, 0].reshape(n, n)
    np.testing.assert_allclose(image, expected, rtol=1e-12, atol=1e-12)
    # pixel (row r, column c) is centred on (xs[c], ys[r]): rows run along x2
    for r, c in [(0, 0), (0, n - 1), (n - 1, 0), (40, 7)]:
        centre = view.image.mapToParent(QPointF(c + 0.5, r + 0.5))
        assert (centre.x(), centre.y()) == pytest.approx((xs[c], ys[r]))
    # sigmoid output: fixed 0..1 levels on viridis, shown on the colour bar
    assert tuple(view.image.levels) == (0.0, 1.0) and view.colour_bar.levels() == (0.0, 1.0)
    assert view._cmap is SEQUENTIAL


def test_xor_data_points_are_shown_coloured_by_target(qtbot):
    view = make_view(qtbot, xor_project())
    points = view.data_points.points()
    assert len(points) == 4
    positions = sorted((p.pos().x(), p.pos().y()) for p in points)
    assert positions == [(0, 0), (0, 1), (1, 0), (1, 1)]
    colours = {(p.pos().x(), p.pos().y()): p.brush().color().name() for p in points}
    zero, one = (QColor(c).name() for c in SEQUENTIAL.map(np.array([0.0, 1.0]), mode="qcolor"))
    assert colours == {(0, 0): zero, (0, 1): one, (1, 0): one, (1, 1): zero}
    assert "the 4 samples" in view.readout.text()


def test_hover_on_the_heat_map_reads_the_grid_value(qtbot):
    project = xor_project()
    view = make_view(qtbot, project)
    n = view.image.image.shape[0]
    xs = np.linspace(-0.1, 1.1, n)
    view._hover_heat(scene_point(view.heat_plot, xs[30], xs[60]))
    value = forward(project.network, np.array([[xs[30], xs[60]]]))[-1][1][0, 0]
    assert view.readout.text().endswith(f"ŷ = {format_number(value, 4)}")
    assert view.readout.text().startswith(f"x₁ = {format_number(xs[30], 4)}, x₂ = {format_number(xs[60], 4)}")


def test_softmax_heat_map_picks_the_output_in_the_combo(qtbot):
    project = load(examples_dir() / "softmax_2-3-3_cross_entropy.nnviz")
    view = make_view(qtbot, project)
    assert view.output_combo.isVisible() and view.output_combo.count() == 3
    view.output_combo.setCurrentIndex(2)
    n = view.image.image.shape[0]
    (x0, x1), (y0, y1) = (surface.padded_range(project.inputs[:, c]) for c in (0, 1))
    gx, gy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    expected = forward(project.network, np.column_stack([gx.ravel(), gy.ravel()]))[-1][1][:, 2]
    np.testing.assert_allclose(view.image.image, expected.reshape(n, n), rtol=1e-12, atol=1e-12)


def test_tanh_output_uses_the_diverging_map_from_minus_one_to_one(qtbot):
    network = Network.create(2, [1], ["tanh"])
    view = make_view(qtbot, Project(network, Loss("mse"), [[-1, -1], [1, 1]], [[-1], [1]]))
    assert view._cmap is DIVERGING and view.colour_bar.levels() == (-1.0, 1.0)


def test_set_network_draws_the_trained_network_until_the_document_changes(qtbot):
    project = xor_project()
    view = make_view(qtbot, project)
    trained = project.network.copy()
    trained.weights[1][0, :] = [5.0, -5.0]
    view.set_network(trained)
    n = view.image.image.shape[0]
    xs = np.linspace(-0.1, 1.1, n)
    gx, gy = np.meshgrid(xs, xs)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    np.testing.assert_allclose(view.image.image.ravel(), forward(trained, grid)[-1][1][:, 0], rtol=1e-12)
    doc = view.doc
    doc.undo_stack.push(SetWeight(doc, 0, 0, 0, 1.5))  # the document is the truth again
    assert view.network() is doc.project.network
    np.testing.assert_allclose(view.image.image.ravel(), forward(doc.project.network, grid)[-1][1][:, 0],
                               rtol=1e-12)


def test_hidden_view_waits_until_shown(qtbot):
    project = xor_project()
    view = make_view(qtbot, project)
    before = view.image.image.copy()
    view.hide()
    doc = view.doc
    doc.undo_stack.push(SetWeight(doc, 1, 0, 0, 3.0))
    np.testing.assert_array_equal(view.image.image, before)  # no work while hidden
    view.show()
    assert not np.array_equal(view.image.image, before)


def test_three_inputs_show_the_message(qtbot):
    network = Network.create(3, [2, 1], ["relu", "identity"])
    view = make_view(qtbot, Project(network, Loss("sse"), [[1, 2, -1]], [[0]]))
    assert view.mode == "message" and view.stack.currentWidget() is view.message
    assert view.message.text() == "The output view needs a network with 1 or 2 inputs (this one has 3)."
    assert view.message.isVisible()
