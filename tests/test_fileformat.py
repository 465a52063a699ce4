"""The .nnviz file: loading, saving, exact round trips, atomic saves (its problems: test_file_validation)."""
import json
import math
import os
import stat
import time

import numpy as np
import pytest

from file_documents import VALID, assert_same_project, valid, with_validation
from nnviz.core import fileformat as ff
from nnviz.core.errors import FileFormatError
from nnviz.core.losses import Loss
from nnviz.core.network import Layer, Network
from nnviz.core.project import Project, TrainingSettings
from nnviz.paths import example_files


def random_project(seed: int = 0) -> Project:
    """Random float64 everywhere, a removed edge, a layer without bias, Huber with an odd delta."""
    rng = np.random.default_rng(seed)
    layers = [Layer(4, "tanh", True), Layer(3, "sigmoid", False), Layer(2, "identity", True)]
    weights = [rng.normal(size=(4, 5)), rng.normal(size=(3, 4)), rng.normal(size=(2, 3)) * 1e-7]
    biases = [rng.normal(size=4), np.zeros(3), rng.normal(size=2) * 1e12]
    masks = [None, np.ones((3, 4), dtype=bool), None]
    masks[1][0, 2] = masks[1][2, 1] = False
    weights[1][0, 2] = weights[1][2, 1] = 0.0
    weights[0][0, 0] = -0.0                      # the sign of zero must survive
    weights[0][0, 1] = 5e-324                    # smallest subnormal
    weights[0][0, 2] = 1.7976931348623157e308    # largest float
    weights[0][0, 3] = 2.0 ** 53 + 2             # a whole number beyond int-exact range of the writer
    weights[0][0, 4] = 1e15                      # a whole number written in exponent form
    net = Network(5, layers, weights, biases, masks)
    net.validate()
    return Project(net, Loss("huber", "mean", delta=0.1 + 0.2), rng.normal(size=(7, 5)),
                   rng.normal(size=(7, 2)), TrainingSettings(0.0123456789, 3, 42),
                   "random ✓ project", {"layout": {"x": [0.1, 2], "open": True}, "empty": {}})


# ----- valid documents and round trips --------------------------------------------------------
def test_valid_example_loads_into_the_worked_example_002():
    project = ff.loads(json.dumps(VALID))
    net = project.network
    assert net.input_size == 3 and [layer.size for layer in net.layers] == [2, 2, 1]
    assert [layer.activation for layer in net.layers] == ["relu", "relu", "identity"]
    assert project.loss == Loss("sse", "sum")
    assert project.inputs.tolist() == [[1.0, 2.0, -1.0]] and project.targets.tolist() == [[0.0]]
    assert project.training.learning_rate == 0.1 and project.training.batch_size is None
    assert project.view == VALID["view"]
    # the worked example's hand-derived loss: a1 = (2, 2), a2 = (4, 4), yhat = 8, (0 - 8)^2 = 64
    assert project.compute().loss == 64.0


def test_valid_example_round_trips_to_the_same_document():
    project = ff.from_dict(valid())
    again = ff.loads(ff.dumps(project))
    assert_same_project(project, again)
    assert ff.to_dict(again) == VALID  # integers written as integers, same keys, same view
    assert ff.dumps(again) == ff.dumps(project)


def test_random_float64_values_survive_save_and_load_bit_for_bit(tmp_path):
    project = random_project()
    path = tmp_path / "random.nnviz"
    ff.save(project, path)
    loaded = ff.load(path)
    assert_same_project(project, loaded)
    assert math.copysign(1.0, loaded.network.weights[0][0, 0]) == -1.0
    assert loaded.network.layers[1].bias is False
    assert json.loads(path.read_text("utf-8"))["network"]["biases"][1] == [0, 0, 0]  # kept while off
    ff.save(loaded, path)
    assert_same_project(project, ff.load(path))


