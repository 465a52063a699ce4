"""The network canvas driven like a user would: clicks, double-clicks, typed numbers, drags, exports.

Worked example 002 (3-2-2-1 ReLU, all weights 1, biases 0, x = (1, 2, -1), y = 0, SSE) gives the
hand-derived numbers: hidden activations 2, 2 then 4, 4, output 8, loss 64, dL/dW3 = [64, 64],
dL/dW2 = 32 everywhere, dL/dW1 rows [32, 64, -32], delta2 = 16, dL/dx = 64 for every input.
With w(2)[1,2] = 0.5 instead: z2 = (3, 4), output 7, loss 49, dL/dW3 = [2*7*3, 2*7*4] = [42, 56].
"""
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QGuiApplication, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from nnviz.core import Loss, Network, Project, fileformat
from nnviz.core.numbers import exact_text, format_number
from nnviz.gui import colour_scale
from nnviz.gui.canvas import NetworkView, layout, render, style
from nnviz.gui.canvas.geometry import Geometry
from nnviz.gui.canvas.layout import positions_from_view, positions_to_view
from nnviz.gui.canvas.fitted_layout import GROW, fit_layout
from nnviz.gui.canvas.leaders import add_leaders
from nnviz.gui.canvas.placement import Placement, place_labels
from nnviz.gui.canvas.rects import crossings
from nnviz.gui.commands import EditStructure, SetBiasEnabled, SetEdgeEnabled, SetLoss, SetWeight
from nnviz.gui.display_settings import DisplaySettings
from nnviz.gui.document import Document
from nnviz.gui.selection import EdgeRef, NeuronRef, Selection
from nnviz.paths import example_files, examples_dir


def project_002(inputs=None, targets=None) -> Project:
    network = Network.create(3, [2, 2, 1], ["relu", "relu", "identity"])
    return Project(network, Loss("sse"), inputs or [[1, 2, -1]], targets or [[0]])


def make_view(qtbot, project: Project):
    doc, selection, settings = Document(project), Selection(), DisplaySettings()
    view = NetworkView(doc, selection, settings)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return doc, selection, settings, view


@pytest.fixture
def canvas(qtbot):
    return make_view(qtbot, project_002())


def all_edges(network):
    return [EdgeRef(l, i, j) for l, w in enumerate(network.weights) for i in range(w.shape[0])
            for j in range(w.shape[1])]


def expected_style(doc, settings, ref):
    """Colour and width from colour_scale.encode over the whole network's gradients (or weights)."""
    source = ([r.grad_weights for r in doc.result.layers] if settings.edge_encoding == "gradient"
              else doc.network.weights)
    values = np.concatenate([a.ravel() for a in source])
    index, width = colour_scale.encode(values, settings.edge_scale)
    w = doc.network.weights
    k = sum(a.size for a in w[:ref.layer]) + ref.i * w[ref.layer].shape[1] + ref.j
    return QColor(colour_scale.PALETTE[index[k]]), float(width[k])


def assert_labels_match_result(doc, settings, view):
    for ref in all_edges(doc.network):
        weight = doc.network.weights[ref.layer][ref.i, ref.j]
        grad = doc.result.layers[ref.layer].grad_weights[ref.i, ref.j]
        assert view.edge_label_texts(ref) == [f"w = {format_number(weight, settings.precision)}",
                                              f"∂L/∂w = {format_number(grad, settings.precision)}"]
        colour, width = view.edge_style(ref)
        want_colour, want_width = expected_style(doc, settings, ref)
        assert colour == want_colour
        assert width == pytest.approx(round(want_width * 2) / 2, abs=0.02)


# ----- what is shown -------------------------------------------------------------------------------
def test_worked_example_002_numbers_on_the_canvas(canvas):
    doc, _, _, view = canvas
    assert view.counts() == {"neurons": 8, "edges": 12, "removed_edges": 0, "edge_labels": 12}
    assert view.edge_label_texts(EdgeRef(2, 0, 0)) == ["w = 1", "∂L/∂w = 64"]
    assert view.edge_label_texts(EdgeRef(1, 1, 0)) == ["w = 1", "∂L/∂w = 32"]
    assert [view.edge_label_texts(EdgeRef(0, 0, j))[1] for j in range(3)] == \
        ["∂L/∂w = 32", "∂L/∂w = 64", "∂L/∂w = -32"]
    assert view.neuron_texts(NeuronRef(0, 2)) == ["x₃", "x = -1", "∂L/∂x = 64"]
    assert view.neuron_texts(NeuronRef(2, 0)) == ["a⁽²⁾₁", "z = 4", "a = 4", "b = 0", "δ = 16", "∂L/∂b = 16"]
    assert view.neuron_texts(NeuronRef(3, 0)) == ["ŷ", "z = 8", "ŷ = 8", "y = 0 (target)", "b = 0", "δ = 16",
                                                  "∂L/∂b = 16"]
    # the 002 summary's bias gradients: dL/db1 = 32 for both first-layer units
    assert [view.neuron_texts(NeuronRef(1, i))[-1] for i in range(2)] == ["∂L/∂b = 32", "∂L/∂b = 32"]
    # the strongest gradients (64) get the strongest red and the widest pen; -32 is mid blue
    strong, _ = view.edge_style(EdgeRef(2, 0, 0))
    assert strong == QColor(colour_scale.POSITIVE[-1])
    assert view.edge_style(EdgeRef(0, 0, 2))[0] == QColor(colour_scale.NEGATIVE[2])
    assert view.edge_style(EdgeRef(2, 0, 0))[1] == colour_scale.MAX_WIDTH
    assert "Loss L = 64" in view.model.legend.summary
    assert_labels_match_result(doc, view.settings, view)


