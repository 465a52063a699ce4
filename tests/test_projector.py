"""A classroom projector: the window fits a 1280 x 720 screen with the canvas over half of it, presentation
mode makes every number at least 14 px tall, and the text size, theme and edge colours are kept; on a first
start, on a projector or a large screen, the loss curve fits its dock."""
import json
import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from nnviz import paths
from nnviz.core import fileformat
from nnviz.gui import colour_scale
from nnviz.gui.document import Document
from nnviz.gui.main_window import MainWindow

EXAMPLE_002 = paths.examples_dir() / "002_relu_3-2-2-1_sse.nnviz"


@pytest.fixture
def open_window(qtbot, settings, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))

    def make(s=None):
        w = MainWindow(Document(fileformat.load(EXAMPLE_002), EXAMPLE_002), s or settings)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        return w
    return make


FIRST_START = textwrap.dedent("""
    import json, sys
    from nnviz.gui.app import create_application
    app = create_application()
    from PySide6.QtCore import QSettings
    from nnviz.core import fileformat
    from nnviz.gui.document import Document
    from nnviz.gui.main_window import MainWindow
    w = MainWindow(Document(fileformat.load(sys.argv[2])), QSettings(sys.argv[1], QSettings.Format.IniFormat))
    w.show()
    for _ in range(5):
        app.processEvents()
    canvas = w.centralWidget()
    print(json.dumps({"frame": [w.frameGeometry().width(), w.frameGeometry().height()],
                      "window": [w.width(), w.height()], "canvas": [canvas.width(), canvas.height()],
                      "explain": w.explain_dock.isVisible() and not w.explain_dock.visibleRegion().isEmpty()}))
""")


