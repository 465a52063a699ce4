"""How each activation and loss and their derivatives are written by hand, in plain text and LaTeX.

A derivation writes `σ'(z⁽¹⁾₁) = a(1 − a) = 0.7869 · 0.2131 = 0.1677`: the formula comes from here,
the numbers from the engine's pass. Each `substituted` function only writes the numbers a step used
into its formula; the value after the last `=` is always the engine's own.
"""
from dataclasses import dataclass
from typing import Callable

from .numbers import format_number


@dataclass(frozen=True)
class Formula:
    """One formula in plain Unicode text and in LaTeX."""

    plain: str
    latex: str


# ----- activations: f(z) and f'(z) -------------------------------------------------------------------
ACTIVATION = {
    "identity": Formula("z", "z"),
    "relu": Formula("max(0, z)", r"\max(0, z)"),
    "sigmoid": Formula("1/(1 + e^(−z))", r"\frac{1}{1 + e^{-z}}"),
    "tanh": Formula("tanh(z)", r"\tanh(z)"),
    "softmax": Formula("e^(zₖ)/Σⱼ e^(zⱼ)", r"\frac{e^{z_k}}{\sum_j e^{z_j}}"),
}
ACTIVATION_DERIVATIVE = {
    "identity": Formula("1", "1"),
    "relu": Formula("1 if z > 0 else 0", r"\begin{cases}1 & z > 0\\ 0 & z \le 0\end{cases}"),
    "sigmoid": Formula("a(1 − a)", "a(1 - a)"),
    "tanh": Formula("1 − a²", "1 - a^2"),
}
# what f'(z) is computed from: sigmoid and tanh from a, relu and identity from z
DERIVATIVE_INPUT = {"identity": "z", "relu": "z", "sigmoid": "a", "tanh": "a"}


def fprime_numbers(activation: str, z: float, a: float, digits: int = 4) -> tuple[str, str] | None:
    """The formula of f'(z) with this unit's numbers put in (plain, LaTeX), e.g. 0.7869 · 0.2131."""
    f = _fmt(digits)
    if activation == "sigmoid":
        return f"{f(a)} · {f(1.0 - a)}", rf"{f(a)} \cdot {f(1.0 - a)}"
    if activation == "tanh":
        return f"1 − {_paren(f(a))}²", rf"1 - {_paren(f(a))}^2"
    return None


# ----- losses: the per-sample loss l and dl/dŷ --------------------------------------------------------
SAMPLE_LOSS = {
    "sse": Formula("l = Σₖ (yₖ − ŷₖ)²", r"\ell = \sum_k (y_k - \hat{y}_k)^2"),
    "half_sse": Formula("l = ½ Σₖ (yₖ − ŷₖ)²", r"\ell = \frac{1}{2} \sum_k (y_k - \hat{y}_k)^2"),
    "mse": Formula("l = (1/K) Σₖ (yₖ − ŷₖ)² over the K outputs", r"\ell = \frac{1}{K} \sum_k (y_k - \hat{y}_k)^2"),
    "bce": Formula("l = −(1/K) Σₖ [yₖ log ŷₖ + (1 − yₖ) log(1 − ŷₖ)]",
                   r"\ell = -\frac{1}{K} \sum_k \left[y_k \log \hat{y}_k + (1 - y_k) \log(1 - \hat{y}_k)\right]"),
    "cross_entropy": Formula("l = −Σₖ yₖ log ŷₖ", r"\ell = -\sum_k y_k \log \hat{y}_k"),
    "hinge": Formula("l = Σₖ max(0, 1 − yₖ ŷₖ)", r"\ell = \sum_k \max(0, 1 - y_k \hat{y}_k)"),
    "l1": Formula("l = Σₖ |yₖ − ŷₖ|", r"\ell = \sum_k |y_k - \hat{y}_k|"),
    "huber": Formula("l = Σₖ h(ŷₖ − yₖ), h(r) = r²/2 if |r| ≤ δ_H else δ_H (|r| − δ_H/2)",
                     r"\ell = \sum_k h(\hat{y}_k - y_k),\ h(r) = \begin{cases}r^2/2 & |r| \le \delta_H\\ "
                     r"\delta_H(|r| - \delta_H/2) & |r| > \delta_H\end{cases}"),
    "cosine": Formula("l = 1 − cos(y, ŷ) = 1 − y·ŷ/(‖y‖ ‖ŷ‖)",
                      r"\ell = 1 - \frac{\mathbf{y} \cdot \hat{\mathbf{y}}}{\|\mathbf{y}\| \|\hat{\mathbf{y}}\|}"),
}
# dl/dŷₖ for the losses computed through ŷ; bce's is shown for completeness (its δ is fused)
LOSS_DERIVATIVE = {
    "sse": Formula("2(ŷ − y)", r"2(\hat{y} - y)"),
    "half_sse": Formula("ŷ − y", r"\hat{y} - y"),
    "mse": Formula("(2/K)(ŷ − y)", r"\frac{2}{K}(\hat{y} - y)"),
    "bce": Formula("(ŷ − y) / (K ŷ(1 − ŷ))", r"\frac{\hat{y} - y}{K\,\hat{y}(1 - \hat{y})}"),
    "hinge": Formula("−y if y ŷ < 1 else 0", r"\begin{cases}-y & y\hat{y} < 1\\ 0 & y\hat{y} \ge 1\end{cases}"),
    "l1": Formula("sign(ŷ − y)", r"\operatorname{sign}(\hat{y} - y)"),
    "huber": Formula("ŷ − y if |ŷ − y| ≤ δ_H else δ_H sign(ŷ − y)",
                     r"\begin{cases}\hat{y} - y & |\hat{y} - y| \le \delta_H\\ "
                     r"\delta_H \operatorname{sign}(\hat{y} - y) & |\hat{y} - y| > \delta_H\end{cases}"),
    "cosine": Formula("−(yₖ/(‖y‖ ‖ŷ‖) − cos(y, ŷ) ŷₖ/‖ŷ‖²)",
                      r"-\left(\frac{y_k}{\|\mathbf{y}\|\|\hat{\mathbf{y}}\|} - \cos(\mathbf{y}, \hat{\mathbf{y}})"
                      r"\frac{\hat{y}_k}{\|\hat{\mathbf{y}}\|^2}\right)"),
}
# the fused output delta dl/dz of softmax + cross-entropy and sigmoid + bce, per sample
FUSED_DELTA = {
    "softmax_cross_entropy": Formula("ŷ − y", r"\hat{y} - y"),
    "sigmoid_bce": Formula("(ŷ − y)/K", r"\frac{\hat{y} - y}{K}"),
}
FUSED_NOTE = {
    "softmax_cross_entropy": "softmax and cross-entropy together: ∂l/∂zₖ = ŷₖ − yₖ (the softmax Jacobian and "
                             "−y/ŷ cancel), so there is no separate f'(z) or ∂L/∂ŷ",
    "sigmoid_bce": "sigmoid and binary cross-entropy together: ∂l/∂zₖ = (ŷₖ − yₖ)/K (σ'(z) = ŷ(1 − ŷ) cancels "
                   "the denominator of ∂l/∂ŷ)",
}


