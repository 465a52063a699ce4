"""compute() for one network structure, written out once as straight-line numpy and compiled.

A plan's `source` is the pass as one would write it by hand for that network: one line per numpy call,
named as the derivations name things (z1, a1, f1, grad_a1, delta1, gW1, gb1); `step_source` is a
Trainer's SGD step followed by that pass, its arrays taken from a row of a block made for many steps.
On a small network each numpy call costs 0.3-1 us whatever its size, and so does the Python around it,
so the plan makes only
the calls that network needs: no loop, dispatch on names, mask multiply without a mask or division by 1;
the loss's own formula; np.dot where it reaches the same BLAS routine as `@` for less overhead; 0-d
constants instead of Python floats; and a sum over one sample written as 0 + the row.

The arithmetic is the straight-line pass's, bit for bit: tests/straight_engine.py keeps that pass and
tests/test_engine_exact.py compares every number of both for every activation, loss and layout.
"""
import itertools
import linecache
from operator import attrgetter

import numpy as np

from .activations import activate, derivative, softmax
from .losses import fused_output, output_terms, per_sample_loss
from .results import Result

_CONTIGUOUS = attrgetter("flags.forc")  # C- or F-contiguous
_MAX_PLANS = 64
# A Trainer's steps take their arrays from blocks of rows of about this many numbers each (8 KB): a
# small network's block serves up to 64 steps; a network of 512 parameters or more makes its own.
BLOCK_NUMBERS = 1024
_PLANS: dict[tuple, "Plan"] = {}
_NUMBERS = itertools.count(1)
# np.dot is the C function behind a Python dispatcher for __array_function__ overrides, which plain
# ndarrays never have: calling the C function costs 0.3 us instead of 0.55 (np.dot if numpy moves it).
dot = getattr(np.dot, "_implementation", np.dot)

# What the generated code can name. The numbers are 0-d float64 arrays: numpy converts a Python float
# argument on every call (about 0.1 us), and x + ZERO, x * TWO give the same bits as x + 0.0, x * 2.0.
_NAMESPACE = {
    "np": np, "dot": dot, "matmul": np.matmul, "maximum": np.maximum, "tanh": np.tanh, "exp": np.exp,
    "logaddexp": np.logaddexp, "heaviside": np.heaviside, "sum_": np.add.reduce, "errstate": np.errstate,
    "softmax": softmax, "activate": activate, "derivative": derivative, "per_sample_loss": per_sample_loss,
    "output_terms": output_terms, "Result": Result,
    "ZERO": np.zeros(()), "ONE": np.ones(()), "TWO": np.full((), 2.0), "HALF": np.full((), 0.5),
}
_ACTIVATE = {"identity": "{z}", "relu": "maximum({z}, ZERO)", "tanh": "tanh({z})", "softmax": "softmax({z})"}
_DERIVATIVE = {"identity": None, "relu": "heaviside({z}, ZERO)", "sigmoid": "{a} * (ONE - {a})",
               "tanh": "ONE - {a} * {a}"}


def plan_for(network, loss, inputs, weights_contiguous: bool = False) -> "Plan":
    """The plan for this network structure, loss and number of samples (written on first use);
    `weights_contiguous` says the weights are known to be C- or F-contiguous (a Trainer's own)."""
    contiguous = inputs.flags.forc and (weights_contiguous or all(map(_CONTIGUOUS, network.weights)))
    key = (loss.name, loss.reduction, inputs.shape[0], network.input_size, contiguous, *map(type, network.masks),
           *network.layers)  # a Layer is a (size, activation, bias) tuple
    plan = _PLANS.get(key)
    if plan is None:
        if len(_PLANS) >= _MAX_PLANS:
            for old in _PLANS.values():
                for filename in old.filenames:
                    linecache.cache.pop(filename, None)
            _PLANS.clear()
        plan = _PLANS[key] = Plan(network, loss, inputs.shape[0], contiguous)
    return plan


