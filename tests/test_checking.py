"""Check my work: numbers read with the tolerance of their digits, names in the file's notation, each answer
marked correct / carried / wrong by the exact rules, the first wrong step, and the slip named."""
import json
import math
from pathlib import Path

import numpy as np
import pytest

from nnviz.cli import main
from nnviz.core import Loss, Project, fileformat
from nnviz.core.answers import AnswerError, read_answers, read_number
from nnviz.core.checking import Sheet, check
from nnviz.core.notation import Notation
from nnviz.core.quantities import Quantity, all_quantities
from nnviz.paths import examples_dir
from test_engine import random_network

EX = examples_dir()
ANSWERS = Path(__file__).parent / "answers"


def marks_of(project, text, notation=None):
    notation = notation or Notation.from_view(project.view.get("notation"))
    answers = read_answers(text, project, notation.namer(project.network.sizes()))
    order = {q: k for k, q in enumerate(all_quantities(project))}
    return check(project, project.compute(), answers, order)


# ----- numbers as written --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, value, tolerance", [
    ("0.0212", 0.0212, 0.00005), ("-2.8e-5", -2.8e-5, 0.05e-5), ("2.8x10^-5", 2.8e-5, 0.05e-5),
    ("2.8 × 10^-5", 2.8e-5, 0.05e-5), ("2.8·10⁻⁵", 2.8e-5, 0.05e-5), ("64", 64.0, 0.5), ("−0.00285", -0.00285, 5e-6),
    ("1.", 1.0, 0.5), (".5", 0.5, 0.05), ("3E2", 300.0, 50.0), ("0,25", 0.25, 0.005)])
def test_tolerance_is_half_a_unit_in_the_last_written_place(text, value, tolerance):
    written = read_number(text)
    assert written.value == pytest.approx(value, rel=1e-15) and written.tolerance == pytest.approx(tolerance, rel=1e-12)
    assert written.matches(value + 0.999 * tolerance) and not written.matches(value + 1.01 * tolerance)


def test_a_fraction_is_exact_and_bad_numbers_are_refused():
    half = read_number("1/2")
    assert half.exact and half.value == 0.5 and half.matches(0.5 + 1e-13) and not half.matches(0.5 + 1e-9)
    for bad in ("abc", "1/0", "", "0.5.1", "1e999"):
        with pytest.raises(ValueError):
            read_number(bad)


def test_a_correctly_rounded_answer_is_correct_and_a_lazily_rounded_one_is_not():
    project = fileformat.load(EX / "004_sigmoid_3-2-1_half_sse.nnviz")  # exact ∂L/∂b₁₋₂ = 0.0211943...
    report = marks_of(project, "grad:b:2:1 = 0.0212\nz:1:1 = 1.31\ndelta:2:1 = 0.0211\n")
    assert [m.verdict for m in report.marks] == ["correct", "correct", "wrong"]  # 0.0211: truncated, not rounded
    report = marks_of(project, "delta:2:1 = 0.021\ndelta:1:1@1 = 0.00141\n")  # 0.021 · 0.4 · 0.1677 = 0.0014087
    assert [m.verdict for m in report.marks] == ["correct", "carried"]


# ----- the worked examples ---------------------------------------------------------------------------------
def test_worked_example_001_as_the_student_wrote_it():
    project = fileformat.load(EX / "001_relu_identity_2-3-3-1_half_sse.nnviz")
    report = marks_of(project, (ANSWERS / "001_student.txt").read_text())
    verdicts = {m.answer.quantity.canonical(): m for m in report.marks}
    for name in ("z:1:1@1", "a:1:2@1", "a:2:2@1", "a:3:1@1", "loss"):  # z, h, ŷ = 5 and L = 6.125
        assert verdicts[name].verdict == "correct"
    wrong = verdicts["grad:w:3:1:2"]  # ∂L/∂w⁽³⁾₂ = 42
    assert wrong.verdict == "wrong" and wrong.exact == 21.0
    assert wrong.diagnosis.startswith("42 is twice the correct 21: the loss is ½(y − ŷ)², so ∂L/∂ŷ = ŷ − y, not 2(ŷ − y)")
    assert verdicts["grad:w:2:2:2"].verdict == "wrong"  # ∂L/∂w⁽²⁾₂₂ = 28
    assert verdicts["grad:w:1:2:1"].verdict == "correct"  # ∂L/∂w⁽¹⁾₂₁ = 14: the number is right
    assert report.first_wrong is wrong and report.counts == {"correct": 12, "carried": 0, "wrong": 2}