def test_set_weight_restyles_labels_and_colours_and_undo_restores_them(canvas):
    doc, _, settings, view = canvas
    before = {ref: (view.edge_label_texts(ref), view.edge_style(ref)) for ref in all_edges(doc.network)}
    rebuilds, restyles, recomputes = view.rebuild_count, view.restyle_count, doc.recompute_count
    edges_item = view.edges
    doc.undo_stack.push(SetWeight(doc, 1, 0, 1, 0.5))
    assert doc.recompute_count == recomputes + 1
    assert view.rebuild_count == rebuilds and view.restyle_count == restyles + 1
    assert view.edges is edges_item  # restyled in place, not rebuilt
    assert view.edge_label_texts(EdgeRef(1, 0, 1)) == ["w = 0.5", "∂L/∂w = 28"]
    assert view.edge_label_texts(EdgeRef(2, 0, 0))[1] == "∂L/∂w = 42"  # hand-derived: 2 * 7 * 3
    assert view.edge_label_texts(EdgeRef(2, 0, 1))[1] == "∂L/∂w = 56"  # 2 * 7 * 4
    assert view.neuron_texts(NeuronRef(3, 0))[1:3] == ["z = 7", "ŷ = 7"]
    assert_labels_match_result(doc, settings, view)
    doc.undo_stack.undo()
    assert {ref: (view.edge_label_texts(ref), view.edge_style(ref)) for ref in all_edges(doc.network)} == before
    assert view.rebuild_count == rebuilds


def test_value_changes_never_rebuild_the_scene(canvas):
    doc, selection, settings, view = canvas
    items = view.scene().items()
    rebuilds = view.rebuild_count
    doc.undo_stack.push(SetWeight(doc, 0, 1, 2, -3.0))
    doc.undo_stack.push(EditStructure(doc, "Add sample", "insert_sample", 1, [0.5, 0.5, 0.5], [1.0]))
    rebuilds_after_structure = view.rebuild_count
    selection.set_sample(1)
    assert view.neuron_texts(NeuronRef(0, 0))[1] == "x = 0.5"
    settings.set(precision=2, edge_scale="log", edge_encoding="weight")
    selection.select(EdgeRef(0, 0, 0))
    assert view.rebuild_count == rebuilds_after_structure == rebuilds + 1  # only the sample insertion
    assert view.edge_label_texts(EdgeRef(0, 1, 2))[0] == "w = -3"
    assert_labels_match_result(doc, settings, view)
    assert set(view.scene().items()) != set(items)  # the structural edit did rebuild
    items = view.scene().items()
    doc.undo_stack.push(SetWeight(doc, 0, 1, 2, 2.5))
    assert view.scene().items() == items


def test_structure_changes_rebuild_once_with_new_counts(canvas):
    doc, _, _, view = canvas
    rebuilds = view.rebuild_count
    doc.undo_stack.push(EditStructure(doc, "Add neuron", "insert_neuron", 0, 1))
    assert view.rebuild_count == rebuilds + 1
    assert view.counts()["neurons"] == 9 and view.counts()["edges"] == 3 * 3 + 3 * 2 + 2
    doc.undo_stack.push(EditStructure(doc, "Remove layer", "remove_layer", 1))
    assert view.rebuild_count == rebuilds + 2
    assert view.counts()["neurons"] == 3 + 3 + 1 and view.counts()["edges"] == 9 + 3
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert view.counts() == {"neurons": 8, "edges": 12, "removed_edges": 0, "edge_labels": 12}
    assert view.rebuild_count == rebuilds + 4


def test_removed_edge_and_bias_off_are_shown_and_refused_for_typing(canvas, qtbot):
    doc, selection, _, view = canvas
    doc.undo_stack.push(SetEdgeEnabled(doc, 0, 0, 0, False))
    doc.undo_stack.push(SetBiasEnabled(doc, 1, False))
    assert view.counts()["removed_edges"] == 1 and view.counts()["edges"] == 11
    assert view.edge_label_texts(EdgeRef(0, 0, 0)) == ["removed"]
    assert "no bias" in view.neuron_texts(NeuronRef(2, 1))
    assert view.model.legend.has_removed
    count = doc.undo_stack.count()
    with qtbot.waitSignal(view.statusMessage) as message:
        assert view.edit(EdgeRef(0, 0, 0)) is None
    assert "removed" in message.args[0]
    with qtbot.waitSignal(view.statusMessage) as message:
        assert view.edit(NeuronRef(2, 0)) is None
    assert "no bias" in message.args[0]
    assert doc.undo_stack.count() == count


