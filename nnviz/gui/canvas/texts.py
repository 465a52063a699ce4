"""How the canvas words neurons and columns; the names themselves come from the document's notation."""
from nnviz.core.notation import SYMBOLS, Notation


def value_symbols(notation: Notation) -> tuple[str, str]:
    """The bare pre-activation and activation symbols the value lines start with: ("z", "a"), ("Z", "H")..."""
    pre, act = SYMBOLS[notation.symbols]
    return pre[0], act[0]


def neuron_description(column: int, index: int, sizes: list[int], activation: str | None) -> str:
    """Plain words for a tooltip's first line, e.g. 'hidden unit 2 of layer 1 (relu)'."""
    if column == 0:
        return f"input {index + 1}"
    kind = "output" if column == len(sizes) - 1 else "hidden"
    return f"{kind} unit {index + 1} of layer {column} ({activation})"


def column_title(column: int, sizes: list[int], activation: str | None) -> str:
    if column == 0:
        return "Inputs"
    if column == len(sizes) - 1:
        return f"Output · {activation}"
    return f"Layer {column} · {activation}"
