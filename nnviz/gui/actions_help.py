"""Help menu: About nnviz, and a short guide to the notation, the file format and the keyboard."""
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout

import nnviz

ABOUT = (f"<h3>nnviz {getattr(nnviz, '__version__', '')}</h3>"
         "<p>Build small neural networks by hand and watch backpropagation work, number by number.</p>"
         "<p>Every edit recomputes the forward and backward pass in float64, so each z, a, δ, ∂L/∂w and ∂L/∂b "
         "shown matches a correct hand calculation.</p><p>MIT licence.</p>")


# single keys that are shortcuts on the diagram: Run/Pause, and an animated step's pause, stages and cancel
PLAIN_KEYS = {QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
              for k in ("Space", "Left", "Right", "Esc")}


def key_texts(action: QAction) -> list[str]:
    """The action's keyboard shortcuts as shown to users, without multimedia-keyboard keys ("Open", "Undo")."""
    texts = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
    return [t for t in texts if "+" in t or any(c in t for c in "⌘⌥⇧⌃")  # macOS writes ⌘S
            or (t.startswith("F") and t[1:].isdigit()) or len(t) == 1 or t in PLAIN_KEYS]


def help_html(shortcuts: list[tuple[str, QAction]]) -> str:
    """The help page: notation, editing, the .nnviz format and the window's keyboard shortcuts."""
    rows = "".join(f"<tr><td>{text}</td><td><b>{', '.join(key_texts(a))}</b></td></tr>"
                   for text, a in shortcuts if key_texts(a))
    return f"""
<h3>Notation</h3>
<p>Inputs are x<sub>1</sub>…x<sub>n</sub>; layers are numbered from 1, units from 1.
w<sup>(l)</sup><sub>ij</sub> is the weight from unit j of layer l−1 to unit i of layer l,
b<sup>(l)</sup><sub>i</sub> the bias, z = W a + b, a = f(z), δ = ∂L/∂z. View &gt; Notation writes the names
as your course does (from-to w<sub>jk</sub>, Z/H, net/out, the layer after a dash…).</p>
<h3>Editing</h3>
<p>Click a neuron or an edge to select it and edit its numbers in the Inspector; right-click for structural
edits. Every edit is one step in Edit &gt; Undo and in the Undo history.</p>
<h3>The .nnviz file</h3>
<p>A .nnviz file is JSON: <code>{{"format": "nnviz", "version": 1, "title", "network": {{"input_size",
"layers": [{{"size", "activation", "bias"}}], "weights", "biases", "masks"}}, "loss": {{"name", "reduction"}},
"data": {{"inputs", "targets"}}, "training": {{"learning_rate", "batch_size", "seed"}}, "view"}}</code>.
weights[l][i][j] is w<sup>(l+1)</sup><sub>i+1,j+1</sub>; masks marks removed edges with 0; biases[l] keeps
a layer's biases even while its bias is off.
Saving is atomic: the old file is replaced only once the new one is fully written.
A file with problems is not opened; its problems are listed with their places in the file (the first 20,
then how many more).</p>
<h3>Keyboard</h3><table cellspacing="6">{rows}</table>
"""


class HelpActions(QObject):
    """About and Help actions; the help text lists the live shortcuts of the window's actions."""

    def __init__(self, window, shortcuts):
        super().__init__(window)
        self.window, self.shortcuts = window, shortcuts
        self.about = QAction("&About nnviz", window)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.about.triggered.connect(lambda: QMessageBox.about(window, "About nnviz", ABOUT))
        self.help = QAction("File format and &keyboard help", window)
        self.help.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents))
        self.help.triggered.connect(self.show_help)

    def help_dialog(self) -> QDialog:
        dialog = QDialog(self.window)
        dialog.setWindowTitle("nnviz help")
        dialog.resize(640, 560)
        browser = QTextBrowser()
        browser.setHtml(help_html(self.shortcuts()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(browser)
        layout.addWidget(buttons)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return dialog

    def show_help(self) -> None:
        self.help_dialog().show()
