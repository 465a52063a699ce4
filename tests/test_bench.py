"""Smoke test of `python -m nnviz.bench`: the table's rows, and floors that really match the engine.

Nothing here asserts a time: timings on a shared machine are not a test.
"""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnviz.bench import engine as bench_engine
from nnviz.bench import reference as bench_reference
from nnviz.bench import table as bench

OPERATIONS = ["compute", "edit: weight", "edit: data cell", "Trainer.step"]
NETS = ["N1", "N2", "N3", "N4", "N5"]


@pytest.fixture
def no_shared_floor(monkeypatch, tmp_path):
    """As on a clean clone: the ../shared/perf-floor folder is not there."""
    monkeypatch.setenv(bench_engine.FLOOR_VARIABLE, str(tmp_path / "missing"))


def test_engine_section_has_every_figure_of_every_net_beside_the_floor_and_its_goal(no_shared_floor):
    rows = bench.run(["engine"], bench.Options(repeat=3))
    assert [(r.case.split()[0], r.operation) for r in rows] == [(n, op) for n in NETS for op in OPERATIONS]
    for r in rows:
        assert r.section == "engine"
        assert r.timing.repeats == 3 and r.reference.repeats == 3
        assert 0 < r.timing.median_us <= r.timing.p90_us
        assert r.ratio == pytest.approx(r.timing.median_us / r.reference.median_us)
        assert r.goal == (1.3 if r.operation == "compute" else 1.5)
        assert r.met == (r.ratio <= r.goal)
    notes = bench.NOTES["engine"]()
    assert any("own straight-line reference" in line and "not found" in line for line in notes)
    assert any(line.startswith("load average") for line in notes)


def test_the_shared_floor_is_used_when_its_folder_is_there(monkeypatch):
    if not (bench_engine.floor_folder() / "impl_numpy.py").is_file():
        pytest.skip("no ../shared/perf-floor beside this repository")
    floor = bench_engine.load_floor()
    assert "shared floor" in floor.source and len(floor.implementations) == 3
    assert list(floor.nets) == NETS
    for name, spec in floor.nets.items():  # the own reference draws the very same numbers
        own = bench_reference.make_problem(bench_reference.NETS[name])
        shared = floor.make_problem(spec)
        assert bench_reference.NETS[name].sizes == spec.sizes
        for a, b in zip(own[0] + own[1] + list(own[2:]), shared[0] + shared[1] + list(shared[2:])):
            np.testing.assert_array_equal(a, b)


def test_the_floor_folder_is_beside_the_repository_unless_the_variable_names_one(monkeypatch, tmp_path):
    monkeypatch.delenv(bench_engine.FLOOR_VARIABLE, raising=False)
    repository = Path(bench.__file__).resolve().parents[2]
    assert bench_engine.floor_folder() == repository / ".." / "shared" / "perf-floor"
    monkeypatch.setenv(bench_engine.FLOOR_VARIABLE, str(tmp_path))
    assert bench_engine.floor_folder() == tmp_path


@pytest.mark.parametrize("name", NETS)
def test_the_own_reference_agrees_with_compute_and_trainer_step(name):
    spec = bench_reference.NETS[name]
    bench_engine.verify(spec, bench_reference.make_problem, bench_reference.StraightLine, steps=5)


@pytest.mark.parametrize("name", ["N1", "N5"])
def test_the_agreement_check_catches_a_wrong_gradient(name):
    class OffByALittle(bench_reference.StraightLine):
        def grads(self):
            grads = super().grads()
            return [(grads[0][0] * (1 + 1e-9), grads[0][1])] + grads[1:]  # dL/dW1 off in the ninth digit

    with pytest.raises(AssertionError, match="dL/dW1"):
        bench_engine.verify(bench_reference.NETS[name], bench_reference.make_problem, OffByALittle)


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


def test_module_runs_from_the_command_line_with_one_blas_thread(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    env[bench_engine.FLOOR_VARIABLE] = str(tmp_path / "missing")
    done = subprocess.run([sys.executable, "-m", "nnviz.bench", "--repeat", "2", "--section", "engine"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("python ") and "numpy" in lines[0]
    assert lines[1].startswith("BLAS threads: OPENBLAS_NUM_THREADS=1")
    assert lines[2].split()[:4] == ["case", "operation", "median", "us"]
    rows = [line for line in lines if line.split()[:1] in [[n] for n in NETS]]
    assert len(rows) == 20 and all(line.split()[-2] in ("yes", "NO") for line in rows)


def test_command_line_lists_the_gui_sections_registered_by_their_modules():
    done = subprocess.run([sys.executable, "-m", "nnviz.bench", "--list"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["engine", "canvas", "canvas-events", "loss-curve", "history", "live-training",
                                   "explain", "app"]


def test_app_events_time_a_start_an_open_and_an_edit():
    """Tiny sizes, no timing asserted: the events run and give one figure each."""
    from nnviz.bench import app_events, startup
    starts = startup.first_paint_seconds(1)
    assert len(starts) == 1 and 0 < starts[0] < 60
    events = app_events.time_events(edits=2, samples=8)
    assert len(events["open_big"]) == len(events["open_example"]) == 3
    assert len(events["edit_shown"]) == len(events["edit_settled"]) == 2
    assert all(s <= t for s, t in zip(events["edit_shown"], events["edit_settled"]))
    if sys.platform.startswith("linux"):
        assert set(events["rss"]) == {"open", "after 100", "after 1000", "after 3000"}
        assert all(v > 50 for v in events["rss"].values())


def test_a_row_with_a_time_goal_says_whether_it_is_met():
    fast = bench.Row("app", "x", "y", bench.Timing(9000.0, 9500.0, 3), limit_us=16000.0)
    slow = bench.Row("app", "x", "y", bench.Timing(17000.0, 18000.0, 3), limit_us=16000.0)
    assert fast.met is True and slow.met is False and fast.goal_text() == "<= 16 ms"
    table = bench.format_table([fast, slow])
    assert table.count("<= 16 ms") == 2 and "yes" in table and "NO" in table


def test_canvas_events_section_times_single_events_beside_their_goals(monkeypatch):
    from nnviz.bench import canvas_events

    monkeypatch.setattr(canvas_events, "NAVIGATION_CASES", [((60, 60, 1), ("relu", "identity"), 16.0)])
    monkeypatch.setattr(canvas_events, "EDIT_CASE", ((2, 4, 1), ("tanh", "identity"), 8.0))
    rows = bench.run(["canvas-events"], bench.Options(repeat=3))
    assert [(r.case, r.operation) for r in rows] == [
        ("60-60-1 (3,660 edges)", "zoom step"), ("60-60-1 (3,660 edges)", "zoom: settled re-render"),
        ("60-60-1 (3,660 edges)", "pan step"), ("60-60-1 (3,660 edges)", "pan: settled re-render"),
        ("2-4-1 (12 edges)", "single edit, shown"), ("2-4-1 (12 edges)", "edit, back to back (aliased)"),
        ("2-4-1 (12 edges)", "repaint alone (antialiased)")]
    goals = {"zoom step": 16_000.0, "pan step": 16_000.0, "single edit, shown": 8_000.0}
    for r in rows:
        assert r.section == "canvas-events" and r.timing.repeats == 3
        assert 0 < r.timing.median_us <= r.timing.p90_us
        assert r.reference is None and r.goal is None
        assert r.limit_us == goals.get(r.operation)
        assert r.met == (None if r.operation not in goals else r.timing.median_us <= goals[r.operation])
    notes = bench.NOTES["canvas-events"]()
    assert any("lines drawn" in line for line in notes) and any("load average" in line for line in notes)
