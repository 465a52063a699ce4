"""SGD does exactly theta - lr * grad, reproducibly, and stops cleanly when it diverges."""
import numpy as np
import pytest

from nnviz.core import Layer, Loss, Network, Project, Trainer, TrainingDiverged, TrainingSettings, compute
from nnviz.core.training import LossNotFinite


def random_project(seed=0, m=6, lr=0.05, batch_size=None, loss=Loss("mse")):
    rng = np.random.default_rng(seed)
    net = Network(3, [Layer(4, "tanh"), Layer(3, "sigmoid"), Layer(2, "identity")])
    for l in range(3):
        net.weights[l] = rng.normal(0.0, 1.0, net.weights[l].shape)
        net.biases[l] = rng.normal(0.0, 0.5, net.biases[l].shape)
    return Project(net, loss, rng.normal(size=(m, 3)), rng.normal(size=(m, 2)),
                   TrainingSettings(learning_rate=lr, batch_size=batch_size, seed=seed))


def one_hot_project(m=7, batch_size=3, seed=0, reduction="sum"):
    """Sample s has input e_s, so a step changes weight s exactly when sample s was in the batch."""
    net = Network(m, [Layer(1, "identity", bias=False)])
    net.weights[0] = np.zeros((1, m))
    targets = np.arange(1.0, m + 1.0).reshape(m, 1)
    return Project(net, Loss("sse", reduction), np.eye(m), targets,
                   TrainingSettings(learning_rate=0.01, batch_size=batch_size, seed=seed))


def assert_bits_equal(actual, expected):
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    assert actual.tobytes() == expected.tobytes()


# ----- one step ---------------------------------------------------------------------------------
@pytest.mark.parametrize("loss", [Loss("mse"), Loss("sse"), Loss("huber", "mean")])
def test_one_full_batch_step_is_theta_minus_lr_grad_bit_for_bit(loss):
    p = random_project(seed=1, lr=0.037, loss=loss)
    grads = compute(p.network, p.loss, p.inputs, p.targets)
    expected_w = [w - 0.037 * r.grad_weights for w, r in zip(p.network.weights, grads.layers)]
    expected_b = [b - 0.037 * r.grad_biases for b, r in zip(p.network.biases, grads.layers)]
    loss_after = Trainer(p).step()
    for l in range(3):
        assert_bits_equal(p.network.weights[l], expected_w[l])
        assert_bits_equal(p.network.biases[l], expected_b[l])
    assert loss_after == compute(p.network, p.loss, p.inputs, p.targets).loss


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_one_mini_batch_step_is_theta_minus_lr_grad_of_that_batch(reduction):
    p = one_hot_project(m=7, batch_size=3, reduction=reduction)
    before = p.network.copy()
    Trainer(p).step()
    batch = np.flatnonzero(p.network.weights[0][0] != before.weights[0][0])
    assert len(batch) == 3
    grads = compute(before, p.loss, p.inputs[batch], p.targets[batch])
    assert_bits_equal(p.network.weights[0], before.weights[0] - 0.01 * grads.layers[0].grad_weights)


# ----- several steps ----------------------------------------------------------------------------
def test_n_steps_return_n_plus_one_losses_each_the_full_loss_at_that_point():
    p = random_project(seed=2)
    reference = p.copy()
    losses = Trainer(p).run(5)
    assert len(losses) == 6
    expected = [compute(reference.network, reference.loss, reference.inputs, reference.targets).loss]
    stepper = Trainer(reference)
    expected += [stepper.step() for _ in range(5)]
    assert losses == expected
    assert losses[-1] == compute(p.network, p.loss, p.inputs, p.targets).loss
    assert Trainer(random_project(seed=2)).run(0) == losses[:1]


