"""Assembles the menu bar, the toolbar and the canvas's context menu from the window's actions."""
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar
from shiboken6 import Shiboken

from .file_ops import example_entries, recent_files

EXAMPLE_TEXT_LENGTH = 70


def _short(text: str, length: int = EXAMPLE_TEXT_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def build_menus(window) -> None:
    """File, Edit, View, Network, Training and Help menus."""
    bar = window.menuBar()
    f, e, v, n, h = window.file_actions, window.file_actions, window.view_actions, window.network_actions, \
        window.help_actions

    file_menu = bar.addMenu("&File")
    file_menu.addActions([f.new, f.open])
    window.recent_menu = file_menu.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(lambda: fill_recent_menu(window))
    fill_recent_menu(window)
    window.examples_menu = file_menu.addMenu("&Examples")
    window.examples_menu.setToolTipsVisible(True)
    fill_examples_menu(window)
    file_menu.addSeparator()
    file_menu.addActions([f.save, f.save_as])
    file_menu.addSeparator()
    file_menu.addActions([f.export_diagram, window.explain_actions.export_solution])
    file_menu.addSeparator()
    file_menu.addAction(f.quit)

    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([e.undo, e.redo])
    edit_menu.addSeparator()
    edit_menu.addActions([e.copy_value, f.copy_diagram])
    edit_menu.addAction(n.initialise)

    view_menu = bar.addMenu("&View")
    view_menu.addAction(window.check_actions.show_sheet)
    view_menu.addAction(window.presentation.action)
    view_menu.addSeparator()
    v.fill_menu(view_menu)
    view_menu.addSeparator()
    window.notation_menu = view_menu.addMenu("&Notation")
    window.notation_actions.fill_menu(window.notation_menu)
    view_menu.addSeparator()
    panels = window.panels_menu = view_menu.addMenu("P&anels")
    for dock in window.docks():
        toggle = dock.toggleViewAction()
        toggle.setStatusTip(f"Show or hide the {dock.windowTitle()} panel")
        panels.addAction(toggle)
    toolbar_toggle = window.toolbar.toggleViewAction()
    toolbar_toggle.setStatusTip("Show or hide the toolbar")
    panels.addAction(toolbar_toggle)

    network_menu = bar.addMenu("&Network")
    network_menu.addActions([n.add_neuron, n.remove_neuron])
    network_menu.addSeparator()
    network_menu.addActions([n.add_layer_before, n.add_layer_after, n.remove_layer])
    network_menu.addSeparator()
    network_menu.addActions([n.change_input_size, n.toggle_edge])
    network_menu.addSeparator()
    network_menu.addActions([window.block_actions.type_values, n.initialise])
    network_menu.addSeparator()
    network_menu.addAction(window.explain_actions.check_gradients)

    t = window.training_actions
    training_menu = bar.addMenu("&Training")
    training_menu.addActions([t.run_pause, t.step, t.step_n, t.animate])
    training_menu.addSeparator()
    training_menu.addAction(t.reset)

    help_menu = bar.addMenu("&Help")
    help_menu.addActions([h.tour, h.help, h.about])
    window.menus = {"file": file_menu, "edit": edit_menu, "view": view_menu, "network": network_menu,
                    "training": training_menu, "help": help_menu}


def build_toolbar(window) -> QToolBar:
    """The most used actions only: files, undo/redo and zoom."""
    toolbar = QToolBar("Main toolbar", window)
    toolbar.setObjectName("mainToolBar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setMovable(False)
    return toolbar


def fill_toolbar(window) -> None:
    f, v, n = window.file_actions, window.view_actions, window.network_actions
    toolbar = window.toolbar
    toolbar.addActions([f.new, f.open, f.save])
    toolbar.addSeparator()
    toolbar.addActions([f.undo, f.redo])
    _fixed_toolbar_text(window, f.undo, "Undo", window.doc.undo_stack.undoTextChanged)
    _fixed_toolbar_text(window, f.redo, "Redo", window.doc.undo_stack.redoTextChanged)
    toolbar.addSeparator()
    toolbar.addActions([v.zoom_out, v.zoom_in, v.fit])
    toolbar.addSeparator()
    toolbar.addActions([n.add_neuron, n.remove_neuron])
    toolbar.addSeparator()
    t = window.training_actions
    toolbar.addActions([t.run_pause, t.step, t.reset])


def _fixed_toolbar_text(window, action: QAction, text: str, text_changed) -> None:
    """A short toolbar label, the full "Undo Train 500 steps" in the tooltip: the toolbar's buttons (Run,
    Pause...) must not move each time the undo text changes."""
    action.setIconText(text)

    def tip(*_):
        if Shiboken.isValid(action):  # the stack may outlive the window
            action.setToolTip(action.text().replace("&", ""))

    text_changed.connect(tip)
    tip()


def fill_recent_menu(window) -> None:
    menu = window.recent_menu
    menu.clear()
    files = recent_files(window.settings)
    for number, path in enumerate(files, 1):
        a = menu.addAction(f"&{number} {Path(path).name}")
        a.setStatusTip(path)
        a.setToolTip(path)
        a.triggered.connect(lambda _=False, path=path: window.files.open_recent(path))
    if files:
        menu.addSeparator()
        clear = menu.addAction("&Clear list")
        clear.triggered.connect(window.clear_recent)
    else:
        empty = menu.addAction("(no recent files)")
        empty.setStatusTip("The files you open or save appear here")
        empty.setEnabled(False)


def fill_examples_menu(window) -> None:
    menu = window.examples_menu
    menu.clear()
    for path, title in example_entries():
        a = menu.addAction(_short(title))
        a.setToolTip(f"{title}\n{path.name}")
        a.setStatusTip(path.name)
        a.setData(str(path))
        a.triggered.connect(lambda _=False, path=path: window.files.open_path(path))
    menu.setEnabled(not menu.isEmpty())


def context_menu(window, ref) -> QMenu:
    """The right-click menu for a neuron, an edge or the empty canvas (None)."""
    menu = QMenu(window)
    for a in [*window.network_actions.context_actions(ref), None, *window.block_actions.context_actions(ref)]:
        if a is None:
            menu.addSeparator()
        else:
            menu.addAction(a)
    menu.addSeparator()
    if ref is not None:
        menu.addAction(window.file_actions.copy_value)
    else:
        menu.addAction(window.view_actions.fit)
    return menu
