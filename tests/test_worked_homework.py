"""The engine reproduces the worked homework examples (002, 004 part 3) with their correct values.

Where a student's printed number is a slip, a test records that the engine does NOT give it.
"""
import math

import numpy as np
import pytest

from nnviz.core import Loss, Network, compute

# ----- 002: 3-2-2-1, ReLU hidden layers, identity output, all weights 1, biases 0, RSS loss ----------
# The homework writes w_jk^(L) for the weight from node j of the previous layer to node k of layer L,
# which is W[L-1][k-1, j-1] here; b_k^(L) is biases[L-1][k-1].
GRADIENTS_002 = {
    # (kind, L, j, k): dLoss/d(that parameter), as printed in "In summary - Back propagation"
    ("b", 3, None, 1): 16, ("w", 3, 1, 1): 64, ("w", 3, 2, 1): 64,
    ("b", 2, None, 1): 16, ("w", 2, 1, 1): 32, ("w", 2, 2, 1): 32,
    ("b", 2, None, 2): 16, ("w", 2, 1, 2): 32, ("w", 2, 2, 2): 32,
    ("b", 1, None, 1): 32, ("w", 1, 1, 1): 32, ("w", 1, 2, 1): 64, ("w", 1, 3, 1): -32,
    ("b", 1, None, 2): 32, ("w", 1, 1, 2): 32, ("w", 1, 2, 2): 64, ("w", 1, 3, 2): -32,
}


@pytest.fixture
def result_002():
    net = Network.create(3, [2, 2, 1], ["relu", "relu", "identity"], weight=1.0, bias_value=0.0)
    return compute(net, Loss("sse"), np.array([[1.0, 2.0, -1.0]]), np.array([[0.0]]))


def test_002_forward_pass_and_loss(result_002):
    r = result_002
    assert r.loss == 64.0  # (0 - 8)^2
    np.testing.assert_array_equal(r.layers[0].z, [[2.0, 2.0]])  # 1 + 2 - 1
    np.testing.assert_array_equal(r.layers[0].a, [[2.0, 2.0]])
    np.testing.assert_array_equal(r.layers[1].z, [[4.0, 4.0]])  # 2 + 2
    np.testing.assert_array_equal(r.layers[1].a, [[4.0, 4.0]])
    np.testing.assert_array_equal(r.layers[2].z, [[8.0]])  # 4 + 4
    np.testing.assert_array_equal(r.outputs, [[8.0]])


def test_002_all_seventeen_gradients(result_002):
    assert len(GRADIENTS_002) == 17
    for (kind, L, j, k), expected in GRADIENTS_002.items():
        layer = result_002.layers[L - 1]
        got = layer.grad_biases[k - 1] if kind == "b" else layer.grad_weights[k - 1, j - 1]
        assert got == expected, (kind, L, j, k)
    # the same numbers as whole arrays: dL/dW3 = [64, 64], dL/dW2 = 32 everywhere, dL/dW1 rows 32*x
    np.testing.assert_array_equal(result_002.layers[2].grad_weights, [[64.0, 64.0]])
    np.testing.assert_array_equal(result_002.layers[1].grad_weights, np.full((2, 2), 32.0))
    np.testing.assert_array_equal(result_002.layers[0].grad_weights, [[32.0, 64.0, -32.0]] * 2)
    # not in the homework, by the same chain rule: dL/dx_j = sum_k dL/dz1_k * w_jk = 32 + 32
    np.testing.assert_array_equal(result_002.grad_inputs, [[64.0, 64.0, 64.0]])


# ----- 004 part 3: 3-2-1 sigmoid net, half squared error ------------------------------------------
X = (0.02, 0.03, -2.06)
Y = 0.61
W1 = ((0.36, 0.74, -0.28), (0.29, -0.27, -0.84))
B1 = (0.7, 0.17)
W2 = (0.4, 1.16)
B2 = -0.41


def sigma(t):
    return 1.0 / (1.0 + math.exp(-t))


