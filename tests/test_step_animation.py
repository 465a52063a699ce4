"""Animate step: one SGD step revealed on the canvas stage by stage, driven with the real keys and buttons,
then taken exactly as the Step button takes it (worked example 004: 3-2-1, sigmoid, half SSE, 1 sample)."""
import time

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from nnviz.core import fileformat
from nnviz.gui import colour_scale
from nnviz.gui.actions.help import help_html
from nnviz.gui.canvas import style
from nnviz.gui.commands import SetWeight
from nnviz.gui.selection import EdgeRef, NeuronRef
from training_helpers import EXAMPLE_004, press, same_arrays, sgd, stack_texts, xor_project

NEUTRAL = QColor(colour_scale.ZERO)
RIGHT, LEFT = Qt.Key.Key_Right, Qt.Key.Key_Left


def animate(qtbot, w) -> None:
    """Start an animated step with its shortcut, and pause it (the arrows then step through it)."""
    press(qtbot, w, Qt.Key.Key_F10, Qt.KeyboardModifier.ControlModifier)
    assert w.animation.active and w.animation.index == 0 and not w.animation.paused
    press(qtbot, w, Qt.Key.Key_Space)
    assert w.animation.paused


def lines(w, column: int, index: int) -> list[str]:
    """The value lines the canvas shows under a neuron."""
    return w.view.neuron_texts(NeuronRef(column, index))[1:]


def label(w, layer: int, i: int, j: int) -> list[str]:
    return w.view.edge_label_texts(EdgeRef(layer, i, j))


def gradient_colour(w, result, ref: EdgeRef) -> QColor:
    """The colour ∂L/∂w gives an edge on the scale of the whole step's gradients."""
    grads = np.concatenate([r.grad_weights.ravel() for r in result.layers])
    index, _ = colour_scale.encode(grads, w.display.edge_scale)
    return QColor(colour_scale.PALETTE[index[w.view.model.geometry.edge_index(ref)]])


