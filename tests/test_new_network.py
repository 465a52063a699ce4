"""File > New: each layer's activation and bias as text or rows, a title that is saved, a dialog that fits 1280×720."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from nnviz.core import fileformat
from nnviz.core.layer_specs import LayerSpec, parse_layer_specs, refit, specs_text
from nnviz.gui.block_dialog import BlockDialog
from nnviz.gui.new_dialog import NewNetworkDialog


SCREEN_720 = 720 - 80  # a 1280×720 screen less a task bar and the dialog's title bar


@pytest.mark.parametrize("text", ["relu, identity, identity nobias", "r, i, i nb", "ReLU; linear; id no bias",
                                  "relu bias, identity, identity without bias"])
def test_layer_specs_from_text(text):
    assert parse_layer_specs(text, 3) == [LayerSpec("relu"), LayerSpec("identity"), LayerSpec("identity", False)]


@pytest.mark.parametrize("text,message", [
    ("relu, identity", "the sizes give 3 layers but 2 are described here"),
    ("relu, s, identity", 'layer 2: "s" could be sigmoid or softmax'),
    ("relu, , identity", "layer 2 is empty"),
    ("relu, gelu, identity", 'layer 2: "gelu" is not an activation'),
    ("relu, relu, identity nobais", 'layer 3: "nobais" is not understood'),
])
def test_layer_specs_errors_name_the_layer(text, message):
    with pytest.raises(ValueError, match=message):
        parse_layer_specs(text, 3)


def test_layer_specs_round_trip_and_refit():
    specs = [LayerSpec("tanh", False), LayerSpec("sigmoid")]
    assert specs_text(specs) == "tanh nobias, sigmoid" and parse_layer_specs(specs_text(specs), 2) == specs
    assert refit(specs, 4) == [LayerSpec("tanh", False), LayerSpec(), LayerSpec(), LayerSpec("sigmoid")]
    assert refit(specs, 1) == [LayerSpec("sigmoid")]


def test_text_and_rows_stay_in_step_and_the_title_follows_the_sizes(qtbot):
    dialog = NewNetworkDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.sizes.selectedText() == "3-2-2-1" and dialog.title.text() == "3-2-2-1 network"
    dialog.sizes.selectAll()
    qtbot.keyClicks(dialog.sizes, "2-3-3-1")
    assert dialog.title.text() == "2-3-3-1 network"
    assert dialog.layers.text.text() == "relu, relu, identity" and len(dialog.layers.rows) == 3
    dialog.layers.text.selectAll()
    qtbot.keyClicks(dialog.layers.text, "relu, identity, identity nobias")
    rows = [(combo.currentData(), bias.isChecked()) for _, combo, bias in dialog.layers.rows]
    assert rows == [("relu", True), ("identity", True), ("identity", False)]
    assert [label.text() for label, _, _ in dialog.layers.rows] == ["Layer 1: 3 units", "Layer 2: 3 units",
                                                                    "Layer 3 (output): 1 unit"]
    qtbot.mouseClick(dialog.layers.rows[1][2], Qt.MouseButton.LeftButton)  # the bias box of layer 2
    assert dialog.layers.text.text() == "relu, identity nobias, identity nobias"
    dialog.layers.text.selectAll()
    qtbot.keyClicks(dialog.layers.text, "relu, softmax, identity")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "softmax is only allowed on the output layer" in dialog.note.text()
    dialog.layers.text.selectAll()
    qtbot.keyClicks(dialog.layers.text, "relu, tanh")
    assert not ok.isEnabled() and "the sizes give 3 layers but 2 are described" in dialog.layers.message.text()
    qtbot.keyClicks(dialog.layers.text, ", sigmoid")
    assert ok.isEnabled() and dialog.layers.message.isHidden()
    qtbot.keyClicks(dialog.title, "XOR by hand")
    dialog.sizes.setText("2-2-1")
    assert dialog.title.text() == "2-3-3-1 networkXOR by hand"  # typed: no longer follows the sizes
    assert dialog.layers.text.text() == "relu, sigmoid"  # the output layer keeps its kind
    project = dialog.project()
    assert project.title == "2-3-3-1 networkXOR by hand"
    assert [(layer.activation, layer.bias) for layer in project.network.layers] == [("relu", True), ("sigmoid", True)]


@pytest.mark.parametrize("sizes", ["3-2-2-1", "2-3-3-3-3-3-3-3-3-3-3-3-1"])
def test_the_new_dialog_fits_1280_by_720(qtbot, sizes):
    dialog = NewNetworkDialog()
    qtbot.addWidget(dialog)
    dialog.sizes.setText(sizes)
    dialog.show()
    qtbot.waitExposed(dialog)
    hint = dialog.sizeHint()
    assert hint.height() <= SCREEN_720 and hint.width() <= 1280
    assert dialog.layers.scroll.height() <= 4 * 40  # many layers scroll instead of growing the dialog


def test_the_block_dialog_fits_1280_by_720(window):
    dialog = BlockDialog(window.doc, None, window)
    assert dialog.sizeHint().height() <= SCREEN_720 and dialog.sizeHint().width() <= 1280
    dialog.deleteLater()


def test_a_new_networks_title_is_saved(window, monkeypatch, tmp_path):
    def accept(self):
        self.sizes.setText("2-3-3-1")
        self.title.setText("Worked example 001 by hand")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(NewNetworkDialog, "exec", accept)
    window.file_actions.new.trigger()
    assert window.windowTitle() == "Worked example 001 by hand[*] — nnviz"
    target = tmp_path / "mine.nnviz"
    assert window.files.save_to(target)
    assert fileformat.load(target).title == "Worked example 001 by hand"
    monkeypatch.setattr(NewNetworkDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    window.file_actions.new.trigger()  # no title typed: the sizes name it
    assert window.files.save_to(target)
    assert fileformat.load(target).title == "3-2-2-1 network"
