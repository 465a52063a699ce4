"""Helpers for the tests of training in the window (the window itself: the open_window fixture, conftest.py).

Expected weights come from the engine's own gradients and plain numpy θ − η·∂L/∂θ, compared bit for bit.
"""
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from nnviz import paths
from nnviz.core import Loss, Network, Project, compute, fileformat

XOR = paths.examples_dir() / "xor_2-2-1_sigmoid_bce.nnviz"
EXAMPLE_004 = paths.examples_dir() / "004_sigmoid_3-2-1_half_sse.nnviz"


def xor_project() -> Project:
    return fileformat.load(XOR)


def linear_project(learning_rate: float) -> Project:
    """y = x fitted by one identity neuron with mse: diverges for a learning rate far above 1."""
    project = Project(Network.create(1, [1], ["identity"], weight=0.5), Loss("mse"), [[1.0], [2.0], [3.0]],
                      [[1.0], [2.0], [3.0]])
    project.training.learning_rate = learning_rate
    return project


def sgd(network: Network, result, lr: float) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """θ − η·∂L/∂θ in plain numpy from the engine's gradients (biases of bias-free layers stay)."""
    weights = [w - lr * r.grad_weights for w, r in zip(network.weights, result.layers)]
    biases = [b if r.grad_biases is None else b - lr * r.grad_biases for b, r in zip(network.biases, result.layers)]
    return weights, biases


def stepped(network: Network, project: Project) -> Network:
    """`network` after one full-batch step on `project`'s data, from the engine's gradients."""
    after = network.copy()
    after.weights[:], after.biases[:] = sgd(network, compute(network, project.loss, project.inputs,
                                                             project.targets), project.training.learning_rate)
    return after


def same_arrays(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(x.shape == y.shape and x.tobytes() == y.tobytes() for x, y in zip(a, b))


def press(qtbot, w, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press with the canvas focused in the active window (where window shortcuts apply)."""
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.view.setFocus()
    QTest.keyClick(w.view, key, modifiers)


def stack_texts(doc) -> list[str]:
    stack = doc.undo_stack
    return [stack.text(i) for i in range(stack.count())]