def test_worked_example_004_part_3_as_the_student_wrote_it():
    project = fileformat.load(EX / "004_sigmoid_3-2-1_half_sse.nnviz")
    report = marks_of(project, (ANSWERS / "004_student.txt").read_text())
    verdicts = {m.answer.quantity.canonical(): m for m in report.marks}
    w31 = verdicts["grad:w:1:1:3"]  # ∂L/∂w₃₁₋₁ = −0.00285: from its own δ = 0.0014 the product is −0.002884
    assert w31.verdict == "wrong" and w31.recomputed == pytest.approx(0.0014 * -2.06, rel=1e-12)
    assert "-0.002884" in w31.diagnosis and "arithmetic slip" in w31.diagnosis
    w32 = verdicts["grad:w:1:2:3"]  # ∂L/∂w₃₂₋₁ = −0.00577: its own δ = 0.0028 times −2.06
    assert w32.verdict == "carried" and w32.recomputed == pytest.approx(0.0028 * -2.06, rel=1e-12)
    assert verdicts["loss"].verdict == "correct"  # 0.0054
    assert report.first_wrong is w31


# ----- names ---------------------------------------------------------------------------------------------
def test_names_in_the_files_notation_in_every_spelling_and_canonical_names():
    project = fileformat.load(EX / "002_relu_3-2-2-1_sse.nnviz")  # Z/H, w_jk from j to k
    text = "\n".join(["dL/dw^(1)_21 = 64", "∂L/∂w⁽¹⁾₃₁ = -32", r"\frac{\partial L}{\partial b^{(3)}} = 16",
                      "H^(2)_1 = 4", "Z⁽¹⁾₂ = 2", "δ⁽²⁾₂ = 16", "dLoss/dH^(3) = 16", "grad:w:2:2:1 = 32", "z:2:2@1 = 4",
                      "ReLU'(Z^(1)_1) = 1", "w^(3)_11' = 0.36", "loss = 64"])
    report = marks_of(project, text)
    assert [m.answer.quantity.canonical() for m in report.marks] == [
        "grad:w:1:1:2", "grad:w:1:1:3", "grad:b:3:1", "a:2:1@1", "z:1:2@1", "delta:2:2@1", "grad_a:3:1@1",
        "grad:w:2:2:1", "z:2:2@1", "fprime:1:1@1", "new:w:3:1:1", "loss"]
    assert all(m.verdict == "correct" for m in report.marks)


@pytest.mark.parametrize("text, words", [
    ("z:1:1 = 2\nnonsense\n", "line 2: expected NAME = VALUE"), ("z:1:1 = 2\n = 3\n", "line 2: the name before '=' is empty"),
    ("q^(1)_1 = 2\n", 'line 1: unknown name "q^(1)_1"'), ("z:4:1 = 1\n", "line 1: z:4:1: no such quantity in this network"),
    ("fprime:2:1 = 1\n", "softmax output"), ("z:1:1 = abc\n", 'line 1: "abc" is not a number'),
    ("z:1:1 = 2\n# note\nz:1:1@1 = 2\n", "line 3: z:1:1@1 is answered twice (first on line 1)"),
    ("w:1:1:1 = 1\n", "is a parameter of the file"), ("z:1:1 = 1 = 2\n", "expected NAME = VALUE")])
def test_an_answer_file_that_cannot_be_read_names_the_line(text, words):
    name = "softmax_2-3-3_cross_entropy.nnviz" if "fprime:2" in text else "002_relu_3-2-2-1_sse.nnviz"
    project = fileformat.load(EX / name)
    if "z:4:1" in text:
        project = fileformat.load(EX / "004_sigmoid_3-2-1_half_sse.nnviz")
    with pytest.raises(AnswerError, match=None) as info:
        read_answers(text, project, Notation.from_view(project.view.get("notation")).namer(project.network.sizes()))
    assert words in str(info.value)


# ----- the rules -----------------------------------------------------------------------------------------
PAIRS = [("sigmoid", "half_sse"), ("tanh", "sse"), ("relu", "mse"), ("identity", "huber"), ("sigmoid", "bce"),
         ("softmax", "cross_entropy"), ("tanh", "l1"), ("identity", "hinge"), ("sigmoid", "cosine")]


def random_project(seed, out_act, loss_name, m=2):
    rng = np.random.default_rng(seed)
    net = random_network(rng, 3, [3, 3, 2], ["tanh", "relu" if seed % 2 else "sigmoid", out_act])
    from test_engine import make_targets
    project = Project(net, Loss(loss_name, "mean" if seed % 3 else "sum"), rng.normal(size=(m, 3)),
                      make_targets(loss_name, rng, m, 2))
    project.training.learning_rate = 0.3
    return project


