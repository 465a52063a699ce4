"""The Explain panel: the selected item's derivation typeset in the document's notation, linked to the canvas."""
import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from nnviz import paths
from nnviz.core import Loss, Project
from nnviz.gui.commands import SetView, SetWeight
from nnviz.gui.gradcheck_dialog import GradientCheckDialog, run_check
from nnviz.gui.selection import EdgeRef, NeuronRef
from test_engine import random_network

EX = paths.examples_dir()


@pytest.fixture
def window_on(open_window):
    """A window on a file or project, 1600 x 1000, with the Explain panel in front."""
    def make(project_or_path):
        w = open_window(project_or_path, size=(1600, 1000))
        w.explain_dock.raise_()
        return w
    return make


def settle(w):
    for _ in range(3):
        QApplication.processEvents()
    w.explain.view.typeset_all()
    QApplication.processEvents()


def test_selecting_an_edge_shows_its_paths_typeset(window_on):
    w = window_on(EX / "002_relu_3-2-2-1_sse.nnviz")
    w.selection.select(EdgeRef(0, 0, 1))  # from input 2 to hidden unit 1: 002's w_21^(1)
    settle(w)
    panel = w.explain
    assert panel.title.text() == "∂L/∂w⁽¹⁾₂₁: the weight from x₂ to H⁽¹⁾₁"
    lines = panel.view.plain_lines()
    assert "= 16 · 1 · 1 · 1 · 1 · 2 + 16 · 1 · 1 · 1 · 1 · 2" in lines and "= 32 + 32 = 64" in lines
    assert any(line.startswith("∂L/∂W⁽¹⁾ (3×2) = x (3×1) δ⁽¹⁾ᵀ (1×2)") for line in lines)
    assert "w⁽¹⁾₂₁ ← w⁽¹⁾₂₁ − η ∂L/∂w⁽¹⁾₂₁ = 1 − 0.01 · 64 = 0.36" in lines
    names = [p for p in panel.view.pieces if p.token.kind == "name"]
    matrices = [p for p in panel.view.pieces if "bmatrix" in p.token.latex]
    assert names and matrices and all(p.formula is not None for p in names + matrices)  # drawn as typeset maths
    operators = [p for p in panel.view.pieces if p.token.plain.strip() in ("=", "+", "·", "⊙", "←")]
    assert operators and all(p.formula is None for p in operators)  # single operators are text between them
    assert panel.view.height() >= panel.view.sizeHint().height() - 1


def test_hovering_a_factor_marks_it_and_its_path_on_the_canvas(window_on, hover):
    w = window_on(EX / "002_relu_3-2-2-1_sse.nnviz")
    w.selection.select(EdgeRef(0, 0, 1))
    settle(w)
    view = w.explain.view
    # the factor w⁽³⁾₂₁ of the second path: from H⁽²⁾₂ to the output
    piece = next(p for p in view.pieces if p.token.ref == ("edge", 3, 1, 2) and p.token.kind == "name")
    hover(view, piece.rect.center())
    neurons, edges = w.view.emphasis()
    assert EdgeRef(2, 0, 1) in edges  # the hovered weight
    assert set(edges) >= {EdgeRef(2, 0, 1), EdgeRef(1, 1, 0)}  # and its whole path
    assert EdgeRef(1, 0, 0) not in edges  # not the other path
    assert NeuronRef(2, 1) in neurons and NeuronRef(0, 1) in neurons
    view.leaveEvent(None)  # the mouse leaves the panel: the marks go
    assert w.view.emphasis() == ([], [])


def test_a_neuron_shows_its_forward_and_backward_lines_in_004s_notation(window_on):
    w = window_on(EX / "004_sigmoid_3-2-1_half_sse.nnviz")
    w.selection.select(NeuronRef(1, 1))
    settle(w)
    lines = w.explain.view.plain_lines()
    assert "σ'(z₂₋₁) = a(1 − a) = 0.8697 · 0.1303 = 0.1133" in lines
    assert any(line.startswith("z₂₋₁ = w₁₂₋₁ x₁ + w₂₂₋₁ x₂ + w₃₂₋₁ x₃ + b₂₋₁") for line in lines)
    w.selection.select(NeuronRef(2, 0))  # the output: its ∂L/∂ŷ and the loss
    settle(w)
    lines = w.explain.view.plain_lines()
    assert "∂L/∂ŷ = ŷ − y = 0.7137 − 0.61 = 0.1037" in lines and "L = ½ · (0.61 − 0.7137)² = 0.00538" in lines


