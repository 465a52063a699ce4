"""nnviz: build small neural networks by hand and watch backpropagation work."""
import os

# One BLAS thread: on these tiny matrices a second thread only adds overhead and jitter.
# This must happen before numpy is first imported, which is why it lives here.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

__version__ = "0.1.0"
