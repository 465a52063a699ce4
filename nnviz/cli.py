"""Command line: `nnviz [FILE]` opens the app; `nnviz solve`, `explain`, `check`, `gradcheck`, `train` and
`export` work headless. Here the arguments are parsed; cli_commands.py does each command.

The subcommands never import Qt, except `export`, which draws offscreen with the app's own render (no
window). Bad input (a file or path that does not load or cannot be written, a network that cannot be
computed, wrong arguments) ends with exit status 2 and one line "nnviz: <message>" on stderr; training that
stops because the loss or a weight is not finite ends with status 1 and one such line; a loss that rises and
stays up (core.loss_watch) adds a line "nnviz: note: ..." on stderr only. stdout carries only results (with
--json, valid JSON: inf and NaN are written as null).
"""
import argparse
import math
import os
import sys

from nnviz import __version__

COMMANDS = ("solve", "train", "explain", "gradcheck", "check", "export")
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
_USAGE = ("nnviz [FILE.nnviz]                 open the app (with FILE, or the default example)\n"
          "       nnviz solve FILE [--format text|markdown|latex|html|json] [--json] [--precision N] [--decimals N]"
          " [--notation PRESET]\n"
          "       nnviz explain FILE PARAM [--sample K] [--max-paths N] [--json] [--notation PRESET]\n"
          "       nnviz gradcheck FILE [--json] [--eps H]\n"
          "       nnviz check FILE ANSWERS [--json] [--notation PRESET]\n"
          "       nnviz train FILE --steps N [--lr X] [--batch-size B] [--seed S] [--json] [-o OUT.nnviz]\n"
          "       nnviz export FILE -o DIAGRAM.png|.svg|.pdf [--scale S | --dpi D] [--transparent] [--notation PRESET]")


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

            from nnviz import cli_commands
            with np.errstate(all="ignore"):  # overflow is reported as divergence or shows as inf/nan
                return getattr(cli_commands, args.run)(args)
        file = _gui_parser().parse_args(argv).file
        if file is not None:
            _check_openable(file)
    except BadInput as exc:
        return fail(str(exc))
    except SystemExit as exc:  # --help and --version print and exit 0 through argparse
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except BrokenPipeError:  # e.g. `nnviz train ... | head`: the reader left, nothing is wrong
        _silence_stdout()
        return EXIT_OK
    problem = display_problem(os.environ, sys.platform)
    if problem:
        return fail(problem)
    from nnviz.gui.app import run_app  # Qt is imported only when the app is wanted
    return run_app(argv)


def display_problem(environ, platform: str) -> str | None:
    """Why the window cannot open here (a Linux machine without a display), or None.

    Qt would otherwise abort with a misleading "xcb-cursor0 is needed" message.
    """
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return ("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); the commands "
            "solve, explain, check, gradcheck and train work without one, and QT_QPA_PLATFORM=offscreen "
            "runs the app without a screen")


