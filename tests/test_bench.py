"""Smoke test of `python -m nnviz.bench`: the table's rows, and references that really match the engine.

Nothing here asserts a time: timings on a shared machine are not a test.
"""
import os
import subprocess
import sys

import numpy as np
import pytest

from nnviz import bench

OPERATIONS = ["forward+backward", "SGD step"]


def test_engine_section_has_a_compute_and_a_step_row_per_case():
    rows = bench.run(["engine"], bench.Options(repeat=3))
    names = [make().name for make in bench.CASES]
    assert [(r.case, r.operation) for r in rows] == [(n, op) for n in names for op in OPERATIONS]
    assert [n[:3] for n in names] == ["(a)", "(b)", "(c)"]
    for r in rows:
        assert r.section == "engine"
        assert r.timing.repeats == 3 and r.reference.repeats == 3
        assert 0 < r.timing.median_us <= r.timing.p90_us
        assert 0 < r.reference.median_us <= r.reference.p90_us
        assert r.ratio == pytest.approx(r.timing.median_us / r.reference.median_us)


@pytest.mark.parametrize("make", bench.CASES, ids=lambda make: make.__name__)
def test_reference_agrees_with_compute_and_trainer_step(make):
    bench.verify_case(make(), steps=5)  # raises AssertionError on any difference above 1e-12


@pytest.mark.parametrize("make", bench.CASES, ids=lambda make: make.__name__)
def test_agreement_check_catches_a_wrong_gradient(make):
    case = make()
    right = case.reference_pass

    def off_by_a_little(p, x, y):
        loss, grads, grad_x = right(p, x, y)
        grads = list(grads)
        grads[0] = grads[0] * (1 + 1e-9)  # dL/dW1 off in the ninth digit
        return loss, grads, grad_x

    case.reference_pass = off_by_a_little
    with pytest.raises(AssertionError, match="dL/dW1"):
        bench.verify_case(case)


def test_example_reference_gives_the_worked_example_002_gradients():
    # Hand-derived in shared/worked-examples 002: all weights 1, biases 0, x=(1,2,-1), y=0, sse.
    case = bench._example_case()
    p = bench.params_of(case.project.network)
    loss, g, _ = bench.reference_pass_example(p, case.project.inputs, case.project.targets)
    assert loss == 64.0
    np.testing.assert_array_equal(g[4], [[64.0, 64.0]])
    np.testing.assert_array_equal(g[5], [16.0])
    np.testing.assert_array_equal(g[2], np.full((2, 2), 32.0))
    np.testing.assert_array_equal(g[3], [16.0, 16.0])
    np.testing.assert_array_equal(g[0], [[32.0, 64.0, -32.0]] * 2)
    np.testing.assert_array_equal(g[1], [32.0, 32.0])


def test_a_registered_section_is_run_and_printed(monkeypatch, capsys):
    monkeypatch.setitem(bench.SECTIONS, "toy", lambda options: [
        bench.Row("toy", "toy case", f"{options.repeat} calls", bench.summarise([1000, 2000, 3000]))])
    monkeypatch.setitem(bench.NOTES, "toy", lambda: ["toy note"])
    assert bench.main(["--section", "toy", "--repeat", "7"]) == 0
    out = capsys.readouterr().out
    assert "BLAS threads: OPENBLAS_NUM_THREADS=" in out
    line = next(l for l in out.splitlines() if l.startswith("toy case"))
    assert line.split()[2:] == ["7", "calls", "2.0", "3.0", "3"]  # median, p90, no reference, repeats
    assert out.rstrip().endswith("toy note")


def test_unknown_section_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="unknown section nope: choose from engine"):
        bench.run(["nope"])


def test_module_runs_from_the_command_line_with_one_blas_thread():
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    done = subprocess.run([sys.executable, "-m", "nnviz.bench", "--repeat", "2", "--section", "engine"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("python ") and "numpy" in lines[0]
    assert lines[1].startswith("BLAS threads: OPENBLAS_NUM_THREADS=1")
    assert lines[2].split()[:4] == ["case", "operation", "median", "us"]
    assert sum(op in line for line in lines for op in OPERATIONS) == 6


def test_command_line_lists_the_gui_sections_registered_by_their_modules():
    done = subprocess.run([sys.executable, "-m", "nnviz.bench", "--list"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["engine", "canvas", "loss-curve", "history", "live-training", "explain"]
