"""Training in the window: Step, Step N, Run/Pause, Reset, undo of training, divergence, edits during a run.

Expected weights come from the engine's own gradients (doc.result before the step) and plain numpy
θ − η·∂L/∂θ, compared bit for bit; undo is checked with Network.equals (bit for bit).
"""
import time
import warnings

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from nnviz.core import Loss, Project, compute
from nnviz.gui.actions.help import help_html
from nnviz.gui.commands import SetBiasEnabled, SetWeight
from nnviz.gui.selection import EdgeRef, NeuronRef
from nnviz.gui.training.frame_clock import FrameClock
from training_helpers import EXAMPLE_004, XOR, linear_project, press, same_arrays, sgd, stack_texts, stepped, xor_project

WAIT_MS = 20000


# ----- helpers (the open_window and settings fixtures: tests/conftest.py) ---------------------------
def run_until(qtbot, w, predicate, timeout=WAIT_MS) -> None:
    qtbot.mouseClick(w.training_panel.buttons["run_pause"], Qt.MouseButton.LeftButton)
    assert w.training.running
    qtbot.waitUntil(predicate, timeout=timeout)


def pause(qtbot, w) -> None:
    qtbot.mouseClick(w.training_panel.buttons["run_pause"], Qt.MouseButton.LeftButton)
    assert not w.training.running


def running_xor(qtbot, open_window, steps: int):
    """A window on XOR left running past `steps` steps, and its network from before the run."""
    w = open_window(xor_project())
    start = w.doc.network.copy()
    run_until(qtbot, w, lambda: w.training.steps_total >= steps)
    return w, start


# ----- Step ----------------------------------------------------------------------------------------
def test_step_is_theta_minus_lr_times_the_engines_gradient_bit_for_bit(qtbot, open_window):
    w = open_window(xor_project())
    doc = w.doc
    lr = doc.project.training.learning_rate
    expected_w, expected_b = sgd(doc.network, doc.result, lr)
    recomputes = doc.recompute_count
    qtbot.mouseClick(w.training_panel.buttons["step"], Qt.MouseButton.LeftButton)
    assert same_arrays(doc.network.weights, expected_w)
    assert same_arrays(doc.network.biases, expected_b)
    # the result shown is the trainer's full-data pass for the new weights, with no extra recompute
    assert doc.recompute_count == recomputes
    fresh = compute(doc.network, doc.project.loss, doc.project.inputs, doc.project.targets)
    assert doc.result.loss == fresh.loss
    assert same_arrays([r.grad_weights for r in doc.result.layers], [r.grad_weights for r in fresh.layers])
    assert stack_texts(doc) == ["Train 1 step"]
    assert w.training_panel.counter.text() == "Step 1"
    assert w.training.train_history.last() == (1.0, fresh.loss)


def test_step_with_a_bias_switched_off_leaves_that_bias_alone(qtbot, open_window):
    w = open_window(xor_project())
    doc = w.doc
    doc.undo_stack.push(SetBiasEnabled(doc, 0, False))
    kept = doc.network.biases[0].copy()
    expected_w, expected_b = sgd(doc.network, doc.result, doc.project.training.learning_rate)
    w.training_actions.step.trigger()
    assert same_arrays(doc.network.weights, expected_w) and same_arrays(doc.network.biases, expected_b)
    assert doc.network.biases[0].tobytes() == kept.tobytes()


@pytest.mark.parametrize("batch_size", [None, 3])
def test_step_n_equals_n_single_steps(qtbot, open_window, batch_size):
    n = 37
    project = xor_project()
    project.training.batch_size, project.training.seed = batch_size, 11
    a, b = open_window(project.copy()), open_window(project.copy())
    a.training_panel.count.setValue(n)
    assert a.training_actions.step_n.text() == "Step &37"
    a.training_actions.step_n.trigger()
    qtbot.waitUntil(lambda: not a.training.running, timeout=WAIT_MS)
    for _ in range(n):
        assert b.training.step()
    assert a.doc.network.equals(b.doc.network)
    assert a.training.steps_total == b.training.steps_total == n
    assert stack_texts(a.doc) == ["Train 37 steps"]
    assert stack_texts(b.doc) == ["Train 1 step"] * n
    xa, ya = a.training.train_history.series()
    xb, yb = b.training.train_history.series()
    assert np.array_equal(xa, np.arange(0, n + 1)) and np.array_equal(xa, xb) and np.array_equal(ya, yb)
    # a mini-batch run differs from full batch: the batches really are used
    if batch_size is not None:
        full = open_window(xor_project())
        for _ in range(n):
            full.training.step()
        assert not full.doc.network.equals(a.doc.network)


