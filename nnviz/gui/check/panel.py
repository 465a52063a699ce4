"""The Check my work panel: the answer sheet (sheet_model.py) with a filter, paste and reveal, a summary of
the marks, and under the table the step of the first wrong answer (or of the selected row) derived with the
student's own numbers, its factors linked to the canvas as in the Explain panel.

It works only while its dock is open (`set_active`): a closed sheet costs nothing while training.
"""
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QMenu, QPushButton, QSplitter, QTableView,
                               QVBoxLayout, QWidget)

from nnviz.core.answers import AnswerError, read_answers, read_number
from nnviz.core.check_explain import step_block
from nnviz.core.check_sheet import SHORT
from nnviz.core.mathtext import Block, NumberFormat
from nnviz.core.quantities import Quantity
from nnviz.gui.document import Change
from nnviz.gui.explain.math_view import MathView
from nnviz.gui.explain.panel import hovered_refs
from nnviz.gui.panels.common import MessageLabel
from nnviz.gui.panels.number_delegate import NumberDelegate
from nnviz.gui.scrolled import scrolled
from nnviz.gui.selection import EdgeRef, NeuronRef

from .sheet_model import EXACT, QUANTITY, SYMBOL, VALUE, VALUE_HINT, SheetModel

REBUILD = Change.STRUCTURE | Change.DATA | Change.FILE | Change.LOSS  # other quantities, or other groups
COLUMN_WIDTHS = (120, 84, 84, 76)  # the diagnosis takes the rest
HINT = ("Type your homework's numbers under “Your value”, or paste NAME = VALUE lines: each is marked at once, "
        "✓ correct, ≈ carried (right from your own earlier numbers) or ✗ wrong.")


def _read_or_empty(text: str) -> None:
    if text.strip():
        read_number(text)


def canvas_item(q: Quantity):
    """The neuron or edge a quantity belongs to on the canvas (None for the loss)."""
    if q.kind in ("grad_w", "new_w"):
        return EdgeRef(q.layer - 1, q.i - 1, q.j - 1)
    return None if q.kind == "loss" else NeuronRef(q.layer, q.i - 1)


class SheetTable(QTableView):
    """The sheet's table: Ctrl+V pastes answers, Delete clears the selected ones."""

    pasteRequested = Signal()
    clearRequested = Signal()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.pasteRequested.emit()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != self.State.EditingState:
            self.clearRequested.emit()
            return
        super().keyPressEvent(event)


