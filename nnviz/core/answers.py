"""A student's answer sheet: `NAME = VALUE` lines, each number with the tolerance of the digits written.

NAME is a canonical name (`grad:w:1:2:1`, `z:1:2@1`, see quantities.py) or the quantity's name in the
file's notation, as the student writes it (`dL/dw^(1)_21`, `∂L/∂w⁽¹⁾₂₁`, `\\frac{\\partial L}{\\partial w^{(1)}_{21}}`,
`δ₁₋₁`), optionally followed by `@s` for a sample. VALUE is a number as written: `0.0212` (±0.00005),
`-2.8e-5` or `2.8x10^-5` (±0.05e-5), `64` (±0.5), or an exact fraction `1/2` (±1e-12).
"""
import math
import re
from dataclasses import dataclass

from . import files
from .errors import FileFormatError
from .notation import Name, Namer
from .quantities import PER_SAMPLE, Quantity, all_quantities, parse, problem

FRACTION_TOLERANCE = 1e-12
_NUMBER = re.compile(r"^([+-]?)(\d*)(?:[.,](\d*))?(?:(?:e|E|\s*[x×*·]\s*10\s*\^?\s*\(?\s*)([+-]?\d+)\)?)?$")
_FRACTION = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)$")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")


class AnswerError(ValueError):
    """An answer sheet that cannot be read: the message names the line."""


@dataclass(frozen=True)
class Written:
    """A number as the student wrote it: its value and the tolerance its digits give."""

    text: str
    value: float
    tolerance: float
    exact: bool = False  # a fraction: exact

    def matches(self, value: float) -> bool:
        """|written − value| ≤ half a unit in the last written place (a tiny slack for binary floats)."""
        if not math.isfinite(value):
            return False
        slack = 1e-9 * self.tolerance + 4 * math.ulp(max(abs(self.value), abs(value), 1e-300))
        return abs(self.value - value) <= self.tolerance + slack


@dataclass(frozen=True)
class Answer:
    """One line of the sheet: where it is, what it names and what was written."""

    line: int  # 1-based
    name: str  # as written
    quantity: Quantity
    written: Written


def read_number(text: str) -> Written:
    """The value and tolerance of a number as written; ValueError says why it cannot be read."""
    cleaned = text.strip().replace("\u2212", "-").replace("–", "-")
    cleaned = re.sub(r"10\s*([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)$", lambda m: "10^" + m.group(1).translate(_SUPERSCRIPT_DIGITS),
                     cleaned)
    fraction = _FRACTION.match(cleaned)
    if fraction:
        denominator = float(fraction.group(2))
        if denominator == 0:
            raise ValueError(f'"{text.strip()}" divides by zero')
        return Written(text.strip(), float(fraction.group(1)) / denominator, FRACTION_TOLERANCE, exact=True)
    match = _NUMBER.match(cleaned)
    if not match or not (match.group(2) or match.group(3)):
        raise ValueError(f'"{text.strip()}" is not a number (write it as 0.0212, -2.8e-5, 2.8x10^-5, 64 or 1/2)')
    sign, whole, decimals, exponent = match.groups()
    decimals = decimals or ""
    power = int(exponent) if exponent else 0
    value = float(f"{sign}{whole or '0'}.{decimals or '0'}e{power}")
    if not math.isfinite(value):
        raise ValueError(f'"{text.strip()}" is too large')
    return Written(text.strip(), value, 0.5 * 10.0 ** (power - len(decimals)))


