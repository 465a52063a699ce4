"""Each layer's activation and bias switch written as one line of text, as File > New takes it.

"relu, identity, identity nobias" is a ReLU layer, an identity layer and an identity layer without bias.
Layers are separated by commas or semicolons; an activation may be shortened to a prefix that names
only one (r, i, t, si, so) or written "linear" (identity); "nobias" (also "no bias", "nb", "without
bias") switches the bias off, "bias" on (the default).
"""
from dataclasses import dataclass

from .activations import ACTIVATIONS

ALIASES = {"linear": "identity", "lin": "identity", "id": "identity"}
NO_BIAS = {"nobias", "no bias", "no-bias", "nb", "without bias", "-b"}
WITH_BIAS = {"bias", "with bias", "+b"}
EXAMPLE = "relu, identity, identity nobias"


@dataclass(frozen=True)
class LayerSpec:
    """One layer's kind: its activation and whether it has a bias."""

    activation: str = "relu"
    bias: bool = True

    def text(self) -> str:
        return self.activation + ("" if self.bias else " nobias")


def _activation(word: str, where: str) -> str:
    word = word.lower()
    if word in ALIASES:
        return ALIASES[word]
    matches = [name for name in ACTIVATIONS if name.startswith(word)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ValueError(f'{where}: "{word}" could be {" or ".join(matches)}; write more of it')
    raise ValueError(f'{where}: "{word}" is not an activation (expected one of {", ".join(ACTIVATIONS)})')


def parse_layer_specs(text: str, count: int) -> list[LayerSpec]:
    """`count` LayerSpecs from text like "relu, identity, identity nobias"; ValueError names the layer."""
    parts = [part.strip() for part in text.replace(";", ",").split(",")]
    if parts == [""]:
        parts = []
    if len(parts) != count:
        layers = f"{count} layer{'' if count == 1 else 's'}"
        raise ValueError(f"the sizes give {layers} but {len(parts)} {'is' if len(parts) == 1 else 'are'} described "
                         f"here: give one per layer, separated by commas, e.g. {EXAMPLE}")
    specs = []
    for n, part in enumerate(parts, 1):
        where = f"layer {n}"
        if not part:
            raise ValueError(f"{where} is empty: give its activation, e.g. relu")
        word, _, rest = part.partition(" ")
        rest = " ".join(rest.lower().split())
        if rest and rest not in NO_BIAS | WITH_BIAS:
            raise ValueError(f'{where}: "{rest}" is not understood; write "nobias" to switch the bias off')
        specs.append(LayerSpec(_activation(word, where), rest not in NO_BIAS))
    return specs


def specs_text(specs: list[LayerSpec]) -> str:
    """The text that parse_layer_specs reads back as `specs`."""
    return ", ".join(spec.text() for spec in specs)


def refit(specs: list[LayerSpec], count: int) -> list[LayerSpec]:
    """The specs for `count` layers: the output layer's kind kept last, hidden layers kept or added as ReLU."""
    if count == len(specs) or not specs:
        return list(specs) or [LayerSpec()] * count
    hidden = (list(specs[:-1]) + [LayerSpec()] * count)[:count - 1]
    return hidden + [specs[-1]]
