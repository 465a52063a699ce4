"""Help > Quick tour points at the real parts of the window, one after another, and gets out of the way."""
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest

from nnviz.gui.actions.help import TOUR_OFFERED


def tour_of(window):
    window.help_actions.tour.trigger()
    return window.help_actions.quick_tour


def rect_of(widget, window) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def test_each_step_frames_a_visible_part_and_the_bubble_stays_in_the_window(window, qtbot):
    window.resize(1280, 720)
    tour = tour_of(window)
    bubble, seen = tour.bubble, []
    for k, stop in enumerate(tour.stops):
        assert tour.index == k and bubble.isVisible()
        assert bubble.step.text() == f"Quick tour · {k + 1} of {len(tour.stops)}" and bubble.title.text() == stop.title
        target = stop.target(window)
        assert target.isVisible(), stop.title  # a dock behind another tab is brought to the front
        framed = tour.spotlight.geometry()
        assert framed.contains(rect_of(target, window)) and framed.adjusted(4, 4, -4, -4).intersects(rect_of(target, window))
        assert window.rect().contains(bubble.geometry()), stop.title
        assert bubble.text.height() >= bubble.text.heightForWidth(bubble.text.width()) - 1  # no clipped words
        seen.append(target)
        assert bubble.back.isEnabled() == (k > 0)
        qtbot.mouseClick(bubble.next, Qt.MouseButton.LeftButton)
    assert len(set(map(id, seen))) == len(seen)  # every step points somewhere else
    assert not bubble.isVisible() and not tour.spotlight.isVisible() and not tour.running


def test_the_tour_names_the_panels_it_points_at(window):
    tour = tour_of(window)
    titles = " ".join(stop.title for stop in tour.stops)
    for word in ("network", "Explain", "Inspector", "Data", "Training", "Loss curve", "Check"):
        assert word in titles


def test_back_goes_back_and_a_bubble_beside_a_dock_leaves_the_dock_free(window, qtbot):
    tour = tour_of(window)
    qtbot.mouseClick(tour.bubble.next, Qt.MouseButton.LeftButton)
    assert tour.index == 1 and window.explain_dock.isVisible()
    assert not tour.bubble.geometry().intersects(rect_of(window.explain_dock, window))
    qtbot.mouseClick(tour.bubble.back, Qt.MouseButton.LeftButton)
    assert tour.index == 0


def test_escape_or_close_ends_the_tour_and_it_can_start_again(window, qtbot):
    tour = tour_of(window)
    QTest.keyClick(tour.bubble.next, Qt.Key.Key_Escape)
    assert not tour.running
    window.help_actions.tour.trigger()
    assert tour.running and tour.index == 0
    qtbot.mouseClick(tour.bubble.close_button, Qt.MouseButton.LeftButton)
    assert not tour.running


def test_the_first_start_says_where_the_tour_is_once(window, settings):
    assert settings.value(TOUR_OFFERED) in (True, "true")
    bar = window.statusBar()
    assert bar.currentMessage() == "New to nnviz? Help > Quick tour shows you around."
    window.help_actions.offer_tour(settings)  # a later start says nothing
    bar.clearMessage()
    window.help_actions.offer_tour(settings)
    assert bar.currentMessage() == ""
