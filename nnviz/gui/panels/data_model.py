"""The data table as a Qt model: inputs x₁..xₙ and targets y₁..yₖ (editable), outputs ŷ and per-sample loss.

Edits become one SetDataValue command each. After a change the model resets only if the table's shape
changed; otherwise it emits dataChanged for the rectangle of cells whose shown value changed (during
training: the ŷ and loss columns only). `data()` runs for every visible cell and role at each repaint,
30 times a second while training, so it looks up prepared per-column styles instead of building them.
"""
import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from nnviz.core.numbers import exact_text, format_number, parse_number
from nnviz.gui.commands import SetDataValue

from ..appearance import table_colours
from .common import DASH, display_digits

INPUT, TARGET, OUTPUT, LOSS = "input", "target", "output", "loss"
DISPLAY, EDIT, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole
READ_ONLY_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDITABLE_FLAGS = READ_ONLY_FLAGS | Qt.ItemFlag.ItemIsEditable
_NOTHING = object()


def _cell_styles(colours: dict[str, str]) -> dict[str, dict]:
    """Per column kind, the answer to each styling role (None: the view's default), built per theme."""
    background = {TARGET: colours["target_background"], OUTPUT: colours["computed_background"],
                  LOSS: colours["computed_background"]}
    italic = QFont()
    italic.setItalic(True)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    styles = {}
    for kind in (INPUT, TARGET, OUTPUT, LOSS):
        computed = kind in (OUTPUT, LOSS)
        styles[kind] = {
            Qt.ItemDataRole.BackgroundRole: QBrush(QColor(background[kind])) if kind in background else None,
            Qt.ItemDataRole.ForegroundRole: QBrush(QColor(colours["computed_text"])) if computed else None,
            Qt.ItemDataRole.FontRole: italic if computed else None,
            Qt.ItemDataRole.TextAlignmentRole: right,
            Qt.ItemDataRole.DecorationRole: None, Qt.ItemDataRole.CheckStateRole: None,
            Qt.ItemDataRole.SizeHintRole: None, Qt.ItemDataRole.StatusTipRole: None,
            Qt.ItemDataRole.WhatsThisRole: None, Qt.ItemDataRole.AccessibleTextRole: None,
        }
    return styles




