"""Files in the window when things go wrong: a failed save keeps the edits and the window, hostile paths are
refused with a message, long problem lists stay short, and big files show progress and their size first."""
import json
import os
import stat

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from nnviz import paths
from nnviz.core import Loss, Network, Project, fileformat
from nnviz.gui import file_ops, progress
from nnviz.gui.commands import SetWeight

EXAMPLE_002 = paths.examples_dir() / paths.DEFAULT_EXAMPLE


@pytest.fixture
def progress_dialogs(monkeypatch):
    """Every QProgressDialog the file operations create (real ones), with the texts each showed."""
    made = []

    class Recording(QProgressDialog):
        def __init__(self, *args):
            super().__init__(*args)
            self.texts, self.was_shown = [args[0]], False
            made.append(self)

        def setLabelText(self, text):
            self.texts.append(text)
            super().setLabelText(text)

        def show(self):
            self.was_shown = True
            super().show()
    monkeypatch.setattr(progress, "QProgressDialog", Recording)
    return made


def big_project(n: int = 60) -> Project:
    rng = np.random.default_rng(0)
    net = Network.create(n, [n, 1], ["tanh", "identity"])
    net.weights = [rng.normal(size=w.shape) for w in net.weights]
    return Project(net, Loss("mse"), rng.normal(size=(2, n)), rng.normal(size=(2, 1)), title="big")


# ----- a save that fails keeps everything (item 1) ----------------------------------------------------------
def test_a_title_that_cannot_be_saved_gives_a_message_and_keeps_the_window_open_with_the_edits(
        window, dialogs, monkeypatch, tmp_path):
    calls, answers = dialogs
    doc = window.doc
    doc.undo_stack.push(SetWeight(doc, 2, 0, 0, 2.0))
    doc.project.title = "net \ud800"  # as if it came from somewhere the loader does not check
    target = tmp_path / "kept.nnviz"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.file_actions.save.trigger()  # an example: Save asks for a name
    assert calls[-1][0] == "critical" and "title: contains \\ud800 at character 5" in calls[-1][2]
    assert "Your changes are still open" in calls[-1][2]
    assert doc.path == EXAMPLE_002 and window.isWindowModified() and not target.exists()

    answers["question"] = QMessageBox.StandardButton.Save
    assert not window.close()  # Save failed: the window stays, with the edits
    assert window.isVisible() and window.isWindowModified()
    assert doc.network.weights[2][0, 0] == 2.0
    assert [c[0] for c in calls[-2:]] == ["question", "critical"]
    assert not [p for p in tmp_path.iterdir()]


def test_an_unexpected_error_while_saving_is_a_message_not_a_lost_edit(window, dialogs, monkeypatch, tmp_path):
    calls, answers = dialogs
    doc = window.doc
    doc.undo_stack.push(SetWeight(doc, 2, 0, 0, 2.0))

    def broken(project, path):
        raise RuntimeError("a bug")
    monkeypatch.setattr(fileformat, "save", broken)
    assert not window.files.save_to(tmp_path / "x.nnviz")
    assert calls[-1][0] == "critical" and "RuntimeError: a bug" in calls[-1][2]
    answers["question"] = QMessageBox.StandardButton.Save
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "y.nnviz"), "")))
    assert not window.close() and window.isVisible() and window.isWindowModified()


# ----- paths that are not ordinary files (items 2 and 9) ------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_opening_or_saving_over_a_pipe_is_refused_with_a_message(window, dialogs, tmp_path):
    calls, _ = dialogs
    fifo = tmp_path / "pipe.nnviz"
    os.mkfifo(fifo)
    assert not window.files.open_path(fifo)  # at once: nothing writes to the pipe
    assert calls[-1][0] == "critical" and f"{fifo}: is a pipe, not an ordinary file" in calls[-1][2]
    window.doc.undo_stack.push(SetWeight(window.doc, 2, 0, 0, 2.0))
    assert not window.files.save_to(fifo)
    assert "nnviz only saves to ordinary files" in calls[-1][2]
    assert stat.S_ISFIFO(fifo.stat().st_mode) and window.isWindowModified() and window.doc.path == EXAMPLE_002


# ----- long problem lists (item 8) -----------------------------------------------------------------------------
def test_a_file_with_ninety_thousand_problems_gives_a_short_dialog(window, dialogs, tmp_path):
    calls, _ = dialogs
    n = 300
    doc = json.loads(EXAMPLE_002.read_text())
    doc["network"] = {"input_size": n, "layers": [{"size": n, "activation": "identity", "bias": True}],
                      "weights": [[[1] * n] * n], "biases": [[0] * n], "masks": [[[0] * n] * n]}
    doc["data"] = {"inputs": [[1] * n], "targets": [[0] * n]}
    path = tmp_path / "many.nnviz"
    path.write_text(json.dumps(doc))
    assert not window.files.open_path(path)
    text = calls[-1][2]
    assert text.count("\n") < 15 and f"... and {n * n - 5:,} more of the same kind" in text


