"""The .nnviz problems: one message per problem with its place, require_computable, and fuzzed documents."""
import copy
import json
import math

import numpy as np
import pytest

from file_documents import VALID, assert_same_project, valid, with_validation
from nnviz.core import fileformat as ff
from nnviz.core.errors import FileFormatError, NetworkError
from nnviz.core.losses import Loss
from nnviz.core.messages import MAX_PROBLEMS


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
    (_set(["training", "seed"], -1), "training.seed", "from 0 to 2147483647"),
    (_set(["training", "seed"], 2**31), "training.seed", "from 0 to 2147483647"),
    (_set(["training", "batch_size"], 10**400), "training.batch_size", "from 1 to 2147483647"),
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
    assert problems[-1] == f"data.inputs: ... and {12 - ff.MAX_VALUE_PROBLEMS} more of the same kind"


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
    ('{"format": "nnviz",\n "version": ' + "9" * 5000 + "}", "file: line 2, column 13: a whole number with 5,000 "
     "digits; numbers in a .nnviz file must be finite floats (at most about 1.8e308)"),
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


# ----- problems in the optional validation set (data.validation) ---------------------------------
def _set_validation(path, value):
    """Give the document the validation set of with_validation(), then set `path` inside it."""
    set_value = _set(["data", "validation"] + path, value)

    def mutate(doc):
        doc.update(with_validation())
        set_value(doc)
    return mutate


def _replace_validation(value):
    return _set(["data", "validation"], value)


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


# ----- text and numbers that could not be saved or shown again (issue 9) -----------------------------
@pytest.mark.parametrize("mutate, place", [
    (_set(["title"], "net \ud800"), "title"),
    (_set(["view"], {"note": "\udfff"}), "view.note"),
    (_set(["view"], {"panels": ["ok", "x\ud834"]}), "view.panels[1]"),
    (_set(["view"], {"\ud800": 1}), "view"),
])
def test_a_lone_surrogate_in_saved_text_is_refused_at_load(mutate, place):
    problems = problems_after(mutate, place, "cannot be saved as text")
    assert any("\\ud8" in p or "\\udf" in p for p in problems)
    assert all(p.encode("utf-8") for p in problems)  # the message itself can be printed


def test_a_lone_surrogate_in_json_text_names_its_place():
    text = json.dumps(valid()).replace('"title": "3-2-2-1', '"title": "\\ud800 3-2-2-1')
    with pytest.raises(FileFormatError) as info:
        ff.loads(text)
    assert info.value.problems == ["title: contains \\ud800 at character 1, half of a character pair that cannot "
                                   "be saved as text; remove it or retype that text"]
    assert ff.loads(text.replace("\\ud800", "\\ud83d\\ude00")).title.startswith("\U0001F600")  # a real pair is fine


@pytest.mark.parametrize("view, place", [
    ({"positions": {"0,0": [10 ** 400, 1]}}, "view.positions.0,0[0]"),
    ({"zoom": -(10 ** 309)}, "view.zoom"),
])
def test_view_numbers_a_float_cannot_hold_are_refused_at_load(view, place):
    problems = problems_after(_set(["view"], view), place, "too large")
    assert len(problems) == 1


def test_a_key_given_twice_is_refused_naming_the_key_and_its_place():
    text = json.dumps(valid())
    twice = text.replace('"activation": "identity"', '"activation": "identity", "activation": "relu"')
    twice = twice.replace('"title": ', '"title": "first", "title": ')
    with pytest.raises(FileFormatError) as info:
        ff.loads(twice)
    assert info.value.problems == [
        'file: the key "title" is given more than once; JSON keeps only the last, so remove the others',
        'network.layers[2]: the key "activation" is given more than once; JSON keeps only the last, '
        "so remove the others"]


def test_removed_edge_problems_are_capped_and_counted():
    doc = valid()
    n = 300
    doc["network"]["input_size"] = n
    doc["network"]["layers"][0]["size"] = n
    doc["network"]["layers"][1]["size"] = 1
    doc["network"]["weights"] = [[[1] * n] * n, [[1] * n], [[1]]]
    doc["network"]["biases"] = [[0] * n, [0], [0]]
    doc["network"]["masks"] = [[[0] * n] * n, None, None]
    doc["data"]["inputs"] = [[1] * n]
    problems = problems_of(doc)
    assert len(problems) == ff.MAX_VALUE_PROBLEMS + 1
    assert problems[0].startswith("network.weights[0][0][0]: this edge is removed")
    assert problems[-1] == f"network.weights[0]: ... and {n * n - ff.MAX_VALUE_PROBLEMS:,} more of the same kind"


def test_every_problem_list_is_capped_with_each_kind_shown_once():
    doc = valid()
    for k in range(60):
        doc[f"extra{k}"] = k
    doc["network"]["layers"][0]["activation"] = "swish"
    problems = problems_of(doc)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == "... and 41 more of the same kinds as above"
    assert "network.layers[0].activation" in " ".join(problems)  # the rare kind is not crowded out
    assert len(str(FileFormatError(problems))) < 3000
