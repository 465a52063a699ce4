"""The headless CLI (`nnviz solve`, `nnviz train`), its text report and the shipped examples.

Numbers are checked against the worked homework examples and against a scalar float64 reference
written below with plain loops and the math module, reading the .nnviz JSON directly.
"""
import json
import math
import subprocess
import sys
import types
from pathlib import Path

import pytest

from nnviz import __version__
from nnviz.cli import main
from nnviz.core import fileformat
from nnviz.paths import DEFAULT_EXAMPLE, example_files, examples_dir

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_002 = examples_dir() / "002_relu_3-2-2-1_sse.nnviz"
EXAMPLE_004 = examples_dir() / "004_sigmoid_3-2-1_half_sse.nnviz"
EXAMPLE_XOR = examples_dir() / "xor_2-2-1_sigmoid_bce.nnviz"
EXAMPLE_003 = examples_dir() / "003_sigmoid_4-3-2-1_bce_batch.nnviz"


# ----- scalar reference -----------------------------------------------------------------------
def _act(name, zs):
    if name == "identity":
        return list(zs)
    if name == "relu":
        return [max(z, 0.0) for z in zs]
    if name == "sigmoid":
        return [1.0 / (1.0 + math.exp(-z)) for z in zs]
    if name == "tanh":
        return [math.tanh(z) for z in zs]
    if name == "softmax":
        e = [math.exp(z - max(zs)) for z in zs]
        return [v / sum(e) for v in e]
    raise AssertionError(name)


def _act_jacobian(name, z, a):
    """da_k/dz_j as a matrix (full for softmax, diagonal otherwise)."""
    n = len(z)
    if name == "softmax":
        return [[a[k] * ((k == j) - a[j]) for j in range(n)] for k in range(n)]
    slope = {"identity": lambda k: 1.0, "relu": lambda k: 1.0 if z[k] > 0 else 0.0,
             "sigmoid": lambda k: a[k] * (1 - a[k]), "tanh": lambda k: 1 - a[k] ** 2}[name]
    return [[slope(k) if k == j else 0.0 for j in range(n)] for k in range(n)]


def _sample_loss(name, a, y):
    """Per-sample loss and dl/da, from the textbook definitions."""
    K = len(a)
    if name == "sse":
        return sum((yk - ak) ** 2 for ak, yk in zip(a, y)), [2 * (ak - yk) for ak, yk in zip(a, y)]
    if name == "half_sse":
        return 0.5 * sum((yk - ak) ** 2 for ak, yk in zip(a, y)), [ak - yk for ak, yk in zip(a, y)]
    if name == "mse":
        return sum((yk - ak) ** 2 for ak, yk in zip(a, y)) / K, [2 * (ak - yk) / K for ak, yk in zip(a, y)]
    if name == "bce":
        value = -sum(yk * math.log(ak) + (1 - yk) * math.log(1 - ak) for ak, yk in zip(a, y)) / K
        return value, [-(yk / ak - (1 - yk) / (1 - ak)) / K for ak, yk in zip(a, y)]
    if name == "cross_entropy":
        return -sum(yk * math.log(ak) for ak, yk in zip(a, y)), [-yk / ak for ak, yk in zip(a, y)]
    raise AssertionError(f"reference has no loss {name}")