def test_the_panel_follows_edits_undo_and_the_notation(window_on):
    w = window_on(EX / "002_relu_3-2-2-1_sse.nnviz")
    w.selection.select(EdgeRef(0, 0, 1))
    settle(w)
    w.doc.undo_stack.push(SetWeight(w.doc, 2, 0, 0, 2.0))  # w from H⁽²⁾₁ to the output: 1 → 2
    settle(w)
    assert "= 24 · 2 · 1 · 1 · 1 · 2 + 24 · 1 · 1 · 1 · 1 · 2" in w.explain.view.plain_lines()
    w.doc.undo_stack.undo()
    settle(w)
    assert "= 16 · 1 · 1 · 1 · 1 · 2 + 16 · 1 · 1 · 1 · 1 · 2" in w.explain.view.plain_lines()
    w.doc.undo_stack.push(SetView(w.doc, "notation", "pytorch", "Notation"))
    settle(w)
    assert w.explain.title.text().startswith("∂L/∂w⁽¹⁾₁₂: the weight from x₂ to a⁽¹⁾₁")


def test_no_result_and_nothing_selected(window_on):
    w = window_on(EX / "002_relu_3-2-2-1_sse.nnviz")
    settle(w)
    assert w.explain.title.text() == "The loss" and "L = (0 − 8)² = 64" in w.explain.view.plain_lines()
    w.selection.select(NeuronRef(0, 2))
    settle(w)
    assert w.explain.view.plain_lines() == ["∂L/∂x₃ = w⁽¹⁾₃₁ δ⁽¹⁾₁ + w⁽¹⁾₃₂ δ⁽¹⁾₂ = 1 · 32 + 1 · 32 = 64"]


def test_a_six_layer_network_of_sixteen_units_opens_without_enumerating_its_paths(window_on):
    rng = np.random.default_rng(0)
    net = random_network(rng, 16, [16] * 6, ["tanh"] * 5 + ["identity"])
    w = window_on(Project(net, Loss("sse"), rng.normal(size=(2, 16)), rng.normal(size=(2, 16))))
    w.selection.select(EdgeRef(0, 3, 5))
    settle(w)
    block = w.explain.blocks[0]
    assert block.title.endswith(f"{16 ** 5:,} paths".replace(",", "")) or f"{16 ** 5} paths" in block.title
    assert "the 8 largest by magnitude are shown" in " ".join(block.notes)


def test_copy_latex(window_on):
    w = window_on(EX / "002_relu_3-2-2-1_sse.nnviz")
    w.selection.select(EdgeRef(0, 0, 1))
    settle(w)
    w.explain.copy_button.click()
    text = QApplication.clipboard().text()
    assert text.startswith("\\begin{align*}") and r"\frac{\partial L}{\partial w^{(1)}_{21}}" in text


def test_export_worked_solution_and_check_gradients(window_on, tmp_path):
    w = window_on(EX / "004_sigmoid_3-2-1_half_sse.nnviz")
    for fmt, suffix in (("markdown", ".md"), ("latex", ".tex"), ("html", ".html"), ("text", ".txt")):
        path = tmp_path / f"solution{suffix}"
        assert w.files.export_solution(path, fmt)
        text = path.read_text(encoding="utf-8")
        assert "Summary of the gradients" in text and "-0.002929" in text
        assert {"markdown": "w_{31-1}", "latex": "w_{31-1}", "html": "<mn>31</mn><mo>&#x02212;</mo><mn>1</mn>", "text": "w₃₁₋₁"}[fmt] in text
    report = run_check(w.doc, w)
    dialog = GradientCheckDialog(w.doc, report, w)
    assert report.passed and dialog.table.rowCount() == 11
    assert "Every gradient agrees" in dialog.summary.text()
    assert dialog.table.item(0, 0).text().endswith(f"({report.largest.parameter.canonical()})")
