"""Derivations a good student would write, with the numbers put in: a unit's forward and backward lines,
the loss, and a parameter's gradient by the chain rule along its paths.

Built on demand from one pass (never inside it) as mathtext Blocks, in the chosen notation. Every number
after an `=` is read through `value()`, so a subclass can put in other numbers (a student's own, when
their work is checked) while the formulas stay the same. The layer (matrix) form and the SGD update
are in layer_form.py.
"""
from . import formulas
from .engine import Result, compute
from .losses import Loss
from .mathtext import EQUALS, PLUS, TIMES, Block, Line, NumberFormat, Token, joined, name, number, op
from .notation import LOSS, Notation
from .paths import DEFAULT_MAX_PATHS, PathFinder, PathForm
from .quantities import Quantity
from .training import updated_parameters

MAX_TERMS = 12  # a sum with more terms than this is written with its first terms and "+ …"
_ACTIVATION_NAME = {"identity": ("", ""), "relu": ("ReLU", r"\mathrm{ReLU}"), "sigmoid": ("σ", r"\sigma"),
                    "tanh": ("tanh", r"\tanh"), "softmax": ("softmax", r"\mathrm{softmax}")}


class Explainer:
    """Derivations of one project and its pass in one notation; `fmt` says how numbers are written."""

    def __init__(self, project, result: Result, notation: Notation | None = None,
                 fmt: NumberFormat | None = None):
        self.project, self.result = project, result
        self.notation = notation or Notation()
        self.fmt = fmt or NumberFormat()
        self.sizes = project.network.sizes()
        self.last = len(self.sizes) - 1
        self.m = project.sample_count
        self.namer = self.notation.namer(self.sizes)
        self.finder = PathFinder(project, result, self.namer)
        self._unreduced: Result | None = None
        self._updated = None

    # ----- numbers ------------------------------------------------------------------------------------
    @property
    def mean(self) -> bool:
        return self.project.loss.reduction == "mean"

    @property
    def unreduced(self) -> Result:
        """The pass of the summed per-sample losses: δ before any 1/m (the pass itself for a sum)."""
        if self._unreduced is None:
            p = self.project
            self._unreduced = self.result if not self.mean else compute(
                p.network, Loss(p.loss.name, "sum", p.loss.delta), p.inputs, p.targets)
        return self._unreduced

    @property
    def updated(self):
        """(weights, biases) after one full-batch SGD step at the project's learning rate."""
        if self._updated is None:
            self._updated = updated_parameters(self.project.network, self.result,
                                               self.project.training.learning_rate)
        return self._updated

    def value(self, q: Quantity) -> float:
        """The number a line shows for quantity q (the engine's; see the module docstring)."""
        from .quantities import value
        return value(q, self.project, self.result, self.updated if q.kind.startswith("new") else None)

    # the numbers of the file (1-based): a weight, a bias (0 when off), an input x, a target y
    def weight(self, l: int, i: int, j: int) -> float:
        return float(self.project.network.weights[l - 1][i - 1, j - 1])

    def bias(self, l: int, i: int) -> float:
        net = self.project.network
        return float(net.biases[l - 1][i - 1]) if net.layers[l - 1].bias else 0.0

    def x(self, s: int, j: int) -> float:
        return float(self.project.inputs[s - 1, j - 1])

    def y(self, s: int, k: int) -> float:
        return float(self.project.targets[s - 1, k - 1])

    def yhat(self, s: int, k: int) -> float:
        return self.value(Quantity("a", self.last, k, 0, s))

    def parameter(self, q: Quantity) -> float:
        return self.weight(q.layer, q.i, q.j) if q.kind == "w" else self.bias(q.layer, q.i)

    def sample_loss(self, s: int) -> float:
        """The loss of sample s before the reduction."""
        return float(self.result.sample_losses[s - 1])

    def num(self, value: float, ref=None, group=None, paren: bool = False) -> Token:
        return number(value, self.fmt, ref, group, paren_negative=paren)

    def source_value(self, l: int, j: int, s: int) -> float:
        """a⁽ˡ⁻¹⁾ⱼ for sample s: the input x for layer 1, else the activation below."""
        return self.x(s, j) if l == 1 else self.value(Quantity("a", l - 1, j, 0, s))

    def activation(self, l: int) -> str:
        return self.project.network.layers[l - 1].activation

    def fused(self) -> str | None:
        return self.result.fused

    # ----- forward ------------------------------------------------------------------------------------
    def z_line(self, l: int, i: int, s: int) -> Line:
        """z⁽ˡ⁾ᵢ = Σⱼ w⁽ˡ⁾ᵢⱼ a⁽ˡ⁻¹⁾ⱼ + b⁽ˡ⁾ᵢ with the names, then the numbers, then z."""
        n, net = self.namer, self.project.network
        sources = [j for j in range(1, self.sizes[l - 1] + 1) if net.edge_present(l - 1, i - 1, j - 1)]
        shown = sources[:MAX_TERMS]
        symbolic = [[name(n.w(l, i, j), ("edge", l, i, j)), op(" "), name(n.a(l - 1, j), ("unit", l - 1, j))]
                    for j in shown]
        numeric = [[self.num(self.weight(l, i, j), ("edge", l, i, j), paren=True), TIMES,
                    self.num(self.source_value(l, j, s), ("unit", l - 1, j), paren=True)] for j in shown]
        more = [[op("…")]] if len(sources) > len(shown) else []
        bias = net.layers[l - 1].bias
        tokens = [name(n.z(l, i), ("unit", l, i)), EQUALS] + joined(symbolic + more, PLUS)
        if bias:
            tokens += [PLUS, name(n.b(l, i), ("unit", l, i))]
        tokens += [EQUALS] + joined(numeric + more, PLUS)
        if bias:
            tokens += [PLUS, self.num(self.bias(l, i), ("unit", l, i), paren=True)]
        tokens += [EQUALS, self.num(self.value(Quantity("z", l, i, 0, s)), ("unit", l, i))]
        return Line(tokens)

    def a_line(self, l: int, i: int, s: int) -> Line:
        """a⁽ˡ⁾ᵢ = f(z⁽ˡ⁾ᵢ) = f(number) = a."""
        n, activation = self.namer, self.activation(l)
        ref = ("unit", l, i)
        a = self.value(Quantity("a", l, i, 0, s))
        z = self.value(Quantity("z", l, i, 0, s))
        if activation == "softmax":
            return Line([name(n.a(l, i), ref), EQUALS, op(f"e^({n.z(l, i).unicode}) / Σₖ e^(zₖ)",
                                                            r"\frac{e^{" + n.z(l, i).latex + r"}}{\sum_k e^{z_k}}"),
                         EQUALS, self.num(a, ref)])
        if activation == "identity":
            return Line([name(n.a(l, i), ref), EQUALS, name(n.z(l, i), ref), EQUALS, self.num(a, ref)])
        fn_plain, fn_latex = _ACTIVATION_NAME[activation]
        return Line([name(n.a(l, i), ref), EQUALS, op(fn_plain + "(", fn_latex + "("), name(n.z(l, i), ref), op(")"),
                     EQUALS, op(fn_plain + "(", fn_latex + "("), self.num(z, ref), op(")"), EQUALS, self.num(a, ref)])

    def forward_block(self, l: int, i: int, s: int) -> Block:
        return Block(f"Forward: unit {i} of layer {l}" + self._of_sample(s),
                     [self.z_line(l, i, s), self.a_line(l, i, s)])

    def _of_sample(self, s: int) -> str:
        return f", sample {s}" if self.m > 1 else ""

    # ----- the loss -----------------------------------------------------------------------------------
    def loss_block(self) -> Block:
        """The per-sample loss formula, each sample's loss with numbers, and L."""
        p, n = self.project, self.namer
        block = Block("Loss")
        block.lines.append(Line([op(formulas.SAMPLE_LOSS[p.loss.name].plain,
                                    formulas.SAMPLE_LOSS[p.loss.name].latex)]))
        for s in range(1, self.m + 1):
            terms = self._loss_terms(s)
            lhs = name(LOSS) if self.m == 1 and not self.mean else name(n.sample_loss(s))
            line = [lhs, EQUALS]
            if terms is not None:
                line += terms + [EQUALS]
            line.append(self.num(self.sample_loss(s)))
            block.lines.append(Line(line))
            if s >= MAX_TERMS and self.m > MAX_TERMS:
                block.notes.append(f"… and {self.m - s} more samples (see the data table).")
                break
        if self.m > 1 or self.mean:
            scale = op(f"(1/{self.m}) Σₛ ", r"\frac{1}{" + str(self.m) + r"} \sum_s ") if self.mean else op("Σₛ ", r"\sum_s ")
            block.lines.append(Line([name(LOSS), EQUALS, scale, op("lₛ", r"\ell_s"), EQUALS,
                                     self.num(self.value(Quantity("loss")))]))
        return block

    def _loss_terms(self, s: int) -> list[Token] | None:
        """The per-sample loss with sample s's numbers put in, where it has a short written form."""
        name_ = self.project.loss.name
        k_out = self.sizes[-1]
        if k_out > MAX_TERMS or name_ not in ("sse", "half_sse", "mse", "l1", "hinge", "bce", "cross_entropy"):
            return None
        f = self.fmt
        terms = []
        for k in range(1, k_out + 1):
            y, yh = self.y(s, k), self.yhat(s, k)
            ys, yhs = _paren(f(y)), _paren(f(yh))
            if name_ in ("sse", "half_sse", "mse"):
                terms.append(op(f"({ys} − {yhs})²", f"({ys} - {yhs})^2"))
            elif name_ == "l1":
                terms.append(op(f"|{ys} − {yhs}|", f"|{ys} - {yhs}|"))
            elif name_ == "hinge":
                terms.append(op(f"max(0, 1 − {ys} · {yhs})", rf"\max(0, 1 - {ys} \cdot {yhs})"))
            elif name_ == "bce":
                terms.append(op(f"[{ys} log {yhs} + (1 − {ys}) log(1 − {yhs})]",
                                rf"[{ys} \log {yhs} + (1 - {ys}) \log(1 - {yhs})]"))
            elif y != 0:
                terms.append(op(f"{ys} log {yhs}", rf"{ys} \log {yhs}"))
        prefix = {"half_sse": op("½ · (", r"\frac{1}{2} ("), "mse": op(f"(1/{k_out}) · (", rf"\frac{{1}}{{{k_out}}} ("),
                  "bce": op(f"−(1/{k_out}) · (", rf"-\frac{{1}}{{{k_out}}} ("), "cross_entropy": op("−(", "-(")}
        body = joined([[t] for t in terms], PLUS) or [op("0")]
        if name_ in prefix:
            if len(body) == 1 and name_ != "cross_entropy":  # ½ · (y − ŷ)², not ½ · ((y − ŷ)²)
                opening = prefix[name_]
                return [op(opening.plain[:-1], opening.latex[:-1]), body[0]]
            return [prefix[name_]] + body + [op(")")]
        return body

    # ----- backward, one unit -------------------------------------------------------------------------
    def backward_block(self, l: int, i: int, s: int) -> Block:
        """∂L/∂a (or ∂L/∂ŷ), f'(z), δ of one unit, then its bias gradient."""
        block = Block(f"Backward: unit {i} of layer {l}" + self._of_sample(s))
        block.lines += self.delta_lines(l, i, s)
        if l == self.last and self.fused():
            block.notes.append(formulas.FUSED_NOTE[self.fused()] + ".")
        if self.project.network.layers[l - 1].bias:
            block.lines.append(self.bias_gradient_line(l, i))
        if self.mean and self.m > 1:
            block.notes.append(f"δ and ∂L/∂a are of L = (1/{self.m}) Σₛ lₛ: they include the 1/{self.m}.")
        return block

    def delta_lines(self, l: int, i: int, s: int) -> list[Line]:
        n, ref = self.namer, ("unit", l, i)
        activation = self.activation(l)
        lines: list[Line] = []
        delta = self.value(Quantity("delta", l, i, 0, s))
        if l == self.last and self.fused():
            f = formulas.FUSED_DELTA[self.fused()]
            yhat, y = self.yhat(s, i), self.y(s, i)
            plain, latex = formulas.fused_numbers(self.fused(), yhat, y, self.sizes[-1], self.fmt.digits)
            scale = self._scale_token()
            if scale.plain:  # (1/m) · (ŷ − y): the formula in parentheses
                f = formulas.Formula(_parenthesised(f.plain), _parenthesised(f.latex))
                plain, latex = _parenthesised(plain), _parenthesised(latex)
            lines.append(Line([name(n.delta(l, i), ref), EQUALS, name(n.grad(n.z(l, i)), ref), EQUALS, scale,
                               op(f.plain, f.latex), EQUALS, scale, op(plain, latex), EQUALS, self.num(delta, ref)]))
            return lines
        grad_a = self.value(Quantity("grad_a", l, i, 0, s))
        if l == self.last:
            lines += self._output_grad_lines(i, s)
        else:
            lines.append(self.grad_a_line(l, i, s))
        fprime = self.value(Quantity("fprime", l, i, 0, s))
        lines.append(self.fprime_line(l, i, s))
        grad_name = n.grad(n.a(l, i))
        lines.append(Line([name(n.delta(l, i), ref), EQUALS, name(n.grad(n.z(l, i)), ref), EQUALS,
                           name(grad_name, ref), TIMES, name(n.fprime(l, i, activation), ref), EQUALS,
                           self.num(grad_a, ref, paren=True), TIMES, self.num(fprime, ref, paren=True), EQUALS,
                           self.num(delta, ref)]))
        return lines

    def _scale_token(self) -> Token:
        return op(f"(1/{self.m}) · ", rf"\frac{{1}}{{{self.m}}} \cdot ") if self.mean and self.m > 1 else op("")

    def _output_grad_lines(self, k: int, s: int) -> list[Line]:
        """∂L/∂ŷₖ: the loss's derivative formula, with numbers (and the 1/m of a mean)."""
        n, ref, loss = self.namer, ("unit", self.last, k), self.project.loss
        f = formulas.LOSS_DERIVATIVE[loss.name]
        yhat, y = self.yhat(s, k), self.y(s, k)
        filled = formulas.loss_derivative_numbers(loss.name, yhat, y, self.sizes[-1], loss.delta, self.fmt.digits)
        scale = self._scale_token()
        tokens = [name(n.grad(n.a(self.last, k)), ref), EQUALS, scale, op(f.plain, f.latex)]
        if filled is not None:
            tokens += [EQUALS, scale, op(*filled)]
        tokens += [EQUALS, self.num(self.value(Quantity("grad_a", self.last, k, 0, s)), ref)]
        return [Line(tokens)]

    def grad_a_line(self, l: int, i: int, s: int) -> Line:
        """∂L/∂a⁽ˡ⁾ᵢ = Σₖ w⁽ˡ⁺¹⁾ₖᵢ δ⁽ˡ⁺¹⁾ₖ, with the names, the numbers and the sum."""
        n, net = self.namer, self.project.network
        above = [k for k in range(1, self.sizes[l + 1] + 1) if net.edge_present(l, k - 1, i - 1)]
        shown = above[:MAX_TERMS]
        more = [[op("…")]] if len(above) > len(shown) else []
        symbolic = [[name(n.w(l + 1, k, i), ("edge", l + 1, k, i)), op(" "), name(n.delta(l + 1, k), ("unit", l + 1, k))]
                    for k in shown]
        numeric = [[self.num(self.weight(l + 1, k, i), ("edge", l + 1, k, i), paren=True), TIMES,
                    self.num(self.value(Quantity("delta", l + 1, k, 0, s)), ("unit", l + 1, k), paren=True)]
                   for k in shown]
        ref = ("unit", l, i)
        return Line([name(n.grad(n.a(l, i)), ref), EQUALS] + (joined(symbolic + more, PLUS) or [op("0")])
                    + [EQUALS] + (joined(numeric + more, PLUS) or [op("0")])
                    + [EQUALS, self.num(self.value(Quantity("grad_a", l, i, 0, s)), ref)])

    def fprime_line(self, l: int, i: int, s: int) -> Line:
        """σ'(z⁽ˡ⁾ᵢ) = a(1 − a) = 0.7869 · 0.2131 = 0.1677 (each activation its own formula)."""
        n, ref, activation = self.namer, ("unit", l, i), self.activation(l)
        f = formulas.ACTIVATION_DERIVATIVE[activation]
        z, a = self.value(Quantity("z", l, i, 0, s)), self.value(Quantity("a", l, i, 0, s))
        tokens = [name(n.fprime(l, i, activation), ref), EQUALS, op(f.plain, f.latex)]
        filled = formulas.fprime_numbers(activation, z, a, self.fmt.digits)
        if filled is not None:
            tokens += [EQUALS, op(*filled)]
        if activation != "identity":
            tokens += [EQUALS, self.num(self.value(Quantity("fprime", l, i, 0, s)), ref)]
        if activation == "relu":
            sign, tex_sign = (">", ">") if z > 0 else ("≤", r"\le")
            tokens += [op(", since "), name(n.z(l, i), ref),
                       op(f" = {self.fmt(z)} {sign} 0", f" = {self.fmt(z)} {tex_sign} 0")]
        return Line(tokens)

    def bias_gradient_line(self, l: int, i: int) -> Line:
        """∂L/∂b⁽ˡ⁾ᵢ = Σₛ δₛ (δ for one sample) with the numbers."""
        n, ref = self.namer, ("unit", l, i)
        deltas = [self.value(Quantity("delta", l, i, 0, s)) for s in range(1, self.m + 1)]
        tokens = [name(n.grad(n.b(l, i)), ref), EQUALS]
        if self.m == 1:
            tokens += [name(n.delta(l, i), ref), EQUALS]
        else:
            tokens += [op("Σₛ ", r"\sum_s "), name(n.delta(l, i).with_sample(), ref), EQUALS]
            tokens += joined([[self.num(d, ref, paren=True)] for d in deltas[:MAX_TERMS]]
                             + ([[op("…")]] if self.m > MAX_TERMS else []), PLUS) + [EQUALS]
        tokens.append(self.num(self.value(Quantity("grad_b", l, i)), ref))
        return Line(tokens)

    def weight_gradient_line(self, l: int, i: int, j: int) -> Line:
        """∂L/∂w⁽ˡ⁾ᵢⱼ = Σₛ δₛ aₛ (δ already includes the 1/m of a mean), with the numbers."""
        n, ref = self.namer, ("edge", l, i, j)
        delta, source = name(n.delta(l, i), ("unit", l, i)), name(n.a(l - 1, j), ("unit", l - 1, j))
        terms = [[self.num(self.value(Quantity("delta", l, i, 0, s)), ("unit", l, i), paren=True), TIMES,
                  self.num(self.source_value(l, j, s), ("unit", l - 1, j), paren=True)]
                 for s in range(1, min(self.m, MAX_TERMS) + 1)]
        more = [[op("…")]] if self.m > MAX_TERMS else []
        head = [name(n.grad(n.w(l, i, j)), ref), EQUALS]
        if self.m > 1:
            head += [op("Σₛ ", r"\sum_s ")]
        return Line(head + [delta, TIMES, source, EQUALS] + joined(terms + more, PLUS)
                    + [EQUALS, self.num(self.value(Quantity("grad_w", l, i, j)), ref)])

    def input_gradient_line(self, j: int, s: int) -> Line:
        """∂L/∂xⱼ = Σₖ w⁽¹⁾ₖⱼ δ⁽¹⁾ₖ (not a parameter, but the chain rule goes on to it)."""
        n, net = self.namer, self.project.network
        above = [k for k in range(1, self.sizes[1] + 1) if net.edge_present(0, k - 1, j - 1)][:MAX_TERMS]
        ref = ("unit", 0, j)
        symbolic = [[name(n.w(1, k, j), ("edge", 1, k, j)), op(" "), name(n.delta(1, k), ("unit", 1, k))] for k in above]
        numeric = [[self.num(self.weight(1, k, j), ("edge", 1, k, j), paren=True), TIMES,
                    self.num(self.value(Quantity("delta", 1, k, 0, s)), ("unit", 1, k), paren=True)] for k in above]
        return Line([name(n.grad(n.x(j)), ref), EQUALS] + (joined(symbolic, PLUS) or [op("0")]) + [EQUALS]
                    + (joined(numeric, PLUS) or [op("0")])
                    + [EQUALS, self.num(float(self.result.grad_inputs[s - 1, j - 1]), ref)])

    # ----- a parameter by its paths -------------------------------------------------------------------
    def path_form(self, q: Quantity, max_paths: int = DEFAULT_MAX_PATHS, sample: int | None = None) -> PathForm:
        """The path form of a weight or bias (see paths.py); totals from the engine when paths are omitted."""
        unreduced = self.unreduced.layers[q.layer - 1]
        source = self.unreduced.source(q.layer - 1)
        totals = unreduced.delta[:, q.i - 1] * (source[:, q.j - 1] if q.kind == "w" else 1.0)
        return self.finder.path_form(q, max_paths, sample, totals)

    def param_name(self, q: Quantity):
        return self.namer.w(q.layer, q.i, q.j) if q.kind == "w" else self.namer.b(q.layer, q.i)

    def param_ref(self, q: Quantity) -> tuple:
        return ("edge", q.layer, q.i, q.j) if q.kind == "w" else ("unit", q.layer, q.i)

    def path_blocks(self, q: Quantity, sample: int, shown: int = 8) -> list[Block]:
        """The chain rule along the paths for one sample: names, numbers, products and their sum."""
        form = self.path_form(q, max_paths=shown, sample=sample)
        paths = form.samples[0].paths
        n = self.namer
        target = name(n.grad(self.param_name(q), LOSS if self.m == 1 else n.sample_loss(sample)), self.param_ref(q))
        count = form.path_count
        title = f"Chain rule along the paths{self._of_sample(sample)}: {count} path{'' if count == 1 else 's'}"
        block = Block(title)
        if not paths:
            block.notes.append("No path reaches the loss (every edge above is removed), so the gradient is 0.")
            return [block]
        symbolic = [_with_times([name(f.name, f.ref, g) for f in p.factors], g) for g, p in _numbered(paths)]
        numeric = [_with_times([self.num(f.value, f.ref, g, paren=True) for f in p.factors], g)
                   for g, p in _numbered(paths)]
        products = [[self.num(p.product, None, g, paren=True)] for g, p in _numbered(paths)]
        more = [[op("+ …")]] if count > len(paths) else []
        block.lines.append(Line([target, EQUALS] + joined(symbolic, PLUS) + (more[0] if more else [])))
        block.lines.append(Line([EQUALS] + joined(numeric, PLUS) + (more[0] if more else [])))
        total = form.samples[0].total
        if len(paths) > 1 or more:
            block.lines.append(Line([EQUALS] + joined(products, PLUS) + (more[0] if more else [])
                                    + [EQUALS, self.num(total)]))
        else:
            block.lines.append(Line([EQUALS, self.num(total)]))
        if more:
            block.notes.append(f"{count} paths: the {len(paths)} largest by magnitude are shown; the total is the "
                               "sum over all of them (see the layer form).")
        if self.m > 1:
            block.notes.append(f"This is sample {sample}'s part; the layer form adds the {self.m} samples"
                               + (f" and divides by {self.m}." if self.mean else "."))
        return [block]


def _numbered(items) -> list[tuple[int, object]]:
    return [(g, item) for g, item in enumerate(items, 1)]


def _with_times(tokens: list[Token], group: int) -> list[Token]:
    out: list[Token] = []
    for index, token in enumerate(tokens):
        if index:
            out.append(Token(TIMES.plain, TIMES.latex, "op", None, group))
        out.append(token)
    return out


def _parenthesised(text: str) -> str:
    return text if text.startswith("(") and text.endswith(")") else f"({text})"


def _paren(text: str) -> str:
    return f"({text})" if text.startswith("-") else text