def reference_solve(doc):
    """Forward, loss and backward pass of a .nnviz document, one sample and one unit at a time."""
    net = doc["network"]
    layers = net["layers"]
    L = len(layers)
    masks = net["masks"] or [None] * L
    W = [[[w if masks[l] is None or masks[l][i][j] else 0.0 for j, w in enumerate(row)]
          for i, row in enumerate(net["weights"][l])] for l in range(L)]
    B = [net["biases"][l] if layers[l]["bias"] else [0.0] * layers[l]["size"] for l in range(L)]
    X, Y = doc["data"]["inputs"], doc["data"]["targets"]
    m = len(X)
    scale = 1.0 / m if doc["loss"]["reduction"] == "mean" else 1.0
    out = {"loss": 0.0, "layers": [{"z": [], "a": [], "delta": [],
                                    "grad_weights": [[0.0] * len(W[l][0]) for _ in W[l]],
                                    "grad_biases": [0.0] * len(W[l]) if layers[l]["bias"] else None}
                                   for l in range(L)]}
    for x, y in zip(X, Y):
        acts, zs = [list(map(float, x))], []
        for l in range(L):
            z = [sum(W[l][i][j] * acts[-1][j] for j in range(len(acts[-1]))) + B[l][i] for i in range(len(W[l]))]
            zs.append(z)
            acts.append(_act(layers[l]["activation"], z))
        value, grad_a = _sample_loss(doc["loss"]["name"], acts[-1], y)
        out["loss"] += scale * value
        grad_a = [scale * g for g in grad_a]
        for l in range(L - 1, -1, -1):
            jac = _act_jacobian(layers[l]["activation"], zs[l], acts[l + 1])
            delta = [sum(grad_a[k] * jac[k][j] for k in range(len(grad_a))) for j in range(len(grad_a))]
            res = out["layers"][l]
            res["z"].append(zs[l])
            res["a"].append(acts[l + 1])
            res["delta"].append(delta)
            for i in range(len(W[l])):
                for j in range(len(W[l][0])):
                    if masks[l] is None or masks[l][i][j]:
                        res["grad_weights"][i][j] += delta[i] * acts[l][j]
                if res["grad_biases"] is not None:
                    res["grad_biases"][i] += delta[i]
            grad_a = [sum(delta[i] * W[l][i][j] for i in range(len(W[l]))) for j in range(len(W[l][0]))]
    out["outputs"] = out["layers"][-1]["a"]
    return out


def assert_close(got, want, place="result"):
    """Every number equal to 1e-9 relative (1e-12 absolute for sums that cancel to about 0)."""
    if isinstance(want, dict):
        assert set(got) == set(want), place
        for key in want:
            assert_close(got[key], want[key], f"{place}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), place
        for i, (g, w) in enumerate(zip(got, want)):
            assert_close(g, w, f"{place}[{i}]")
    elif want is None:
        assert got is None, place
    else:
        assert isinstance(got, float), place
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12), f"{place}: {got} != {want}"


# ----- helpers ---------------------------------------------------------------------------------
def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def solve_json(capsys, path):
    status, out, err = run(capsys, "solve", path, "--json")
    assert status == 0 and err == ""
    return json.loads(out)


def table_after(text, caption_start):
    """Rows (label, cells) of the first table after the line starting with caption_start."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip().startswith(caption_start))
    n = start + 1
    while lines[n].strip().startswith("("):  # the "(row i = ..., column j = ...)" legend
        n += 1
    columns = len(lines[n].split())
    rows = []
    for line in lines[n + 1:]:
        parts = line.split()
        label_words = 2 if parts[:1] == ["sample"] else 1
        if len(parts) != label_words + columns:  # a note or the next section: the table has ended
            break
        rows.append((" ".join(parts[:label_words]), parts[label_words:]))
    return rows


def parse_losses(out):
    lines = out.splitlines()
    for k, line in enumerate(lines):
        assert line.startswith(f"step {k}: ")
    return [float(line.split(": ")[1]) for line in lines]


def edited_example(tmp_path):
    """002 with the edge x_3 -> unit 1 of layer 1 removed and layer 2's bias switched off."""
    project = fileformat.load(EXAMPLE_002)
    project.network.set_edge_enabled(0, 0, 2, False)
    project.network.set_bias_enabled(1, False)
    path = tmp_path / "edited.nnviz"
    fileformat.save(project, path)
    return path


# ----- shipped examples ------------------------------------------------------------------------
def test_the_promised_examples_are_shipped():
    names = {p.name for p in example_files()}
    assert {DEFAULT_EXAMPLE, EXAMPLE_004.name, EXAMPLE_XOR.name, EXAMPLE_003.name} <= names


def test_example_003_is_a_sigmoid_bce_batch():
    doc = json.loads(EXAMPLE_003.read_text())
    assert doc["loss"] == {"name": "bce", "reduction": "mean"}
    assert len(doc["data"]["inputs"]) > 1
    assert all(layer["activation"] == "sigmoid" for layer in doc["network"]["layers"])


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_solve_json_matches_the_scalar_reference(capsys, path):
    got = solve_json(capsys, path)
    assert_close(got, reference_solve(json.loads(path.read_text())))


