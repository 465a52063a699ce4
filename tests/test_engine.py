"""The engine's gradients are right: finite differences, an independent reference, masks, bias off, shapes."""
import numpy as np
import pytest

import reference
from nnviz.core import Layer, Loss, Network, NetworkError, check, compute
from nnviz.core.engine import forward
from nnviz.core.losses import per_sample_loss

ELEMENTWISE = ("identity", "relu", "sigmoid", "tanh")
PLAIN_LOSSES = ("sse", "half_sse", "mse", "hinge", "l1", "huber", "cosine")
PAIRINGS = [(act, loss) for act in ELEMENTWISE for loss in PLAIN_LOSSES] + [
    ("sigmoid", "bce"), ("softmax", "cross_entropy")]
H = 1e-6
KINK_MARGIN = 1e-3  # a finite-difference step of H moves every z by far less than this


# ----- building random cases ------------------------------------------------------------------
def make_targets(loss_name, rng, m, n_out):
    if loss_name == "bce":
        y = rng.uniform(0.0, 1.0, (m, n_out))
        y[0, 0] = 1.0  # hard labels and soft ones
        return y
    if loss_name == "cross_entropy":
        y = rng.dirichlet(np.ones(n_out), m)
        y[0] = np.eye(n_out)[rng.integers(n_out)]  # one-hot and probability rows
        return y
    if loss_name == "hinge":
        return rng.choice([-1.0, 1.0], (m, n_out))
    return rng.normal(0.0, 1.0, (m, n_out))


def random_network(rng, n_in, sizes, activations, remove_edges=False, bias_flags=None):
    bias_flags = bias_flags or [True] * len(sizes)
    layers = [Layer(s, a, b) for s, a, b in zip(sizes, activations, bias_flags)]
    net = Network(n_in, layers)
    for l, w in enumerate(net.weights):
        net.weights[l] = rng.normal(0.0, 1.0, w.shape)
        net.biases[l] = rng.normal(0.0, 0.5, net.biases[l].shape)
        if remove_edges and w.size > 1:
            mask = rng.uniform(size=w.shape) > 0.3
            if not mask.all():
                net.masks[l] = mask
                net.weights[l] = net.weights[l] * mask
    net.validate()
    return net


def kink_distance(net, loss, inputs, targets):
    """How far the data sits from any point where the loss is not differentiable."""
    passes = forward(net, inputs)
    distances = [np.inf]
    for layer, (z, _) in zip(net.layers, passes):
        if layer.activation == "relu":
            distances.append(np.abs(z).min())
    a = passes[-1][1]
    if loss.name == "l1":
        distances.append(np.abs(a - targets).min())
    if loss.name == "huber":
        distances.append(np.abs(np.abs(a - targets) - loss.delta).min())
    if loss.name == "hinge":
        distances.append(np.abs(1.0 - targets * a).min())
    if loss.name == "cosine":
        distances.append(np.sqrt((a * a).sum(axis=1)).min())
    return min(distances)


def flat(net, loss, inputs, targets):
    """True when some layer gets no gradient at all (e.g. a dead relu layer): a check would prove little."""
    return any(np.abs(r.grad_weights).max() < 1e-6 for r in compute(net, loss, inputs, targets).layers)


def smooth_case(seed, out_act, loss_name, reduction, m, remove_edges=False, bias_flags=None):
    """A seeded random net and data, re-drawn (nudged) until no sample sits near a kink and no layer is flat.

    Four hidden layers, one of each elementwise activation, in an order that rotates with the seed.
    """
    order = ELEMENTWISE[seed % 4:] + ELEMENTWISE[:seed % 4]
    loss = Loss(loss_name, reduction, delta=0.8)
    n_out = 3
    for attempt in range(100):
        rng = np.random.default_rng([seed, attempt])
        net = random_network(rng, 3, [3, 3, 3, 3, n_out], list(order) + [out_act], remove_edges, bias_flags)
        inputs = rng.normal(0.0, 1.0, (m, 3))
        targets = make_targets(loss_name, rng, m, n_out)
        check(net, loss, inputs, targets)
        if kink_distance(net, loss, inputs, targets) > KINK_MARGIN and not flat(net, loss, inputs, targets):
            return net, loss, inputs, targets
    raise AssertionError("no smooth case found")


