"""What a first user in a classroom hit: a traceback on opening a file with another sample selected, stale
texts, a status message over the loss, shortcuts no one can press, no display, and the window's fit."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from nnviz import paths
from nnviz.cli import display_problem
from nnviz.core import fileformat
from nnviz.gui.actions.help import key_texts, pressable
from nnviz.gui.document import Document
from nnviz.gui.main_window import MainWindow

EX = paths.examples_dir()
XOR = EX / "xor_2-2-1_sigmoid_bce.nnviz"


@pytest.fixture
def open_window(qtbot, settings, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))

    def make(path):
        w = MainWindow(Document(fileformat.load(path), path), settings)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        return w
    return make


def test_opening_another_file_with_a_later_sample_selected_redraws_without_an_error(open_window, qtbot):
    w = open_window(XOR)
    w.data_panel.table.setCurrentIndex(w.data_panel.model.index(1, 0))  # sample 2 in the Data table
    assert w.selection.sample == 1
    w.files.open_path(EX / "002_relu_3-2-2-1_sse.nnviz")  # used to raise ValueError in the canvas's restyle
    assert w.selection.sample == 0 and w.view.counts()["edges"] == 12
    assert w.view.neuron_texts(w.view.model.geometry.neuron_ref(7))[1:3] == ["Z = 8", "ŷ = 8"]
    w.data_panel.table.setCurrentIndex(w.data_panel.model.index(0, 1))
    w.files.new_project(fileformat.load(XOR))  # File > New takes the same path
    assert w.view.counts()["edges"] == 6


def test_the_data_panels_error_goes_with_esc_and_with_another_file(open_window, qtbot):
    w = open_window(XOR)
    panel = w.data_panel
    index = panel.model.index(0, 0)
    panel.table.setCurrentIndex(index)
    panel.table.edit(index)
    editor = panel.table.findChild(QLineEdit)
    editor.setText("abc")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert panel.message.isVisibleTo(panel) and "not a number" in panel.message.text()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not panel.message.isVisibleTo(panel)
    panel.message.show_message("an old refusal")
    w.files.open_path(EX / "002_relu_3-2-2-1_sse.nnviz")
    assert not panel.message.isVisibleTo(panel)


def test_the_speed_of_a_run_is_not_shown_for_another_file(open_window, qtbot):
    w = open_window(XOR)
    w.training_actions.step_n.trigger()
    qtbot.waitUntil(lambda: not w.training.running, timeout=5000)
    w.training_panel.refresh_numbers()
    assert "steps/s" in w.training_panel.speed.text()
    w.files.open_path(EX / "002_relu_3-2-2-1_sse.nnviz")
    w.training_panel.refresh_numbers()
    assert w.training_panel.speed.text() == ""


def test_a_long_status_message_stops_before_the_loss(open_window):
    w = open_window(XOR)
    w.resize(1280, 720)
    QApplication.processEvents()
    bar = w.statusBar()
    long = "step 12 with learning rate 1e+06 made the loss non-finite (overflow); " * 4
    bar.showMessage(long)
    shown = bar.currentMessage()
    assert shown.endswith("…") and len(shown) < len(long) and bar.toolTip() == " ".join(long.split())
    assert bar.fontMetrics().horizontalAdvance(shown) <= w.loss_box.x()


def test_help_lists_only_keys_one_can_press(open_window):
    w = open_window(XOR)
    f = w.file_actions
    assert "Shift+Save" not in key_texts(f.save_as) and key_texts(f.save_as)[0] == "Ctrl+Shift+S"
    for _, action in w._shortcut_list():
        assert all(pressable(QKeySequence(t)) for t in key_texts(action))
    assert not any(t in {"F14", "F16", "Save", "Undo"} for _, a in w._shortcut_list() for t in key_texts(a))


def test_no_display_is_said_in_one_line():
    assert "no display" in display_problem({}, "linux")
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None and display_problem({}, "darwin") is None


def test_the_users_preferences_come_back_in_a_new_window(qtbot, settings):
    """Notation, precision, theme, colour scale, text size and run speed are the user's: kept across starts."""
    from nnviz.core import Loss, Network, Project
    from nnviz.gui.document import Document
    from nnviz.gui.main_window import MainWindow

    def window():
        project = Project(Network.create(2, [2, 1], ["relu", "identity"]), Loss("sse"), [[1.0, 2.0]], [[0.0]])
        w = MainWindow(Document(project), settings)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        return w

    first = window()
    first.notation_actions.presets["from_to"].trigger()
    first.display.set(precision=6, decimals=True, theme="dark", colour_scale="blue_yellow", font_scale=1.3)
    first.training_panel.run_speed.setCurrentIndex(first.training_panel.run_speed.count() - 2)
    speed = first.training_panel.run_speed.currentText()
    first.doc.undo_stack.setClean()
    first.close()
    second = window()  # a network that names no notation: the preferred one
    options = second.display.options
    assert (options.precision, options.decimals, options.theme, options.colour_scale, options.font_scale) == \
        (6, True, "dark", "blue_yellow", 1.3)
    assert second.doc.notation.preset == "from_to" and second.doc.namer().w(1, 1, 2).unicode == "w⁽¹⁾₂₁"
    assert second.training_panel.run_speed.currentText() == speed
