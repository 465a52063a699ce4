"""The pass as engine.compute wrote it before it was planned: straight numpy, one expression per step.

tests/test_engine_exact.py checks that the planned pass gives these very bits (not just close values)
for every activation, loss, reduction, mask, bias flag and batch size; keep it as it is.
"""
from nnviz.core.activations import activate, derivative
from nnviz.core.losses import output_terms, per_sample_loss


def forward(network, inputs):
    """(z, a) of every layer."""
    a = inputs
    out = []
    for layer, w, b, mask in zip(network.layers, network.weights, network.biases, network.masks):
        z = a @ (w if mask is None else w * mask).T
        if layer.bias:
            z = z + b
        a = activate(layer.activation, z)
        out.append((z, a))
    return out


def compute(network, loss, inputs, targets):
    """(loss, sample_losses, [(z, a, delta, grad_w, grad_b, fprime_kept, grad_a) per layer], grad_inputs)."""
    layers = network.layers
    passes = forward(network, inputs)
    z_out, a_out = passes[-1]
    out_activation = layers[-1].activation
    sample_losses = per_sample_loss(loss, z_out, a_out, targets)
    grad_a, fprime, delta = output_terms(loss, out_activation, z_out, a_out, targets)
    m = inputs.shape[0]
    if loss.reduction == "mean":
        value = float(sample_losses.sum() / m)
        delta = delta / m
        if grad_a is not None:
            grad_a = grad_a / m
    else:
        value = float(sample_losses.sum())
    results = [None] * len(layers)
    last = len(layers) - 1
    for l in range(last, -1, -1):
        z, a = passes[l]
        if l < last:
            fprime = derivative(layers[l].activation, z, a)
            delta = grad_a if fprime is None else grad_a * fprime
        a_prev = passes[l - 1][1] if l > 0 else inputs
        grad_w = delta.T @ a_prev
        mask = network.masks[l]
        if mask is not None:
            grad_w = grad_w * mask
        grad_b = delta.sum(axis=0) if layers[l].bias else None
        results[l] = (z, a, delta, grad_w, grad_b, fprime, grad_a)
        w = network.weights[l] if mask is None else network.weights[l] * mask
        grad_a = delta @ w
    return value, sample_losses, results, grad_a


def sgd_step(network, result, learning_rate):
    """The weights and biases one step gives: theta - lr * grad, layer by layer."""
    weights = [w - learning_rate * r.grad_weights for w, r in zip(network.weights, result.layers)]
    biases = [b if r.grad_biases is None else b - learning_rate * r.grad_biases
              for b, r in zip(network.biases, result.layers)]
    return weights, biases
