"""How the canvas names neurons and edges (x₁, h₁⁽¹⁾, ŷ, w(l)[i,j]) in labels, tooltips and messages."""
from ..commands import edge_label

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


def subscript(number: int) -> str:
    return str(number).translate(_SUB)


def superscript(text: str) -> str:
    return str(text).translate(_SUP)


def neuron_name(column: int, index: int, sizes: list[int]) -> str:
    """x₁ for inputs, h₁⁽¹⁾ for hidden unit 1 of layer 1, ŷ (or ŷ₁, ŷ₂...) for outputs."""
    if column == 0:
        return "x" + subscript(index + 1)
    if column == len(sizes) - 1:
        return "ŷ" if sizes[-1] == 1 else "ŷ" + subscript(index + 1)
    return "h" + subscript(index + 1) + superscript(f"({column})")


def neuron_description(column: int, index: int, sizes: list[int], activation: str | None) -> str:
    """Plain words for a tooltip's first line, e.g. 'hidden unit 2 of layer 1 (relu)'."""
    if column == 0:
        return f"input {index + 1}"
    kind = "output" if column == len(sizes) - 1 else "hidden"
    return f"{kind} unit {index + 1} of layer {column} ({activation})"


def edge_name(layer: int, i: int, j: int) -> str:
    """The same notation as the undo history: w(l)[i,j] with layers and units numbered from 1."""
    return edge_label(layer, i, j)


def column_title(column: int, sizes: list[int], activation: str | None) -> str:
    if column == 0:
        return "Inputs"
    if column == len(sizes) - 1:
        return f"Output · {activation}"
    return f"Layer {column} · {activation}"