def test_no_result_draws_edges_neutral_and_shows_the_error(canvas):
    doc, _, _, view = canvas
    doc.undo_stack.push(SetLoss(doc, Loss("bce")))  # target 0 is fine, but identity output is not a probability
    assert doc.result is None and doc.error
    for ref in all_edges(doc.network):
        assert view.edge_style(ref)[0] == QColor(colour_scale.ZERO)
        assert view.edge_label_texts(ref) == ["w = 1"]  # no gradient to show
    assert view.model.legend.error == doc.error and view.model.legend.neutral
    image = view.viewport().grab().toImage()
    reds = sum(1 for x in range(0, image.width(), 4) for y in range(0, 120, 2)
               if QColor(image.pixel(x, y)) == QColor("#FFEBE9"))
    assert reds > 50  # the error banner across the top of the canvas


def test_big_network_hides_edge_labels_and_says_so(qtbot):
    network = Network.create(13, [13], ["identity"])  # 169 edges
    _, _, _, view = make_view(qtbot, Project(network, Loss("sse"), [[1.0] * 13], [[0.0] * 13]))
    assert view.counts()["edge_labels"] == 0 and view.counts()["edges"] == 169
    assert view.edge_label_texts(EdgeRef(0, 0, 0)) == []
    assert any("labels hidden" in note for note in view.model.legend.notes)


# ----- edge labels on homework-sized networks -------------------------------------------------------
VIEWPORTS = [(960, 430), (1280, 800), (600, 600)]  # the main window with docks, a big window, a square one


def boxes_overlap(a, b) -> bool:
    """Whether rects (x1, y1, x2, y2) share a positive area."""
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def project_2442() -> Project:
    network = Network.create(2, [4, 4, 2], ["tanh", "tanh", "identity"])
    network.initialise("xavier", seed=1)
    return Project(network, Loss("mse"), [[0.3, -1.2]], [[0.1, 0.2]])


def example(name: str) -> Project:
    return fileformat.load(examples_dir() / name, require_computable=False)


HOMEWORK = {"002": project_002, "2-4-4-2": project_2442,
            **{path.name: (lambda path=path: fileformat.load(path, require_computable=False))
               for path in example_files()}}


def label_boxes(view) -> dict[int, tuple]:
    """The label boxes the canvas draws: edge -> (x1, y1, x2, y2) in scene units."""
    return {k: (x, y, x + w, y + h) for k, x, y, w, h in view.model.label_boxes()}


def assert_labels_clear(view) -> None:
    """No two label boxes overlap; none covers a neuron circle, a value box or a header; every box lies
    inside its slot, and every slot is attached to its own edge."""
    model = view.model
    g = model.geometry
    boxes = label_boxes(view)
    slots = model.placement.slots(g.p1, g.p2, [model.slot_size] * g.edge_count)
    values = [model.value_box(n) for n in range(g.neuron_count)]
    values = [(r.left(), r.top(), r.right(), r.bottom()) for r in values if r.height() > 0]
    headers = [(r.left(), r.top(), r.right(), r.bottom()) for r in model.header_rects()]
    items = sorted(boxes.items())
    for n, (k, box) in enumerate(items):
        name = g.edge_ref(k)
        rect = model.label_rect(k)
        assert (rect.left(), rect.top(), rect.right(), rect.bottom()) == pytest.approx(box)
        x1, y1, x2, y2 = slots[k]
        assert x1 - 1e-6 <= box[0] and box[2] <= x2 + 1e-6 and y1 - 1e-6 <= box[1] and box[3] <= y2 + 1e-6
        for other, box2 in items[n + 1:]:
            assert not boxes_overlap(box, box2), f"labels of {name} and {g.edge_ref(other)} overlap"
        for cx, cy in g.positions.tolist():  # the box's nearest point to the centre is outside the circle
            nearest = (min(max(cx, box[0]), box[2]), min(max(cy, box[1]), box[3]))
            assert np.hypot(nearest[0] - cx, nearest[1] - cy) >= style.RADIUS, f"label of {name} covers a neuron"
        for obstacle in values + headers:
            assert not boxes_overlap(box, obstacle), f"label of {name} covers a value box or header"
        t = float(model.placement.t[k])
        assert 0.15 - 1e-9 <= t <= 0.85 + 1e-9 or model.placement.leader[k]
        if not model.placement.leader[k]:  # on its edge's line, or beside it with at most 3 units between
            d = g.p2[k] - g.p1[k]
            normal = np.array([-d[1], d[0]]) / np.hypot(*d)
            hw, hh = np.asarray(model.slot_size) / 2
            distance = abs(normal @ (model.label_centres()[k] - g.p1[k]))
            assert distance - (abs(normal[0]) * hw + abs(normal[1]) * hh) <= 3.0 + 1e-6
            if distance > 1e-6:  # beside its edge: no other edge runs through it (it would read as theirs)
                others = crossings(slots[k], g.p1, g.p2)[0]
                others[k] = False
                assert not others.any(), f"the label beside {name} lies on {g.edge_ref(int(np.argmax(others)))}"


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(HOMEWORK))
def test_every_edge_label_is_drawn_clear_of_everything(qtbot, name, size):
    _, _, _, view = make_view(qtbot, HOMEWORK[name]())
    view.resize(*size)
    qtbot.wait(1)
    edges = view.model.geometry.edge_count
    assert 0 < edges <= style.EVERY_LABEL_EDGE_LIMIT
    assert view.counts()["edge_labels"] == edges == len(label_boxes(view))
    assert not any("left out" in note for note in view.model.legend.notes)
    assert not view.model.placement.leader.any()  # the automatic layout made room along every edge
    assert_labels_clear(view)


