"""Guards against a broken Qt binding and a missing BLAS thread setting, each in a fresh subprocess.

PySide6-Essentials 6.12.0 on CPython 3.11 drops a reference to None on every Qt call that returns
nothing; after enough calls None's refcount reaches zero and the process aborts with
"Fatal Python error: none_dealloc". The calls run in a subprocess so a broken build fails this test
instead of killing pytest. On CPython 3.12+ None is immortal (its refcount never changes), so the check
is vacuous there but must still pass.
"""
import os
import subprocess
import sys

CALLS = 1000
LEAK_SCRIPT = f"""
import sys
import PySide6
from PySide6.QtCore import QObject, QRectF
from PySide6.QtGui import QPen
pen, rect, obj = QPen(), QRectF(), QObject()
drops = []
for call in (lambda: pen.setWidthF(1.5), lambda: rect.setWidth(2.0), lambda: obj.setObjectName("n")):
    call()  # warm up: first calls may cache things
    before = sys.getrefcount(None)
    for _ in range({CALLS}):
        call()
    drops.append(before - sys.getrefcount(None))
print(PySide6.__version__, *drops)
"""


def _run(code, env=None):
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    return done.stdout.split()


def test_qt_void_calls_do_not_drop_references_to_none():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    version, *drops = _run(LEAK_SCRIPT, env)
    # a broken build drops one reference per call (1000 each); allow a few for interpreter noise
    assert all(int(drop) <= 5 for drop in drops), (
        f"PySide6 {version} on Python {sys.version.split()[0]} lost {drops} references to None over "
        f"{CALLS} void calls each (QPen.setWidthF, QRectF.setWidth, QObject.setObjectName): "
        "this build will abort with 'none_dealloc'; install the version pinned in pyproject.toml")


BLAS_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")
# numpy's bundled OpenBLAS reports the thread count it actually uses; "-" when it cannot be asked
BLAS_SCRIPT = """
import nnviz, numpy, os, ctypes, glob
threads = "-"
for path in glob.glob(os.path.join(os.path.dirname(numpy.__file__), "..", "numpy.libs", "*openblas*")):
    lib = ctypes.CDLL(path)
    for name in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_", "openblas_get_num_threads"):
        if hasattr(lib, name):
            threads = getattr(lib, name)()
print(threads, *(os.environ[k] for k in %r))
""" % (BLAS_VARS,)


def test_blas_single_thread_setting_is_in_effect_in_a_fresh_process():
    env = {k: v for k, v in os.environ.items() if k not in BLAS_VARS}
    threads, *values = _run(BLAS_SCRIPT, env)
    assert values == ["1", "1", "1", "1"]
    assert threads in ("1", "-")  # set before numpy loaded, so OpenBLAS started with one thread
