"""The planned pass gives the straight-line pass's very bits, and a Trainer's steps those of theta - lr * grad.

tests/straight_engine.py is the pass as it was written before it was planned. Every number compute()
reports (and each Trainer step) must equal it bit for bit: same NaNs, same signs of zero, for every
activation, loss, reduction, mask, bias switch, batch size and memory layout.
"""
import numpy as np
import pytest

import straight_engine
from nnviz.core import Layer, Loss, Network, Project, TrainingSettings, Trainer, compute
from nnviz.core.plan import plan_for
from test_engine import ELEMENTWISE, PAIRINGS, make_targets, random_network

FIELDS = ("z", "a", "delta", "grad_weights", "grad_biases", "fprime_kept", "grad_a")


def same_bits(actual, expected) -> bool:
    if actual is None or expected is None:
        return actual is None and expected is None
    actual, expected = np.asarray(actual), np.asarray(expected)
    return (actual.shape == expected.shape and actual.dtype == expected.dtype
            and np.array_equal(actual, expected, equal_nan=True)
            and np.array_equal(np.signbit(actual), np.signbit(expected)))


def assert_same_pass(net, loss, x, y):
    result = compute(net, loss, x, y)
    value, sample_losses, layers, grad_inputs = straight_engine.compute(net, loss, x, y)
    assert same_bits(result.loss, value) and type(result.loss) is float
    assert same_bits(result.sample_losses, sample_losses)
    assert same_bits(result.grad_inputs, grad_inputs)
    for l, (layer, expected) in enumerate(zip(result.layers, layers)):
        for name, number in zip(FIELDS, expected[:5] + expected[5:]):
            assert same_bits(getattr(layer, name), number), f"layer {l + 1}: {name}"
    return result


def random_case(seed: int):
    rng = np.random.default_rng(seed)
    out_act, loss_name = PAIRINGS[seed % len(PAIRINGS)]
    depth = int(rng.integers(0, 4))
    hidden = [str(rng.choice(ELEMENTWISE)) for _ in range(depth)]
    n_out = int(rng.integers(2 if loss_name == "cross_entropy" else 1, 4))
    sizes = [int(rng.integers(1, 6)) for _ in range(depth)] + [n_out]
    n_in = int(rng.integers(1, 5))
    net = random_network(rng, n_in, sizes, hidden + [out_act], remove_edges=seed % 3 == 0,
                         bias_flags=[bool(rng.uniform() < 0.75) for _ in sizes])
    loss = Loss(loss_name, str(rng.choice(["sum", "mean"])), delta=float(rng.uniform(0.3, 2.0)))
    m = int(rng.choice([1, 2, 3, 7, 64]))
    x = rng.normal(0.0, 1.5, (m, n_in))
    y = make_targets(loss_name, rng, m, n_out)
    x[0, 0] = -0.0 if seed % 5 == 0 else x[0, 0]
    if seed % 4 == 0 and loss_name in ("bce", "sse"):
        y[-1, 0] = -0.0  # a target typed as -0
    return net, loss, x, y


@pytest.mark.parametrize("seed", range(300))
def test_every_number_has_the_straight_passs_bits(seed):
    assert_same_pass(*random_case(seed))


@pytest.mark.parametrize("layout", ["fortran weights", "fortran inputs", "strided weights", "strided inputs"])
def test_any_memory_layout_gives_the_same_bits(layout):
    for seed in range(0, 60, 7):
        net, loss, x, y = random_case(seed)
        if layout == "fortran weights":
            net.weights = [np.asfortranarray(w) for w in net.weights]
        elif layout == "fortran inputs":
            x = np.asfortranarray(x)
        elif layout == "strided weights":
            net.weights = [np.repeat(w, 2, axis=1)[:, ::2] for w in net.weights]
        else:
            x = np.repeat(x, 2, axis=1)[:, ::2]
        assert_same_pass(net, loss, x, y)


def test_overflow_nan_and_signed_zeros_give_the_same_bits():
    with np.errstate(all="ignore"):
        for seed in range(40):
            net, loss, x, y = random_case(seed)
            net.weights[0] = net.weights[0] * 1e200
            x[-1] = -0.0
            assert_same_pass(net, loss, x, y)
            net.weights[-1][0, 0] = np.nan
            assert_same_pass(net, loss, x, y)