@pytest.mark.parametrize("seed", range(5))
def test_random_networks_round_trip_through_text(seed):
    rng = np.random.default_rng(seed)
    sizes = [int(s) for s in rng.integers(1, 6, size=int(rng.integers(1, 4)))]
    net = Network.create(int(rng.integers(1, 6)), sizes, ["tanh"] * (len(sizes) - 1) + ["identity"])
    net.weights = [rng.normal(size=w.shape) * 10.0 ** rng.integers(-300, 300) for w in net.weights]
    net.biases = [rng.normal(size=b.shape) for b in net.biases]
    project = Project(net, Loss("mse"), rng.normal(size=(3, net.input_size)), rng.normal(size=(3, net.output_size)))
    assert_same_project(project, ff.loads(ff.dumps(project)))


def test_shipped_examples_load_and_round_trip():
    files = example_files()
    if not files:
        pytest.skip("no shipped examples yet")
    for path in files:
        project = ff.load(path)
        assert_same_project(project, ff.loads(ff.dumps(project)))


def test_dumps_keeps_each_row_of_numbers_on_one_line():
    project = random_project()
    text = ff.dumps(project)
    lines = [line.strip().rstrip(",") for line in text.splitlines()]
    for l, w in enumerate(ff.to_dict(project)["network"]["weights"]):
        for row in w:
            assert any(f"[{', '.join(json.dumps(x) for x in row)}]" in line for line in lines), (l, row)
    assert text.startswith('{\n  "format": "nnviz",\n  "version": 1,\n')
    assert '      {"size": 4, "activation": "tanh", "bias": true},' in text.splitlines()
    assert json.loads(text) == ff.to_dict(project)


def test_bias_off_keeps_its_numbers_through_a_save_so_switching_it_on_restores_them(tmp_path):
    project = ff.from_dict(valid())
    project.network.biases[1][:] = [0.5, -0.0]
    project.network.set_bias_enabled(1, False)
    path = tmp_path / "off.nnviz"
    ff.save(project, path)
    assert json.loads(path.read_text("utf-8"))["network"]["biases"] == [[0, 0], [0.5, -0.0], [0]]
    again = ff.load(path)
    assert again.network.layers[1].bias is False and again.network.equals(project.network)
    again.network.set_bias_enabled(1, True)
    assert again.network.biases[1].tolist() == [0.5, 0.0] and math.copysign(1, again.network.biases[1][1]) == -1
    # the kept numbers do not count while the bias is off: 64, as with every bias 0
    assert ff.load(path).compute().loss == 64.0


def test_bias_off_written_as_null_by_older_files_loads_as_zeros():
    doc = valid()
    doc["network"]["layers"][1]["bias"] = False
    doc["network"]["biases"][1] = None
    project = ff.from_dict(doc)
    assert project.network.layers[1].bias is False
    assert project.network.biases[1].tolist() == [0.0, 0.0]
    assert ff.to_dict(project)["network"]["biases"] == [[0, 0], [0, 0], [0]]


def test_bias_defaults_to_true_and_training_and_view_are_optional():
    doc = valid()
    del doc["network"]["layers"][0]["bias"], doc["training"], doc["view"], doc["title"]
    del doc["network"]["masks"], doc["loss"]["reduction"]
    project = ff.from_dict(doc)
    assert project.network.layers[0].bias is True
    assert vars(project.training) == vars(TrainingSettings())
    assert project.view == {} and project.title == ""
    assert project.loss.reduction == "sum"  # sse's default


def test_huber_delta_defaults_to_one_and_is_written_only_for_huber():
    doc = valid()
    doc["loss"] = {"name": "huber", "reduction": "sum"}
    assert ff.from_dict(doc).loss.delta == 1.0
    doc["loss"]["delta"] = 0.25
    project = ff.from_dict(doc)
    assert project.loss.delta == 0.25 and ff.to_dict(project)["loss"]["delta"] == 0.25
    assert "delta" not in ff.to_dict(ff.from_dict(valid()))["loss"]


def test_masks_load_as_bool_arrays_and_save_as_zero_one():
    doc = valid()
    doc["network"]["masks"] = [[[1, 0, 1], [1, 1, 1]], None, None]
    doc["network"]["weights"][0][0][1] = 0
    project = ff.from_dict(doc)
    mask = project.network.masks[0]
    assert mask.dtype == bool and mask.tolist() == [[True, False, True], [True, True, True]]
    assert project.network.masks[1] is None
    assert ff.to_dict(project)["network"]["masks"] == [[[1, 0, 1], [1, 1, 1]], None, None]
    # edge x2 -> h1 removed: h1 = 1 - 1 = 0, h2 = 1 + 2 - 1 = 2, layer 2 = (2, 2), yhat = 4
    assert project.compute().loss == 16.0


