"""Every loss has the value its definition gives, both reductions, and refuses data it cannot handle."""
import math

import numpy as np
import pytest

from nnviz.core import LOSSES, Loss, Network, NetworkError, check, compute

LN2 = math.log(2.0)


def pass_through(values, activation="identity", loss=Loss(), targets=None):
    """compute() on a one-layer net with W = I, b = 0, so the output layer's z is exactly `values`."""
    z = np.array(values, dtype=float, ndmin=2)
    n = z.shape[1]
    net = Network.create(n, [n], [activation], weight=0.0)
    net.weights[0] = np.eye(n)
    y = np.array(targets, dtype=float, ndmin=2)
    check(net, loss, z, y)
    return compute(net, loss, z, y)


# ----- per-sample values, worked by hand --------------------------------------------------------
@pytest.mark.parametrize("loss,yhat,y,expected", [
    (Loss("sse"), [0.0, 4.0], [1.0, 2.0], 1.0 + 4.0),
    (Loss("half_sse"), [0.0, 4.0], [1.0, 2.0], 0.5 * (1.0 + 4.0)),
    (Loss("mse"), [0.0, 4.0], [1.0, 2.0], (1.0 + 4.0) / 2),
    (Loss("l1"), [0.0, 4.0], [1.0, 2.0], 1.0 + 2.0),
    (Loss("l1"), [2.0, -1.0], [2.0, -1.0], 0.0),
    (Loss("huber"), [0.0, 4.0], [1.0, 2.0], 0.5 * 1.0 + 1.0 * (2.0 - 0.5)),  # |r| = 1 is quadratic
    (Loss("huber", delta=2.5), [0.0, 4.0], [1.0, 2.0], 0.5 * 1.0 + 0.5 * 4.0),
    (Loss("huber", delta=0.5), [0.0, 4.0], [1.0, 2.0], 0.5 * (1.0 - 0.25) + 0.5 * (2.0 - 0.25)),
    (Loss("hinge"), [0.5, 0.5], [1.0, -1.0], (1.0 - 0.5) + (1.0 + 0.5)),
    (Loss("hinge"), [2.0, -3.0], [1.0, -1.0], 0.0),
    (Loss("hinge"), [1.0, -1.0], [1.0, -1.0], 0.0),
    (Loss("cosine"), [1.0, 1.0], [1.0, 0.0], 1.0 - 1.0 / math.sqrt(2.0)),
    (Loss("cosine"), [2.0, 4.0], [1.0, 2.0], 0.0),
    (Loss("cosine"), [-3.0, 0.0], [1.0, 0.0], 2.0),
])
def test_plain_losses_by_hand(loss, yhat, y, expected):
    result = pass_through(yhat, "identity", loss, y)
    assert result.sample_losses[0] == pytest.approx(expected, rel=1e-15, abs=1e-15)
    assert result.loss == pytest.approx(expected, rel=1e-15, abs=1e-15)


def test_bce_by_hand_from_z():
    # z = (0, ln 3): sigmoid = (1/2, 3/4); y = (1, 0): -(1/2)[log(1/2) + log(1 - 3/4)] = (ln 2 + ln 4) / 2
    result = pass_through([0.0, math.log(3.0)], "sigmoid", Loss("bce"), [1.0, 0.0])
    assert result.loss == pytest.approx(1.5 * LN2, rel=1e-15)
    # soft targets: y = (1/2, 1/2) on z = (0, 0) gives ln 2
    assert pass_through([0.0, 0.0], "sigmoid", Loss("bce"), [0.5, 0.5]).loss == pytest.approx(LN2, rel=1e-15)


def test_cross_entropy_by_hand_from_z():
    # z = (0, ln 3): softmax = (1/4, 3/4)
    one_hot = pass_through([0.0, math.log(3.0)], "softmax", Loss("cross_entropy"), [0.0, 1.0])
    assert one_hot.loss == pytest.approx(math.log(4.0 / 3.0), rel=1e-14)
    np.testing.assert_allclose(one_hot.outputs, [[0.25, 0.75]], rtol=1e-15)
    soft = pass_through([0.0, math.log(3.0)], "softmax", Loss("cross_entropy"), [0.5, 0.5])
    assert soft.loss == pytest.approx(-(0.5 * math.log(0.25) + 0.5 * math.log(0.75)), rel=1e-14)


def test_bce_and_cross_entropy_stay_finite_for_huge_z():
    # computed from z: log(sigmoid(-800)) would be log(0) = -inf, the z form gives 800
    bce = pass_through([-800.0, 800.0], "sigmoid", Loss("bce"), [1.0, 0.0])
    assert bce.loss == pytest.approx(800.0, rel=1e-15)
    np.testing.assert_allclose(bce.layers[0].delta, [[-0.5, 0.5]])  # (sigmoid(z) - y) / n_out
    ce = pass_through([1000.0, 0.0], "softmax", Loss("cross_entropy"), [0.0, 1.0])
    assert ce.loss == pytest.approx(1000.0, rel=1e-15)
    np.testing.assert_allclose(ce.layers[0].delta, [[1.0, -1.0]])


