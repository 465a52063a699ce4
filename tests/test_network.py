"""Network and Project mutators keep every shape consistent; copy() is deep and equals() bit-exact."""
import numpy as np
import pytest

from nnviz.core import Layer, Loss, Network, NetworkError, Project, TrainingSettings, compute


def random_net(seed=0, remove_edge=False):
    rng = np.random.default_rng(seed)
    net = Network(3, [Layer(4, "tanh"), Layer(3, "sigmoid", bias=False), Layer(2, "identity")])
    for l in range(3):
        net.weights[l] = rng.normal(size=net.weights[l].shape)
        net.biases[l] = rng.normal(size=net.biases[l].shape)
    if remove_edge:
        net.set_edge_enabled(1, 2, 1, False)
    net.validate()
    return net


def outputs(net, inputs):
    return compute(net, Loss("sse"), inputs, np.zeros((len(inputs), net.output_size))).outputs


def assert_consistent(net):
    net.validate()
    assert len(net.weights) == len(net.biases) == len(net.masks) == len(net.layers)
    for layer, prev, w, b, mask in zip(net.layers, net.fan_ins(), net.weights, net.biases, net.masks):
        assert w.shape == (layer.size, prev) and b.shape == (layer.size,)
        assert mask is None or (mask.shape == w.shape and not mask.all())


X = np.random.default_rng(99).normal(size=(5, 3))


# ----- neurons ----------------------------------------------------------------------------------
@pytest.mark.parametrize("l,index", [(0, 0), (0, 4), (1, 1), (1, 3)])
def test_inserting_a_neuron_with_zero_weights_keeps_shapes_and_outputs(l, index):
    net = random_net(remove_edge=True)
    before = outputs(net, X)
    net.insert_neuron(l, index, weight=0.0)
    assert_consistent(net)
    assert net.layers[l].size == (4, 3)[l] + 1
    np.testing.assert_allclose(outputs(net, X), before, rtol=1e-15, atol=1e-15)
    assert not net.edge_present(1, 2 + (l == 1 and index <= 2), 1 + (l == 0 and index <= 1))  # edge moved along


def test_inserting_an_output_neuron_adds_an_output():
    net = random_net()
    net.insert_neuron(2, 1, weight=0.5)
    assert_consistent(net)
    assert net.output_size == 3
    np.testing.assert_array_equal(net.weights[2][1], [0.5, 0.5, 0.5])


def test_removing_a_neuron_removes_its_row_and_the_next_column():
    net = random_net()
    w0, w1 = net.weights[0].copy(), net.weights[1].copy()
    net.remove_neuron(0, 2)
    assert_consistent(net)
    np.testing.assert_array_equal(net.weights[0], np.delete(w0, 2, axis=0))
    np.testing.assert_array_equal(net.weights[1], np.delete(w1, 2, axis=1))


def test_removing_the_neuron_that_holds_the_only_removed_edge_drops_the_mask():
    net = random_net(remove_edge=True)  # the removed edge goes into unit 3 of layer 2
    net.remove_neuron(1, 2)
    assert_consistent(net)
    assert net.masks[1] is None
    net2 = random_net(remove_edge=True)  # ... and out of unit 2 of layer 1
    net2.remove_neuron(0, 1)
    assert_consistent(net2)
    assert net2.masks[1] is None


def test_the_last_neuron_of_a_layer_cannot_be_removed():
    net = Network.create(2, [1, 1], ["relu", "identity"])
    with pytest.raises(NetworkError, match="only one neuron; remove the layer instead"):
        net.remove_neuron(0, 0)


# ----- inputs -----------------------------------------------------------------------------------
def test_inserting_and_removing_inputs_keeps_shapes():
    net = random_net(remove_edge=True)
    before = outputs(net, X)
    net.insert_input(1, weight=0.25)
    assert_consistent(net)
    assert net.input_size == 4
    np.testing.assert_array_equal(net.weights[0][:, 1], [0.25] * 4)
    # a zero in the new input column leaves every output as it was
    np.testing.assert_allclose(outputs(net, np.insert(X, 1, 0.0, axis=1)), before, rtol=1e-15, atol=1e-15)
    net.remove_input(1)
    assert_consistent(net)
    np.testing.assert_array_equal(outputs(net, X), before)
    net.remove_input(0)
    net.remove_input(0)
    with pytest.raises(NetworkError, match="at least one input"):
        net.remove_input(0)


# ----- layers -----------------------------------------------------------------------------------
@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_inserting_a_layer_anywhere_keeps_shapes(index):
    net = random_net(remove_edge=True)
    net.insert_layer(index, 5, "relu", weight=0.5)
    assert_consistent(net)
    assert len(net.layers) == 4 and net.layers[index] == Layer(5, "relu", True)
    np.testing.assert_array_equal(net.weights[index], np.full(net.weights[index].shape, 0.5))


@pytest.mark.parametrize("index", [0, 1, 2])
def test_removing_a_layer_anywhere_keeps_shapes(index):
    net = random_net(remove_edge=True)
    net.remove_layer(index)
    assert_consistent(net)
    assert len(net.layers) == 2


def test_layer_edits_refuse_what_cannot_work():
    net = Network.create(2, [3], ["softmax"])
    with pytest.raises(NetworkError, match="at least one layer"):
        net.remove_layer(0)
    with pytest.raises(NetworkError, match="at least one neuron"):
        net.insert_layer(0, 0)
    with pytest.raises(NetworkError, match="only allowed on the output layer"):
        net.insert_layer(0, 2, "softmax")
    # appending after a softmax output would leave softmax on a hidden layer
    with pytest.raises(NetworkError, match="softmax"):
        net.insert_layer(1, 2, "identity")
    assert_consistent(net)