def test_all_ones_mask_loads_and_saves_as_no_mask_like_the_edge_editor():
    doc = valid()
    doc["network"]["masks"] = [[[1, 1, 1], [1, 1, 1]], [[1, 1], [1, 1]], None]
    loaded = ff.from_dict(doc)
    assert loaded.network.masks == [None, None, None]
    edited = loaded.network.copy()
    edited.set_edge_enabled(0, 1, 2, False)  # x3 -> h2 removed ...
    assert edited.masks[0].tolist() == [[True, True, True], [True, True, False]]
    edited.set_edge_enabled(0, 1, 2, True)  # ... and restored (weight 0): the editor drops the mask again
    edited.set_weight(0, 1, 2, 1.0)
    assert edited.masks[0] is None and edited.equals(loaded.network)
    project = ff.from_dict(valid())
    project.network = edited
    assert ff.to_dict(project)["network"]["masks"] is None
    assert ff.loads(ff.dumps(project)).network.equals(loaded.network)
    # a mask of ones held in memory (not made by the editor) is written as null too
    project.network.masks[1] = np.ones((2, 2), dtype=bool)
    assert ff.to_dict(project)["network"]["masks"] is None
    project.network.masks[1][0, 1] = False
    project.network.weights[1][0, 1] = 0.0
    assert ff.to_dict(project)["network"]["masks"] == [None, [[1, 0], [1, 1]], None]


def test_an_edited_network_round_trips_to_an_equal_network(tmp_path):
    path = tmp_path / "edited.nnviz"
    doc = valid()
    doc["network"]["masks"] = [[[1, 1, 1], [1, 1, 1]], None, None]
    path.write_text(json.dumps(doc), "utf-8")
    project = ff.load(path)
    for l, i, j in [(0, 0, 1), (1, 1, 0), (0, 0, 1)]:  # remove two edges, restore the first
        project.network.set_edge_enabled(l, i, j, not project.network.edge_present(l, i, j))
    assert project.network.masks[0] is None and project.network.masks[1].tolist() == [[True, True], [False, True]]
    assert project.network.weights[0][0, 1] == 0.0  # a restored edge starts at weight 0
    ff.save(project, path)
    again = ff.load(path)
    assert again.network.equals(project.network)
    # h1 = relu(1 + 0 * 2 - 1) = 0, h2 = 2; layer 2: (0 + 2, removed + 2) = (2, 2); yhat = 4, (0 - 4)^2 = 16
    assert again.compute().loss == 16.0


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.nnviz"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(VALID).encode("utf-8"))
    assert ff.load(path).title == VALID["title"]

# ----- reading files ---------------------------------------------------------------------------
def test_load_errors_name_the_path(tmp_path):
    missing = tmp_path / "missing.nnviz"
    with pytest.raises(FileFormatError, match="no such file") as info:
        ff.load(missing)
    assert str(missing) in info.value.problems[0]

    with pytest.raises(FileFormatError, match="is a folder") as info:
        ff.load(tmp_path)
    assert str(tmp_path) in info.value.problems[0]

    latin1 = tmp_path / "latin1.nnviz"
    latin1.write_bytes(json.dumps({**VALID, "title": "é"}, ensure_ascii=False).encode("latin-1"))
    with pytest.raises(FileFormatError) as info:
        ff.load(latin1)
    offset = latin1.read_bytes().index(b"\xe9")
    assert info.value.problems == [f"{latin1}: not UTF-8 text (byte 0xe9 at offset {offset}); save the file as UTF-8"]

    broken = tmp_path / "broken.nnviz"
    broken.write_text('{"format": "nnviz",\n\n  oops}', "utf-8")
    with pytest.raises(FileFormatError) as info:
        ff.load(broken)
    assert info.value.problems == [f"{broken}: not valid JSON at line 3, column 3: "
                                   "Expecting property name enclosed in double quotes"]

    empty = tmp_path / "empty.nnviz"
    empty.write_bytes(b"")
    with pytest.raises(FileFormatError, match="empty") as info:
        ff.load(empty)
    assert str(empty) in info.value.problems[0]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_names_the_path(tmp_path):
    path = tmp_path / "secret.nnviz"
    path.write_text(json.dumps(VALID), "utf-8")
    path.chmod(0)
    try:
        with pytest.raises(FileFormatError, match="permission denied") as info:
            ff.load(path)
        assert str(path) in info.value.problems[0]
    finally:
        path.chmod(0o600)