def test_solve_json_matches_the_reference_with_a_removed_edge_and_no_bias(capsys, tmp_path):
    path = edited_example(tmp_path)
    got = solve_json(capsys, path)
    assert_close(got, reference_solve(json.loads(path.read_text())))
    assert got["layers"][1]["grad_biases"] is None
    assert got["layers"][0]["grad_weights"][0][2] == 0.0


def test_solve_json_reproduces_worked_example_002(capsys):
    got = solve_json(capsys, EXAMPLE_002)
    assert got["loss"] == 64.0 and got["outputs"] == [[8.0]]
    g = [(layer["grad_weights"], layer["grad_biases"]) for layer in got["layers"]]
    assert g[2] == ([[64.0, 64.0]], [16.0])
    assert g[1] == ([[32.0, 32.0], [32.0, 32.0]], [16.0, 16.0])
    assert g[0] == ([[32.0, 64.0, -32.0], [32.0, 64.0, -32.0]], [32.0, 32.0])
    assert [layer["z"] for layer in got["layers"]] == [[[2.0, 2.0]], [[4.0, 4.0]], [[8.0]]]


def test_solve_json_reproduces_worked_example_004(capsys):
    got = solve_json(capsys, EXAMPLE_004)
    # the weight from x_3 to hidden unit 1 (the homework's w_31): -0.0029288, not the student's -0.00285
    assert round(got["layers"][0]["grad_weights"][0][2], 7) == -0.0029288
    assert round(got["layers"][1]["grad_biases"][0], 4) == 0.0212
    assert round(got["loss"], 4) == 0.0054


def test_solve_json_is_exactly_one_json_object(capsys):
    status, out, _ = run(capsys, "solve", EXAMPLE_XOR, "--json")
    assert status == 0
    assert out.count("\n") == 1
    doc = json.loads(out)
    assert set(doc) == {"loss", "outputs", "layers"}
    assert len(doc["outputs"]) == 4 and len(doc["layers"]) == 2


def test_solve_json_writes_overflow_as_null_so_it_stays_valid_json(capsys, tmp_path):
    project = fileformat.load(EXAMPLE_002)
    project.network.weights[0][:] = 1e200  # output 8e200, so the loss (8e200)^2 overflows to inf
    path = tmp_path / "huge.nnviz"
    fileformat.save(project, path)
    status, out, _ = run(capsys, "solve", path, "--json")
    assert status == 0

    def reject(name):
        raise AssertionError(f"{name} is not JSON")
    doc = json.loads(out, parse_constant=reject)
    assert doc["loss"] is None and doc["layers"][0]["z"] == [[2e200, 2e200]]


# ----- text report -----------------------------------------------------------------------------
def test_solve_text_for_002_labels_every_number(capsys):
    status, out, err = run(capsys, "solve", EXAMPLE_002, "--notation", "pytorch")
    assert status == 0 and err == ""
    assert "w^(l)_ij is the weight from unit j of layer l-1 to unit i of layer l" in out
    assert "Layer 2 (relu, 2 units)" in out and "Layer 3 (identity, 1 unit), output" in out
    assert "Loss: sse" in out and "reduction: sum" in out
    assert "L = sum_s l_s = 64" in out
    assert table_after(out, "dL/dW^(1) =") == [("i=1", ["32", "64", "-32"]), ("i=2", ["32", "64", "-32"])]
    assert table_after(out, "dL/dW^(2) =") == [("i=1", ["32", "32"]), ("i=2", ["32", "32"])]
    assert table_after(out, "dL/dW^(3) =") == [("i=1", ["64", "64"])]
    assert table_after(out, "dL/db^(1) =") == [("dL/db^(1)", ["32", "32"])]
    assert table_after(out, "dL/db^(3) =") == [("dL/db^(3)", ["16"])]
    assert table_after(out, "delta^(3) =") == [("sample 1", ["16"])]
    assert table_after(out, "z^(2) =") == [("sample 1", ["4", "4", "4", "4"])]  # z^(2)_1, z^(2)_2, a^(2)_1, a^(2)_2
    assert "dL/dw^(1)_ij" in out and "z^(1)_2" in out and "a^(2)_1" in out and "delta^(1)_2" in out