class CheckPanel(QWidget):
    """The answer sheet and the step it points at; `highlight` marks a hovered factor on the canvas and
    `marksChanged` says the canvas's badges need redrawing (see `canvas_marks`)."""

    highlight = Signal(object, object)
    marksChanged = Signal()
    statusMessage = Signal(str)

    def __init__(self, doc, selection, settings=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.selection, self.settings = doc, selection, settings
        self.active = False
        self._change = Change.ALL  # what changed since the last refresh; all of it before the first
        self.model = SheetModel(doc, settings, self)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Find a quantity: δ, w₃₁, grad:w…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip("Show only the quantities whose name contains this, in any spelling or the "
                               "canonical name (grad:w:1:2:1)")
        self._filter_timer = self._timer(150, lambda: self.model.set_filter(self.filter.text()))
        self.filter.textChanged.connect(lambda _text: self._filter_timer.start())
        self.reveal_button = QPushButton("Reveal")
        self.reveal_button.setToolTip("Show (or hide again) the exact value of the selected rows")
        self.reveal_button.clicked.connect(self.toggle_reveal_selected)
        self.reveal_all = QCheckBox("Reveal all")
        self.reveal_all.setToolTip("Show every exact value")
        self.reveal_all.toggled.connect(self.model.set_reveal_all)
        self.paste_button = QPushButton("Paste answers")
        self.paste_button.setToolTip("Paste lines NAME = VALUE from the clipboard, as in an answer file (Ctrl+V "
                                     "in the table); one undo step")
        self.paste_button.clicked.connect(self.paste)
        self.import_button = QPushButton("Import answers…")
        self.import_button.setToolTip("Read an answer file (NAME = VALUE lines): it replaces the sheet; one undo step")
        self.export_button = QPushButton("Export report…")
        self.export_button.setToolTip("Save the marked sheet and the first wrong step as Markdown or HTML")

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.message = MessageLabel("error")
        self.table = self._make_table()

        self.step_title = QLabel()
        self.step_title.setWordWrap(True)
        self.step_title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.step_title.font()
        font.setBold(True)
        self.step_title.setFont(font)
        self.diagnosis = QLabel()
        self.diagnosis.setWordWrap(True)
        self.diagnosis.setTextFormat(Qt.TextFormat.PlainText)
        self.diagnosis.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.step_view = MathView()
        self.step_view.hovered.connect(lambda token, tokens: self.highlight.emit(*hovered_refs(token, tokens)))
        self._layout()

        self._pending = self._timer(0, self.refresh)  # several changes in one event-loop turn make one refresh
        doc.changed.connect(self._on_doc_changed)
        selection.sampleChanged.connect(lambda _sample: self.marksChanged.emit())
        if settings is not None:
            settings.changed.connect(lambda: self._on_doc_changed(Change.VIEW))  # precision: exact values, the step
        self.model.rejected.connect(self.message.show_message)
        self.model.accepted.connect(lambda: self.message.show_message(None))
        self.model.modelReset.connect(self._span_groups)

    def _timer(self, ms: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def _make_table(self) -> SheetTable:
        table = SheetTable()
        table.setModel(self.model)
        delegate = NumberDelegate(self.message.show_message, table, parse=_read_or_empty, hint=VALUE_HINT)
        table.setItemDelegate(delegate)
        delegate.closeEditor.connect(lambda _editor, hint: QTimer.singleShot(0, lambda: self._editor_closed(hint)))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                              | QAbstractItemView.EditTrigger.AnyKeyPressed)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.doubleClicked.connect(lambda index: index.column() == EXACT and self.reveal_rows([index.row()]))
        table.pasteRequested.connect(self.paste)
        table.clearRequested.connect(self.clear_selected)
        table.selectionModel().currentRowChanged.connect(self._row_changed)
        return table

    def _layout(self) -> None:
        find = QHBoxLayout()
        find.addWidget(self.filter, 1)
        find.addWidget(self.reveal_button)
        find.addWidget(self.reveal_all)
        files = QHBoxLayout()
        for button in (self.paste_button, self.import_button, self.export_button):
            files.addWidget(button)
        files.addStretch(1)
        step = QWidget()  # the title, the diagnosis and the derivation scroll together: the table keeps its room
        step_layout = QVBoxLayout(step)
        step_layout.setContentsMargins(0, 4, 4, 0)
        step_layout.addWidget(self.step_title)
        step_layout.addWidget(self.diagnosis)
        step_layout.addWidget(self.step_view)
        step_layout.addStretch(1)
        scroll = scrolled(step, horizontal=False)
        self.step_area = scroll
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 250])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 2, 2)
        layout.addLayout(files)
        layout.addLayout(find)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

    # ----- keeping up ---------------------------------------------------------------------------------
    def set_active(self, active: bool) -> None:
        """The dock was opened (check and mark the canvas from now on) or closed (do nothing until reopened)."""
        self.active = active
        if active:
            self._pending.start()
        self.marksChanged.emit()

    def _on_doc_changed(self, change) -> None:
        self._change |= change
        if self.active:
            self._pending.start()

    def refresh(self) -> None:
        """Bring the sheet in step with the document: list the quantities again if needed, then check."""
        change, self._change = self._change, Change(0)
        if change & REBUILD:
            self.model.rebuild()
        elif change:
            if change & Change.TRAINING:  # the learning rate is in the SGD step's title
                self.model.retitle()
            self.model.recheck()
        self._show_summary()
        self.show_step()
        self.marksChanged.emit()

    def _span_groups(self) -> None:
        self.table.clearSpans()
        for row, entry in enumerate(self.model.rows):
            if entry < 0:
                self.table.setSpan(row, 0, 1, self.model.columnCount())

    def _show_summary(self) -> None:
        model = self.model
        if model.error:
            self.summary.setText(f"The answers are kept, but {model.error}")
            return
        if model.report is None:
            self.summary.setText(HINT)
            return
        counts, first = model.report.counts, model.report.first_wrong
        text = f"{counts['correct']} ✓ correct · {counts['carried']} ≈ carried · {counts['wrong']} ✗ wrong — "
        text += "no wrong step" if first is None else f"first wrong: {first.answer.name} (line {first.answer.line})"
        self.summary.setText(text)

    # ----- the step under the table -------------------------------------------------------------------
    def number_format(self) -> NumberFormat:
        s = self.settings
        return NumberFormat() if s is None else NumberFormat(s.precision, fixed=s.decimals)

    def show_step(self) -> None:
        """The selected row's step if it is marked, else the first wrong step, derived with the student's numbers."""
        model = self.model
        current = model.quantity_at(self.table.currentIndex().row())
        first = model.first_wrong()
        mark = model.marks.get(current) or first
        self.step_area.setVisible(mark is not None)  # nothing to derive: the table takes the room
        if mark is None:
            self.step_view.set_blocks([])
            return
        answer = mark.answer
        what = "First wrong step" if mark is first else "Selected"
        self.step_title.setText(f"{what}: {answer.name} = {answer.written.text}  {SYMBOL[mark.verdict]}")
        self.diagnosis.setText(f"✗ {mark.diagnosis}" if mark.diagnosis else "")
        style = f"color: {model.brushes['wrong'].color().name()};"
        if self.diagnosis.styleSheet() != style:  # the theme's red
            self.diagnosis.setStyleSheet(style)
        self.diagnosis.setVisible(bool(mark.diagnosis))
        doc = self.doc
        block = step_block(model.sheet, mark, doc.notation, self.number_format(), "From your own numbers",
                           exact=model.is_revealed(answer.quantity))
        self.step_view.set_blocks([Block(block.title, block.lines, block.notes[:1])])  # the diagnosis is above

    def _row_changed(self, current, _previous) -> None:
        """Show the row's step, and its neuron or edge (and sample) on the canvas."""
        q = self.model.quantity_at(current.row())
        if q is not None and q.kind != "loss":
            if q.per_sample:
                self.selection.set_sample(q.sample - 1)
            self.selection.select(canvas_item(q))
        self.show_step()

    def show_first_wrong(self) -> None:
        """Scroll to the first wrong step's row and make it current."""
        first = self.model.first_wrong()
        row = None if first is None else self.model.row_of(first.answer.quantity)
        if row is not None:  # centred on its row, the names' column in view
            self.table.scrollTo(self.model.index(row, QUANTITY), QAbstractItemView.ScrollHint.PositionAtCenter)
            self.table.setCurrentIndex(self.model.index(row, VALUE))

    def _editor_closed(self, hint) -> None:
        """After Enter, go on to the next quantity: a homework is typed line after line."""
        if hint != QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            return
        row = self.table.currentIndex().row() + 1
        while row < self.model.rowCount() and self.model.quantity_at(row) is None:
            row += 1
        if row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, VALUE))

    # ----- the canvas ---------------------------------------------------------------------------------
    def canvas_marks(self, sample: int) -> tuple[list, object]:
        """(a badge (item, label, verdict) per answer of the shown sample (0-based), the first wrong step's item)."""
        if not self.active or self.model.report is None:
            return [], None
        badges = [(canvas_item(q), SHORT[q.kind], m.verdict) for q, m in self.model.marks.items()
                  if q.kind != "loss" and (not q.per_sample or q.sample == sample + 1)]
        first = self.model.first_wrong()
        return badges, None if first is None else canvas_item(first.answer.quantity)

    # ----- paste, clear, reveal -----------------------------------------------------------------------
    def selected_quantities(self) -> list[Quantity]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [q for q in (self.model.quantity_at(row) for row in rows) if q is not None]

    def paste(self) -> bool:
        return self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """NAME = VALUE lines as one undo step (nothing if a line cannot be read, which the message names);
        a lone number goes into the current row."""
        lines = [line for line in text.splitlines() if line.split("#", 1)[0].strip()]
        if not lines:
            self.message.show_message("The clipboard holds no answers: copy lines such as  ∂L/∂w₂₁ = 0.0184")
            return False
        row = self.table.currentIndex().row()
        if len(lines) == 1 and "=" not in lines[0] and self.model.quantity_at(row) is not None:
            return self.model.setData(self.model.index(row, VALUE), lines[0].split("#", 1)[0])
        try:
            answers = read_answers(text, self.doc.project, self.doc.namer())
        except AnswerError as error:
            self.message.show_message(f"Nothing pasted: {error}")
            return False
        count = len(answers)
        done = self.model.set_answers({a.quantity.canonical(): a.written.text for a in answers},
                                      f"Paste {count} answer{'' if count == 1 else 's'}")
        if done:
            self.statusMessage.emit(f"Pasted {count} answer{'' if count == 1 else 's'}")
        return done

    def clear_selected(self) -> None:
        answered = [q for q in self.selected_quantities() if q in self.model.by_quantity]
        if answered:
            count = len(answered)
            self.model.set_answers({q.canonical(): None for q in answered},
                                   f"Clear {count} answer{'' if count == 1 else 's'}")

    def reveal_rows(self, rows: list[int]) -> None:
        self.model.reveal([q for q in map(self.model.quantity_at, rows) if q is not None])
        self.show_step()

    def toggle_reveal_selected(self) -> None:
        """Reveal the selected rows' exact values, or hide them again if all are shown."""
        quantities = self.selected_quantities()
        self.model.reveal(quantities, on=not all(q in self.model.revealed for q in quantities))
        self.show_step()

    def _context_menu(self, pos) -> None:
        quantities = self.selected_quantities()
        menu = QMenu(self)
        reveal = menu.addAction("Reveal exact value", lambda: (self.model.reveal(quantities), self.show_step()))
        hide = menu.addAction("Hide exact value", lambda: (self.model.reveal(quantities, on=False), self.show_step()))
        reveal.setEnabled(bool(quantities))
        hide.setEnabled(any(q in self.model.revealed for q in quantities))
        clear = menu.addAction("Clear answer", self.clear_selected)
        clear.setEnabled(any(q in self.model.by_quantity for q in quantities))
        menu.addSeparator()
        menu.addAction("Paste answers", self.paste)
        self._menu = menu
        menu.popup(self.table.viewport().mapToGlobal(pos))
