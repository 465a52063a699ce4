"""Benchmark sections for the GUI (canvas repaint, loss curve) and the loss history, for nnviz.bench.

Importing this module registers them; Qt is imported only when a section runs.
"""
from .table import Options, Row, Timing, section


def _timing_ms(median_ms: float, p90_ms: float, repeats: int) -> Timing:
    return Timing(median_ms * 1000.0, p90_ms * 1000.0, repeats)


def _canvas_notes() -> list[str]:
    return ["canvas: time from pushing a SetWeight (engine recompute + restyle) to the end of a synchronous "
            "repaint of a 1280x800 offscreen view; target < 16 ms for all, well under 5 ms for the small nets"]


@section("canvas", notes=_canvas_notes)
def canvas_section(options: Options) -> list[Row]:
    from .canvas import edit_to_repaint_rows

    repeat = options.repeat or (15 if options.seconds < 0.1 else 60)
    return [Row("canvas", row["case"], "edit -> repaint", _timing_ms(row["median_ms"], row["p90_ms"], row["repeats"]))
            for row in edit_to_repaint_rows(repeat)]


_event_load: list[float] = []


def _events_notes() -> list[str]:
    lines = ["canvas-events: single events, each after the app was idle and settled, timed from Qt receiving it to "
             "the end of the viewport's paint (1280x800 offscreen), beside the goals of issue 12. Zoom: one wheel "
             "notch (in from the fitted view, then out); pan: a middle-button drag moving 60 px; settled re-render: "
             "from the refine timer firing to the last paint (the pale layer drawn anew at the new zoom, a few "
             "thousand lines per pass of the event loop)"]
    from .canvas_events import LAST_NOTES
    lines += [f"  {case}, {operation}: {note}" for case, operation, note in LAST_NOTES]
    if _event_load:
        lines.append(f"  load average (1 min): {_event_load[0]:.2f} before the canvas-events section, "
                     f"{_event_load[-1]:.2f} after")
    return lines


@section("canvas-events", notes=_events_notes)
def canvas_events_section(options: Options) -> list[Row]:
    import os

    from .canvas_events import event_rows

    events = options.repeat or (7 if options.seconds < 0.1 else 15)
    _event_load[:] = [os.getloadavg()[0]] if hasattr(os, "getloadavg") else []
    rows = []
    for r in event_rows(events):
        goal, timing = r["goal_ms"], _timing_ms(r["median_ms"], r["p90_ms"], r["repeats"])
        rows.append(Row("canvas-events", r["case"], r["operation"], timing,
                        limit_us=None if goal is None else goal * 1000))
    if hasattr(os, "getloadavg"):
        _event_load.append(os.getloadavg()[0])
    return rows


def _curve_notes() -> list[str]:
    return ["loss curve: refresh() = LossHistory.series() + setData, once per frame, after one new step; "
            "repaint = one synchronous paint of the 640x400 plot"]


@section("loss-curve", notes=_curve_notes)
def loss_curve_section(options: Options) -> list[Row]:
    from .loss_curve import bench_loss_curve

    repeat = options.repeat or (10 if options.seconds < 0.1 else 60)
    rows = []
    for r in bench_loss_curve(repeat=repeat):
        case = f"{r['steps']:,} steps ({r['points_drawn']:,} pts)"
        rows.append(Row("loss-curve", case, "refresh", _timing_ms(r["refresh_ms_median"], r["refresh_ms_p90"], repeat)))
        rows.append(Row("loss-curve", case, "repaint", _timing_ms(r["repaint_ms_median"], r["repaint_ms_median"], repeat)))
    return rows


def _history_notes() -> list[str]:
    return ["history: LossHistory.append per call over 1,000,000 steps (memory stays fixed), then series()"]


@section("history", notes=_history_notes)
def history_section(options: Options) -> list[Row]:
    from .history import bench_history

    n = 100_000 if options.seconds < 0.1 else 1_000_000
    r = bench_history(n)
    per_call = r["append_per_call_us"]
    return [Row("history", f"{n:,} steps", "append (per step)", Timing(per_call, per_call, n)),
            Row("history", f"{n:,} steps", f"series() ({int(r['series_points']):,} pts)",
                Timing(r["series_ms"] * 1000.0, r["series_ms"] * 1000.0, 1))]


_live_rows: list[dict] = []


def _live_notes() -> list[str]:
    lines = ["live training: time per SGD step while the full window (canvas, data, loss curve) refreshes live, "
             "offscreen, vs the headless Trainer loop (ref); ratio 1.43 = 70% of the headless rate"]
    for r in _live_rows:
        lines.append(f"  {r['case']}: headless {r['headless_steps_per_s']:,.0f} steps/s, live "
                     f"{r['live_steps_per_s']:,.0f} steps/s ({r['ratio']:.0%} of headless), "
                     f"{r['fps']:.1f} frames drawn per second")
    return lines


@section("live-training", notes=_live_notes)
def live_training_section(options: Options) -> list[Row]:
    from .live_training import live_training_rows

    _live_rows[:] = live_training_rows()
    rows = []
    for r in _live_rows:
        live_us, headless_us = 1e6 / r["live_steps_per_s"], 1e6 / r["headless_steps_per_s"]
        rows.append(Row("live-training", r["case"], "SGD step, live GUI", Timing(live_us, live_us, r["live_steps"]),
                        reference=Timing(headless_us, headless_us, r["live_steps"])))
    return rows