@pytest.mark.parametrize("loss,yhat,y,expected", [
    # dl/dyhat at the output (identity activation, so dl/dz = dl/dyhat)
    (Loss("sse"), [0.0, 4.0], [1.0, 2.0], [-2.0, 4.0]),
    (Loss("half_sse"), [0.0, 4.0], [1.0, 2.0], [-1.0, 2.0]),
    (Loss("mse"), [0.0, 4.0], [1.0, 2.0], [-1.0, 2.0]),  # 2 (yhat - y) / n_out
    (Loss("l1"), [0.0, 2.0, 5.0], [1.0, 2.0, 2.0], [-1.0, 0.0, 1.0]),  # 0 where yhat = y
    (Loss("huber"), [0.0, 4.0, 2.5], [1.0, 2.0, 2.0], [-1.0, 1.0, 0.5]),
    (Loss("hinge"), [0.5, 0.5, 2.0], [1.0, -1.0, 1.0], [-1.0, 1.0, 0.0]),
])
def test_output_slopes_by_hand(loss, yhat, y, expected):
    np.testing.assert_allclose(pass_through(yhat, "identity", loss, y).layers[0].delta, [expected], rtol=1e-15)


# ----- reductions -------------------------------------------------------------------------------
DEFAULT_REDUCTIONS = {"sse": "sum", "half_sse": "sum", "mse": "mean", "bce": "mean", "cross_entropy": "mean",
                      "hinge": "sum", "l1": "sum", "huber": "sum", "cosine": "mean"}
OUTPUT_FOR = {"bce": "sigmoid", "cross_entropy": "softmax"}


def test_default_reductions_are_the_specified_ones():
    assert set(LOSSES) == set(DEFAULT_REDUCTIONS)
    for name, reduction in DEFAULT_REDUCTIONS.items():
        assert Loss(name).reduction == reduction


def _data_for(name, rng, m, n):
    if name == "bce":
        return rng.uniform(0, 1, (m, n))
    if name == "cross_entropy":
        return rng.dirichlet(np.ones(n), m)
    if name == "hinge":
        return rng.choice([-1.0, 1.0], (m, n))
    return rng.normal(size=(m, n))


@pytest.mark.parametrize("name", sorted(DEFAULT_REDUCTIONS))
def test_sum_adds_and_mean_averages_the_sample_losses(name):
    rng = np.random.default_rng(5)
    z, y = rng.normal(size=(4, 3)), _data_for(name, rng, 4, 3)
    activation = OUTPUT_FOR.get(name, "tanh")
    total = pass_through(z, activation, Loss(name, "sum"), y)
    mean = pass_through(z, activation, Loss(name, "mean"), y)
    np.testing.assert_array_equal(total.sample_losses, mean.sample_losses)
    singles = [pass_through(z[s], activation, Loss(name, "sum"), y[s]).loss for s in range(4)]
    np.testing.assert_allclose(total.sample_losses, singles, rtol=1e-15)
    assert total.loss == pytest.approx(sum(singles), rel=1e-15)
    assert mean.loss == pytest.approx(sum(singles) / 4, rel=1e-15)
    np.testing.assert_allclose(mean.layers[0].grad_weights, total.layers[0].grad_weights / 4, rtol=1e-14)
    np.testing.assert_allclose(mean.grad_inputs, total.grad_inputs / 4, rtol=1e-14)


def test_mse_equals_pytorch_mse_loss_and_bce_equals_pytorch_bce_loss():
    # torch.nn.functional.mse_loss / binary_cross_entropy with reduction="mean" average over all m * n
    # elements; the sample mean of the per-sample mean over outputs is that same number.
    rng = np.random.default_rng(6)
    z, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    assert pass_through(z, "identity", Loss("mse"), y).loss == pytest.approx(np.mean((z - y) ** 2), rel=1e-15)
    p = rng.uniform(0, 1, (5, 3))
    s = 1 / (1 + np.exp(-z))
    torch_bce = np.mean(-(p * np.log(s) + (1 - p) * np.log(1 - s)))
    assert pass_through(z, "sigmoid", Loss("bce"), p).loss == pytest.approx(torch_bce, rel=1e-13)
    # torch.nn.functional.cross_entropy(z, labels): mean over samples of -log softmax(z)[label]
    labels = rng.integers(0, 3, 5)
    torch_ce = np.mean([-(z[s, labels[s]] - np.log(np.exp(z[s]).sum())) for s in range(5)])
    assert pass_through(z, "softmax", Loss("cross_entropy"), np.eye(3)[labels]).loss == pytest.approx(torch_ce, rel=1e-13)


