"""The benchmark's own floor, for when ../shared/perf-floor is not there (a clean clone, CI).

The same five nets N1-N5 with the same seeded numbers, and one hand-written straight-line numpy
implementation as fast as the shared floor's fastest on these nets: every array preallocated and
written in place, constants as 0-d arrays, the bias folded into the weights (activations carry a
column of ones) and all parameters views of one flat array, so a step is two numpy calls.
Weights are stored (in, out), as in the shared folder. The engine section checks it against the
engine to 1e-12 before timing it.
"""
from dataclasses import dataclass

import numpy as np

# module-level names: looking numpy's functions up on every call costs more than some of the calls
_matmul, _maximum, _tanh, _negative, _exp, _add = np.matmul, np.maximum, np.tanh, np.negative, np.exp, np.add
_reciprocal, _sign, _multiply, _subtract, _vdot = np.reciprocal, np.sign, np.multiply, np.subtract, np.vdot
_logaddexp, _divide, _log = np.logaddexp, np.divide, np.log


@dataclass(frozen=True)
class NetSpec:
    """One benchmark net: layer sizes, hidden and output activation, loss, batch size, learning rate."""

    name: str
    sizes: tuple[int, ...]
    hidden: str  # relu, sigmoid or tanh
    output: str  # identity, sigmoid or softmax
    loss: str  # sse, half_sse, bce, mse or ce
    batch: int
    lr: float
    description: str


NETS = {
    "N1": NetSpec("N1", (3, 2, 2, 1), "relu", "identity", "sse", 1, 0.05,
                  "3-2-2-1 ReLU, linear out, SSE, 1 sample (textbook exercise)"),
    "N2": NetSpec("N2", (3, 2, 1), "sigmoid", "sigmoid", "half_sse", 1, 0.5,
                  "3-2-1 sigmoid everywhere, 1/2 SSE, 1 sample"),
    "N3": NetSpec("N3", (2, 8, 8, 1), "tanh", "sigmoid", "bce", 64, 0.1,
                  "2-8-8-1 tanh, sigmoid+BCE, batch 64 (playground)"),
    "N4": NetSpec("N4", (32,) * 10, "tanh", "identity", "mse", 32, 0.01,
                  "10 layers x 32 (9 dense 32x32), tanh, linear out, MSE, batch 32"),
    "N5": NetSpec("N5", (784, 64, 10), "relu", "softmax", "ce", 32, 0.01,
                  "784-64-10 ReLU, softmax+CE, batch 32"),
}


def make_problem(spec: NetSpec, seed: int = 0):
    """(weights (in, out), biases, inputs, targets), seeded exactly as the shared folder draws them."""
    rng = np.random.default_rng(seed)
    weights, biases = [], []
    for n_in, n_out in zip(spec.sizes[:-1], spec.sizes[1:]):
        weights.append(rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out)))
        biases.append(rng.normal(0.0, 0.1, size=n_out))
    m, n_in, k = spec.batch, spec.sizes[0], spec.sizes[-1]
    x = rng.normal(0.0, 1.0, size=(m, n_in))
    if spec.loss in ("sse", "mse"):
        y = rng.normal(0.0, 1.0, size=(m, k))
    elif spec.loss == "half_sse":
        y = rng.uniform(0.05, 0.95, size=(m, k))
    elif spec.loss == "bce":
        y = (rng.uniform(size=(m, k)) < 0.5).astype(np.float64)
    else:  # ce: one-hot rows
        y = np.zeros((m, k))
        y[np.arange(m), rng.integers(0, k, size=m)] = 1.0
    if spec.name == "N1":  # all ReLUs active, so the exercise has non-zero gradients
        x = np.abs(x)
        for w in weights:
            w[:] = np.abs(w)
    return weights, biases, x, y


