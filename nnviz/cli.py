"""Command line: `nnviz [FILE]` opens the app; `nnviz solve` and `nnviz train` work headless."""
import sys


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from nnviz.gui.app import run_app
    return run_app(argv)