def on_screen(tmp_path, size, script, *args):
    """Run `script` in a Python whose offscreen screen is `size`, returning the JSON it prints."""
    screens = tmp_path / "screens.json"
    screens.write_text(json.dumps({"screens": [{"name": "projector", "x": 0, "y": 0, "width": size[0],
                                                "height": size[1], "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}"}
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "settings.ini"), *map(str, args)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
def test_the_first_start_fits_a_projector_and_gives_the_canvas_over_half(tmp_path, size):
    shown = on_screen(tmp_path, size, FIRST_START, EXAMPLE_002)
    assert shown["frame"][0] <= size[0] and shown["frame"][1] <= size[1]
    (cw, ch), (ww, wh) = shown["canvas"], shown["window"]
    assert cw * ch >= 0.5 * ww * wh, shown
    assert shown["explain"]  # the derivation in front


def test_a_saved_size_larger_than_the_screen_shrinks_to_it(open_window, settings):
    first = open_window()
    first.showNormal()
    first.resize(3000, 2000)
    first.close()
    second = open_window(settings)
    available = second.screen().availableGeometry()
    assert second.width() <= available.width() and second.height() <= available.height()


PRESENT = textwrap.dedent("""
    import json, sys
    import numpy as np
    from nnviz.gui.app import create_application
    app = create_application()
    from PySide6.QtCore import QSettings
    from nnviz.core import Loss, Network, Project, fileformat
    from nnviz.gui.document import Document
    from nnviz.gui.main_window import MainWindow
    out = []
    for spec in sys.argv[2:]:
        if spec.endswith(".nnviz"):
            project = fileformat.load(spec)
        else:
            sizes = [int(n) for n in spec.split("-")]
            net = Network.create(sizes[0], sizes[1:], ["relu"] * (len(sizes) - 2) + ["sigmoid"], weight=0.3)
            project = Project(net, Loss("half_sse"), np.full((1, sizes[0]), 0.5), np.zeros((1, sizes[-1])))
        w = MainWindow(Document(project), QSettings(sys.argv[1], QSettings.Format.IniFormat))
        w.show()
        app.processEvents()
        w.presentation.action.setChecked(True)
        app.processEvents()
        v = w.view
        shown = {"values": sum(bool(v.model.neuron_lines(k)) for k in range(v.model.geometry.neuron_count)),
                 "edge_labels": v.model.drawn_label_count()}
        out.append({"net": spec, "screen": [w.width(), w.height()], "smallest_px": v.smallest_text_px(),
                    "menus": w.menuBar().isVisible(), **shown})
        w.presentation.action.setChecked(False)
        app.processEvents()
        out[-1]["back"] = [w.menuBar().isVisible(), v.model.font_scale]
        w.close()
    print(json.dumps(out))
""")


def test_presentation_mode_on_a_1280x720_screen_shows_every_number_at_least_14_px_tall(tmp_path):
    nets = ["3-4-4-2", "2-2-1", "3-2-2-1", "4-4-2", EXAMPLE_002, paths.examples_dir() / "004_sigmoid_3-2-1_half_sse.nnviz"]
    for row in on_screen(tmp_path, (1280, 720), PRESENT, *nets):
        assert row["screen"] == [1280, 720] and not row["menus"], row
        assert row["smallest_px"] >= 14.0, row  # every number drawn: value lines, edge labels, the legend
        assert row["values"] > 0 and row["back"] == [True, None], row


def test_the_text_size_is_a_preference_that_scales_the_canvas_and_the_panels(open_window, settings):
    w = open_window()
    w.resize(1280, 720)
    QApplication.processEvents()
    value_px, panel_points = w.view.model.look.fonts.value_px, w.inspector.font().pointSizeF()
    on_screen_px = w.view.smallest_text_px()  # the whole diagram fitted: its numbers are drawn smaller
    assert on_screen_px < value_px
    w.view_actions.larger_text.trigger()
    w.view_actions.larger_text.trigger()
    assert w.display.font_scale == 1.3
    assert w.view.model.look.fonts.value_px > value_px and w.inspector.font().pointSizeF() > panel_points
    # what the user sees: the numbers drawn at the chosen size (the diagram is panned), not fitted smaller
    QApplication.processEvents()
    assert w.view.smallest_text_px() >= round(1.3 * value_px) - 1 > on_screen_px
    w.view.fit()  # View > Fit keeps them at that size too
    assert w.view.smallest_text_px() >= round(1.3 * value_px) - 1
    w.close()
    again = open_window(settings)
    assert again.display.font_scale == 1.3 and again.view.model.look.fonts.value_px > value_px


def test_dark_theme_and_the_colour_blind_safe_scale(open_window, tmp_path):
    w = open_window()
    w.view_actions.choices["theme"]["dark"].trigger()
    assert w.view.model.look.colours.dark
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    image = w.view.grab().toImage()
    assert image.pixelColor(5, 5).lightness() < 60  # the canvas's background
    w.view_actions.choices["colour_scale"]["blue_yellow"].trigger()
    assert [c.name().upper() for c in w.view.model.look.palette] == list(colour_scale.palette("blue_yellow", dark=True))
    exported = w.view.render_image()
    assert exported.pixelColor(2, 2).lightness() > 240  # exports stay light, for slides
    w.view_actions.choices["theme"]["light"].trigger()
    assert not w.view.model.look.colours.dark
    assert [c.name().upper() for c in w.view.model.look.palette] == list(colour_scale.palette("blue_yellow"))
    assert colour_scale.palette("blue_yellow") != colour_scale.PALETTE


PLOTS_FIRST_START = textwrap.dedent("""
    import json, sys
    from nnviz.gui.app import create_application
    app = create_application()
    from PySide6.QtCore import QSettings
    from nnviz.core import fileformat
    from nnviz.gui.document import Document
    from nnviz.gui.main_window import MainWindow
    w = MainWindow(Document(fileformat.load(sys.argv[2])), QSettings(sys.argv[1], QSettings.Format.IniFormat))
    w.show()
    w.build_plots()
    w.curve_dock.raise_()
    for _ in range(20):
        app.processEvents()
    c = w.loss_curve
    holder = c.readout.parentWidget()
    print(json.dumps({"panel": c.height(), "needed": c.layout().minimumSize().height(),
                      "plot_bottom": c.plot.geometry().bottom(), "readout_top": holder.geometry().top()}))
""")


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_on_a_first_start_the_loss_curve_fits_its_dock_without_covering_its_axis(tmp_path, size):
    shown = on_screen(tmp_path, size, PLOTS_FIRST_START, EXAMPLE_002)
    assert shown["needed"] <= shown["panel"], shown
    assert shown["plot_bottom"] < shown["readout_top"], shown
