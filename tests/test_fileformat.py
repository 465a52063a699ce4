"""The .nnviz file: exact round trips, one message per problem with its place, atomic saves."""
import copy
import json
import math
import os

import numpy as np
import pytest

from nnviz.core import fileformat as ff
from nnviz.core.errors import FileFormatError, NetworkError
from nnviz.core.losses import Loss
from nnviz.core.network import Layer, Network
from nnviz.core.project import Project, TrainingSettings
from nnviz.paths import example_files

VALID = {
    "format": "nnviz",
    "version": 1,
    "title": "3-2-2-1 ReLU network, squared error",
    "network": {
        "input_size": 3,
        "layers": [
            {"size": 2, "activation": "relu", "bias": True},
            {"size": 2, "activation": "relu", "bias": True},
            {"size": 1, "activation": "identity", "bias": True},
        ],
        "weights": [[[1, 1, 1], [1, 1, 1]], [[1, 1], [1, 1]], [[1, 1]]],
        "biases": [[0, 0], [0, 0], [0]],
        "masks": None,
    },
    "loss": {"name": "sse", "reduction": "sum"},
    "data": {"inputs": [[1, 2, -1]], "targets": [[0]]},
    "training": {"learning_rate": 0.1, "batch_size": None, "seed": 0},
    "view": {"zoom": 1.5, "panels": ["loss", "weights"], "note": "über"},
}


def valid():
    return copy.deepcopy(VALID)


def problems_of(doc) -> list[str]:
    with pytest.raises(FileFormatError) as info:
        ff.from_dict(doc)
    return info.value.problems


def problems_after(mutate, place: str, words: str) -> list[str]:
    """All problems of a valid document changed by `mutate`; one of those at `place` must contain `words`."""
    doc = valid()
    mutate(doc)
    problems = problems_of(doc)
    matching = [p for p in problems if p.startswith(place + ": ")]
    assert matching, problems
    assert any(words in p for p in matching), matching
    return problems


def random_project(seed: int = 0) -> Project:
    """Random float64 everywhere, a removed edge, a layer without bias, Huber with an odd delta."""
    rng = np.random.default_rng(seed)
    layers = [Layer(4, "tanh", True), Layer(3, "sigmoid", False), Layer(2, "identity", True)]
    weights = [rng.normal(size=(4, 5)), rng.normal(size=(3, 4)), rng.normal(size=(2, 3)) * 1e-7]
    biases = [rng.normal(size=4), np.zeros(3), rng.normal(size=2) * 1e12]
    masks = [None, np.ones((3, 4), dtype=bool), None]
    masks[1][0, 2] = masks[1][2, 1] = False
    weights[1][0, 2] = weights[1][2, 1] = 0.0
    weights[0][0, 0] = -0.0                      # the sign of zero must survive
    weights[0][0, 1] = 5e-324                    # smallest subnormal
    weights[0][0, 2] = 1.7976931348623157e308    # largest float
    weights[0][0, 3] = 2.0 ** 53 + 2             # a whole number beyond int-exact range of the writer
    weights[0][0, 4] = 1e15                      # a whole number written in exponent form
    net = Network(5, layers, weights, biases, masks)
    net.validate()
    return Project(net, Loss("huber", "mean", delta=0.1 + 0.2), rng.normal(size=(7, 5)),
                   rng.normal(size=(7, 2)), TrainingSettings(0.0123456789, 3, 42),
                   "random ✓ project", {"layout": {"x": [0.1, 2], "open": True}, "empty": {}})


def assert_same_project(a: Project, b: Project) -> None:
    assert a.network.equals(b.network)
    assert a.inputs.tobytes() == b.inputs.tobytes() and a.inputs.shape == b.inputs.shape
    assert a.targets.tobytes() == b.targets.tobytes() and a.targets.shape == b.targets.shape
    assert a.loss == b.loss
    assert vars(a.training) == vars(b.training)
    assert a.title == b.title
    assert a.view == b.view
    for name in ("validation_inputs", "validation_targets"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None and y is None) or (x.shape == y.shape and x.tobytes() == y.tobytes())


# ----- valid documents and round trips --------------------------------------------------------
def test_valid_example_loads_into_the_worked_example_002():
    project = ff.loads(json.dumps(VALID))
    net = project.network
    assert net.input_size == 3 and [layer.size for layer in net.layers] == [2, 2, 1]
    assert [layer.activation for layer in net.layers] == ["relu", "relu", "identity"]
    assert project.loss == Loss("sse", "sum")
    assert project.inputs.tolist() == [[1.0, 2.0, -1.0]] and project.targets.tolist() == [[0.0]]
    assert project.training.learning_rate == 0.1 and project.training.batch_size is None
    assert project.view == VALID["view"]
    # the worked example's hand-derived loss: a1 = (2, 2), a2 = (4, 4), yhat = 8, (0 - 8)^2 = 64
    assert project.compute().loss == 64.0


def test_valid_example_round_trips_to_the_same_document():
    project = ff.from_dict(valid())
    again = ff.loads(ff.dumps(project))
    assert_same_project(project, again)
    assert ff.to_dict(again) == VALID  # integers written as integers, same keys, same view
    assert ff.dumps(again) == ff.dumps(project)


