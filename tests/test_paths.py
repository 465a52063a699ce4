"""The path form: every path from a parameter to the loss, each factor named and valued, summed.

Worked example 002's ∂L/∂w for the weight from input 2 to hidden unit 1 is two paths of 16·1·1·1·1·2.
"""
import itertools
import math

import numpy as np
import pytest

from nnviz.core import Loss, Network, Project, fileformat
from nnviz.core.derivation import Explainer
from nnviz.core.notation import Notation, preset
from nnviz.core.quantities import Quantity, parse
from nnviz.paths import examples_dir
from test_engine import random_network

EXAMPLE_002 = examples_dir() / "002_relu_3-2-2-1_sse.nnviz"


def explainer(project, notation=None):
    return Explainer(project, project.compute(), notation or Notation())


def test_002_first_layer_weight_is_two_paths_of_16_1_1_1_1_2_summing_to_64():
    form = explainer(fileformat.load(EXAMPLE_002)).path_form(parse("w:1:1:2"))
    assert form.path_count == 2 and form.gradient == 64.0 and form.m == 1 and form.reduction == "sum"
    (sample,) = form.samples
    assert sample.total == 64.0
    assert [p.units for p in sample.paths] == [((1, 1), (2, 1), (3, 1)), ((1, 1), (2, 2), (3, 1))]
    for path in sample.paths:
        assert [f.value for f in path.factors] == [16.0, 1.0, 1.0, 1.0, 1.0, 2.0] and path.product == 32.0
        assert [f.role for f in path.factors] == ["output", "weight", "fprime", "weight", "fprime", "source"]
    names = [f.name.unicode for f in sample.paths[1].factors]
    assert names == ["∂L/∂z⁽³⁾₁", "w⁽³⁾₁₂", "ReLU'(z⁽²⁾₂)", "w⁽²⁾₂₁", "ReLU'(z⁽¹⁾₁)", "x₂"]


def test_002_in_its_own_notation_names_the_factors_as_the_homework_does():
    form = explainer(fileformat.load(EXAMPLE_002), preset("Z_H")).path_form(parse("w:1:1:2"))
    names = [f.name.unicode for f in form.samples[0].paths[1].factors]
    assert names == ["∂L/∂Z⁽³⁾", "w⁽³⁾₂₁", "ReLU'(Z⁽²⁾₂)", "w⁽²⁾₁₂", "ReLU'(Z⁽¹⁾₁)", "x₂"]


def test_a_bias_has_no_source_factor_and_an_output_weight_has_one_path():
    e = explainer(fileformat.load(EXAMPLE_002))
    bias = e.path_form(parse("b:1:2"))
    assert bias.path_count == 2 and [len(p.factors) for p in bias.samples[0].paths] == [5, 5] and bias.gradient == 32
    out = e.path_form(parse("w:3:1:2"))
    assert out.path_count == 1 and [f.value for f in out.samples[0].paths[0].factors] == [16.0, 4.0]


def brute_force(project, q):
    """Every path's factor values, by plain loops over the units (an independent enumeration)."""
    net, r = project.network, project.compute()
    sizes = net.sizes()
    last = len(sizes) - 1
    out = []
    for s in range(project.sample_count):
        per = []
        ranges = [range(n) for n in sizes[q.layer + 1:]]
        for chain in itertools.product(*ranges):
            units = [q.i - 1, *chain]
            if not all(net.edge_present(q.layer + k, units[k + 1], units[k]) for k in range(len(chain))):
                continue
            from nnviz.core.losses import output_terms
            top = r.layers[-1]
            value = output_terms(project.loss, top.activation, top.z, top.a, r.targets)[2][s, units[-1]]
            for k in range(len(chain), 0, -1):
                upper = q.layer + k
                value *= net.weights[upper - 1][units[k], units[k - 1]] * r.fprime(upper - 2)[s, units[k - 1]]
            if q.kind == "w":
                value *= r.source(q.layer - 1)[s, q.j - 1]
            per.append(value)
        out.append(per)
    assert last >= q.layer
    return out


