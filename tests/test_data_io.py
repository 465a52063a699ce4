"""Data menu: CSV import/export and built-in data sets, each one undo step; bad files change nothing.

The document starts as worked example 002 (3-2-2-1 ReLU, all weights 1, biases 0, x = (1, 2, -1),
y = 0, SSE: loss 64). Message boxes are replaced by recorders so tests see the text a user would.
"""
import numpy as np
import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QMenu, QMessageBox
import pyqtgraph as pg

from nnviz.core import Loss, Network, NetworkError, Project, compute
from nnviz.core.csv_data import read_csv
from nnviz.core.datasets import generate, split
from nnviz.gui.actions import data as data_io
from nnviz.gui.commands import ReplaceData
from nnviz.gui.actions.data import DataActions, install_data_actions
from nnviz.gui.dataset_dialog import DatasetDialog
from nnviz.gui.document import Change, Document


def project_002(**kwargs) -> Project:
    return Project(Network.create(3, [2, 2, 1], ["relu", "relu", "identity"]), Loss("sse"), [[1, 2, -1]], [[0]],
                   **kwargs)


class Recorder:
    """Stands in for QMessageBox: remembers what was shown and answers questions as told."""

    def __init__(self, answer=QMessageBox.StandardButton.Yes):
        self.errors, self.questions, self.answer = [], [], answer

    def critical(self, _parent, title, text):
        self.errors.append((title, text))

    def question(self, _parent, title, text, *_buttons):
        self.questions.append((title, text))
        return self.answer