# ----- Run / Pause ---------------------------------------------------------------------------------
def test_run_then_pause_keeps_the_window_live_and_records_one_point_per_step(qtbot, open_window):
    w = open_window(xor_project())
    doc, c = w.doc, w.training
    start = doc.network.copy()
    recomputes = doc.recompute_count
    frame_times = []
    c.frameShown.connect(lambda: frame_times.append(time.perf_counter()))
    run_button = w.toolbar.widgetForAction(w.training_actions.run_pause)
    place = run_button.geometry()
    run_until(qtbot, w, lambda: c.steps_total >= 300 and len(frame_times) >= 5)
    assert run_button.geometry() == place  # Pause is where Run was, whatever the Undo text says
    assert w.training_actions.run_pause.text() == "&Pause"
    qtbot.waitUntil(lambda: w.training_panel.counter.text() == f"Step {c.steps_total:,}")  # the counter follows
    assert max(np.diff(frame_times)) < 0.5  # events are handled between frames: no freeze
    press(qtbot, w, Qt.Key.Key_Space)  # the Run/Pause shortcut
    assert not c.running
    steps = c.steps_total
    for _ in range(5):  # paused means paused: nothing more happens
        qtbot.wait(20)
    assert c.steps_total == steps
    assert len(c.train_history) == steps + 1  # and step 0
    x, y = c.train_history.series()
    assert x[-1] == steps and y[-1] == doc.result.loss
    if steps < c.train_history.raw_points:
        assert np.array_equal(x, np.arange(0, steps + 1))
    plotted_x, plotted_y = w.loss_curve.plotted("loss")
    assert np.array_equal(plotted_x, x) and np.array_equal(plotted_y, y)
    assert doc.recompute_count == recomputes  # each frame showed the trainer's pass
    assert stack_texts(doc) == [f"Train {steps:,} steps"]
    assert w.file_actions.undo.text() == f"&Undo Train {steps:,} steps"
    assert doc.result.loss < compute(start, doc.project.loss, doc.project.inputs, doc.project.targets).loss


def test_at_2_steps_per_second_every_step_is_drawn_one_undo_step_and_the_speed_is_remembered(
        qtbot, open_window, settings):
    w = open_window(xor_project())
    c, combo = w.training, w.training_panel.run_speed
    assert combo.currentText() == "run as fast as possible"
    combo.setCurrentIndex(combo.findText("run 2 steps/s"))
    expected = w.doc.network.copy()
    for _ in range(4):
        expected = stepped(expected, w.doc.project)
    frames = []
    c.frameShown.connect(lambda: frames.append((time.perf_counter(), c.steps_total)))
    run_until(qtbot, w, lambda: c.steps_total >= 4, timeout=5000)
    pause(qtbot, w)
    assert [steps for _, steps in frames] == [1, 2, 3, 4]  # one step per frame: every step drawn
    times = [t for t, _ in frames]
    assert 1.4 < times[3] - times[0] < 2.0  # half a second apart
    assert w.doc.network.equals(expected) and stack_texts(w.doc) == ["Train 4 steps"]
    assert settings.value("training/steps_per_second") == "2"
    again = open_window(xor_project())
    assert again.training_panel.run_speed.currentText() == "run 2 steps/s" and again.training.pace.steps_per_second == 2