def test_loss_decreases_on_a_simple_regression():
    x = np.linspace(-1.0, 1.0, 9).reshape(9, 1)
    net = Network.create(1, [1], ["identity"], weight=0.0)
    p = Project(net, Loss("mse"), x, 2.0 * x + 1.0, TrainingSettings(learning_rate=0.2))
    losses = Trainer(p).run(100)
    assert all(after < before for before, after in zip(losses, losses[1:]))  # still far from rounding noise
    assert losses[-1] < 1e-12 * losses[0]
    assert net.weights[0][0, 0] == pytest.approx(2.0, abs=1e-6)
    assert net.biases[0][0] == pytest.approx(1.0, abs=1e-6)


def test_loss_decreases_on_a_hidden_layer_net_with_mini_batches():
    p = random_project(seed=3, m=12, lr=0.05, batch_size=4)
    losses = Trainer(p).run(300)
    assert losses[-1] < 0.5 * losses[0]


# ----- mini-batches -----------------------------------------------------------------------------
def test_same_seed_gives_identical_weights_and_different_seed_different_ones():
    runs = {}
    for name, seed in [("a", 11), ("b", 11), ("c", 12)]:
        p = random_project(seed=0, m=10, batch_size=3)
        p.training.seed = seed
        Trainer(p).run(10)
        runs[name] = p.network
    assert runs["a"].equals(runs["b"])
    assert not runs["a"].equals(runs["c"])