@pytest.mark.parametrize("seed", range(6))
def test_paths_match_a_brute_force_enumeration_and_the_engine(seed):
    rng = np.random.default_rng(seed)
    net = random_network(rng, 3, [3, 4, 3, 2], ["relu", "tanh", "sigmoid", "identity"], remove_edges=seed % 2 == 1)
    loss = Loss("half_sse", "mean" if seed % 3 == 0 else "sum")
    project = Project(net, loss, rng.normal(size=(2, 3)), rng.normal(size=(2, 2)))
    e = explainer(project)
    for q in (Quantity("w", 1, 2, 1), Quantity("b", 2, 3), Quantity("w", 3, 1, 4)):
        if not net.edge_present(q.layer - 1, q.i - 1, max(q.j - 1, 0)):
            continue
        expected = brute_force(project, q)
        form = e.path_form(q, max_paths=10_000)
        assert form.path_count == len(expected[0])
        for sample, values in zip(form.samples, expected):
            assert sorted(p.product for p in sample.paths) == pytest.approx(sorted(values), rel=1e-12, abs=1e-300)
        scale = 1 / project.sample_count if loss.reduction == "mean" else 1
        assert sum(s.total for s in form.samples) * scale == pytest.approx(form.gradient, rel=1e-10, abs=1e-14)
        # above the limit: the largest by magnitude, exactly those of the full list, and the engine's totals
        limit = max(1, form.path_count // 3)
        top = e.path_form(q, max_paths=limit)
        assert top.path_count == form.path_count and not (top.complete and limit < form.path_count)
        for sample, values in zip(top.samples, expected):
            want = sorted((abs(v) for v in values), reverse=True)[:limit]
            assert [abs(p.product) for p in sample.paths] == pytest.approx(want, rel=1e-12, abs=1e-300)
        for full, limited in zip(form.samples, top.samples):
            assert limited.total == pytest.approx(full.total, rel=1e-10, abs=1e-14)


def test_a_dead_relu_still_counts_its_paths_with_product_zero():
    net = Network.create(2, [2, 1], ["relu", "identity"], weight=1.0)
    net.biases[0][:] = [-10.0, 0.0]  # unit 1 of layer 1 is dead
    project = Project(net, Loss("sse"), [[1.0, 1.0]], [[0.0]])
    form = explainer(project).path_form(parse("w:1:1:1"))
    assert form.path_count == 1 and form.samples[0].paths[0].product == 0.0 and form.gradient == 0.0


def test_a_wide_deep_network_ranks_paths_without_enumerating_them():
    rng = np.random.default_rng(0)
    net = random_network(rng, 16, [16] * 6, ["tanh"] * 5 + ["identity"])
    project = Project(net, Loss("sse"), rng.normal(size=(1, 16)), rng.normal(size=(1, 16)))
    form = explainer(project).path_form(parse("w:1:3:4"))
    assert form.path_count == 16 ** 5 and len(form.samples[0].paths) == 64
    products = [abs(p.product) for p in form.samples[0].paths]
    assert products == sorted(products, reverse=True)
    assert form.samples[0].total == pytest.approx(form.gradient, rel=1e-9)


def test_mean_reduction_keeps_the_per_sample_loss_factor_and_the_one_over_m_outside():
    project = fileformat.load(examples_dir() / "003_sigmoid_4-3-2-1_bce_batch.nnviz")
    e = explainer(project)
    form = e.path_form(parse("w:3:1:2"))
    r = project.compute()
    assert form.m == 4 and form.reduction == "mean" and len(form.samples) == 4
    for s, sample in enumerate(form.samples):
        first = sample.paths[0].factors[0]
        assert first.name.unicode == f"∂l{'₁₂₃₄'[s]}/∂z⁽³⁾₁"  # the per-sample loss, fused (ŷ − y)/K
        assert first.value == pytest.approx(r.outputs[s, 0] - project.targets[s, 0], rel=1e-15)
    assert math.fsum(s.total for s in form.samples) / 4 == pytest.approx(form.gradient, rel=1e-12)
    only = e.path_form(parse("w:3:1:2"), sample=3)
    assert [s.sample for s in only.samples] == [3] and only.gradient == form.gradient


def test_json_contract():
    form = explainer(fileformat.load(EXAMPLE_002)).path_form(parse("w:1:1:2"))
    doc = form.to_json()
    assert list(doc) == ["parameter", "gradient", "reduction", "m", "path_count", "samples"]
    assert doc["parameter"] == "w:1:1:2" and doc["path_count"] == 2
    path = doc["samples"][0]["paths"][0]
    assert list(path) == ["units", "factors", "product"] and path["units"] == [[1, 1], [2, 1], [3, 1]]
    assert path["factors"][0] == {"name": "∂L/∂z⁽³⁾₁", "value": 16.0} and path["factors"][-1] == {"name": "x₂", "value": 2.0}
