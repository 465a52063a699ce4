"""The one place that names quantities: how a course writes w, z, a, δ and their layer and unit indices.

Courses write the same network differently (w⁽ˡ⁾ᵢⱼ into i from j, or w⁽ˡ⁾ⱼₖ from j to k; z/a or Z/H;
the layer as a superscript or after a dash in the subscript). A Notation holds those choices; a Namer
binds it to a network's layer sizes and gives every quantity's name as a Name with three spellings:
Unicode for screens (w⁽¹⁾₂₁), LaTeX for typesetting (w^{(1)}_{21}) and ASCII for files (w^(1)_21).
Layers are numbered from 1 (the inputs x are layer 0), units from 1.
"""
from dataclasses import asdict, dataclass, fields, replace

INDEX_ORDERS = {"to_from": "w⁽ˡ⁾ᵢⱼ: into unit i from unit j", "from_to": "w⁽ˡ⁾ⱼₖ: from unit j to unit k"}
SYMBOLS = {  # pre-activation / activation: (unicode, latex, ascii) each
    "z/a": (("z", "z", "z"), ("a", "a", "a")),
    "z/h": (("z", "z", "z"), ("h", "h", "h")),
    "Z/H": (("Z", "Z", "Z"), ("H", "H", "H")),
    "net/out": (("net", r"\mathrm{net}", "net"), ("out", r"\mathrm{out}", "out")),
    "z/v": (("z", "z", "z"), ("v", "v", "v")),
    "z/y": (("z", "z", "z"), ("y", "y", "y")),
}
LAYER_STYLES = {"paren": "superscript in parentheses: w⁽¹⁾₂₁", "plain": "plain superscript: w¹₂₁",
                "subscript": "subscript after a dash: w₂₁₋₁"}
OMIT_SINGLE = {"never": "every index written: w⁽³⁾₁₂, b⁽³⁾₁",
               "units": "a one-unit layer's z, a, b, δ without the index: b⁽³⁾, z⁽³⁾",
               "all": "weights too: w⁽³⁾₂ into the only unit of layer 3 from unit 2"}
ORIENTATIONS = {"out_in": "∂L/∂W printed (out × in), rows are the units of the layer",
                "in_out": "∂L/∂W printed (in × out), rows are the units of the layer below"}