def test_at_100_steps_per_second_a_frame_takes_a_few_steps_and_keeps_time(qtbot, open_window):
    w = open_window(xor_project())
    c = w.training
    w.training_panel.run_speed.setCurrentIndex(w.training_panel.run_speed.findText("run 100 steps/s"))
    frames = []
    c.frameShown.connect(lambda: frames.append(c.steps_total))
    started = time.perf_counter()
    run_until(qtbot, w, lambda: c.steps_total >= 60, timeout=5000)
    elapsed = time.perf_counter() - started
    pause(qtbot, w)
    assert 0.45 < elapsed < 1.5 and len(frames) < c.steps_total  # about 60 steps in 0.6 s, several a frame


def test_undo_after_a_run_restores_the_weights_bit_for_bit_and_redo_the_trained_ones(qtbot, open_window):
    w = open_window(xor_project())
    doc, c = w.doc, w.training
    start = doc.network.copy()
    start_loss = doc.result.loss
    run_until(qtbot, w, lambda: c.steps_total >= 200)
    pause(qtbot, w)
    trained, trained_loss = doc.network.copy(), doc.result.loss
    rates = c.rates()
    qtbot.wait(50)
    assert c.rates() == rates  # the rates shown describe the run, not the time since
    w.file_actions.undo.trigger()
    assert doc.network.equals(start) and doc.result.loss == start_loss
    assert w.training_panel.counter.text() == f"Step {c.steps_total:,} · showing step 0"
    assert w.loss_curve.step_line.isVisible() and w.loss_curve.step_line.value() == 0  # the curve's first point
    w.file_actions.redo.trigger()
    assert doc.network.equals(trained) and doc.result.loss == trained_loss
    assert w.training_panel.counter.text() == f"Step {c.steps_total:,}"
    assert w.loss_curve.step_line.isVisible() and w.loss_curve.step_line.value() == c.steps_total


def test_undo_during_a_run_pauses_and_goes_back_to_the_start(qtbot, open_window):
    w, start = running_xor(qtbot, open_window, 100)
    doc, c = w.doc, w.training
    shown = doc.network.copy()
    w.file_actions.undo.trigger()
    assert not c.running
    assert doc.network.equals(start)
    w.file_actions.redo.trigger()
    assert doc.network.equals(shown)  # the last state that was on screen
    assert stack_texts(doc) == [f"Train {c.steps_total:,} steps"]


def test_xor_example_run_loss_falls_pause_undo_to_start(qtbot, open_window):
    w = open_window(xor_project(), XOR)
    doc, c = w.doc, w.training
    start = doc.network.copy()
    start_loss = doc.result.loss
    assert start_loss == pytest.approx(0.693, abs=1e-3)
    run_until(qtbot, w, lambda: doc.result.loss < 0.1)
    pause(qtbot, w)
    x, y = c.train_history.series()
    assert y[-1] < 0.1 < start_loss and y[-1] == min(y)  # full-batch gradient descent on XOR: it falls
    assert "θ ← θ − η · ∂L/∂θ" in w.training_panel.rule.text() and "η = 1" in w.training_panel.rule.text()
    while doc.undo_stack.canUndo():
        w.file_actions.undo.trigger()
    assert doc.network.equals(start) and doc.result.loss == start_loss


# ----- faults --------------------------------------------------------------------------------------
def test_a_huge_learning_rate_stops_with_a_message_and_finite_weights(qtbot, open_window, recwarn):
    w = open_window(linear_project(1e6))
    doc, c = w.doc, w.training
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # an overflow warning would fail the test
        w.training_actions.run_pause.trigger()
        qtbot.waitUntil(lambda: not c.running, timeout=WAIT_MS)
    assert c.problem is not None and "smaller η" in c.problem
    panel_message = w.training_panel.message
    assert panel_message.isVisible() and "overflow" in panel_message.text()
    bar = w.statusBar()  # the status bar says it as far as it has room, the whole text in its tooltip
    assert bar.currentMessage().startswith("Training stopped") and "smaller η" in bar.toolTip() + bar.currentMessage()
    weights = doc.network.weights + doc.network.biases
    assert all(np.isfinite(a).all() for a in weights)
    assert np.isfinite(doc.result.loss) and all(np.isfinite(r.grad_weights).all() for r in doc.result.layers)
    assert list(c.train_history.divergences()) == [c.steps_total + 1]
    assert w.loss_curve.divergence_steps() == [c.steps_total + 1]
    # the next step diverges again at once, and says so, without changing anything
    before = doc.network.copy()
    assert not c.step()
    assert doc.network.equals(before)
    # a smaller learning rate trains again
    field = w.training_panel.learning_rate
    field.setText("0.01")
    field.returnPressed.emit()
    assert doc.project.training.learning_rate == 0.01
    assert c.step() and c.problem is None
    assert not [x for x in recwarn.list if issubclass(x.category, RuntimeWarning)]