def hand_004():
    """The chain rule for 004 written out by hand, one scalar at a time."""
    z1 = [sum(W1[i][j] * X[j] for j in range(3)) + B1[i] for i in range(2)]
    h = [sigma(z) for z in z1]
    z2 = W2[0] * h[0] + W2[1] * h[1] + B2
    yhat = sigma(z2)
    loss = 0.5 * (Y - yhat) ** 2
    d2 = (yhat - Y) * yhat * (1.0 - yhat)  # dL/dyhat * dyhat/dz2
    d1 = [d2 * W2[i] * h[i] * (1.0 - h[i]) for i in range(2)]  # dL/dz1_i
    return {"z1": z1, "h": h, "z2": z2, "yhat": yhat, "loss": loss,
            "dW2": [d2 * h[0], d2 * h[1]], "db2": d2,
            "dW1": [[d1[i] * X[j] for j in range(3)] for i in range(2)], "db1": d1}


@pytest.fixture
def result_004():
    net = Network.create(3, [2, 1], ["sigmoid", "sigmoid"])
    net.weights = [np.array(W1), np.array([W2])]
    net.biases = [np.array(B1), np.array([B2])]
    return compute(net, Loss("half_sse"), np.array([X]), np.array([[Y]]))


def test_004_forward_values(result_004):
    r = result_004
    np.testing.assert_allclose(r.layers[0].z[0], [1.3062, 1.8981], rtol=0, atol=1e-12)  # exact decimals
    assert r.loss == pytest.approx(0.0053800807, abs=5e-11)
    # the homework's four-decimal intermediate values are right
    np.testing.assert_array_equal(np.round(r.layers[0].a[0], 4), [0.7869, 0.8697])
    assert round(float(r.layers[1].z[0, 0]), 4) == 0.9136
    assert round(float(r.outputs[0, 0]), 4) == 0.7137


def test_004_all_gradients_match_the_hand_derivation(result_004):
    r, hand = result_004, hand_004()
    assert r.loss == pytest.approx(hand["loss"], rel=1e-12)
    np.testing.assert_allclose(r.layers[0].z[0], hand["z1"], rtol=1e-12)
    np.testing.assert_allclose(r.layers[0].a[0], hand["h"], rtol=1e-12)
    np.testing.assert_allclose(r.layers[1].z[0, 0], hand["z2"], rtol=1e-12)
    np.testing.assert_allclose(r.outputs[0, 0], hand["yhat"], rtol=1e-12)
    np.testing.assert_allclose(r.layers[1].grad_weights, [hand["dW2"]], rtol=1e-12)
    np.testing.assert_allclose(r.layers[1].grad_biases, [hand["db2"]], rtol=1e-12)
    np.testing.assert_allclose(r.layers[0].grad_weights, hand["dW1"], rtol=1e-12)
    np.testing.assert_allclose(r.layers[0].grad_biases, hand["db1"], rtol=1e-12)


def test_004_dl_dw31_to_five_significant_digits(result_004):
    # w31-1 is the weight from input 3 to hidden unit 1: W1[0, 2]
    assert f"{result_004.layers[0].grad_weights[0, 2]:.5g}" == "-0.0029288"
    # the other printed values, to the digits the homework gives (these agree with the engine)
    assert f"{result_004.layers[1].grad_weights[0, 0]:.3g}" == "0.0167"
    assert f"{result_004.layers[1].grad_weights[0, 1]:.3g}" == "0.0184"
    assert f"{result_004.layers[1].grad_biases[0]:.3g}" == "0.0212"
    assert f"{result_004.layers[0].grad_biases[0]:.2g}" == "0.0014"
    assert f"{result_004.layers[0].grad_biases[1]:.2g}" == "0.0028"


@pytest.mark.parametrize("name,index,printed,digits", [
    # the student rounded dL/dz1 to 0.0014 and 0.0028 before multiplying by x, so these came out wrong
    ("dL/dw31-1", (0, 2), -0.00285, 3),  # correct: -0.0029288
    ("dL/dw32-1", (1, 2), -0.00577, 3),  # correct: -0.0057402
    ("dL/dw21-1", (0, 1), 4.2e-5, 2),  # correct: 4.2652e-05
])
def test_004_student_slips_are_not_what_the_engine_gives(result_004, name, index, printed, digits):
    value = float(result_004.layers[0].grad_weights[index])
    last_digit = 10.0 ** (math.floor(math.log10(abs(printed))) - digits + 1)
    # more than rounding: the correct value is over half a unit of the last printed digit away
    assert abs(value - printed) > 0.5 * last_digit, name
    assert float(f"{value:.{digits}g}") != printed, name