def test_random_float64_values_survive_save_and_load_bit_for_bit(tmp_path):
    project = random_project()
    path = tmp_path / "random.nnviz"
    ff.save(project, path)
    loaded = ff.load(path)
    assert_same_project(project, loaded)
    assert math.copysign(1.0, loaded.network.weights[0][0, 0]) == -1.0
    assert loaded.network.layers[1].bias is False
    assert json.loads(path.read_text("utf-8"))["network"]["biases"][1] is None
    ff.save(loaded, path)
    assert_same_project(project, ff.load(path))


@pytest.mark.parametrize("seed", range(5))
def test_random_networks_round_trip_through_text(seed):
    rng = np.random.default_rng(seed)
    sizes = [int(s) for s in rng.integers(1, 6, size=int(rng.integers(1, 4)))]
    net = Network.create(int(rng.integers(1, 6)), sizes, ["tanh"] * (len(sizes) - 1) + ["identity"])
    net.weights = [rng.normal(size=w.shape) * 10.0 ** rng.integers(-300, 300) for w in net.weights]
    net.biases = [rng.normal(size=b.shape) for b in net.biases]
    project = Project(net, Loss("mse"), rng.normal(size=(3, net.input_size)), rng.normal(size=(3, net.output_size)))
    assert_same_project(project, ff.loads(ff.dumps(project)))


def test_shipped_examples_load_and_round_trip():
    files = example_files()
    if not files:
        pytest.skip("no shipped examples yet")
    for path in files:
        project = ff.load(path)
        assert_same_project(project, ff.loads(ff.dumps(project)))


def test_dumps_keeps_each_row_of_numbers_on_one_line():
    project = random_project()
    text = ff.dumps(project)
    lines = [line.strip().rstrip(",") for line in text.splitlines()]
    for l, w in enumerate(ff.to_dict(project)["network"]["weights"]):
        for row in w:
            assert any(f"[{', '.join(json.dumps(x) for x in row)}]" in line for line in lines), (l, row)
    assert text.startswith('{\n  "format": "nnviz",\n  "version": 1,\n')
    assert '      {"size": 4, "activation": "tanh", "bias": true},' in text.splitlines()
    assert json.loads(text) == ff.to_dict(project)


def test_bias_off_loads_as_zeros_and_saves_as_null():
    doc = valid()
    doc["network"]["layers"][1]["bias"] = False
    doc["network"]["biases"][1] = None
    project = ff.from_dict(doc)
    assert project.network.layers[1].bias is False
    assert project.network.biases[1].tolist() == [0.0, 0.0]
    project.network.biases[1][:] = [5.0, 6.0]  # kept in memory while off, but not written
    assert ff.to_dict(project)["network"]["biases"] == [[0, 0], None, [0]]


def test_bias_defaults_to_true_and_training_and_view_are_optional():
    doc = valid()
    del doc["network"]["layers"][0]["bias"], doc["training"], doc["view"], doc["title"]
    del doc["network"]["masks"], doc["loss"]["reduction"]
    project = ff.from_dict(doc)
    assert project.network.layers[0].bias is True
    assert vars(project.training) == vars(TrainingSettings())
    assert project.view == {} and project.title == ""
    assert project.loss.reduction == "sum"  # sse's default


def test_huber_delta_defaults_to_one_and_is_written_only_for_huber():
    doc = valid()
    doc["loss"] = {"name": "huber", "reduction": "sum"}
    assert ff.from_dict(doc).loss.delta == 1.0
    doc["loss"]["delta"] = 0.25
    project = ff.from_dict(doc)
    assert project.loss.delta == 0.25 and ff.to_dict(project)["loss"]["delta"] == 0.25
    assert "delta" not in ff.to_dict(ff.from_dict(valid()))["loss"]


def test_masks_load_as_bool_arrays_and_save_as_zero_one():
    doc = valid()
    doc["network"]["masks"] = [[[1, 0, 1], [1, 1, 1]], None, None]
    doc["network"]["weights"][0][0][1] = 0
    project = ff.from_dict(doc)
    mask = project.network.masks[0]
    assert mask.dtype == bool and mask.tolist() == [[True, False, True], [True, True, True]]
    assert project.network.masks[1] is None
    assert ff.to_dict(project)["network"]["masks"] == [[[1, 0, 1], [1, 1, 1]], None, None]
    # edge x2 -> h1 removed: h1 = 1 - 1 = 0, h2 = 1 + 2 - 1 = 2, layer 2 = (2, 2), yhat = 4
    assert project.compute().loss == 16.0


def test_all_ones_mask_loads_and_saves_as_no_mask_like_the_edge_editor():
    doc = valid()
    doc["network"]["masks"] = [[[1, 1, 1], [1, 1, 1]], [[1, 1], [1, 1]], None]
    loaded = ff.from_dict(doc)
    assert loaded.network.masks == [None, None, None]
    edited = loaded.network.copy()
    edited.set_edge_enabled(0, 1, 2, False)  # x3 -> h2 removed ...
    assert edited.masks[0].tolist() == [[True, True, True], [True, True, False]]
    edited.set_edge_enabled(0, 1, 2, True)  # ... and restored (weight 0): the editor drops the mask again
    edited.set_weight(0, 1, 2, 1.0)
    assert edited.masks[0] is None and edited.equals(loaded.network)
    project = ff.from_dict(valid())
    project.network = edited
    assert ff.to_dict(project)["network"]["masks"] is None
    assert ff.loads(ff.dumps(project)).network.equals(loaded.network)
    # a mask of ones held in memory (not made by the editor) is written as null too
    project.network.masks[1] = np.ones((2, 2), dtype=bool)
    assert ff.to_dict(project)["network"]["masks"] is None
    project.network.masks[1][0, 1] = False
    project.network.weights[1][0, 1] = 0.0
    assert ff.to_dict(project)["network"]["masks"] == [None, [[1, 0], [1, 1]], None]


