"""The .nnviz file: versioned JSON, the only way networks are saved and exchanged.

Loading validates the whole document (the section checks live in file_validation) and raises one
FileFormatError listing every problem as "place: message" (place is the JSON path, e.g.
network.weights[0][1][2]). Saving is atomic. A mask of all ones is read and written as null.

Layout (version 1): {"format": "nnviz", "version": 1, "title": str, "network": {"input_size",
"layers": [{"size", "activation", "bias"}], "weights": [l][i][j], "biases": [l] or null,
"masks": null or [l] null or 0/1 matrix}, "loss": {"name", "reduction", "delta" (huber only)},
"data": {"inputs", "targets", "validation" (optional: null or {"inputs", "targets"}, a held-out set
with the same columns)}, "training": {"learning_rate", "batch_size", "seed"}, "view": {}}.
"""
import copy
import json
import math
import os
import secrets
from pathlib import Path

import numpy as np

from .errors import FileFormatError, NetworkError
from .file_validation import MAX_UNITS, MAX_VALUE_PROBLEMS, DocumentValidator, describe
from .losses import check_loss_fits
from .notation import Notation
from .project import Project

__all__ = ["FORMAT", "VERSION", "MAX_UNITS", "MAX_VALUE_PROBLEMS", "LINE_WIDTH",
           "load", "loads", "from_dict", "to_dict", "dumps", "save"]

FORMAT = "nnviz"
VERSION = 1

_TOP_KEYS = ("format", "version", "title", "network", "loss", "data", "training", "view")


# ----- public API ------------------------------------------------------------------------
def load(path, *, require_computable: bool = True) -> Project:
    """Read and validate a .nnviz file; any problem (including reading it) is a FileFormatError.

    require_computable=False (for the GUI) accepts a loss / output activation / target pairing the
    engine rejects, so a file saved mid-edit opens and can be fixed; all structure is still checked.
    """
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
    return loads(text, source=str(path), require_computable=require_computable)


def loads(text: str, source: str = "file", *, require_computable: bool = True) -> Project:
    """Parse and validate .nnviz text; `source` names it in messages about the text as a whole (see load)."""
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
    return from_dict(data, require_computable=require_computable)


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
        "biases": [w.row(b, f"network.biases[{l}]") if layer.bias else None
                   for l, (layer, b) in enumerate(zip(net.layers, net.biases))],
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