def _silence_stdout() -> None:
    """Point stdout at devnull so the interpreter's final flush does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def fail(message: str, status: int = EXIT_BAD_INPUT) -> int:
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
    solve.add_argument("--json", action="store_true",
                       help="print one JSON object with full-precision numbers instead of the text report "
                            "(the same as --format json)")
    solve.add_argument("--format", choices=("text", "markdown", "latex", "html", "json"), default="text",
                       help="the worked solution as plain text (default), Markdown with $...$ maths, a standalone "
                            "LaTeX file, HTML with MathML, or the JSON object of --json")
    _number_options(solve)
    _notation_option(solve)
    solve.set_defaults(run="solve")

    explain = commands.add_parser(
        "explain", prog="nnviz explain", help="derive one parameter's gradient by the chain rule, with numbers",
        description="Write the chain rule for one weight or bias: every path from it to the loss with each factor "
                    "named and valued, each path's product and their sum, then the layer (matrix) form with "
                    "shapes and the SGD update. PARAM is w:l:i:j (the weight into unit i of layer l from unit j "
                    "of layer l-1; layer 0 is the input) or b:l:i, all 1-based.")
    explain.add_argument("file", metavar="FILE", help="a .nnviz file")
    explain.add_argument("parameter", metavar="PARAM", help="w:l:i:j or b:l:i, e.g. w:1:1:2")
    explain.add_argument("--sample", type=_int_in(1, None), metavar="K", help="only sample K (1-based)")
    explain.add_argument("--max-paths", type=_int_in(1, None), default=64, metavar="N",
                         help="list every path when there are at most N (default 64), else the N largest")
    explain.add_argument("--json", action="store_true", help="print one JSON object (see the README)")
    _number_options(explain, default=4)
    _notation_option(explain)
    explain.set_defaults(run="explain")

    gradcheck = commands.add_parser(
        "gradcheck", prog="nnviz gradcheck", help="compare every gradient with a central finite difference",
        description="Check backpropagation: each parameter's gradient beside (L(θ+h) − L(θ−h))/2h. Exit 0 when "
                    "every relative error is at most 1e-5, 1 otherwise (a kink such as ReLU at z = 0 can cause that).")
    gradcheck.add_argument("file", metavar="FILE", help="a .nnviz file")
    gradcheck.add_argument("--eps", type=_positive_float, default=1e-6, metavar="H",
                           help="relative step h (default 1e-6)")
    gradcheck.add_argument("--json", action="store_true", help="print one JSON object")
    gradcheck.set_defaults(run="gradcheck")

    check = commands.add_parser(
        "check", prog="nnviz check", help="mark a student's answers: correct, carried or wrong, and why",
        description="Mark each line NAME = VALUE of ANSWERS against FILE's network: correct (the exact value, to "
                    "the digits written), carried (right from the student's own earlier numbers) or wrong (with "
                    "the likely slip), and name the first wrong step. NAME is a canonical name (z:1:2@1, "
                    "grad:w:1:2:1, loss, ...) or the name in the file's notation. Exit 0 whatever the verdicts.")
    check.add_argument("file", metavar="FILE", help="a .nnviz file")
    check.add_argument("answers", metavar="ANSWERS", help="a text file of NAME = VALUE lines (# starts a comment)")
    check.add_argument("--json", action="store_true", help="print one JSON object (see the README)")
    _notation_option(check)
    check.set_defaults(run="check")

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
    train.set_defaults(run="train")

    export = commands.add_parser(
        "export", prog="nnviz export", help="draw the diagram to a PNG, SVG or PDF file, without a window",
        description="Draw FILE's diagram as the app shows it (labels, colours, legend, notation, marks; no selection) "
                    "and write it to OUT, whose ending chooses the format: .png (at --scale or --dpi), .svg or .pdf "
                    "(vectors). Nothing is shown on screen, so it runs in a Makefile or over ssh.")
    export.add_argument("file", metavar="FILE", help="a .nnviz file")
    export.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write: .png, .svg or .pdf")
    size = export.add_mutually_exclusive_group()
    size.add_argument("--scale", type=_positive_float, default=1.0, metavar="S",
                      help="PNG pixels per screen pixel, e.g. 2 for slides (default 1; at most 8192 pixels a side)")
    size.add_argument("--dpi", type=_positive_float, metavar="D", help="PNG resolution for print, e.g. 300 (96 is 1x)")
    export.add_argument("--transparent", action="store_true", help="no background (PNG and SVG)")
    _notation_option(export)
    export.set_defaults(run="export")
    return parser


def _number_options(parser, default: int = 6) -> None:
    parser.add_argument("--precision", type=_int_in(1, 17), default=default, metavar="N",
                        help=f"significant digits (default {default})")
    parser.add_argument("--decimals", type=_int_in(0, 17), metavar="N",
                        help="write the derivations' numbers with N decimals instead (students often write 4)")


def _notation_option(parser) -> None:
    from nnviz.core.notation import PRESETS
    parser.add_argument("--notation", choices=tuple(PRESETS), metavar="PRESET",
                        help="name quantities in this notation instead of the file's: " + ", ".join(PRESETS))


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