def test_animating_example_004_reveals_each_stage_and_ends_in_exactly_one_step(qtbot, open_window):
    w = open_window(fileformat.load(EXAMPLE_004))
    doc, model = w.doc, w.view.model
    result, before = doc.result, doc.network.copy()
    lr = doc.project.training.learning_rate
    weights, biases = sgd(doc.network, result, lr)
    f = model.fmt
    z, a, yhat = model.pre_symbol, model.act_symbol, model.output_symbol
    r1, r2 = result.layers
    edges_in_2 = [EdgeRef(1, 0, j) for j in range(2)]
    edges_in_1 = [EdgeRef(0, i, j) for i in range(2) for j in range(3)]
    animate(qtbot, w)
    assert not w.training_actions.step.isEnabled() and not w.training_actions.run_pause.isEnabled()
    assert w.training_panel.stage_label.text() == "Stage 1 of 7 · paused"

    # stage 1, the inputs: x only; no z, a, δ anywhere; every edge grey, its ∂L/∂w still "?"
    assert lines(w, 0, 0) == [f"x = {f(0.02)}", "∂L/∂x = ?"]
    assert lines(w, 1, 0) == [f"{z} = ?", f"{a} = ?", f"b = {f(0.7)}", "δ = ?", "∂L/∂b = ?"]
    assert lines(w, 2, 0)[:2] == [f"{z} = ?", f"{yhat} = ?"]
    assert all(w.view.edge_style(ref)[0] == NEUTRAL for ref in edges_in_1 + edges_in_2)
    assert label(w, 1, 0, 0) == [f"w = {f(0.4)}", "∂L/∂w = ?"]
    assert model.legend.summary.startswith("Loss L = ? (half_sse, sum)")
    assert w.view.emphasis() == ([NeuronRef(0, i) for i in range(3)], [])

    # stage 2, forward through layer 1: its z and a, the output's not yet
    press(qtbot, w, RIGHT)
    assert lines(w, 1, 0)[:2] == [f"{z} = {f(r1.z[0, 0])}", f"{a} = {f(r1.a[0, 0])}"]
    assert lines(w, 1, 1)[:2] == [f"{z} = {f(r1.z[0, 1])}", f"{a} = {f(r1.a[0, 1])}"]
    assert lines(w, 2, 0)[:2] == [f"{z} = ?", f"{yhat} = ?"]
    assert w.view.emphasis() == ([NeuronRef(1, 0), NeuronRef(1, 1)], edges_in_1)  # the layer being revealed
    assert "Forward pass, layer 1 of 2" in model.stage.caption

    # stage 3, forward through the output layer; stage 4, the loss appears in the legend
    press(qtbot, w, RIGHT)
    assert lines(w, 2, 0)[:2] == [f"{z} = {f(r2.z[0, 0])}", f"{yhat} = {f(r2.a[0, 0])}"]
    assert model.legend.summary.startswith("Loss L = ?")
    press(qtbot, w, RIGHT)
    assert model.legend.summary == f"Loss L = {f(result.loss)} (half_sse, sum) · sample 1 of 1 shown"
    assert "δ = ?" in lines(w, 2, 0)

    # stage 5, backward through the output layer: its δ, the edges into it coloured by ∂L/∂w
    press(qtbot, w, RIGHT)
    assert f"δ = {f(r2.delta[0, 0])}" in lines(w, 2, 0) and "δ = ?" in lines(w, 1, 0)
    for ref in edges_in_2:
        assert w.view.edge_style(ref)[0] == gradient_colour(w, result, ref) != NEUTRAL
        assert label(w, 1, 0, ref.j)[1] == f"∂L/∂w = {f(r2.grad_weights[0, ref.j])}"
    assert all(w.view.edge_style(ref)[0] == NEUTRAL for ref in edges_in_1)
    assert label(w, 0, 0, 0)[1] == "∂L/∂w = ?"

    # Left goes one stage back, Right forward again
    press(qtbot, w, LEFT)
    assert "δ = ?" in lines(w, 2, 0) and w.training_panel.stage_label.text() == "Stage 4 of 7 · paused"
    press(qtbot, w, RIGHT)

    # stage 6, backward through layer 1: every δ and gradient, ∂L/∂x of the inputs
    press(qtbot, w, RIGHT)
    assert f"δ = {f(r1.delta[0, 1])}" in lines(w, 1, 1)
    assert lines(w, 0, 2) == [f"x = {f(-2.06)}", f"∂L/∂x = {f(result.grad_inputs[0, 2])}"]
    assert all(w.view.edge_style(ref)[0] == gradient_colour(w, result, ref) for ref in edges_in_1 + edges_in_2)

    # stage 7, the update: the new weights and biases, in green; the document has not changed yet
    press(qtbot, w, RIGHT)
    assert label(w, 1, 0, 1)[0] == f"w = {f(weights[1][0, 1])}"
    assert model.edge_lines(model.geometry.edge_index(EdgeRef(1, 0, 1)))[0][1] == style.LIGHT.updated_text
    assert f"b = {f(biases[0][1])}" in lines(w, 1, 1)
    assert doc.network.equals(before) and doc.undo_stack.count() == 0

    # Right once more: the step is taken, as one undo command, bit for bit as the Step button's
    press(qtbot, w, RIGHT)
    assert not w.animation.active and model.stage is None
    assert same_arrays(doc.network.weights, weights) and same_arrays(doc.network.biases, biases)
    assert stack_texts(doc) == ["Train 1 step"] and w.training.steps_total == 1
    twin = open_window(fileformat.load(EXAMPLE_004))
    qtbot.mouseClick(twin.training_panel.buttons["step"], Qt.MouseButton.LeftButton)
    assert doc.network.equals(twin.doc.network) and doc.result.loss == twin.doc.result.loss
    assert "?" not in " ".join(lines(w, 1, 0)) and w.view.emphasis() == ([], [])
    assert w.training_actions.step.isEnabled() and w.training_actions.animate.isEnabled()


def test_escape_midway_leaves_the_document_as_it_was(qtbot, open_window):
    w = open_window(fileformat.load(EXAMPLE_004))
    before, result = w.doc.network.copy(), w.doc.result
    animate(qtbot, w)
    for _ in range(4):
        press(qtbot, w, RIGHT)
    press(qtbot, w, Qt.Key.Key_Escape)
    assert not w.animation.active and w.view.model.stage is None
    assert w.doc.network.equals(before) and w.doc.result is result and w.doc.undo_stack.count() == 0
    assert w.training.steps_total == 0 and "cancelled" in w.statusBar().currentMessage()
    assert "?" not in " ".join(lines(w, 2, 0)) and w.view.emphasis() == ([], [])
    assert w.training_panel.stage_label.text() == ""