def flat_layout(network) -> list[tuple[slice, tuple[int, int], slice | None]]:
    """Where each layer's W (slice, shape) and b (slice, or None without a bias) sit in one flat array of
    every trained parameter, layer by layer: W1, b1, W2, b2, ..."""
    layout, offset = [], 0
    for layer, fan_in in zip(network.layers, network.fan_ins()):
        w = slice(offset, offset + layer.size * fan_in)
        b = slice(w.stop, w.stop + layer.size) if layer.bias else None
        layout.append((w, (layer.size, fan_in), b))
        offset = b.stop if b else w.stop
    return layout


def flat_size(layout) -> int:
    """How many parameters a flat array in this layout holds (every trained weight and bias)."""
    w, _, b = layout[-1]
    return (b or w).stop


def product_name(inner: int, contiguous: bool) -> str:
    """"dot" where np.dot makes the very BLAS call `@` makes (about 0.3 us cheaper), else "matmul".

    For C- or F-contiguous operands with an inner dimension of 2 or more both pass the same arguments
    to the same dgemm, dgemv or ddot. With an inner dimension of 1 np.dot multiplies where matmul adds
    the product to 0 (a zero's sign differs), and other strides can reach BLAS transposed differently.
    """
    return "dot" if inner >= 2 and contiguous else "matmul"


def product(left: str, right: str, shape: tuple[int, int, int], contiguous: bool, out: str | None = None) -> str:
    """left @ right (rows x inner @ inner x columns, into `out`) as the cheapest call that gives matmul's bits.

    An outer product (inner dimension 1) of a column and a row of 2 or more is np.dot plus 0 for contiguous
    operands: both compute 0 + each single product, NaN and inf included, and `+ ZERO` turns the -0.0
    np.dot may give into matmul's 0.0; that is 0.6 us where matmul costs 1 us on a small array. (A 1 x 1
    operand against a longer one is not: np.dot scales by it and can give 0 for 0 * NaN.)
    """
    rows, inner, columns = shape
    if inner == 1 and contiguous and ((rows > 1 and columns > 1) or rows == columns == 1):
        return f"np.add(dot({left}, {right}), ZERO, out={out})" if out else f"(dot({left}, {right}) + ZERO)"
    return f"{product_name(inner, contiguous)}({left}, {right}{f', out={out}' if out else ''})"