def loss_derivative_numbers(name: str, yhat: float, y: float, n_out: int, delta_h: float = 1.0,
                            digits: int = 4) -> tuple[str, str] | None:
    """dl/dŷ's formula with this output's numbers put in (plain, LaTeX); None where not written out."""
    f = _fmt(digits)
    writers: dict[str, Callable[[], tuple[str, str]]] = {
        "sse": lambda: (f"2 · ({f(yhat)} − {_paren(f(y))})", rf"2 \cdot ({f(yhat)} - {_paren(f(y))})"),
        "half_sse": lambda: (f"{f(yhat)} − {_paren(f(y))}", rf"{f(yhat)} - {_paren(f(y))}"),
        "mse": lambda: (f"(2/{n_out}) · ({f(yhat)} − {_paren(f(y))})",
                        rf"\frac{{2}}{{{n_out}}} \cdot ({f(yhat)} - {_paren(f(y))})"),
        "l1": lambda: (f"sign({f(yhat)} − {_paren(f(y))})", rf"\operatorname{{sign}}({f(yhat)} - {_paren(f(y))})"),
        "hinge": lambda: ((f"−y = {f(-y)} (y ŷ = {f(y * yhat)} < 1)", rf"-y = {f(-y)}\ (y\hat{{y}} = {f(y * yhat)} < 1)")
                          if y * yhat < 1 else (f"0 (y ŷ = {f(y * yhat)} ≥ 1)", rf"0\ (y\hat{{y}} = {f(y * yhat)} \ge 1)")),
        "huber": lambda: ((f"{f(yhat)} − {_paren(f(y))}", rf"{f(yhat)} - {_paren(f(y))}")
                          if abs(yhat - y) <= delta_h else
                          (f"{f(delta_h)} · sign({f(yhat)} − {_paren(f(y))})",
                           rf"{f(delta_h)} \operatorname{{sign}}({f(yhat)} - {_paren(f(y))})")),
    }
    writer = writers.get(name)
    return None if writer is None else writer()


def fused_numbers(fused: str, yhat: float, y: float, n_out: int, digits: int = 4) -> tuple[str, str]:
    """The fused output delta with numbers (plain, LaTeX)."""
    f = _fmt(digits)
    if fused == "sigmoid_bce":
        return f"({f(yhat)} − {_paren(f(y))})/{n_out}", rf"\frac{{{f(yhat)} - {_paren(f(y))}}}{{{n_out}}}"
    return f"{f(yhat)} − {_paren(f(y))}", rf"{f(yhat)} - {_paren(f(y))}"


def _fmt(digits: int):
    return lambda x: format_number(float(x), digits)


def _paren(text: str) -> str:
    """A number that starts with a minus sign, in parentheses (so 8 − (−1) is not read as 8 − −1)."""
    return f"({text})" if text.startswith("-") else text
