"""The data panel: the samples table, add/remove sample, and which sample the canvas shows."""
from PySide6.QtCore import QEvent, QRect, QSignalBlocker, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox, QStyle,
                               QTableView, QVBoxLayout, QWidget)

from nnviz.gui.commands import EditStructure
from nnviz.gui.document import Change

from ..appearance import table_colours
from .common import MessageLabel
from .data_model import DataModel
from .number_delegate import NumberDelegate

SAMPLE_CHANGE = Change.DATA | Change.VALUES  # adding a sample changes the table, not the network
MIN_COLUMN_WIDTH = 56
COLUMN_SLACK = 4  # pixels, so a value is never elided by a rounding of the font metrics


class DataTable(QTableView):
    """The samples table; while training, a change of only the computed columns repaints only them."""

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:
        model = self.model()
        computed = model.computed_columns() if isinstance(model, DataModel) else range(0)
        first, last = top_left.column(), bottom_right.column()
        if first == last and top_left.row() == bottom_right.row() or first not in computed or last not in computed:
            super().dataChanged(top_left, bottom_right, roles)  # may touch an open editor: Qt's full handling
            return
        if self.isVisible():  # read-only cells: no editor to update; repaint their strip, not the whole table
            left = self.columnViewportPosition(first)
            right = self.columnViewportPosition(last) + self.columnWidth(last)
            self.viewport().update(QRect(left, 0, right - left, self.viewport().height()))