@pytest.mark.parametrize("out_act, loss_name", PAIRS)
def test_every_step_recomputed_from_exact_inputs_is_the_engines_value(out_act, loss_name):
    project = random_project(4, out_act, loss_name)
    sheet = Sheet(project, project.compute(), [])
    for q in all_quantities(project):
        assert sheet.recompute(q) == pytest.approx(sheet.exact(q), rel=1e-9, abs=1e-12), q.canonical()


def full_sheet(project, changes):
    """Every quantity written to 10 significant digits; `changes` replaces some, and each later quantity is
    recomputed from the student's own values (as a student carrying an earlier slip would)."""
    result = project.compute()
    written, lines = {}, []
    from nnviz.core.answers import Answer
    answers = []
    for k, q in enumerate(all_quantities(project)):
        sheet = Sheet(project, result, answers)
        value = changes[q](sheet) if q in changes else (sheet.exact(q) if not written else sheet.recompute(q))
        if any(c in changes for c in written) or q in changes:
            written[q] = value
        text = f"{value:.10g}"
        answers.append(Answer(k + 1, q.canonical(), q, read_number(text)))
        lines.append(f"{q.canonical()} = {text}")
    return "\n".join(lines)


SLIPS = {
    "factor 2": (lambda p: Quantity("grad_a", 3, 1, 0, 1), lambda s, q: 2 * s.recompute(q), "twice the correct"),
    "sign": (lambda p: Quantity("delta", 2, 2, 0, 1), lambda s, q: -s.recompute(q), "the sign is wrong"),
    "1/m": (lambda p: Quantity("grad_w", 2, 1, 3), None, "1/m"),  # missing for a mean, extra for a sum
    "transposed": (lambda p: Quantity("z", 2, 1, 0, 3), None, "weight indices are swapped"),
    "sigma z(1-z)": (lambda p: Quantity("fprime", 1, 2, 0, 1), None, "z(1 − z)"),
    "no activation": (lambda p: Quantity("a", 1, 3, 0, 1), lambda s, q: s.v(Quantity("z", 1, 3, 0, 1)),
                      "activation was not applied"),
    "missing path": (lambda p: Quantity("grad_a", 1, 2, 0, 3), None, "a path is missing"),
    "update sign": (lambda p: Quantity("new_w", 1, 2, 3), None, "instead of subtracting"),
    "arithmetic": (lambda p: Quantity("grad_b", 2, 2), lambda s, q: s.recompute(q) + 0.4321, "arithmetic slip"),
}


def _slipped(name, sheet, q):
    if name == "transposed":
        return sheet.recompute(q, weight=lambda l, i, j: sheet.weight(l, j, i))
    if name == "sigma z(1-z)":
        z = sheet.v(Quantity("z", q.layer, q.i, 0, q.sample))
        return z * (1 - z)
    if name == "missing path":
        return sheet.recompute(q) - sheet.weight(2, 1, q.i) * sheet.v(Quantity("delta", 2, 1, 0, q.sample))
    if name == "1/m":
        return sheet.recompute(q) * (sheet.m if sheet.project.loss.reduction == "mean" else 1 / sheet.m)
    if name == "update sign":
        return sheet.weight(1, 2, 3) + 0.3 * sheet.v(Quantity("grad_w", 1, 2, 3))
    return SLIPS[name][1](sheet, q)


@pytest.mark.parametrize("slip", list(SLIPS))
@pytest.mark.parametrize("seed", range(3))
def test_an_injected_slip_is_the_first_wrong_step_later_steps_are_carried_and_the_slip_is_named(slip, seed):
    project = random_project(10 + seed, "sigmoid", "half_sse", m=3)  # m = 3: a 1/m slip is not a factor 2
    for l in range(len(project.network.layers)):  # sigmoid everywhere: σ' slips, and no dead ReLU hides a slip
        project.network.set_activation(l, "sigmoid")
    step, _, words = SLIPS[slip]
    q = step(project)
    text = full_sheet(project, {q: lambda sheet, q=q: _slipped(slip, sheet, q)})
    report = marks_of(project, text, Notation())
    by_name = {m.answer.quantity: m for m in report.marks}
    assert by_name[q].verdict == "wrong" and report.first_wrong is by_name[q], slip
    assert words in by_name[q].diagnosis, (slip, by_name[q].diagnosis)
    order = all_quantities(project)
    before = order[:order.index(q)]
    assert all(by_name[p].verdict == "correct" for p in before)
    assert all(by_name[p].verdict in ("correct", "carried") for p in order[order.index(q) + 1:])
    assert any(by_name[p].verdict == "carried" for p in order[order.index(q) + 1:]) or q.kind == "new_w"


