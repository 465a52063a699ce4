"""The layer (matrix) form of backpropagation with numbers and the shape of every factor, and the SGD update.

δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ f'(z⁽ᴸ⁾) (or ŷ − y when fused), δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾ ⊙ f'(z⁽ˡ⁾), ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ,
written per sample with the per-sample δₛ, then (1/m) Σₛ (or Σₛ) over the samples written out: the 1/m
of a mean is never folded into δ here. Shapes are (rows × columns), as worked example 003 checks them.
"""
import numpy as np

from .derivation import Explainer
from .formulas import FUSED_DELTA
from .mathtext import ARROW, EQUALS, HADAMARD, PLUS, TIMES, Block, Line, Token, joined, name, number_latex, op
from .notation import Name
from .quantities import Quantity

MAX_MATRIX_CELLS = 48  # a matrix with more numbers than this is written by name and shape only
MAX_SAMPLES_WRITTEN = 4  # a batch sum with more samples lists the first ones and "+ …"


def shaped(n: Name, rows: int, cols: int, ref=None) -> list[Token]:
    """A vector or matrix name with its shape written under it (LaTeX) or after it (plain)."""
    return [Token(f"{n.unicode} ({rows}×{cols})", r"\underbrace{" + n.latex + r"}_{(" + f"{rows} \\times {cols})}}",
                  "name", ref)]