def _explain_notes() -> list[str]:
    return ["explain: a 6-layer x 16-unit tanh network (16^5 = 1,048,576 paths from a first-layer weight), "
            "2 samples: the core builds the weight's derivation (8 largest paths by a best-k search, layer form, "
            "update); the panel follows a selection (build + layout, names already typeset); cold = the first "
            "time, every name and matrix typeset by ziamath"]


@section("explain", notes=_explain_notes)
def explain_section(options: Options) -> list[Row]:
    import numpy as np

    from .table import time_calls
    from nnviz.core import Layer, Loss, Network, Project
    from nnviz.core.derivation import Explainer
    from nnviz.core.layer_form import LayerForm
    from nnviz.core.quantities import Quantity

    rng = np.random.default_rng(0)
    net = Network(16, [Layer(16, "tanh") for _ in range(5)] + [Layer(16, "identity")])
    for l, w in enumerate(net.weights):
        net.weights[l] = rng.normal(0.0, 0.5, w.shape)
    project = Project(net, Loss("sse"), rng.normal(size=(2, 16)), rng.normal(size=(2, 16)))
    result = project.compute()
    q = Quantity("w", 1, 4, 6)

    def build():
        e = Explainer(project, result)
        return e.path_blocks(q, 1) + LayerForm(e).blocks(q, 1)

    rows = [Row("explain", "6 x 16 tanh", "core derivation", time_calls([build], options)[0])]
    rows += _explain_panel_rows(project, options)
    return rows


def _explain_panel_rows(project, options: Options) -> list[Row]:
    import os
    import time

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .table import time_calls
    from nnviz.gui.app import create_application
    from nnviz.gui.document import Document
    from nnviz.gui.explain import ExplainPanel
    from nnviz.gui.explain.math_cache import CACHE
    from nnviz.gui.selection import EdgeRef, Selection

    create_application()
    doc = Document(project)
    selection = Selection()
    panel = ExplainPanel(doc, selection)
    panel.resize(520, 900)
    panel.show()
    CACHE._items.clear()
    start = time.perf_counter()
    selection.select(EdgeRef(0, 3, 5))
    panel.refresh()
    panel.view.typeset_all()
    cold = (time.perf_counter() - start) * 1e6
    refs = [EdgeRef(0, 3, 5), EdgeRef(0, 2, 5)]  # names shared, numbers different: the usual case

    def follow():
        selection.select(refs[0] if selection.current == refs[1] else refs[1])
        panel.refresh()

    warm = time_calls([follow], options)[0]
    panel.close()
    return [Row("explain", "6 x 16 tanh", "panel follows a selection", warm),
            Row("explain", "6 x 16 tanh", "panel, cold (typeset all)", Timing(cold, cold, 1))]


_app_figures: dict = {}


def _app_notes() -> list[str]:
    lines = ["app: single events in the whole window (1400 x 900, offscreen), each after the app has been idle "
             "150 ms. start-up: launch of a new process to the first painted canvas with worked example 002, warm "
             "(bytecode cached, as an installed app; the first launch is not counted). open: the 784-128-10 file "
             "with 256 samples (101,632 weights, 200,704 inputs) vs the 3-2-2-1 example, to the canvas and table "
             "painted. data-cell edit: one input typed into that file's table, to the table and canvas repainted "
             "(shown) and to the Explain panel's derivation rebuilt and painted (settled)"]
    rss = _app_figures.get("rss")
    if rss and rss.get("open") is not None:
        lines.append("  RSS of the window with the 784-128-10 file: " + ", ".join(
            f"{k} {v:.0f} MB" for k, v in rss.items()) + " (runs of 100, 1,000 and 3,000 steps; each run "
            "keeps one undo step, the weights before it)")
    return lines


@section("app", notes=_app_notes)
def app_section(options: Options) -> list[Row]:
    from . import app_events, startup

    quick = options.seconds < 0.1
    runs = 3 if quick else 9
    starts = startup.first_paint_seconds(runs)
    events = app_events.time_events(edits=5 if quick else 21)
    _app_figures.update(events)
    median_ms = app_events.median

    def row(case, operation, samples_ms, limit_ms=None):
        m = median_ms(samples_ms)
        p90 = sorted(samples_ms)[min(len(samples_ms) - 1, int(len(samples_ms) * 0.9))]
        return Row("app", case, operation, _timing_ms(m, p90, len(samples_ms)),
                   limit_us=None if limit_ms is None else limit_ms * 1000)

    example = median_ms(events["open_example"])
    beyond = [t - example for t in events["open_big"]]
    return [row("worked example 002", "start-up to the first painted canvas", [t * 1000 for t in starts], 450),
            row("3-2-2-1 (002)", "open", events["open_example"]),
            row("784-128-10 x 256", "open, beyond the 3-2-2-1 example", beyond, 500),
            row("784-128-10 x 256", "data-cell edit, shown", events["edit_shown"], 16),
            row("784-128-10 x 256", "data-cell edit, Explain settled", events["edit_settled"])]