def test_004_x2_labels_are_painted_in_the_docked_window_size(qtbot):
    """The reported screenshot: at 960 x 430 both x2 edges' labels were left out."""
    doc, _, _, view = make_view(qtbot, example("004_sigmoid_3-2-1_half_sse.nnviz"))
    view.resize(960, 430)
    qtbot.wait(1)
    assert view.transform().m11() * style.LABEL_FONT_PX >= style.MIN_TEXT_PIXELS  # drawn at this zoom
    assert view.edge_label_texts(EdgeRef(0, 0, 1)) == ["w = 0.74", "∂L/∂w = 4.265e-5"]
    assert view.edge_label_texts(EdgeRef(0, 1, 1))[0] == "w = -0.27"
    assert doc.result.layers[0].grad_weights[0, 1] == pytest.approx(4.265e-5, rel=1e-3)
    image = view.viewport().grab().toImage()
    g = view.model.geometry
    for ref in all_edges(doc.network):
        rect = view.mapFromScene(view.model.label_rect(g.edge_index(ref))).boundingRect()
        inner = rect.adjusted(3, 3, -3, -3)
        dark = sum(1 for x in range(inner.left(), inner.right()) for y in range(inner.top(), inner.bottom())
                   if QColor(image.pixel(x, y)).lightness() < 140)
        assert dark > 40, f"no text painted in the label of {ref}"


def test_values_that_grow_keep_labels_in_their_slots_without_placing_again(qtbot):
    doc, _, settings, view = make_view(qtbot, example("004_sigmoid_3-2-1_half_sse.nnviz"))
    placement, positions = view.model.placement, view.model.geometry.positions.copy()
    for value in (1.0, -0.002929, -1.2345678e-300, -123456.7, 2.5):
        doc.undo_stack.push(SetWeight(doc, 0, 0, 1, value))
        assert view.edge_label_texts(EdgeRef(0, 0, 1))[0] == f"w = {format_number(value, settings.precision)}"
        assert view.model.placement is placement  # a value change never places labels again
        assert view.model.geometry.positions == pytest.approx(positions)
        assert view.counts()["edge_labels"] == 8
        assert_labels_clear(view)


@pytest.mark.parametrize("precision", [1, 2, 4, 8, 17])
def test_label_slots_hold_the_widest_number_at_each_precision(canvas, precision):
    _, _, settings, view = canvas
    settings.set(precision=precision)
    model = view.model
    width, height = model.slot_size
    assert height == pytest.approx(2 * model.label_metrics.height() + 4)
    for value in (-1.2345678901234567e-300, -0.00012345678901234567, -123456789012345678.0, -1.2345678901234567,
                  -98765.4321, 5e-324, -1e308, float("nan"), float("-inf")):
        text = format_number(value, precision)
        for line in (f"w = {text}", f"∂L/∂w = {text}"):
            assert model.label_metrics.horizontalAdvance(line) + 8 <= width + 0.01, line
        value_w, _ = model.value_sizes[1]
        assert model.value_metrics.horizontalAdvance(f"∂L/∂b = {text}") + 8 <= value_w + 0.01
    assert view.counts()["edge_labels"] == 12  # laid out again for the new sizes: all still drawn
    assert_labels_clear(view)


def test_display_settings_lay_labels_out_again_and_only_when_sizes_change(canvas):
    _, _, settings, view = canvas
    model = view.model
    placement = model.placement
    settings.set(antialias=False)  # nothing about sizes
    assert model.placement is placement
    settings.set(show_gradients=False)
    assert model.placement is not placement
    assert model.slot_size[1] == pytest.approx(model.label_metrics.height() + 4)
    assert view.edge_label_texts(EdgeRef(2, 0, 0)) == ["w = 1"]
    assert view.counts()["edge_labels"] == 12
    assert_labels_clear(view)
    settings.set(show_weights=False)  # no labels at all
    assert view.counts()["edge_labels"] == 0 and view.model.label_boxes() == []


def test_auto_layout_widens_for_labels_and_keeps_value_boxes_off_the_next_circle(qtbot):
    _, _, _, view = make_view(qtbot, project_2442())
    model = view.model
    g = model.geometry
    xs = sorted(set(g.positions[:, 0].round(3).tolist()))
    start = layout.column_gaps(model.sizes, True)
    assert np.diff(xs)[1] > start[1]  # the 16 crossing edges in the middle needed a wider gap
    for c in range(len(model.sizes)):  # a value box ends above the next circle of its column
        column = np.flatnonzero(g.column == c)
        for upper, lower in zip(column[:-1], column[1:]):
            assert model.value_box(upper).bottom() + style.VALUE_CLEARANCE <= g.positions[lower, 1] - style.RADIUS + 1e-6


