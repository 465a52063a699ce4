"""Command line: `nnviz [FILE]` opens the app; `nnviz solve` and `nnviz train` work headless.

The subcommands never import Qt. Bad input (a file or path that does not load or cannot be written, a
network that cannot be computed, wrong arguments) ends with exit status 2 and one line "nnviz: <message>"
on stderr; training that stops because the loss or a weight is not finite ends with status 1 and one
such line. stdout carries only results (with --json, valid JSON: inf and NaN are written as null).
"""
import argparse
import json
import math
import os
import sys

from nnviz import __version__

COMMANDS = ("solve", "train")
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
_USAGE = ("nnviz [FILE.nnviz]                 open the app (with FILE, or the default example)\n"
          "       nnviz solve FILE [--json] [--precision N]\n"
          "       nnviz train FILE --steps N [--lr X] [--batch-size B] [--seed S] [--json] [-o OUT.nnviz]")


class BadInput(Exception):
    """Input the user must fix; main() prints it as one line and exits with status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line "nnviz: ..." instead of usage + message."""

    def error(self, message):
        raise BadInput(f"{message} (see `{self.prog} --help`)")


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            args = _command_parser().parse_args(argv)
            import numpy as np
            with np.errstate(all="ignore"):  # overflow is reported as divergence or shows as inf/nan
                return args.run(args)
        file = _gui_parser().parse_args(argv).file
        if file is not None:
            _check_openable(file)
    except BadInput as exc:
        return _fail(str(exc))
    except SystemExit as exc:  # --help and --version print and exit 0 through argparse
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except BrokenPipeError:  # e.g. `nnviz train ... | head`: the reader left, nothing is wrong
        _silence_stdout()
        return EXIT_OK
    from nnviz.gui.app import run_app  # Qt is imported only when the app is wanted
    return run_app(argv)


