"""An independent float64 reference for forward, loss and backward, written as scalar loops.

It exists so the vectorised engine can be checked against a second implementation that shares no
code with it: plain lists and the math module, one sample and one unit at a time, the chain rule
written out term by term. It never imports nnviz or numpy.

Network description (all plain Python):
    layers  : list of (size, activation, has_bias)
    weights : weights[l][i][j] connects unit j of the previous layer to unit i of layer l
    biases  : biases[l][i] (ignored when the layer has no bias)
    masks   : masks[l] is None or masks[l][i][j] is False for a removed edge (treated as absent,
              whatever number is stored in weights[l][i][j])
"""
import math


# ----- activations ----------------------------------------------------------------------------
def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _activate(name, zs):
    """Activation of one layer for one sample (zs is the list of the layer's z values)."""
    if name == "identity":
        return list(zs)
    if name == "relu":
        return [z if z > 0.0 else 0.0 for z in zs]
    if name == "sigmoid":
        return [_sigmoid(z) for z in zs]
    if name == "tanh":
        return [math.tanh(z) for z in zs]
    if name == "softmax":
        top = max(zs)
        exps = [math.exp(z - top) for z in zs]
        total = math.fsum(exps)
        return [e / total for e in exps]
    raise ValueError(name)


def _slope(name, z, a):
    """da/dz of an elementwise activation at one unit; relu'(0) = 0."""
    if name == "identity":
        return 1.0
    if name == "relu":
        return 1.0 if z > 0.0 else 0.0
    if name == "sigmoid":
        return a * (1.0 - a)
    if name == "tanh":
        return 1.0 - a * a
    raise ValueError(name)


def _softplus(t):
    """log(1 + e^t) without overflow."""
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))


# ----- losses for one sample ------------------------------------------------------------------
def sample_loss(name, z, a, y, delta=1.0):
    """The per-sample loss l(y, yhat) from the output layer's z and a (lists of n_out values)."""
    n = len(y)
    if name == "sse":
        return math.fsum((y[k] - a[k]) ** 2 for k in range(n))
    if name == "half_sse":
        return 0.5 * math.fsum((y[k] - a[k]) ** 2 for k in range(n))
    if name == "mse":
        return math.fsum((y[k] - a[k]) ** 2 for k in range(n)) / n
    if name == "bce":
        # log sigmoid(z) = -softplus(-z), log(1 - sigmoid(z)) = -softplus(z)
        total = 0.0
        for k in range(n):
            log_p = -_softplus(-z[k])
            log_q = -_softplus(z[k])
            total += y[k] * log_p + (1.0 - y[k]) * log_q
        return -total / n
    if name == "cross_entropy":
        top = max(z)
        log_sum = top + math.log(math.fsum(math.exp(zk - top) for zk in z))
        return -math.fsum(y[k] * (z[k] - log_sum) for k in range(n))
    if name == "hinge":
        return math.fsum(max(0.0, 1.0 - y[k] * a[k]) for k in range(n))
    if name == "l1":
        return math.fsum(abs(y[k] - a[k]) for k in range(n))
    if name == "huber":
        total = 0.0
        for k in range(n):
            r = a[k] - y[k]
            total += 0.5 * r * r if abs(r) <= delta else delta * (abs(r) - 0.5 * delta)
        return total
    if name == "cosine":
        dot = math.fsum(y[k] * a[k] for k in range(n))
        norm_y = math.sqrt(math.fsum(v * v for v in y))
        norm_a = math.sqrt(math.fsum(v * v for v in a))
        return 1.0 - dot / (norm_y * norm_a)
    raise ValueError(name)


def _loss_slope(name, a, y, k, delta):
    """dl/dyhat_k for the losses that are not fused with their output activation."""
    n = len(y)
    if name == "sse":
        return -2.0 * (y[k] - a[k])
    if name == "half_sse":
        return -(y[k] - a[k])
    if name == "mse":
        return -2.0 * (y[k] - a[k]) / n
    if name == "hinge":
        return -y[k] if 1.0 - y[k] * a[k] > 0.0 else 0.0
    if name == "l1":
        r = a[k] - y[k]
        return 1.0 if r > 0.0 else (-1.0 if r < 0.0 else 0.0)
    if name == "huber":
        r = a[k] - y[k]
        if abs(r) <= delta:
            return r
        return delta if r > 0.0 else -delta
    if name == "cosine":
        # l = 1 - dot / (|y| |a|);  d dot / da_k = y_k;  d|a| / da_k = a_k / |a|
        dot = math.fsum(y[j] * a[j] for j in range(n))
        norm_y = math.sqrt(math.fsum(v * v for v in y))
        norm_a = math.sqrt(math.fsum(v * v for v in a))
        return -(y[k] * norm_a - dot * a[k] / norm_a) / (norm_y * norm_a * norm_a)
    raise ValueError(name)