def test_crowded_saved_positions_get_leader_lines_and_every_label(qtbot):
    project = project_002()
    sizes = project.network.sizes()
    positions = np.array([[c * 170.0, (i - (n - 1) / 2) * 130.0] for c, n in enumerate(sizes) for i in range(n)])
    project.view["positions"] = positions_to_view(positions, sizes)
    _, _, _, view = make_view(qtbot, project)
    model = view.model
    assert model.geometry.positions == pytest.approx(positions)  # the user's layout is kept
    assert model.placement.leader.any()
    assert view.counts()["edge_labels"] == 12
    assert_labels_clear(view)
    anchors = model.label_anchors()
    g = model.geometry
    for k in np.flatnonzero(model.placement.leader):  # each leader starts on its own edge
        d = g.p2[k] - g.p1[k]
        cross = d[0] * (anchors[k, 1] - g.p1[k, 1]) - d[1] * (anchors[k, 0] - g.p1[k, 0])
        assert abs(cross) < 1e-6 * np.hypot(*d)
    image = view.render_image()
    assert image.width() > 100  # the leaders' labels fit in the export too
    assert all(render.diagram_rect(view).contains(model.label_rect(k)) for k in range(12))


def test_labels_are_placed_again_after_a_drag(canvas, qtbot):
    doc, _, _, view = canvas
    vp = view.viewport()
    start = view.viewport_point_of(NeuronRef(2, 1))
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 9):
        QTest.mouseMove(vp, start + QPoint(-15 * step, -12 * step))  # towards layer 1
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=start + QPoint(-120, -96))
    assert doc.undo_stack.count() == 1
    assert view.counts()["edge_labels"] == 12
    assert_labels_clear(view)


def test_bigger_networks_keep_their_layout_and_leave_out_what_does_not_fit(qtbot):
    network = Network.create(4, [6, 5, 3], ["tanh", "tanh", "identity"])  # 69 edges
    network.initialise("xavier", seed=1)
    _, _, _, view = make_view(qtbot, Project(network, Loss("mse"), [[0.3, -1.2, 2.0, 1.0]], [[0.1, 0.2, 0.3]]))
    model = view.model
    xs = sorted(set(model.geometry.positions[:, 0].tolist()))
    assert np.diff(xs) == pytest.approx(layout.column_gaps(model.sizes, True))  # not widened
    assert not model.placement.leader.any()
    assert view.counts()["edge_labels"] == 69 - model.labels_dropped
    if model.labels_dropped:
        assert any(f"{model.labels_dropped} of 69 edge labels left out" in note for note in model.legend.notes)
    assert_labels_clear(view)


# ----- mouse and keyboard ----------------------------------------------------------------------------
def test_clicks_select_edges_neurons_and_background(canvas, qtbot):
    doc, selection, settings, view = canvas
    vp = view.viewport()
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=view.viewport_point_of(NeuronRef(1, 1)))
    assert selection.current == NeuronRef(1, 1)
    assert view.neurons.selected == view.model.geometry.neuron_index(NeuronRef(1, 1))
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=view.viewport_point_of(EdgeRef(0, 1, 2)))  # its label
    assert selection.current == EdgeRef(0, 1, 2)
    settings.set(show_weights=False, show_gradients=False)  # no labels: click the line itself
    g = view.model.geometry
    k = g.edge_index(EdgeRef(2, 0, 1))
    point = view.mapFromScene(QPointF(*(0.6 * g.p1[k] + 0.4 * g.p2[k])))
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=point)
    assert selection.current == EdgeRef(2, 0, 1) and view.edges.selected == k
    left, top, _, _ = g.bounds()
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=view.mapFromScene(QPointF(left - 200, top - 200)))
    assert selection.current is None and view.edges.selected is None
    selection.select(EdgeRef(1, 1, 1))  # from the inspector
    assert view.edges.selected == g.edge_index(EdgeRef(1, 1, 1))
    assert doc.undo_stack.count() == 0


def test_double_click_edits_a_weight_with_one_command_and_refuses_abc(canvas, qtbot):
    doc, selection, _, view = canvas
    vp = view.viewport()
    recomputes = doc.recompute_count
    point = view.viewport_point_of(EdgeRef(2, 0, 1))
    qtbot.mouseDClick(vp, Qt.MouseButton.LeftButton, pos=point)
    editor = view.editor
    assert editor is not None and editor.isVisible() and editor.text() == "1.0"
    editor.selectAll()
    QTest.keyClicks(editor, "abc")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert view.editor is editor and editor.isVisible()  # refused in place
    assert "not a number" in editor.error and "not a number" in editor.toolTip()
    assert "CF222E" in editor.styleSheet()
    assert doc.undo_stack.count() == 0 and doc.recompute_count == recomputes
    editor.selectAll()
    QTest.keyClicks(editor, "1/4")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert view.editor is None
    assert doc.undo_stack.count() == 1 and doc.recompute_count == recomputes + 1
    assert doc.network.weights[2][0, 1] == 0.25
    assert view.edge_label_texts(EdgeRef(2, 0, 1))[0] == "w = 0.25"
    assert selection.current == EdgeRef(2, 0, 1)


