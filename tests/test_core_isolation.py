"""nnviz.core must run without Qt: importing it and every submodule loads no PySide6, shiboken6 or pyqtgraph."""
import json
import subprocess
import sys

CORE_MODULES = {"activations", "engine", "errors", "losses", "network", "project", "training"}

SCRIPT = """
import importlib, json, pkgutil, sys
import nnviz.core
names = sorted(info.name for info in pkgutil.iter_modules(nnviz.core.__path__, "nnviz.core."))
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"))
print(json.dumps({"modules": names, "qt": qt}))
"""


def test_core_imports_no_qt():
    # a fresh interpreter: this pytest process may already have Qt loaded by GUI tests
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert CORE_MODULES <= {name.rsplit(".", 1)[1] for name in report["modules"]}
    assert report["qt"] == [], f"nnviz.core pulled in {report['qt']}"