def test_the_loss_curve_starts_at_step_0_with_the_loss_before_training(qtbot, open_window):
    w = open_window(xor_project())
    start = w.doc.result.loss
    w.training_actions.step.trigger()
    after = w.doc.result.loss
    x, y = w.loss_curve.plotted("loss")
    assert x.tolist() == [0.0, 1.0] and y.tolist() == [start, after]  # as `nnviz train` prints them
    w.training_actions.step.trigger()
    assert w.training.train_history.series()[0].tolist() == [0.0, 1.0, 2.0]
    w.training_actions.reset.trigger()  # a new session starts its curve at step 0 again
    w.training_actions.step.trigger()
    assert w.loss_curve.plotted("loss")[0].tolist() == [0.0, 1.0]


def test_after_divergence_the_lowest_loss_is_the_starting_one_at_step_0(qtbot, open_window):
    w = open_window(linear_project(1e6))
    w.training_actions.run_pause.trigger()
    qtbot.waitUntil(lambda: not w.training.running, timeout=WAIT_MS)
    assert w.training.steps_total == 21  # step 22 overflows; every loss after step 0 is higher
    assert w.loss_curve.readout.text() == "step 21: loss 9.05916e295   (lowest 1.16667 at step 0)"


def test_a_loss_that_rises_and_stays_up_says_lower_the_learning_rate_once(qtbot, open_window):
    project = xor_project()
    project.training.learning_rate = 1e6  # saturated sigmoids: the loss jumps between 3e4 and 5e5, all finite
    w = open_window(project)
    c = w.training
    said = []
    c.message.connect(said.append)
    c.step_n(200)
    qtbot.waitUntil(lambda: not c.running, timeout=WAIT_MS)
    assert c.steps_total == 200 and c.problem is None and np.isfinite(w.doc.result.loss)
    expected = ("The loss has risen and stayed up for 50 steps in a row (from 0.6932 at step 0 to 5.329e5 at "
                "step 50): lower the learning rate η (it is 1e6)")
    assert said == [expected]  # once, although it stays up for 150 steps more
    assert w.training_panel.rise.isVisible() and w.training_panel.rise.text() == "⚠ " + expected
    bar = w.statusBar()  # as much as fits, the whole text in its tooltip
    assert (bar.toolTip() or bar.currentMessage()) == expected and expected.startswith(bar.currentMessage()[:-1])
    # the advice taken: a smaller η watches afresh, and the loss falls
    field = w.training_panel.learning_rate
    field.setText("1")
    field.returnPressed.emit()
    assert c.rise_note is None and not w.training_panel.rise.isVisible()
    for _ in range(60):
        assert c.step()
    assert c.rise_note is None and said == [expected]


def test_learning_rate_field_refuses_zero(qtbot, open_window):
    w = open_window(xor_project())
    field = w.training_panel.learning_rate
    field.setText("0")
    field.returnPressed.emit()
    assert w.doc.project.training.learning_rate == 1.0
    assert "above 0" in field.error


def test_a_network_that_cannot_be_computed_cannot_be_trained(qtbot, open_window):
    project = xor_project()
    project.loss = Loss("mse")
    project.network.set_activation(1, "softmax")  # softmax needs cross-entropy: no result
    w = open_window(project)
    assert w.doc.result is None
    assert not w.training_actions.run_pause.isEnabled() and not w.training_actions.step.isEnabled()
    assert "Cannot train" in w.training_panel.message.text() and w.doc.error in w.training_panel.message.text()
    assert not w.training.step() and w.doc.undo_stack.count() == 0


