"""One notation module names every quantity: index order, symbols, layer style, one-unit layers, presets."""
import pytest

from nnviz.core.notation import PRESETS, Notation, customised, preset

SIZES = [3, 2, 2, 1]  # worked example 002


def test_default_notation_writes_w_into_i_from_j_with_the_layer_in_parentheses():
    n = Notation().namer(SIZES)
    w = n.w(1, 2, 1)  # into unit 2 of layer 1 from input 1
    assert (w.unicode, w.latex, w.ascii) == ("w⁽¹⁾₂₁", "w^{(1)}_{21}", "w^(1)_21")
    assert n.z(2, 1).unicode == "z⁽²⁾₁" and n.a(1, 2).unicode == "a⁽¹⁾₂"
    assert n.a(0, 3).unicode == "x₃" and n.a(3, 1).unicode == "ŷ" and n.a(3, 1).latex == r"\hat{y}"
    assert n.delta(1, 1).latex == r"\delta^{(1)}_{1}" and n.b(3, 1).unicode == "b⁽³⁾₁"
    grad = n.grad(n.w(1, 2, 1))
    assert (grad.unicode, grad.ascii) == ("∂L/∂w⁽¹⁾₂₁", "dL/dw^(1)_21")
    assert grad.latex == r"\frac{\partial L}{\partial w^{(1)}_{21}}"
    assert n.fprime(1, 1, "sigmoid").unicode == "σ'(z⁽¹⁾₁)"


def test_worked_example_002_from_to_with_z_and_h_and_no_index_on_the_single_output():
    n = preset("Z_H").namer(SIZES)
    assert n.w(1, 1, 2).unicode == "w⁽¹⁾₂₁"  # from input 2 to hidden unit 1: 002's w_21^(1)
    assert n.w(3, 1, 2).unicode == "w⁽³⁾₂₁"  # weights keep both indices, as 002 writes w_21^(3)
    assert n.z(1, 1).unicode == "Z⁽¹⁾₁" and n.a(2, 2).unicode == "H⁽²⁾₂"
    assert n.b(3, 1).unicode == "b⁽³⁾" and n.z(3, 1).unicode == "Z⁽³⁾"  # 002's b^(3)


def test_worked_example_004_layer_after_a_dash():
    n = preset("dash").namer([3, 2, 1])
    assert n.w(1, 1, 3).unicode == "w₃₁₋₁" and n.w(1, 1, 3).latex == "w_{31-1}"  # 004's w_{31-1}
    assert n.z(1, 2).unicode == "z₂₋₁" and n.a(1, 1).unicode == "y₁₋₁" and n.b(2, 1).unicode == "b₁₋₂"
    assert n.W(1).unicode == "W₁"


def test_worked_example_001_drops_the_index_of_the_single_output_in_weights_too():
    n = preset("z_h").namer([2, 3, 3, 1])
    assert n.w(3, 1, 2).unicode == "w⁽³⁾₂" and n.a(1, 2).unicode == "h⁽¹⁾₂"
    assert n.w(1, 2, 1).unicode == "w⁽¹⁾₂₁"


def test_symbols_and_plain_superscript_and_two_digit_indices():
    n = Notation(symbols="net/out", layer_style="plain").namer([12, 11, 1])
    assert n.z(1, 3).unicode == "net¹₃" and n.z(1, 3).latex == r"\mathrm{net}^{1}_{3}"
    assert n.w(1, 11, 12).unicode == "w¹₁₁,₁₂" and n.w(1, 11, 12).ascii == "w^1_11,12"


def test_view_round_trip_and_refusals():
    for key, (_, notation) in PRESETS.items():
        assert notation.to_view() == key and Notation.from_view(key) == notation
    custom = customised(preset("pytorch"), symbols="z/v")
    assert custom.preset == "custom" and Notation.from_view(custom.to_view()) == custom
    assert customised(custom, symbols="z/a") == preset("pytorch")  # back to the preset: named so again
    assert Notation.from_view(None) == Notation()
    for bad, words in ((["x"], "preset name or an object"), ("nope", "unknown notation preset"),
                       ({"symbols": "q/r"}, 'unknown symbols "q/r"'), ({"colour": "red"}, 'unknown key "colour"'),
                       ({"omit_single": True}, "must be a string")):
        with pytest.raises(ValueError, match=words):
            Notation.from_view(bad)
