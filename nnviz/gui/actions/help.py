"""Help menu: the quick tour, About nnviz, and a short guide to the notation, the file format and the keyboard."""
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout

import nnviz

ABOUT = (f"<h3>nnviz {getattr(nnviz, '__version__', '')}</h3>"
         "<p>Build small neural networks by hand and watch backpropagation work, number by number.</p>"
         "<p>Every edit recomputes the forward and backward pass in float64, so each z, a, δ, ∂L/∂w and ∂L/∂b "
         "shown matches a correct hand calculation.</p><p>MIT licence.</p>")


TOUR_OFFERED = "help/tourOffered"

# keys a classroom keyboard has, by their portable names; beyond these Qt's bindings list multimedia and
# Sun keys ("Save", "Undo", F14, F16) that no one can press
_NAMED_KEYS = {"Space", "Backspace", "Del", "Ins", "Tab", "Backtab", "Return", "Enter", "Esc", "Left", "Right", "Up",
               "Down", "Home", "End", "PgUp", "PgDown"}
_MODIFIERS = ("Ctrl+", "Shift+", "Alt+", "Meta+")


def pressable(sequence: QKeySequence) -> bool:
    """A shortcut made of modifiers and one key a standard keyboard has (F1 to F12, a character, Tab...)."""
    text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    if not text or "," in text.replace("+,", ""):  # no empty or multi-chord sequences
        return False
    key = text
    while (prefix := next((m for m in _MODIFIERS if key.startswith(m) and len(key) > len(m)), None)) is not None:
        key = key[len(prefix):]
    return len(key) == 1 or key in _NAMED_KEYS or (key[0] == "F" and key[1:].isdigit() and 1 <= int(key[1:]) <= 12)


def key_texts(action: QAction) -> list[str]:
    """The action's keyboard shortcuts as the user sees them on this platform, only keys one can press."""
    return [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if pressable(k)]


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
        self.about.setStatusTip("The version, what nnviz is for, and its licence")
        self.about.triggered.connect(lambda: QMessageBox.about(window, "About nnviz", ABOUT))
        self.help = QAction("File format and &keyboard help", window)
        self.help.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents))
        self.help.setStatusTip("The notation, the .nnviz file format and every keyboard shortcut")
        self.help.triggered.connect(self.show_help)
        self.tour = QAction("Quick &tour", window)
        self.tour.setStatusTip("A few steps around the window: the diagram, Explain, editing, data, training, "
                               "checking your work")
        self.tour.triggered.connect(self.start_tour)
        self.quick_tour = None  # made when first started

    def start_tour(self) -> None:
        if self.quick_tour is None:
            from ..quick_tour import QuickTour
            self.quick_tour = QuickTour(self.window)
        self.quick_tour.start()

    def offer_tour(self, settings) -> None:
        """On the very first start, say in the status bar where the tour is."""
        if settings.value(TOUR_OFFERED) is None:
            settings.setValue(TOUR_OFFERED, True)
            self.window.statusBar().showMessage("New to nnviz? Help > Quick tour shows you around.", 15000)

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