def test_space_pauses_the_animation_not_training_and_an_edit_cancels_it(qtbot, open_window):
    w = open_window(fileformat.load(EXAMPLE_004))
    doc = w.doc
    press(qtbot, w, Qt.Key.Key_F10, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, w, Qt.Key.Key_Space)
    assert w.animation.paused and not w.training.running
    press(qtbot, w, Qt.Key.Key_Space)
    assert not w.animation.paused and not w.training.running
    press(qtbot, w, Qt.Key.Key_F5)  # Run is off while animating
    assert not w.training.running
    doc.undo_stack.push(SetWeight(doc, 0, 0, 0, 0.25))  # what the inspector or the canvas push
    assert not w.animation.active and w.view.model.stage is None
    assert len(stack_texts(doc)) == 1 and stack_texts(doc)[0].startswith("Set w") and w.training.steps_total == 0
    assert "?" not in " ".join(lines(w, 1, 0))
    press(qtbot, w, Qt.Key.Key_Space)  # the diagram's Run / Pause again
    assert w.training.running


def test_it_plays_on_at_the_chosen_pace_which_is_remembered_and_takes_the_step(qtbot, open_window, settings):
    w = open_window(fileformat.load(EXAMPLE_004))
    combo = w.training_panel.stage_seconds
    assert combo.currentText() == "1 s per stage"
    combo.setCurrentIndex(combo.findText("0.5 s per stage"))
    expected = sgd(w.doc.network, w.doc.result, w.doc.project.training.learning_rate)
    shown = []
    w.animation.stateChanged.connect(lambda: w.animation.active and shown.append((time.perf_counter(),
                                                                                   w.animation.index)))
    width = w.training_dock.width()
    qtbot.mouseClick(w.training_panel.buttons["animate"], Qt.MouseButton.LeftButton)
    qtbot.wait(10)
    assert w.training_dock.width() == width  # its buttons take the place of the speeds: no wider dock
    assert not w.training_panel.stage_seconds.isVisible()
    assert all(button.isVisible() for button in w.training_panel.animation_buttons)
    qtbot.waitUntil(lambda: not w.animation.active, timeout=10000)
    times = {index: t for t, index in shown}
    assert 2.5 < times[6] - times[0] < 4.5  # six stages on, half a second each
    assert same_arrays(w.doc.network.weights, expected[0]) and stack_texts(w.doc) == ["Train 1 step"]
    assert settings.value("training/seconds_per_stage") == "0.5"
    again = open_window(fileformat.load(EXAMPLE_004))
    assert again.training_panel.stage_seconds.currentText() == "0.5 s per stage"
    assert again.animation.seconds_per_stage == 0.5


def test_an_export_during_the_animation_shows_the_whole_diagram(qtbot, open_window):
    w = open_window(fileformat.load(EXAMPLE_004))
    whole = w.view.render_image()
    animate(qtbot, w)
    press(qtbot, w, RIGHT)
    assert w.view.render_image() == whole
    assert "∂L/∂w = ?" in label(w, 0, 0, 0)  # the canvas still shows the stage


def test_a_mini_batch_step_is_animated_with_the_batchs_pass_and_taken_as_step_takes_it(qtbot, open_window):
    project = xor_project()
    project.training.batch_size, project.training.seed = 2, 3
    w, twin = open_window(project.copy()), open_window(project.copy())
    twin.training.step()
    animate(qtbot, w)
    planned = w.animation.planned
    batch = planned.batch.tolist()
    assert len(batch) == 2 and w.selection.sample in batch  # a sample of the batch is shown
    samples = ", ".join(str(s + 1) for s in batch)
    for _ in range(6):
        press(qtbot, w, RIGHT)
    assert f"over the mini-batch of samples {samples}" in w.view.model.legend.summary
    row = batch.index(w.selection.sample)
    assert lines(w, 2, 0)[0].endswith(w.view.model.fmt(planned.gradient.layers[1].z[row, 0]))
    assert label(w, 1, 0, 1)[1] == f"∂L/∂w = {w.view.model.fmt(planned.gradient.layers[1].grad_weights[0, 1])}"
    press(qtbot, w, RIGHT)
    assert w.doc.network.equals(twin.doc.network)


def test_the_keys_are_in_the_menu_and_the_help(qtbot, open_window):
    w = open_window(xor_project())
    assert w.training_actions.animate in w.menus["training"].actions()
    html = help_html(w._shortcut_list())
    for name, key in [("Animate one training step", "Ctrl+F10"), ("Animated step: pause / play", "Space"),
                      ("Animated step: previous stage", "Left"), ("Animated step: next stage", "Right"),
                      ("Animated step: cancel", "Esc")]:
        assert f"{name}</td><td><b>{key}</b>" in html
