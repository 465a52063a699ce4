"""Benchmark sections for the GUI (canvas repaint, loss curve) and the loss history, for nnviz.bench.

Importing this module registers them; Qt is imported only when a section runs.
"""
from nnviz.bench import Options, Row, Timing, section


def _timing_ms(median_ms: float, p90_ms: float, repeats: int) -> Timing:
    return Timing(median_ms * 1000.0, p90_ms * 1000.0, repeats)


def _canvas_notes() -> list[str]:
    return ["canvas: time from pushing a SetWeight (engine recompute + restyle) to the end of a synchronous "
            "repaint of a 1280x800 offscreen view; target < 16 ms for all, well under 5 ms for the small nets"]


@section("canvas", notes=_canvas_notes)
def canvas_section(options: Options) -> list[Row]:
    from nnviz.gui.canvas.bench import edit_to_repaint_rows

    repeat = options.repeat or (15 if options.seconds < 0.1 else 60)
    return [Row("canvas", row["case"], "edit -> repaint", _timing_ms(row["median_ms"], row["p90_ms"], row["repeats"]))
            for row in edit_to_repaint_rows(repeat)]


def _curve_notes() -> list[str]:
    return ["loss curve: refresh() = LossHistory.series() + setData, once per frame, after one new step; "
            "repaint = one synchronous paint of the 640x400 plot"]


@section("loss-curve", notes=_curve_notes)
def loss_curve_section(options: Options) -> list[Row]:
    from nnviz.gui.plots.bench import bench_loss_curve

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
    from nnviz.core.history import bench_history

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
    from nnviz.gui.training.bench import live_training_rows

    _live_rows[:] = live_training_rows()
    rows = []
    for r in _live_rows:
        live_us, headless_us = 1e6 / r["live_steps_per_s"], 1e6 / r["headless_steps_per_s"]
        rows.append(Row("live-training", r["case"], "SGD step, live GUI", Timing(live_us, live_us, r["live_steps"]),
                        reference=Timing(headless_us, headless_us, r["live_steps"])))
    return rows