def test_a_loss_not_finite_before_training_says_which_number_overflows_not_the_learning_rate(qtbot, open_window):
    project = linear_project(0.1)
    project.network.weights[0][0, 0] = 1e308  # yhat = 3e308 for x = 3: inf
    w = open_window(project)
    c = w.training
    assert not np.isfinite(w.doc.result.loss)
    expected = ("Cannot train: the starting loss is inf before any step, so no step can be taken: z of unit 1 in "
                "layer 1 (sample 2) is inf: the weight w(1)[1,1] = 1e+308 times x1 = 2 is more than a float can "
                "hold (about 1.8e308). Make those numbers smaller and try again.")
    assert c.why_not() == expected
    assert not w.training_actions.step.isEnabled() and not w.training_actions.run_pause.isEnabled()
    assert w.training_panel.message.text() == expected
    assert not c.step() and not c.run()
    assert c.problem == expected and "η" not in c.problem
    assert w.doc.undo_stack.count() == 0 and list(c.train_history.divergences()) == []


# ----- edits, settings and reset -----------------------------------------------------------------
def test_an_edit_during_a_run_pauses_first_and_lands_after_the_steps(qtbot, open_window):
    w, start = running_xor(qtbot, open_window, 100)
    doc, c = w.doc, w.training
    trained = doc.network.copy()
    doc.undo_stack.push(SetWeight(doc, 0, 0, 0, 0.25))  # what the inspector or the canvas push
    assert not c.running
    steps = c.steps_total
    assert stack_texts(doc) == [f"Train {steps:,} steps", "Set w⁽¹⁾₁₁ = 0.25"]
    assert "paused" in w.statusBar().currentMessage()
    assert w.training_panel.counter.text() == f"Step {steps:,} · edited since"
    # no stale gradient: the next step follows the edited network's own gradient
    edited = doc.network.copy()
    expected_w, expected_b = sgd(edited, doc.result, doc.project.training.learning_rate)
    assert c.step()
    assert same_arrays(doc.network.weights, expected_w) and same_arrays(doc.network.biases, expected_b)
    doc.undo_stack.undo()
    assert doc.network.equals(edited)
    doc.undo_stack.undo()
    assert doc.network.equals(trained)
    doc.undo_stack.undo()
    assert doc.network.equals(start)


def test_changing_the_learning_rate_while_running_keeps_running(qtbot, open_window):
    w = open_window(xor_project())
    doc, c = w.doc, w.training
    run_until(qtbot, w, lambda: c.steps_total >= 50)
    field = w.training_panel.learning_rate
    field.setFocus()
    field.setText("0.5")
    field.returnPressed.emit()
    assert c.running and doc.project.training.learning_rate == 0.5
    first = c.steps_total
    qtbot.waitUntil(lambda: c.steps_total > first + 20, timeout=WAIT_MS)
    pause(qtbot, w)
    texts = stack_texts(doc)
    assert texts[0] == f"Train {first:,} steps" and texts[1] == "Training: learning rate = 0.5"
    assert texts[2] == f"Train {c.steps_total - first:,} steps" and len(texts) == 3
    # the steps after the change used η = 0.5: check the last one on a selected weight
    w.selection.select(EdgeRef(1, 0, 1))
    p = w.training_panel.last_step_box.shown()
    assert p.learning_rate == 0.5 and p.after == p.before - 0.5 * p.gradient


def test_reset_goes_back_to_the_weights_before_training(qtbot, open_window):
    w = open_window(xor_project())
    doc, c = w.doc, w.training
    start = doc.network.copy()
    assert not w.training_actions.reset.isEnabled()
    for _ in range(3):
        c.step()
    doc.undo_stack.push(SetWeight(doc, 1, 0, 0, 2.0))  # a hand edit between steps does not move the start
    c.step()
    trained = doc.network.copy()
    assert w.training_actions.reset.isEnabled()
    w.training_actions.reset.trigger()
    assert doc.network.equals(start)
    assert stack_texts(doc)[-1] == "Reset training"
    assert c.steps_total == 0 and len(c.train_history) == 0 and w.training_panel.counter.text() == "Step 0"
    assert not w.training_actions.reset.isEnabled()
    doc.undo_stack.undo()
    assert doc.network.equals(trained)


