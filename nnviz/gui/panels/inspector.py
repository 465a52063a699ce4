"""The inspector: shows and edits whatever is selected (an edge, a neuron, an input, or the network)."""
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from nnviz.gui.document import Document
from nnviz.gui.selection import EdgeRef, Selection

from .common import MessageLabel, display_digits, follow_settings, ref_exists
from .edge_page import EdgePage
from .input_page import InputPage
from ..scrolled import scrolled
from .neuron_page import NeuronPage
from .summary_page import SummaryPage


class InspectorPanel(QWidget):
    """Follows the selection and the document; every edit it makes is one pushed command."""

    def __init__(self, doc: Document, selection: Selection, settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.selection, self.settings = doc, selection, settings
        self.warning = MessageLabel("warning")  # why there is no result
        self.stack = QStackedWidget()
        self.summary_page = SummaryPage(doc, selection)
        self.edge_page = EdgePage(doc, selection)
        self.neuron_page = NeuronPage(doc, selection)
        self.input_page = InputPage(doc, selection)
        for page in (self.summary_page, self.edge_page, self.neuron_page, self.input_page):
            self.stack.addWidget(page)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.warning)
        body_layout.addWidget(self.stack)
        body_layout.addStretch(1)
        scroll = scrolled(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._shown = None  # (page, ref) on screen, to tell a new item from an update of the same one

        doc.changed.connect(lambda _change: self.refresh())
        selection.changed.connect(self._on_selection_changed)
        selection.sampleChanged.connect(self._on_selection_changed)
        follow_settings(settings, self.refresh)

    @property
    def page(self):
        return self.stack.currentWidget()

    def _on_selection_changed(self, *_args) -> None:
        if self._shown is not None and self.page.item_exists():
            self.page.flush()  # a typed, uncommitted number belongs to the item shown until now
        self.refresh()

    def refresh(self) -> None:
        ref = self.selection.current
        network = self.doc.network
        if not ref_exists(ref, network):
            ref = None
        if ref is None:
            page = self.summary_page
        elif isinstance(ref, EdgeRef):
            page = self.edge_page
        elif ref.column == 0:
            page = self.input_page
        else:
            page = self.neuron_page  # reads ref.layer = column - 1
        replace = self._shown != (page, ref)
        if self._shown is not None and self._shown[0] is not page:
            self._shown[0].discard()  # its item is gone or no longer selected: drop half-typed text
        self._shown = (page, ref)
        sample = max(0, min(self.selection.sample, self.doc.project.sample_count - 1))
        digits = display_digits(self.settings)
        self.stack.setCurrentWidget(page)
        page.show_item(ref, sample, digits, replace)
        self.warning.show_message(None if self.doc.result is not None
                                  else f"No result: {self.doc.error}")

