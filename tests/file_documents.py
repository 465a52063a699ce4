"""The valid .nnviz document (worked example 002) and the checks both file test modules build on."""
import copy

from nnviz.core.project import Project

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
    """A fresh copy of VALID for a test to change."""
    return copy.deepcopy(VALID)


def with_validation(inputs=None, targets=None):
    """VALID with a four-sample validation set (or the given rows)."""
    doc = valid()
    doc["data"]["validation"] = {"inputs": [[1, 2, -1], [0, 0, 0], [3, 4, 5], [-1, -2, -3]] if inputs is None
                                 else inputs, "targets": [[0], [1], [2], [3]] if targets is None else targets}
    return doc


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