def test_read_errors_become_file_format_errors(tmp_path, monkeypatch):
    """Also checked as root (who may read anything) by making the read itself fail."""
    path = tmp_path / "net.nnviz"
    path.write_text(json.dumps(VALID), "utf-8")
    for error, words in [(PermissionError(13, "Permission denied"), "permission denied"),
                         (OSError(5, "Input/output error"), "cannot be read (Input/output error)")]:
        def fail(*args, error=error):
            raise error
        monkeypatch.setattr(ff.files.os, "open", fail)
        with pytest.raises(FileFormatError) as info:
            ff.load(path)
        assert info.value.problems[0].startswith(f"{path}: {words}")


# ----- saving ----------------------------------------------------------------------------------
def _folder_listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_save_replaces_the_file_and_keeps_its_permissions(tmp_path):
    path = tmp_path / "net.nnviz"
    path.write_text("old", "utf-8")
    path.chmod(0o640)
    project = random_project()
    ff.save(project, path)
    assert path.read_text("utf-8") == ff.dumps(project)
    assert _folder_listing(tmp_path) == ["net.nnviz"]
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o640


def test_save_through_a_symlink_updates_its_target(tmp_path):
    target = tmp_path / "real.nnviz"
    target.write_text("old", "utf-8")
    link = tmp_path / "link.nnviz"
    try:
        link.symlink_to(target)
    except OSError:
        pytest.skip("symlinks not available")
    ff.save(ff.from_dict(valid()), link)
    assert link.is_symlink() and ff.load(target).title == VALID["title"]


