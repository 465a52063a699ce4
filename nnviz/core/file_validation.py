"""Checks a parsed .nnviz document section by section, collecting every problem as "place: message".

The place is the JSON path (e.g. network.weights[0][1][2]); each check reports what it found and
returns None, so one pass over a broken document names everything that is wrong at once.
"""
import json
import math

import numpy as np

from .activations import ACTIVATIONS
from .losses import LOSSES, REDUCTIONS, Loss
from .messages import capped, printable
from .network import Layer, Network
from .project import MAX_SEED, TrainingSettings

MAX_UNITS = 100_000  # per layer or input; far beyond what can be drawn, small enough to allocate
MAX_VALUE_PROBLEMS = 5  # per matrix; the rest are summarised in one line (messages.capped)
_WORDED = 100  # wrong values of one matrix kept as messages to choose those shown from

_NETWORK_KEYS = ("input_size", "layers", "weights", "biases", "masks")
_LAYER_KEYS = ("size", "activation", "bias")
_LOSS_KEYS = ("name", "reduction", "delta")
_DATA_KEYS = ("inputs", "targets", "validation")
_TABLE_KEYS = ("inputs", "targets")
_TRAINING_KEYS = ("learning_rate", "batch_size", "seed")


def describe(value) -> str:
    """How a wrong value appears in a message: its JSON text, shortened."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):  # not JSON, or an integer too long to print
        text = f"a {type(value).__name__}"
    return text if len(text) <= 40 else text[:37] + "..."


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_PLAIN = {int, float}


def all_finite_numbers(row) -> bool:
    """True when every value is a JSON number that is a finite float64: the usual case, checked at C speed
    (a 784-input file's 200,000 values in a few milliseconds); False sends the row to the value-by-value check."""
    if not set(map(type, row)) <= _PLAIN:  # bool, str, None... are not numbers
        return False
    try:
        return bool(np.isfinite(np.array(row, dtype=np.float64)).all())
    except OverflowError:  # an integer beyond float64
        return False


class DocumentValidator:
    """Collects every problem of one document; each check returns the value it built, or None if wrong."""

    def __init__(self):
        self.problems: list[str] = []

    def fail(self, place: str, message: str) -> None:
        self.problems.append(f"{place}: {message}")

    # ----- generic pieces --------------------------------------------------------------------
    def unknown_keys(self, obj: dict, prefix: str, allowed) -> None:
        for key in obj:
            if key not in allowed:
                self.fail(f"{prefix}{printable(key)}", f"unknown key (expected only {', '.join(allowed)})")

    def section(self, doc: dict, key: str, required: bool):
        """doc[key] if it is an object; None (after reporting) if missing or not an object."""
        if key not in doc:
            if required:
                self.fail(key, "missing")
            return None
        value = doc[key]
        if not isinstance(value, dict):
            self.fail(key, f"expected an object, got {describe(value)}")
            return None
        return value

    def required(self, doc: dict, key: str, place: str) -> tuple[bool, object]:
        if key not in doc:
            self.fail(place, "missing")
            return False, None
        return True, doc[key]

    def integer(self, value, place: str, minimum: int, what: str, maximum: int | None = None) -> int | None:
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum or \
                (maximum is not None and value > maximum):
            limits = f">= {minimum}" if maximum is None else f"from {minimum} to {maximum}"
            self.fail(place, f"expected {what} (a whole number {limits}), got {describe(value)}")
            return None
        return value

    def number(self, value, place: str) -> float | None:
        """A finite float from a JSON number; report and return None otherwise."""
        message = self.number_problem(value)
        if message:
            self.fail(place, message)
            return None
        return float(value)

    @staticmethod
    def number_problem(value) -> str | None:
        if not is_number(value):
            extra = " (true/false are not numbers)" if isinstance(value, bool) else ""
            return f"expected a number, got {describe(value)}{extra}"
        try:
            x = float(value)
        except OverflowError:
            return "number too large; give a finite number"
        if not math.isfinite(x):
            return f"{describe(x)} is not allowed; give a finite number"
        return None

    @staticmethod
    def bad_values(row, place: str, check) -> list[str]:
        if check is DocumentValidator.number_problem and all_finite_numbers(row):
            return []
        return [f"{place}[{j}]: {message}" for j, x in enumerate(row) if (message := check(x))]

    def report_values(self, bad: list[str], place: str, total: int | None = None) -> bool:
        """Report at most MAX_VALUE_PROBLEMS wrong values of one list or matrix (`total` of them if only
        the first were worded); True if there were none."""
        self.problems.extend(capped(bad, MAX_VALUE_PROBLEMS, place, total))
        return not bad

    def vector(self, value, place: str, n: int | None) -> np.ndarray | None:
        """A list of n (None = any count) finite numbers; None after reporting if anything is wrong."""
        count = f"{n} " if n is not None else ""
        if not isinstance(value, (list, tuple)):
            self.fail(place, f"expected a list of {count}numbers, got {describe(value)}")
            return None
        ok = self.report_values(self.bad_values(value, place, self.number_problem), place)
        if n is not None and len(value) != n:
            self.fail(place, f"expected {n} numbers, got {len(value)}")
            ok = False
        return np.array(value, dtype=np.float64) if ok else None  # every value a finite number: as float(x)

    def matrix(self, value, place: str, rows: int | None, cols: int | None, values: str = "numbers",
               check=None) -> np.ndarray | None:
        """A rows x cols matrix (None = any count); None after reporting if anything is wrong."""
        check = check or self.number_problem
        count = f"{cols} " if cols is not None else ""
        if not isinstance(value, (list, tuple)):
            self.fail(place, f"expected a list of rows (lists of {count}{values}), got {describe(value)}")
            return None
        ok = True
        lengths = {}
        bad = []
        bad_count = 0
        for i, row in enumerate(value):
            if isinstance(row, (list, tuple)):
                lengths[i] = len(row)
                found = self.bad_values(row, f"{place}[{i}]", check)
                bad_count += len(found)
                if len(bad) < _WORDED:  # enough to show each kind; the rest are only counted
                    bad += found
            else:
                self.fail(f"{place}[{i}]", f"expected a row (a list of {count}{values}), got {describe(row)}")
                ok = False
        ok = self.report_values(bad, place, bad_count) and ok
        widths = sorted(set(lengths.values()))
        if len(widths) <= 1 and len(lengths) == len(value):  # a rectangle: say its shape in one line
            got_cols = widths[0] if widths else 0
            wrong_rows = rows is not None and len(value) != rows
            wrong_cols = cols is not None and len(value) > 0 and got_cols != cols
            if wrong_rows or wrong_cols:
                want = f"{rows} rows" if rows is not None else "rows"
                self.fail(place, f"expected {want} of {cols if cols is not None else got_cols} {values}, "
                                 f"got {len(value)} rows of {got_cols}")
                ok = False
        else:  # ragged: name each row that does not fit
            expected = cols if cols is not None else max(widths, key=list(lengths.values()).count, default=None)
            for i, n in lengths.items():
                if expected is not None and n != expected:
                    self.fail(f"{place}[{i}]", f"expected {expected} {values}, got {n}")
                    ok = False
            if rows is not None and len(value) != rows:
                self.fail(place, f"expected {rows} rows, got {len(value)}")
                ok = False
        if not ok:
            return None
        width = widths[0] if widths else (cols or 0)
        if check is DocumentValidator.number_problem:  # every value a finite number: numpy converts as float(x)
            return np.array(value, dtype=np.float64).reshape(len(value), width)
        return np.array([[float(x) for x in row] for row in value], dtype=np.float64).reshape(len(value), width)

    def per_layer_list(self, value, place: str, n_layers: int | None, what: str) -> list | None:
        if not isinstance(value, (list, tuple)):
            self.fail(place, f"expected a list with one {what} per layer, got {describe(value)}")
            return None
        if n_layers is not None and len(value) != n_layers:
            self.fail(place, f"expected {n_layers} entries (one {what} per layer), got {len(value)}")
            return None
        return list(value)

    # ----- sections ----------------------------------------------------------------------------
    def network(self, doc: dict) -> Network | None:
        start = len(self.problems)
        self.unknown_keys(doc, "network.", _NETWORK_KEYS)
        found, value = self.required(doc, "input_size", "network.input_size")
        input_size = self.integer(value, "network.input_size", 1, "the number of inputs", MAX_UNITS) if found else None
        layers = self.layers(doc)
        n_layers = len(layers) if layers is not None else None
        sizes = [None if layer is None else layer.size for layer in layers] if layers is not None else None
        fan_ins = [input_size] + sizes[:-1] if sizes is not None else None

        weights = None
        found, value = self.required(doc, "weights", "network.weights")
        if found:
            items = self.per_layer_list(value, "network.weights", n_layers, "weight matrix")
            if items is not None:
                weights = [self.matrix(m, f"network.weights[{l}]",
                                       sizes[l] if sizes is not None else None,
                                       fan_ins[l] if fan_ins is not None else None)
                           for l, m in enumerate(items)]
        biases = self.biases(doc, layers)
        masks = self.masks(doc, n_layers, sizes, fan_ins)
        if weights is not None and masks is not None:
            for l, (w, m) in enumerate(zip(weights, masks)):
                if w is not None and m is not None and w.shape == m.shape:
                    wrong = np.argwhere(~m & (w != 0))  # counted in full, worded only as far as shown
                    self.report_values([f"network.weights[{l}][{i}][{j}]: this edge is removed "
                                        f"(network.masks[{l}][{i}][{j}] is 0), so its weight must be 0, got "
                                        f"{describe(float(w[i, j]))}; set it to 0 or restore the edge"
                                        for i, j in wrong[:MAX_VALUE_PROBLEMS].tolist()],
                                       f"network.weights[{l}]", len(wrong))
        if len(self.problems) > start:
            return None
        return Network(input_size, layers, weights, biases, masks)

    def layers(self, doc: dict) -> list[Layer | None] | None:
        found, value = self.required(doc, "layers", "network.layers")
        if not found:
            return None
        if not isinstance(value, (list, tuple)) or not value:
            self.fail("network.layers", f"expected a non-empty list of layers, got {describe(value)}")
            return None
        layers = []
        for l, item in enumerate(value):
            place = f"network.layers[{l}]"
            if not isinstance(item, dict):
                self.fail(place, f'expected an object like {{"size": 2, "activation": "relu", "bias": true}}, '
                                 f"got {describe(item)}")
                layers.append(None)
                continue
            self.unknown_keys(item, place + ".", _LAYER_KEYS)
            found, size = self.required(item, "size", place + ".size")
            size = self.integer(size, place + ".size", 1, "the number of neurons", MAX_UNITS) if found else None
            activation = self.activation(item, place, is_output=l == len(value) - 1)
            bias = item.get("bias", True)
            if not isinstance(bias, bool):
                self.fail(place + ".bias", f"expected true or false, got {describe(bias)}")
                bias = None
            layers.append(None if None in (size, activation, bias) else Layer(size, activation, bias))
        return layers

    def activation(self, item: dict, place: str, is_output: bool) -> str | None:
        found, name = self.required(item, "activation", place + ".activation")
        if not found:
            return None
        if not isinstance(name, str) or name not in ACTIVATIONS:
            self.fail(place + ".activation", f"unknown activation {describe(name)} "
                                             f"(expected one of {', '.join(ACTIVATIONS)})")
            return None
        if name == "softmax" and not is_output:
            self.fail(place + ".activation", "softmax is only allowed on the output layer (the last one)")
            return None
        return name

    def biases(self, doc: dict, layers) -> list[np.ndarray] | None:
        """One vector per layer; a layer whose bias is off may give its kept numbers or null (zeros)."""
        found, value = self.required(doc, "biases", "network.biases")
        if not found:
            return None
        items = self.per_layer_list(value, "network.biases", len(layers) if layers is not None else None,
                                    "bias list (or null)")
        if items is None:
            return None
        out = []
        for l, item in enumerate(items):
            place = f"network.biases[{l}]"
            layer = layers[l] if layers is not None else None
            if item is None:
                if layer is not None and layer.bias:
                    self.fail(place, f"network.layers[{l}].bias is true, so give {layer.size} numbers here "
                                     "(or set that bias to false)")
                out.append(np.zeros(layer.size) if layer is not None else None)
            else:
                out.append(self.vector(item, place, layer.size if layer is not None else None))
        return out

    def masks(self, doc: dict, n_layers, sizes, fan_ins) -> list[np.ndarray | None] | None:
        """One bool matrix per layer, or None for a layer with every edge present."""
        value = doc.get("masks")
        if value is None:
            return [None] * n_layers if n_layers is not None else None
        items = self.per_layer_list(value, "network.masks", n_layers, "0/1 matrix (or null)")
        if items is None:
            return None

        def zero_or_one(x):
            if is_number(x) and x in (0, 1):
                return None
            return f"expected 0 (edge removed) or 1 (edge present), got {describe(x)}"

        out = []
        for l, item in enumerate(items):
            if item is None:
                out.append(None)
                continue
            m = self.matrix(item, f"network.masks[{l}]", sizes[l] if sizes is not None else None,
                            fan_ins[l] if fan_ins is not None else None, values="0/1 values", check=zero_or_one)
            # all ones removes no edge: held as None, as Network.set_edge_enabled does, so equals() holds
            out.append(None if m is None or m.all() else m.astype(bool))
        return out

    def loss(self, doc: dict) -> Loss | None:
        self.unknown_keys(doc, "loss.", _LOSS_KEYS)
        found, name = self.required(doc, "name", "loss.name")
        if found and (not isinstance(name, str) or name not in LOSSES):
            self.fail("loss.name", f"unknown loss {describe(name)} (expected one of {', '.join(LOSSES)})")
            found = False
        reduction = doc.get("reduction")
        reduction_ok = reduction is None or (isinstance(reduction, str) and reduction in REDUCTIONS)
        if not reduction_ok:
            self.fail("loss.reduction", f"unknown reduction {describe(reduction)} "
                                        f"(expected one of {', '.join(REDUCTIONS)})")
        delta = 1.0
        if "delta" in doc:
            delta = self.number(doc["delta"], "loss.delta")
            if delta is not None and delta <= 0:
                self.fail("loss.delta", f"Huber's delta must be a positive number, got {describe(delta)}")
                delta = None
        if not found or not reduction_ok or delta is None:
            return None
        return Loss(name, reduction, delta if name == "huber" else 1.0)

    def data(self, doc: dict, n_in: int | None, n_out: int | None):
        """(inputs, targets) of the training data; (None, None) after reporting if anything is wrong."""
        self.unknown_keys(doc, "data.", _DATA_KEYS)
        return self._tables(doc, "data", n_in, n_out)

    def validation(self, doc: dict, n_in: int | None, n_out: int | None):
        """(inputs, targets) of the optional held-out set data.validation; (None, None) if absent or null.

        Problems are reported as usual (a broken validation set also gives (None, None)).
        """
        value = doc.get("validation")
        if value is None:
            return None, None
        if not isinstance(value, dict):
            self.fail("data.validation", f'expected null or an object {{"inputs": [...], "targets": [...]}}, '
                                         f"got {describe(value)}")
            return None, None
        self.unknown_keys(value, "data.validation.", _TABLE_KEYS)
        return self._tables(value, "data.validation", n_in, n_out)

    def _tables(self, doc: dict, prefix: str, n_in: int | None, n_out: int | None):
        out = []
        for key, cols in (("inputs", n_in), ("targets", n_out)):
            place = f"{prefix}.{key}"
            found, value = self.required(doc, key, place)
            m = self.matrix(value, place, None, cols) if found else None
            if m is not None and m.shape[0] == 0:
                self.fail(place, f"no samples; give at least one row of {cols if cols is not None else 'n'} numbers")
                m = None
            out.append(m)
        inputs, targets = out
        if inputs is not None and targets is not None and inputs.shape[0] != targets.shape[0]:
            self.fail(f"{prefix}.targets", f"{targets.shape[0]} rows but {prefix}.inputs has {inputs.shape[0]}; "
                                           "give one target row per input row")
            return None, None
        return inputs, targets

    def training(self, doc: dict | None) -> TrainingSettings | None:
        settings = TrainingSettings()
        if doc is None:
            return settings
        self.unknown_keys(doc, "training.", _TRAINING_KEYS)
        ok = True
        if "learning_rate" in doc:
            lr = self.number(doc["learning_rate"], "training.learning_rate")
            if lr is not None and lr <= 0:
                self.fail("training.learning_rate", f"must be a positive number, got {describe(lr)}")
            ok = ok and lr is not None and lr > 0
            settings.learning_rate = lr
        if doc.get("batch_size") is not None:
            settings.batch_size = self.integer(doc["batch_size"], "training.batch_size", 1,
                                               "null (full batch) or a mini-batch size", MAX_SEED)
            ok = ok and settings.batch_size is not None
        if "seed" in doc:
            settings.seed = self.integer(doc["seed"], "training.seed", 0, "a seed", MAX_SEED)
            ok = ok and settings.seed is not None
        return settings if ok else None

    # ----- what is known even when other parts are broken --------------------------------------
    @staticmethod
    def _layer_list(network):
        layers = network.get("layers") if isinstance(network, dict) else None
        return layers if isinstance(layers, list) and layers and isinstance(layers[-1], dict) else None

    @staticmethod
    def known_size(doc, key):
        value = doc.get(key) if isinstance(doc, dict) else None
        return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_UNITS else None

    def known_output_size(self, network):
        layers = self._layer_list(network)
        return self.known_size(layers[-1], "size") if layers else None

    def known_output_activation(self, network):
        layers = self._layer_list(network)
        name = layers[-1].get("activation") if layers else None
        return name if isinstance(name, str) and name in ACTIVATIONS else None
