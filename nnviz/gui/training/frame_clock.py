"""How long each frame of continuous training may spend stepping, so the window still repaints on time.

A frame is: SGD steps for `budget()` seconds, then one document update, then the repaint and other
events the event loop handles before the next frame. The clock measures that non-stepping part (the
overhead) and gives stepping the rest of the frame period, but never less than `min_share` of it, so
slow repaints (a large network) cost frame rate rather than stalling training. With drawing that takes
less than 30% of a frame, stepping gets more than 70% of the time: `step_share()` tells how much it got.
"""
import time

FRAME_SECONDS = 1 / 32  # a little faster than 30 frames per second
MIN_SHARE = 0.4  # stepping gets at least this share of a frame
SMOOTHING = 0.25  # weight of the newest overhead measurement


class FrameClock:
    """Per-frame stepping budget from the measured overhead; frame and step counts for the rates shown."""

    def __init__(self, frame_seconds: float = FRAME_SECONDS, min_share: float = MIN_SHARE,
                 clock=time.perf_counter):
        self.frame_seconds = frame_seconds
        self.min_share = min_share
        self.clock = clock
        self.restart()

    def restart(self) -> None:
        """Forget the measurements (a run starts)."""
        self.overhead = 0.25 * self.frame_seconds  # a guess until the first frame is measured
        self._steps_end: float | None = None
        self._frame_start: float | None = None
        self.stepping = 0.0  # seconds spent stepping since restart()
        self.started = self.clock()
        self.stopped: float | None = None
        self.frames = 0
        self.steps = 0

    def budget(self) -> float:
        """Seconds of stepping for the frame starting now (measures the overhead since the last one)."""
        now = self.clock()
        self._frame_start = now
        if self._steps_end is not None:
            measured = now - self._steps_end
            self.overhead += SMOOTHING * (measured - self.overhead)
        return max(self.min_share * self.frame_seconds, self.frame_seconds - self.overhead)

    def stepped(self, steps: int) -> None:
        """The frame's stepping has ended after `steps` steps; the document update and repaint follow."""
        self._steps_end = self.clock()
        if self._frame_start is not None:
            self.stepping += self._steps_end - self._frame_start
            self._frame_start = None
        self.frames += 1
        self.steps += steps

    def stop(self) -> None:
        """The run ended: rates() keep describing it."""
        self.stopped = self.clock()

    def step_share(self) -> float:
        """The share of the time from restart() to stop() (or now) spent stepping."""
        elapsed = (self.stopped if self.stopped is not None else self.clock()) - self.started
        return self.stepping / elapsed if elapsed > 0 else 0.0

    def rates(self) -> tuple[float, float]:
        """(steps per second, frames per second) from restart() to stop() (or now, while running)."""
        elapsed = (self.stopped if self.stopped is not None else self.clock()) - self.started
        if elapsed <= 0:
            return 0.0, 0.0
        return self.steps / elapsed, self.frames / elapsed
