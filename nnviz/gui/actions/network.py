"""Network menu: structural edits of the selected neuron, layer or edge, each pushed as one undo command."""
from functools import partial

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox


from . import make_action
from ..commands import EditStructure, SetEdgeEnabled, weight_name
from ..document import Change, Document
from ..selection import EdgeRef, NeuronRef, Selection

MAX_INPUTS = 64
NEW_LAYER_ACTIVATION = "relu"


def column_name(column: int) -> str:
    return "the inputs" if column == 0 else f"layer {column}"


class NetworkActions(QObject):
    """Builds the Network actions, enables them for the current selection and pushes their commands."""

    def __init__(self, window, doc: Document, selection: Selection):
        super().__init__(window)
        self.window, self.doc, self.selection = window, doc, selection

        action = partial(make_action, window)

        self.add_neuron = action("Add &neuron to selected layer", self.add_neuron_to_selected,
                                 "Add a neuron (or an input) after the selected one")
        self.remove_neuron = action("&Remove selected neuron", self.remove_selected_neuron,
                                    "Remove the selected neuron (or input) and its edges")
        self.add_layer_before = action("Add layer &before selected layer", self.add_layer_before_selected,
                                       "Insert a fully connected ReLU layer before the selected neuron's layer")
        self.add_layer_after = action("Add layer &after selected layer", self.add_layer_after_selected,
                                      "Insert a fully connected ReLU layer after the selected neuron's layer")
        self.remove_layer = action("Remove selected &layer", self.remove_selected_layer,
                                   "Remove the selected neuron's layer; the next layer's weights become 1")
        self.change_input_size = action("Change &input size...", self.ask_input_size,
                                        "Set the number of inputs (new inputs are 0 with weights 0)")
        self.toggle_edge = action("Remove selected &edge", self.toggle_selected_edge,
                                  "Remove the selected edge (weight fixed at 0) or restore it")
        self.initialise = action("&Set all weights and biases...", self.ask_initialise,
                                 "Set every weight and bias to constants or seeded random values")
        self.add_neuron.setIconText("Add neuron")
        self.remove_neuron.setIconText("Remove neuron")
        self.structure_actions = [self.add_neuron, self.remove_neuron, self.add_layer_before, self.add_layer_after,
                                  self.remove_layer, self.toggle_edge]
        selection.changed.connect(self.update_enabled)
        doc.changed.connect(self.update_enabled)
        self.update_enabled()

    # ----- which actions apply ----------------------------------------------------------------
    def update_enabled(self, *_) -> None:
        ref = self.selection.current
        neuron = ref if isinstance(ref, NeuronRef) else None
        self.add_neuron.setEnabled(neuron is not None)
        self.remove_neuron.setEnabled(neuron is not None)
        self.add_layer_before.setEnabled(neuron is not None and neuron.column >= 1)
        self.add_layer_after.setEnabled(neuron is not None)
        self.remove_layer.setEnabled(neuron is not None and neuron.column >= 1)
        self.toggle_edge.setEnabled(isinstance(ref, EdgeRef))
        if neuron is not None and neuron.column == 0:
            x = self.doc.namer().x(neuron.index + 1)
            self.add_neuron.setText(f"Add &input after {x}")
            self.remove_neuron.setText(f"&Remove input {x}")
        elif neuron is not None:
            self.add_neuron.setText(f"Add &neuron to layer {neuron.column}")
            self.remove_neuron.setText(f"&Remove neuron {neuron.index + 1} of layer {neuron.column}")
        else:
            self.add_neuron.setText("Add &neuron to selected layer")
            self.remove_neuron.setText("&Remove selected neuron")
        if isinstance(ref, EdgeRef) and self._edge_exists(ref):
            verb = "Remove" if self.doc.network.edge_present(ref.layer, ref.i, ref.j) else "Restore"
            self.toggle_edge.setText(f"{verb} selected &edge {weight_name(self.doc, ref.layer, ref.i, ref.j)}")
        else:
            self.toggle_edge.setText("Remove/restore selected &edge")

    def context_actions(self, ref) -> list[QAction | None]:
        """The actions a right click on `ref` offers (None = separator)."""
        if isinstance(ref, NeuronRef):
            return [self.add_neuron, self.remove_neuron, None, self.add_layer_before, self.add_layer_after,
                    self.remove_layer]
        if isinstance(ref, EdgeRef):
            return [self.toggle_edge]
        return [self.change_input_size, self.initialise]

    def _edge_exists(self, ref: EdgeRef) -> bool:
        sizes = self.doc.network.sizes()
        return ref.layer < len(self.doc.network.layers) and ref.i < sizes[ref.layer + 1] and ref.j < sizes[ref.layer]

    # ----- pushing ----------------------------------------------------------------------------
    def push(self, make) -> bool:
        """Build a command and push it; an invalid edit is explained and nothing is pushed."""
        error = self.doc.try_push(make)
        if error is not None:
            self.report(error)
            return False
        self.window.statusBar().showMessage(self.doc.undo_stack.undoText(), 4000)
        return True

    def report(self, message: str) -> None:
        text = message[:1].upper() + message[1:]
        self.window.statusBar().showMessage(f"Cannot do that: {message}", 10000)
        QMessageBox.warning(self.window, "Cannot change the network", text)

    def structure(self, text: str, operation: str, *args, **kwargs) -> bool:
        return self.push(lambda: EditStructure(self.doc, text, operation, *args, **kwargs))

    def _neuron(self) -> NeuronRef | None:
        ref = self.selection.current
        return ref if isinstance(ref, NeuronRef) else None

    # ----- the edits --------------------------------------------------------------------------
    def add_neuron_to_selected(self) -> bool:
        ref = self._neuron()
        if ref is None:
            return False
        if ref.column == 0:
            return self.structure(f"Add input {self.doc.namer().x(ref.index + 2)}", "insert_input", ref.index + 1)
        return self.structure(f"Add neuron to layer {ref.column}", "insert_neuron", ref.column - 1, ref.index + 1)

    def remove_selected_neuron(self) -> bool:
        ref = self._neuron()
        if ref is None:
            return False
        if ref.column == 0:
            return self.structure(f"Remove input {self.doc.namer().x(ref.index + 1)}", "remove_input", ref.index)
        return self.structure(f"Remove neuron {ref.index + 1} of layer {ref.column}", "remove_neuron",
                              ref.column - 1, ref.index)

    def add_layer_before_selected(self) -> bool:
        ref = self._neuron()
        if ref is None or ref.column == 0:
            return False
        return self._insert_layer(ref.column - 1, ref.column)

    def add_layer_after_selected(self) -> bool:
        ref = self._neuron()
        if ref is None:
            return False
        return self._insert_layer(ref.column, ref.column)

    def _insert_layer(self, index: int, like_column: int) -> bool:
        """Insert a layer at network position `index`, as wide as column `like_column`."""
        size = self.doc.network.sizes()[like_column]
        return self.structure(f"Add layer {index + 1} ({size} neurons, {NEW_LAYER_ACTIVATION})", "insert_layer",
                              index, size, NEW_LAYER_ACTIVATION)

    def remove_selected_layer(self) -> bool:
        ref = self._neuron()
        if ref is None or ref.column == 0:
            return False
        return self.structure(f"Remove layer {ref.column}", "remove_layer", ref.column - 1)

    def set_input_size(self, n: int) -> bool:
        if n == self.doc.network.input_size:
            return False
        return self.structure(f"Set number of inputs to {n}", "set_input_size", n)

    def ask_input_size(self) -> bool:
        n, ok = QInputDialog.getInt(self.window, "Change input size", "Number of inputs:",
                                    self.doc.network.input_size, 1, MAX_INPUTS)
        return self.set_input_size(n) if ok else False

    def toggle_selected_edge(self) -> bool:
        ref = self.selection.current
        if not isinstance(ref, EdgeRef) or not self._edge_exists(ref):
            return False
        present = self.doc.network.edge_present(ref.layer, ref.i, ref.j)
        return self.push(lambda: SetEdgeEnabled(self.doc, ref.layer, ref.i, ref.j, not present))

    def initialise_all(self, method: str, value: float = 1.0, bias_value: float = 0.0, seed: int = 0) -> bool:
        if method == "constant":
            text = f"Set all weights = {value:g}, biases = {bias_value:g}"
        else:
            from ..new_dialog import INITIALISATION_LABELS
            text = f"Set all weights: {INITIALISATION_LABELS[method].lower()} (seed {seed}), biases = {bias_value:g}"
        return self.structure(text, "initialise", method, value=value, bias_value=bias_value, seed=seed,
                              change=Change.VALUES)

    def ask_initialise(self) -> bool:
        from ..new_dialog import InitialiseDialog  # loaded when first opened
        dialog = InitialiseDialog(self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.initialise_all(**dialog.values())
