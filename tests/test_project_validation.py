"""Project's optional validation set: kept in step with structural edits, copied, and its loss."""
import numpy as np
import pytest

from nnviz.core import Loss, Network, NetworkError, Project, compute
from nnviz.core.project import checked_data


def worked_002(**kwargs) -> Project:
    """Worked example 002 (3-2-2-1 ReLU, all weights 1, biases 0) with x=(1,2,-1), y=0: loss 64."""
    return Project(Network.create(3, [2, 2, 1], ["relu", "relu", "identity"]), Loss("sse"), [[1, 2, -1]], [[0]],
                   **kwargs)


def with_validation() -> Project:
    # sample 1 is the worked example (yhat = 8, loss 64); sample 2: x = 0 gives yhat = 0, (1 - 0)^2 = 1
    return worked_002(validation_inputs=[[1, 2, -1], [0, 0, 0]], validation_targets=[[0], [1]])


def test_no_validation_set_by_default():
    project = worked_002()
    assert project.validation_inputs is None and project.validation_targets is None
    assert not project.has_validation and project.validation_count == 0
    assert project.validation_loss() is None
    project.check_validation()  # nothing to check


def test_validation_loss_is_the_hand_derived_value():
    project = with_validation()
    assert project.validation_count == 2
    assert project.validation_loss() == 65.0  # 64 + 1, sse sums the samples
    assert project.compute().loss == 64.0  # the training loss still uses the training data only
    project.loss = Loss("mse")  # mean over the 2 samples (1 output each)
    assert project.validation_loss() == 32.5


@pytest.mark.parametrize("loss, activation", [("sse", "identity"), ("mse", "tanh"), ("bce", "sigmoid"),
                                              ("huber", "identity"), ("cross_entropy", "softmax")])
def test_validation_loss_equals_the_engine_loss_on_the_validation_set_bit_for_bit(loss, activation):
    rng = np.random.default_rng(7)
    net = Network.create(4, [5, 3], ["tanh", activation])
    net.initialise("xavier", seed=3)
    targets = rng.uniform(0, 1, size=(9, 3))
    if loss == "cross_entropy":
        targets /= targets.sum(axis=1, keepdims=True)
    project = Project(net, Loss(loss), rng.normal(size=(2, 4)), targets[:2],
                      validation_inputs=rng.normal(size=(7, 4)), validation_targets=targets[2:])
    expected = compute(net, project.loss, project.validation_inputs, project.validation_targets).loss
    assert project.validation_loss() == expected


def test_validation_loss_names_the_validation_set_when_it_does_not_fit():
    project = with_validation()
    project.loss = Loss("hinge")
    project.targets[:] = 1.0  # the training data fits hinge (targets +-1), the validation targets 0 and 1 do not
    project.check()
    with pytest.raises(NetworkError, match="^validation set: hinge targets must be -1 or \\+1"):
        project.validation_loss()


def test_copy_copies_the_validation_set():
    project = with_validation()
    twin = project.copy()
    twin.validation_inputs[0, 0] = 99.0
    twin.validation_targets[1, 0] = 99.0
    assert project.validation_inputs[0, 0] == 1.0 and project.validation_targets[1, 0] == 1.0
    assert worked_002().copy().validation_inputs is None


def test_only_one_half_of_a_validation_set_is_refused():
    with pytest.raises(NetworkError, match="both inputs and targets"):
        worked_002(validation_inputs=[[1, 2, 3]])


def test_inputs_inserted_and_removed_keep_the_validation_columns_in_step():
    project = with_validation()
    project.insert_input(1)
    assert project.validation_inputs.tolist() == [[1, 0, 2, -1], [0, 0, 0, 0]]
    assert project.inputs.tolist() == [[1, 0, 2, -1]]
    project.remove_input(0)
    assert project.validation_inputs.tolist() == [[0, 2, -1], [0, 0, 0]]
    project.set_input_size(1)
    assert project.validation_inputs.tolist() == [[0], [0]]
    assert project.validation_loss() is not None  # still fits: the check passes


def test_output_neurons_keep_the_validation_targets_in_step():
    project = with_validation()
    project.insert_neuron(2, 0)  # a new first output: target column of zeros in front
    assert project.validation_targets.tolist() == [[0, 0], [0, 1]]
    project.remove_neuron(2, 1)
    assert project.validation_targets.tolist() == [[0], [0]]
    project.set_output_size(3)
    assert project.validation_targets.shape == (2, 3) and project.targets.shape == (1, 3)
    assert project.network.output_size == 3
    assert not project.network.weights[2][1:].any()  # new output neurons start with weights 0
    project.set_output_size(1)
    assert project.validation_targets.tolist() == [[0], [0]]


def test_an_output_layer_added_or_removed_fits_the_validation_targets():
    project = with_validation()
    project.insert_layer(3, 2, "relu")  # a new output layer of 2 neurons
    assert project.validation_targets.tolist() == [[0, 0], [1, 0]]
    project.remove_layer(3)
    assert project.validation_targets.tolist() == [[0], [1]]


def test_samples_added_or_removed_do_not_touch_the_validation_set():
    project = with_validation()
    before = project.validation_inputs.tobytes()
    project.insert_sample(1)
    project.remove_sample(0)
    assert project.validation_inputs.tobytes() == before and project.validation_count == 2


def test_set_data_replaces_all_four_tables_with_copies():
    project = worked_002()
    x = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    project.set_data(x, [[1], [2]], [[7, 8, 9]], [3])
    x[0, 0] = -1.0
    assert project.inputs.tolist() == [[1, 2, 3], [4, 5, 6]] and project.targets.tolist() == [[1], [2]]
    assert project.validation_inputs.tolist() == [[7, 8, 9]] and project.validation_targets.tolist() == [[3]]
    project.set_data([[0, 0, 0]], [[0]])
    assert project.validation_inputs is None and project.validation_targets is None


@pytest.mark.parametrize("args, words", [
    (([[1, 2]], [[0]]), "the inputs have 2 columns but the network has 3 inputs"),
    (([[1, 2, 3]], [[0, 1]]), "the targets have 2 columns but the network has 1 output:"),
    (([[1, 2, 3]], [[0]], [[1, 2, 3]], None), "both inputs and targets"),
    (([[1, 2, 3]], [[0], [1]]), "1 input rows but 2 target rows"),
    (([[1, 2, 3]], [[0]], [[1, 2, 3]], [[0], [1]]), "1 validation input rows but 2 validation target rows"),
    (([[1, 2, 3]], [[0]], [[1, 2]], [[0]]), "the validation set has 2 input and 1 target columns"),
    (([[1, 2, np.nan]], [[0]]), "the inputs hold a value that is not a finite number"),
    (([[1, 2, 3]], [[0]], [[1, 2, 3]], [[np.inf]]), "the validation targets hold a value that is not a finite"),
    ((np.zeros((0, 3)), np.zeros((0, 1))), "at least one row"),
])
def test_set_data_refuses_data_that_does_not_fit_and_changes_nothing(args, words):
    project = with_validation()
    before = project.copy()
    with pytest.raises(NetworkError, match=words.replace("+", "\\+")):
        project.set_data(*args)
    for name in ("inputs", "targets", "validation_inputs", "validation_targets"):
        assert getattr(project, name).tobytes() == getattr(before, name).tobytes()


def test_checked_data_treats_a_1d_array_as_one_column():
    x, y, vx, vy = checked_data([1, 2, 3], [4, 5, 6])
    assert x.shape == (3, 1) and y.shape == (3, 1) and vx is None and vy is None
