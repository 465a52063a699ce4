"""Network > Type or paste values, and the canvas context menu's entries for a whole W, b, x or y block."""
from functools import partial

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from nnviz.core.block_forms import BlockForm, BlockKey

from . import make_action
from ..document import Document
from ..selection import EdgeRef, NeuronRef, Selection

TYPE_VALUES_KEYS = ("Ctrl+Shift+V",)


def block_for(ref) -> BlockKey:
    """The block a selected item belongs to: its layer's W (neuron or edge), the inputs, else W⁽¹⁾."""
    if isinstance(ref, EdgeRef):
        return BlockKey("weights", ref.layer)
    if isinstance(ref, NeuronRef):
        return BlockKey("inputs") if ref.column == 0 else BlockKey("weights", ref.column - 1)
    return BlockKey("weights", 0)


class BlockActions(QObject):
    """Actions that open the block dialog on the selected item's weights, biases, inputs or targets."""

    def __init__(self, window, doc: Document, selection: Selection):
        super().__init__(window)
        self.window, self.doc, self.selection = window, doc, selection
        action = partial(make_action, window)
        self.type_values = action("&Type or paste values...", lambda: self.open(None),
                                  "Type or paste a whole weight matrix, bias vector, inputs or targets as a block "
                                  "(e.g. 0 1; 1 1; 1 0)", TYPE_VALUES_KEYS)
        self.weights = action("Type or paste weights...", lambda: self.open("weights"),
                              "Type or paste this layer's whole weight matrix")
        self.biases = action("Type or paste biases...", lambda: self.open("biases"),
                             "Type or paste this layer's bias vector")
        self.inputs = action("Type or paste inputs...", lambda: self.open("inputs"),
                             "Type or paste the inputs of every sample")
        self.targets = action("Type or paste targets...", lambda: self.open("targets"),
                              "Type or paste the targets of every sample")
        selection.changed.connect(self.update_texts)
        doc.changed.connect(self.update_texts)
        self.update_texts()

    def _layer(self) -> int | None:
        ref = self.selection.current
        if isinstance(ref, EdgeRef):
            return ref.layer
        if isinstance(ref, NeuronRef) and ref.column > 0:
            return ref.column - 1
        return None

    def _key(self, kind: str | None) -> BlockKey:
        if kind is None:
            return block_for(self.selection.current)
        return BlockKey(kind, self._layer() if kind in ("weights", "biases") else None)

    def update_texts(self, *_) -> None:
        """Name the blocks in the document's notation: "Type or paste W⁽²⁾..." for a neuron of layer 2."""
        l = self._layer()
        network = self.doc.network
        if l is not None and l >= len(network.layers):
            l = None
        for action, kind in ((self.weights, "weights"), (self.biases, "biases"), (self.inputs, "inputs"),
                             (self.targets, "targets")):
            if kind in ("weights", "biases") and l is None:
                action.setEnabled(False)
                continue
            form = BlockForm(self.doc.project, self.doc.namer(), BlockKey(kind, l if kind in ("weights", "biases")
                                                                          else None))
            action.setText(f"Type or paste {form.name} ({form.words})...")
            action.setEnabled(kind != "biases" or network.layers[l].bias)

    def context_actions(self, ref) -> list[QAction]:
        """The block entries a right click on `ref` offers."""
        if isinstance(ref, EdgeRef):
            return [self.weights]
        if isinstance(ref, NeuronRef) and ref.column == 0:
            return [self.inputs]
        if isinstance(ref, NeuronRef):
            last = ref.column == len(self.doc.network.layers)
            return [self.weights, self.biases] + ([self.targets] if last else [])
        return [self.type_values]

    def open(self, kind: str | None):
        """Open the dialog on the selected item's block of `kind` (None: the block the selection is in)."""
        from ..block_dialog import open_block_dialog  # the dialog's code loads when first opened
        return open_block_dialog(self.window, self.doc, self._key(kind))
