"""nnviz: build small neural networks by hand and watch backpropagation work."""
import ctypes
import os
import sys

# One BLAS thread: on these tiny matrices a second thread only adds overhead and jitter.
# This must happen before numpy is first imported, which is why it lives here.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def _reuse_freed_memory() -> None:
    """Have glibc keep freed blocks below 16 MB for reuse rather than hand them back to the system.

    Every pass makes fresh arrays (a Result stays valid after the next pass), on a 784-64-10 network
    several of 400 KB. glibc's own thresholds would return them after each pass and fault them in again
    on the next: about 200 page faults, which doubled the pass. Elsewhere this does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # from <malloc.h>
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(m_mmap_threshold, 16 << 20)
        libc.mallopt(m_trim_threshold, 32 << 20)
    except (OSError, AttributeError):  # not glibc
        pass


_reuse_freed_memory()

__version__ = "0.1.0"