# ----- names in the file's notation ------------------------------------------------------------------
_SCRIPTS = {**{c: ("_", d) for c, d in zip("₀₁₂₃₄₅₆₇₈₉₋₊₍₎,", "0123456789-+(),")},
            **{c: ("^", d) for c, d in zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁻", "0123456789()-")}}
_WORDS = [(r"\hat{y}", "yhat"), ("ŷ", "yhat"), (r"\mathrm{net}", "net"), (r"\mathrm{out}", "out"),
          (r"\mathrm{ReLU}", "relu"), ("ReLU", "relu"), (r"\delta", "delta"), ("δ", "delta"), (r"\sigma", "sigma"),
          ("σ", "sigma"), (r"\tanh", "tanh"), (r"\ell", "l"), ("ℓ", "l"), (r"\partial", "d"), ("∂", "d"),
          ("’", "'"), ("′", "'")]
_FRAC = re.compile(r"\\frac\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\{(.*)\}$")
LOSS_WORDS = ("L", "Loss", "loss", "LOSS", "λ", "J", "E", "C")


def normalise(name: str) -> str:
    """One spelling for the Unicode, LaTeX and ASCII forms of a name: ∂L/∂w⁽¹⁾₂₁ → dL/dw^(1)_21."""
    text = name.strip()
    frac = _FRAC.match(text)
    if frac:  # \frac{\partial L}{\partial w^{(1)}_{21}} -> \partial L/\partial w^{(1)}_{21}
        text = f"{frac.group(1)}/{frac.group(2)}"
    for old, new in _WORDS:
        text = text.replace(old, new)
    out, script = [], None
    for ch in text:
        if ch in _SCRIPTS:
            kind, digit = _SCRIPTS[ch]
            if script != kind:
                out.append(kind)
                script = kind
            out.append(digit)
            continue
        script = None
        out.append(ch)
    text = "".join(out).replace("{", "").replace("}", "").replace(" ", "").replace("\\", "")
    if "/" in text and text.startswith("d"):  # dλ/dw, dLoss/dw, dJ/dw: the loss
        numerator, _, denominator = text.partition("/")
        if numerator[1:] in LOSS_WORDS:
            text = "dL/" + denominator
    return text


def _spellings(n: Name) -> list[str]:
    return [n.unicode, n.latex, n.ascii]


def notation_names(project, namer: Namer) -> dict[str, Quantity]:
    """Every quantity's names in this notation (normalised), for sample 1; the caller adds @s."""
    net = project.network
    names: dict[str, Quantity] = {}

    def add(q: Quantity, *spellings: Name) -> None:
        for n in spellings:
            for text in _spellings(n):
                names.setdefault(normalise(text), q)

    for q in all_quantities(project):
        if q.per_sample and q.sample != 1:
            continue
        l, i, j = q.layer, q.i, q.j
        if q.kind == "loss":
            for word in LOSS_WORDS:
                names.setdefault(word, q)
        elif q.kind == "z":
            add(q, namer.z(l, i))
        elif q.kind == "a":
            add(q, namer.a(l, i), namer.a_symbol(l, i))
        elif q.kind == "fprime":
            activation = net.layers[l - 1].activation
            add(q, namer.fprime(l, i, activation), namer.fprime(l, i, "identity"),
                namer.grad(namer.z(l, i), namer.a(l, i)))
        elif q.kind == "grad_a":
            add(q, namer.grad(namer.a(l, i)), namer.grad(namer.a_symbol(l, i)))
        elif q.kind == "delta":
            add(q, namer.delta(l, i), namer.grad(namer.z(l, i)))
        elif q.kind in ("grad_w", "grad_b"):
            add(q, namer.grad(namer.w(l, i, j) if q.kind == "grad_w" else namer.b(l, i)))
        elif q.kind in ("new_w", "new_b"):
            param = namer.w(l, i, j) if q.kind == "new_w" else namer.b(l, i)
            add(q, param.wrap(("", "", ""), ("'", "'", "'")), param.wrap(("", "", ""), (" (new)", "(new)", "_new")))
    return names


def is_canonical(name: str) -> bool:
    """Whether a written name is a canonical one (`grad:w:1:2:1`, `z:1:2@1`, `loss`), not a notation name."""
    text = name.strip()
    return bool(re.match(r"^[a-z_]+(:[a-z_]+)?:", text)) or text == "loss"


def resolve(name: str, project, names: dict[str, Quantity] | None) -> Quantity:
    """The quantity a written name stands for: a canonical name, or a notation name with an optional @s
    (`names` from notation_names; None only for a canonical name)."""
    text = name.strip()
    if is_canonical(text):
        return parse(text)
    sample = 1
    at = re.match(r"^(.*?)\s*@\s*(\d+)$", text)
    if at:
        text, sample = at.group(1), int(at.group(2))
    key = normalise(text)
    q = names.get(key)
    if q is None:
        folded = [v for k, v in names.items() if k.lower() == key.lower()]
        q = folded[0] if len(set(folded)) == 1 else None
    if q is None:
        raise ValueError(f'unknown name "{name.strip()}": write a canonical name such as grad:w:1:2:1 or z:1:2@1, '
                         "or the quantity's name in this file's notation")
    if q.kind in PER_SAMPLE:
        return Quantity(q.kind, q.layer, q.i, q.j, sample)
    if at:
        raise ValueError(f'"{name.strip()}": @sample belongs to per-sample quantities (z, a, f\', ∂L/∂a, δ) only')
    return q


def read_answers(text: str, project, namer: Namer) -> list[Answer]:
    """Every answer of a sheet, in file order; AnswerError names the first line that cannot be read."""
    names = None
    answers: list[Answer] = []
    seen: dict[Quantity, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.count("=") != 1:
            raise AnswerError(f"line {number}: expected NAME = VALUE, got {raw.strip()!r}")
        name, value = (part.strip() for part in line.split("="))
        if not name:
            raise AnswerError(f"line {number}: the name before '=' is empty")
        if names is None and not is_canonical(name):  # naming every quantity takes a while on a big network
            names = notation_names(project, namer)
        try:
            q = resolve(name, project, names)
        except ValueError as exc:
            raise AnswerError(f"line {number}: {exc}") from None
        missing = problem(q, project)
        if missing:
            raise AnswerError(f"line {number}: {name}: no such quantity in this network: {missing}")
        if q.kind in ("w", "b"):
            raise AnswerError(f"line {number}: {name} is a parameter of the file, not a result; "
                              f"write its gradient (grad:{q.kind}:...) or its value after the step (new:{q.kind}:...)")
        try:
            written = read_number(value)
        except ValueError as exc:
            raise AnswerError(f"line {number}: {exc}") from None
        if q in seen:
            raise AnswerError(f"line {number}: {q.canonical()} is answered twice (first on line {seen[q]}); "
                              "keep one of the two lines")
        seen[q] = number
        answers.append(Answer(number, name, q, written))
    return answers


def load_answers(path, project, namer: Namer) -> list[Answer]:
    """The answers of a sheet file (UTF-8 text, an ordinary file of at most 64 MB); AnswerError says what
    is wrong and where, the file's name first."""
    try:
        raw = files.read_bytes(path)
    except FileFormatError as exc:
        raise AnswerError(str(exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswerError(f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                          "save the answers as UTF-8") from None
    try:
        return read_answers(text, project, namer)
    except AnswerError as exc:
        raise AnswerError(f"{path}: {exc}") from None