def test_escape_cancels_and_neurons_edit_bias_or_input(canvas, qtbot):
    doc, selection, _, view = canvas
    vp = view.viewport()
    qtbot.mouseDClick(vp, Qt.MouseButton.LeftButton, pos=view.viewport_point_of(NeuronRef(1, 0)))
    QTest.keyClicks(view.editor, "7")
    QTest.keyClick(view.editor, Qt.Key.Key_Escape)
    assert view.editor is None and doc.undo_stack.count() == 0
    qtbot.mouseDClick(vp, Qt.MouseButton.LeftButton, pos=view.viewport_point_of(NeuronRef(1, 0)))
    view.editor.setText("-2")
    view.editor.returnPressed.emit()
    assert doc.network.biases[0][0] == -2.0 and doc.undo_stack.count() == 1
    assert view.neuron_texts(NeuronRef(1, 0))[1:4] == ["z = 0", "a = 0", "b = -2"]  # relu(2 - 2)
    qtbot.mouseDClick(vp, Qt.MouseButton.LeftButton, pos=view.viewport_point_of(NeuronRef(0, 1)))
    view.editor.setText("3")
    view.editor.returnPressed.emit()
    assert doc.project.inputs[0, 1] == 3.0 and doc.undo_stack.count() == 2
    assert view.neuron_texts(NeuronRef(0, 1))[1] == "x = 3"


def test_ctrl_c_copies_the_exact_value(canvas, qtbot):
    doc, selection, _, view = canvas
    doc.undo_stack.push(SetWeight(doc, 0, 1, 1, 0.1 + 0.2))
    selection.select(EdgeRef(0, 1, 1))
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == exact_text(0.1 + 0.2) == "0.30000000000000004"
    selection.select(NeuronRef(0, 2))
    assert view.copy_selection() == "-1.0"


def test_tooltip_text_has_exact_values(canvas):
    doc, _, _, view = canvas
    doc.undo_stack.push(SetWeight(doc, 2, 0, 0, 1 / 3))
    tip = view.tooltip_at(QPointF(view.viewport_point_of(EdgeRef(2, 0, 0))))
    assert tip.startswith("w⁽³⁾₁₁: a⁽²⁾₁ → ŷ\n")
    assert f"w⁽³⁾₁₁ = {exact_text(1 / 3)}" in tip
    assert f"∂L/∂w⁽³⁾₁₁ = {exact_text(doc.result.layers[2].grad_weights[0, 0])}" in tip


def test_dragging_a_neuron_pushes_one_view_command_and_undo_moves_it_back(canvas, qtbot):
    doc, _, _, view = canvas
    vp = view.viewport()
    g = view.model.geometry
    k = g.neuron_index(NeuronRef(2, 1))
    start_scene = g.positions[k].copy()
    start = view.viewport_point_of(NeuronRef(2, 1))
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        QTest.mouseMove(vp, start + QPoint(0, 12 * step))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=start + QPoint(0, 60))
    assert doc.undo_stack.count() == 1 and doc.recompute_count == 1  # view state: no recompute
    moved = g.positions[k].copy()
    assert moved[0] == pytest.approx(start_scene[0]) and moved[1] > start_scene[1] + 20
    saved = doc.project.view["positions"]
    assert saved["2,1"] == [round(moved[0], 1), round(moved[1], 1)] and len(saved) == 8
    edge = g.edge_index(EdgeRef(1, 1, 0))
    assert g.lines[edge].p2().y() == pytest.approx(moved[1])  # its edges follow
    doc.undo_stack.undo()
    assert view.model.geometry.positions[k] == pytest.approx(start_scene)
    assert "positions" not in doc.project.view


def test_positions_saved_in_the_file_are_used(qtbot):
    project = project_002()
    sizes = project.network.sizes()
    positions = np.array([[c * 300.0, i * 150.0 + c] for c, n in enumerate(sizes) for i in range(n)])
    project.view["positions"] = positions_to_view(positions, sizes)
    _, _, _, view = make_view(qtbot, project)
    assert view.model.geometry.positions == pytest.approx(positions)
    broken = dict(project.view["positions"])
    broken.pop("3,0")
    assert positions_from_view({"positions": broken}, sizes) is None
    assert positions_from_view({"positions": {**broken, "3,0": ["x", 1]}}, sizes) is None


@pytest.mark.parametrize("bad", [10 ** 400, 1e300, float("nan"), -1e8], ids=["400 digits", "1e300", "nan", "-1e8"])
def test_positions_no_float_or_drawing_can_hold_give_the_automatic_layout_and_edits_go_on(qtbot, bad):
    project = project_002()
    sizes = project.network.sizes()
    positions = np.array([[c * 300.0, i * 150.0] for c, n in enumerate(sizes) for i in range(n)])
    project.view["positions"] = positions_to_view(positions, sizes)
    project.view["positions"]["0,0"] = [bad, 1]  # only possible in memory: loading refuses what a float cannot hold
    assert positions_from_view(project.view, sizes) is None
    doc, _, _, view = make_view(qtbot, project)
    _, _, _, plain = make_view(qtbot, project_002())
    assert np.array_equal(view.model.geometry.positions, plain.model.geometry.positions)  # the automatic layout
    assert view.counts() == {"neurons": 8, "edges": 12, "removed_edges": 0, "edge_labels": 12}
    doc.undo_stack.push(SetWeight(doc, 1, 0, 1, 0.5))  # the canvas is whole: edits keep working
    doc.undo_stack.push(EditStructure(doc, "Add neuron", "insert_neuron", 0, 1))
    assert view.counts()["neurons"] == 9 and view.rebuild_count == 1


