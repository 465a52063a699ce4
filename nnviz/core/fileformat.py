"""The .nnviz file: versioned JSON, the only way networks are saved and exchanged.

Loading validates the whole document (the section checks live in file_validation) and raises one
FileFormatError listing every problem as "place: message" (place is the JSON path, e.g.
network.weights[0][1][2]). A key given twice, text that cannot be saved again and numbers a float
cannot hold are refused too. Saving is atomic. A mask of all ones is read and written as null.

Layout (version 1): {"format": "nnviz", "version": 1, "title": str, "network": {"input_size",
"layers": [{"size", "activation", "bias"}], "weights": [l][i][j], "biases": [l] (a layer whose
"bias" is false keeps its numbers here, so switching the bias back on restores them; older files
may have null there instead, read as zeros),
"masks": null or [l] null or 0/1 matrix}, "loss": {"name", "reduction", "delta" (huber only)},
"data": {"inputs", "targets", "validation" (optional: null or {"inputs", "targets"}, a held-out set
with the same columns)}, "training": {"learning_rate", "batch_size", "seed"}, "view": {}}.
"""
import copy
import json
import math
import os
import re
import sys

import numpy as np

from . import files
from .errors import FileFormatError, NetworkError
from .file_validation import MAX_UNITS, MAX_VALUE_PROBLEMS, DocumentValidator, describe
from .losses import check_loss_fits
from .messages import printable, unsavable_text
from .notation import Notation
from .project import Project

__all__ = ["FORMAT", "VERSION", "MAX_UNITS", "MAX_VALUE_PROBLEMS", "LINE_WIDTH",
           "load", "loads", "from_dict", "to_dict", "dumps", "save"]

FORMAT = "nnviz"
VERSION = 1

_TOP_KEYS = ("format", "version", "title", "network", "loss", "data", "training", "view")


# ----- public API ------------------------------------------------------------------------
def load(path, *, require_computable: bool = True, progress=None) -> Project:
    """Read and validate a .nnviz file; any problem (including reading it) is a FileFormatError.

    require_computable=False (for the GUI) accepts a loss / output activation / target pairing the
    engine rejects, so a file saved mid-edit opens and can be fixed; all structure is still checked.
    Only an ordinary file of at most files.MAX_BYTES is read. progress(stage), if given, is called
    before each stage ("read", "parse", "check"); it may raise to stop loading (nothing has changed).
    """
    progress = progress or (lambda stage: None)
    progress("read")
    raw = files.read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")  # tolerate the byte-order mark some Windows editors add
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{printable(os.fspath(path), None)}: not UTF-8 text (byte 0x{raw[exc.start]:02x} "
                              f"at offset {exc.start}); save the file as UTF-8") from None
    return loads(text, source=printable(os.fspath(path), None), require_computable=require_computable,
                 progress=progress)


def loads(text: str, source: str = "file", *, require_computable: bool = True, progress=None) -> Project:
    """Parse and validate .nnviz text; `source` names it in messages about the text as a whole (see load)."""
    progress = progress or (lambda stage: None)
    if not text.strip():
        raise FileFormatError(f'{source}: the file is empty; expected a JSON object with "format": "nnviz"')
    progress("parse")
    data = _parse(text, source)
    progress("check")
    return from_dict(data, require_computable=require_computable)


def _parse(text: str, source: str):
    """The JSON value of `text`; FileFormatError with the line and column of what is wrong.

    Stricter than json.loads: a key given twice in one object is refused (JSON would keep the last
    silently), naming the key and its place.
    """
    repeated = {}  # id of an object with a repeated key -> (the object, its repeated keys)

    def object_from_pairs(pairs):
        obj = dict(pairs)
        if len(obj) < len(pairs):
            seen, twice = set(), []
            for key, _ in pairs:
                if key in seen and key not in twice:
                    twice.append(key)
                seen.add(key)
            repeated[id(obj)] = (obj, twice)
        return obj

    try:
        data = json.loads(text, object_pairs_hook=object_from_pairs)
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"{source}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") \
            from None
    except RecursionError:
        raise FileFormatError(f"{source}: nested too deeply to be a .nnviz file") from None
    except ValueError as exc:  # an integer literal with thousands of digits
        raise FileFormatError(_long_integer(text, source) or f"{source}: not valid JSON: {exc}") from None
    if repeated:
        raise FileFormatError([f"{place or 'file'}: the key {describe(key)} is given more than once; JSON keeps "
                               "only the last, so remove the others"
                               for place, obj in _objects(data, "") if id(obj) in repeated
                               for key in repeated[id(obj)][1]])
    return data