def test_a_structural_edit_starts_a_new_training_session(qtbot, open_window):
    w = open_window(xor_project())
    c = w.training
    c.step()
    w.selection.select(NeuronRef(1, 0))
    w.network_actions.add_neuron.trigger()
    assert c.origin is None and c.steps_total == 0 and len(c.train_history) == 0
    assert c.step()  # trains the new shape at once
    assert c.last_step.weights_after[0].shape == (3, 2)


def test_opening_another_file_during_a_run_stops_it(qtbot, open_window):
    w = open_window(xor_project())
    c = w.training
    run_until(qtbot, w, lambda: c.steps_total >= 20)
    w.files.open_path(EXAMPLE_004)
    assert not c.running and c.steps_total == 0 and w.doc.undo_stack.count() == 0
    assert c.step() and stack_texts(w.doc) == ["Train 1 step"]


# ----- the last step of the selected parameter -------------------------------------------------------
def test_last_step_box_shows_before_gradient_after_of_the_selection(qtbot, open_window):
    w = open_window(xor_project())
    doc, box = w.doc, w.training_panel.last_step_box
    lr = doc.project.training.learning_rate
    w.selection.select(EdgeRef(1, 0, 1))  # w(2)[1,2]
    before_w = float(doc.network.weights[1][0, 1])
    grad_w = float(doc.result.layers[1].grad_weights[0, 1])
    before_b = float(doc.network.biases[0][1])
    grad_b = float(doc.result.layers[0].grad_biases[1])
    assert "No training step" in box.note.text()
    w.training_actions.step.trigger()
    after_w = float(doc.network.weights[1][0, 1])
    assert after_w == before_w - lr * grad_w
    assert (box.before.value, box.gradient.value, box.after.value) == (before_w, grad_w, after_w)
    assert box.title_label.text() == "w⁽²⁾₁₂ at step 1"
    assert box.gradient_caption.text() == "∂L/∂w"
    w.selection.select(NeuronRef(1, 1))  # its bias b(1)[2]
    assert (box.before.value, box.gradient.value, box.after.value) == (
        before_b, grad_b, float(doc.network.biases[0][1]))
    w.selection.select(NeuronRef(0, 0))  # an input has no parameter
    assert not box.values.isVisible() and "Select an edge" in box.note.text()


def test_last_step_box_for_a_mini_batch_step(qtbot, open_window):
    project = xor_project()
    project.training.batch_size = 2
    w = open_window(project)
    w.selection.select(EdgeRef(0, 1, 0))
    w.training.step()
    p = w.training_panel.last_step_box.shown()
    assert not p.full_batch and w.training_panel.last_step_box.gradient_caption.text() == "∂L/∂w (batch)"
    assert p.after == float(w.doc.network.weights[0][1, 0])
    assert p.gradient == pytest.approx((p.before - p.after) / p.learning_rate)
    batch = w.training._trainer.gradient  # the batch's own pass, kept by the trainer (not back-solved)
    assert batch.sample_count == 2 and p.gradient == float(batch.layers[0].grad_weights[1, 0])
    assert p.after == p.before - p.learning_rate * p.gradient
    assert "mini-batches of 2" in w.training_panel.rule.text()


# ----- validation split -------------------------------------------------------------------------------
def test_validation_loss_is_recorded_once_per_frame(qtbot, open_window):
    if "validation_inputs" not in getattr(Project, "__dataclass_fields__", {}):
        pytest.skip("Project has no validation split yet")
    project = xor_project()
    project.validation_inputs = np.array([[0.1, 0.9], [0.9, 0.9]])
    project.validation_targets = np.array([[1.0], [0.0]])
    w = open_window(project)
    c = w.training
    frames = []
    c.frameShown.connect(lambda: frames.append(c.steps_total))
    c.step_n(400)
    qtbot.waitUntil(lambda: not c.running, timeout=WAIT_MS)
    assert len(c.train_history) == 401  # steps 0 to 400
    assert len(c.validation_history) == len(frames) + 1 and len(frames) < 400  # step 0, then once per frame
    assert c.validation_history.series()[0][0] == 0
    step, loss = c.validation_history.last()
    assert step == 400
    assert loss == compute(w.doc.network, w.doc.project.loss, project.validation_inputs,
                           project.validation_targets).loss
    assert w.training_panel.validation.isVisible() and w.training_panel.validation.value == loss