# ----- values and edges -------------------------------------------------------------------------
def test_set_weight_on_a_removed_edge_raises_and_restoring_allows_it():
    net = random_net(remove_edge=True)
    with pytest.raises(NetworkError, match=r"w\(2\)\[3,2\] is removed; restore it"):
        net.set_weight(1, 2, 1, 1.0)
    assert net.weights[1][2, 1] == 0.0
    net.set_edge_enabled(1, 2, 1, True)
    assert net.masks[1] is None and net.weights[1][2, 1] == 0.0
    net.set_weight(1, 2, 1, 1.5)
    assert net.weights[1][2, 1] == 1.5


def test_removing_an_edge_zeroes_it_and_initialise_keeps_it_zero():
    net = random_net(remove_edge=True)
    for method in ("constant", "uniform", "xavier", "he"):
        net.initialise(method, value=2.0, seed=3)
        assert net.weights[1][2, 1] == 0.0
        assert (net.weights[1][net.masks[1]] != 0.0).all()


# ----- copy and equals --------------------------------------------------------------------------
def test_copy_is_deep():
    net = random_net(remove_edge=True)
    copy = net.copy()
    assert copy.equals(net)
    copy.weights[0][0, 0] += 1.0
    copy.biases[2][1] = 9.0
    copy.masks[1][0, 0] = False
    copy.set_activation(0, "relu")
    copy.set_bias_enabled(1, True)
    assert net.layers[0].activation == "tanh" and not net.layers[1].bias
    assert net.masks[1][0, 0] and net.biases[2][1] != 9.0
    assert net.equals(random_net(remove_edge=True))


def test_equals_is_bit_exact():
    net = random_net(remove_edge=True)
    for change in (
        lambda n: n.weights[0].__setitem__((1, 1), np.nextafter(n.weights[0][1, 1], np.inf)),
        lambda n: n.biases[1].__setitem__(0, np.nextafter(n.biases[1][0], -np.inf)),  # a bias that is off
        lambda n: n.set_edge_enabled(0, 0, 0, False),
        lambda n: n.set_bias_enabled(1, True),
        lambda n: n.set_activation(0, "sigmoid"),
        lambda n: n.insert_input(3),
    ):
        other = net.copy()
        change(other)
        assert not net.equals(other) and not other.equals(net)
    zero = Network.create(1, [1], ["identity"], weight=0.0)
    negative_zero = zero.copy()
    negative_zero.weights[0][0, 0] = -0.0
    assert not zero.equals(negative_zero)  # bit-exact: -0.0 is not 0.0


# ----- Project keeps its data in step ---------------------------------------------------------
def project():
    net = random_net()
    inputs = np.arange(15.0).reshape(5, 3)
    targets = np.arange(10.0).reshape(5, 2) / 10
    return Project(net, Loss("mse"), inputs, targets, TrainingSettings(0.1, 2, 7), "t", {"zoom": [1, {"a": 2}]})


def test_project_input_edits_move_the_input_columns():
    p = project()
    p.insert_input(1)
    np.testing.assert_array_equal(p.inputs, np.insert(np.arange(15.0).reshape(5, 3), 1, 0.0, axis=1))
    p.compute()
    p.remove_input(0)
    np.testing.assert_array_equal(p.inputs[:, 0], np.zeros(5))
    p.set_input_size(6)
    assert p.inputs.shape == (5, 6) and p.network.input_size == 6
    p.set_input_size(1)
    assert p.inputs.shape == (5, 1)
    p.compute()


def test_project_output_edits_move_the_target_columns():
    p = project()
    p.insert_neuron(2, 0)
    assert p.targets.shape == (5, 3)
    np.testing.assert_array_equal(p.targets[:, 0], np.zeros(5))
    p.compute()
    p.remove_neuron(2, 1)
    np.testing.assert_array_equal(p.targets, np.c_[np.zeros(5), np.arange(1.0, 10.0, 2) / 10])
    p.insert_neuron(0, 1)  # a hidden layer: the data does not change
    assert p.targets.shape == (5, 2) and p.inputs.shape == (5, 3)
    p.compute()


def test_project_layer_edits_fit_the_targets():
    p = project()
    p.remove_layer(2)  # the 3-unit sigmoid layer becomes the output
    assert p.targets.shape == (5, 3)
    p.compute()
    p.insert_layer(2, 1, "identity")  # a new 1-unit output layer
    assert p.targets.shape == (5, 1)
    np.testing.assert_array_equal(p.targets[:, 0], np.arange(0.0, 10.0, 2) / 10)
    p.compute()


def test_project_samples_and_copy():
    p = project()
    p.insert_sample(1, [1.0, 2.0, 3.0], [0.5, 0.5])
    assert p.sample_count == 6
    np.testing.assert_array_equal(p.inputs[1], [1.0, 2.0, 3.0])
    p.remove_sample(0)
    np.testing.assert_array_equal(p.inputs[0], [1.0, 2.0, 3.0])
    copy = p.copy()
    copy.inputs[0, 0] = 100.0
    copy.targets[0, 0] = 100.0
    copy.network.weights[0][0, 0] = 100.0
    copy.training.learning_rate = 5.0
    copy.view["zoom"][1]["a"] = 3
    assert p.inputs[0, 0] == 1.0 and p.targets[0, 0] == 0.5 and p.network.weights[0][0, 0] != 100.0
    assert p.training.learning_rate == 0.1 and p.view == {"zoom": [1, {"a": 2}]}
