"""FrameClock: stepping gets the frame minus the measured drawing overhead (at least its minimum share),
and step_share() says how much of the time it really got; with a fake clock, so the numbers are exact."""
import pytest

from nnviz.gui.training.frame_clock import FrameClock


def run_frames(clock_time, clock, frames: int, stepping: float, drawing: float) -> None:
    """Frames that step for `stepping` seconds (or the budget, if less) and then draw for `drawing`."""
    for _ in range(frames):
        budget = clock.budget()
        clock_time[0] += min(stepping, budget)
        clock.stepped(10)
        clock_time[0] += drawing


def test_cheap_drawing_leaves_stepping_more_than_70_percent():
    now = [0.0]
    clock = FrameClock(frame_seconds=1 / 32, min_share=0.4, clock=lambda: now[0])
    run_frames(now, clock, 200, stepping=1.0, drawing=0.008)  # 8 ms of a 31.25 ms frame
    assert clock.overhead == pytest.approx(0.008)
    assert clock.budget() == pytest.approx(1 / 32 - 0.008)
    assert clock.step_share() == pytest.approx((1 / 32 - 0.008) / (1 / 32), rel=0.01)  # 74%
    assert clock.rates()[1] == pytest.approx(32, rel=0.01)  # and 32 frames a second


def test_slow_drawing_costs_frame_rate_not_the_minimum_stepping_share():
    now = [0.0]
    clock = FrameClock(frame_seconds=1 / 32, min_share=0.4, clock=lambda: now[0])
    run_frames(now, clock, 200, stepping=1.0, drawing=0.05)
    share = 0.4 / 32
    assert clock.budget() == pytest.approx(share)
    assert clock.step_share() == pytest.approx(share / (share + 0.05), rel=0.01)
    assert clock.rates()[1] == pytest.approx(1 / (share + 0.05), rel=0.01)


def test_step_share_counts_only_stepping_time():
    now = [0.0]
    clock = FrameClock(frame_seconds=0.03, clock=lambda: now[0])
    clock.budget()
    now[0] = 0.02
    clock.stepped(5)
    now[0] = 0.04  # drawing
    clock.stop()
    assert clock.stepping == pytest.approx(0.02) and clock.step_share() == pytest.approx(0.5)
    clock.restart()
    assert clock.stepping == 0.0 and clock.step_share() == 0.0