# ----- the Loss value object --------------------------------------------------------------------
@pytest.mark.parametrize("kwargs,words", [
    ({"name": "rmse"}, ['unknown loss "rmse"', "expected one of", "cross_entropy"]),
    ({"name": "sse", "reduction": "max"}, ['unknown reduction "max"', "sum or mean"]),
    ({"name": "huber", "delta": 0.0}, ["delta must be a positive number"]),
    ({"name": "huber", "delta": -1.0}, ["delta must be a positive number"]),
    ({"name": "huber", "delta": float("nan")}, ["delta must be a positive number"]),
    ({"name": "huber", "delta": float("inf")}, ["delta must be a positive number"]),
])
def test_bad_loss_settings_are_refused(kwargs, words):
    with pytest.raises(NetworkError) as caught:
        Loss(**kwargs)
    for word in words:
        assert word in str(caught.value)


# ----- pairings and target domains ------------------------------------------------------------
def _check(activation, loss_name, targets, n=2):
    net = Network.create(n, [n], [activation])
    y = np.array(targets, dtype=float, ndmin=2)
    check(net, Loss(loss_name), np.zeros((y.shape[0], n)), y)


@pytest.mark.parametrize("activation,loss_name,targets,words", [
    ("softmax", "sse", [0.0, 1.0], ["softmax output needs the cross_entropy loss", "change the loss"]),
    ("softmax", "bce", [0.0, 1.0], ["softmax output needs the cross_entropy loss", "change the loss"]),
    ("sigmoid", "cross_entropy", [0.0, 1.0], ["needs a softmax output layer", "it is sigmoid",
                                              "set the output activation to softmax"]),
    ("identity", "bce", [0.0, 1.0], ["needs a sigmoid output layer", "it is identity",
                                     "set the output activation to sigmoid"]),
    ("tanh", "bce", [0.0, 1.0], ["set the output activation to sigmoid"]),
    ("sigmoid", "bce", [[0.0, 1.0], [1.5, 0.0]], ["bce targets", "[0, 1]"]),
    ("sigmoid", "bce", [-0.1, 0.0], ["bce targets", "[0, 1]"]),
    ("identity", "hinge", [1.0, 0.0], ["hinge targets", "-1 or +1"]),
    ("identity", "hinge", [0.5, -1.0], ["hinge targets", "-1 or +1"]),
    ("softmax", "cross_entropy", [0.5, 0.6], ["cross_entropy targets", "summing to 1"]),
    ("softmax", "cross_entropy", [[0.0, 1.0], [-0.5, 1.5]], ["cross_entropy targets", "non-negative"]),
    ("identity", "cosine", [[1.0, 0.0], [0.0, 0.0]], ["cosine needs non-zero target vectors"]),
])
def test_pairings_and_targets_that_cannot_work_are_refused(activation, loss_name, targets, words):
    with pytest.raises(NetworkError) as caught:
        _check(activation, loss_name, targets)
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize("activation,loss_name,targets", [
    ("sigmoid", "bce", [[0.0, 1.0], [0.3, 0.7]]),
    ("softmax", "cross_entropy", [[0.1, 0.9], [0.7, 0.3]]),
    ("identity", "hinge", [[1.0, -1.0]]),
    ("relu", "cosine", [[0.0, -2.0]]),
    ("identity", "cosine", [[1e-200, 0.0]]),  # y.y underflows to 0, but the vector is not zero
    ("identity", "cosine", [[0.0, 5e-324]]),
    ("identity", "sse", [[-5.0, 1e6]]),
])
def test_the_boundaries_of_each_domain_are_accepted(activation, loss_name, targets):
    _check(activation, loss_name, targets)


@pytest.mark.parametrize("scale", [1e-200, 5e-300, 1e200, 1e300])
def test_cosine_of_tiny_or_huge_targets_is_the_cosine_of_their_directions(scale):
    # y and yhat at 45 degrees: l = 1 - 1/sqrt(2) at any length of the target
    result = pass_through([1.0, 0.0], "identity", Loss("cosine"), [scale, scale])
    assert result.loss == pytest.approx(1.0 - 1.0 / math.sqrt(2.0), rel=1e-15)
    unit = pass_through([0.6, 0.8], "identity", Loss("cosine"), [1.0, 1.0]).layers[0].delta
    scaled = pass_through([0.6, 0.8], "identity", Loss("cosine"), [scale, scale]).layers[0].delta
    np.testing.assert_allclose(scaled, unit, rtol=1e-15)  # the gradient does not depend on |y|


def test_cosine_of_huge_outputs_does_not_overflow():
    # yhat . yhat would overflow to inf (and cos to 0); scaled norms keep the direction
    result = pass_through([1e200, 0.0], "identity", Loss("cosine"), [1.0, 1.0])
    assert result.loss == pytest.approx(1.0 - 1.0 / math.sqrt(2.0), rel=1e-15)
    assert np.isfinite(result.layers[0].delta).all()
