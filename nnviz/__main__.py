"""`python -m nnviz` runs the same entry point as the `nnviz` command."""
import sys

from nnviz.cli import main

sys.exit(main())
