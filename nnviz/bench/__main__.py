"""`python -m nnviz.bench [--section NAME] [--quick]`: print the benchmark table."""
import sys

from .table import main

sys.exit(main())