def test_solve_text_precision_and_mean_reduction(capsys):
    status, out, _ = run(capsys, "solve", EXAMPLE_004, "--precision", "3", "--notation", "pytorch")
    assert status == 0
    assert table_after(out, "dL/dW^(1) =")[0] == ("i=1", ["2.84e-05", "4.27e-05", "-0.00293"])
    status, out, _ = run(capsys, "solve", EXAMPLE_003)
    assert "reduction: mean over the 4 samples" in out and "L = (1/m) sum_s l_s" in out
    assert len(table_after(out, "delta^(2) =")) == 4


def test_solve_text_marks_removed_edges_and_missing_biases(capsys, tmp_path):
    status, out, _ = run(capsys, "solve", edited_example(tmp_path), "--notation", "pytorch")
    assert status == 0
    assert table_after(out, "Weights W^(1)")[0] == ("i=1", ["1", "1", "removed"])
    assert table_after(out, "dL/dW^(1) =")[0][1][2] == "removed"
    assert table_after(out, "dL/dW^(1) =")[1][1][2] != "removed"
    assert "No bias in layer 2" in out and "no dL/db^(2)" in out
    assert "b^(2)" not in out.replace("no dL/db^(2)", "")


# ----- train -----------------------------------------------------------------------------------
def test_train_prints_n_plus_one_losses_starting_at_the_solve_loss(capsys, tmp_path):
    out_path = tmp_path / "trained.nnviz"
    status, out, err = run(capsys, "train", EXAMPLE_004, "--steps", 5, "-o", out_path)
    assert status == 0 and err == ""
    losses = parse_losses(out)
    assert len(losses) == 6
    assert losses[0] == solve_json(capsys, EXAMPLE_004)["loss"]
    assert all(b < a for a, b in zip(losses, losses[1:]))
    trained, original = fileformat.load(out_path), fileformat.load(EXAMPLE_004)
    assert not trained.network.equals(original.network)
    assert solve_json(capsys, out_path)["loss"] == losses[-1]


def test_train_lr_override_takes_one_reference_sgd_step(capsys, tmp_path):
    lr = 0.003
    status, out, _ = run(capsys, "train", EXAMPLE_002, "--steps", 1, "--lr", lr, "--json")
    assert status == 0
    losses = json.loads(out)["losses"]
    doc = json.loads(EXAMPLE_002.read_text())
    grads = reference_solve(doc)
    net = doc["network"]
    for l, layer in enumerate(grads["layers"]):
        net["weights"][l] = [[w - lr * g for w, g in zip(w_row, g_row)]
                             for w_row, g_row in zip(net["weights"][l], layer["grad_weights"])]
        net["biases"][l] = [b - lr * g for b, g in zip(net["biases"][l], layer["grad_biases"])]
    assert losses[0] == 64.0
    assert math.isclose(losses[1], reference_solve(doc)["loss"], rel_tol=1e-9)


def test_train_json_shape_and_batch_size_seed_overrides(capsys):
    def losses(*extra):
        status, out, _ = run(capsys, "train", EXAMPLE_XOR, "--steps", 20, "--json", *extra)
        assert status == 0
        doc = json.loads(out)
        assert list(doc) == ["losses"] and len(doc["losses"]) == 21
        return doc["losses"]
    full = losses()
    mini = losses("--batch-size", 1, "--seed", 1)
    assert mini[0] == full[0] and mini[1:] != full[1:]
    assert losses("--batch-size", 1, "--seed", 1) == mini  # reproducible
    assert losses("--batch-size", 1, "--seed", 2) != mini  # the seed picks the order


def test_xor_example_trains_to_low_loss(capsys):
    status, out, _ = run(capsys, "train", EXAMPLE_XOR, "--steps", 2000, "--json")
    assert status == 0
    losses = json.loads(out)["losses"]
    assert losses[0] > 0.6 and losses[-1] < 0.05


