"""How fast a run goes: a number of steps per second a class can follow, each step drawn, or as fast as possible.

Up to the frame rate a run takes one step per frame, with frames 1/speed apart, so every step is on screen.
Faster speeds take as many steps per frame as keep the count on time since the run started.
"""
import math

SPEEDS = (1, 2, 5, 10, 30, 100, None)  # steps per second; None: as fast as possible


def speed_text(speed: int | None) -> str:
    if speed is None:
        return "run as fast as possible"
    return f"run {speed} step{'' if speed == 1 else 's'}/s"


class Pace:
    """How many steps each frame of a run may take at a chosen speed (None: the frame clock's budget decides)."""

    def __init__(self, steps_per_second: int | None, frame_seconds: float):
        self.steps_per_second = steps_per_second
        self.frame_seconds = frame_seconds
        self.restart(0.0)

    @property
    def every_step_drawn(self) -> bool:
        return self.steps_per_second is not None and 1 / self.steps_per_second >= self.frame_seconds

    def interval_ms(self) -> int:
        """The frame timer's interval (0: frames as fast as the window repaints)."""
        if self.steps_per_second is None:
            return 0
        return round(1000 * max(1 / self.steps_per_second, self.frame_seconds))

    def restart(self, now: float) -> None:
        """A run starts (or the speed changed in a run): count from `now`."""
        self._start, self._done = now, 0

    def allowed(self, now: float) -> int | None:
        """Steps the frame starting `now` may take; None: no limit but the frame's time budget."""
        if self.steps_per_second is None:
            return None
        if self.every_step_drawn:
            return 1
        return max(0, math.floor((now - self._start) * self.steps_per_second) + 1 - self._done)

    def took(self, steps: int) -> None:
        self._done += steps
