"""`nnviz explain`, `nnviz solve --format` and `nnviz gradcheck`: the contracts other tools rely on."""
import json

import pytest

from nnviz.cli import main
from nnviz.core import fileformat
from nnviz.core.gradcheck import check_gradients
from nnviz.paths import example_files, examples_dir

EX = examples_dir()
EXAMPLE_002 = EX / "002_relu_3-2-2-1_sse.nnviz"
EXAMPLE_003 = EX / "003_sigmoid_4-3-2-1_bce_batch.nnviz"


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def explain_json(capsys, *argv):
    status, out, err = run(capsys, "explain", *argv, "--json")
    assert status == 0 and err == ""
    return json.loads(out)


def test_explain_json_for_002_is_the_documented_object(capsys):
    doc = explain_json(capsys, EXAMPLE_002, "w:1:1:2")
    assert list(doc) == ["parameter", "gradient", "reduction", "m", "path_count", "samples"]
    assert (doc["parameter"], doc["gradient"], doc["reduction"], doc["m"], doc["path_count"]) == \
        ("w:1:1:2", 64.0, "sum", 1, 2)
    (sample,) = doc["samples"]
    assert sample["sample"] == 1 and sample["total"] == 64.0
    for path, middle in zip(sample["paths"], (1, 2)):
        assert path["units"] == [[1, 1], [2, middle], [3, 1]]
        assert [f["value"] for f in path["factors"]] == [16.0, 1.0, 1.0, 1.0, 1.0, 2.0] and path["product"] == 32.0
        assert path["factors"][0]["name"] == "∂L/∂Z⁽³⁾" and path["factors"][-1]["name"] == "x₂"  # 002's notation
    default = explain_json(capsys, EXAMPLE_002, "w:1:1:2", "--notation", "pytorch")
    assert default["samples"][0]["paths"][0]["factors"][0]["name"] == "∂L/∂z⁽³⁾₁"


def test_explain_gradient_equals_solve_for_every_parameter_of_every_example(capsys):
    for path in example_files():
        status, out, _ = run(capsys, "solve", path, "--json")
        layers = json.loads(out)["layers"]
        project = fileformat.load(path)
        for l, layer in enumerate(project.network.layers):
            for i in range(layer.size):
                for j in range(project.network.fan_ins()[l]):
                    doc = explain_json(capsys, path, f"w:{l + 1}:{i + 1}:{j + 1}")
                    assert doc["gradient"] == layers[l]["grad_weights"][i][j]
                    scale = 1 / doc["m"] if doc["reduction"] == "mean" else 1
                    assert sum(s["total"] for s in doc["samples"]) * scale == pytest.approx(doc["gradient"], rel=1e-12,
                                                                                            abs=1e-15)
                    for s in doc["samples"]:
                        assert sum(p["product"] for p in s["paths"]) == pytest.approx(s["total"], rel=1e-12, abs=1e-15)


def test_explain_sample_and_max_paths(capsys):
    doc = explain_json(capsys, EXAMPLE_003, "b:1:2", "--sample", "3", "--max-paths", "1")
    assert [s["sample"] for s in doc["samples"]] == [3] and doc["m"] == 4 and doc["reduction"] == "mean"
    assert doc["path_count"] == 2 and len(doc["samples"][0]["paths"]) == 1  # the larger of the two
    full = explain_json(capsys, EXAMPLE_003, "b:1:2", "--sample", "3")
    products = [p["product"] for p in full["samples"][0]["paths"]]
    assert doc["samples"][0]["paths"][0]["product"] == max(products, key=abs)
    assert doc["samples"][0]["total"] == pytest.approx(full["samples"][0]["total"], rel=1e-12)
    assert doc["gradient"] == full["gradient"]


@pytest.mark.parametrize("param, words", [
    ("w:9:1:1", "layer 9 does not exist"), ("w:1:3:1", "layer 1 has 2 units, so there is no unit 3"),
    ("w:1:1:4", "the input has 3 units"), ("b:0:1", "layer 0 does not exist"), ("q:1:1", "unknown quantity"),
    ("z:1:1", "not a parameter"), ("w:1:1", "expected w:LAYER:TO_UNIT:FROM_UNIT")])
