"""The pale layer of a big network's edges is kept as pictures: a pan shifts one without drawing a line, a zoom
shows the ones it has until the view settles, then draws one at the new zoom, equal to a fresh view's."""
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from nnviz.core import Loss, Network, Project
from nnviz.gui.canvas import NetworkView, style
from nnviz.gui.display_settings import DisplaySettings
from nnviz.gui.document import Document
from nnviz.gui.selection import Selection


def big_project() -> Project:
    network = Network.create(60, [60, 1], ["relu", "identity"])  # 3,660 edges: a pale layer under the strongest
    network.initialise("xavier", seed=1)
    rng = np.random.default_rng(0)
    return Project(network, Loss("mse"), rng.normal(size=(4, 60)), rng.normal(size=(4, 1)))


def make_view(qtbot, project: Project, settings: DisplaySettings | None = None) -> NetworkView:
    view = NetworkView(Document(project), Selection(), settings or DisplaySettings())
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.settle()
    return view


def pixels(view) -> np.ndarray:
    image = view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4).copy()


def wheel(view, notches: int) -> None:
    vp = view.viewport()
    pos = QPointF(vp.width() / 2, vp.height() / 2)
    QApplication.sendEvent(vp, QWheelEvent(pos, vp.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120 * notches),
                                           Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                                           Qt.ScrollPhase.NoScrollPhase, False))


@pytest.fixture
def view(qtbot):
    view = make_view(qtbot, big_project())
    assert view.model.big and view.backdrop is not None
    assert view.backdrop.lines_drawn >= view.model.geometry.edge_count  # drawn once to be shown
    return view


def test_a_pan_shifts_the_picture_of_the_pale_layer_without_drawing_a_line(view, qtbot):
    wheel(view, 3)  # zoomed in, where the picture holds the view and a margin around it
    view.settle()
    for item in view.items_()[1:]:  # the coloured edges are drawn anew (and clipped anew) at every pan
        item.setVisible(False)
    before, drawn = pixels(view), view.backdrop.lines_drawn
    vp = view.viewport()
    start = QPoint(640, 400)
    qtbot.mousePress(vp, Qt.MouseButton.MiddleButton, pos=start)
    for step in range(1, 5):
        QTest.mouseMove(vp, start + QPoint(-10 * step, -8 * step))
        vp.repaint()
        assert view.backdrop.lines_drawn == drawn
    qtbot.mouseRelease(vp, Qt.MouseButton.MiddleButton, pos=start + QPoint(-40, -32))
    qtbot.waitUntil(lambda: view.settled)
    assert view.backdrop.lines_drawn == drawn  # nor once it settled: the picture reaches that far
    after = pixels(view)
    assert (after[100:600, 200:1100] == before[132:632, 240:1140]).all()  # the scene moved, the legend did not
    assert (after[100:600, 200:1100] != 255).any()


def test_a_zoom_shows_the_pictures_it_has_then_draws_one_equal_to_a_fresh_views(view, qtbot):
    drawn = view.backdrop.lines_drawn
    wheel(view, 1)
    view.viewport().repaint()
    assert view.backdrop.lines_drawn == drawn and not view.settled  # the last picture, scaled, for now
    stand_in = pixels(view)
    pale = QColor(view.model.look.colours.pale_edge)
    assert (stand_in[..., :3] != 255).any()
    qtbot.waitUntil(lambda: view.settled, timeout=5000)
    assert view.backdrop.lines_drawn > drawn
    settled = pixels(view)
    fresh = make_view(qtbot, view.doc.project)  # the same numbers, shown at that zoom from the start
    fresh._auto_fit = False
    fresh.setTransform(view.transform())
    fresh.horizontalScrollBar().setValue(view.horizontalScrollBar().value())
    fresh.verticalScrollBar().setValue(view.verticalScrollBar().value())
    assert fresh.viewportTransform() == view.viewportTransform()
    fresh.settle()
    assert (pixels(fresh) == settled).all()
    colours = {tuple(int(c) for c in px) for px in settled[::3, ::3, 2::-1].reshape(-1, 3)}
    assert (pale.red(), pale.green(), pale.blue()) in colours


def test_a_picture_drawn_a_few_lines_at_a_time_is_the_picture_drawn_at_once(view, qtbot):
    wheel(view, 2)
    backdrop = view.backdrop
    backdrop.want(view.viewportTransform(), view.viewport())
    steps = 1
    while backdrop.render_step(1e-6):
        steps += 1
    assert steps > 10
    in_steps = backdrop.pictures[-1].image.copy()
    backdrop.pictures.clear()
    backdrop.want(view.viewportTransform(), view.viewport())
    backdrop.finish()
    assert backdrop.pictures[-1].image == in_steps


def test_dragging_a_neuron_shows_the_old_picture_until_the_new_one_is_drawn(view, qtbot):
    g = view.model.geometry
    vp = view.viewport()
    start = view.mapFromScene(QPointF(*g.positions[g.neuron_count - 1]))
    drawn = view.backdrop.lines_drawn
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 4):
        QTest.mouseMove(vp, start + QPoint(-20 * step, 10 * step))
        vp.repaint()
    assert view.backdrop.lines_drawn == drawn  # a move draws no line itself: the old picture stands in
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=start + QPoint(-60, 30))
    view.selection.select(None)
    view.settle()
    moved = make_view(qtbot, view.doc.project)  # the position is in the file's view now (rounded a little)
    moved._auto_fit = False
    moved.setTransform(view.transform())
    moved.horizontalScrollBar().setValue(view.horizontalScrollBar().value())
    moved.verticalScrollBar().setValue(view.verticalScrollBar().value())
    moved.settle()
    for item in view.items_()[1:] + moved.items_()[1:]:
        item.setVisible(False)
    assert (pixels(moved) == pixels(view)).all()


def test_an_export_draws_every_edge_itself_whatever_the_view_shows(view, qtbot):
    exported = view.render_image(width=600)
    drawn = view.backdrop.lines_drawn
    wheel(view, 2)  # pictures scaled on screen for now
    view.viewport().repaint()
    again = view.render_image(width=600)
    assert again == exported and view.backdrop.lines_drawn == drawn


def test_a_new_theme_draws_the_pale_layer_anew_in_its_colour(qtbot):
    settings = DisplaySettings()
    view = make_view(qtbot, big_project(), settings)
    settings.set(theme="dark")
    view.settle()
    dark = view.model.look.colours.pale_edge
    assert dark == style.DARK.pale_edge
    assert view.backdrop.pictures and all(p.colour == dark.rgba() for p in view.backdrop.pictures)