# ----- finite differences ---------------------------------------------------------------------
def central_difference(f, array, index):
    old = array[index]
    array[index] = old + H
    up_at = array[index]
    up = f()
    array[index] = old - H
    down_at = array[index]
    down = f()
    array[index] = old
    return (up - down) / (up_at - down_at)


def numeric_gradients(net, loss, inputs, targets):
    inputs = inputs.copy()
    scale = 1.0 / len(inputs) if loss.reduction == "mean" else 1.0

    def value():  # the loss alone, without the backward pass that compute() would add
        z, a = forward(net, inputs)[-1]
        return per_sample_loss(loss, z, a, targets).sum() * scale

    grad_w = [np.zeros_like(w) for w in net.weights]
    grad_b = [np.zeros_like(b) if layer.bias else None for layer, b in zip(net.layers, net.biases)]
    for l, w in enumerate(net.weights):
        for index in np.ndindex(w.shape):
            if net.edge_present(l, *index):
                grad_w[l][index] = central_difference(value, w, index)
        if grad_b[l] is not None:
            for i in range(len(net.biases[l])):
                grad_b[l][i] = central_difference(value, net.biases[l], i)
    grad_x = np.zeros_like(inputs)
    for index in np.ndindex(inputs.shape):
        grad_x[index] = central_difference(value, inputs, index)
    return grad_w, grad_b, grad_x


def assert_matches_finite_differences(net, loss, inputs, targets):
    result = compute(net, loss, inputs, targets)
    grad_w, grad_b, grad_x = numeric_gradients(net, loss, inputs, targets)
    assert compute(net, loss, inputs, targets).loss == result.loss  # the probes left the network as it was
    atol = 1e-8 * max(1.0, abs(result.loss))  # rounding in (up - down) / 2H is ~1e-10 * |L|
    for l, layer_result in enumerate(result.layers):
        np.testing.assert_allclose(layer_result.grad_weights, grad_w[l], rtol=1e-6, atol=atol, err_msg=f"W{l + 1}")
        if grad_b[l] is None:
            assert layer_result.grad_biases is None
        else:
            np.testing.assert_allclose(layer_result.grad_biases, grad_b[l], rtol=1e-6, atol=atol, err_msg=f"b{l + 1}")
    np.testing.assert_allclose(result.grad_inputs, grad_x, rtol=1e-6, atol=atol, err_msg="x")
    return result


@pytest.mark.parametrize("m", [1, 4])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("out_act,loss_name", PAIRINGS)
def test_every_pairing_matches_central_differences(out_act, loss_name, reduction, m):
    seed = PAIRINGS.index((out_act, loss_name)) * 4 + (reduction == "mean") * 2 + (m > 1)
    net, loss, inputs, targets = smooth_case(seed, out_act, loss_name, reduction, m)
    assert_matches_finite_differences(net, loss, inputs, targets)


@pytest.mark.parametrize("out_act,loss_name", [("tanh", "sse"), ("relu", "huber"), ("softmax", "cross_entropy")])
def test_removed_edges_and_bias_off_match_central_differences(out_act, loss_name):
    net, loss, inputs, targets = smooth_case(7, out_act, loss_name, "mean", 3, remove_edges=True,
                                             bias_flags=[True, False, True, False, False])
    assert sum(mask is not None for mask in net.masks) >= 3
    result = assert_matches_finite_differences(net, loss, inputs, targets)
    for l, layer_result in enumerate(result.layers):
        if net.masks[l] is not None:
            assert (layer_result.grad_weights[~net.masks[l]] == 0.0).all()


