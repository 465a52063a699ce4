"""The pass keeps every intermediate a hand derivation names: f'(z), ∂L/∂a, ∂L/∂ŷ, per-sample contributions.

Each is checked against its definition and against finite differences of the loss (∂L/∂a by nudging a
layer's activation in a hand-written forward pass), for every activation/loss pairing.
"""
import numpy as np
import pytest

from nnviz.core import Loss, compute
from nnviz.core.activations import activate
from nnviz.core.losses import per_sample_loss
from test_engine import PAIRINGS, make_targets, random_network

H = 1e-6


def loss_from_layer(net, loss, inputs, targets, l, a_l):
    """The reduced loss when layer l's activation is replaced by a_l (the rest of the pass as usual)."""
    a = a_l
    for layer, w, b, mask in list(zip(net.layers, net.weights, net.biases, net.masks))[l + 1:]:
        z = a @ (w if mask is None else w * mask).T + (b if layer.bias else 0.0)
        a = activate(layer.activation, z)
    z_out = z if l + 1 < len(net.layers) else None
    if z_out is None:  # l is the output layer: the loss needs its z too (bce, cross-entropy)
        raise AssertionError("use the output's own check")
    values = per_sample_loss(loss, z_out, a, targets)
    return values.mean() if loss.reduction == "mean" else values.sum()


@pytest.mark.parametrize("out_act, loss_name", PAIRINGS)
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_grad_a_of_hidden_layers_matches_central_differences(out_act, loss_name, reduction):
    rng = np.random.default_rng(7)
    net = random_network(rng, 3, [4, 3, 2], ["tanh", "sigmoid", out_act])
    loss = Loss(loss_name, reduction)
    x, y = rng.normal(size=(3, 3)), make_targets(loss_name, rng, 3, 2)
    r = compute(net, loss, x, y)
    for l in (0, 1):
        a = r.layers[l].a
        numeric = np.zeros_like(a)
        for idx in np.ndindex(a.shape):
            up, down = a.copy(), a.copy()
            up[idx] += H
            down[idx] -= H
            numeric[idx] = (loss_from_layer(net, loss, x, y, l, up) - loss_from_layer(net, loss, x, y, l, down)) / (2 * H)
        np.testing.assert_allclose(r.grad_a(l), numeric, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("out_act, loss_name", PAIRINGS)
def test_delta_is_grad_a_times_fprime_and_grad_a_is_the_delta_above_times_w(out_act, loss_name):
    rng = np.random.default_rng(3)
    net = random_network(rng, 2, [3, 3, 2], ["relu", "identity", out_act], remove_edges=True)
    loss = Loss(loss_name, "mean")
    x, y = rng.normal(size=(4, 2)), make_targets(loss_name, rng, 4, 2)
    r = compute(net, loss, x, y)
    for l in range(3):
        fprime, grad_a = r.fprime(l), r.grad_a(l)
        if out_act == "softmax" and l == 2:
            assert fprime is None and grad_a is None and r.fused == "softmax_cross_entropy"
            continue
        np.testing.assert_allclose(r.layers[l].delta, grad_a * fprime, rtol=1e-12, atol=1e-15)
        if l < 2:
            w = net.weights[l + 1] if net.masks[l + 1] is None else net.weights[l + 1] * net.masks[l + 1]
            np.testing.assert_array_equal(grad_a, r.layers[l + 1].delta @ w)
    np.testing.assert_array_equal(r.fprime(1), np.ones((4, 3)))  # identity: f'(z) = 1
    np.testing.assert_array_equal(r.fprime(0), (r.layers[0].z > 0).astype(float))  # relu


def test_output_grad_is_dl_dyhat_with_the_one_over_m_of_a_mean():
    rng = np.random.default_rng(1)
    net = random_network(rng, 2, [2, 1], ["tanh", "identity"])
    x, y = rng.normal(size=(4, 2)), rng.normal(size=(4, 1))
    r = compute(net, Loss("sse", "mean"), x, y)
    np.testing.assert_allclose(r.grad_a(1), 2 * (r.outputs - y) / 4, rtol=1e-14)
    assert r.fused is None and r.scale == 0.25


def test_bce_keeps_the_fused_delta_and_derives_dl_dyhat_on_demand():
    rng = np.random.default_rng(2)
    net = random_network(rng, 2, [2, 2], ["tanh", "sigmoid"])
    x, y = rng.normal(size=(3, 2)), rng.uniform(size=(3, 2))
    r = compute(net, Loss("bce", "mean"), x, y)
    yhat = r.outputs
    assert r.fused == "sigmoid_bce" and r.layers[-1].fprime_kept is None and r.layers[-1].grad_a is None
    np.testing.assert_allclose(r.layers[-1].delta, (yhat - y) / 2 / 3, rtol=1e-14)  # (ŷ − y)/K, then 1/m
    np.testing.assert_allclose(r.fprime(1), yhat * (1 - yhat), rtol=1e-14)
    dl_dyhat = -(y / yhat - (1 - y) / (1 - yhat)) / 2 / 3  # textbook derivative of -(1/K)[y log ŷ + ...], 1/m
    np.testing.assert_allclose(r.grad_a(1), dl_dyhat, rtol=1e-10)


def test_weight_contributions_sum_to_the_gradient():
    rng = np.random.default_rng(4)
    net = random_network(rng, 3, [4, 2], ["sigmoid", "identity"], remove_edges=True)
    x, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    r = compute(net, Loss("mse", "mean"), x, y)
    for l in range(2):
        c = r.weight_contributions(l)
        assert c.shape == (5,) + net.weights[l].shape
        mask = 1.0 if net.masks[l] is None else net.masks[l]
        np.testing.assert_allclose(c.sum(axis=0) * mask, r.layers[l].grad_weights, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(c[2], np.outer(r.layers[l].delta[2], r.source(l)[2]), rtol=1e-15)


def test_contributions_and_forward_loss_are_the_core_s():
    from nnviz.core.engine import forward_loss
    rng = np.random.default_rng(5)
    net = random_network(rng, 2, [3, 1], ["relu", "sigmoid"])
    x, y = rng.normal(size=(4, 2)), rng.uniform(size=(4, 1))
    for loss in (Loss("bce", "mean"), Loss("sse", "sum")):
        r = compute(net, loss, x, y)
        assert forward_loss(net, loss, x, y) == r.loss
        np.testing.assert_array_equal(r.contributions(0, 2, 1), r.layers[0].delta[:, 2] * x[:, 1])
        np.testing.assert_array_equal(r.contributions(1, 0), r.layers[1].delta[:, 0])


def test_suggested_fix_of_a_loss_that_does_not_fit_the_output():
    from nnviz.core.losses import suggested_fix
    assert suggested_fix(Loss("cross_entropy"), "identity") == ("activation", "softmax")
    assert suggested_fix(Loss("bce"), "tanh") == ("activation", "sigmoid")
    assert suggested_fix(Loss("sse"), "softmax") == ("loss", "cross_entropy")
    assert suggested_fix(Loss("sse"), "sigmoid") is None and suggested_fix(Loss("bce"), "sigmoid") is None
