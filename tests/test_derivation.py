"""Derivations as a student writes them: forward and backward lines with numbers, the layer form with the
shape of every factor and the 1/m written out, and the SGD update, in the file's notation."""
import numpy as np

from nnviz.core import Loss, Project, fileformat
from nnviz.core.derivation import Explainer
from nnviz.core.layer_form import LayerForm
from nnviz.core.mathtext import NumberFormat, render_plain
from nnviz.core.notation import Notation, preset
from nnviz.core.quantities import Quantity, parse
from nnviz.paths import examples_dir
from test_engine import random_network

EX = examples_dir()


def load(name):
    return fileformat.load(EX / name)


def explain(project, notation=None, fmt=None):
    return Explainer(project, project.compute(), notation or Notation.from_view(project.view.get("notation")), fmt)


def text(blocks):
    return render_plain(blocks if isinstance(blocks, list) else [blocks])


def test_004_derivation_shows_sigma_prime_of_every_unit_with_four_digits():
    e = explain(load("004_sigmoid_3-2-1_half_sse.nnviz"))
    out = text([e.backward_block(2, 1, 1), e.backward_block(1, 1, 1), e.backward_block(1, 2, 1)])
    assert "σ'(z₁₋₂) = a(1 − a) = 0.7137 · 0.2863 = 0.2043" in out
    assert "σ'(z₁₋₁) = a(1 − a) = 0.7869 · 0.2131 = 0.1677" in out
    assert "σ'(z₂₋₁) = a(1 − a) = 0.8697 · 0.1303 = 0.1133" in out
    assert "∂L/∂ŷ = ŷ − y = 0.7137 − 0.61 = 0.1037" in out  # half squared error: no factor 2
    assert "∂L/∂y₁₋₁ = w₁₁₋₂ δ₁₋₂ = 0.4 · 0.02119 = 0.008478" in out


def test_004_forward_lines_and_the_loss():
    e = explain(load("004_sigmoid_3-2-1_half_sse.nnviz"))
    out = text([e.forward_block(1, 1, 1), e.loss_block()])
    assert "z₁₋₁ = w₁₁₋₁ x₁ + w₂₁₋₁ x₂ + w₃₁₋₁ x₃ + b₁₋₁ = 0.36 · 0.02 + 0.74 · 0.03 + (-0.28) · (-2.06) + 0.7 = 1.306" in out
    assert "y₁₋₁ = σ(z₁₋₁) = σ(1.306) = 0.7869" in out
    assert "L = ½ · (0.61 − 0.7137)² = 0.00538" in out


def test_004_layer_form_has_the_shape_of_every_factor_in_its_orientation():
    e = explain(load("004_sigmoid_3-2-1_half_sse.nnviz"))
    out = text(LayerForm(e).blocks(parse("w:1:1:3"), 1))
    assert "δ₂ (1×1) = ∂L/∂ŷ (1×1) ⊙ σ'(z₂) (1×1) = [0.1037] ⊙ [0.2043] = [0.02119]" in out
    assert "δ₁ (2×1) = W₂ (2×1) δ₂ (1×1) ⊙ σ'(z₁) (2×1)" in out  # 004 writes W as (in × out)
    assert "∂L/∂W₁ (3×2) = x (3×1) δ₁ᵀ (1×2)" in out  # and prints ∂L/∂W₁ as 3×2, as the homework does
    assert "∂L/∂w₃₁₋₁ = δ₁₋₁ · x₃ = 0.001422 · (-2.06) = -0.002929" in out
    assert "w₃₁₋₁ ← w₃₁₋₁ − η ∂L/∂w₃₁₋₁ = (-0.28) − 0.5 · (-0.002929) = -0.2785" in out
    out_in = text(LayerForm(explain(load("004_sigmoid_3-2-1_half_sse.nnviz"), preset("pytorch"))).blocks(parse("w:1:1:3"), 1))
    assert "δ⁽¹⁾ (2×1) = W⁽²⁾ᵀ (2×1) δ⁽²⁾ (1×1) ⊙ σ'(z⁽¹⁾) (2×1)" in out_in
    assert "∂L/∂W⁽¹⁾ (2×3) = δ⁽¹⁾ (2×1) xᵀ (1×3)" in out_in


