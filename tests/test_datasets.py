"""Built-in data sets: exact clean data at noise 0, shapes, labels, seeds, and the seeded split."""
import math

import numpy as np
import pytest

from nnviz.core import datasets
from nnviz.core.datasets import DATASETS, generate, split
from nnviz.core.losses import Loss, check_loss_fits

CORNERS = [[0, 0], [0, 1], [1, 0], [1, 1]]


@pytest.mark.parametrize("name, labels", [("xor", [0, 1, 1, 0]), ("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1])])
def test_logic_gates_default_to_their_exact_truth_table(name, labels):
    x, y = generate(name)
    assert x.tolist() == CORNERS
    assert y.tolist() == [[v] for v in labels]


@pytest.mark.parametrize("name, rule", [("xor", lambda a, b: a ^ b), ("and", lambda a, b: a & b),
                                        ("or", lambda a, b: a | b)])
def test_logic_gates_with_more_points_cluster_around_the_corners(name, rule):
    x, y = generate(name, n_samples=400, noise=0.1, seed=5)
    corner = np.rint(x).astype(int)  # noise 0.1 keeps every point far nearer its own corner
    assert np.array_equal(corner, np.array(CORNERS * 100))
    assert np.array_equal(y[:, 0], rule(corner[:, 0], corner[:, 1]).astype(float))
    offsets = x - corner
    assert abs(offsets.mean()) < 0.02
    assert 0.09 < offsets.std() < 0.11


def test_logic_gates_with_more_points_and_no_noise_repeat_the_corners_exactly():
    x, y = datasets.xor(n_samples=10, noise=0.0)
    assert x.tolist() == (CORNERS * 3)[:10]
    assert y[:, 0].tolist() == ([0, 1, 1, 0] * 3)[:10]


def test_circle_labels_points_inside_the_half_area_circle():
    x, y = datasets.circle(n_samples=4000, noise=0.0, seed=2)
    assert np.abs(x).max() <= 1.0
    inside = x[:, 0] ** 2 + x[:, 1] ** 2 < 2.0 / math.pi
    assert np.array_equal(y[:, 0], inside.astype(float))
    assert 0.47 < y.mean() < 0.53  # the circle covers half the square


def test_circle_noise_moves_points_but_keeps_the_clean_labels():
    clean_x, clean_y = datasets.circle(n_samples=500, noise=0.0, seed=4)
    noisy_x, noisy_y = datasets.circle(n_samples=500, noise=0.05, seed=4)
    assert np.array_equal(clean_y, noisy_y)
    assert 0.04 < (noisy_x - clean_x).std() < 0.06


def test_spirals_are_point_reflections_of_each_other():
    x, y = datasets.spirals(n_samples=200, noise=0.0)
    assert y[:, 0].tolist() == [0.0, 1.0] * 100
    zero, one = x[0::2], x[1::2]
    np.testing.assert_allclose(one, -zero, atol=1e-15)  # the second spiral is the first turned by pi
    radius = np.hypot(zero[:, 0], zero[:, 1])
    np.testing.assert_allclose(radius, np.linspace(0.1, 1.0, 100), rtol=1e-14)
    angle = 2 * math.pi * 1.25 * np.linspace(0, 1, 100)
    np.testing.assert_allclose(zero, np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]),
                               atol=1e-15)


def test_blobs_sit_on_their_centres_at_noise_zero_and_spread_by_the_noise():
    x, y = datasets.blobs(n_samples=6, noise=0.0)
    assert y[:, 0].tolist() == [0, 1, 0, 1, 0, 1]
    assert x.tolist() == [[-1, -1], [1, 1]] * 3
    x, y = datasets.blobs(n_samples=4000, noise=0.3, seed=1)
    for label, centre in ((0, -1.0), (1, 1.0)):
        cloud = x[y[:, 0] == label]
        assert np.abs(cloud.mean(axis=0) - centre).max() < 0.03
        assert np.abs(cloud.std(axis=0) - 0.3).max() < 0.02


def test_line_is_exact_at_noise_zero_and_a_least_squares_fit_recovers_it():
    x, y = datasets.line(n_samples=11, noise=0.0)
    assert x[:, 0].tolist() == [k / 5 for k in range(-5, 6)]  # evenly spaced, exactly symmetric
    assert np.array_equal(y, 2.0 * x - 1.0)
    x, y = datasets.line(n_samples=2000, noise=0.1, seed=3)
    slope, intercept = np.polyfit(x[:, 0], y[:, 0], 1)
    assert slope == pytest.approx(2.0, abs=0.02) and intercept == pytest.approx(-1.0, abs=0.01)
    assert (y - (2.0 * x - 1.0)).std() == pytest.approx(0.1, abs=0.005)


def test_sine_is_exact_at_noise_zero():
    x, y = datasets.sine(n_samples=101, noise=0.0)
    assert x[0, 0] == -math.pi and x[-1, 0] == math.pi and x[50, 0] == 0.0
    np.testing.assert_allclose(x[:, 0], np.linspace(-math.pi, math.pi, 101), rtol=0, atol=1e-15)
    assert np.array_equal(y[:, 0], np.sin(x[:, 0]))
    assert y[50, 0] == 0.0 and y[75, 0] == np.sin(math.pi / 2) == 1.0


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_registered_data_set_has_its_advertised_shape_and_fits_its_loss(name):
    entry = DATASETS[name]
    x, y = generate(name, seed=1)
    assert x.shape == (entry.default_samples, entry.n_inputs) and x.dtype == np.float64
    assert y.shape == (entry.default_samples, entry.n_outputs) and y.dtype == np.float64
    assert np.isfinite(x).all() and np.isfinite(y).all()
    assert check_loss_fits(Loss(entry.loss), entry.output_activation, y) == []
    if entry.task == datasets.CLASSIFICATION:
        assert (entry.output_activation, entry.loss) == ("sigmoid", "bce")
        assert set(np.unique(y)) == {0.0, 1.0}
    else:
        assert (entry.output_activation, entry.loss) == ("identity", "mse")
    assert entry.description and entry.title


@pytest.mark.parametrize("name", list(DATASETS))
def test_seed_reproduces_and_a_different_seed_changes_noisy_data(name):
    a = generate(name, n_samples=40, noise=0.2, seed=7)
    b = generate(name, n_samples=40, noise=0.2, seed=7)
    c = generate(name, n_samples=40, noise=0.2, seed=8)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not (np.array_equal(a[0], c[0]) and np.array_equal(a[1], c[1]))


@pytest.mark.parametrize("call, message", [
    (lambda: datasets.xor(n_samples=3), "at least 4"),
    (lambda: datasets.circle(n_samples=0), "at least 1"),
    (lambda: datasets.spirals(n_samples=2.5), "whole number"),
    (lambda: datasets.line(noise=-0.1), "noise must be"),
    (lambda: datasets.sine(noise=float("nan")), "noise must be"),
    (lambda: generate("moons"), 'unknown data set "moons"'),
])
def test_bad_parameters_are_refused_with_a_reason(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_split_partitions_the_rows_reproducibly_and_keeps_their_order():
    x = np.arange(20.0).reshape(10, 2)
    y = np.arange(10.0).reshape(10, 1)
    tx, ty, vx, vy = split(x, y, 0.3, seed=4)
    assert tx.shape == (7, 2) and ty.shape == (7, 1) and vx.shape == (3, 2) and vy.shape == (3, 1)
    assert sorted(ty[:, 0].tolist() + vy[:, 0].tolist()) == list(range(10))
    assert np.array_equal(tx[:, 0], 2 * ty[:, 0]) and np.array_equal(vx[:, 0], 2 * vy[:, 0])  # rows stay paired
    assert (np.diff(ty[:, 0]) > 0).all() and (np.diff(vy[:, 0]) > 0).all()
    again = split(x, y, 0.3, seed=4)
    assert np.array_equal(again[3], vy)
    others = {tuple(split(x, y, 0.3, seed=s)[3][:, 0]) for s in range(10)}
    assert len(others) > 1


def test_split_sizes_at_the_edges():
    x, y = generate("xor")
    assert [a.shape[0] for a in split(x, y, 0.0)] == [4, 4, 0, 0]
    assert [a.shape[0] for a in split(x, y, 0.01)] == [3, 3, 1, 1]  # a fraction above 0 keeps one sample back
    assert [a.shape[0] for a in split(x, y, 0.75)] == [1, 1, 3, 3]
    with pytest.raises(ValueError, match="below 1"):
        split(x, y, 1.0)
    with pytest.raises(ValueError, match="training needs at least one"):
        split(x[:1], y[:1], 0.5)
    with pytest.raises(ValueError, match="same number of rows"):
        split(x, y[:3], 0.5)
