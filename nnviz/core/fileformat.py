"""The .nnviz file: versioned JSON, the only way networks are saved and exchanged.

Loading validates the whole document and raises one FileFormatError listing every problem as
"place: message" (place is the JSON path, e.g. network.weights[0][1][2]). Saving is atomic.

Layout (version 1): {"format": "nnviz", "version": 1, "title": str, "network": {"input_size",
"layers": [{"size", "activation", "bias"}], "weights": [l][i][j], "biases": [l] or null,
"masks": null or [l] null or 0/1 matrix}, "loss": {"name", "reduction", "delta" (huber only)},
"data": {"inputs", "targets"}, "training": {"learning_rate", "batch_size", "seed"}, "view": {}}.
"""
import copy
import json
import math
import os
import secrets
from pathlib import Path

import numpy as np

from .activations import ACTIVATIONS
from .errors import FileFormatError, NetworkError
from .losses import LOSSES, REDUCTIONS, Loss, check_loss_fits
from .network import Layer, Network
from .project import Project, TrainingSettings

FORMAT = "nnviz"
VERSION = 1
MAX_UNITS = 100_000  # per layer or input; far beyond what can be drawn, small enough to allocate
MAX_VALUE_PROBLEMS = 5  # per matrix; the rest are summarised in one line

_TOP_KEYS = ("format", "version", "title", "network", "loss", "data", "training", "view")
_NETWORK_KEYS = ("input_size", "layers", "weights", "biases", "masks")
_LAYER_KEYS = ("size", "activation", "bias")
_LOSS_KEYS = ("name", "reduction", "delta")
_DATA_KEYS = ("inputs", "targets")
_TRAINING_KEYS = ("learning_rate", "batch_size", "seed")