def output_dz(loss, activation, z, a, y, delta=1.0):
    """dl/dz_k at the output layer for one sample (before the batch reduction)."""
    n = len(y)
    out = []
    for k in range(n):
        if loss == "bce":
            # dl/da_k = -(1/n) (y/a - (1-y)/(1-a)), da_k/dz_k = a(1-a); the a(1-a) cancels
            out.append(-(y[k] * (1.0 - a[k]) - (1.0 - y[k]) * a[k]) / n)
        elif loss == "cross_entropy":
            # dl/da_j = -y_j / a_j, da_j/dz_k = a_j (1[j == k] - a_k); the a_j cancels
            out.append(math.fsum(-y[j] * ((1.0 if j == k else 0.0) - a[k]) for j in range(n)))
        else:
            out.append(_loss_slope(loss, a, y, k, delta) * _slope(activation, z[k], a[k]))
    return out


# ----- the whole pass -------------------------------------------------------------------------
def run(input_size, layers, weights, biases, masks, loss, reduction, delta, inputs, targets):
    """Forward, loss and backward for every sample; a dict of plain nested lists.

    Keys: loss, sample_losses[s], z[l][s][i], a[l][s][i], delta[l][s][i] (= dL/dz),
    grad_w[l][i][j], grad_b[l][i] (None without bias), grad_x[s][j].
    """
    m = len(inputs)
    depth = len(layers)
    fan_in = [input_size] + [size for size, _, _ in layers[:-1]]

    def present(l, i, j):
        return masks[l] is None or masks[l][i][j]

    z = [[None] * m for _ in range(depth)]
    a = [[None] * m for _ in range(depth)]
    for s in range(m):
        prev = list(inputs[s])
        for l, (size, act, has_bias) in enumerate(layers):
            zs = []
            for i in range(size):
                terms = [weights[l][i][j] * prev[j] for j in range(fan_in[l]) if present(l, i, j)]
                if has_bias:
                    terms.append(biases[l][i])
                zs.append(math.fsum(terms))
            z[l][s] = zs
            a[l][s] = _activate(act, zs)
            prev = a[l][s]

    out_act = layers[-1][1]
    sample_losses = [sample_loss(loss, z[-1][s], a[-1][s], targets[s], delta) for s in range(m)]
    scale = 1.0 / m if reduction == "mean" else 1.0
    total = math.fsum(sample_losses) * scale

    deltas = [[None] * m for _ in range(depth)]
    grad_x = [None] * m
    for s in range(m):
        d = [v * scale for v in output_dz(loss, out_act, z[-1][s], a[-1][s], targets[s], delta)]
        for l in range(depth - 1, -1, -1):
            if l < depth - 1:  # d holds dL/da_l; multiply by da_l/dz_l
                act = layers[l][1]
                d = [d[i] * _slope(act, z[l][s][i], a[l][s][i]) for i in range(layers[l][0])]
            deltas[l][s] = d
            # dL/da_(l-1)_j = sum_i dL/dz_l_i * dz_l_i/da_(l-1)_j = sum_i d_i w_ij over present edges
            d = [math.fsum(d[i] * weights[l][i][j] for i in range(layers[l][0]) if present(l, i, j))
                 for j in range(fan_in[l])]
        grad_x[s] = d

    grad_w, grad_b = [], []
    for l, (size, _, has_bias) in enumerate(layers):
        rows = []
        for i in range(size):
            row = []
            for j in range(fan_in[l]):
                if not present(l, i, j):
                    row.append(0.0)
                    continue
                # dL/dw_ij = sum_s dL/dz_i * dz_i/dw_ij = sum_s delta_i * a_prev_j
                row.append(math.fsum(deltas[l][s][i] * (inputs[s][j] if l == 0 else a[l - 1][s][j])
                                     for s in range(m)))
            rows.append(row)
        grad_w.append(rows)
        grad_b.append([math.fsum(deltas[l][s][i] for s in range(m)) for i in range(size)] if has_bias else None)

    return {"loss": total, "sample_losses": sample_losses, "z": z, "a": a, "delta": deltas,
            "grad_w": grad_w, "grad_b": grad_b, "grad_x": grad_x}