def test_dl_dx_is_that_of_the_weights_the_pass_used_even_after_they_change():
    net, loss, x, y = random_case(4)
    result = compute(net, loss, x, y)
    expected = straight_engine.compute(net, loss, x, y)[3]
    net.weights[0][...] = 7.0  # an edit in place, as the document makes them
    assert same_bits(result.grad_inputs, expected)


def test_a_plan_is_written_once_per_structure_and_an_activation_change_gets_its_own():
    net = Network.create(2, [3, 1], ["relu", "identity"])
    x, y = np.ones((4, 2)), np.zeros((4, 1))
    plan = plan_for(net, Loss("sse"), x)
    assert plan_for(net, Loss("sse"), x) is plan and "maximum(z1, ZERO)" in plan.source
    net.set_activation(0, "tanh")
    assert plan_for(net, Loss("sse"), x) is not plan
    assert_same_pass(net, Loss("sse"), x, y)


def straight_training(project: Project, steps: int) -> tuple[list[float], Network]:
    """SGD steps as the Trainer made them before: the whole-batch pass, then theta - lr * grad per array."""
    net, p = project.network.copy(), project
    losses = []
    for _ in range(steps):
        result = compute(net, p.loss, p.inputs, p.targets)
        net.weights[:], net.biases[:] = straight_engine.sgd_step(net, result, p.training.learning_rate)
        losses.append(straight_engine.compute(net, p.loss, p.inputs, p.targets)[0])
    return losses, net


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # cases that diverge are skipped
@pytest.mark.parametrize("seed", range(0, 120, 5))
def test_trainer_steps_have_the_bits_of_theta_minus_lr_grad(seed):
    net, loss, x, y = random_case(seed)
    project = Project(net, loss, x, y, TrainingSettings(learning_rate=0.05))
    expected_losses, expected = straight_training(project, 4)
    if not np.isfinite(expected_losses).all():  # a random case that diverges: fewer steps
        return test_trainer_steps_have_the_bits_of_theta_minus_lr_grad(seed + 1)
    trainer = Trainer(project)
    losses = [trainer.step() for _ in range(4)]
    assert all(same_bits(a, b) for a, b in zip(losses, expected_losses))
    assert project.network.equals(expected)
    assert all(w.flags.c_contiguous for w in project.network.weights)


def test_a_step_leaves_the_arrays_of_before_the_step_as_they_were():
    p = Project(Network(2, [Layer(3, "tanh"), Layer(1, "identity", bias=False)]), Loss("mse"),
                np.ones((5, 2)), np.zeros((5, 1)), TrainingSettings(learning_rate=0.1))
    p.network.initialise("xavier", seed=1)
    trainer = Trainer(p)
    trainer.step()
    before = [w.copy() for w in p.network.weights], [b.copy() for b in p.network.biases]
    held = p.network.weights[:], p.network.biases[:]
    trainer.step()
    trainer.step()
    assert all(np.array_equal(a, b) for a, b in zip(held[0] + held[1], before[0] + before[1]))
    assert p.network.biases[1] is held[1][1]  # a layer without a bias keeps its very array


@pytest.mark.parametrize("sizes", [(3, 2, 2, 1), (40, 16, 2)])  # steps from blocks of rows; steps making their own
def test_long_training_has_the_bits_of_theta_minus_lr_grad_and_never_reuses_an_earlier_steps_arrays(sizes):
    rng = np.random.default_rng(7)
    net = random_network(rng, sizes[0], list(sizes[1:]), ["relu"] * (len(sizes) - 2) + ["identity"])
    project = Project(net, Loss("sse"), rng.normal(0.0, 1.0, (1, sizes[0])), np.array([[0.5] * sizes[-1]]),
                      TrainingSettings(learning_rate=0.01))
    steps = 150  # more than two blocks of a small network's rows
    expected_losses, expected = straight_training(project, steps)
    trainer = Trainer(project)
    trainer.step()
    first = [a.copy() for a in project.network.weights + project.network.biases]
    held = project.network.weights + project.network.biases
    losses = [trainer.loss] + [trainer.step() for _ in range(steps - 1)]
    assert plan_for(net, project.loss, project.inputs).block_rows == (60 if sizes[0] == 3 else 1)
    assert np.isfinite(losses).all() and all(same_bits(a, b) for a, b in zip(losses, expected_losses))
    assert project.network.equals(expected)
    assert all(same_bits(a, b) for a, b in zip(held, first))