def test_copied_from_another_answer_is_named():
    project = fileformat.load(EX / "004_sigmoid_3-2-1_half_sse.nnviz")
    report = marks_of(project, "grad:b:2:1 = 0.0212\ngrad:w:2:1:1 = 0.0212\n")
    assert report.marks[1].verdict == "wrong" and "the same number as grad:b:2:1 (line 1)" in report.marks[1].diagnosis


def test_answers_too_large_to_square_are_marked_not_crashed(capsys, tmp_path):
    """ŷ = 1e200 squared overflows Python's floats: the loss cannot be worked out from it, and says so."""
    project = fileformat.load(EX / "001_relu_identity_2-3-3-1_half_sse.nnviz")
    report = marks_of(project, "yhat = 1e200\nloss = 5\n")
    loss = report.marks[1]
    assert loss.verdict == "wrong" and math.isnan(loss.recomputed)
    assert loss.diagnosis == ("5 is not the exact value 6.125, and this step cannot be worked out from your own "
                              "earlier numbers: they are too large (check them first)")
    answers = tmp_path / "big.txt"
    answers.write_text("yhat = 1e200\nloss = 5\n")
    status, out, err = run(capsys, "check", EX / "001_relu_identity_2-3-3-1_half_sse.nnviz", answers, "--json")
    assert status == 0 and err == "" and json.loads(out)["answers"][1]["recomputed"] is None


# ----- the command line ----------------------------------------------------------------------------------
def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_check_json_contract(capsys):
    status, out, err = run(capsys, "check", EX / "004_sigmoid_3-2-1_half_sse.nnviz", ANSWERS / "004_student.txt", "--json")
    assert status == 0 and err == ""
    doc = json.loads(out)
    assert list(doc) == ["answers", "first_wrong", "counts"]
    assert doc["first_wrong"] == "grad:w:1:1:3" and doc["counts"] == {"correct": 24, "carried": 2, "wrong": 1}
    first = doc["answers"][0]
    assert list(first) == ["name", "given", "verdict", "exact", "recomputed", "diagnosis"]
    assert first["name"] == "z:1:1@1" and first["given"] == 1.3062 and first["diagnosis"] is None
    names = [a["name"] for a in doc["answers"]]
    assert names[:3] == ["z:1:1@1", "z:1:2@1", "a:1:1@1"] and names[-1] == "grad:w:1:2:3"  # file order


def test_check_text_and_exit_codes(capsys, tmp_path):
    status, out, _ = run(capsys, "check", EX / "001_relu_identity_2-3-3-1_half_sse.nnviz", ANSWERS / "001_student.txt")
    assert status == 0 and "✗ wrong" in out and "First wrong step: dL/dw^(3)_2 = 42 (line 13)" in out
    bad = tmp_path / "bad.txt"
    bad.write_text("z:1:1 = 3\nz:1:1@1 = 3\n")
    status, out, err = run(capsys, "check", EX / "001_relu_identity_2-3-3-1_half_sse.nnviz", bad)
    assert status == 2 and out == "" and err.count("\n") == 1 and "line 2" in err and "answered twice" in err
    status, _, err = run(capsys, "check", EX / "001_relu_identity_2-3-3-1_half_sse.nnviz", tmp_path / "none.txt")
    assert status == 2 and "no such file" in err


def test_the_first_wrong_step_is_derived_with_the_students_own_numbers():
    from nnviz.core.check_explain import step_block
    from nnviz.core.mathtext import render_plain
    project = fileformat.load(EX / "004_sigmoid_3-2-1_half_sse.nnviz")
    notation = Notation.from_view(project.view.get("notation"))
    answers = read_answers((ANSWERS / "004_student.txt").read_text(), project, notation.namer([3, 2, 1]))
    report = check(project, project.compute(), answers, {q: k for k, q in enumerate(all_quantities(project))})
    sheet = Sheet(project, project.compute(), answers)
    text = render_plain([step_block(sheet, report.first_wrong, notation)])
    assert "∂L/∂w₃₁₋₁ = δ₁₋₁ · x₃ = 0.0014 · (-2.06) = -0.002884" in text  # their δ, their product
    assert "You wrote -0.00285. From your own numbers this step gives -0.002884; the exact value is -0.002929." in text
    for kind in ("z:1:1", "a:1:1", "loss", "fprime:1:1", "grad_a:1:1", "grad_a:2:1", "delta:1:2", "grad:b:1:1",
                 "new:w:1:1:3"):
        one = read_answers(f"{kind} = 1", project, notation.namer([3, 2, 1]))
        mark = check(project, project.compute(), one, {q: k for k, q in enumerate(all_quantities(project))}).marks[0]
        assert render_plain([step_block(Sheet(project, project.compute(), one), mark, notation)]).count("=") >= 2