def _silence_stdout() -> None:
    """Point stdout at devnull so the interpreter's final flush does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _fail(message: str, status: int = EXIT_BAD_INPUT) -> int:
    from nnviz.core.messages import printable
    print("nnviz: " + printable(" ".join(message.split()), None), file=sys.stderr)
    return status


def _check_openable(file: str) -> None:
    """Refuse, before the app starts, a path the app could not open (missing, a folder, a pipe, too big)."""
    from nnviz.core import FileFormatError, files
    try:
        files.refuse_unusual(file, os.stat(file), reading=True)
    except FileNotFoundError:
        raise BadInput(f"{file}: no such file") from None
    except OSError as exc:
        raise BadInput(f"{file}: cannot be read ({exc.strerror or exc})") from None
    except FileFormatError as exc:
        raise BadInput(str(exc)) from None


# ----- argument parsing ----------------------------------------------------------------------
def _gui_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nnviz", usage=_USAGE,
                     description="Build small neural networks by hand and watch backpropagation work.",
                     epilog="Run `nnviz solve --help` or `nnviz train --help` for the headless commands.")
    parser.add_argument("file", nargs="?", metavar="FILE.nnviz", help="a network to open in the app")
    parser.add_argument("--version", action="version", version=f"nnviz {__version__}")
    return parser


def _command_parser() -> argparse.ArgumentParser:
    from nnviz.core.project import MAX_SEED
    parser = _Parser(prog="nnviz", usage=_USAGE)
    parser.add_argument("--version", action="version", version=f"nnviz {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    solve = commands.add_parser(
        "solve", prog="nnviz solve", help="print every z, a, delta and gradient of one forward and backward pass",
        description="Print the forward pass, the loss and every gradient of FILE, labelled as in a "
                    "hand calculation (w^(l)_ij is the weight from unit j of layer l-1 to unit i of layer l).")
    solve.add_argument("file", metavar="FILE", help="a .nnviz file")
    solve.add_argument("--precision", type=_int_in(1, 17), default=6, metavar="N",
                       help="significant digits in the text report (default 6)")
    solve.add_argument("--json", action="store_true",
                       help="print one JSON object with full-precision numbers instead of the text report")
    solve.set_defaults(run=_solve)

    train = commands.add_parser(
        "train", prog="nnviz train", help="run gradient descent steps and print the loss after each",
        description="Run N steps of (mini-batch) gradient descent on FILE and print the loss before the "
                    "first step and after each step.")
    train.add_argument("file", metavar="FILE", help="a .nnviz file")
    train.add_argument("--steps", type=_int_in(0, None), required=True, metavar="N", help="number of steps")
    train.add_argument("--lr", type=_positive_float, metavar="X", help="learning rate (default: the file's)")
    train.add_argument("--batch-size", type=_int_in(1, MAX_SEED), metavar="B",
                       help="mini-batch size (default: the file's; full batch if it has none)")
    train.add_argument("--seed", type=_int_in(0, MAX_SEED), metavar="S",
                       help="seed of the mini-batch order (default: the file's)")
    train.add_argument("--json", action="store_true", help='print {"losses": [...]} instead of one line per step')
    train.add_argument("-o", "--output", metavar="OUT.nnviz", help="save the trained network to this file")
    train.set_defaults(run=_train)
    return parser


def _int_in(low: int, high: int | None):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"{value} is out of range; give a whole number {bound}")
        return value
    return parse


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"{text} must be a positive finite number")
    return value


# ----- commands --------------------------------------------------------------------------------
def _load(path: str):
    """Load and check a project; every problem becomes one BadInput line naming the file."""
    from nnviz.core import FileFormatError, NetworkError, fileformat
    from nnviz.core.messages import printable
    try:
        project = fileformat.load(path)
        project.check()
    except (FileFormatError, NetworkError) as exc:
        message, name = str(exc), printable(path, None)
        raise BadInput(message if message.startswith(name) else f"{name}: {message}") from None
    return project


def _solve(args) -> int:
    from nnviz.core.report import solve_json, solve_report
    project = _load(args.file)
    result = project.compute()
    if args.json:
        print(json.dumps(solve_json(result)))
    else:
        sys.stdout.write(solve_report(project, result, args.precision))
    return EXIT_OK


def _train(args) -> int:
    from nnviz.core import FileFormatError, Trainer, TrainingDiverged, fileformat, files
    from nnviz.core.report import json_numbers
    project = _load(args.file)
    if args.output:
        try:
            files.save_target(args.output)  # refused now, not after the training
        except FileFormatError as exc:
            raise BadInput(str(exc)) from None
    settings = project.training
    if args.lr is not None:
        settings.learning_rate = args.lr
    if args.batch_size is not None:
        settings.batch_size = args.batch_size
    if args.seed is not None:
        settings.seed = args.seed
    trainer = Trainer(project)
    losses = [trainer.loss]
    if not args.json:
        _print_step(0, trainer.loss)
    failure = None
    for _ in range(args.steps):
        try:
            loss = trainer.step()
        except TrainingDiverged as exc:  # also LossNotFinite: the loss was not finite before any step
            failure = str(exc)
            break
        losses.append(loss)
        if not args.json:
            _print_step(len(losses) - 1, loss)
    if args.json:
        print(json.dumps({"losses": json_numbers(losses)}, allow_nan=False))
    if failure is not None:
        if args.output:
            failure += f" Nothing was saved to {args.output}."
        return _fail(failure, EXIT_FAILED)
    if args.output:
        try:
            fileformat.save(project, args.output)
        except FileFormatError as exc:
            raise BadInput(f"{args.output}: cannot be written: {exc}" if not str(exc).startswith(args.output)
                           else str(exc)) from None
        except OSError as exc:
            raise BadInput(f"{args.output}: cannot be written ({exc.strerror or exc})") from None
    return EXIT_OK


def _print_step(step: int, loss: float) -> None:
    print(f"step {step}: {loss!r}")
