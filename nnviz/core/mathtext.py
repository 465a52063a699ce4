"""Lines of mathematics as tokens, each written in plain Unicode and in LaTeX, rendered one way per medium.

A derivation is built once as Blocks of Lines of Tokens; the Explain panel typesets each name token and
links it to the canvas (`ref`), the command line prints the plain text, and the worked-solution exports
write LaTeX, Markdown ($…$) or HTML with MathML from the very same tokens.
"""
from dataclasses import dataclass, field

from .notation import Name
from .numbers import format_number


@dataclass(frozen=True)
class Token:
    """A piece of a line: a named quantity, a number, or an operator/word between them."""

    plain: str
    latex: str
    kind: str = "op"  # "name", "number" or "op"
    ref: tuple | None = None  # ("unit", layer, unit) or ("edge", layer, i, j), 1-based: what it comes from
    group: int | None = None  # the path (1-based) a token belongs to, for highlighting a whole path


@dataclass
class Line:
    """One line of mathematics (an equation, usually)."""

    tokens: list[Token] = field(default_factory=list)

    def plain(self) -> str:
        return "".join(t.plain for t in self.tokens).strip()

    def latex(self) -> str:
        return "".join(t.latex for t in self.tokens).strip()


@dataclass
class Block:
    """A titled group of lines with notes (plain sentences) after them."""

    title: str
    lines: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NumberFormat:
    """How numbers are written: `digits` significant digits, or `digits` decimals when fixed."""

    digits: int = 4
    fixed: bool = False

    def __call__(self, value: float) -> str:
        value = float(value)
        if self.fixed:
            text = f"{value:.{self.digits}f}"
            return "0" if float(text) == 0 and text.lstrip("-").strip("0.") == "" else text
        return format_number(value, self.digits)


# ----- token makers -----------------------------------------------------------------------------------
def name(n: Name, ref: tuple | None = None, group: int | None = None) -> Token:
    return Token(n.unicode, n.latex, "name", ref, group)


def number_latex(text: str) -> str:
    """A formatted number in LaTeX: 2.8e-5 as 2.8 \times 10^{-5}."""
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


def number(value: float, fmt: NumberFormat, ref: tuple | None = None, group: int | None = None,
           paren_negative: bool = False) -> Token:
    text = fmt(value)
    latex = number_latex(text)
    if paren_negative and text.startswith("-"):
        return Token(f"({text})", f"({latex})", "number", ref, group)
    return Token(text, latex, "number", ref, group)


def op(plain: str, latex: str | None = None, group: int | None = None) -> Token:
    return Token(plain, plain if latex is None else latex, "op", None, group)


EQUALS = op(" = ", " = ")
TIMES = op(" · ", r" \cdot ")
PLUS = op(" + ", " + ")
HADAMARD = op(" ⊙ ", r" \odot ")
ARROW = op(" ← ", r" \leftarrow ")


def joined(items: list[list[Token]], separator: Token) -> list[Token]:
    out: list[Token] = []
    for index, item in enumerate(items):
        if index:
            out.append(separator)
        out += item
    return out


# ----- renderers --------------------------------------------------------------------------------------
def render_plain(blocks: list[Block], indent: str = "  ") -> str:
    out: list[str] = []
    for block in blocks:
        if out:
            out.append("")
        out += [block.title, "-" * len(block.title)]
        out += [indent + line.plain() for line in block.lines]
        out += [indent + note for note in block.notes]
    return "\n".join(out) + "\n"


def mathml(latex: str, display: bool = True) -> str:
    """MathML for a LaTeX formula (latex2mathml, imported only when an HTML export needs it)."""
    from latex2mathml.converter import convert
    return convert(latex, display="block" if display else "inline")


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                  "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_UNICODE_MATH = {"∂": r"\partial", "δ": r"\delta", "σ": r"\sigma", "η": r"\eta", "Σ": r"\Sigma",
                 "ŷ": r"\hat{y}", "⊙": r"\odot", "←": r"\leftarrow", "→": r"\rightarrow", "·": r"\cdot",
                 "×": r"\times", "≤": r"\le", "≥": r"\ge", "≈": r"\approx", "✓": r"\checkmark",
                 "✗": r"\times", "½": r"\frac{1}{2}", "ᵀ": "^T", "‖": r"\|", "²": "^2", "ℓ": r"\ell",
                 "−": "-", "′": "'", "ᵢ": "_i"}
_SCRIPT = {**{c: ("_", d) for c, d in zip("₀₁₂₃₄₅₆₇₈₉₋₊₍₎ₛₖⱼᵢ", "0123456789-+()skji")},
           **{c: ("^", d) for c, d in zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁻ˡᴸ", "0123456789()-lL")}}


def latex_text(text: str) -> str:
    """Plain Unicode text (sentences with a few math symbols) as LaTeX text for a standard LaTeX."""
    out: list[str] = []
    math: list[str] = []  # the math run being collected
    script = None  # ("_" or "^", digits) being collected

    def close_script():
        nonlocal script
        if script is not None:
            math.append(script[0] + "{" + script[1] + "}")
            script = None

    def close_math():
        close_script()
        if math:
            out.append("$" + "".join(math) + "$")
            math.clear()

    for ch in text:
        if ch in _SCRIPT:
            kind, digit = _SCRIPT[ch]
            if script is not None and script[0] != kind:
                close_script()
            script = (kind, (script[1] if script else "") + digit)
        elif ch in _UNICODE_MATH:
            close_script()
            math.append(_UNICODE_MATH[ch])
        else:
            close_math()
            if ch in _LATEX_SPECIAL:
                out.append(_LATEX_SPECIAL[ch])
            elif ch == "…":
                out.append(r"\dots{}")
            else:
                out.append(ch if ord(ch) < 128 else "?")
    close_math()
    return "".join(out)