def test_explain_refuses_a_parameter_that_does_not_exist_with_one_line(capsys, param, words):
    status, out, err = run(capsys, "explain", EXAMPLE_002, param)
    assert status == 2 and out == "" and err.count("\n") == 1 and err.startswith("nnviz: ") and words in err


def test_explain_refuses_a_sample_beyond_the_data(capsys):
    status, _, err = run(capsys, "explain", EXAMPLE_002, "w:1:1:1", "--sample", "2")
    assert status == 2 and "only 1 sample" in err


def test_explain_text_has_the_paths_the_layer_form_and_the_update(capsys):
    status, out, _ = run(capsys, "explain", EXAMPLE_002, "w:1:1:2")
    assert status == 0
    assert "∂L/∂w⁽¹⁾₂₁ = ∂L/∂Z⁽³⁾ · w⁽³⁾₁₁ · ReLU'(Z⁽²⁾₁) · w⁽¹⁾" not in out  # names are 002's own
    assert "= 16 · 1 · 1 · 1 · 1 · 2 + 16 · 1 · 1 · 1 · 1 · 2" in out and "= 32 + 32 = 64" in out
    assert "W⁽²⁾ᵀ (2×2)" not in out and "W⁽²⁾ (2×2)" in out  # 002 prints matrices (in × out)
    assert "w⁽¹⁾₂₁ ← w⁽¹⁾₂₁ − η ∂L/∂w⁽¹⁾₂₁ = 1 − 0.01 · 64 = 0.36" in out


@pytest.mark.parametrize("fmt, marker", [("text", "Summary of the gradients"), ("markdown", "## Summary"),
                                         ("latex", r"\begin{document}"), ("html", "<math")])
def test_solve_formats(capsys, fmt, marker):
    status, out, err = run(capsys, "solve", EXAMPLE_002, "--format", fmt)
    assert status == 0 and err == "" and marker in out
    status, json_out, _ = run(capsys, "solve", EXAMPLE_002, "--format", "json")
    assert json.loads(json_out)["loss"] == 64.0


def test_solve_decimals_write_the_numbers_as_students_do(capsys):
    status, out, _ = run(capsys, "solve", EX / "004_sigmoid_3-2-1_half_sse.nnviz", "--decimals", "4")
    assert status == 0 and "0.7869 · 0.2131 = 0.1677" in out and "∂L/∂b₁₋₂ = δ₁₋₂ = 0.0212" in out


def test_gradcheck_passes_on_every_example_and_reports_the_largest_error(capsys):
    for path in example_files():
        status, out, err = run(capsys, "gradcheck", path, "--json")
        doc = json.loads(out)
        assert status == 0 and err == "" and doc["passed"] and doc["max_relative_error"] < 1e-5
        project = fileformat.load(path)
        assert len(doc["parameters"]) == sum(w.size for w in project.network.weights) + sum(
            layer.size for layer in project.network.layers if layer.bias)
    status, out, _ = run(capsys, "gradcheck", EXAMPLE_002)
    assert status == 0 and "largest relative error" in out and "w:1:1:2" in out


def test_gradcheck_flags_a_kink_and_exits_1(capsys, tmp_path):
    project = fileformat.load(EXAMPLE_002)
    project.network.biases[0][0] = -2.0  # z of unit 1 of layer 1 is exactly 0: ReLU's kink
    path = tmp_path / "kink.nnviz"
    fileformat.save(project, path)
    status, out, err = run(capsys, "gradcheck", path)
    assert status == 1 and "kink" in err
    report = check_gradients(project)
    assert not report.passed and report.largest.parameter.canonical().startswith(("w:1:1", "b:1:1"))
    assert project.network.biases[0][0] == -2.0  # the check restores every parameter
