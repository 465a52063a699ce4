"""The data table while values change every frame: only the visible computed cells are read, and every
column is wide enough for its numbers without measuring them again.

Widths are checked against Qt's own measure of the cells (sizeHintForColumn), values against the engine.
"""
import pytest
from PySide6.QtWidgets import QApplication

from nnviz.core import Loss, Network, Project
from nnviz.core.datasets import circle
from nnviz.core.numbers import format_number
from nnviz.gui.commands import SetDataValue, SetWeight
from nnviz.gui.display_settings import DisplaySettings
from nnviz.gui.document import Document
from nnviz.gui.panels import data_panel as data_panel_module
from nnviz.gui.panels.data_model import DataModel
from nnviz.gui.selection import Selection


class CountingModel(DataModel):
    """Records which cells the view reads."""

    def __init__(self, *args, **kwargs):
        self.reads = set()
        super().__init__(*args, **kwargs)

    def data(self, index, role=None):
        if index.isValid():
            self.reads.add((index.row(), index.column()))
        return super().data(index) if role is None else super().data(index, role)


def circle_project(m: int = 200) -> Project:
    network = Network.create(2, [8, 8, 1], ["tanh", "tanh", "sigmoid"])
    network.initialise("xavier", seed=1)
    x, y = circle(m, seed=0)
    return Project(network, Loss("bce"), x, y)


def one_weight_project(weight: float) -> Project:
    """1 input -> identity output: ŷ = weight * x with x = 1, target 0, so loss (sse) = weight²."""
    network = Network.create(1, [1], ["identity"])
    network.set_weight(0, 0, 0, weight)
    return Project(network, Loss("sse"), [[1.0]], [[0.0]])


def make_panel(qtbot, monkeypatch, project, settings=None, size=(520, 220)):
    monkeypatch.setattr(data_panel_module, "DataModel", CountingModel)
    doc = Document(project)
    panel = data_panel_module.DataPanel(doc, Selection(), settings=settings)
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    return doc, panel


def settle():
    for _ in range(3):
        QApplication.processEvents()


def visible_rows(table) -> set[int]:
    first = table.rowAt(0)
    last = table.rowAt(table.viewport().height() - 1)
    last = table.model().rowCount() - 1 if last < 0 else last
    return set(range(first, last + 1))


def test_a_weight_change_reads_only_the_visible_computed_cells(qtbot, monkeypatch):
    doc, panel = make_panel(qtbot, monkeypatch, circle_project(200))
    model, table = panel.model, panel.table
    settle()
    model.reads.clear()
    doc.undo_stack.push(SetWeight(doc, 2, 0, 0, 0.25))  # every ŷ and loss changes, as in a training frame
    settle()
    rows = {r for r, _ in model.reads}
    columns = {c for _, c in model.reads}
    assert model.reads, "the changed cells were repainted"
    assert rows <= visible_rows(table) and len(rows) < 20  # not all 200 samples
    assert columns == {3, 4}  # ŷ1 and loss; x1, x2, y1 did not change
    row = min(rows)
    shown = model.index(row, 3).data()
    assert shown == format_number(float(doc.result.outputs[row, 0]), 4)


@pytest.mark.parametrize("weight", [-0.000123456789, -1.23456789e-12, -98765.4321])
@pytest.mark.parametrize("digits", [4, 8])
def test_computed_columns_fit_their_widest_values(qtbot, monkeypatch, weight, digits):
    settings = DisplaySettings()
    settings.set(precision=digits)
    doc, panel = make_panel(qtbot, monkeypatch, one_weight_project(weight), settings)
    table, header = panel.table, panel.table.horizontalHeader()
    assert panel.model.index(0, 2).data() == format_number(weight, digits)  # ŷ1 = w x
    for column in (2, 3):  # ŷ1 and loss
        assert header.sectionSize(column) >= table.sizeHintForColumn(column), (column, panel.model.index(0, column).data())
        assert header.sectionSize(column) >= header.sectionSizeHint(column)


def test_input_columns_follow_their_contents_after_an_edit(qtbot, monkeypatch):
    doc, panel = make_panel(qtbot, monkeypatch, one_weight_project(1.0))
    table, header = panel.table, panel.table.horizontalHeader()
    narrow = header.sectionSize(0)
    doc.undo_stack.push(SetDataValue(doc, "inputs", 0, 0, -123456.789012))
    assert panel.model.index(0, 0).data() == "-1.235e5"
    assert header.sectionSize(0) >= table.sizeHintForColumn(0) and header.sectionSize(0) > narrow


def test_precision_change_widens_the_computed_columns(qtbot, monkeypatch):
    settings = DisplaySettings()
    doc, panel = make_panel(qtbot, monkeypatch, one_weight_project(-0.000123456789), settings)
    header = panel.table.horizontalHeader()
    before = header.sectionSize(2)
    settings.set(precision=10)
    assert panel.model.index(0, 2).data() == "-0.000123456789"
    assert header.sectionSize(2) > before and header.sectionSize(2) >= panel.table.sizeHintForColumn(2)


def test_rows_keep_one_height(qtbot, monkeypatch):
    doc, panel = make_panel(qtbot, monkeypatch, circle_project(30))
    vertical = panel.table.verticalHeader()
    heights = {vertical.sectionSize(r) for r in range(panel.model.rowCount())}
    assert heights == {vertical.defaultSectionSize()}
    assert vertical.defaultSectionSize() >= panel.table.sizeHintForRow(0)  # a row still fits its text


def wide_project(n: int = 300, m: int = 40) -> Project:
    """n inputs, m samples, every input 0.5 except a long number far to the right."""
    inputs = [[0.5] * n for _ in range(m)]
    inputs[0][n - 5] = -123456.789012
    return Project(Network.create(n, [2], ["identity"]), Loss("sse"), inputs, [[0.0, 0.0]] * m)


def test_a_wide_table_fits_the_columns_on_screen_and_the_rest_when_scrolled_to(qtbot, monkeypatch):
    doc, panel = make_panel(qtbot, monkeypatch, wide_project())
    table, header = panel.table, panel.table.horizontalHeader()
    settle()
    far = 300 - 5
    assert far in panel._unfitted and header.sectionSize(far) == header.defaultSectionSize()  # not measured yet
    assert header.sectionSize(2) == header.sectionSize(3) != header.defaultSectionSize()  # on screen: fitted
    table.scrollTo(panel.model.index(0, far))
    settle()
    assert far not in panel._unfitted and header.sectionSize(far) >= table.sizeHintForColumn(far)
    assert header.sectionSize(far) > header.sectionSize(far - 1)  # the long number's column is wider


def test_a_cell_edit_in_a_wide_table_reads_only_what_it_changed(qtbot, monkeypatch):
    doc, panel = make_panel(qtbot, monkeypatch, wide_project())
    table, header = panel.table, panel.table.horizontalHeader()
    settle()
    panel.model.reads.clear()
    doc.undo_stack.push(SetDataValue(doc, "inputs", 2, 1, 98765.4321))
    settle()
    columns = {c for _, c in panel.model.reads}
    on_screen = set(range(header.logicalIndexAt(0), header.logicalIndexAt(table.viewport().width() - 1) + 1))
    assert 1 in columns and columns <= on_screen and len(on_screen) < 20  # not the 300 inputs
    assert panel._unfitted >= set(range(40, 300))  # the columns off screen were not measured
    assert header.sectionSize(1) >= table.sizeHintForColumn(1)
    assert panel.model.index(2, 1).data() == "9.877e4"