# ----- masks and bias off ---------------------------------------------------------------------
def test_removed_edge_gets_exactly_zero_gradient_and_does_not_affect_output():
    rng = np.random.default_rng(3)
    net = random_network(rng, 3, [4, 2], ["tanh", "identity"])
    inputs, targets = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    net.set_edge_enabled(0, 1, 2, False)
    net.set_edge_enabled(1, 0, 3, False)
    before = compute(net, Loss("sse"), inputs, targets)
    assert before.layers[0].grad_weights[1, 2] == 0.0 and before.layers[1].grad_weights[0, 3] == 0.0
    # a stale number stored under a removed edge must change nothing
    net.weights[0][1, 2] = 5.0
    net.weights[1][0, 3] = -7.0
    after = compute(net, Loss("sse"), inputs, targets)
    assert after.loss == before.loss
    np.testing.assert_array_equal(after.outputs, before.outputs)
    np.testing.assert_array_equal(after.grad_inputs, before.grad_inputs)
    # and the removed edge really removes a term: restoring it with the same number changes the output
    net.masks[0] = None
    assert not np.array_equal(compute(net, Loss("sse"), inputs, targets).outputs, before.outputs)


def test_layer_without_bias_ignores_its_bias_value():
    rng = np.random.default_rng(4)
    net = random_network(rng, 2, [3, 1], ["sigmoid", "identity"], bias_flags=[False, True])
    inputs, targets = rng.normal(size=(3, 2)), rng.normal(size=(3, 1))
    first = compute(net, Loss("mse"), inputs, targets)
    assert first.layers[0].grad_biases is None and first.layers[1].grad_biases is not None
    net.biases[0][:] = [10.0, -3.0, 0.5]
    second = compute(net, Loss("mse"), inputs, targets)
    assert second.loss == first.loss
    np.testing.assert_array_equal(second.layers[0].z, inputs @ net.weights[0].T)
    net.set_bias_enabled(0, True)
    assert compute(net, Loss("mse"), inputs, targets).loss != first.loss


def test_relu_slope_at_zero_is_zero():
    # z of the hidden unit is exactly 0: relu'(0) = 0 blocks the whole path below it
    net = Network.create(2, [1, 1], ["relu", "identity"])
    result = compute(net, Loss("sse"), np.array([[1.0, -1.0]]), np.array([[3.0]]))
    assert result.layers[0].z[0, 0] == 0.0
    assert result.layers[1].grad_weights[0, 0] == 0.0  # a = 0
    np.testing.assert_array_equal(result.layers[0].grad_weights, [[0.0, 0.0]])
    np.testing.assert_array_equal(result.layers[0].grad_biases, [0.0])
    np.testing.assert_array_equal(result.grad_inputs, [[0.0, 0.0]])


# ----- the independent reference --------------------------------------------------------------
def random_reference_case(seed):
    """A seeded random net of random depth, sizes, pairing, reduction, masks and bias flags."""
    out_act, loss_name = PAIRINGS[seed % len(PAIRINGS)]
    for attempt in range(100):
        rng = np.random.default_rng([1000 + seed, attempt])
        depth = int(rng.integers(0, 4))
        hidden = [str(rng.choice(ELEMENTWISE)) for _ in range(depth)]
        sizes = [int(rng.integers(1, 5)) for _ in range(depth)] + [int(rng.integers(2, 4))]
        n_in = int(rng.integers(1, 5))
        bias_flags = [bool(rng.uniform() < 0.75) for _ in sizes]
        net = random_network(rng, n_in, sizes, hidden + [out_act], remove_edges=bool(seed % 3 == 0),
                             bias_flags=bias_flags)
        loss = Loss(loss_name, str(rng.choice(["sum", "mean"])), delta=float(rng.uniform(0.3, 2.0)))
        m = int(rng.integers(1, 6))
        inputs = rng.normal(0.0, 1.5, (m, n_in))
        targets = make_targets(loss_name, rng, m, sizes[-1])
        # the cosine of a zero output vector is undefined (a dead relu output layer): draw again
        if loss_name != "cosine" or (forward(net, inputs)[-1][1] != 0.0).any(axis=1).all():
            return net, loss, inputs, targets
    raise AssertionError("no case found")


def run_reference(net, loss, inputs, targets):
    return reference.run(
        net.input_size, [(layer.size, layer.activation, layer.bias) for layer in net.layers],
        [w.tolist() for w in net.weights], [b.tolist() for b in net.biases],
        [None if mask is None else mask.tolist() for mask in net.masks],
        loss.name, loss.reduction, loss.delta, inputs.tolist(), targets.tolist())