# ----- public API ------------------------------------------------------------------------
def load(path) -> Project:
    """Read and validate a .nnviz file; any problem (including reading it) is a FileFormatError."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FileFormatError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FileFormatError(f"{path}: is a folder, not a .nnviz file") from None
    except PermissionError:
        raise FileFormatError(f"{path}: permission denied; check that you may read this file") from None
    except OSError as exc:
        raise FileFormatError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")  # tolerate the byte-order mark some Windows editors add
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                              "save the file as UTF-8") from None
    return loads(text, source=str(path))


def loads(text: str, source: str = "file") -> Project:
    """Parse and validate .nnviz text; `source` names it in messages about the text as a whole."""
    if not text.strip():
        raise FileFormatError(f'{source}: the file is empty; expected a JSON object with "format": "nnviz"')
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"{source}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") \
            from None
    except RecursionError:
        raise FileFormatError(f"{source}: nested too deeply to be a .nnviz file") from None
    except ValueError as exc:  # e.g. an integer literal with thousands of digits
        raise FileFormatError(f"{source}: not valid JSON: {exc}") from None
    return from_dict(data)


def from_dict(data) -> Project:
    """Validate a parsed document and build the Project; raise FileFormatError listing every problem."""
    return _Reader().read(data)


def to_dict(project: Project) -> dict:
    """The JSON document for a project (numbers as Python int/float, ready for json)."""
    w = _Writer()
    net = project.network
    network = {
        "input_size": int(net.input_size),
        "layers": [{"size": int(layer.size), "activation": layer.activation, "bias": bool(layer.bias)}
                   for layer in net.layers],
        "weights": [w.matrix(m, f"network.weights[{l}]") for l, m in enumerate(net.weights)],
        "biases": [w.row(b, f"network.biases[{l}]") if layer.bias else None
                   for l, (layer, b) in enumerate(zip(net.layers, net.biases))],
        "masks": None if all(m is None for m in net.masks) else
        [None if m is None else np.asarray(m, dtype=int).tolist() for m in net.masks],
    }
    loss = {"name": project.loss.name, "reduction": project.loss.reduction}
    if project.loss.name == "huber":
        loss["delta"] = w.number(project.loss.delta, "loss.delta")
    t = project.training
    document = {
        "format": FORMAT,
        "version": VERSION,
        "title": project.title,
        "network": network,
        "loss": loss,
        "data": {"inputs": w.matrix(project.inputs, "data.inputs"),
                 "targets": w.matrix(project.targets, "data.targets")},
        "training": {"learning_rate": w.number(t.learning_rate, "training.learning_rate"),
                     "batch_size": None if t.batch_size is None else int(t.batch_size),
                     "seed": int(t.seed)},
        "view": copy.deepcopy(project.view),
    }
    if w.problems:
        raise FileFormatError(w.problems)
    return document


def dumps(project: Project) -> str:
    """The file text: indented JSON with each row of numbers (and each small object) on one line."""
    try:
        return _format(to_dict(project), 0, "") + "\n"
    except RecursionError:
        raise FileFormatError("view: nested too deeply to be saved") from None


def save(project: Project, path) -> None:
    """Write atomically: a temporary file in the same folder, fsync, then os.replace.

    On any error the existing file is untouched and the temporary file removed; errors writing
    propagate as OSError, a project that cannot be represented raises FileFormatError.
    """
    path = Path(os.path.realpath(path))  # saving through a symlink updates the file it points to
    text = dumps(project)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)  # keep the permissions of the file replaced
        except FileNotFoundError:
            pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the OS allows opening a folder (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ----- reading ---------------------------------------------------------------------------
def _describe(value) -> str:
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


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class _Reader:
    """Walks a parsed document once, collecting every problem, and builds the Project if there are none."""

    def __init__(self):
        self.problems: list[str] = []

    def fail(self, place: str, message: str) -> None:
        self.problems.append(f"{place}: {message}")

    def read(self, data) -> Project:
        if not isinstance(data, dict):
            raise FileFormatError(f'file: the top level must be a JSON object with "format": "nnviz", '
                                  f"got {_describe(data)}")
        if "format" not in data:
            raise FileFormatError('format: missing; a .nnviz file starts with "format": "nnviz" '
                                  "(is this a .nnviz file?)")
        if not isinstance(data["format"], str) or data["format"] != FORMAT:
            raise FileFormatError(f'format: expected "nnviz", got {_describe(data["format"])} '
                                  "(is this a .nnviz file?)")
        self._version(data)
        self.unknown_keys(data, "", _TOP_KEYS)
        title = data.get("title", "")
        if not isinstance(title, str):
            self.fail("title", f"expected a string, got {_describe(title)}")
        network = self.section(data, "network", required=True)
        loss_doc = self.section(data, "loss", required=True)
        data_doc = self.section(data, "data", required=True)
        training_doc = self.section(data, "training", required=False)

        net = self.network(network) if network is not None else None
        loss = self.loss(loss_doc) if loss_doc is not None else None
        n_in = net.input_size if net is not None else self.known_size(network, "input_size")
        n_out = net.output_size if net is not None else self.known_output_size(network)
        inputs, targets = self.data(data_doc, n_in, n_out) if data_doc is not None else (None, None)
        training = self.training(training_doc)
        view = data.get("view", {})
        if not isinstance(view, dict):
            self.fail("view", f"expected an object (it holds the window state), got {_describe(view)}")
        else:
            try:
                _format(view, 0, "view")  # what could not be saved again is refused now
            except FileFormatError as exc:
                self.problems.extend(exc.problems)
            except RecursionError:
                self.fail("view", "nested too deeply")
        out_activation = self.known_output_activation(network)
        if loss is not None and out_activation is not None and targets is not None:
            for message in check_loss_fits(loss, out_activation, targets):
                self.fail("data.targets" if "target" in message else "loss", message)
        if self.problems:
            raise FileFormatError(self.problems)

        project = Project(net, loss, inputs, targets, training, title, view)
        try:
            project.check()
        except NetworkError as exc:  # a rule of the engine this reader does not repeat itself
            message = str(exc)
            place = "data.targets" if "target" in message else "data.inputs" if "input" in message else "loss"
            raise FileFormatError(f"{place}: {message}") from None
        return project

    def _version(self, data) -> None:
        if "version" not in data:
            raise FileFormatError(f"version: missing; this nnviz reads version {VERSION}")
        version = data["version"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise FileFormatError(f"version: expected a whole number >= 1, got {_describe(version)}")
        if version > VERSION:
            raise FileFormatError(f"version: written by a newer nnviz (version {version}); "
                                  f"this nnviz reads version {VERSION}. Update nnviz to open it.")

    # ----- generic pieces --------------------------------------------------------------------
    def unknown_keys(self, obj: dict, prefix: str, allowed) -> None:
        for key in obj:
            if key not in allowed:
                self.fail(f"{prefix}{key}", f"unknown key (expected only {', '.join(allowed)})")

    def section(self, doc: dict, key: str, required: bool):
        """doc[key] if it is an object; None (after reporting) if missing or not an object."""
        if key not in doc:
            if required:
                self.fail(key, "missing")
            return None
        value = doc[key]
        if not isinstance(value, dict):
            self.fail(key, f"expected an object, got {_describe(value)}")
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
            self.fail(place, f"expected {what} (a whole number {limits}), got {_describe(value)}")
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
        if not _is_number(value):
            extra = " (true/false are not numbers)" if isinstance(value, bool) else ""
            return f"expected a number, got {_describe(value)}{extra}"
        try:
            x = float(value)
        except OverflowError:
            return "number too large; give a finite number"
        if not math.isfinite(x):
            return f"{_describe(x)} is not allowed; give a finite number"
        return None

    @staticmethod
    def bad_values(row, place: str, check) -> list[str]:
        return [f"{place}[{j}]: {message}" for j, x in enumerate(row) if (message := check(x))]

    def report_values(self, bad: list[str], place: str) -> bool:
        """Report at most MAX_VALUE_PROBLEMS wrong values of one list or matrix; True if there were none."""
        self.problems.extend(bad[:MAX_VALUE_PROBLEMS])
        if len(bad) > MAX_VALUE_PROBLEMS:
            self.fail(place, f"{len(bad) - MAX_VALUE_PROBLEMS} more values are wrong in the same way")
        return not bad

    def vector(self, value, place: str, n: int | None) -> np.ndarray | None:
        """A list of n (None = any count) finite numbers; None after reporting if anything is wrong."""
        count = f"{n} " if n is not None else ""
        if not isinstance(value, (list, tuple)):
            self.fail(place, f"expected a list of {count}numbers, got {_describe(value)}")
            return None
        ok = self.report_values(self.bad_values(value, place, self.number_problem), place)
        if n is not None and len(value) != n:
            self.fail(place, f"expected {n} numbers, got {len(value)}")
            ok = False
        return np.array([float(x) for x in value], dtype=np.float64) if ok else None

    def matrix(self, value, place: str, rows: int | None, cols: int | None, values: str = "numbers",
               check=None) -> np.ndarray | None:
        """A rows x cols matrix (None = any count); None after reporting if anything is wrong."""
        check = check or self.number_problem
        count = f"{cols} " if cols is not None else ""
        if not isinstance(value, (list, tuple)):
            self.fail(place, f"expected a list of rows (lists of {count}{values}), got {_describe(value)}")
            return None
        ok = True
        lengths = {}
        bad = []
        for i, row in enumerate(value):
            if isinstance(row, (list, tuple)):
                lengths[i] = len(row)
                bad += self.bad_values(row, f"{place}[{i}]", check)
            else:
                self.fail(f"{place}[{i}]", f"expected a row (a list of {count}{values}), got {_describe(row)}")
                ok = False
        ok = self.report_values(bad, place) and ok
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
        return np.array([[float(x) for x in row] for row in value], dtype=np.float64).reshape(len(value), width)

    def per_layer_list(self, value, place: str, n_layers: int | None, what: str) -> list | None:
        if not isinstance(value, (list, tuple)):
            self.fail(place, f"expected a list with one {what} per layer, got {_describe(value)}")
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
                    for i, j in zip(*np.nonzero(~m & (w != 0))):
                        self.fail(f"network.weights[{l}][{i}][{j}]",
                                  f"this edge is removed (network.masks[{l}][{i}][{j}] is 0), so its weight "
                                  f"must be 0, got {_describe(float(w[i, j]))}; set it to 0 or restore the edge")
        if len(self.problems) > start:
            return None
        return Network(input_size, layers, weights, biases, masks)

    def layers(self, doc: dict) -> list[Layer | None] | None:
        found, value = self.required(doc, "layers", "network.layers")
        if not found:
            return None
        if not isinstance(value, (list, tuple)) or not value:
            self.fail("network.layers", f"expected a non-empty list of layers, got {_describe(value)}")
            return None
        layers = []
        for l, item in enumerate(value):
            place = f"network.layers[{l}]"
            if not isinstance(item, dict):
                self.fail(place, f'expected an object like {{"size": 2, "activation": "relu", "bias": true}}, '
                                 f"got {_describe(item)}")
                layers.append(None)
                continue
            self.unknown_keys(item, place + ".", _LAYER_KEYS)
            found, size = self.required(item, "size", place + ".size")
            size = self.integer(size, place + ".size", 1, "the number of neurons", MAX_UNITS) if found else None
            activation = self.activation(item, place, is_output=l == len(value) - 1)
            bias = item.get("bias", True)
            if not isinstance(bias, bool):
                self.fail(place + ".bias", f"expected true or false, got {_describe(bias)}")
                bias = None
            layers.append(None if None in (size, activation, bias) else Layer(size, activation, bias))
        return layers

    def activation(self, item: dict, place: str, is_output: bool) -> str | None:
        found, name = self.required(item, "activation", place + ".activation")
        if not found:
            return None
        if not isinstance(name, str) or name not in ACTIVATIONS:
            self.fail(place + ".activation", f"unknown activation {_describe(name)} "
                                             f"(expected one of {', '.join(ACTIVATIONS)})")
            return None
        if name == "softmax" and not is_output:
            self.fail(place + ".activation", "softmax is only allowed on the output layer (the last one)")
            return None
        return name

    def biases(self, doc: dict, layers) -> list[np.ndarray] | None:
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
            elif layer is not None and not layer.bias:
                self.fail(place, f"network.layers[{l}].bias is false, so write null here "
                                 "(or set that bias to true)")
                out.append(None)
            else:
                out.append(self.vector(item, place, layer.size if layer is not None else None))
        return out

    def masks(self, doc: dict, n_layers, sizes, fan_ins) -> list[np.ndarray | None] | None:
        value = doc.get("masks")
        if value is None:
            return [None] * n_layers if n_layers is not None else None
        items = self.per_layer_list(value, "network.masks", n_layers, "0/1 matrix (or null)")
        if items is None:
            return None

        def zero_or_one(x):
            if _is_number(x) and x in (0, 1):
                return None
            return f"expected 0 (edge removed) or 1 (edge present), got {_describe(x)}"

        out = []
        for l, item in enumerate(items):
            if item is None:
                out.append(None)
                continue
            m = self.matrix(item, f"network.masks[{l}]", sizes[l] if sizes is not None else None,
                            fan_ins[l] if fan_ins is not None else None, values="0/1 values", check=zero_or_one)
            out.append(None if m is None else m.astype(bool))
        return out

    def loss(self, doc: dict) -> Loss | None:
        self.unknown_keys(doc, "loss.", _LOSS_KEYS)
        found, name = self.required(doc, "name", "loss.name")
        if found and (not isinstance(name, str) or name not in LOSSES):
            self.fail("loss.name", f"unknown loss {_describe(name)} (expected one of {', '.join(LOSSES)})")
            found = False
        reduction = doc.get("reduction")
        reduction_ok = reduction is None or (isinstance(reduction, str) and reduction in REDUCTIONS)
        if not reduction_ok:
            self.fail("loss.reduction", f"unknown reduction {_describe(reduction)} "
                                        f"(expected one of {', '.join(REDUCTIONS)})")
        delta = 1.0
        if "delta" in doc:
            delta = self.number(doc["delta"], "loss.delta")
            if delta is not None and delta <= 0:
                self.fail("loss.delta", f"Huber's delta must be a positive number, got {_describe(delta)}")
                delta = None
        if not found or not reduction_ok or delta is None:
            return None
        return Loss(name, reduction, delta if name == "huber" else 1.0)

    def data(self, doc: dict, n_in: int | None, n_out: int | None):
        self.unknown_keys(doc, "data.", _DATA_KEYS)
        out = []
        for key, cols in (("inputs", n_in), ("targets", n_out)):
            place = f"data.{key}"
            found, value = self.required(doc, key, place)
            m = self.matrix(value, place, None, cols) if found else None
            if m is not None and m.shape[0] == 0:
                self.fail(place, f"no samples; give at least one row of {cols if cols is not None else 'n'} numbers")
                m = None
            out.append(m)
        inputs, targets = out
        if inputs is not None and targets is not None and inputs.shape[0] != targets.shape[0]:
            self.fail("data.targets", f"{targets.shape[0]} rows but data.inputs has {inputs.shape[0]}; "
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
                self.fail("training.learning_rate", f"must be a positive number, got {_describe(lr)}")
            ok = ok and lr is not None and lr > 0
            settings.learning_rate = lr
        if doc.get("batch_size") is not None:
            settings.batch_size = self.integer(doc["batch_size"], "training.batch_size", 1,
                                               "null (full batch) or a mini-batch size")
            ok = ok and settings.batch_size is not None
        if "seed" in doc:
            settings.seed = self.integer(doc["seed"], "training.seed", 0, "a seed")
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


# ----- writing ---------------------------------------------------------------------------
class _Writer:
    """Turns arrays into JSON numbers, collecting the places of values a file cannot hold."""

    def __init__(self):
        self.problems: list[str] = []

    def number(self, x, place: str):
        """An int when the float is a whole number that reads back bit-identically, else the float."""
        x = float(x)
        if not math.isfinite(x):
            self.problems.append(f"{place}: is {x!r}; a .nnviz file holds only finite numbers "
                                 "(reset the diverged values before saving)")
            return None
        if x.is_integer() and abs(x) < 1e15 and not (x == 0 and math.copysign(1.0, x) < 0):
            return int(x)  # "1" reads better than "1.0" and float(1) is the same bits; -0.0 stays a float
        return x

    def row(self, values, place: str) -> list:
        return [self.number(x, f"{place}[{j}]") for j, x in enumerate(np.asarray(values).tolist())]

    def matrix(self, values, place: str) -> list:
        return [self.row(r, f"{place}[{i}]") for i, r in enumerate(np.asarray(values).tolist())]


def _scalar(value, place: str) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        raise FileFormatError(f"{place}: is {value!r}; a .nnviz file holds only finite numbers")
    try:
        return json.dumps(value, ensure_ascii=False)
    except TypeError:
        raise FileFormatError(f"{place}: a {type(value).__name__} cannot be written to a .nnviz file") from None


LINE_WIDTH = 100  # a matrix or small object that fits goes on one line


def _depth(value) -> int:
    """0 for a scalar, 1 for a row, 2 for a matrix..., counting the deepest container."""
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, (list, tuple)):
        return 1 + max(map(_depth, value), default=0)
    return 0


def _format(value, indent: int, place: str) -> str:
    """JSON text indented by 2: rows of numbers always on one line, matrices and small objects too if short."""
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise FileFormatError(f"{place or 'file'}: key {key!r} is not a string; JSON keys must be strings")
        parts = [(json.dumps(k, ensure_ascii=False), _format(v, indent + 1, _join(place, k)))
                 for k, v in value.items()]
        inline = "{" + ", ".join(f"{k}: {v}" for k, v in parts) + "}"
        lines = [f"{k}: {v}" for k, v in parts]
        brackets = "{}"
    elif isinstance(value, (list, tuple)):
        lines = [_format(v, indent + 1, f"{place}[{i}]") for i, v in enumerate(value)]
        inline = "[" + ", ".join(lines) + "]"
        brackets = "[]"
    else:
        return _scalar(value, place)
    depth = _depth(value)
    if (depth <= 1 and brackets == "[]") or (depth <= 2 and "\n" not in inline
                                             and 2 * indent + len(inline) <= LINE_WIDTH):
        return inline
    pad = "  " * (indent + 1)
    return brackets[0] + "\n" + ",\n".join(pad + line for line in lines) + "\n" + "  " * indent + brackets[1]


def _join(place: str, key: str) -> str:
    return f"{place}.{key}" if place else key