def test_train_notes_on_stderr_a_loss_that_rises_and_stays_up_without_changing_stdout_or_status(capsys):
    status, out, err = run(capsys, "train", EXAMPLE_XOR, "--steps", 80, "--lr", "1e6")
    losses = parse_losses(out)
    assert status == 0 and len(losses) == 81 and all(math.isfinite(v) for v in losses)
    assert err.count("\n") == 1 and err.startswith("nnviz: note: the loss has risen and stayed up for 50 steps "
                                                   "in a row (from 0.6932 at step 0 to ")
    assert err.endswith(" at step 50): lower the learning rate η (it is 1e6)\n")
    assert run(capsys, "train", EXAMPLE_XOR, "--steps", 80, "--lr", "1e6", "--json")[1:] == (
        json.dumps({"losses": losses}) + "\n", err)
    assert run(capsys, "train", EXAMPLE_XOR, "--steps", 80)[2] == ""  # η = 1 trains: no note


def test_train_divergence_exits_1_with_the_losses_so_far(capsys, tmp_path):
    out_path = tmp_path / "never.nnviz"
    status, out, err = run(capsys, "train", EXAMPLE_002, "--steps", 500, "--lr", 10, "-o", out_path)
    assert status == 1
    losses = parse_losses(out)
    assert 2 <= len(losses) < 501 and all(math.isfinite(v) for v in losses)
    *notes, failure = err.splitlines()
    assert failure.startswith("nnviz: step ") and "learning rate" in failure
    assert [n[:36] for n in notes] == ["nnviz: note: the loss has risen and "]  # 50 steps up before the overflow
    assert not out_path.exists()


# ----- bad input -------------------------------------------------------------------------------
def _bad_files(tmp_path):
    not_json = tmp_path / "not_json.nnviz"
    not_json.write_text("this is { not json\n")
    bad_activation = tmp_path / "bad_activation.nnviz"
    doc = json.loads(EXAMPLE_002.read_text())
    doc["network"]["layers"][1]["activation"] = "swish"
    bad_activation.write_text(json.dumps(doc))
    return {"not JSON": not_json, "missing": tmp_path / "missing.nnviz", "bad activation": bad_activation}


@pytest.mark.parametrize("kind", ["not JSON", "missing", "bad activation"])
@pytest.mark.parametrize("command", [["solve"], ["solve", "--json"], ["train", "--steps", "3"]])
def test_bad_file_exits_2_with_one_line(capsys, tmp_path, kind, command):
    path = _bad_files(tmp_path)[kind]
    status, out, err = run(capsys, command[0], path, *command[1:])
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"nnviz: {path}")
    if kind == "bad activation":
        assert "swish" in err and "network.layers[1].activation" in err


@pytest.mark.parametrize("argv", [["solve"], ["train", str(EXAMPLE_002)], ["train", str(EXAMPLE_002), "--steps", "-1"],
                                  ["solve", str(EXAMPLE_002), "--precision", "0"],
                                  ["train", str(EXAMPLE_002), "--steps", "2", "--lr", "0"], ["--bogus"]])
def test_bad_arguments_exit_2_with_one_line(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("nnviz: ")


def test_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.strip() == f"nnviz {__version__}"


# ----- GUI dispatch (with a stand-in app, never the real one) ------------------------------------
@pytest.fixture
def fake_app(monkeypatch):
    calls = []
    module = types.ModuleType("nnviz.gui.app")
    module.run_app = lambda argv: calls.append(list(argv)) or 0
    monkeypatch.setitem(sys.modules, "nnviz.gui.app", module)
    return calls


def test_no_arguments_or_a_file_open_the_app(capsys, fake_app):
    assert main([]) == 0
    assert main([str(EXAMPLE_004)]) == 0
    assert fake_app == [[], [str(EXAMPLE_004)]]


def test_a_missing_file_does_not_open_the_app(capsys, fake_app, tmp_path):
    status, _, err = run(capsys, tmp_path / "nope.nnviz")
    assert status == 2 and err.startswith("nnviz: ") and "no such file" in err
    assert fake_app == []


# ----- as a real process -------------------------------------------------------------------------
def _python(*args):
    return subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_module_entry_point_solves_without_importing_qt():
    done = _python("-m", "nnviz", "solve", str(EXAMPLE_002), "--json")
    assert done.returncode == 0 and done.stderr == ""
    assert json.loads(done.stdout)["loss"] == 64.0
    code = ("import sys; from nnviz.cli import main; main(['solve', sys.argv[1]]); "
            "main(['train', sys.argv[1], '--steps', '2']); "
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'nnviz.gui'))]; "
            "assert not bad, bad")
    done = _python("-c", code, str(EXAMPLE_002))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("kind", ["not JSON", "missing", "bad activation"])