@pytest.mark.parametrize("broken", ["dumps", "write", "fsync", "replace"])
def test_failed_save_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, broken):
    path = tmp_path / "net.nnviz"
    path.write_text("the old content", "utf-8")

    def fail(*args, **kwargs):
        raise OSError(f"simulated failure in {broken}")

    if broken == "dumps":
        monkeypatch.setattr(ff, "dumps", fail)
    elif broken == "write":  # serialisation fails half-way through writing the temporary file
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, f):
                self.f = f

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.f.close()

            def write(self, data):
                self.f.write(data[: len(data) // 2])
                self.f.flush()
                raise OSError("disk full")

            def __getattr__(self, name):
                return getattr(self.f, name)

        monkeypatch.setattr(ff.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
    else:
        monkeypatch.setattr(ff.os, broken, fail)
    with pytest.raises(OSError):
        ff.save(random_project(), path)
    monkeypatch.undo()
    assert path.read_text("utf-8") == "the old content"
    assert _folder_listing(tmp_path) == ["net.nnviz"]


def test_save_refuses_non_finite_values_before_touching_the_file(tmp_path):
    path = tmp_path / "net.nnviz"
    path.write_text("the old content", "utf-8")
    project = ff.from_dict(valid())
    project.network.weights[1][0, 1] = float("nan")
    project.inputs[0, 2] = float("inf")
    with pytest.raises(FileFormatError) as info:
        ff.save(project, path)
    places = [p.split(":", 1)[0] for p in info.value.problems]
    assert places == ["network.weights[1][0][1]", "data.inputs[0][2]"]
    assert path.read_text("utf-8") == "the old content"
    assert _folder_listing(tmp_path) == ["net.nnviz"]


def test_save_refuses_view_state_json_cannot_hold(tmp_path):
    project = ff.from_dict(valid())
    project.view = {"panel": {"size": float("nan")}}
    with pytest.raises(FileFormatError, match=r"^view\.panel\.size: is nan"):
        ff.dumps(project)
    project.view = {"panel": {1: "a"}}
    with pytest.raises(FileFormatError, match=r"^view\.panel: key 1 is not a string"):
        ff.dumps(project)
    project.view = {"panel": object()}
    with pytest.raises(FileFormatError, match=r"^view\.panel: a object cannot be written"):
        ff.dumps(project)


# ----- the optional validation set (data.validation) -------------------------------------------------
def test_validation_set_loads_and_its_loss_is_the_hand_derived_value():
    project = ff.from_dict(with_validation())
    assert project.validation_inputs.tolist() == [[1, 2, -1], [0, 0, 0], [3, 4, 5], [-1, -2, -3]]
    assert project.validation_targets.tolist() == [[0], [1], [2], [3]]
    # all weights 1, biases 0, ReLU: yhat = 4 * relu(sum x); sums 2, 0, 12, -6 -> yhat 8, 0, 48, 0
    assert project.validation_loss() == (0 - 8) ** 2 + (1 - 0) ** 2 + (2 - 48) ** 2 + (3 - 0) ** 2
    assert project.compute().loss == 64.0  # training data unchanged


def test_validation_set_round_trips_bit_for_bit(tmp_path):
    project = random_project()
    rng = np.random.default_rng(11)
    project.validation_inputs = rng.normal(size=(4, 5)) * 10.0 ** rng.integers(-300, 300, size=(4, 5))
    project.validation_targets = rng.normal(size=(4, 2))
    project.validation_inputs[0, 0] = -0.0
    project.validation_targets[3, 1] = 5e-324
    path = tmp_path / "split.nnviz"
    ff.save(project, path)
    loaded = ff.load(path)
    assert_same_project(project, loaded)
    assert math.copysign(1.0, loaded.validation_inputs[0, 0]) == -1.0
    written = json.loads(path.read_text("utf-8"))["data"]
    assert sorted(written) == ["inputs", "targets", "validation"]
    assert sorted(written["validation"]) == ["inputs", "targets"]
    assert ff.dumps(loaded) == ff.dumps(project)


def test_a_file_without_validation_writes_no_validation_key_and_null_reads_as_none():
    assert "validation" not in ff.to_dict(ff.from_dict(valid()))["data"]
    doc = valid()
    doc["data"]["validation"] = None
    project = ff.from_dict(doc)
    assert project.validation_inputs is None and project.validation_targets is None
    assert ff.to_dict(project) == VALID


def test_validation_columns_follow_the_network_through_a_save():
    project = ff.from_dict(with_validation())
    project.insert_input(0)
    project.insert_neuron(2, 1)
    again = ff.loads(ff.dumps(project))
    assert again.validation_inputs.shape == (4, 4) and again.validation_targets.shape == (4, 2)
    assert again.validation_inputs[:, 0].tolist() == [0, 0, 0, 0]


def test_save_refuses_a_non_finite_validation_value_at_its_place():
    project = ff.from_dict(with_validation())
    project.validation_targets[2, 0] = float("inf")
    with pytest.raises(FileFormatError) as info:
        ff.dumps(project)
    assert [p.split(":", 1)[0] for p in info.value.problems] == ["data.validation.targets[2][0]"]


# ----- paths that are not ordinary files, sizes, temporary files (issue 9) ----------------------------
def _special_files(tmp_path):
    """A FIFO, and a character device like /dev/null (made here, never the real one) if allowed."""
    fifo = tmp_path / "pipe.nnviz"
    os.mkfifo(fifo)
    made = [("a pipe", fifo)]
    device = tmp_path / "null-device.nnviz"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        made.append(("a device", device))
    except (PermissionError, OSError):
        pass
    return made


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_loading_a_pipe_or_device_is_refused_at_once(tmp_path):
    for what, path in _special_files(tmp_path):
        with pytest.raises(FileFormatError) as info:
            ff.load(path)  # a FIFO without a writer would block a plain open() forever
        assert info.value.problems == [f"{path}: is {what}, not an ordinary file; nnviz only reads ordinary files"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_saving_over_a_pipe_or_device_is_refused_and_leaves_it_as_it_was(tmp_path):
    for what, path in _special_files(tmp_path):
        mode = path.stat().st_mode
        with pytest.raises(FileFormatError) as info:
            ff.save(ff.from_dict(valid()), path)
        assert info.value.problems == [f"{path}: is {what}, not an ordinary file; nnviz only saves to ordinary "
                                       "files, so choose another file name"]
        assert path.stat().st_mode == mode  # still the FIFO or device, not a regular file
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "net.nnviz"
    path.write_text(json.dumps(VALID), "utf-8")
    monkeypatch.setattr(ff.files, "MAX_BYTES", 100)
    with pytest.raises(FileFormatError) as info:
        ff.load(path)
    assert info.value.problems == [f"{path}: is {path.stat().st_size:,} bytes, larger than the 100 bytes nnviz "
                                   "opens; is this the right file?"]


def test_the_temporary_file_name_is_short_so_a_long_file_name_still_saves(tmp_path, monkeypatch):
    names = []
    real_open = os.open

    def spy(path, *args, **kwargs):
        names.append(os.path.basename(path))
        return real_open(path, *args, **kwargs)
    monkeypatch.setattr(ff.files.os, "open", spy)
    path = tmp_path / ("n" * 243 + ".nnviz")  # 249 characters: legal, but not with 14 more
    ff.save(ff.from_dict(valid()), path)
    monkeypatch.undo()
    assert ff.load(path).title == VALID["title"]
    temp = [n for n in names if n.endswith(".tmp")]
    assert len(temp) == 1 and ff.files.TEMP_PATTERN.match(temp[0]) and len(temp[0]) == 19
    assert _folder_listing(tmp_path) == [path.name]


def test_stale_temporary_files_of_a_killed_save_are_removed_on_the_next_save_or_open(tmp_path):
    path = tmp_path / "net.nnviz"
    ff.save(ff.from_dict(valid()), path)
    old = time.time() - 3600
    stale = [".nnviz-0123abcd.tmp", ".nnviz-89abcdef.tmp", ".net.nnviz.0123abcd.tmp"]  # the last: nnviz 0.1's
    kept = [".other.nnviz.0123abcd.tmp", "notes.tmp", ".nnviz-0123.tmp"]
    for name in stale + kept:
        (tmp_path / name).write_text("half a file")
        os.utime(tmp_path / name, (old, old))
    (tmp_path / ".nnviz-fedcba98.tmp").write_text("another nnviz is saving this right now")
    ff.load(path)
    assert _folder_listing(tmp_path) == sorted(kept + [".nnviz-fedcba98.tmp", "net.nnviz"])
    os.utime(tmp_path / ".nnviz-fedcba98.tmp", (old, old))  # abandoned too, a while later
    ff.save(ff.from_dict(valid()), path)
    assert _folder_listing(tmp_path) == sorted(kept + ["net.nnviz"])


def test_text_that_cannot_be_saved_is_refused_before_the_file_is_touched(tmp_path):
    path = tmp_path / "net.nnviz"
    path.write_text("the old content", "utf-8")
    project = ff.from_dict(valid())
    project.title = "a\ud800b"
    project.view = {"ok": 1, "bad\udc00": 2}
    with pytest.raises(FileFormatError) as info:
        ff.save(project, path)
    assert info.value.problems[0].startswith("title: contains \\ud800 at character 2")
    project.title = "fine"
    with pytest.raises(FileFormatError, match=r"^view: a key contains \\udc00 at character 4"):
        ff.save(project, path)
    assert path.read_text("utf-8") == "the old content" and _folder_listing(tmp_path) == ["net.nnviz"]


def test_a_big_network_round_trips_with_one_line_per_row():
    rng = np.random.default_rng(3)
    net = Network.create(400, [400], ["identity"])
    net.weights[0] = rng.normal(size=(400, 400))
    project = Project(net, Loss("mse"), rng.normal(size=(1, 400)), rng.normal(size=(1, 400)))
    text = ff.dumps(project)
    assert_same_project(project, ff.loads(text))
    assert text.count("\n") < 1000  # one line per row