def test_a_batch_writes_the_sum_over_samples_and_the_one_over_m():
    project = load("003_sigmoid_4-3-2-1_bce_batch.nnviz")
    e = explain(project)
    form = LayerForm(e)
    out = text(form.blocks(parse("w:2:1:3"), 2))
    assert "∂L/∂W⁽²⁾ (2×3) = (1/4) Σₛ δ⁽²⁾ₛ (2×1) a⁽¹⁾ₛᵀ (1×3)" in out
    assert "per-sample δₛ, before the 1/4" in out and "the 1/4 of the mean is written out" in out
    r, unreduced = e.result, e.unreduced
    np.testing.assert_allclose(unreduced.layers[1].delta, r.layers[1].delta * 4, rtol=1e-12)
    gradient = r.layers[1].grad_weights[0, 2]
    line = form.element_line(parse("w:2:1:3")).plain()
    assert line.startswith("∂L/∂w⁽²⁾₁₃ = (1/4) Σₛ δ⁽²⁾₁ · a⁽¹⁾₃ = (1/4)(") and line.endswith(e.fmt(gradient))
    update = text(form.update_block(parse("w:2:1:3")))
    assert "(1/4) Σₛ ∂lₛ/∂w⁽²⁾₁₃" in update


def test_fused_outputs_say_so_and_skip_f_prime():
    e = explain(load("003_sigmoid_4-3-2-1_bce_batch.nnviz"))
    out = text(e.backward_block(3, 1, 1))
    assert "sigmoid and binary cross-entropy together: ∂l/∂zₖ = (ŷₖ − yₖ)/K" in out
    assert "δ⁽³⁾₁ = ∂L/∂z⁽³⁾₁ = (1/4) · ((ŷ − y)/K) = (1/4) · ((0.556 − 1)/1) = -0.111" in out and "σ'(z⁽³⁾" not in out
    assert "∂L/∂b⁽³⁾₁ = Σₛ δ⁽³⁾₁ₛ = (-0.111) + 0.1359 + (-0.1119) + 0.1379 = 0.05093" in out
    soft = load("softmax_2-3-3_cross_entropy.nnviz")
    out = text(explain(soft).backward_block(2, 1, 1))
    assert "δ⁽²⁾₁ = ∂L/∂z⁽²⁾₁ = (1/6) · (ŷ − y) = (1/6) · (0.441 − 1) = -0.09316" in out


def test_relu_identity_and_the_output_of_001():
    project = load("001_relu_identity_2-3-3-1_half_sse.nnviz")
    e = explain(project)
    out = text([e.forward_block(1, 2, 1), e.forward_block(3, 1, 1), e.loss_block(), e.backward_block(1, 2, 1)])
    assert "h⁽¹⁾₂ = ReLU(z⁽¹⁾₂) = ReLU(2) = 2" in out
    assert "ŷ = z⁽³⁾ = 5" in out and "L = ½ · (1.5 − 5)² = 6.125" in out
    assert "ReLU'(z⁽¹⁾₂) = 1 if z > 0 else 0 = 1, since z⁽¹⁾₂ = 2 > 0" in out
    paths = text(e.path_blocks(parse("w:1:2:1"), 1))
    assert "3 paths" in paths and "= 7 + 7 + 0 = 14" in paths


def test_fixed_decimals_as_students_write_them():
    e = explain(load("004_sigmoid_3-2-1_half_sse.nnviz"), fmt=NumberFormat(4, fixed=True))
    assert "0.7869 · 0.2131 = 0.1677" in text(e.backward_block(1, 1, 1))
    assert "= 0.0212" in text(e.backward_block(2, 1, 1))
    assert NumberFormat(4, fixed=True)(-0.00001) == "0" and NumberFormat(2, fixed=True)(2.5e-5) == "0"


def test_tokens_link_every_name_and_number_to_the_canvas():
    e = explain(load("002_relu_3-2-2-1_sse.nnviz"))
    (block,) = e.path_blocks(parse("w:1:1:2"), 1)
    symbolic, numeric = block.lines[0].tokens, block.lines[1].tokens
    refs = [t.ref for t in symbolic if t.kind == "name"]
    assert refs[0] == ("edge", 1, 1, 2)  # the parameter itself
    assert refs[1:7] == [("unit", 3, 1), ("edge", 3, 1, 1), ("unit", 2, 1), ("edge", 2, 1, 1), ("unit", 1, 1), ("unit", 0, 2)]
    assert {t.group for t in numeric if t.kind == "number"} == {1, 2}


def test_a_big_layer_is_written_by_name_and_shape_without_freezing():
    rng = np.random.default_rng(0)
    net = random_network(rng, 20, [16, 16, 3], ["tanh", "tanh", "identity"])
    project = Project(net, Loss("mse"), rng.normal(size=(2, 20)), rng.normal(size=(2, 3)))
    e = explain(project)
    out = text(LayerForm(e).blocks(Quantity("w", 1, 4, 7), 1) + e.path_blocks(Quantity("w", 1, 4, 7), 1))
    assert "W⁽²⁾ᵀ (16×16)" in out and "[" not in out.split("Gradient of layer 1")[1].split("\n")[1]
    assert "48 paths: the 8 largest by magnitude are shown" in out
