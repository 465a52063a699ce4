"""The answer sheet as a Qt model: every quantity of the pass in computation order under group rows (forward
per layer, the loss, backward per layer, the SGD step); columns quantity, your value, mark, exact, diagnosis.

A network can have tens of thousands of quantities, so rows are plain indices, names and exact values are
made only for the rows painted, and only the typed rows are checked (core.checking.check), again after each
change of the document. A typed value is one SetView of the view's whole answer dict: one undo step.
"""
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from nnviz.core.answers import Answer, read_number
from nnviz.core.check_sheet import ANSWERS_KEY, group_title, sheet_answers, sheet_name, with_answers
from nnviz.core.checking import Mark, Report, Sheet, check
from nnviz.core.numbers import exact_text, format_number
from nnviz.core.quantities import Quantity, all_quantities, value
from nnviz.core.training import updated_parameters
from nnviz.gui.appearance import dark_widgets
from nnviz.gui.commands import SetView
from nnviz.gui.panels.common import DASH, display_digits

QUANTITY, VALUE, MARK, EXACT, DIAGNOSIS = range(5)
HEADERS = ("Quantity", "Your value", "Mark", "Exact", "Diagnosis")
SYMBOL = {"correct": "✓ correct", "carried": "≈ carried", "wrong": "✗ wrong"}
MEANING = {"correct": "correct: the exact value, rounded to the digits you wrote, is what you wrote",
           "carried": "carried: this step is right; it differs only because of your own earlier numbers",
           "wrong": "wrong: this step itself is wrong (see the diagnosis)"}
# the marks' colours, the first wrong row's and a group row's background, a hidden value's text, per theme
COLOURS_LIGHT = {"correct": "#1A7F37", "carried": "#9A6700", "wrong": "#CF222E", "first_wrong": "#FFEBE9",
                 "group": "#EEF1F5", "hidden": "#8C959F"}
COLOURS_DARK = {"correct": "#3FB950", "carried": "#D29922", "wrong": "#F85149", "first_wrong": "#3D1518",
                "group": "#22272E", "hidden": "#6E7681"}
HIDDEN = "hidden"
VALUE_HINT = "your value as you wrote it: 0.0212, -2.8e-5, 2.8x10^-5, 64 or 1/2 (empty clears it)"
COLUMN_TIPS = ("the quantity in the file's notation; the number is its line in computation order", VALUE_HINT,
               "✓ correct · ≈ carried (right from your own earlier numbers) · ✗ wrong",
               "the exact value, hidden until you reveal it", "the slip that likely made a wrong step")
ROLE = Qt.ItemDataRole