class DataPanel(QWidget):
    """Edit inputs and targets cell by cell; pick the sample shown on the canvas."""

    def __init__(self, doc, selection, parent: QWidget | None = None, settings=None):
        super().__init__(parent)
        self.doc, self.selection = doc, selection
        self._unfitted: set[int] = set()  # input and target columns to fit to their contents when on screen
        self.model = DataModel(doc, selection, settings, self)
        self.table = DataTable()
        self.table.setModel(self.model)
        delegate = NumberDelegate(self._cell_refused, self.table)
        delegate.closeEditor.connect(self._editor_closed)
        self.table.setItemDelegate(delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        # No ResizeToContents: it measures every cell at every change, 30 times a second while training.
        # Rows keep the style's height; an input or target column is fitted to its contents when it is on
        # screen and its numbers or the precision changed (a 784-input table fits the dozen columns in view).
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setMinimumSectionSize(MIN_COLUMN_WIDTH)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

        self.sample = QSpinBox()
        self.sample.setPrefix("Sample ")
        self.sample.setToolTip("the sample whose numbers the canvas and the inspector show")
        self.sample.valueChanged.connect(lambda value: self.selection.set_sample(value - 1))
        self.add_button = QPushButton("Add row")
        self.add_button.setToolTip("add a sample (all zeros) after the shown one")
        self.remove_button = QPushButton("Remove row")
        self.remove_button.setToolTip("remove the shown sample")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        controls = QHBoxLayout()
        controls.addWidget(self.sample)
        controls.addStretch(1)
        controls.addWidget(self.add_button)
        controls.addWidget(self.remove_button)

        self.legend = legend = QLabel()
        self._show_legend()
        self.message = MessageLabel("error")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)
        layout.addWidget(self.message)

        self.table.installEventFilter(self)  # Esc in the table also clears a refused edit's message
        self.model.rejected.connect(self.message.show_message)
        self.model.accepted.connect(lambda: self.message.show_message(None))
        self.model.modelReset.connect(self._show_sample)
        self.model.modelReset.connect(self._fit_columns)
        self.model.dataChanged.connect(self._cells_changed)
        self.model.headerDataChanged.connect(lambda *_: self._fit_columns())  # names and their widths
        self.table.horizontalScrollBar().valueChanged.connect(lambda _v: self._fit_visible())
        self.table.viewport().installEventFilter(self)  # a wider table shows more columns to fit
        self.table.selectionModel().currentRowChanged.connect(self._row_clicked)
        selection.sampleChanged.connect(lambda _s: self._show_sample())
        doc.changed.connect(self._on_doc_changed)
        if settings is not None:
            settings.changed.connect(self._fit_columns)  # the precision sets the computed columns' width
            settings.changed.connect(self._show_legend)  # the theme sets its colours
        self._show_sample()
        self._fit_columns()

    def _show_legend(self) -> None:
        c = table_colours()
        self.legend.setText(f'<span style="color:{c["input_header"]}">x: inputs</span> · '
                            f'<span style="color:{c["target_header"]}; background:{c["target_background"]}">'
                            f'<b>y: targets</b></span> · <span style="color:{c["computed_header"]}">'
                            '<i>ŷ: outputs, loss: per sample (computed)</i></span>')

    def _on_doc_changed(self, change) -> None:
        if change & Change.FILE:
            self.message.show_message(None)  # a refused edit of the other file is no news here
        self._show_sample()

    def _editor_closed(self, _editor, hint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache:  # Esc: the old value stays, and so no error
            self.message.show_message(None)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self.message.show_message(None)
        elif watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_visible()
        return super().eventFilter(watched, event)

    def _text_width(self, texts, italic: bool = False) -> int:
        """Pixels a cell needs for the widest of `texts` (as the delegate lays a cell out, plus slack)."""
        font = QFont(self.table.font())
        font.setItalic(italic)
        metrics = QFontMetrics(font)
        margin = self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1
        longest = sorted(texts, key=len, reverse=True)[:8]  # digits are equally wide: the longest are the widest
        widest = max((metrics.horizontalAdvance(t) for t in longest), default=0)
        return widest + 2 * margin + int(self.table.showGrid()) + COLUMN_SLACK

    def computed_column_width(self) -> int:
        """Pixels that fit any ŷ or loss at the current precision, e.g. -0.0001234 (4 digits): training
        changes these every frame, and a steady width neither jitters nor needs measuring."""
        return self._text_width(["-0.000" + "8" * self.model.digits], italic=True)  # as wide as -1.234e-12

    def fit_column(self, column: int) -> None:
        """An input or target column as wide as its widest number and its header (measured as text, not cell
        by cell: a column of 256 samples takes a millisecond)."""
        header = self.table.horizontalHeader()
        width = max(self._text_width(self.model.column_texts(column)), header.sectionSizeHint(column), MIN_COLUMN_WIDTH)
        if header.sectionSize(column) != width:
            header.resizeSection(column, width)

    def _fit_columns(self) -> None:
        """ŷ and loss made wide enough for any value; every input and target column to be fitted again."""
        header = self.table.horizontalHeader()
        computed = self.model.computed_columns()
        width = self.computed_column_width()
        for column in computed:
            header.resizeSection(column, max(width, header.sectionSizeHint(column), MIN_COLUMN_WIDTH))
        self._unfitted = set(range(self.model.columnCount())) - set(computed)
        self._fit_visible()

    def _cells_changed(self, top_left, bottom_right, _roles=()) -> None:
        """Inputs or targets typed, pasted or loaded: fit those columns again (ŷ and loss keep their width)."""
        computed = self.model.computed_columns()
        self._unfitted |= {c for c in range(top_left.column(), bottom_right.column() + 1) if c not in computed}
        self._fit_visible()

    def _fit_visible(self) -> None:
        """Fit the input and target columns on screen that wait for it (a fitted column may bring in more)."""
        header = self.table.horizontalHeader()
        for _ in range(4):
            first = header.logicalIndexAt(0)
            last = header.logicalIndexAt(max(self.table.viewport().width() - 1, 0))
            if first < 0:
                return
            last = self.model.columnCount() - 1 if last < 0 else last
            due = [c for c in range(first, last + 1) if c in self._unfitted]
            if not due:
                return
            for column in due:
                self._unfitted.discard(column)
                self.fit_column(column)

    def _cell_refused(self, reason: str) -> None:
        index = self.table.currentIndex()
        kind = self.model.headerData(index.column(), Qt.Orientation.Horizontal)
        self.message.show_message(f"sample {index.row() + 1}, {kind}: {reason}")

    def _row_clicked(self, current, _previous) -> None:
        if current.isValid():
            self.selection.set_sample(current.row())

    def _show_sample(self) -> None:
        """Put the spin box, the count and the table's current row on the selected sample."""
        m = self.doc.project.sample_count
        sample = min(max(self.selection.sample, 0), m - 1)
        with QSignalBlocker(self.sample):  # set only what changed: each setter relayouts the window
            if self.sample.maximum() != m:
                self.sample.setRange(1, m)
            if self.sample.value() != sample + 1:  # even the same value repaints the spin box
                self.sample.setValue(sample + 1)
            if self.sample.suffix() != f" of {m}":
                self.sample.setSuffix(f" of {m}")
        self.remove_button.setEnabled(m > 1)
        if self.table.currentIndex().row() != sample:
            column = max(self.table.currentIndex().column(), 0)
            self.table.setCurrentIndex(self.model.index(sample, column))  # echoes set_sample(sample): no-op

    def add_row(self) -> None:
        index = min(self.selection.sample, self.doc.project.sample_count - 1) + 1
        error = self.doc.try_push(lambda: EditStructure(self.doc, f"Add sample {index + 1}", "insert_sample", index,
                                                     change=SAMPLE_CHANGE))
        self.message.show_message(error)
        if error is None:
            self.selection.set_sample(index)

    def remove_row(self) -> None:
        sample = self.selection.sample
        error = self.doc.try_push(lambda: EditStructure(self.doc, f"Remove sample {sample + 1}", "remove_sample", sample,
                                                     change=SAMPLE_CHANGE))
        self.message.show_message(error)
        if error is None:
            self.selection.clamp_to(self.doc.network, self.doc.project.sample_count)
