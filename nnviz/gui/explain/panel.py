"""The Explain panel: the derivation of whatever is selected, typeset, in the document's notation.

For an edge, the chain rule along its paths (names, numbers, products, sum), the layer form with shapes
and the SGD update; for a neuron, its forward and backward lines (z, a, ∂L/∂a, f'(z), δ, ∂L/∂b); with
nothing selected, the loss. The derivations are built by the core (nnviz.core.derivation and
layer_form) from the document's pass; this panel only lays them out. Hovering a factor highlights the
neuron or edge it comes from on the canvas, and the path it belongs to.
"""
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nnviz.core.derivation import Explainer
from nnviz.core.layer_form import LayerForm
from nnviz.core.mathtext import Block, NumberFormat
from nnviz.core.quantities import Quantity
from nnviz.gui.document import Change
from nnviz.gui.selection import EdgeRef, NeuronRef

from ..scrolled import scrolled
from .math_view import MathView

PATHS_SHOWN = 8  # the panel lists at most this many paths (the largest); the command line lists more


def canvas_ref(ref: tuple):
    """A token's ("unit", layer, unit) or ("edge", layer, i, j), 1-based, as the canvas's NeuronRef/EdgeRef."""
    if ref[0] == "unit":
        return NeuronRef(ref[1], ref[2] - 1)
    return EdgeRef(ref[1] - 1, ref[2] - 1, ref[3] - 1)


def hovered_refs(token, line_tokens) -> tuple:
    """(the canvas item of a hovered factor, every item of its path) for MathView.hovered; (None, []) for none."""
    if token is None or token.ref is None:
        return None, []
    path = []
    if token.group is not None:
        path = [canvas_ref(t.ref) for t in line_tokens if t.group == token.group and t.ref is not None]
    return canvas_ref(token.ref), path


class ExplainPanel(QWidget):
    """Follows the selection, the sample, the document and the display settings; `highlight(refs)` asks the
    canvas to mark the neurons and edges of the hovered factor and its path."""

    highlight = Signal(object, object)  # (the hovered item, every item of its path), canvas refs

    def __init__(self, doc, selection, settings=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.selection, self.settings = doc, selection, settings
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.copy_button = QPushButton("Copy LaTeX")
        self.copy_button.setToolTip("Copy this derivation as LaTeX (an align* block) to paste into a document")
        self.copy_button.clicked.connect(self.copy_latex)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        self.view = MathView()
        self.view.hovered.connect(self._on_hover)
        scroll = scrolled(self.view, horizontal=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 2, 2)
        layout.addLayout(header)
        layout.addWidget(scroll, 1)
        self.blocks: list[Block] = []
        self._dirty = True
        self._pending = QTimer(self)  # several changes in one event-loop turn make one rebuild
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.refresh)
        doc.changed.connect(self._on_doc_changed)
        selection.changed.connect(lambda _ref: self.schedule())
        selection.sampleChanged.connect(lambda _sample: self.schedule())
        if settings is not None:
            settings.changed.connect(self.schedule)
        self.refresh()

    # ----- keeping up ---------------------------------------------------------------------------------
    def _on_doc_changed(self, change) -> None:
        if change & (Change.VALUES | Change.STRUCTURE | Change.DATA | Change.LOSS | Change.TRAINING | Change.FILE
                     | Change.VIEW):
            self.schedule()

    def schedule(self) -> None:
        """Rebuild soon if shown; else only remember to (a hidden panel costs nothing while training)."""
        self._dirty = True
        if self.isVisible():
            self._pending.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self._pending.start()

    def number_format(self) -> NumberFormat:
        s = self.settings
        if s is None:
            return NumberFormat()
        return NumberFormat(s.precision, fixed=s.decimals)

    def refresh(self) -> None:
        self._dirty = False
        title, blocks = self.content()
        self.title.setText(title)
        self.blocks = blocks
        self.view.set_blocks(blocks)
        self.copy_button.setEnabled(any(block.lines for block in blocks))

    def content(self) -> tuple[str, list[Block]]:
        """The heading and the derivation blocks for the current selection and sample."""
        doc = self.doc
        if doc.result is None:
            return "No derivation", [Block("The network cannot be computed", notes=[doc.error or ""])]
        e = Explainer(doc.project, doc.result, doc.notation, self.number_format())
        ref = self.selection.current
        s = min(self.selection.sample, doc.project.sample_count - 1) + 1
        sample = f" (sample {s} of {e.m})" if e.m > 1 else ""
        net, n = doc.network, e.namer
        if isinstance(ref, EdgeRef) and ref.layer < len(net.layers) and ref.i < net.sizes()[ref.layer + 1] \
                and ref.j < net.sizes()[ref.layer]:
            q = Quantity("w", ref.layer + 1, ref.i + 1, ref.j + 1)
            title = (f"{n.grad(n.w(q.layer, q.i, q.j)).unicode}: the weight from {n.a(q.layer - 1, q.j).unicode} "
                     f"to {n.a(q.layer, q.i).unicode}{sample}")
            if not net.edge_present(ref.layer, ref.i, ref.j):
                return title, [Block("This edge is removed", notes=["Its weight is fixed at 0 and gets no gradient."])]
            return title, e.path_blocks(q, s, shown=PATHS_SHOWN) + LayerForm(e).blocks(q, s)
        if isinstance(ref, NeuronRef) and ref.column < len(net.sizes()) and ref.index < net.sizes()[ref.column]:
            l, i = ref.column, ref.index + 1
            if l == 0:
                return f"Input {n.x(i).unicode}{sample}", [Block("How the loss changes with this input",
                                                                  [e.input_gradient_line(i, s)])]
            activation = net.layers[l - 1].activation
            title = f"{n.a(l, i).unicode}: unit {i} of layer {l} ({activation}){sample}"
            blocks = [e.forward_block(l, i, s)]
            if l == e.last:
                blocks.append(e.loss_block())
            blocks.append(e.backward_block(l, i, s))
            if net.layers[l - 1].bias:
                blocks += e.path_blocks(Quantity("b", l, i), s, shown=PATHS_SHOWN)
            return title, blocks
        return "The loss", [e.loss_block(), Block("Select an edge or a neuron",
                                                  notes=["Its derivation appears here: the chain rule with every "
                                                         "factor named and valued, in this file's notation."])]

    # ----- hover and copy -----------------------------------------------------------------------------
    def _on_hover(self, token, line_tokens) -> None:
        self.highlight.emit(*hovered_refs(token, line_tokens))

    def latex(self) -> str:
        lines = [line.latex() for block in self.blocks for line in block.lines]
        return "\\begin{align*}\n" + " \\\\\n".join("&" + line for line in lines) + "\n\\end{align*}\n"

    def copy_latex(self) -> None:
        QGuiApplication.clipboard().setText(self.latex())
