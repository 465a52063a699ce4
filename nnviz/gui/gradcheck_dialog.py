"""Network > Check gradients: every parameter's backprop gradient beside a central finite difference.

The numbers come from nnviz.core.gradcheck; this dialog shows them (worst first) with the parameters named
in the document's notation, so a student who changes an activation or a loss sees the engine is right.
"""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QHeaderView, QLabel, QProgressDialog,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from nnviz.core.gradcheck import TOLERANCE, GradientCheck, check_gradients
from nnviz.core.numbers import exact_text

PROGRESS_ABOVE = 400  # parameters: beyond this many a progress dialog (with Cancel) is shown


def run_check(doc, parent=None) -> GradientCheck | None:
    """Check the document's gradients; None when cancelled. A progress dialog shows for big networks."""
    project = doc.project
    total = sum(w.size for w in project.network.weights)
    if total <= PROGRESS_ABOVE:
        return check_gradients(project.copy())
    progress = QProgressDialog("Checking every gradient against a finite difference…", "Cancel", 0, 100, parent)
    progress.setWindowTitle("Check gradients")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)

    def step(done: int, count: int) -> bool:
        if done % 50 == 0 or done == count:
            progress.setValue(int(100 * done / count))
            QApplication.processEvents()
        return not progress.wasCanceled()

    report = check_gradients(project.copy(), progress=step)
    cancelled = progress.wasCanceled()
    progress.close()
    return None if cancelled else report


class GradientCheckDialog(QDialog):
    """The per-parameter table and the largest relative error."""

    COLUMNS = ("parameter", "backprop ∂L/∂θ", "finite difference", "relative error")

    def __init__(self, doc, report: GradientCheck, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Check gradients")
        namer = doc.namer()
        worst = report.largest
        verdict = ("Every gradient agrees with its finite difference" if report.passed
                   else "Some gradients differ from their finite differences")
        self.summary = QLabel(f"<b>{verdict}</b> (tolerance {TOLERANCE:g} relative).<br>"
                              + ("" if worst is None else
                                 f"Largest relative error: {worst.error:.2e}, for "
                                 f"{_name(namer, worst.parameter)}. ")
                              + "Central differences (L(θ+h) − L(θ−h)) / 2h; at a kink such as ReLU at z = 0 "
                              "the two may rightly differ.")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(report.checks), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        ordered = sorted(report.checks, key=lambda c: c.error, reverse=True)
        for row, check in enumerate(ordered):
            cells = (_name(namer, check.parameter), f"{check.analytic:.10g}", f"{check.numeric:.10g}",
                     f"{check.error:.2e}")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column in (1, 2):
                    item.setToolTip(exact_text(check.analytic if column == 1 else check.numeric))
                item.setData(Qt.ItemDataRole.UserRole, check.parameter.canonical())
                self.table.setItem(row, column, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 460)


def _name(namer, q) -> str:
    """A parameter in the document's notation, with its canonical name."""
    name = namer.w(q.layer, q.i, q.j) if q.kind == "w" else namer.b(q.layer, q.i)
    return f"{name.unicode}  ({q.canonical()})"