def test_a_rebuild_that_fails_on_the_saved_positions_falls_back_to_the_automatic_layout(qtbot, monkeypatch):
    doc, _, _, view = make_view(qtbot, project_002())
    messages = []
    view.statusMessage.connect(messages.append)

    def broken(view_state, sizes):
        raise OverflowError("int too large to convert to float")
    monkeypatch.setattr(layout, "positions_from_view", broken)
    doc.undo_stack.push(EditStructure(doc, "Add neuron", "insert_neuron", 0, 1))
    assert view.rebuild_count == 1 and view.counts()["neurons"] == 9
    assert len(view.model.geometry.positions) == 9 and len(view.model.present) == 3 * 3 + 3 * 2 + 2
    assert messages[-1].startswith("The neuron positions saved in the file could not be used (int too large")
    doc.undo_stack.push(SetWeight(doc, 2, 0, 0, 3.0))  # value edits restyle the consistent canvas
    assert view.edge_label_texts(EdgeRef(2, 0, 0))[0].startswith("w = 3")


def test_right_click_selects_and_asks_for_a_context_menu(canvas, qtbot):
    _, selection, _, view = canvas
    point = view.viewport_point_of(EdgeRef(1, 0, 0))
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, view.viewport().mapToGlobal(point))
    with qtbot.waitSignal(view.contextMenuRequested) as request:
        QApplication.sendEvent(view.viewport(), event)
    assert request.args[0] == EdgeRef(1, 0, 0) == selection.current
    assert request.args[1] == view.viewport().mapToGlobal(point)