def test_an_edited_network_round_trips_to_an_equal_network(tmp_path):
    path = tmp_path / "edited.nnviz"
    doc = valid()
    doc["network"]["masks"] = [[[1, 1, 1], [1, 1, 1]], None, None]
    path.write_text(json.dumps(doc), "utf-8")
    project = ff.load(path)
    for l, i, j in [(0, 0, 1), (1, 1, 0), (0, 0, 1)]:  # remove two edges, restore the first
        project.network.set_edge_enabled(l, i, j, not project.network.edge_present(l, i, j))
    assert project.network.masks[0] is None and project.network.masks[1].tolist() == [[True, True], [False, True]]
    assert project.network.weights[0][0, 1] == 0.0  # a restored edge starts at weight 0
    ff.save(project, path)
    again = ff.load(path)
    assert again.network.equals(project.network)
    # h1 = relu(1 + 0 * 2 - 1) = 0, h2 = 2; layer 2: (0 + 2, removed + 2) = (2, 2); yhat = 4, (0 - 4)^2 = 16
    assert again.compute().loss == 16.0


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.nnviz"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(VALID).encode("utf-8"))
    assert ff.load(path).title == VALID["title"]


# ----- one message per problem, with its place ---------------------------------------------------
def _set(path, value):
    def mutate(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def _delete(path):
    def mutate(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


INVALID = [
    # (mutation, place, words in the message)
    (_delete(["network"]), "network", "missing"),
    (_delete(["loss"]), "loss", "missing"),
    (_delete(["data"]), "data", "missing"),
    (_delete(["network", "input_size"]), "network.input_size", "missing"),
    (_delete(["network", "layers"]), "network.layers", "missing"),
    (_delete(["network", "weights"]), "network.weights", "missing"),
    (_delete(["network", "biases"]), "network.biases", "missing"),
    (_delete(["network", "layers", 0, "size"]), "network.layers[0].size", "missing"),
    (_delete(["network", "layers", 2, "activation"]), "network.layers[2].activation", "missing"),
    (_delete(["loss", "name"]), "loss.name", "missing"),
    (_delete(["data", "targets"]), "data.targets", "missing"),
    (_set(["extra"], 1), "extra", "unknown key"),
    (_set(["network", "layers", 0, "sise"], 2), "network.layers[0].sise", "unknown key"),
    (_set(["title"], 3), "title", "expected a string"),
    (_set(["network"], []), "network", "expected an object"),
    (_set(["training"], 0.1), "training", "expected an object"),
    (_set(["view"], []), "view", "expected an object"),
    (_set(["network", "input_size"], 0), "network.input_size", "from 1 to 100000"),
    (_set(["network", "input_size"], 100001), "network.input_size", "from 1 to 100000"),
    (_set(["network", "input_size"], 3.0), "network.input_size", "whole number"),
    (_set(["network", "input_size"], True), "network.input_size", "got true"),
    (_set(["network", "layers"], []), "network.layers", "non-empty list"),
    (_set(["network", "layers", 1], "relu"), "network.layers[1]", "expected an object"),
    (_set(["network", "layers", 1, "size"], 0), "network.layers[1].size", "from 1 to 100000"),
    (_set(["network", "layers", 1, "size"], 10 ** 400), "network.layers[1].size", "from 1 to 100000"),
    (_set(["network", "layers", 1, "activation"], "relux"), "network.layers[1].activation",
     'unknown activation "relux" (expected one of identity, relu, sigmoid, tanh, softmax)'),
    (_set(["network", "layers", 0, "activation"], "softmax"), "network.layers[0].activation",
     "only allowed on the output layer"),
    (_set(["network", "layers", 0, "bias"], 1), "network.layers[0].bias", "true or false"),
    (_set(["network", "weights", 0], [[1, 1], [1, 1]]), "network.weights[0]",
     "expected 2 rows of 3 numbers, got 2 rows of 2"),
    (_set(["network", "weights", 1], [[1, 1]]), "network.weights[1]", "expected 2 rows of 2 numbers, got 1 rows"),
    (_set(["network", "weights", 0], [[1, 1, 1], [1, 1]]), "network.weights[0][1]", "expected 3 numbers, got 2"),
    (_set(["network", "weights", 0], 1), "network.weights[0]", "expected a list of rows"),
    (_set(["network", "weights", 0, 1], 1), "network.weights[0][1]", "expected a row"),
    (_set(["network", "weights"], [[[1, 1, 1], [1, 1, 1]]]), "network.weights", "expected 3 entries"),
    (_set(["network", "weights", 0, 1, 2], True), "network.weights[0][1][2]", "true/false are not numbers"),
    (_set(["network", "weights", 0, 1, 2], "1"), "network.weights[0][1][2]", 'expected a number, got "1"'),
    (_set(["network", "weights", 0, 1, 2], None), "network.weights[0][1][2]", "expected a number, got null"),
    (_set(["network", "weights", 2, 0, 1], float("nan")), "network.weights[2][0][1]", "NaN is not allowed"),
    (_set(["network", "weights", 2, 0, 1], float("-inf")), "network.weights[2][0][1]", "-Infinity is not allowed"),
    (_set(["network", "weights", 2, 0, 1], 10 ** 400), "network.weights[2][0][1]", "too large"),
    (_set(["network", "biases", 1], [0, 0, 0]), "network.biases[1]", "expected 2 numbers, got 3"),
    (_set(["network", "biases", 1], None), "network.biases[1]", "bias is true"),
    (_set(["network", "biases", 1, 0], float("inf")), "network.biases[1][0]", "Infinity is not allowed"),
    (_set(["network", "biases"], [[0, 0]]), "network.biases", "expected 3 entries"),
    (_set(["network", "layers", 2, "bias"], False), "network.biases[2]", "bias is false, so write null"),
    (_set(["network", "masks"], [None, None]), "network.masks", "expected 3 entries"),
    (_set(["network", "masks"], [[[1, 2, 1], [1, 1, 1]], None, None]), "network.masks[0][0][1]",
     "expected 0 (edge removed) or 1 (edge present), got 2"),
    (_set(["network", "masks"], [[[1, True, 1], [1, 1, 1]], None, None]), "network.masks[0][0][1]",
     "got true"),
    (_set(["network", "masks"], [[[1, 1], [1, 1]], None, None]), "network.masks[0]",
     "expected 2 rows of 3 0/1 values, got 2 rows of 2"),
    (_set(["network", "masks"], [None, None, [[0, 1]]]), "network.weights[2][0][0]",
     "this edge is removed (network.masks[2][0][0] is 0), so its weight must be 0, got 1"),
    (_set(["loss", "name"], "mae"), "loss.name", 'unknown loss "mae" (expected one of sse, half_sse, mse'),
    (_set(["loss", "name"], 1), "loss.name", "unknown loss 1"),
    (_set(["loss", "reduction"], "avg"), "loss.reduction", 'unknown reduction "avg" (expected one of sum, mean)'),
    (_set(["loss"], {"name": "huber", "delta": 0}), "loss.delta", "positive"),
    (_set(["loss"], {"name": "huber", "delta": -1.5}), "loss.delta", "positive"),
    (_set(["loss"], {"name": "huber", "delta": "1"}), "loss.delta", "expected a number"),
    (_set(["data", "inputs"], [[1, 2, -1], [1, 2]]), "data.inputs[1]", "expected 3 numbers, got 2"),
    (_set(["data", "inputs"], [[1, 2]]), "data.inputs", "expected rows of 3 numbers, got 1 rows of 2"),
    (_set(["data", "targets"], [[0, 1]]), "data.targets", "expected rows of 1 numbers, got 1 rows of 2"),
    (_set(["data", "inputs"], [1, 2, -1]), "data.inputs[0]", "expected a row (a list of 3 numbers), got 1"),
    (_set(["data", "inputs"], [[1, 2, -1], [0, 0, 0]]), "data.targets", "1 rows but data.inputs has 2"),
    (_set(["data"], {"inputs": [], "targets": []}), "data.inputs", "no samples"),
    (_set(["data", "targets", 0, 0], float("nan")), "data.targets[0][0]", "NaN is not allowed"),
    (_set(["training", "learning_rate"], 0), "training.learning_rate", "positive"),
    (_set(["training", "learning_rate"], -0.1), "training.learning_rate", "positive"),
    (_set(["training", "learning_rate"], float("inf")), "training.learning_rate", "Infinity is not allowed"),
    (_set(["training", "learning_rate"], "0.1"), "training.learning_rate", "expected a number"),
    (_set(["training", "batch_size"], 0), "training.batch_size", "null (full batch) or a mini-batch size"),
    (_set(["training", "batch_size"], 2.5), "training.batch_size", "whole number"),
    (_set(["training", "batch_size"], True), "training.batch_size", "got true"),
    (_set(["training", "seed"], 1.5), "training.seed", "whole number"),
    (_set(["training", "seed"], -1), "training.seed", ">= 0"),
    (_set(["training", "seed"], "0"), "training.seed", "whole number"),
]


@pytest.mark.parametrize("mutate, place, words", INVALID)
def test_each_problem_is_reported_at_its_place(mutate, place, words):
    problems_after(mutate, place, words)


def test_engine_check_problems_are_reported_under_loss_or_targets():
    def only_problem(doc):
        problems = problems_of(doc)
        assert len(problems) == 1, problems
        return problems[0]

    doc = valid()
    doc["network"]["layers"][2]["activation"] = "softmax"
    problem = only_problem(doc)
    assert problem.startswith("loss: ") and "cross_entropy" in problem
    doc = valid()
    doc["network"]["layers"][2]["activation"] = "sigmoid"
    doc["loss"] = {"name": "bce"}
    doc["data"]["targets"] = [[1.5]]
    assert only_problem(doc).startswith("data.targets: bce targets must lie in [0, 1]")
    doc["loss"] = {"name": "hinge"}
    doc["data"]["targets"] = [[0.5]]
    assert only_problem(doc).startswith("data.targets: hinge targets must be -1 or +1")
    doc["loss"] = {"name": "cosine"}
    doc["data"]["targets"] = [[0]]
    assert only_problem(doc).startswith("data.targets: cosine needs non-zero target")


def _mid_edit_doc():
    """Saved from the GUI halfway through switching to a softmax output: the loss is still sse."""
    doc = valid()
    doc["network"]["layers"][2] = {"size": 2, "activation": "softmax", "bias": True}
    doc["network"]["weights"][2] = [[1, 1], [1, 1]]
    doc["network"]["biases"][2] = [0, 0]
    doc["data"]["targets"] = [[0, 1]]
    return doc


def test_a_loss_the_engine_rejects_is_an_error_by_default(tmp_path):
    path = tmp_path / "mid-edit.nnviz"
    path.write_text(json.dumps(_mid_edit_doc()), "utf-8")
    for load in (lambda: ff.from_dict(_mid_edit_doc()), lambda: ff.loads(path.read_text("utf-8")),
                 lambda: ff.load(path), lambda: ff.load(path, require_computable=True)):
        with pytest.raises(FileFormatError) as info:
            load()
        assert info.value.problems == ["loss: a softmax output needs the cross_entropy loss, not sse: "
                                       "change the loss or the output activation"]


def test_require_computable_false_opens_a_file_saved_mid_edit(tmp_path):
    path = tmp_path / "mid-edit.nnviz"
    path.write_text(json.dumps(_mid_edit_doc()), "utf-8")
    for project in (ff.load(path, require_computable=False),
                    ff.loads(path.read_text("utf-8"), require_computable=False),
                    ff.from_dict(_mid_edit_doc(), require_computable=False)):
        assert project.loss == Loss("sse", "sum") and project.network.layers[2].activation == "softmax"
        assert project.targets.tolist() == [[0.0, 1.0]]
        with pytest.raises(NetworkError, match="cross_entropy"):
            project.compute()  # still not computable: the user fixes it in the GUI
        assert_same_project(project, ff.loads(ff.dumps(project), require_computable=False))
    project.loss = Loss("cross_entropy")  # the fix: a1 = (2, 2), a2 = (4, 4), z3 = (8, 8), softmax = (1/2, 1/2)
    assert project.compute().loss == pytest.approx(math.log(2), rel=1e-15)


@pytest.mark.parametrize("loss, activation, targets", [
    ({"name": "bce"}, "sigmoid", [[1.5]]),
    ({"name": "hinge"}, "identity", [[0.5]]),
    ({"name": "cosine"}, "identity", [[0]]),
    ({"name": "cross_entropy"}, "relu", [[1]]),
    ({"name": "bce"}, "tanh", [[1]]),
])
def test_require_computable_false_accepts_every_loss_pairing_problem(loss, activation, targets):
    doc = valid()
    doc["loss"], doc["data"]["targets"] = loss, targets
    doc["network"]["layers"][2]["activation"] = activation
    assert problems_of(doc)[0].startswith(("loss: ", "data.targets: "))
    project = ff.from_dict(doc, require_computable=False)
    assert project.loss.name == loss["name"] and project.targets.tolist() == [[float(targets[0][0])]]


def test_require_computable_false_still_checks_the_structure():
    doc = _mid_edit_doc()
    doc["network"]["weights"][1] = [[1, 1]]
    doc["data"]["targets"] = [[0, 1, 0]]
    doc["loss"]["reduction"] = "total"
    with pytest.raises(FileFormatError) as info:
        ff.from_dict(doc, require_computable=False)
    places = [p.split(": ", 1)[0] for p in info.value.problems]
    assert places == ["network.weights[1]", "loss.reduction", "data.targets"]  # and nothing about the pairing


def test_every_problem_is_reported_in_one_error():
    doc = valid()
    doc["title"] = None
    doc["network"]["layers"][1]["activation"] = "relux"
    doc["network"]["weights"][0] = [[1, 1], [1, 1]]
    doc["network"]["biases"][2] = ["0"]
    doc["loss"]["reduction"] = "total"
    doc["data"]["inputs"] = [[1, 2, float("nan")]]
    doc["training"]["seed"] = True
    doc["view"] = "wide"
    problems = problems_of(doc)
    places = [p.split(": ", 1)[0] for p in problems]
    assert places == ["title", "network.layers[1].activation", "network.weights[0]", "network.biases[2][0]",
                      "loss.reduction", "data.inputs[0][2]", "training.seed", "view"]
    text = str(FileFormatError(problems))
    assert all(p in text for p in problems)


def test_many_bad_values_in_one_matrix_are_summarised():
    doc = valid()
    doc["data"]["inputs"] = [["x"] * 3] * 4
    doc["data"]["targets"] = [[0]] * 4
    problems = problems_of(doc)
    assert len(problems) == ff.MAX_VALUE_PROBLEMS + 1
    assert problems[-1] == f"data.inputs: {12 - ff.MAX_VALUE_PROBLEMS} more values are wrong in the same way"


@pytest.mark.parametrize("text, message", [
    ("", 'file: the file is empty; expected a JSON object with "format": "nnviz"'),
    ("  \n\t\n", 'file: the file is empty; expected a JSON object with "format": "nnviz"'),
    ('{\n  "format": "nnviz",\n  "version" 1\n}', "file: not valid JSON at line 3, column 13: Expecting ':' delimiter"),
    ('{"format": "nnviz",}', "file: not valid JSON at line 1, column 20: Expecting property name"),
    ("[1, 2]", 'file: the top level must be a JSON object with "format": "nnviz", got a list'),
    ('"nnviz"', 'file: the top level must be a JSON object with "format": "nnviz", got "nnviz"'),
    ('{"version": 1}', 'format: missing; a .nnviz file starts with "format": "nnviz"'),
    ('{"format": "onnx", "version": 1}', 'format: expected "nnviz", got "onnx"'),
    ('{"format": "nnviz"}', "version: missing; this nnviz reads version 1"),
    ('{"format": "nnviz", "version": "1"}', 'version: expected a whole number >= 1, got "1"'),
    ('{"format": "nnviz", "version": 2, "network": 0}',
     "version: written by a newer nnviz (version 2); this nnviz reads version 1"),
    ("[" * 100000, "file: nested too deeply"),
    ('{"format": "nnviz", "version": ' + "9" * 5000 + "}", "file: not valid JSON"),
])
def test_messages_about_the_file_as_a_whole(text, message):
    with pytest.raises(FileFormatError) as info:
        ff.loads(text)
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith(message), info.value.problems


def test_every_truncation_of_a_valid_file_is_a_file_format_error():
    text = ff.dumps(ff.from_dict(valid()))
    for end in range(len(text.rstrip())):
        with pytest.raises(FileFormatError):
            ff.loads(text[:end])


# ----- fuzz: no raw traceback for any malformed document -------------------------------------------
REPLACEMENTS = [None, True, False, 0, -1, 2, 1.5, float("nan"), float("inf"), "x", "", [], [[]], [[[]]], {},
                {"size": 1}, [None], ["relu"], 10 ** 400]


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, prefix + (i,))


def _load_or_problems(doc):
    """The project, or the problems; anything other than FileFormatError fails the test."""
    try:
        return ff.from_dict(doc), None
    except FileFormatError as exc:
        assert exc.problems and all(isinstance(p, str) and ": " in p for p in exc.problems), exc.problems
        return None, exc.problems


def test_fuzz_every_key_deleted_or_replaced_gives_a_file_format_error_or_a_valid_project():
    paths = [p for p in _paths(VALID) if p]
    rejected = 0
    for path in paths:
        mutations = [_delete(list(path))] + [_set(list(path), r) for r in REPLACEMENTS]
        for mutate in mutations:
            doc = valid()
            mutate(doc)
            project, problems = _load_or_problems(doc)
            if project is not None:  # accepted: then it must also save and reload identically
                assert_same_project(project, ff.loads(ff.dumps(project)))
            else:
                rejected += 1
    assert rejected > len(paths) * 10  # most of these mutations are wrong and must be caught


def test_fuzz_random_multiple_mutations():
    rng = np.random.default_rng(0)
    paths = [p for p in _paths(VALID) if p]
    for _ in range(3000):
        doc = valid()
        for _ in range(int(rng.integers(1, 5))):
            live = [p for p in _paths(doc) if p]
            path = list(live[int(rng.integers(len(live)))])
            choice = int(rng.integers(len(REPLACEMENTS) + 2))
            if choice == len(REPLACEMENTS):
                _delete(path)(doc)
            elif choice == len(REPLACEMENTS) + 1:  # duplicate a list element or copy another subtree in
                other = paths[int(rng.integers(len(paths)))]
                source = VALID
                for key in other:
                    source = source[key]
                _set(path, copy.deepcopy(source))(doc)
            else:
                _set(path, copy.deepcopy(REPLACEMENTS[choice]))(doc)
        project, _ = _load_or_problems(doc)
        if project is not None:
            assert_same_project(project, ff.loads(ff.dumps(project)))


# ----- reading files ---------------------------------------------------------------------------
def test_load_errors_name_the_path(tmp_path):
    missing = tmp_path / "missing.nnviz"
    with pytest.raises(FileFormatError, match="no such file") as info:
        ff.load(missing)
    assert str(missing) in info.value.problems[0]

    with pytest.raises(FileFormatError, match="is a folder") as info:
        ff.load(tmp_path)
    assert str(tmp_path) in info.value.problems[0]

    latin1 = tmp_path / "latin1.nnviz"
    latin1.write_bytes(json.dumps({**VALID, "title": "é"}, ensure_ascii=False).encode("latin-1"))
    with pytest.raises(FileFormatError) as info:
        ff.load(latin1)
    offset = latin1.read_bytes().index(b"\xe9")
    assert info.value.problems == [f"{latin1}: not UTF-8 text (byte 0xe9 at offset {offset}); save the file as UTF-8"]

    broken = tmp_path / "broken.nnviz"
    broken.write_text('{"format": "nnviz",\n\n  oops}', "utf-8")
    with pytest.raises(FileFormatError) as info:
        ff.load(broken)
    assert info.value.problems == [f"{broken}: not valid JSON at line 3, column 3: "
                                   "Expecting property name enclosed in double quotes"]

    empty = tmp_path / "empty.nnviz"
    empty.write_bytes(b"")
    with pytest.raises(FileFormatError, match="empty") as info:
        ff.load(empty)
    assert str(empty) in info.value.problems[0]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_names_the_path(tmp_path):
    path = tmp_path / "secret.nnviz"
    path.write_text(json.dumps(VALID), "utf-8")
    path.chmod(0)
    try:
        with pytest.raises(FileFormatError, match="permission denied") as info:
            ff.load(path)
        assert str(path) in info.value.problems[0]
    finally:
        path.chmod(0o600)


def test_read_errors_become_file_format_errors(tmp_path, monkeypatch):
    """Also checked as root (who may read anything) by making the read itself fail."""
    path = tmp_path / "net.nnviz"
    path.write_text(json.dumps(VALID), "utf-8")
    for error, words in [(PermissionError(13, "Permission denied"), "permission denied"),
                         (OSError(5, "Input/output error"), "cannot be read (Input/output error)")]:
        def fail(self, error=error):
            raise error
        monkeypatch.setattr(type(path), "read_bytes", fail)
        with pytest.raises(FileFormatError) as info:
            ff.load(path)
        assert info.value.problems[0].startswith(f"{path}: {words}")


# ----- saving ----------------------------------------------------------------------------------
def _folder_listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_save_replaces_the_file_and_keeps_its_permissions(tmp_path):
    path = tmp_path / "net.nnviz"
    path.write_text("old", "utf-8")
    path.chmod(0o640)
    project = random_project()
    ff.save(project, path)
    assert path.read_text("utf-8") == ff.dumps(project)
    assert _folder_listing(tmp_path) == ["net.nnviz"]
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o640


def test_save_through_a_symlink_updates_its_target(tmp_path):
    target = tmp_path / "real.nnviz"
    target.write_text("old", "utf-8")
    link = tmp_path / "link.nnviz"
    try:
        link.symlink_to(target)
    except OSError:
        pytest.skip("symlinks not available")
    ff.save(ff.from_dict(valid()), link)
    assert link.is_symlink() and ff.load(target).title == VALID["title"]


@pytest.mark.parametrize("broken", ["dumps", "write", "fsync", "replace"])
def test_failed_save_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, broken):
    path = tmp_path / "net.nnviz"
    path.write_text("the old content", "utf-8")

    def fail(*args, **kwargs):
        raise OSError(f"simulated failure in {broken}")

    if broken == "dumps":
        monkeypatch.setattr(ff, "dumps", fail)
    elif broken == "write":  # serialisation fails half-way through writing the temporary file
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, f):
                self.f = f

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.f.close()

            def write(self, data):
                self.f.write(data[: len(data) // 2])
                self.f.flush()
                raise OSError("disk full")

            def __getattr__(self, name):
                return getattr(self.f, name)

        monkeypatch.setattr(ff.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
    else:
        monkeypatch.setattr(ff.os, broken, fail)
    with pytest.raises(OSError):
        ff.save(random_project(), path)
    monkeypatch.undo()
    assert path.read_text("utf-8") == "the old content"
    assert _folder_listing(tmp_path) == ["net.nnviz"]


def test_save_refuses_non_finite_values_before_touching_the_file(tmp_path):
    path = tmp_path / "net.nnviz"
    path.write_text("the old content", "utf-8")
    project = ff.from_dict(valid())
    project.network.weights[1][0, 1] = float("nan")
    project.inputs[0, 2] = float("inf")
    with pytest.raises(FileFormatError) as info:
        ff.save(project, path)
    places = [p.split(":", 1)[0] for p in info.value.problems]
    assert places == ["network.weights[1][0][1]", "data.inputs[0][2]"]
    assert path.read_text("utf-8") == "the old content"
    assert _folder_listing(tmp_path) == ["net.nnviz"]


def test_save_refuses_view_state_json_cannot_hold(tmp_path):
    project = ff.from_dict(valid())
    project.view = {"panel": {"size": float("nan")}}
    with pytest.raises(FileFormatError, match=r"^view\.panel\.size: is nan"):
        ff.dumps(project)
    project.view = {"panel": {1: "a"}}
    with pytest.raises(FileFormatError, match=r"^view\.panel: key 1 is not a string"):
        ff.dumps(project)
    project.view = {"panel": object()}
    with pytest.raises(FileFormatError, match=r"^view\.panel: a object cannot be written"):
        ff.dumps(project)


# ----- the optional validation set (data.validation) -------------------------------------------------
def with_validation(inputs=None, targets=None):
    doc = valid()
    doc["data"]["validation"] = {"inputs": [[1, 2, -1], [0, 0, 0], [3, 4, 5], [-1, -2, -3]] if inputs is None
                                 else inputs, "targets": [[0], [1], [2], [3]] if targets is None else targets}
    return doc


def test_validation_set_loads_and_its_loss_is_the_hand_derived_value():
    project = ff.from_dict(with_validation())
    assert project.validation_inputs.tolist() == [[1, 2, -1], [0, 0, 0], [3, 4, 5], [-1, -2, -3]]
    assert project.validation_targets.tolist() == [[0], [1], [2], [3]]
    # all weights 1, biases 0, ReLU: yhat = 4 * relu(sum x); sums 2, 0, 12, -6 -> yhat 8, 0, 48, 0
    assert project.validation_loss() == (0 - 8) ** 2 + (1 - 0) ** 2 + (2 - 48) ** 2 + (3 - 0) ** 2
    assert project.compute().loss == 64.0  # training data unchanged


def test_validation_set_round_trips_bit_for_bit(tmp_path):
    project = random_project()
    rng = np.random.default_rng(11)
    project.validation_inputs = rng.normal(size=(4, 5)) * 10.0 ** rng.integers(-300, 300, size=(4, 5))
    project.validation_targets = rng.normal(size=(4, 2))
    project.validation_inputs[0, 0] = -0.0
    project.validation_targets[3, 1] = 5e-324
    path = tmp_path / "split.nnviz"
    ff.save(project, path)
    loaded = ff.load(path)
    assert_same_project(project, loaded)
    assert math.copysign(1.0, loaded.validation_inputs[0, 0]) == -1.0
    written = json.loads(path.read_text("utf-8"))["data"]
    assert sorted(written) == ["inputs", "targets", "validation"]
    assert sorted(written["validation"]) == ["inputs", "targets"]
    assert ff.dumps(loaded) == ff.dumps(project)


def test_a_file_without_validation_writes_no_validation_key_and_null_reads_as_none():
    assert "validation" not in ff.to_dict(ff.from_dict(valid()))["data"]
    doc = valid()
    doc["data"]["validation"] = None
    project = ff.from_dict(doc)
    assert project.validation_inputs is None and project.validation_targets is None
    assert ff.to_dict(project) == VALID


def test_validation_columns_follow_the_network_through_a_save():
    project = ff.from_dict(with_validation())
    project.insert_input(0)
    project.insert_neuron(2, 1)
    again = ff.loads(ff.dumps(project))
    assert again.validation_inputs.shape == (4, 4) and again.validation_targets.shape == (4, 2)
    assert again.validation_inputs[:, 0].tolist() == [0, 0, 0, 0]


def _set_validation(path, value):
    def mutate(doc):
        doc.update(with_validation())
        target = doc
        for key in ["data", "validation"] + path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def _replace_validation(value):
    def mutate(doc):
        doc["data"]["validation"] = value
    return mutate


INVALID_VALIDATION = [
    (_replace_validation(3), "data.validation", "expected null or an object"),
    (_replace_validation([[1, 2, 3]]), "data.validation", "expected null or an object"),
    (_replace_validation({"inputs": [[1, 2, 3]]}), "data.validation.targets", "missing"),
    (_replace_validation({"targets": [[1]]}), "data.validation.inputs", "missing"),
    (_set_validation(["weights"], []), "data.validation.weights", "unknown key (expected only inputs, targets)"),
    (_set_validation(["inputs", 3], [1, 2]), "data.validation.inputs[3]", "expected 3 numbers, got 2"),
    (_set_validation(["inputs", 1, 2], "abc"), "data.validation.inputs[1][2]", 'expected a number, got "abc"'),
    (_set_validation(["inputs", 2, 0], float("nan")), "data.validation.inputs[2][0]", "NaN is not allowed"),
    (_set_validation(["targets", 3, 0], True), "data.validation.targets[3][0]", "true/false are not numbers"),
    (_set_validation(["targets", 2], "x"), "data.validation.targets[2]", "expected a row"),
    (_set_validation(["inputs"], [[1, 2], [3, 4], [5, 6], [7, 8]]), "data.validation.inputs",
     "expected rows of 3 numbers, got 4 rows of 2"),
    (_set_validation(["targets"], [[0, 1], [0, 1], [0, 1], [0, 1]]), "data.validation.targets",
     "expected rows of 1 numbers, got 4 rows of 2"),
    (_set_validation(["targets"], [[0], [1]]), "data.validation.targets",
     "2 rows but data.validation.inputs has 4; give one target row per input row"),
    (_set_validation(["inputs"], []), "data.validation.inputs", "no samples"),
    (_set_validation(["targets"], {}), "data.validation.targets", "expected a list of rows"),
]


@pytest.mark.parametrize("mutate, place, words", INVALID_VALIDATION)
def test_each_validation_problem_is_reported_at_its_place(mutate, place, words):
    problems = problems_after(mutate, place, words)
    assert all(p.startswith("data.validation") for p in problems), problems  # nothing blamed elsewhere


def test_validation_targets_the_loss_rejects_are_placed_under_data_validation_targets():
    doc = with_validation(targets=[[0], [1], [1], [1.5]])
    doc["network"]["layers"][2]["activation"] = "sigmoid"
    doc["loss"] = {"name": "bce"}
    assert problems_of(doc) == ["data.validation.targets: bce targets must lie in [0, 1]"]
    project = ff.from_dict(doc, require_computable=False)  # the GUI opens it and says why
    assert project.validation_targets[3, 0] == 1.5
    with pytest.raises(NetworkError, match="^validation set: bce targets"):
        project.validation_loss()


def test_a_pairing_problem_is_reported_once_not_again_for_the_validation_set():
    doc = with_validation()
    doc["network"]["layers"][2]["activation"] = "softmax"
    assert problems_of(doc) == ["loss: a softmax output needs the cross_entropy loss, not sse: "
                                "change the loss or the output activation"]


def test_every_validation_problem_and_other_problems_in_one_error():
    doc = with_validation()
    doc["data"]["validation"]["inputs"][0][1] = "two"
    doc["data"]["validation"]["targets"][2] = [1, 2]
    doc["training"]["seed"] = -1
    places = [p.split(": ", 1)[0] for p in problems_of(doc)]
    assert places == ["data.validation.inputs[0][1]", "data.validation.targets[2]", "training.seed"]


def test_save_refuses_a_non_finite_validation_value_at_its_place():
    project = ff.from_dict(with_validation())
    project.validation_targets[2, 0] = float("inf")
    with pytest.raises(FileFormatError) as info:
        ff.dumps(project)
    assert [p.split(":", 1)[0] for p in info.value.problems] == ["data.validation.targets[2][0]"]