class StraightLine:
    """One net's forward+backward pass and SGD step, in place; forward_backward() and step() return the loss."""

    label = "own straight-line"

    def __init__(self, spec: NetSpec, weights, biases, x, y):
        self.spec, m = spec, x.shape[0]
        shapes = [(n_in + 1, n_out) for n_in, n_out in zip(spec.sizes[:-1], spec.sizes[1:])]
        self.theta = np.empty(sum(a * b for a, b in shapes))  # [W; b] of every layer, one after another
        self.grad = np.empty_like(self.theta)
        self.scaled = np.empty_like(self.theta)
        self.wb, self.gwb, start = [], [], 0
        for (rows, cols), w, b in zip(shapes, weights, biases):
            block = self.theta[start:start + rows * cols].reshape(rows, cols)
            block[:-1], block[-1] = w, b
            self.wb.append(block)
            self.gwb.append(self.grad[start:start + rows * cols].reshape(rows, cols))
            start += rows * cols
        self.w_t = [block[:-1].T for block in self.wb]  # W^T without the bias row, for dL/da
        self.acts = [np.ones((m, n + 1)) for n in spec.sizes[:-1]]  # [a | 1]: the 1s give the bias
        self.acts[0][:, :-1] = x
        self.acts_t = [a.T for a in self.acts]
        self.z = [np.empty((m, n)) for n in spec.sizes[1:]]
        self.dz = [np.empty((m, n)) for n in spec.sizes[1:]]
        self.da = [np.empty((m, n)) for n in spec.sizes[1:-1]]  # dL/da of each hidden layer
        self.fp = [np.empty((m, n)) for n in spec.sizes[1:-1]]  # its f'(z)
        k = spec.sizes[-1]
        self.out1, self.out2 = np.empty((m, k)), np.empty((m, k))
        self.col, self.col2 = np.empty((m, 1)), np.empty((m, 1))
        self.y = np.array(y, dtype=np.float64)
        self.zero, self.one, self.two = np.zeros(()), np.ones(()), np.full((), 2.0)
        self.per_m, self.per_all = np.full((), 1.0 / m), np.full((), 2.0 / (m * k))
        self.rate = np.full((), spec.lr)
        self.m, self.count = m, m * k
        self.a = [acts[:, :-1] for acts in self.acts]  # a without its column of ones
        self._activate = {"relu": self._relu, "tanh": self._tanh, "sigmoid": self._sigmoid}[spec.hidden]
        self._prime = {"relu": self._relu_prime, "tanh": self._tanh_prime, "sigmoid": self._sigmoid_prime}[spec.hidden]
        self._loss = getattr(self, f"_loss_{spec.loss}")

    # hidden activations, written into out
    def _relu(self, z, out):
        _maximum(z, self.zero, out=out)

    def _tanh(self, z, out):
        _tanh(z, out=out)

    def _sigmoid(self, z, out):
        _negative(z, out=out)
        _exp(out, out=out)
        _add(out, self.one, out=out)
        _reciprocal(out, out=out)

    # their f'(z) from the activation a, written into out
    def _relu_prime(self, a, out):
        _sign(a, out=out)  # a >= 0: its sign is relu'(z)

    def _tanh_prime(self, a, out):
        _multiply(a, a, out=out)
        _subtract(self.one, out, out=out)

    def _sigmoid_prime(self, a, out):
        _multiply(a, a, out=out)
        _subtract(a, out, out=out)

    # the loss from the output layer's z, with dL/dz written into dz
    def _loss_sse(self, z, dz) -> float:
        t = self.out1
        _subtract(z, self.y, out=t)
        _multiply(t, self.two, out=dz)
        return _vdot(t, t)

    def _loss_mse(self, z, dz) -> float:
        t = self.out1
        _subtract(z, self.y, out=t)
        _multiply(t, self.per_all, out=dz)
        return _vdot(t, t) / self.count

    def _loss_half_sse(self, z, dz) -> float:  # after a sigmoid: (yhat - y) yhat (1 - yhat)
        t, u = self.out1, self.out2
        self._sigmoid(z, u)
        _subtract(u, self.y, out=t)
        _multiply(u, u, out=dz)
        _subtract(u, dz, out=dz)
        _multiply(dz, t, out=dz)
        return 0.5 * _vdot(t, t)

    def _loss_bce(self, z, dz) -> float:  # after a sigmoid, from the logit
        t, y = self.out1, self.y
        _logaddexp(self.zero, z, out=t)
        value = (_add.reduce(t, axis=None) - _vdot(y, z)) / self.m
        self._sigmoid(z, dz)
        _subtract(dz, y, out=dz)
        _multiply(dz, self.per_m, out=dz)
        return value

    def _loss_ce(self, z, dz) -> float:  # after a softmax
        t, y, col, col2 = self.out1, self.y, self.col, self.col2
        _maximum.reduce(z, axis=1, keepdims=True, out=col)
        _subtract(z, col, out=t)
        _exp(t, out=dz)
        _add.reduce(dz, axis=1, keepdims=True, out=col2)
        _divide(dz, col2, out=dz)
        _subtract(dz, y, out=dz)
        _multiply(dz, self.per_m, out=dz)
        _log(col2, out=col2)
        return (_add.reduce(col2, axis=None) - _vdot(y, t)) / self.m

    def forward_backward(self) -> float:
        wb, acts, a, z, dz, da, fp = self.wb, self.acts, self.a, self.z, self.dz, self.da, self.fp
        activate, prime, last = self._activate, self._prime, len(wb) - 1
        for l in range(last):
            _matmul(acts[l], wb[l], out=z[l])
            activate(z[l], a[l + 1])
        _matmul(acts[last], wb[last], out=z[last])
        value = self._loss(z[last], dz[last])
        acts_t, gwb, w_t = self.acts_t, self.gwb, self.w_t
        for l in range(last, -1, -1):
            _matmul(acts_t[l], dz[l], out=gwb[l])  # its last row is dL/db
            if l:
                _matmul(dz[l], w_t[l], out=da[l - 1])
                prime(a[l], fp[l - 1])
                _multiply(da[l - 1], fp[l - 1], out=dz[l - 1])
        return value

    def step(self) -> float:
        value = self.forward_backward()
        _multiply(self.grad, self.rate, out=self.scaled)
        _subtract(self.theta, self.scaled, out=self.theta)
        return value

    def grads(self):
        return [(g[:-1].copy(), g[-1].copy()) for g in self.gwb]

    def params(self):
        return [(w[:-1].copy(), w[-1].copy()) for w in self.wb]