@pytest.mark.parametrize("m,batch_size", [(7, 3), (6, 2), (5, 1), (4, 4)])
def test_every_epoch_uses_every_sample_exactly_once(m, batch_size):
    p = one_hot_project(m=m, batch_size=batch_size, seed=4)
    trainer = Trainer(p)
    steps_per_epoch = -(-m // batch_size)
    orders = []
    for _ in range(3):
        seen = []
        for _ in range(steps_per_epoch):
            before = p.network.weights[0][0].copy()
            trainer.step()
            changed = np.flatnonzero(p.network.weights[0][0] != before)
            assert 0 < len(changed) <= batch_size
            seen.extend(changed.tolist())
        assert sorted(seen) == list(range(m))
        orders.append(seen)
    if batch_size < m:
        assert len({tuple(o) for o in orders}) > 1  # shuffled again each epoch


# ----- divergence -------------------------------------------------------------------------------
def _all_finite(net):
    return all(np.isfinite(w).all() for w in net.weights) and all(np.isfinite(b).all() for b in net.biases)


@pytest.mark.parametrize("lr", [1e300, 1e308, np.inf])
def test_a_huge_learning_rate_raises_and_keeps_the_last_finite_weights(lr):
    p = random_project(seed=5, loss=Loss("sse"))
    trainer = Trainer(p)
    trainer.run(3)
    last_good = p.network.copy()
    loss_before = trainer.loss
    p.training.learning_rate = lr
    with pytest.raises(TrainingDiverged, match="smaller learning rate"):
        trainer.step()
    assert p.network.equals(last_good) and _all_finite(p.network)
    assert trainer.loss == loss_before == compute(p.network, p.loss, p.inputs, p.targets).loss
    assert trainer.steps_done == 3
    p.training.learning_rate = 0.01  # training can carry on from the kept state
    assert np.isfinite(trainer.step())


def test_gradual_divergence_stops_at_the_last_finite_state():
    # sse on y = w x with x = 3: each step multiplies (w - y/x) by 1 - 2 lr x^2 = -5.3, until overflow
    p = Project(Network.create(1, [1], ["identity"], bias=False), Loss("sse"), [[3.0]], [[1.0]],
                TrainingSettings(learning_rate=0.35))
    trainer = Trainer(p)
    good = 0
    with pytest.raises(TrainingDiverged):
        for _ in range(10000):
            last_good = p.network.copy()
            trainer.step()
            good += 1
    assert good > 100  # it took many growing steps to overflow
    assert trainer.steps_done == good
    assert p.network.equals(last_good) and _all_finite(p.network)


# ----- what training must not touch -----------------------------------------------------------
def test_removed_edges_stay_zero_and_bias_off_keeps_its_value():
    p = random_project(seed=6, batch_size=2)
    net = p.network
    net.set_edge_enabled(0, 1, 2, False)
    net.set_edge_enabled(2, 0, 2, False)
    net.set_bias_enabled(1, False)
    net.biases[1][:] = [0.7, -0.3, 1.25]
    masks = [None if m is None else m.copy() for m in net.masks]
    weights_before = [w.copy() for w in net.weights]
    Trainer(p).run(25)
    assert net.weights[0][1, 2] == 0.0 and net.weights[2][0, 2] == 0.0
    for mask, kept in zip(net.masks, masks):
        assert (mask is None and kept is None) or np.array_equal(mask, kept)
    np.testing.assert_array_equal(net.biases[1], [0.7, -0.3, 1.25])
    assert not np.array_equal(net.weights[0], weights_before[0])  # the other weights did train


# ----- a loss that is not finite before any step (issue 9) ------------------------------------------
def _overflowing(edit):
    net = Network.create(2, [2, 1], ["relu", "identity"])
    project = Project(net, Loss("sse"), [[1.0, 2.0]], [[0.0]])
    edit(project.network)
    return project


@pytest.mark.parametrize("edit, cause", [
    (lambda n: n.weights[0].__setitem__((1, 1), 1e308),
     "z of unit 2 in layer 1 (sample 1) is inf: the weight w(1)[2,2] = 1e+308 times x2 = 2 is more than a "
     "float can hold (about 1.8e308)"),
    (lambda n: n.biases[1].__setitem__(0, 1.7e308) or n.weights[1].__setitem__((0, 0), 1e307),
     "z of unit 1 in layer 2 (sample 1) is inf: the bias b(2)[1] = 1.7e+308 adds up to more than a float can "
     "hold (about 1.8e308)"),
    (lambda n: n.weights[1].__setitem__((0, 0), 1e200),
     "the outputs are finite, but the loss of sample 1 overflows: its output 3e+200 is too far from its target 0"),
])
def test_a_loss_not_finite_before_any_step_is_explained_not_blamed_on_the_learning_rate(edit, cause):
    project = _overflowing(edit)
    before = project.network.copy()
    with np.errstate(all="ignore"):
        trainer = Trainer(project)
        with pytest.raises(LossNotFinite) as caught:
            trainer.step()
    assert isinstance(caught.value, TrainingDiverged)
    assert str(caught.value) == (f"the starting loss is inf before any step, so no step can be taken: {cause}. "
                                 "Make those numbers smaller and try again.")
    assert project.network.equals(before) and trainer.steps_done == 0


@pytest.mark.parametrize("batch_size", [None, 4])
def test_preview_gives_the_next_steps_pass_and_weights_exactly_and_changes_nothing(batch_size):
    project = random_project(seed=3, m=6, batch_size=batch_size)
    trainer, twin = Trainer(project.copy()), Trainer(project.copy())
    for _ in range(5):  # into the third epoch of mini-batches: new orders are drawn
        planned = trainer.preview()
        again = trainer.preview()
        assert planned.weights[0].tobytes() == again.weights[0].tobytes()  # previewing moves nothing on
        before = trainer.project.network.copy()
        trainer.step()
        twin.step()
        net = trainer.project.network
        for actual, expected in zip(net.weights + net.biases, planned.weights + planned.biases):
            assert_bits_equal(actual, expected)
        assert net.equals(twin.project.network)  # as a trainer that never previewed
        if batch_size is None:
            assert planned.batch is None and planned.gradient.loss == compute(before, project.loss, project.inputs,
                                                                              project.targets).loss
        else:
            assert planned.gradient.sample_count == len(planned.batch) in (4, 2)  # 6 samples: 4, then 2
            assert planned.gradient.loss == compute(before, project.loss, project.inputs[planned.batch],
                                                    project.targets[planned.batch]).loss
