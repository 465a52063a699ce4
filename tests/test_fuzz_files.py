"""Seeded fuzzing of .nnviz files: a few hundred structure-aware mutations of the shipped examples.

Each mutated file must either load, or be refused with nnviz's own errors (never a raw exception); the
headless commands must answer 0, 1 or 2 with at most one line "nnviz: ..." on stderr and never a traceback,
and --json output must be strict JSON. The mutations work on the parsed document (replace, delete or add a
value; resize a row; flip a bias; remove edges; extreme numbers) and on its text (a key given twice, a
truncation, a 5,000-digit number, a lone surrogate, a control character, bytes that are not UTF-8).
"""
import copy
import json
import random
from collections import Counter

import pytest

from nnviz.cli import main
from nnviz.core import FileFormatError, NetworkError, fileformat
from nnviz.paths import example_files

SEED = 9
FILES = 400

HOSTILE = [None, True, False, 0, -1, 2, 1.5, -0.0, 5e-324, 1e308, -1e308, 1e-200, 10 ** 400, -(10 ** 30),
           "", "relu", "softmax", "x\x1b[31m\n", "\u2028", [], [[]], [[[]]], {}, {"size": 1}, [None], ["relu"],
           [1e308] * 3, list(range(40))]


def _nodes(value, path=()):
    """(path, value) of every node of a parsed document."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _nodes(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _nodes(item, path + (i,))


def _parent(doc, path):
    for key in path[:-1]:
        doc = doc[key]
    return doc


def _mutate_tree(rng: random.Random, doc) -> None:
    """One structure-aware change of the parsed document, in place."""
    nodes = [(p, v) for p, v in _nodes(doc) if p]
    path, value = rng.choice(nodes)
    parent, key = _parent(doc, path), path[-1]
    kind = rng.randrange(9)
    if kind == 0:
        parent[key] = copy.deepcopy(rng.choice(HOSTILE))
    elif kind == 1:
        del parent[key]
    elif kind == 2 and isinstance(value, dict):
        value[rng.choice(["extra", "size", "bias", "\ud800", "t\x07", "title"])] = copy.deepcopy(rng.choice(HOSTILE))
    elif kind == 3 and isinstance(value, list) and value:
        if rng.random() < 0.5:
            value.append(copy.deepcopy(rng.choice(value)))
        else:
            value.pop(rng.randrange(len(value)))
    elif kind == 4 and isinstance(value, (int, float)) and not isinstance(value, bool):
        parent[key] = rng.choice([value * 1e300, -value, value + 1, 0.0, -0.0, 1e308, 5e-324, int(value) * 10 ** 20])
    elif kind == 5:  # a layer's bias off or on, with or without its numbers
        layers = doc.get("network", {}).get("layers") if isinstance(doc.get("network"), dict) else None
        if isinstance(layers, list) and layers and isinstance(layers[-1], dict):
            l = rng.randrange(len(layers))
            if isinstance(layers[l], dict):
                layers[l]["bias"] = not layers[l].get("bias", True)
                biases = doc["network"].get("biases")
                if rng.random() < 0.5 and isinstance(biases, list) and l < len(biases):
                    biases[l] = None
    elif kind == 6:  # remove edges: a mask of zeros (and sometimes their weights too)
        net = doc.get("network")
        if isinstance(net, dict) and isinstance(net.get("weights"), list) and net["weights"]:
            l = rng.randrange(len(net["weights"]))
            w = net["weights"][l]
            if isinstance(w, list) and all(isinstance(r, list) for r in w):
                masks = net.get("masks") if isinstance(net.get("masks"), list) else [None] * len(net["weights"])
                masks[l] = [[rng.choice([0, 1]) for _ in r] for r in w]
                net["masks"] = masks
                if rng.random() < 0.7:
                    net["weights"][l] = [[x if m else 0 for x, m in zip(r, mr)] for r, mr in zip(w, masks[l])]
    elif kind == 7:  # another loss or activation by name
        if isinstance(doc.get("loss"), dict):
            doc["loss"]["name"] = rng.choice(["sse", "mse", "bce", "cross_entropy", "cosine", "hinge", "huber",
                                              "l1", "half_sse", "nope"])
    else:  # extreme numbers where the engine will meet them
        net = doc.get("network")
        if isinstance(net, dict) and isinstance(net.get("weights"), list) and net["weights"]:
            w = net["weights"][rng.randrange(len(net["weights"]))]
            if isinstance(w, list) and w and isinstance(w[0], list) and w[0]:
                w[0][0] = rng.choice([1e308, -1e308, 1e200, 1e154])


def _mutate_text(rng: random.Random, text: str) -> str | bytes:
    """One change of the file's text (or bytes) that a parsed document cannot express."""
    kind = rng.randrange(7)
    if kind == 0:  # a key given twice
        return text.replace('"loss": {', '"loss": {"name": "mse", ', 1)
    if kind == 1:
        return text[:rng.randrange(len(text))]
    if kind == 2:
        return text.replace('"version": 1', '"version": ' + "9" * 5000, 1)
    if kind == 3:
        return text.replace('"title": "', '"title": "\\ud800', 1)
    if kind == 4:
        i = rng.randrange(len(text))
        return text[:i] + rng.choice(["\x00", "\x1b", "}", "]", ",", '"', "\\", "\n"]) + text[i + 1:]
    if kind == 5:
        return b"\xef\xbb\xbf" + _bytes(text) + (b"\xff" if rng.random() < 0.5 else b"")
    return text.replace("]", "]" * 3, 1)