def test_module_entry_point_bad_file(tmp_path, kind):
    done = _python("-m", "nnviz", "solve", str(_bad_files(tmp_path)[kind]))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("nnviz: ")
    assert "Traceback" not in done.stderr


# ----- hostile files and paths (issue 9) -----------------------------------------------------------
def _example_doc():
    return json.loads(EXAMPLE_002.read_text())


def _write(tmp_path, doc, name="hostile.nnviz"):
    path = tmp_path / name
    path.write_text(json.dumps(doc), "utf-8")
    return path


def one_line_failure(err, status, want=2):
    assert status == want, err
    assert err.count("\n") == 1 and err.startswith("nnviz: ") and "Traceback" not in err
    assert "\x1b" not in err
    return err


def strict_json(out):
    def reject(name):
        raise AssertionError(f"{name} is not JSON")
    return json.loads(out, parse_constant=reject)


def test_train_on_a_file_whose_loss_is_not_finite_before_any_step_says_why(capsys, tmp_path):
    doc = _example_doc()
    doc["network"]["weights"][0][1][1] = 1e308
    path = _write(tmp_path, doc)
    status, out, err = run(capsys, "train", path, "--steps", 5, "-o", tmp_path / "never.nnviz")
    one_line_failure(err, status, want=1)
    assert out == "step 0: inf\n"
    assert "the starting loss is inf before any step" in err
    assert "the weight w(1)[2,2] = 1e+308 times x2 = 2" in err
    assert "learning rate" not in err and "Nothing was saved" in err
    assert not (tmp_path / "never.nnviz").exists()

    status, out, err = run(capsys, "train", path, "--steps", 5, "--json")
    one_line_failure(err, status, want=1)
    assert strict_json(out) == {"losses": [None]}


def test_train_json_is_valid_json_even_when_a_loss_is_not_finite(capsys, tmp_path):
    doc = _example_doc()
    doc["network"]["weights"][2] = [[1e200, 1e200]]  # outputs 8e200: the loss (8e200)^2 overflows
    status, out, err = run(capsys, "train", _write(tmp_path, doc), "--steps", 0, "--json")
    assert status == 0 and err == ""
    assert strict_json(out) == {"losses": [None]}


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", [["solve"], ["solve", "--json"], ["train", "--steps", "1"]])
def test_a_pipe_is_refused_at_once_with_one_line(capsys, tmp_path, command):
    import os
    fifo = tmp_path / "net.nnviz"
    os.mkfifo(fifo)  # nothing writes to it: reading would wait for ever
    status, out, err = run(capsys, command[0], fifo, *command[1:])
    one_line_failure(err, status)
    assert out == "" and err == f"nnviz: {fifo}: is a pipe, not an ordinary file; nnviz only reads ordinary files\n"


def test_a_device_like_dev_zero_is_refused_before_reading(capsys):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    status, out, err = run(capsys, "solve", "/dev/zero")  # only opened for reading, never written
    one_line_failure(err, status)
    assert err == "nnviz: /dev/zero: is a device, not an ordinary file; nnviz only reads ordinary files\n"


