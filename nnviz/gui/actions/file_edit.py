"""File and Edit actions of the main window, with the platform's standard shortcuts."""
from functools import partial

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle

from . import StandardKey, make_action, themed_icon


class FileEditActions(QObject):
    """New, Open, Save, Save As, Export, Quit, Undo, Redo and Copy value."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        files, doc = window.files, window.doc
        sp = QStyle.StandardPixmap

        action = partial(make_action, window)

        self.new = action("&New...", window.ask_new, "Create a new network from its layer sizes",
                          [StandardKey.New], themed_icon(window, "document-new", sp.SP_FileIcon))
        self.open = action("&Open...", files.ask_open, "Open a .nnviz file", [StandardKey.Open],
                           themed_icon(window, "document-open", sp.SP_DialogOpenButton))
        self.save = action("&Save", files.save, "Save the network", [StandardKey.Save],
                           themed_icon(window, "document-save", sp.SP_DialogSaveButton))
        self.save_as = action("Save &As...", files.save_as, "Save the network under a new name",
                              [StandardKey.SaveAs] if QKeySequence.keyBindings(StandardKey.SaveAs) else ["Ctrl+Shift+S"])
        self.export_diagram = action("&Export diagram...", lambda: files.ask_export_diagram(window.view),
                                     "Save the diagram for a slide or a handout: PNG at 1x-4x or a DPI, "
                                     "SVG or PDF, on white or transparent", ["Ctrl+E"])
        self.copy_diagram = action("Cop&y diagram", lambda: files.copy_diagram(window.view),
                                   "Put a picture of the diagram (2x, on white) on the clipboard, to paste "
                                   "into a slide", ["Ctrl+Shift+C"])
        self.quit = action("&Quit", window.close, "Quit nnviz", [StandardKey.Quit] if
                           QKeySequence.keyBindings(StandardKey.Quit) else ["Ctrl+Q"])
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo = doc.undo_stack.createUndoAction(window, "&Undo")
        self.undo.setShortcuts(QKeySequence.keyBindings(StandardKey.Undo))
        self.undo.setIcon(themed_icon(window, "edit-undo", sp.SP_ArrowBack))
        self.undo.setStatusTip("Take back the last edit or training run (the Undo history lists them)")
        self.redo = doc.undo_stack.createRedoAction(window, "&Redo")
        redo_keys = QKeySequence.keyBindings(StandardKey.Redo)
        if QKeySequence("Ctrl+Shift+Z") not in redo_keys:
            redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
        self.redo.setShortcuts(redo_keys)
        self.redo.setIcon(themed_icon(window, "edit-redo", sp.SP_ArrowForward))
        self.redo.setStatusTip("Do again what Undo took back")
        self.copy_value = action("&Copy value", window.view.copy_selection,
                                 "Copy the selected weight, bias or input at full precision",
                                 [StandardKey.Copy])
        # Ctrl+C is the canvas's only while it has focus: the data table and number fields keep their own copy
        self.copy_value.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        window.view.addAction(self.copy_value)
        window.selection.changed.connect(self.update_enabled)
        self.update_enabled()

    def update_enabled(self, *_) -> None:
        self.copy_value.setEnabled(self.window.selection.current is not None)