def _bytes(text: str) -> bytes:
    """UTF-8, except that a raw lone surrogate becomes the invalid bytes it would be (not UTF-8 either)."""
    return text.encode("utf-8", "surrogatepass")


def _mutated_files(tmp_path, count=FILES, seed=SEED):
    rng = random.Random(seed)
    originals = [json.loads(p.read_text("utf-8")) for p in example_files()]
    assert originals, "no shipped examples to mutate"
    for n in range(count):
        doc = copy.deepcopy(rng.choice(originals))
        for _ in range(rng.randint(1, 3)):
            _mutate_tree(rng, doc)
        text = json.dumps(doc, ensure_ascii=rng.random() < 0.5)
        data = _mutate_text(rng, text) if rng.random() < 0.3 else text
        path = tmp_path / f"fuzz{n:03d}.nnviz"
        path.write_bytes(data if isinstance(data, bytes) else _bytes(data))
        yield path


def _cli(capsys, *argv):
    status = main([str(a) for a in argv])  # in-process: an exception here fails the test
    out, err = capsys.readouterr()
    assert status in (0, 1, 2), (argv, status, err)
    assert "Traceback" not in err and "Traceback" not in out, (argv, err)
    if status == 0:
        assert err == "", (argv, err)
    else:
        assert err.count("\n") == 1 and err.startswith("nnviz: "), (argv, err)
        assert len(err) < 4000
    if "--json" in argv and status != 2:
        def reject(name):
            raise AssertionError(f"{name} is not JSON: {argv}")
        json.loads(out, parse_constant=reject)
    return status


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_fuzzed_examples_load_or_are_refused_and_the_cli_never_shows_a_traceback(capsys, tmp_path):
    loaded, refused = 0, 0
    statuses = Counter()
    for path in _mutated_files(tmp_path):
        try:
            fileformat.load(path, require_computable=False)  # as the app opens it
        except (FileFormatError, NetworkError):
            pass
        try:
            project = fileformat.load(path)
        except (FileFormatError, NetworkError) as error:
            refused += 1
            assert str(error) and all(isinstance(p, str) for p in getattr(error, "problems", [str(error)]))
        else:
            loaded += 1
            again = fileformat.loads(fileformat.dumps(project))  # what loads also saves, bit for bit
            assert again.network.equals(project.network) and again.inputs.tobytes() == project.inputs.tobytes()
        out = path.with_suffix(".out.nnviz")
        for argv in (["solve", path], ["solve", path, "--json"], ["train", path, "--steps", 3, "--json"],
                     ["train", path, "--steps", 2, "-o", out]):
            statuses[argv[0], _cli(capsys, *argv)] += 1
    print(f"\nfuzzed files: {FILES}, loaded: {loaded}, refused: {refused}; CLI runs by (command, status): "
          f"{dict(sorted(statuses.items()))}")
    assert loaded + refused == FILES
    assert loaded >= FILES // 10 and refused >= FILES // 2  # the mutations reach both sides
    assert statuses["train", 1] > 0  # some files overflow before any step or while training