class Plan:
    """One structure's pass (layer sizes, activations, bias switches, masks, loss, reduction, samples).

    `run(network, loss, x, y)` makes a fresh array for every number. `run_step`, for a Trainer, first
    writes the SGD step's parameters, theta - rate * gradient, into row k of a block of unused flat arrays
    (laid out as `layout` says; see `step_block`) and runs the pass with them, writing every gradient
    into row k of the block's gradient arrays.
    """

    def __init__(self, network, loss, m: int, contiguous: bool):
        layers = network.layers
        self.layout = flat_layout(network)
        self.size = flat_size(self.layout)
        self.block_rows = max(1, min(64, BLOCK_NUMBERS // self.size))
        namespace = dict(_NAMESPACE, M=np.full((), float(m)), N=np.full((), float(layers[-1].size)),
                         FUSED=fused_output(loss, layers[-1].activation))
        for l, layer in enumerate(layers, 1):
            namespace[f"ACT{l}"] = layer.activation
        self.namespace = namespace
        self.source = _source(network, loss, m, contiguous, self.layout, step=False)
        self.step_source = _source(network, loss, m, contiguous, self.layout, step=True, blocked=self.block_rows > 1)
        self.filenames: list[str] = []
        self.run = self._compiled(self.source, "run")
        self.run_step = self._first_step  # compiled on first use: most plans (an edited network's) never train

    def step_block(self) -> tuple:
        """`block_rows` new flat arrays for parameters and as many for gradients, with each layer's W (and b)
        of every row as one stacked view: a step indexes its row's views instead of slicing and reshaping
        (0.07 us a view instead of 0.19, a tenth of a tiny network's step). A plan of one row makes its
        arrays in the step itself and needs no block."""
        rows = self.block_rows
        if rows == 1:
            return ()
        block = []
        for flat in (np.empty((rows, self.size)), np.empty((rows, self.size))):
            block.append(flat)
            for w, shape, b in self.layout:
                block.append(flat[:, w].reshape(rows, *shape))
                if b is not None:
                    block.append(flat[:, b])
        return tuple(block)

    def _first_step(self, *args):
        self.run_step = self._compiled(self.step_source, "run_step")
        return self.run_step(*args)

    def _compiled(self, text: str, name: str):
        filename = f"<nnviz plan {next(_NUMBERS)}>"
        linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)  # tracebacks show it
        self.filenames.append(filename)
        exec(compile(text, filename, "exec"), self.namespace)
        return self.namespace[name]


def _source(network, loss, m: int, contiguous: bool, layout, step: bool, blocked: bool = False) -> str:
    """The pass written out: run(network, loss, x, y) -> Result, or run_step(network, loss, x, y, theta,
    gradient, rate, block, k) -> (Result with the flat gradient, the new flat parameters, their W and b
    per layer), writing into row k of a step_block."""
    layers, n = network.layers, len(network.layers)
    masked = [mask is not None for mask in network.masks]
    weights = ", ".join(f"W{l}" for l in range(1, n + 1))
    biases = ", ".join(f"b{l}" for l in range(1, n + 1))
    if step:
        out = _step_head(layout, blocked) + [f"    weights, biases = [{weights}], [{biases}]"]
    else:
        out = ["def run(network, loss, x, y):", f"    {weights}, = network.weights", f"    {biases}, = network.biases"]
    for l in range(1, n + 1):
        if masked[l - 1]:
            out += [f"    M{l} = network.masks[{l - 1}]", f"    W{l} = W{l} * M{l}"]
    out.append("    # forward")
    fan_ins = network.fan_ins()
    for l, (layer, fan_in) in enumerate(zip(layers, fan_ins), 1):
        out += _forward(l, layer, (m, fan_in, layer.size), contiguous)
    out.append("    # the loss, and dL/dz at the output")
    out += _output(n, layers[-1], loss, m)
    out.append("    # backward")
    if step:
        out.append("    G = GS[k]" if blocked else f"    G = np.empty({flat_size(layout)})")
    for l in range(n, 0, -1):
        layer = layers[l - 1]
        if l < n:
            out += _delta(l, layer.activation)
        out += _gradients(l, layer, "x" if l == 1 else f"a{l - 1}", (layer.size, m, fan_ins[l - 1]), contiguous,
                          masked[l - 1], (layout[l - 1], blocked) if step else None)
        if l > 1:
            grad_a = product(f"delta{l}", f"W{l}", (m, layer.size, fan_ins[l - 1]), contiguous)
            out.append(f"    grad_a{l - 1} = {grad_a}")
    results = ", ".join(f"(z{l}, a{l}, delta{l}, gW{l}, gb{l}, ACT{l}, f{l}, grad_a{l})" for l in range(1, n + 1))
    # dL/dx is made on first use from W1 as it is now: a copy, unless it is a fresh product with the mask
    # or (run_step) the Trainer's own new array, which training never changes in place
    first = "W1" if masked[0] or step else 'W1.copy(order="K")'
    result = (f"Result(value, sample_losses, x, y, [{results}], loss, FUSED, {first}, "
              f"{product_name(layers[0].size, contiguous)}{', G' if step else ''})")
    out.append(f"    return {result}, P, weights, biases" if step else f"    return {result}")
    return "\n".join(out) + "\n\n"


def _step_head(layout, blocked: bool) -> list[str]:
    """run_step's first lines: the step's parameters theta - rate * gradient, flat, and their W and b."""
    out = ["def run_step(network, loss, x, y, theta, gradient, rate, block, k):"]
    if blocked:
        names = ["PS"] + [name for l, (_, _, b) in enumerate(layout, 1)
                          for name in ((f"PW{l}", f"Pb{l}") if b else (f"PW{l}",))]
        out += [f"    {', '.join(names + ['G' + name[1:] for name in names])} = block", "    P = PS[k]",
                "    np.multiply(gradient, rate, out=P)", "    np.subtract(theta, P, out=P)  # theta - rate * gradient"]
    else:
        out += ["    P = gradient * rate",
                "    np.subtract(theta, P, out=P)  # theta - rate * gradient, into the product: one new array"]
    for l, (w, shape, b) in enumerate(layout, 1):
        out.append(f"    W{l} = PW{l}[k]" if blocked else f"    W{l} = P[{w.start}:{w.stop}].reshape{shape}")
        if b is None:
            out.append(f"    b{l} = network.biases[{l - 1}]")
        else:
            out.append(f"    b{l} = Pb{l}[k]" if blocked else f"    b{l} = P[{b.start}:{b.stop}]")
    return out


def _gradients(l: int, layer, source: str, shape: tuple[int, int, int], contiguous: bool, masked: bool,
               place) -> list[str]:
    """dL/dW_l = delta_l^T a_(l-1) (masked) and dL/db_l = the sum of delta_l over samples; in a step, with
    `place` = (the layer's slice and shape of W, slice of b; blocked), written into the flat gradient G:
    into row k of the block's views when blocked."""
    m = shape[1]
    mask = f" * M{l}" if masked else ""
    if place is None:
        lines = [f"    gW{l} = {product(f'delta{l}.T', source, shape, contiguous)}{mask}"]
        if not layer.bias:
            return lines + [f"    gb{l} = None"]
        if m == 1:
            return lines + [f"    gb{l} = delta{l}[0] + ZERO  # the sum over one sample: 0 + the row"]
        return lines + [f"    gb{l} = sum_(delta{l}, 0)"]
    (w, w_shape, b), blocked = place
    view = f"GW{l}[k]" if blocked else f"G[{w.start}:{w.stop}].reshape{w_shape}"
    lines = [f"    gW{l} = {view}", f"    {product(f'delta{l}.T', source, shape, contiguous, out=f'gW{l}')}"]
    if masked:
        lines.append(f"    np.multiply(gW{l}, M{l}, out=gW{l})")
    if not layer.bias:
        return lines + [f"    gb{l} = None"]
    lines.append(f"    gb{l} = {f'Gb{l}[k]' if blocked else f'G[{b.start}:{b.stop}]'}")
    if m == 1:
        return lines + [f"    np.add(delta{l}[0], ZERO, out=gb{l})  # the sum over one sample: 0 + the row"]
    return lines + [f"    sum_(delta{l}, 0, out=gb{l})"]


def _forward(l: int, layer, shape: tuple[int, int, int], contiguous: bool) -> list[str]:
    """z_l = a_(l-1) W_l^T + b_l and a_l = f(z_l)."""
    m = shape[0]
    source = "x" if l == 1 else f"a{l - 1}"
    bias = "" if not layer.bias else f" + b{l}[None]" if m == 1 else f" + b{l}"  # (1, n) + (1, n) is cheaper
    lines = [f"    z{l} = {product(source, f'W{l}.T', shape, contiguous)}{bias}"]
    if layer.activation == "sigmoid":  # -z is kept: the bce loss needs it too
        lines += [f"    minus_z{l} = -z{l}", "    with errstate(over='ignore'):  # exp(-z) = inf for very negative z "
                  "gives exactly 0", f"        a{l} = ONE / (ONE + exp(minus_z{l}))"]
    elif layer.activation in _ACTIVATE:
        lines.append(f"    a{l} = {_ACTIVATE[layer.activation].format(z=f'z{l}')}")
    else:
        lines.append(f"    a{l} = activate(ACT{l}, z{l})")  # unknown: raises as the activation module does
    return lines


def _delta(l: int, activation: str) -> list[str]:
    """f'(z_l) and delta_l = dL/da_l * f'(z_l) of a hidden layer."""
    if activation not in _DERIVATIVE:  # softmax or unknown: raises as the activation module does
        fprime = f"derivative(ACT{l}, z{l}, a{l})"
    elif _DERIVATIVE[activation] is None:
        return [f"    f{l} = None", f"    delta{l} = grad_a{l}"]
    else:
        fprime = _DERIVATIVE[activation].format(z=f"z{l}", a=f"a{l}")
    return [f"    f{l} = {fprime}", f"    delta{l} = grad_a{l} * f{l}"]


def _output(n: int, layer, loss, m: int) -> list[str]:
    """sample_losses, value, and grad_a{n}, f{n}, delta{n} after the 1/m of a mean."""
    a, z = f"a{n}", f"z{n}"
    one_output = layer.size == 1  # a sum or mean over one output is 0 + it, or it divided by 1
    if loss.name in ("sse", "half_sse", "mse") and layer.activation in _DERIVATIVE:
        # (y - yhat)^2 and e * e are the same bits, and a square is never -0.0
        lines = [f"    e = {a} - y", "    squares = e * e",
                 "    sample_losses = squares.reshape(-1)" if one_output else "    sample_losses = sum_(squares, 1)"]
        if loss.name == "half_sse":
            lines += ["    sample_losses = sample_losses * HALF", f"    grad_a{n} = e"]
        else:
            lines.append(f"    grad_a{n} = e * TWO")
        if loss.name == "mse" and not one_output:
            lines += ["    sample_losses = sample_losses / N", f"    grad_a{n} = grad_a{n} / N"]
        fprime = _DERIVATIVE[layer.activation]
        if fprime is None:
            lines += [f"    f{n} = None", f"    delta{n} = grad_a{n}"]
            shared = "delta"
        else:
            lines += [f"    f{n} = {fprime.format(z=z, a=a)}", f"    delta{n} = grad_a{n} * f{n}"]
            shared = "apart"
    elif loss.name == "bce" and layer.activation == "sigmoid":
        # the loss from z without log(0); dl/dz = (yhat - y) / n_out, fused with the sigmoid
        lines = [f"    terms = y * logaddexp(ZERO, minus_{z}) + (ONE - y) * logaddexp(ZERO, {z})",
                 f"    grad_a{n} = f{n} = None"]
        if one_output:  # a mean over one output is 0 + it, and terms are never -0.0: logaddexp(0, .) >= +0
            lines += ["    sample_losses = terms.reshape(-1)", f"    delta{n} = {a} - y"]
        else:
            lines += ["    sample_losses = sum_(terms, 1) / N", f"    delta{n} = ({a} - y) / N"]
        shared = "none"
    else:
        lines = [f"    sample_losses = per_sample_loss(loss, {z}, {a}, y)",
                 f"    grad_a{n}, f{n}, delta{n} = output_terms(loss, ACT{n}, {z}, {a}, y)"]
        shared = "maybe"
    # the sum over one sample is 0 + it (-0.0 becomes 0.0); a mean over one sample divides by 1
    total = "0.0 + float(sample_losses[0])" if m == 1 else "float(sum_(sample_losses))"
    if loss.reduction != "mean" or m == 1:
        return lines + [f"    value = {total}"]
    lines.append(f"    value = {total} / {m}")
    if shared == "delta":
        return lines + [f"    delta{n} = grad_a{n} = delta{n} / M"]
    if shared == "maybe":
        lines.append(f"    scaled = delta{n} / M")
        lines.append(f"    grad_a{n} = scaled if grad_a{n} is delta{n} else None if grad_a{n} is None "
                     f"else grad_a{n} / M")
        return lines + [f"    delta{n} = scaled"]
    lines.append(f"    delta{n} = delta{n} / M")
    return lines + ([f"    grad_a{n} = grad_a{n} / M"] if shared == "apart" else [])