def test_wheel_zooms_under_the_mouse_and_middle_drag_pans(canvas, qtbot):
    _, _, _, view = canvas
    vp = view.viewport()
    fitted = view.transform().m11()
    anchor = view.viewport_point_of(NeuronRef(2, 0))
    scene_before = view.mapToScene(anchor)
    wheel = QWheelEvent(QPointF(anchor), QPointF(vp.mapToGlobal(anchor)), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(vp, wheel)
    assert view.transform().m11() == pytest.approx(fitted * 1.25)
    after = view.mapToScene(anchor)
    assert abs(after.x() - scene_before.x()) < 2 and abs(after.y() - scene_before.y()) < 2  # stays put
    start = QPoint(20, 20)
    before = view.mapToScene(start)
    qtbot.mousePress(vp, Qt.MouseButton.MiddleButton, pos=start)
    QTest.mouseMove(vp, start + QPoint(100, 50))
    qtbot.mouseRelease(vp, Qt.MouseButton.MiddleButton, pos=start + QPoint(100, 50))
    moved = view.mapToScene(start)
    scale = view.transform().m11()
    assert before.x() - moved.x() == pytest.approx(100 / scale, abs=2 / scale)
    assert before.y() - moved.y() == pytest.approx(50 / scale, abs=2 / scale)


def test_rapid_edits_drop_antialiasing_until_they_stop(canvas, qtbot):
    doc, _, _, view = canvas
    assert view.model.edge_antialias
    doc.undo_stack.push(SetWeight(doc, 0, 0, 0, 2.0))
    doc.undo_stack.push(SetWeight(doc, 0, 0, 0, 3.0))  # a drag or a training run: changes in quick succession
    assert not view.model.edge_antialias
    qtbot.waitUntil(lambda: view.model.edge_antialias, timeout=2000)
    assert_labels_match_result(doc, view.settings, view)


def test_one_edit_of_a_small_network_is_antialiased_at_once_of_a_big_one_a_moment_later(canvas, qtbot):
    from nnviz.gui.canvas.view import QUICK_FIRST_EDGES, RAPID_SECONDS
    doc, _, _, view = canvas
    qtbot.wait(int(RAPID_SECONDS * 1000) + 50)
    doc.undo_stack.push(SetWeight(doc, 0, 0, 0, 2.0))  # 12 edges: a homework network
    assert view.model.edge_antialias
    net = Network.create(2, [32, 32, 10], ["tanh", "tanh", "identity"])
    _, _, _, big = make_view(qtbot, Project(net, Loss("mse"), [[0.5, -0.5]], [[0.0] * 10]))
    assert big.model.geometry.edge_count > QUICK_FIRST_EDGES and big.model.edge_antialias
    qtbot.wait(int(RAPID_SECONDS * 1000) + 50)
    big.doc.undo_stack.push(SetWeight(big.doc, 1, 0, 0, 0.5))
    assert not big.model.edge_antialias  # shown at once, unsmoothed
    qtbot.waitUntil(lambda: big.model.edge_antialias, timeout=2000)  # then smoothed


def test_zoom_and_fit(canvas):
    _, _, _, view = canvas
    fitted = view.transform().m11()
    view.zoom_in()
    assert view.transform().m11() == pytest.approx(fitted * 1.25)
    view.zoom_out()
    view.zoom_out()
    assert view.transform().m11() == pytest.approx(fitted / 1.25)
    view.fit()
    assert view.transform().m11() == pytest.approx(fitted)


# ----- exports -------------------------------------------------------------------------------------
def test_render_image_is_the_whole_diagram_on_white(canvas):
    _, _, _, view = canvas
    image = view.render_image(width=900)
    assert image.width() == 900 and 300 < image.height() < 900
    pixels = [QColor(image.pixel(x, y)).name() for x in range(0, 900, 3) for y in range(0, image.height(), 3)]
    white = pixels.count("#ffffff")
    assert 0.05 < 1 - white / len(pixels) < 0.6
    colours = set(pixels)
    assert len(colours) > 20
    assert colour_scale.POSITIVE[-1].lower() in colours  # the 64-gradient edges
    fixed = view.render_image(width=400, height=400)
    assert (fixed.width(), fixed.height()) == (400, 400)
    assert QColor(fixed.pixel(0, 0)) == QColor("white")


def test_render_svg_writes_a_valid_drawing(canvas, tmp_path):
    _, _, _, view = canvas
    path = tmp_path / "net.svg"
    path.write_bytes(view.export_bytes(".svg"))
    root = ElementTree.parse(path).getroot()
    assert root.tag.endswith("svg")
    text = path.read_text(encoding="utf-8")
    assert "∂L/∂w" in text and "Layer 1" in text and "Loss L = 64" in text
    assert "<image" not in text  # vectors, not a pasted bitmap


# ----- pure helpers ---------------------------------------------------------------------------------
def test_edge_hit_test_is_point_to_segment_distance():
    g = Geometry([1, 2], np.array([[0.0, 0.0], [100.0, -50.0], [100.0, 50.0]]))
    assert g.edge_at(50, 25, 1.0) == 1  # on the segment to (100, 50)
    assert g.edge_at(50, 28, 2.0) is None  # 3 / sqrt(1.25) = 2.68 away
    assert g.edge_at(50, 28, 3.0) == 1
    assert g.edge_at(-3, 0, 3.01) in (0, 1) and g.edge_at(-3, 0, 2.9) is None  # beyond the end
    assert g.edge_ref(1) == EdgeRef(0, 1, 0) and g.edge_index(EdgeRef(0, 1, 0)) == 1


def test_label_placement_avoids_overlap_on_parallel_edges():
    p1 = np.array([[0.0, 0.0], [0.0, 20.0]])
    p2 = np.array([[400.0, 0.0], [400.0, 20.0]])
    placement = place_labels(p1, p2, np.array([[80.0, 30.0], [80.0, 30.0]]), np.zeros((0, 4)))
    assert placement.placed.all() and not placement.leader.any()
    a, b = placement.slots(p1, p2, [[80.0, 30.0]] * 2)
    assert not boxes_overlap(a, b)  # side by side or one beside its edge, not on top of each other
    anchors = placement.anchors(p1, p2)
    assert anchors[:, 1] == pytest.approx([0.0, 20.0])  # attached to their own edges
    assert (0.15 * 400 <= anchors[:, 0]).all() and (anchors[:, 0] <= 0.85 * 400).all()


def test_label_with_no_room_along_its_edge_gets_a_leader_line():
    p1, p2 = np.array([[0.0, 0.0]]), np.array([[200.0, 0.0]])
    wall = np.array([[-10.0, -60.0, 210.0, 60.0]])  # covers the whole edge and both sides
    placement = place_labels(p1, p2, np.array([[80.0, 30.0]]), wall)
    assert not placement.placed[0]
    add_leaders(placement, p1, p2, np.array([[80.0, 30.0]]), wall)
    assert placement.placed[0] and placement.leader[0]
    slot = placement.slots(p1, p2, [[80.0, 30.0]])[0]
    assert not boxes_overlap(slot, wall[0])
    assert slot[3] <= -60.0 or slot[1] >= 60.0  # just above or below the wall, the nearest free spots
    assert placement.anchors(p1, p2)[0, 1] == 0.0  # the leader starts on the edge


def test_segment_rect_crossings_match_hand_cases():
    rects = np.array([[0.0, 0.0, 10.0, 10.0]])
    a = np.array([[-5.0, 5.0], [-5.0, 20.0], [-5.0, -4.0], [2.0, 2.0], [5.0, -5.0], [11.0, -5.0]])
    b = np.array([[15.0, 5.0], [15.0, 12.0], [4.0, 5.0], [3.0, 3.0], [5.0, -1.0], [11.0, 15.0]])
    # through; above it; clips the corner (x = 0..4, y = -4..5); inside; stops short; beside it
    assert crossings(rects, a, b)[0].tolist() == [True, False, True, True, False, False]


def test_fitted_layout_widens_only_the_gap_whose_labels_do_not_fit():
    sizes = [2, 2, 1]
    edge_layer = np.array([0, 0, 0, 0, 1, 1])

    def place(positions):  # labels of gap 0 fit once the gap is at least 400 wide
        placement = Placement.empty(6)
        placement.placed[:] = True
        placement.placed[:4] = positions[2, 0] - positions[0, 0] >= 400
        return placement

    positions, placement = fit_layout(sizes, [300.0, 300.0], [124.0] * 3, edge_layer, place, np.ones(6, bool))
    assert placement.placed.all()
    gaps = np.diff(np.unique(positions[:, 0]))
    assert gaps[0] == pytest.approx(300 * GROW ** 3)  # the first try that is wide enough: 300 * 1.12^3 = 421
    assert gaps[1] == pytest.approx(300.0)


def test_bench_function_reports_three_networks():
    from nnviz.bench.canvas import edit_to_repaint_rows
    rows = edit_to_repaint_rows(repeat=3)
    assert [row["case"] for row in rows] == ["3-2-2-1 (12 edges)", "2-8-8-1 (88 edges)", "10x32 (10,240 edges)"]
    assert all(0 < row["median_ms"] <= row["p90_ms"] for row in rows)