@dataclass(frozen=True)
class Notation:
    """A course's way of writing names; `preset` is the preset it came from, or "custom"."""

    index_order: str = "to_from"
    symbols: str = "z/a"
    layer_style: str = "paren"
    orientation: str = "out_in"
    omit_single: str = "never"  # drop the index of a one-unit layer: "units" (b⁽³⁾, ŷ), "all" (w⁽³⁾₂ too)
    preset: str = "pytorch"

    def __post_init__(self):
        for name, allowed in (("index_order", INDEX_ORDERS), ("symbols", SYMBOLS),
                              ("layer_style", LAYER_STYLES), ("orientation", ORIENTATIONS),
                              ("omit_single", OMIT_SINGLE)):
            if getattr(self, name) not in allowed:
                raise ValueError(f'unknown {name.replace("_", " ")} "{getattr(self, name)}" '
                                 f"(expected one of {', '.join(allowed)})")

    def to_view(self) -> str | dict:
        """What a file's view["notation"] and the preferences keep: a preset's name, or a custom one's choices."""
        if self.preset in PRESETS and PRESETS[self.preset][1] == self:
            return self.preset
        return asdict(self)

    @classmethod
    def from_view(cls, value) -> "Notation":
        """The notation saved in a file's view (a preset name or a dict); ValueError says what is wrong."""
        if value is None:
            return cls()
        if isinstance(value, str):
            return preset(value)
        if not isinstance(value, dict):
            raise ValueError("expected a preset name or an object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ValueError(f'unknown key "{unknown[0]}" (expected {", ".join(sorted(known))})')
        for key in known:
            if key in value and not isinstance(value[key], str):
                raise ValueError(f"{key} must be a string")
        return cls(**value)

    def namer(self, sizes: list[int]) -> "Namer":
        return Namer(self, list(sizes))


PRESETS: dict[str, tuple[str, Notation]] = {
    "pytorch": ("PyTorch / Goodfellow: w⁽ˡ⁾ᵢⱼ into i from j, z/a", Notation()),
    "from_to": ("from-to (w_jk): w⁽ˡ⁾ⱼₖ from j to k, z/a, ∂L/∂W as (in × out)",
                Notation("from_to", "z/a", "paren", "in_out", preset="from_to")),
    "nielsen": ("Nielsen: wˡⱼₖ into j from k, plain superscript", Notation("to_from", "z/a", "plain", preset="nielsen")),
    "z_h": ("z/h hidden units: w⁽ˡ⁾ᵢⱼ into i from j, z/h (worked example 001)",
            Notation("to_from", "z/h", "paren", omit_single="all", preset="z_h")),
    "Z_H": ("Z/H, from-to: w⁽ˡ⁾ⱼₖ from j to k (worked example 002)",
            Notation("from_to", "Z/H", "paren", "in_out", omit_single="units", preset="Z_H")),
    "dash": ("Layer after a dash: w₁₂₋₁ from 1 to 2 of layer 1, z/y (worked example 004)",
             Notation("from_to", "z/y", "subscript", "in_out", preset="dash")),
    "net_out": ("net/out: net⁽ˡ⁾ⱼ, out⁽ˡ⁾ⱼ, w⁽ˡ⁾ⱼₖ from j to k", Notation("from_to", "net/out", "paren", preset="net_out")),
}


def preset(name: str) -> Notation:
    """The notation of a preset; ValueError names the presets for an unknown one."""
    if name not in PRESETS:
        raise ValueError(f'unknown notation preset "{name}" (expected one of {", ".join(PRESETS)})')
    return PRESETS[name][1]


def customised(notation: Notation, **changes) -> Notation:
    """The notation with some choices changed: a preset if it matches one, else "custom"."""
    changed = replace(notation, **changes)
    for _, candidate in PRESETS.values():
        if replace(changed, preset=candidate.preset) == candidate:
            return candidate
    return replace(changed, preset="custom")


# ----- names ------------------------------------------------------------------------------------------
_SUB = str.maketrans("0123456789-,+()", "₀₁₂₃₄₅₆₇₈₉₋,₊₍₎")
_SUP = str.maketrans("0123456789()-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁻")


@dataclass(frozen=True)
class Name:
    """One name in three spellings."""

    unicode: str
    latex: str
    ascii: str

    def __str__(self) -> str:
        return self.unicode

    def transposed(self) -> "Name":
        """Nᵀ (braced in LaTeX, so a name with a superscript stays valid: {w^{(1)}}^T)."""
        return Name(self.unicode + "ᵀ", "{" + self.latex + "}^{T}", self.ascii + "^T")

    def with_sample(self) -> "Name":
        """The name's value for sample s: δ⁽¹⁾ₛ ({δ^{(1)}}_{s} in LaTeX, valid after a subscript too)."""
        return Name(self.unicode + "ₛ", "{" + self.latex + "}_{s}", self.ascii + "_s")

    def wrap(self, before: tuple[str, str, str], after: tuple[str, str, str] = ("", "", "")) -> "Name":
        """This name with text around it, given as (unicode, latex, ascii) each."""
        return Name(before[0] + self.unicode + after[0], before[1] + self.latex + after[1],
                    before[2] + self.ascii + after[2])


def _symbol(base: tuple[str, str, str], layer: str | None, indices: list[int], style: str) -> Name:
    """base with a layer mark (None: none) and unit indices, e.g. w⁽¹⁾₂₁ / w^{(1)}_{21} / w^(1)_21."""
    sep = "," if any(i >= 10 for i in indices) else ""
    sub = sep.join(str(i) for i in indices)
    u, tex, asc = base
    if layer is not None and style == "subscript":
        sub = f"{sub}-{layer}" if sub else layer
        layer = None
    if layer is not None:
        mark = f"({layer})" if style == "paren" else layer
        u += mark.translate(_SUP)
        tex += "^{" + mark + "}"
        asc += "^" + mark
    if sub:
        u += sub.translate(_SUB)
        tex += "_{" + sub + "}"
        asc += "_" + sub
    return Name(u, tex, asc)


def derivative_of(numerator: Name, denominator: Name) -> Name:
    """∂num/∂den, \\frac{\\partial num}{\\partial den}, dnum/dden."""
    return Name(f"∂{numerator.unicode}/∂{denominator.unicode}",
                r"\frac{\partial " + numerator.latex + r"}{\partial " + denominator.latex + "}",
                f"d{numerator.ascii}/d{denominator.ascii}")


LOSS = Name("L", "L", "L")
_FPRIME = {"sigmoid": ("σ'", r"\sigma'", "sigma'"), "tanh": ("tanh'", r"\tanh'", "tanh'"),
           "relu": ("ReLU'", r"\mathrm{ReLU}'", "relu'"), "identity": ("f'", "f'", "f'"),
           "softmax": ("softmax'", r"\mathrm{softmax}'", "softmax'")}


class Namer:
    """A notation bound to layer sizes (inputs first); `l` is a layer number, 0 for the inputs."""

    def __init__(self, notation: Notation, sizes: list[int]):
        self.notation = notation
        self.sizes = sizes
        self.last = len(sizes) - 1
        pre, act = SYMBOLS[notation.symbols]
        self._pre, self._act = pre, act

    def _layer(self, l: int) -> str:
        return str(l)

    def _units(self, l: int, *indices: tuple[int, int], weight: bool = False) -> list[int]:
        """The unit indices to print: each (layer, unit) pair, less those of one-unit layers if omitted."""
        omit = self.notation.omit_single == "all" or (self.notation.omit_single == "units" and not weight)
        return [unit for layer, unit in indices if not (omit and self.sizes[layer] == 1)]

    def _unit_symbol(self, base, l: int, i: int) -> Name:
        return _symbol(base, self._layer(l), self._units(l, (l, i)), self.notation.layer_style)

    # ----- scalars ----------------------------------------------------------------------------------
    def x(self, j: int) -> Name:
        return _symbol(("x", "x", "x"), None, [j], "paren")

    def y(self, k: int) -> Name:
        """The target of output k."""
        return _symbol(("y", "y", "y"), None, [] if self.sizes[-1] == 1 else [k], "paren")

    def a(self, l: int, i: int) -> Name:
        """Activation of unit i of layer l: x_i for l = 0, ŷ_i at the output."""
        if l == 0:
            return self.x(i)
        if l == self.last:
            return _symbol(("ŷ", r"\hat{y}", "yhat"), None, [] if self.sizes[-1] == 1 else [i], "paren")
        return self._unit_symbol(self._act, l, i)

    def a_symbol(self, l: int, i: int) -> Name:
        """The activation in the notation's own symbol even at the output (002 writes H⁽³⁾ for ŷ)."""
        return self._unit_symbol(self._act, l, i)

    def z(self, l: int, i: int) -> Name:
        return self._unit_symbol(self._pre, l, i)

    def w(self, l: int, i: int, j: int) -> Name:
        """The weight into unit i of layer l from unit j of layer l - 1."""
        pairs = ((l, i), (l - 1, j)) if self.notation.index_order == "to_from" else ((l - 1, j), (l, i))
        return _symbol(("w", "w", "w"), self._layer(l), self._units(l, *pairs, weight=True),
                       self.notation.layer_style)

    def b(self, l: int, i: int) -> Name:
        return self._unit_symbol(("b", "b", "b"), l, i)

    def delta(self, l: int, i: int) -> Name:
        return self._unit_symbol(("δ", r"\delta", "delta"), l, i)

    def fprime(self, l: int, i: int, activation: str) -> Name:
        """f'(z) of unit i of layer l, written with the activation's own name: σ'(z⁽¹⁾₁)."""
        return self.z(l, i).wrap((_FPRIME[activation][0] + "(", _FPRIME[activation][1] + "(",
                                  _FPRIME[activation][2] + "("), (")", ")", ")"))

    def grad(self, name: Name, of: Name = LOSS) -> Name:
        """∂L/∂name."""
        return derivative_of(of, name)

    def sample_loss(self, s: int) -> Name:
        """The loss of sample s before the reduction, l_s."""
        return _symbol(("l", r"\ell", "l"), None, [s], "paren")

    # ----- vectors and matrices ---------------------------------------------------------------------
    def _layer_symbol(self, base, l: int) -> Name:
        return _symbol(base, self._layer(l), [], self.notation.layer_style)

    def W(self, l: int) -> Name:
        return self._layer_symbol(("W", "W", "W"), l)

    def b_vec(self, l: int) -> Name:
        return self._layer_symbol(("b", r"\mathbf{b}", "b"), l)

    def z_vec(self, l: int) -> Name:
        return self._layer_symbol(self._pre, l)

    def a_vec(self, l: int) -> Name:
        if l == 0:
            return Name("x", r"\mathbf{x}", "x")
        if l == self.last:
            return Name("ŷ", r"\hat{\mathbf{y}}", "yhat")
        return self._layer_symbol(self._act, l)

    def delta_vec(self, l: int) -> Name:
        return self._layer_symbol(("δ", r"\boldsymbol{\delta}", "delta"), l)

    def fprime_vec(self, l: int, activation: str) -> Name:
        return self.z_vec(l).wrap((_FPRIME[activation][0] + "(", _FPRIME[activation][1] + "(",
                                   _FPRIME[activation][2] + "("), (")", ")", ")"))

    # ----- words --------------------------------------------------------------------------------------
    def describe_weight(self) -> str:
        """One line saying how this notation indexes a weight."""
        n = self.notation
        order = "into unit i of layer l from unit j of layer l−1" if n.index_order == "to_from" else \
            "from unit j of layer l−1 to unit k of layer l"
        example = self.w(1, 2, 1) if self.last >= 1 and self.sizes[1] >= 2 else self.w(1, 1, 1)
        return f"{example.unicode}: the weight {order} (layers from 1, the inputs x are layer 0, units from 1)"
