"""Every control says what it does: a tooltip on each button, field and choice of the window, its panels and
its dialogs, and a status tip on each menu command."""
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QDialogButtonBox, QLineEdit, QSlider,
                               QWidget)

from nnviz.core.gradcheck import check_gradients
from nnviz.gui.block_dialog import BlockDialog
from nnviz.gui.dataset_dialog import DatasetDialog
from nnviz.gui.export_dialog import ExportDialog
from nnviz.gui.gradcheck_dialog import GradientCheckDialog
from nnviz.gui.new_dialog import InitialiseDialog, NewNetworkDialog
from nnviz.gui.notation_dialog import NotationDialog
from nnviz.gui.selection import EdgeRef, NeuronRef

CONTROLS = (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit, QSlider)
QT_PARTS = ("qt_", "ScrollLeftButton", "ScrollRightButton")  # Qt's own: dock title buttons, tab scrollers
PLAIN_BUTTONS = {QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel,
                 QDialogButtonBox.StandardButton.Close, QDialogButtonBox.StandardButton.Save}


def untipped(root: QWidget) -> list[str]:
    """The visible controls under `root` without a tooltip (a dialog's OK, Cancel, Close and Save say it)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root) or widget.toolTip().strip():
            continue
        parent = widget.parent()
        if widget.objectName().startswith(QT_PARTS) or isinstance(parent, (QAbstractSpinBox, QComboBox, QLineEdit)):
            continue  # a spin box's or combo box's own line edit, a line edit's clear button
        if isinstance(parent, QDialogButtonBox) and parent.standardButton(widget) in PLAIN_BUTTONS:
            continue
        text = widget.text() if hasattr(widget, "text") else ""
        found.append(f"{type(parent).__name__} > {type(widget).__name__} {text!r}")
    return found


def test_every_control_of_every_panel_has_a_tooltip(window, qtbot):
    window.check_actions.show_sheet.trigger()
    missing = []
    for dock in window.docks():
        dock.show()
        dock.raise_()
        qtbot.wait(1)
        missing += untipped(dock)
    for ref in (None, NeuronRef(0, 0), NeuronRef(1, 0), NeuronRef(3, 0), EdgeRef(0, 0, 0)):
        window.selection.select(ref)
        window.inspector_dock.raise_()
        qtbot.wait(1)
        missing += untipped(window.inspector_dock)
    missing += untipped(window.toolbar)
    assert not missing, "\n".join(sorted(set(missing)))


@pytest.mark.parametrize("make", [
    lambda w: NewNetworkDialog(w), lambda w: InitialiseDialog(w),
    lambda w: ExportDialog(Path("net.png"), (800.0, 400.0), w), lambda w: DatasetDialog(w.doc.project, w),
    lambda w: NotationDialog(w.doc.notation, w.doc.network.sizes(), w), lambda w: BlockDialog(w.doc, None, w),
    lambda w: GradientCheckDialog(w.doc, check_gradients(w.doc.project), w),
], ids=["new", "initialise", "export", "dataset", "notation", "block", "gradcheck"])
def test_every_control_of_every_dialog_has_a_tooltip(window, qtbot, make):
    dialog = make(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    missing = untipped(dialog)
    assert not missing, "\n".join(missing)


def test_every_menu_command_says_what_it_does(window):
    missing = []

    def walk(menu, path):
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu(), path + [action.text()])
            elif not (action.statusTip().strip() or action.toolTip().strip() != _plain(action.text())):
                missing.append(" > ".join(path + [action.text()]))
    for top in window.menuBar().actions():
        top.menu().aboutToShow.emit()  # menus filled when opened (recent files, examples)
        walk(top.menu(), [top.text()])
    assert not missing, "\n".join(missing)


def _plain(text: str) -> str:
    return QAction(text).toolTip()
