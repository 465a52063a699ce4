"""Entry point of the frozen app (PyInstaller): the same main() as the `nnviz` command."""
import sys

from nnviz.cli import main

if __name__ == "__main__":
    sys.exit(main())