def assert_close(actual, expected, what):
    expected = np.array(expected, dtype=float)
    scale = max(1.0, float(np.abs(expected).max()) if expected.size else 1.0)
    np.testing.assert_allclose(actual, expected, rtol=1e-9, atol=1e-13 * scale, err_msg=what)


@pytest.mark.parametrize("seed", range(90))
def test_engine_matches_independent_reference(seed):
    net, loss, inputs, targets = random_reference_case(seed)
    check(net, loss, inputs, targets)
    result = compute(net, loss, inputs, targets)
    ref = run_reference(net, loss, inputs, targets)
    assert_close(result.loss, ref["loss"], "loss")
    assert_close(result.sample_losses, ref["sample_losses"], "sample losses")
    for l, layer_result in enumerate(result.layers):
        assert_close(layer_result.z, ref["z"][l], f"z{l + 1}")
        assert_close(layer_result.a, ref["a"][l], f"a{l + 1}")
        assert_close(layer_result.delta, ref["delta"][l], f"delta{l + 1}")
        assert_close(layer_result.grad_weights, ref["grad_w"][l], f"dL/dW{l + 1}")
        if ref["grad_b"][l] is None:
            assert layer_result.grad_biases is None
        else:
            assert_close(layer_result.grad_biases, ref["grad_b"][l], f"dL/db{l + 1}")
    assert_close(result.grad_inputs, ref["grad_x"], "dL/dx")


def test_reference_cases_cover_every_pairing_reduction_and_feature():
    cases = [random_reference_case(seed) for seed in range(90)]
    assert {(net.layers[-1].activation, loss.name) for net, loss, _, _ in cases} == set(PAIRINGS)
    assert {loss.reduction for _, loss, _, _ in cases} == {"sum", "mean"}
    assert any(mask is not None for net, _, _, _ in cases for mask in net.masks)
    assert any(not layer.bias for net, _, _, _ in cases for layer in net.layers)
    assert {x.shape[0] > 1 for _, _, x, _ in cases} == {True, False}


# ----- shape errors ---------------------------------------------------------------------------
def _net_3_2():
    return Network.create(3, [2], ["identity"])


@pytest.mark.parametrize("inputs,targets,words", [
    (np.zeros((2, 4)), np.zeros((2, 2)), ["inputs have 4 columns", "3 inputs", "change the number of input columns"]),
    (np.zeros((2, 3)), np.zeros((2, 1)), ["targets have 1 columns", "2 outputs", "change the number of target columns"]),
    (np.zeros((2, 3)), np.zeros((3, 2)), ["2 input rows", "3 target rows", "same number of samples"]),
    (np.zeros(3), np.zeros((1, 2)), ["one row per sample", "m x n"]),
    (np.zeros((0, 3)), np.zeros((0, 2)), ["at least one sample", "add a row"]),
])
def test_shape_mismatches_raise_network_error_saying_what_to_change(inputs, targets, words):
    with pytest.raises(NetworkError) as caught:
        check(_net_3_2(), Loss("sse"), inputs, targets)
    for word in words:
        assert word in str(caught.value)


def test_softmax_on_a_hidden_layer_is_refused():
    net = Network(2, [Layer(2, "softmax"), Layer(2, "softmax")])
    with pytest.raises(NetworkError, match=r"layer 1: softmax is only allowed on the output layer; choose "):
        check(net, Loss("cross_entropy"), np.zeros((1, 2)), np.array([[0.0, 1.0]]))
    good = Network.create(2, [2, 2], ["tanh", "softmax"])
    with pytest.raises(NetworkError, match="output layer"):
        good.set_activation(0, "softmax")
    with pytest.raises(NetworkError, match="output layer"):
        good.insert_layer(1, 2, "softmax")


@pytest.mark.parametrize("table", ["inputs", "targets"])
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_data_is_refused_with_its_place(table, bad):
    network = Network.create(2, [1], ["identity"])
    data = {"inputs": np.array([[1.0, 2.0], [3.0, 4.0]]), "targets": np.array([[0.0], [1.0]])}
    data[table][1, -1] = bad
    with pytest.raises(NetworkError, match=rf"{table} row 2, column {data[table].shape[1]} is .*finite number"):
        check(network, Loss("sse"), data["inputs"], data["targets"])
