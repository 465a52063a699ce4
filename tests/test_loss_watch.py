"""The rising-loss note (core.loss_watch): a loss that rises and stays up for 50 steps says "lower η"."""
import numpy as np

from nnviz import paths
from nnviz.core import Trainer, fileformat
from nnviz.core.loss_watch import RISE_STEPS, LossRise

XOR = paths.examples_dir() / "xor_2-2-1_sigmoid_bce.nnviz"


def notes(watch: LossRise, losses, learning_rate=1.0) -> list[tuple[int, str]]:
    out = []
    for step, loss in enumerate(losses):
        note = watch.add(step, loss, learning_rate)
        if note is not None:
            out.append((step, note))
    return out


def test_fifty_steps_above_the_start_give_one_note_at_the_fiftieth():
    watch = LossRise()
    found = notes(watch, [1.0] + [2.0 + k for k in range(120)], learning_rate=0.5)
    assert found == [(50, "the loss has risen and stayed up for 50 steps in a row (from 1 at step 0 to 51 at "
                          "step 50): lower the learning rate η (it is 0.5)")]
    assert watch.rising


def test_a_falling_or_noisy_falling_loss_gives_no_note():
    rng = np.random.default_rng(0)
    falling = np.exp(-np.arange(500) / 100) * (1 + 0.3 * rng.random(500))  # noisy, but down for good
    watch = LossRise()
    assert notes(watch, falling) == [] and not watch.rising


def test_dipping_back_to_the_start_begins_the_count_again():
    watch = LossRise()
    losses = [1.0] + [2.0] * 49 + [1.0] + [2.0] * 49
    assert notes(watch, losses) == [] and watch.streak == 49
    assert notes(watch, [2.0])  # the 50th in a row
    watch.clear()
    assert not watch.started and watch.add(0, 9.0, 1.0) is None and watch.reference == (0, 9.0)


def test_xor_at_a_learning_rate_of_1e6_is_noticed_although_nothing_overflows():
    project = fileformat.load(XOR)
    project.training.learning_rate = 1e6
    trainer = Trainer(project)
    with np.errstate(all="ignore"):
        losses = trainer.run(RISE_STEPS + 10)
    assert all(np.isfinite(losses)) and max(losses) > 1e5  # saturated sigmoids, no overflow
    found = notes(LossRise(), losses, 1e6)
    assert [step for step, _ in found] == [RISE_STEPS]
    assert "(from 0.6932 at step 0 to " in found[0][1] and found[0][1].endswith("lower the learning rate η (it is 1e6)")