def _group_key(q: Quantity) -> tuple:
    phase = "forward" if q.kind in ("z", "a") else "loss" if q.kind == "loss" else \
        "step" if q.kind.startswith("new") else "backward"
    return phase, q.layer


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class SheetModel(QAbstractTableModel):
    """Row entries are indices into `quantities`, or -1 - g for the title row of group g."""

    rejected = Signal(str)  # a value that was refused, with the reason
    accepted = Signal()

    def __init__(self, doc, settings=None, parent=None):
        super().__init__(parent)
        self.doc, self.settings = doc, settings
        self.quantities: list[Quantity] = []
        self.order: dict[Quantity, int] = {}
        self.groups: list[tuple[int, int, str]] = []  # (first, end, title) over `quantities`
        self.rows: list[int] = []
        self.filter_text = ""
        self.answers: list[Answer] = []
        self.by_quantity: dict[Quantity, Answer] = {}
        self.report: Report | None = None
        self.sheet: Sheet | None = None  # the student's values behind the report
        self.marks: dict[Quantity, Mark] = {}
        self.error: str | None = None  # why the answers could not be checked
        self.revealed: set[Quantity] = set()
        self.reveal_all = False
        self._names: dict[int, object] = {}
        self._notation = None
        self._updated = None
        self._bold = _bold()
        self.brushes: dict[str, QBrush] = {}
        self._use_colours()

    # ----- following the document ---------------------------------------------------------------------
    def rebuild(self) -> None:
        """Perhaps a new structure or data: list the quantities and their groups again (the rows stay where they
        are if the quantities did not change, e.g. after an edit of one input), then check."""
        project = self.doc.project
        quantities = all_quantities(project)
        if quantities == self.quantities:
            self.retitle()
            self.recheck()
            return
        self.beginResetModel()
        self.quantities = quantities
        self.order = {q: k for k, q in enumerate(self.quantities)}
        self.groups = []
        for k, q in enumerate(self.quantities):
            key = _group_key(q)
            if not self.groups or key != self.groups[-1][2]:
                self.groups.append([k, k + 1, key])
            else:
                self.groups[-1][1] = k + 1
        self.retitle()
        self.revealed &= set(self.order)
        self._names.clear()
        self._notation = self.doc.notation
        self.rows = self._filtered_rows()
        self.endResetModel()
        self.recheck()

    def retitle(self) -> None:
        """Name the groups again (the loss and the learning rate are in their titles)."""
        project = self.doc.project
        self.groups = [(first, end, group_title(self.quantities[first], project)) for first, end, _ in self.groups]

    def _use_colours(self) -> None:
        """The colours for the theme the widgets are drawn in (light or dark)."""
        colours = COLOURS_DARK if dark_widgets() else COLOURS_LIGHT
        self.brushes = {key: QBrush(QColor(value)) for key, value in colours.items()}

    def recheck(self) -> None:
        """Read the answers from the document's view and mark them against its latest pass."""
        doc = self.doc
        self._use_colours()  # the theme may have changed
        if doc.notation != self._notation:  # new names, which the filter may match differently
            self._notation = doc.notation
            self._names.clear()
            if self.filter_text:
                self.set_filter(self.filter_text)
        self.answers = sheet_answers(doc.project, doc.namer(), self.order)
        self.by_quantity = {a.quantity: a for a in self.answers}
        self.report, self.sheet, self.error = None, None, None
        if doc.result is None:
            self.error = f"nothing can be checked: {doc.error}"
        elif self.answers:
            self.sheet = Sheet(doc.project, doc.result, self.answers)
            try:
                self.report = check(doc.project, doc.result, self.answers, self.order, self.sheet)
            except (ArithmeticError, ValueError) as error:  # e.g. a value written so large that it overflows
                self.error = f"the answers cannot be checked: {error}"
        self.marks = {m.answer.quantity: m for m in self.report.marks} if self.report else {}
        self._updated = None
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(HEADERS) - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self.rows) - 1)  # the first wrong's ▶

    # ----- what a row shows ---------------------------------------------------------------------------
    def quantity_at(self, row: int) -> Quantity | None:
        entry = self.rows[row] if 0 <= row < len(self.rows) else -1
        return None if entry < 0 else self.quantities[entry]

    def row_of(self, q: Quantity) -> int | None:
        """The table row of a quantity (None if it is filtered out)."""
        k = self.order.get(q)
        try:
            return None if k is None else self.rows.index(k)
        except ValueError:
            return None

    def name(self, k: int):
        """The Name of quantity k on the sheet, made once per notation."""
        n = self._names.get(k)
        if n is None:
            n = self._names[k] = sheet_name(self.quantities[k], self.doc.namer(), self.doc.project)
        return n

    def exact(self, q: Quantity) -> float:
        result = self.doc.result
        if q.kind.startswith("new") and self._updated is None:
            self._updated = updated_parameters(self.doc.network, result, self.doc.project.training.learning_rate)
        return value(q, self.doc.project, result, self._updated)

    def is_revealed(self, q: Quantity) -> bool:
        return self.reveal_all or q in self.revealed

    def first_wrong(self) -> Mark | None:
        return self.report.first_wrong if self.report else None

    # ----- filter and reveal --------------------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        """Show only the quantities whose name (in any spelling) or canonical name contains `text`."""
        self.beginResetModel()
        self.filter_text = text.strip()
        self.rows = self._filtered_rows()
        self.endResetModel()

    def _filtered_rows(self) -> list[int]:
        needle = self.filter_text.lower()
        rows: list[int] = []
        for g, (first, end, _) in enumerate(self.groups):
            if not needle:
                rows.append(-1 - g)
                rows += range(first, end)
                continue
            found = [k for k in range(first, end) if needle in self._search_text(k)]
            if found:
                rows += [-1 - g, *found]
        return rows

    def _search_text(self, k: int) -> str:
        n = self.name(k)
        return f"{n.unicode}\n{n.ascii}\n{self.quantities[k].canonical()}".lower()

    def reveal(self, quantities, on: bool = True) -> None:
        if on:
            self.revealed |= set(quantities)
        else:
            self.revealed -= set(quantities)
        self._exact_changed()

    def set_reveal_all(self, on: bool) -> None:
        self.reveal_all = on
        self._exact_changed()

    def _exact_changed(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, EXACT), self.index(len(self.rows) - 1, EXACT))

    # ----- Qt model API -------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=ROLE.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == ROLE.DisplayRole:
                return HEADERS[section]
            if role == ROLE.ToolTipRole:
                return COLUMN_TIPS[section]
            return None
        entry = self.rows[section] if section < len(self.rows) else -1
        if entry < 0:
            return None
        first = self.first_wrong() is not None and self.first_wrong().answer.quantity == self.quantities[entry]
        if role == ROLE.DisplayRole:
            return f"▶ {entry + 1}" if first else str(entry + 1)
        if role == ROLE.ToolTipRole:
            return f"line {entry + 1} of the sheet, in computation order" + (": the first wrong step" if first else "")
        return self._bold if role == ROLE.FontRole and first else None

    def data(self, index, role=ROLE.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        entry, column = self.rows[index.row()], index.column()
        if entry < 0:
            if role == ROLE.DisplayRole and column == QUANTITY:
                return self.groups[-1 - entry][2]
            if role == ROLE.BackgroundRole:
                return self.brushes["group"]
            return self._bold if role == ROLE.FontRole else None
        q = self.quantities[entry]
        mark = self.marks.get(q)
        first = mark is not None and mark is self.first_wrong()
        if role == ROLE.DisplayRole:
            return self._text(entry, q, column, mark, first)
        if role == ROLE.EditRole and column == VALUE:
            answer = self.by_quantity.get(q)
            return answer.written.text if answer else ""
        if role == ROLE.ToolTipRole:
            return self._tooltip(entry, q, column, mark, first)
        if role == ROLE.ForegroundRole:
            if column == MARK and mark is not None:
                return self.brushes[mark.verdict]
            if column == EXACT and not self.is_revealed(q):
                return self.brushes["hidden"]
            return None
        if role == ROLE.BackgroundRole:
            return self.brushes["first_wrong"] if first else None
        if role == ROLE.FontRole:
            return self._bold if first or (column == MARK and mark is not None) else None
        if role == ROLE.TextAlignmentRole and column in (VALUE, EXACT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, k: int, q: Quantity, column: int, mark: Mark | None, first: bool) -> str:
        if column == QUANTITY:
            return self.name(k).unicode
        if column == VALUE:
            answer = self.by_quantity.get(q)
            return answer.written.text if answer else ""
        if column == MARK:
            return "" if mark is None else SYMBOL[mark.verdict]
        if column == EXACT:
            if self.doc.result is None:
                return DASH
            return format_number(self.exact(q), display_digits(self.settings)) if self.is_revealed(q) else HIDDEN
        return (mark.diagnosis or "") if mark is not None else ""

    def _tooltip(self, k: int, q: Quantity, column: int, mark: Mark | None, first: bool) -> str | None:
        if column == QUANTITY:
            sample = f", sample {q.sample}" if q.per_sample else ""
            return f"{self.name(k).unicode}: {q.canonical()} (line {k + 1}{sample})"
        if column == VALUE:
            return VALUE_HINT
        if column == MARK and mark is not None:
            return MEANING[mark.verdict] + (" — the first wrong step in computation order" if first else "")
        if column == EXACT and self.doc.result is not None:
            if self.is_revealed(q):
                return f"exact value: {exact_text(self.exact(q))}"
            return "hidden: double-click, or right-click > Reveal, or Reveal all"
        if column == DIAGNOSIS and mark is not None and mark.diagnosis:
            return mark.diagnosis
        return None

    def flags(self, index):
        if not index.isValid() or self.rows[index.row()] < 0:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == VALUE else flags

    def setData(self, index, text, role=ROLE.EditRole):
        """Read the typed value and push one SetView; refuse what cannot be read, with the reason."""
        q = self.quantity_at(index.row()) if index.isValid() and role == ROLE.EditRole else None
        if q is None or index.column() != VALUE:
            return False
        text = str(text).strip()
        answer = self.by_quantity.get(q)
        if text == (answer.written.text if answer else ""):
            return True
        name = self.name(self.order[q]).unicode
        if text:
            try:
                read_number(text)
            except ValueError as error:
                self.rejected.emit(f"{name}: {error}; nothing changed.")
                return False
        undo_text = f"Answer {name} = {text}" if text else f"Clear answer {name}"
        return self.set_answers({q.canonical(): text or None}, undo_text)

    def set_answers(self, changes: dict[str, str | None], undo_text: str, replace: bool = False) -> bool:
        """Apply answers (canonical name: text, None clears) as one undo step; `replace` drops the others."""
        view = {} if replace else self.doc.project.view
        error = self.doc.try_push(lambda: SetView(self.doc, ANSWERS_KEY, with_answers(view, changes), undo_text))
        if error:
            self.rejected.emit(error)
            return False
        self.accepted.emit()
        return True