@pytest.fixture
def boxes(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(data_io.QMessageBox, "critical", recorder.critical)
    monkeypatch.setattr(data_io.QMessageBox, "question", recorder.question)
    return recorder


@pytest.fixture
def window(qtbot):
    win = QMainWindow()
    qtbot.addWidget(win)
    return win


@pytest.fixture
def doc():
    return Document(project_002())


@pytest.fixture
def actions(window, doc, boxes):
    return DataActions(window, doc)


def snapshot(doc):
    """Every number of the document, as bytes, to compare bit for bit."""
    p = doc.project
    val = [b"" if a is None else a.tobytes() for a in (p.validation_inputs, p.validation_targets)]
    return (p.inputs.tobytes(), p.inputs.shape, p.targets.tobytes(), p.targets.shape, *val, p.loss,
            p.network.copy())


def assert_same(a, b):
    assert a[:-1] == b[:-1]
    assert a[-1].equals(b[-1])


# ----- import CSV -----------------------------------------------------------------------------------
CSV_3_1 = "x1,x2,x3,y\n0.1,-0.0,1e-300,0.30000000000000004\n1,2,-1,0\n-2.5,3,7,1e10\n"


def test_importing_a_valid_csv_replaces_the_data_in_one_undo_step(actions, doc, boxes, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(CSV_3_1, "utf-8")
    before, count, recomputes = snapshot(doc), doc.undo_stack.count(), doc.recompute_count
    changes = []
    doc.changed.connect(changes.append)

    assert actions.import_csv(path) is True
    assert boxes.errors == [] and boxes.questions == []
    p = doc.project
    assert p.inputs.tolist() == [[0.1, -0.0, 1e-300], [1, 2, -1], [-2.5, 3, 7]]
    assert np.signbit(p.inputs[0, 1])  # -0.0 kept
    assert p.targets.tolist() == [[0.30000000000000004], [0], [1e10]]
    assert doc.undo_stack.count() == count + 1 and doc.recompute_count == recomputes + 1
    assert changes == [Change.DATA | Change.VALUES]
    assert doc.undo_stack.text(count) == "Import 3 samples from data.csv"
    # the shown loss is the engine's on the new data; sample 2 is the worked example (loss 64)
    assert doc.result.loss == compute(p.network, p.loss, p.inputs, p.targets).loss
    assert doc.result.sample_losses[1] == 64.0
    assert p.network.equals(before[-1])

    doc.undo_stack.undo()
    assert_same(snapshot(doc), before)
    assert doc.result.loss == 64.0 and doc.recompute_count == recomputes + 2
    doc.undo_stack.redo()
    assert doc.project.inputs.tolist()[2] == [-2.5, 3, 7]


def test_importing_clears_a_validation_set_and_undo_brings_it_back(window, boxes, tmp_path):
    doc = Document(project_002(validation_inputs=[[0.5, 0.25, 0.125]], validation_targets=[[3]]))
    path = tmp_path / "data.csv"
    path.write_text(CSV_3_1, "utf-8")
    before = snapshot(doc)
    assert DataActions(window, doc).import_csv(path)
    assert doc.project.validation_inputs is None
    doc.undo_stack.undo()
    assert_same(snapshot(doc), before)
    assert doc.project.validation_inputs.tolist() == [[0.5, 0.25, 0.125]]


@pytest.mark.parametrize("text, expected", [
    ("x1,x2,x3,y\n1,2,3,0\n1,abc,3,0\n", ['line 3, column 2 (x2): "abc" is not a number']),
    ("x1,x2,x3,y\n1,2,3,0\n\n1,2,3\n", ["line 4: expected 4 values, got 3"]),
    ("x1,x2,x3,y\n1,2,3,0\n4,5,,1\n7,8,9,inf\n", ["line 3, column 3 (x3): the value is missing; enter a number",
                                                   'line 4, column 4 (y): "inf" is not a finite number']),
    # too few columns and no header: the count, and how to name the columns so the network can adapt
    ("1,2\n3,4\n", ["the file has 2 columns but the network has 3 inputs and 1 output (4 columns)",
                    "cannot tell the input columns from the target columns: name the target columns y, y1, y2, "
                    '... (or "target") in the header row, after the inputs']),
    # a file for another network with a bad row: both the count and the line to fix
    ("x1,y\n1,0\n2,zero\n", ["the file has 2 columns but the network has 3 inputs and 1 output (4 columns)",
                             'line 3, column 2 (y): "zero" is not a number']),
    ("", ["the file is empty: expected a header row such as x1,x2,y and one row per sample"]),
])
def test_a_malformed_csv_reports_its_line_and_changes_nothing(actions, doc, boxes, tmp_path, text, expected):
    path = tmp_path / "bad.csv"
    path.write_text(text, "utf-8")
    before, count, recomputes = snapshot(doc), doc.undo_stack.count(), doc.recompute_count

    assert actions.import_csv(path) is False
    assert len(boxes.errors) == 1
    title, message = boxes.errors[0]
    assert title == "Cannot import data"
    assert message == "bad.csv cannot be imported; nothing was changed.\n\n" + "\n".join(expected)
    assert boxes.questions == []
    assert doc.undo_stack.count() == count and doc.recompute_count == recomputes
    assert_same(snapshot(doc), before)
    assert window_status(actions) == "bad.csv cannot be imported; nothing was changed."


def window_status(actions):
    return actions.window.statusBar().currentMessage()


def test_a_missing_file_is_reported_and_changes_nothing(actions, doc, boxes, tmp_path):
    before = snapshot(doc)
    assert actions.import_csv(tmp_path / "gone.csv") is False
    assert "gone.csv: no such file" in boxes.errors[0][1]
    assert_same(snapshot(doc), before)
    assert doc.undo_stack.count() == 0


def test_a_stray_quote_in_a_big_csv_is_reported_with_its_line_and_changes_nothing(actions, doc, boxes, tmp_path):
    path = tmp_path / "quote.csv"
    rows = "".join(f"{i},{i},{i},{i}\n" for i in range(15_000))  # over 128 KB after the stray quote
    path.write_text("x1,x2,x3,y\n1,2,\"3,4\n" + rows, "utf-8")
    before = snapshot(doc)
    assert actions.import_csv(path) is False
    assert boxes.errors == [("Cannot import data", "quote.csv cannot be imported; nothing was changed.\n\n"
                             'line 2: a value runs on for more than 131,072 characters; is a quote mark (") '
                             "missing its closing quote?")]
    assert_same(snapshot(doc), before)
    assert doc.undo_stack.count() == 0


XOR_CSV = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n"


def test_a_csv_for_other_sizes_offers_to_adapt_the_network_in_the_same_undo_step(actions, doc, boxes, tmp_path):
    path = tmp_path / "xor.csv"
    path.write_text(XOR_CSV, "utf-8")
    before, recomputes = snapshot(doc), doc.recompute_count

    assert actions.import_csv(path) is True
    title, question = boxes.questions[0]
    assert title == "Adapt the network to the data?"
    assert question.startswith("xor.csv has 2 input columns (x1, x2) and 1 target column (y), but the network has "
                               "3 inputs and 1 output.\n\nChange the network to fit the data?")
    assert question.endswith("\n\nThis is one step you can undo.")
    assert "• network inputs 3 → 2 (x3 removed)" in question
    net = doc.network
    assert net.input_size == 2 and net.sizes() == [2, 2, 2, 1]
    assert net.weights[0].tolist() == [[1, 1], [1, 1]]  # the weights of x1 and x2 are kept
    assert doc.project.inputs.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert doc.undo_stack.count() == 1 and doc.recompute_count == recomputes + 1
    assert doc.undo_stack.text(0) == "Import 4 samples from xor.csv (network adapted)"
    # x = (1, 1): a1 = (2, 2), a2 = (4, 4), yhat = 8, target 0
    assert doc.result.sample_losses.tolist() == [0.0, (1 - 4) ** 2, (1 - 4) ** 2, 64.0]

    doc.undo_stack.undo()
    assert_same(snapshot(doc), before)
    assert doc.network.input_size == 3


def test_declining_to_adapt_changes_nothing(window, doc, boxes, tmp_path):
    boxes.answer = QMessageBox.StandardButton.Cancel
    path = tmp_path / "xor.csv"
    path.write_text(XOR_CSV, "utf-8")
    before = snapshot(doc)
    assert DataActions(window, doc).import_csv(path) is False
    assert len(boxes.questions) == 1 and boxes.errors == []
    assert_same(snapshot(doc), before)
    assert doc.undo_stack.count() == 0


def test_a_csv_with_more_outputs_adds_output_neurons_with_weights_zero(actions, doc, boxes, tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("x1,x2,x3,y1,y2\n1,2,-1,0,5\n", "utf-8")
    assert actions.import_csv(path)
    assert "• output neurons 1 → 2 (new ones with weights 0)" in boxes.questions[0][1]
    assert doc.network.output_size == 2 and doc.network.weights[2].tolist() == [[1, 1], [0, 0]]
    assert doc.result.outputs.tolist() == [[8.0, 0.0]]  # the new output sees weights 0
    assert doc.result.loss == 64.0 + 25.0


# ----- export CSV -----------------------------------------------------------------------------------
def test_export_writes_the_data_that_reads_back_bit_for_bit(actions, doc, boxes, tmp_path):
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(6, 3)) * 1e-7, rng.normal(size=(6, 1)) * 1e150
    doc.undo_stack.push(ReplaceData(doc, "random", x, y))
    path = tmp_path / "out.csv"
    assert actions.export_csv(path) is True
    lines = path.read_text("utf-8").splitlines()
    assert lines[0] == "x1,x2,x3,y" and len(lines) == 7
    back_x, back_y = read_csv(path, 3, 1)
    assert back_x.tobytes() == x.tobytes() and back_y.tobytes() == y.tobytes()
    assert window_status(actions) == f"Exported 6 samples to {path}"
    assert not list(tmp_path.glob(".*"))  # no temporary file left


def test_export_to_a_folder_that_does_not_exist_reports_and_writes_nothing(actions, boxes, tmp_path):
    path = tmp_path / "missing" / "out.csv"
    assert actions.export_csv(path) is False
    title, message = boxes.errors[0]
    assert title == "Cannot export data" and str(path) in message and "Choose another folder" in message
    assert not path.exists()


def test_export_says_the_validation_samples_are_not_included(window, boxes, tmp_path):
    doc = Document(project_002(validation_inputs=[[0, 0, 0], [1, 1, 1]], validation_targets=[[0], [1]]))
    actions = DataActions(window, doc)
    assert actions.export_csv(tmp_path / "out.csv")
    assert window_status(actions).endswith("(the 2 validation samples are not included)")


# ----- built-in data sets ---------------------------------------------------------------------------
@pytest.fixture
def dialog(qtbot, doc):
    d = DatasetDialog(doc.project)
    qtbot.addWidget(d)
    return d


def ok_button(d):
    return d.buttons.button(QDialogButtonBox.StandardButton.Ok)


def scatter_points(d):
    return [len(item.data) for item in d.preview.getPlotItem().items if isinstance(item, pg.ScatterPlotItem)]


def test_dialog_shows_what_xor_with_a_split_will_change(dialog):
    dialog.set_dataset("xor")
    assert "Exclusive or" in dialog.description.text()
    assert (dialog.samples.value(), dialog.noise.value()) == (4, 0.0)  # the registry's defaults
    dialog.samples.setValue(40)
    dialog.noise.setValue(0.1)
    dialog.seed.setValue(3)
    dialog.validation.setValue(25)
    assert dialog.summary.text() == "Training: 30 samples · validation: 10 (hollow)\n2 inputs, 1 target, classification"
    changes = dialog.changes.text()
    for line in ("training samples 1 → 30", "validation samples none → 10", "network inputs 3 → 2 (x3 removed)",
                 "output activation identity → sigmoid σ",
                 "loss Squared error (SSE / RSS) → Binary cross-entropy"):
        assert line in changes
    assert "output neurons" not in changes  # 1 output already
    assert dialog.adapt.isVisibleTo(dialog) and dialog.suggest.isVisibleTo(dialog)
    assert ok_button(dialog).isEnabled()
    _, ty, _, vy = split(*generate("xor", 40, 0.1, 3), 0.25, 3)
    expected = [int((t == label).sum()) for t in (ty, vy) for label in (0, 1)]  # training 0, 1; validation 0, 1
    assert scatter_points(dialog) == expected and sum(expected) == 40

    dialog.suggest.setChecked(False)  # keep identity + sse: still computable, nothing about the loss
    assert "output activation" not in dialog.changes.text() and dialog.warning.isHidden()
    dialog.adapt.setChecked(False)
    assert not ok_button(dialog).isEnabled()
    assert 'tick "Adapt the network to 2 inputs and 1 output"' in dialog.message.text()


def test_dialog_warns_when_the_loss_would_not_compute_and_reports_bad_choices(qtbot):
    project = project_002()
    project.loss = Loss("hinge")
    dialog = DatasetDialog(project)
    qtbot.addWidget(dialog)
    dialog.set_dataset("circle")
    dialog.suggest.setChecked(False)
    assert "The loss cannot be computed afterwards: hinge targets must be -1 or +1." in dialog.warning.text()
    dialog.suggest.setChecked(True)
    assert dialog.warning.isHidden()
    dialog.set_dataset("xor")
    dialog.samples.setValue(2)  # a gate needs at least its 4 corners
    assert not ok_button(dialog).isEnabled()
    assert "at least 4" in dialog.message.text()
    dialog.samples.setValue(4)
    dialog.validation.setValue(90)  # round(3.6) = 4 of 4 samples for validation leaves none for training
    assert not ok_button(dialog).isEnabled() and "training needs at least one" in dialog.message.text()


def test_regression_preview_plots_x_against_y(dialog):
    dialog.set_dataset("sine")
    dialog.validation.setValue(20)
    assert sorted(scatter_points(dialog)) == [20, 80]
    assert "output activation" not in dialog.changes.text()  # identity already
    assert "loss Squared error (SSE / RSS) → Mean squared error" in dialog.changes.text()


def test_loading_xor_with_a_split_through_the_dialog_is_one_undo_step(actions, doc, monkeypatch):
    def choose(d):
        d.set_dataset("xor")
        d.samples.setValue(40)
        d.noise.setValue(0.1)
        d.seed.setValue(3)
        d.validation.setValue(25)
        ok_button(d).click()
        return d.result()

    monkeypatch.setattr(DatasetDialog, "exec", choose)
    before, recomputes = snapshot(doc), doc.recompute_count
    assert actions.ask_load_dataset() is True

    # the same data, generated independently here
    x, y = generate("xor", 40, 0.1, 3)
    tx, ty, vx, vy = split(x, y, 0.25, 3)
    p = doc.project
    assert p.inputs.shape == (30, 2) and p.targets.shape == (30, 1)
    assert p.validation_inputs.shape == (10, 2) and p.validation_targets.shape == (10, 1)
    assert p.inputs.tobytes() == tx.tobytes() and p.validation_targets.tobytes() == vy.tobytes()
    assert p.validation_inputs.tobytes() == vx.tobytes() and p.targets.tobytes() == ty.tobytes()
    assert p.network.layers[-1].activation == "sigmoid" and p.loss == Loss("bce")
    assert doc.result.loss == compute(p.network, p.loss, p.inputs, p.targets).loss
    assert p.validation_loss() == compute(p.network, p.loss, vx, vy).loss
    assert doc.undo_stack.count() == 1 and doc.recompute_count == recomputes + 1
    assert doc.undo_stack.text(0) == "Load data set XOR (30 samples, 10 for validation)"

    doc.undo_stack.undo()
    assert_same(snapshot(doc), before)
    assert doc.project.validation_inputs is None and doc.result.loss == 64.0


def test_a_cancelled_dialog_changes_nothing(actions, doc, monkeypatch):
    monkeypatch.setattr(DatasetDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert actions.ask_load_dataset() is False
    assert doc.undo_stack.count() == 0


def test_adapting_inputs_and_outputs_undoes_in_one_step(window, boxes):
    doc = Document(Project(Network.create(3, [2, 2], ["tanh", "identity"]), Loss("mse"), [[1, 2, 3]], [[0, 1]]))
    before = snapshot(doc)
    actions = DataActions(window, doc)
    changes = []
    doc.changed.connect(changes.append)
    assert actions.load_dataset("line", 5, 0.0, adapt_network=True) is True
    net = doc.network
    assert net.sizes() == [1, 2, 1]
    assert net.weights[0].tolist() == [[1], [1]] and net.weights[1].tolist() == [[1, 1]]
    # noise 0: y = 2x - 1 exactly at x = -1, -0.5, 0, 0.5, 1
    assert doc.project.inputs[:, 0].tolist() == [-1, -0.5, 0, 0.5, 1]
    assert doc.project.targets[:, 0].tolist() == [-3, -2, -1, 0, 1]
    assert changes == [Change.DATA | Change.VALUES | Change.STRUCTURE]
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert_same(snapshot(doc), before)
    assert changes[-1] == Change.DATA | Change.VALUES | Change.STRUCTURE


def test_data_that_does_not_fit_without_adapting_is_refused(actions, doc, boxes):
    before = snapshot(doc)
    assert actions.load_dataset("xor") is False
    title, message = boxes.errors[0]
    assert title == "Cannot load the data set"
    assert message.startswith("The inputs have 2 columns but the network has 3 inputs")
    assert message.endswith("Nothing was changed.")
    assert_same(snapshot(doc), before)
    assert doc.undo_stack.count() == 0


def test_the_suggestion_keeps_the_reduction_of_the_same_loss(window, boxes):
    doc = Document(Project(Network.create(2, [1], ["sigmoid"]), Loss("bce", "sum"), [[0, 0]], [[0]]))
    assert DataActions(window, doc).load_dataset("and", apply_suggestion=True)
    assert doc.project.loss == Loss("bce", "sum")
    assert doc.project.targets[:, 0].tolist() == [0, 0, 0, 1]


# ----- the command itself ----------------------------------------------------------------------------
def test_replace_data_refuses_before_anything_is_pushed(doc):
    with pytest.raises(NetworkError, match="validation set has 2 input"):
        ReplaceData(doc, "bad", [[1, 2, 3]], [[0]], [[1, 2]], [[0]])
    with pytest.raises(NetworkError, match='unknown activation "softmaxx"'):
        ReplaceData(doc, "bad", [[1, 2, 3]], [[0]], output_activation="softmaxx")
    with pytest.raises(NetworkError, match="the targets have 2 columns but the network has 1 output"):
        ReplaceData(doc, "bad", [[1, 2, 3]], [[0, 1]])
    assert doc.undo_stack.count() == 0 and doc.recompute_count == 1


def test_replace_data_with_loss_and_activation_flags_and_restores(doc):
    changes = []
    doc.changed.connect(changes.append)
    before = snapshot(doc)
    doc.undo_stack.push(ReplaceData(doc, "set", [[0, 0, 0]], [[1]], output_activation="sigmoid", loss=Loss("bce")))
    assert changes == [Change.DATA | Change.VALUES | Change.STRUCTURE | Change.LOSS]
    # a1 = a2 = 0, z3 = 0, sigmoid = 1/2, bce with target 1: -log(1/2)
    assert doc.result.loss == pytest.approx(np.log(2), rel=1e-15)
    doc.undo_stack.undo()
    assert_same(snapshot(doc), before)


# ----- wiring into a window ---------------------------------------------------------------------------
def test_install_data_actions_adds_a_data_menu_before_help(window, doc, boxes, tmp_path, monkeypatch):
    window.doc = doc
    bar = window.menuBar()
    file_menu, help_menu = bar.addMenu("&File"), bar.addMenu("&Help")
    window.menus = {"file": file_menu, "help": help_menu}
    actions = install_data_actions(window)
    titles = [a.text() for a in bar.actions()]
    assert titles == ["&File", "&Data", "&Help"]
    assert isinstance(window.menus["data"], QMenu)
    assert [a.text() for a in window.menus["data"].actions()] == [
        "Load &built-in data set...", "&Import data from CSV...", "&Export data as CSV..."]
    path = tmp_path / "data.csv"
    path.write_text(CSV_3_1, "utf-8")
    monkeypatch.setattr(data_io.QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))
    actions.import_csv_action.trigger()
    assert doc.project.sample_count == 3 and doc.undo_stack.count() == 1
    target = tmp_path / "saved"
    monkeypatch.setattr(data_io.QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    actions.export_csv_action.trigger()
    assert read_csv(tmp_path / "saved.csv", 3, 1)[0].tobytes() == doc.project.inputs.tobytes()


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
def test_importing_from_or_exporting_over_a_pipe_is_refused_at_once(actions, doc, boxes, tmp_path):
    import os
    import stat
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)
    assert actions.import_csv(fifo) is False  # nothing writes to the pipe: reading it would never end
    assert f"{fifo}: is a pipe, not an ordinary file; nnviz only reads ordinary files" in boxes.errors[-1][1]
    assert actions.export_csv(fifo) is False
    assert boxes.errors[-1] == ("Cannot export data", f"{fifo}: is a pipe, not an ordinary file; nnviz only saves "
                                "to ordinary files, so choose another file name\n\nNothing was written.")
    assert stat.S_ISFIFO(fifo.stat().st_mode) and doc.undo_stack.count() == 0