def test_importing_data_with_a_validation_split_adds_the_validation_curve(qtbot, open_window):
    from nnviz.gui.commands import ReplaceData

    w = open_window(xor_project())
    doc, c = w.doc, w.training
    c.step()
    assert c.validation_history is None and not w.training_panel.validation.isVisible()
    x, y = doc.project.inputs.copy(), doc.project.targets.copy()
    doc.undo_stack.push(ReplaceData(doc, "Data with validation", x, y, x[:2] + 0.1, y[:2]))
    assert c.validation_history is not None and len(c.validation_history) == 0
    assert w.loss_curve.legend.isVisible()
    c.step()
    assert c.validation_history.last() == (
        2.0, compute(doc.network, doc.project.loss, x[:2] + 0.1, y[:2]).loss)
    doc.undo_stack.undo()  # the step
    doc.undo_stack.undo()  # the data: no validation set any more
    assert c.validation_history is None and not w.loss_curve.legend.isVisible()


# ----- menu, shortcuts, frame clock -------------------------------------------------------------------
def test_training_menu_lists_the_shortcuts_and_f10_steps(qtbot, open_window):
    w = open_window(xor_project())
    menu = w.menus["training"]
    shortcuts = {a.text(): a.shortcut().toString() for a in menu.actions() if not a.isSeparator()}
    assert shortcuts == {"&Run": "F5", "&Step": "F10", "Step &100": "Shift+F10", "&Animate step": "Ctrl+F10",
                         "R&eset training": "Ctrl+Shift+R"}
    assert w.training_actions.run_pause in w.toolbar.actions()
    html = help_html(w._shortcut_list())
    assert "Run / pause training</td><td><b>F5</b>" in html and "<b>Space</b>" in html and "<b>F10</b>" in html
    press(qtbot, w, Qt.Key.Key_F10)
    assert w.training.steps_total == 1
    # Space on a focused button presses the button, not Run
    clicked = []
    button = w.data_panel.add_button
    button.clicked.connect(lambda: clicked.append(True))
    button.setFocus()
    QTest.keyClick(button, Qt.Key.Key_Space)
    assert clicked == [True] and not w.training.running
    press(qtbot, w, Qt.Key.Key_F5)
    assert w.training.running
    press(qtbot, w, Qt.Key.Key_F5)
    assert not w.training.running


def test_frame_clock_gives_stepping_the_frame_minus_the_measured_overhead():
    now = [0.0]
    clock = FrameClock(frame_seconds=0.03, min_share=0.4, clock=lambda: now[0])
    assert clock.budget() == pytest.approx(0.03 - 0.0075)  # the first guess: a quarter of the frame
    now[0] = 0.02
    clock.stepped(100)
    now[0] = 0.03  # 10 ms of drawing and events
    overhead = 0.0075 + 0.25 * (0.01 - 0.0075)
    assert clock.budget() == pytest.approx(0.03 - overhead)
    clock.stepped(50)
    now[0] = 0.2  # a very slow repaint: stepping keeps its minimum share
    for _ in range(40):
        clock.budget()
        clock.stepped(1)
        now[0] += 0.2
    assert clock.budget() == pytest.approx(0.4 * 0.03)
    assert clock.frames == 42 and clock.steps == 190
    clock.stop()
    rates = clock.rates()
    now[0] += 10.0
    assert clock.rates() == rates == (190 / (now[0] - 10.0), 42 / (now[0] - 10.0))


def test_live_training_bench_reports_rates(qtbot):
    from nnviz.bench.live_training import live_training_rows

    rows = live_training_rows(seconds=0.3)
    assert [r["case"] for r in rows] == ["3-2-2-1 example 002, 1 sample", "2-8-8-1 circle, 200 samples"]
    for r in rows:
        assert r["headless_steps_per_s"] > 0 and r["live_steps"] > 0 and r["fps"] > 0
        assert r["ratio"] == r["live_steps_per_s"] / r["headless_steps_per_s"]