class LayerForm:
    """Layer-form and update blocks of one Explainer (its notation, numbers and samples)."""

    def __init__(self, explainer: Explainer):
        self.e = explainer

    # ----- matrices with numbers ----------------------------------------------------------------------
    def matrix(self, values: np.ndarray) -> Token | None:
        """A matrix or column vector of numbers; None when it is too big to write out."""
        values = np.atleast_2d(values)
        if values.size > MAX_MATRIX_CELLS:
            return None
        f = self.e.fmt
        rows = [[f(v) for v in row] for row in values.tolist()]
        plain = "[" + "; ".join(" ".join(row) for row in rows) + "]"
        latex = r"\begin{bmatrix}" + r" \\ ".join(" & ".join(number_latex(c) for c in row) for row in rows) \
            + r"\end{bmatrix}"
        return Token(plain, latex, "number")

    def column(self, values: np.ndarray) -> Token | None:
        return self.matrix(np.asarray(values, float).reshape(-1, 1))

    # ----- δ of every layer down to l -----------------------------------------------------------------
    def delta_blocks(self, l: int, s: int) -> list[Block]:
        """δ from the output down to layer l for sample s (per-sample δₛ, before any 1/m)."""
        e = self.e
        n, r = e.namer, e.unreduced
        sizes, last = e.sizes, e.last
        blocks = []
        title = "Layer form" + (f", sample {s} (per-sample δₛ, before the 1/{e.m})" if e.m > 1 and e.mean
                                else f", sample {s}" if e.m > 1 else "")
        block = Block(title)
        out = sizes[last]
        delta_last = r.layers[-1].delta[s - 1]
        if e.fused():
            f = FUSED_DELTA[e.fused()]
            line = shaped(n.delta_vec(last), out, 1) + [EQUALS, op(f.plain, f.latex), EQUALS]
            line += self._or_name(self.column(r.outputs[s - 1]), n.a_vec(last)) + [op(" − ", " - ")]
            line += self._or_name(self.column(e.project.targets[s - 1]), Name("y", r"\mathbf{y}", "y"))
            if e.fused() == "sigmoid_bce":
                line.append(op(f" (÷ {out})", rf"\ (\div {out})"))
            line += [EQUALS] + self._or_name(self.column(delta_last), n.delta_vec(last))
            block.lines.append(Line(line))
        else:
            grad_out = r.grad_a(last - 1)[s - 1]
            fprime = r.fprime(last - 1)[s - 1]
            activation = e.activation(last)
            line = shaped(n.delta_vec(last), out, 1) + [EQUALS] + shaped(n.grad(n.a_vec(last)), out, 1)
            line += [HADAMARD] + shaped(n.fprime_vec(last, activation), out, 1) + [EQUALS]
            line += self._or_name(self.column(grad_out), n.grad(n.a_vec(last))) + [HADAMARD]
            line += self._or_name(self.column(fprime), n.fprime_vec(last, activation))
            line += [EQUALS] + self._or_name(self.column(delta_last), n.delta_vec(last))
            block.lines.append(Line(line))
        for k in range(last - 1, l - 1, -1):
            block.lines.append(self.hidden_delta_line(k, s))
        blocks.append(block)
        return blocks

    def hidden_delta_line(self, k: int, s: int) -> Line:
        """δ⁽ᵏ⁾ = (W⁽ᵏ⁺¹⁾)ᵀ δ⁽ᵏ⁺¹⁾ ⊙ f'(z⁽ᵏ⁾), shapes and numbers."""
        e = self.e
        n, r, sizes = e.namer, e.unreduced, e.sizes
        net = e.project.network
        w = net.weights[k] if net.masks[k] is None else net.weights[k] * net.masks[k]
        activation = e.activation(k)
        # out × in: W is (n_(k+1) × n_k) and its transpose carries δ down; in × out: W itself is (n_k × n_(k+1))
        wt = n.W(k + 1) if e.notation.orientation == "in_out" else n.W(k + 1).transposed()
        line = shaped(n.delta_vec(k), sizes[k], 1) + [EQUALS] + shaped(wt, sizes[k], sizes[k + 1]) + [op(" ")]
        line += shaped(n.delta_vec(k + 1), sizes[k + 1], 1) + [HADAMARD]
        line += shaped(n.fprime_vec(k, activation), sizes[k], 1) + [EQUALS]
        line += self._or_name(self.matrix(w.T), wt) + [op(" ")]
        line += self._or_name(self.column(r.layers[k].delta[s - 1]), n.delta_vec(k + 1)) + [HADAMARD]
        line += self._or_name(self.column(r.fprime(k - 1)[s - 1]), n.fprime_vec(k, activation))
        line += [EQUALS] + self._or_name(self.column(r.layers[k - 1].delta[s - 1]), n.delta_vec(k))
        return Line(line)

    def _or_name(self, token: Token | None, fallback: Name) -> list[Token]:
        return [token] if token is not None else [name(fallback)]

    # ----- the gradient of a layer and of one parameter -----------------------------------------------
    def gradient_block(self, q: Quantity) -> Block:
        """∂L/∂W⁽ˡ⁾ (or ∂L/∂b⁽ˡ⁾) as δ aᵀ summed over the samples, then the one element q."""
        e = self.e
        n, r, sizes, l = e.namer, e.unreduced, e.sizes, q.layer
        block = Block(f"Gradient of layer {l}" + (" (all samples)" if e.m > 1 else ""))
        rows, cols = sizes[l], sizes[l - 1]
        transposed = e.notation.orientation == "in_out"
        scale = ([op(f"(1/{e.m}) Σₛ ", rf"\frac{{1}}{{{e.m}}} \sum_{{s=1}}^{{{e.m}}} ")] if e.mean and e.m > 1
                 else [op("Σₛ ", rf"\sum_{{s=1}}^{{{e.m}}} ")] if e.m > 1 else [])
        delta, src = n.delta_vec(l), n.a_vec(l - 1)
        if e.m > 1:
            delta, src = delta.with_sample(), src.with_sample()
        if q.kind == "w":
            grad = n.grad(n.W(l))
            if transposed:
                first, second = shaped(src, cols, 1), shaped(delta.transposed(), 1, rows)
                result_shape = (cols, rows)
            else:
                first, second = shaped(delta, rows, 1), shaped(src.transposed(), 1, cols)
                result_shape = (rows, cols)
            block.lines.append(Line(shaped(grad, *result_shape) + [EQUALS] + scale + first + [op(" ")] + second))
            matrices = [self.matrix(self._outer(s, l, transposed)) for s in range(1, e.m + 1)]
            total = e.result.layers[l - 1].grad_weights
            total = total.T if transposed else total
        else:
            grad = n.grad(n.b_vec(l))
            block.lines.append(Line(shaped(grad, rows, 1) + [EQUALS] + scale + shaped(delta, rows, 1)))
            matrices = [self.column(r.layers[l - 1].delta[s - 1]) for s in range(1, e.m + 1)]
            total = e.result.layers[l - 1].grad_biases.reshape(-1, 1)
        written = self.matrix(total)
        if written is not None and all(m is not None for m in matrices):
            line = [EQUALS]
            if e.m == 1 and q.kind == "w":
                factors = [self.column(r.source(l - 1)[0]), self.matrix(r.layers[l - 1].delta[0].reshape(1, -1))]
                if not transposed:
                    factors = [self.column(r.layers[l - 1].delta[0]), self.matrix(r.source(l - 1)[0].reshape(1, -1))]
                if all(f is not None for f in factors):
                    line += [factors[0], op(" "), factors[1], EQUALS]
            if e.m > 1:
                parts = [[m] for m in matrices[:MAX_SAMPLES_WRITTEN]] + ([[op("…")]] if e.m > MAX_SAMPLES_WRITTEN else [])
                if e.mean:
                    line += [op(f"(1/{e.m})(", rf"\frac{{1}}{{{e.m}}}\left(")] + joined(parts, PLUS) + [op(")", r"\right)")]
                else:
                    line += joined(parts, PLUS)
                line.append(EQUALS)
            line.append(written)
            block.lines.append(Line(line))
        block.lines.append(self.element_line(q))
        if e.m > 1:
            block.notes.append("δₛ is sample s's δ of its own loss lₛ; "
                               + (f"the 1/{e.m} of the mean is written out, not folded into δ."
                                  if e.mean else "the reduction is a sum over the samples."))
        return block

    def _outer(self, s: int, l: int, transposed: bool) -> np.ndarray:
        r, e = self.e.unreduced, self.e
        outer = np.outer(r.layers[l - 1].delta[s - 1], r.source(l - 1)[s - 1])
        mask = e.project.network.masks[l - 1]
        outer = outer if mask is None else outer * mask
        return outer.T if transposed else outer

    def element_line(self, q: Quantity) -> Line:
        """∂L/∂w⁽ˡ⁾ᵢⱼ = Σₛ δₛ,ᵢ aₛ,ⱼ (· 1/m) with the numbers, ending in the engine's gradient."""
        e = self.e
        n, r, l, i, j = e.namer, e.unreduced, q.layer, q.i, q.j
        ref = e.param_ref(q)
        target = name(n.grad(e.param_name(q)), ref)
        delta = name(n.delta(l, i), ("unit", l, i))
        gradient = e.result.layers[l - 1].grad_weights[i - 1, j - 1] if q.kind == "w" else \
            e.result.layers[l - 1].grad_biases[i - 1]
        symbolic = [delta] + ([TIMES, name(n.a(l - 1, j), ("unit", l - 1, j))] if q.kind == "w" else [])
        terms = []
        for s in range(1, min(e.m, MAX_SAMPLES_WRITTEN) + 1):
            term = [e.num(float(r.layers[l - 1].delta[s - 1, i - 1]), ("unit", l, i), paren=True)]
            if q.kind == "w":
                term += [TIMES, e.num(float(r.source(l - 1)[s - 1, j - 1]), ("unit", l - 1, j), paren=True)]
            terms.append(term)
        more = [[op("…")]] if e.m > MAX_SAMPLES_WRITTEN else []
        if e.m == 1:
            line = [target, EQUALS] + symbolic + [EQUALS] + terms[0]
        else:
            head = [op(f"(1/{e.m}) Σₛ ", rf"\frac{{1}}{{{e.m}}} \sum_s ")] if e.mean else [op("Σₛ ", r"\sum_s ")]
            line = [target, EQUALS] + head + symbolic + [EQUALS]
            line += [op(f"(1/{e.m})(", rf"\frac{{1}}{{{e.m}}}(")] if e.mean else [op("")]
            line += joined(terms + more, PLUS) + ([op(")")] if e.mean else [])
        return Line(line + [EQUALS, e.num(float(gradient), ref)])

    # ----- the SGD update -----------------------------------------------------------------------------
    def update_block(self, q: Quantity) -> Block:
        """θ ← θ − η ∂L/∂θ with the numbers (and the 1/m Σ form of the gradient for a batch)."""
        e = self.e
        n = e.namer
        eta = e.project.training.learning_rate
        theta = e.param_name(q)
        ref = e.param_ref(q)
        old = e.parameter(q)
        gradient = e.value(Quantity("grad_" + q.kind, q.layer, q.i, q.j))
        new = e.value(Quantity("new_" + q.kind, q.layer, q.i, q.j))
        grad = n.grad(theta)
        block = Block(f"SGD update (learning rate η = {e.fmt(eta)}, full batch)")
        line = [name(theta, ref), ARROW, name(theta, ref), op(" − η ", r" - \eta "), name(grad, ref)]
        if e.m > 1:
            per = n.grad(theta, Name("lₛ", r"\ell_s", "l_s"))
            line += [EQUALS, name(theta, ref), op(" − η ", r" - \eta ")]
            line += [op(f"(1/{e.m}) Σₛ ", rf"\frac{{1}}{{{e.m}}} \sum_s ") if e.mean else op("Σₛ ", r"\sum_s "),
                     name(per, ref)]
        line += [EQUALS, e.num(old, ref, paren=True), op(" − "), e.num(eta), TIMES, e.num(gradient, ref, paren=True),
                 EQUALS, e.num(new, ref)]
        block.lines.append(Line(line))
        matrix = n.W(q.layer) if q.kind == "w" else n.b_vec(q.layer)
        block.lines.append(Line([name(matrix), ARROW, name(matrix), op(" − η ", r" - \eta "), name(n.grad(matrix))]))
        return block

    def blocks(self, q: Quantity, sample: int) -> list[Block]:
        """Layer form for sample `sample`, the batch gradient, and the update."""
        return self.delta_blocks(q.layer, sample) + [self.gradient_block(q), self.update_block(q)]