# ----- big files: progress and their size first (item 10) ------------------------------------------------------
def test_opening_a_big_file_shows_a_progress_dialog_through_its_stages(window, progress_dialogs, monkeypatch,
                                                                       tmp_path):
    path = tmp_path / "big.nnviz"
    fileformat.save(big_project(), path)
    monkeypatch.setattr(progress, "SLOW_OPEN_BYTES", 10_000)
    monkeypatch.setattr(progress, "SLOW_EDGES", 1_000)
    window.training.run()
    assert window.files.open_path(path)
    assert not window.training.running  # nothing trains while the dialog lets events run
    assert window.doc.path == path and window.doc.network.sizes() == [60, 60, 1]
    reading, drawing = progress_dialogs
    assert reading.was_shown and reading.texts == [
        f"Reading big.nnviz ({path.stat().st_size / 1024:,.0f} KB)…", "Reading the numbers of big.nnviz…",
        "Checking every number of big.nnviz…", "big.nnviz is ready to be drawn"]
    assert drawing.was_shown and drawing.texts == ["Drawing 3,660 edges of big.nnviz…"]
    assert not reading.isVisible() and not drawing.isVisible()


def test_cancelling_the_open_of_a_big_file_changes_nothing(window, progress_dialogs, monkeypatch, tmp_path):
    path = tmp_path / "big.nnviz"
    fileformat.save(big_project(), path)
    monkeypatch.setattr(progress, "SLOW_OPEN_BYTES", 10_000)
    monkeypatch.setattr(progress.QProgressDialog, "wasCanceled", lambda self: len(self.texts) >= 2)
    before = window.doc.network.copy()
    assert not window.files.open_path(path)
    assert window.doc.path == EXAMPLE_002 and window.doc.network.equals(before)
    assert progress_dialogs[0].texts[-1] == "Reading the numbers of big.nnviz…"  # cancelled before checking
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_network_of_millions_of_edges_is_named_with_its_size_before_it_is_drawn(window, dialogs, monkeypatch,
                                                                                  tmp_path):
    calls, answers = dialogs
    path = tmp_path / "big.nnviz"
    fileformat.save(big_project(), path)
    monkeypatch.setattr(progress, "HUGE_EDGES", 3_000)
    before = window.doc.network.copy()
    answers["question"] = QMessageBox.StandardButton.Cancel
    assert not window.files.open_path(path)
    assert calls[-1][:2] == ("question", "A very big network")
    assert "big.nnviz holds a network of 3,660 edges (60 → 60 → 1 neurons)" in calls[-1][2]
    assert window.doc.network.equals(before)
    answers["question"] = QMessageBox.StandardButton.Open
    assert window.files.open_path(path) and window.doc.path == path


def test_saving_a_big_network_shows_progress(window, progress_dialogs, monkeypatch, tmp_path):
    window.files.load_project(big_project(), None)
    monkeypatch.setattr(progress, "SLOW_SAVE_VALUES", 1_000)
    assert window.files.save_to(tmp_path / "big.nnviz")
    assert [d.texts for d in progress_dialogs] == [[f"Saving big.nnviz ({60 * 60 + 60 + 60 + 1 + 2 * 60 + 2:,} "
                                                    "numbers)…"]]
    assert progress_dialogs[0].was_shown and not window.isWindowModified()


def test_exporting_a_huge_diagram_asks_first_and_shows_progress(window, dialogs, progress_dialogs, monkeypatch,
                                                                tmp_path):
    calls, answers = dialogs
    window.files.load_project(big_project(12), None)
    monkeypatch.setattr(progress, "HUGE_EDGES", 100)
    monkeypatch.setattr(progress, "SLOW_EDGES", 100)
    png = tmp_path / "d.png"
    answers["question"] = QMessageBox.StandardButton.Cancel
    assert not window.files.export_diagram(png, window.view) and not png.exists()
    assert "The diagram has 156 edges" in calls[-1][2]
    answers["question"] = QMessageBox.StandardButton.Save
    assert window.files.export_diagram(png, window.view) and png.stat().st_size > 0
    assert progress_dialogs[-1].texts == ["Drawing 156 edges into d.png…"]


def test_the_size_limits_are_what_the_readme_says():
    assert file_ops.progress is progress
    assert progress.HUGE_EDGES == 1_000_000 and progress.SLOW_OPEN_BYTES == 2 * 1024 * 1024


# ----- the fuzzed files of test_fuzz_files, opened in the window ---------------------------------------------
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_fuzzed_files_open_train_save_and_draw_in_the_window_or_are_refused_with_a_message(window, dialogs,
                                                                                             tmp_path):
    from test_fuzz_files import _mutated_files
    calls, _ = dialogs
    opened = refused = 0
    for path in _mutated_files(tmp_path, count=200):
        errors_before = len(calls)
        if not window.files.open_path(path, ask=False):  # any exception in a Qt slot fails the test
            refused += 1
            assert calls[-1][0] == "critical" and len(calls) == errors_before + 1
            continue
        opened += 1
        window.training.step()
        window.files.save_to(tmp_path / "saved.nnviz")
        assert not window.view.render_image().isNull()
    print(f"\nfuzzed files in the window: {opened} opened, {refused} refused with a message")
    assert opened > 20 and refused > 20