def test_a_file_over_the_size_limit_is_refused(capsys, tmp_path, monkeypatch):
    from nnviz.core import files
    monkeypatch.setattr(files, "MAX_BYTES", 1024 * 1024)
    path = tmp_path / "huge.nnviz"
    path.write_bytes(b" " * (3 * 1024 * 1024))
    status, _, err = run(capsys, "solve", path)
    one_line_failure(err, status)
    assert err == f"nnviz: {path}: is 3 MB, larger than the 1 MB nnviz opens; is this the right file?\n"


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
def test_train_output_over_a_pipe_or_device_is_refused_and_left_as_it_was(capsys, tmp_path):
    import os
    import stat
    targets = [tmp_path / "pipe.nnviz"]
    os.mkfifo(targets[0])
    try:
        os.mknod(tmp_path / "dn", 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null, made here
        targets.append(tmp_path / "dn")
    except OSError:
        pass
    for target in targets:
        mode = target.stat().st_mode
        status, out, err = run(capsys, "train", EXAMPLE_002, "--steps", 1, "-o", target)
        one_line_failure(err, status)
        assert out == "" and "not an ordinary file; nnviz only saves to ordinary files" in err
        assert target.stat().st_mode == mode


def test_a_title_that_cannot_be_saved_is_refused_with_one_line(capsys, tmp_path):
    path = tmp_path / "surrogate.nnviz"
    path.write_text(json.dumps(_example_doc()).replace('"title": "', '"title": "\\ud800'), "utf-8")
    for command in (["solve"], ["train", "--steps", "1", "-o", tmp_path / "out.nnviz"]):
        status, out, err = run(capsys, command[0], path, *command[1:])
        one_line_failure(err, status)
        assert f"{path}: title: contains \\ud800 at character 1" in err
    assert not (tmp_path / "out.nnviz").exists()


def test_solve_escapes_control_characters_in_the_title(capsys, tmp_path):
    doc = _example_doc()
    doc["title"] = "red \x1b[31mtitle\nsecond line\x07"
    status, out, err = run(capsys, "solve", _write(tmp_path, doc))
    assert status == 0 and err == ""
    first = out.splitlines()[0]
    assert first == "red \\x1b[31mtitle\\nsecond line\\x07"
    assert "\x1b" not in out and "\x07" not in out


def test_a_key_given_twice_is_refused_naming_it(capsys, tmp_path):
    path = tmp_path / "twice.nnviz"
    path.write_text(json.dumps(_example_doc()).replace('"loss": {', '"loss": {"name": "mse", '), "utf-8")
    status, _, err = run(capsys, "solve", path)
    one_line_failure(err, status)
    assert err == (f'nnviz: {path}: loss: the key "name" is given more than once; JSON keeps only the last, '
                   "so remove the others\n")


def test_a_huge_whole_number_is_placed_by_line_and_column(capsys, tmp_path):
    path = tmp_path / "digits.nnviz"
    path.write_text('{\n  "format": "nnviz",\n  "version": ' + "7" * 5000 + "\n}\n", "utf-8")
    status, _, err = run(capsys, "solve", path)
    one_line_failure(err, status)
    assert err.startswith(f"nnviz: {path}: line 3, column 14: a whole number with 5,000 digits")
    assert "set_int_max_str_digits" not in err


def test_ninety_thousand_problems_make_one_short_line(capsys, tmp_path):
    n = 300
    doc = _example_doc()
    doc["network"] = {"input_size": n, "layers": [{"size": n, "activation": "identity", "bias": True}],
                      "weights": [[[1] * n] * n], "biases": [[0] * n], "masks": [[[0] * n] * n]}
    doc["data"] = {"inputs": [[1] * n], "targets": [[0] * n]}
    status, _, err = run(capsys, "solve", _write(tmp_path, doc))
    one_line_failure(err, status)
    assert len(err) < 2000 and f"... and {n * n - 5:,} more of the same kind" in err


def test_a_pipe_given_to_the_app_is_refused_before_it_starts(capsys, tmp_path, fake_app):
    import os
    fifo = tmp_path / "net.nnviz"
    os.mkfifo(fifo)
    status, _, err = run(capsys, fifo)
    one_line_failure(err, status)
    assert "is a pipe" in err and fake_app == []


def test_a_path_with_control_characters_is_printed_escaped(capsys, tmp_path):
    path = tmp_path / "evil\x1b[2Jname\n.nnviz"
    status, _, err = run(capsys, "solve", path)
    one_line_failure(err, status)
    assert "evil\\x1b[2Jname\\n.nnviz: no such file" in err