class DataModel(QAbstractTableModel):
    """Rows are samples; columns are x₁..xₙ | y₁..yₖ | ŷ₁..ŷₖ | loss, named in the document's notation."""

    rejected = Signal(str)  # a cell edit that was refused, with the reason
    accepted = Signal()

    def __init__(self, doc, selection=None, settings=None, parent=None):
        super().__init__(parent)
        self.doc, self.selection, self.settings = doc, selection, settings
        self._table, self._sizes = self._snapshot(), self._current_sizes()
        self._names = doc.namer()
        self._digits = self.digits
        self._kinds = self._column_kinds()
        self._use_colours()
        doc.changed.connect(lambda _change: self.refresh())
        if settings is not None:
            settings.changed.connect(self._restyle)
        if selection is not None:
            selection.sampleChanged.connect(lambda _s: self.headerDataChanged.emit(
                Qt.Orientation.Vertical, 0, max(self.rowCount() - 1, 0)))

    def _use_colours(self) -> None:
        """Cell and header colours for the theme the widgets are drawn in (light or dark)."""
        colours = table_colours()
        self._styles = _cell_styles(colours)
        self._headers = {INPUT: QBrush(QColor(colours["input_header"])), TARGET: QBrush(QColor(colours["target_header"])),
                         OUTPUT: QBrush(QColor(colours["computed_header"])), LOSS: QBrush(QColor(colours["computed_header"]))}

    # ----- layout of the columns ---------------------------------------------------------
    @property
    def digits(self) -> int:
        return display_digits(self.settings)

    def column_kind(self, column: int) -> tuple[str, int]:
        """(kind, index within its kind) for a table column."""
        n, k = self._sizes  # as shown, even if the document changed a moment ago
        if column < n:
            return INPUT, column
        if column < n + k:
            return TARGET, column - n
        if column < n + 2 * k:
            return OUTPUT, column - n - k
        return LOSS, 0

    def column_name(self, column: int) -> str:
        """x₁, y, ŷ₂...: the quantity a column holds; "loss" for the last one."""
        kind, k = self.column_kind(column)
        names = self._names
        if kind == INPUT:
            return names.x(k + 1).unicode
        if kind == TARGET:
            return names.y(k + 1).unicode
        if kind == OUTPUT:
            return names.a(names.last, k + 1).unicode
        return "loss"

    def _column_kinds(self) -> list[str]:
        return [self.column_kind(c)[0] for c in range(self._table.shape[1])]

    def computed_columns(self) -> range:
        """The read-only columns (ŷ1..ŷk, loss): the only ones a training step changes."""
        n, k = self._sizes
        return range(n + k, n + 2 * k + 1)

    def _current_sizes(self) -> tuple[int, int]:
        return self.doc.network.input_size, self.doc.network.output_size

    def _snapshot(self) -> np.ndarray:
        """Every shown number (m x columns); NaN where there is no result."""
        project, result = self.doc.project, self.doc.result
        m, k = project.sample_count, self.doc.network.output_size
        if result is None:
            computed = np.full((m, k + 1), np.nan)
        else:
            computed = np.hstack([result.outputs, result.sample_losses.reshape(-1, 1)])
        return np.hstack([project.inputs, project.targets, computed])

    def refresh(self) -> None:
        """Bring the view in step with the document, resetting only if the shape changed; otherwise the
        inputs, targets and computed blocks are compared in place and only the cells that differ are announced."""
        sizes = self._current_sizes()
        names = self.doc.namer()
        n, k = sizes
        project, result = self.doc.project, self.doc.result
        if (project.sample_count, n + 2 * k + 1) != self._table.shape or sizes != self._sizes:
            self.beginResetModel()
            self._table, self._sizes, self._names = self._snapshot(), sizes, names
            self._kinds = self._column_kinds()
            self.endResetModel()
            return
        if names.notation != self._names.notation:
            self._names = names
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(self.columnCount() - 1, 0))
        if result is None:
            computed = np.full((project.sample_count, k + 1), np.nan)
        else:
            computed = np.hstack([result.outputs, result.sample_losses.reshape(-1, 1)])
        rows, columns = [], []
        for block, start, finite in ((project.inputs, 0, True), (project.targets, n, True), (computed, n + k, False)):
            shown = self._table[:, start:start + block.shape[1]]
            differs = shown != block
            if not finite:
                differs &= ~(np.isnan(shown) & np.isnan(block))
            if differs.any():
                shown[differs] = block[differs]
                r, c = np.nonzero(differs)
                rows += [int(r.min()), int(r.max())]
                columns += [start + int(c.min()), start + int(c.max())]
        if rows:
            self.dataChanged.emit(self.index(min(rows), min(columns)), self.index(max(rows), max(columns)))

    def column_texts(self, column: int) -> list[str]:
        """The texts a column shows (the header's not included), to fit its width without asking Qt for each cell."""
        digits = self._digits
        return [DASH if v != v else format_number(v, digits) for v in self._table[:, column].tolist()]

    def _restyle(self) -> None:
        self._use_colours()
        self._digits = self.digits
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    # ----- Qt model API ------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self._table.shape[0]

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self._table.shape[1]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = index.column()
        kind = self._kinds[column]
        if role == DISPLAY:
            value = float(self._table[index.row(), column])
            return DASH if value != value else format_number(value, self._digits)
        style = self._styles[kind].get(role, _NOTHING)
        if style is not _NOTHING:
            return style
        if role == EDIT:
            value = float(self._table[index.row(), column])
            return "" if value != value else exact_text(value)
        if role == TOOLTIP:
            value = float(self._table[index.row(), column])
            if value != value:
                return "no result: " + (self.doc.error or "")
            return f"exact value: {exact_text(value)}" + ("" if kind in (INPUT, TARGET) else " (computed)")
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            current = self.selection is not None and section == self.selection.sample
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{'▶ ' if current else ''}{section + 1}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"sample {section + 1}" + (" (shown on the canvas)" if current else "")
            if role == Qt.ItemDataRole.FontRole and current:
                font = QFont()
                font.setBold(True)
                return font
            return None
        kind, k = self.column_kind(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.column_name(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            name = self.column_name(section)
            if kind == TARGET:
                output = self.column_name(section + self._sizes[1])
                return f"target {name}: the value output {output} should have (editable)"
            return {INPUT: f"input {name} (editable)",
                    OUTPUT: f"output {name} computed by the network (read-only)",
                    LOSS: f"this sample's loss before the {self.doc.project.loss.reduction} over samples (read-only)",
                    }[kind]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._headers[kind]
        if role == Qt.ItemDataRole.FontRole and kind == TARGET:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index):
        if index.isValid() and self._kinds[index.column()] in (INPUT, TARGET):
            return EDITABLE_FLAGS
        return READ_ONLY_FLAGS

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        """Parse the typed text and push one SetDataValue; refuse anything that is not a number."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        kind, k = self.column_kind(index.column())
        if kind not in (INPUT, TARGET):
            return False
        sample = index.row()
        cell = f"sample {sample + 1}, {self.column_name(index.column())}"
        try:
            number = parse_number(str(value))
        except ValueError as error:
            self.rejected.emit(f"{cell}: {error}; the cell keeps its value.")
            return False
        table = "inputs" if kind == INPUT else "targets"
        if number == float(getattr(self.doc.project, table)[sample, k]):
            return True
        error = self.doc.try_push(lambda: SetDataValue(self.doc, table, sample, k, number))
        if error:
            self.rejected.emit(f"{cell}: {error}")
            return False
        self.accepted.emit()
        return True