def _objects(value, place: str):
    """(place, object) of every JSON object in a parsed document, outermost first."""
    stack = [(place, value)]
    while stack:
        place, value = stack.pop()
        if isinstance(value, dict):
            yield place, value
            stack.extend((_join(place, k), v) for k, v in reversed(value.items()) if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((f"{place}[{i}]", v) for i, v in reversed(list(enumerate(value)))
                         if isinstance(v, (dict, list)))


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|-?(\d+)(\.\d+)?([eE][+-]?\d+)?')


def _long_integer(text: str, source: str) -> str | None:
    """Where the first whole number too long for Python to read is, as a message; None if there is none."""
    limit = sys.get_int_max_str_digits() or None
    for match in _JSON_TOKEN.finditer(text):
        digits = match.group(1)
        if digits and not match.group(2) and not match.group(3) and limit and len(digits) > limit:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            return (f"{source}: line {line}, column {column}: a whole number with {len(digits):,} digits; "
                    "numbers in a .nnviz file must be finite floats (at most about 1.8e308)")
    return None


def from_dict(data, *, require_computable: bool = True) -> Project:
    """Validate a parsed document and build the Project; raise FileFormatError listing every problem.

    With require_computable=False the pairing problems of check_loss_fits are not problems (see load).
    """
    _check_identity(data)
    v = DocumentValidator()
    v.unknown_keys(data, "", _TOP_KEYS)
    title = data.get("title", "")
    if not isinstance(title, str):
        v.fail("title", f"expected a string, got {describe(title)}")
    elif unsavable_text(title):
        v.fail("title", unsavable_text(title))
    network = v.section(data, "network", required=True)
    loss_doc = v.section(data, "loss", required=True)
    data_doc = v.section(data, "data", required=True)
    training_doc = v.section(data, "training", required=False)

    net = v.network(network) if network is not None else None
    loss = v.loss(loss_doc) if loss_doc is not None else None
    n_in = net.input_size if net is not None else v.known_size(network, "input_size")
    n_out = net.output_size if net is not None else v.known_output_size(network)
    inputs, targets = v.data(data_doc, n_in, n_out) if data_doc is not None else (None, None)
    val_inputs, val_targets = v.validation(data_doc, n_in, n_out) if data_doc is not None else (None, None)
    training = v.training(training_doc)
    view = data.get("view", {})
    _check_view(v, view)
    out_activation = v.known_output_activation(network)
    if require_computable and loss is not None and out_activation is not None and targets is not None:
        problems = check_loss_fits(loss, out_activation, targets)
        for message in problems:
            v.fail("data.targets" if "target" in message else "loss", message)
        if val_targets is not None:  # the pairing itself is reported once, above; here only target values
            for message in check_loss_fits(loss, out_activation, val_targets):
                if message not in problems:
                    v.fail("data.validation.targets", message)
    if v.problems:
        raise FileFormatError(v.problems)

    project = Project(net, loss, inputs, targets, training, title, view, val_inputs, val_targets)
    for prefix, run_check, checked_targets in (("data", project.check, targets),
                                               ("data.validation", project.check_validation, val_targets)):
        try:
            run_check()
        except NetworkError as exc:  # a rule of the engine the validator does not repeat itself
            message = str(exc).removeprefix("validation set: ")
            if not require_computable and message in check_loss_fits(loss, net.layers[-1].activation,
                                                                     checked_targets):
                continue  # only a pairing problem, which the caller accepts; the rest was checked first
            place = f"{prefix}.targets" if "target" in message else f"{prefix}.inputs" if "input" in message \
                else "loss"
            raise FileFormatError(f"{place}: {message}") from None
    return project


def _check_identity(data) -> None:
    """Stop at once unless this is a .nnviz document of a version this code reads."""
    if not isinstance(data, dict):
        raise FileFormatError(f'file: the top level must be a JSON object with "format": "nnviz", '
                              f"got {describe(data)}")
    if "format" not in data:
        raise FileFormatError('format: missing; a .nnviz file starts with "format": "nnviz" '
                              "(is this a .nnviz file?)")
    if not isinstance(data["format"], str) or data["format"] != FORMAT:
        raise FileFormatError(f'format: expected "nnviz", got {describe(data["format"])} '
                              "(is this a .nnviz file?)")
    if "version" not in data:
        raise FileFormatError(f"version: missing; this nnviz reads version {VERSION}")
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FileFormatError(f"version: expected a whole number >= 1, got {describe(version)}")
    if version > VERSION:
        raise FileFormatError(f"version: written by a newer nnviz (version {version}); "
                              f"this nnviz reads version {VERSION}. Update nnviz to open it.")


def _check_view(v: DocumentValidator, view) -> None:
    """The window state is free-form, but what could not be saved again is refused now."""
    if not isinstance(view, dict):
        v.fail("view", f"expected an object (it holds the window state), got {describe(view)}")
        return
    try:
        _format(view, 0, "view")
    except FileFormatError as exc:
        v.problems.extend(exc.problems)
    except RecursionError:
        v.fail("view", "nested too deeply")
    if "notation" in view:
        try:
            Notation.from_view(view["notation"])
        except ValueError as exc:
            v.fail("view.notation", str(exc))


def to_dict(project: Project) -> dict:
    """The JSON document for a project (numbers as Python int/float, ready for json)."""
    w = _Writer()
    net = project.network
    masks = [None if m is None or np.all(m) else np.asarray(m, dtype=int).tolist() for m in net.masks]
    network = {
        "input_size": int(net.input_size),
        "layers": [{"size": int(layer.size), "activation": layer.activation, "bias": bool(layer.bias)}
                   for layer in net.layers],
        "weights": [w.matrix(m, f"network.weights[{l}]") for l, m in enumerate(net.weights)],
        "biases": [w.row(b, f"network.biases[{l}]") for l, b in enumerate(net.biases)],  # kept while off
        "masks": None if all(m is None for m in masks) else masks,
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
    if project.validation_inputs is not None:  # written only when there is one: older files stay as they were
        document["data"]["validation"] = {
            "inputs": w.matrix(project.validation_inputs, "data.validation.inputs"),
            "targets": w.matrix(project.validation_targets, "data.validation.targets")}
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
    """Write atomically (files.write_atomically): the old file is replaced only by a complete new one.

    A project that cannot be represented, or a path that is not an ordinary file (a device, a pipe),
    raises FileFormatError before anything is written; errors writing propagate as OSError.
    """
    files.save_target(path)  # refused before the work of formatting a big network
    files.write_atomically(path, dumps(project).encode("utf-8"))


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
        array = np.asarray(values, dtype=np.float64)
        if not np.isfinite(array).all():
            return [self.number(x, f"{place}[{j}]") for j, x in enumerate(array.tolist())]
        out = array.tolist()  # the same choices as number(), for a whole row at once
        whole = (array == np.trunc(array)) & (np.abs(array) < 1e15) & ~((array == 0) & np.signbit(array))
        for j in np.flatnonzero(whole).tolist():
            out[j] = int(out[j])
        return out

    def matrix(self, values, place: str) -> list:
        return [self.row(r, f"{place}[{i}]") for i, r in enumerate(np.asarray(values).tolist())]


def _scalar(value, place: str) -> str:
    if isinstance(value, str):
        problem = unsavable_text(value)
        if problem:
            raise FileFormatError(f"{place}: {problem}")
    elif isinstance(value, float) and not math.isfinite(value):
        raise FileFormatError(f"{place}: is {value!r}; a .nnviz file holds only finite numbers")
    elif isinstance(value, int) and not isinstance(value, bool) and not _fits_float(value):
        raise FileFormatError(f"{place}: a whole number too large for a .nnviz file (at most about 1.8e308)")
    try:
        return json.dumps(value, ensure_ascii=False)
    except TypeError:
        raise FileFormatError(f"{place}: a {type(value).__name__} cannot be written to a .nnviz file") from None


def _fits_float(value: int) -> bool:
    try:
        float(value)
    except OverflowError:
        return False
    return True


LINE_WIDTH = 100  # a matrix or small object that fits goes on one line


def _format(value, indent: int, place: str) -> str:
    """JSON text indented by 2: rows of numbers always on one line, matrices and small objects too if short."""
    return _formatted(value, indent, place)[0]


def _number_row(value) -> str | None:
    """A list of finite floats and (float-sized) ints as one line, or None to format it item by item."""
    if not {type(x) for x in value} <= {float, int}:
        return None
    try:
        if not all(map(math.isfinite, value)):
            return None
    except OverflowError:  # an int too large for a float: reported at its place
        return None
    return "[" + ", ".join(map(repr, value)) + "]"  # repr is json.dumps for these (json uses it)


def _formatted(value, indent: int, place: str) -> tuple[str, int]:
    """(text, depth): depth 0 for a scalar, 1 for a row, 2 for a matrix..., the deepest container."""
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise FileFormatError(f"{place or 'file'}: key {key!r} is not a string; JSON keys must be strings")
            problem = unsavable_text(key)
            if problem:
                raise FileFormatError(f"{place or 'file'}: a key {problem}")
        parts = [(json.dumps(k, ensure_ascii=False), _formatted(v, indent + 1, _join(place, k)))
                 for k, v in value.items()]
        lines = [f"{k}: {v}" for k, (v, _) in parts]
        depths = [d for _, (_, d) in parts]
        inline = "{" + ", ".join(lines) + "}"
        brackets = "{}"
    elif isinstance(value, (list, tuple)):
        row = _number_row(value)
        if row is not None:
            return row, 1
        parts = [_formatted(v, indent + 1, f"{place}[{i}]") for i, v in enumerate(value)]
        lines = [text for text, _ in parts]
        depths = [d for _, d in parts]
        inline = "[" + ", ".join(lines) + "]"
        brackets = "[]"
    else:
        return _scalar(value, place), 0
    depth = 1 + max(depths, default=0)
    if (depth <= 1 and brackets == "[]") or (depth <= 2 and "\n" not in inline
                                             and 2 * indent + len(inline) <= LINE_WIDTH):
        return inline, depth
    pad = "  " * (indent + 1)
    return brackets[0] + "\n" + ",\n".join(pad + line for line in lines) + "\n" + "  " * indent + brackets[1], depth


def _join(place: str, key: str) -> str:
    key = printable(key)
    return f"{place}.{key}" if place else key
