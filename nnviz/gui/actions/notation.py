"""View > Notation: one checkable action per preset and Custom…; a choice is an undoable edit of the file's
view and becomes the preference for files that name no notation."""
from PySide6.QtCore import QObject, QSignalBlocker
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDialog, QMenu

from nnviz.core.notation import PRESETS, Notation

from ..commands import SetView
from ..document import NOTATION_KEY, Change, Document
from ..file_ops import store_preferred_notation
from ..notation_dialog import NotationDialog, notation_title


class NotationActions(QObject):
    """The Notation submenu's actions; the checked one follows the document (undo, redo, opening a file)."""

    def __init__(self, window, doc: Document, settings):
        super().__init__(window)
        self.window, self.doc, self.settings = window, doc, settings
        self.group = QActionGroup(self)
        self.presets: dict[str, QAction] = {}
        for name, (label, notation) in PRESETS.items():
            a = QAction(label, window, checkable=True)
            a.setStatusTip(notation.namer([2, 2]).describe_weight())
            a.triggered.connect(lambda _=False, notation=notation: self.choose(notation))
            self.group.addAction(a)
            self.presets[name] = a
        self.custom = QAction("&Custom…", window, checkable=True)
        self.custom.setStatusTip("Choose the index order, symbols, layer index and matrix orientation one by one")
        self.custom.triggered.connect(self.ask_custom)
        self.group.addAction(self.custom)
        doc.changed.connect(lambda change: self.sync() if change & (Change.VIEW | Change.FILE) else None)
        self.sync()

    def fill_menu(self, menu: QMenu) -> None:
        menu.addActions(list(self.presets.values()))
        menu.addSeparator()
        menu.addAction(self.custom)

    def sync(self) -> None:
        """Check the action of the document's notation (without feeding back)."""
        preset = self.doc.notation.preset
        for name, a in [*self.presets.items(), ("custom", self.custom)]:
            with QSignalBlocker(a):
                a.setChecked(name == preset)

    def choose(self, notation: Notation) -> None:
        """Write names this way in this file (one undo step) and, from now on, in files that name none."""
        store_preferred_notation(self.settings, notation)
        value = notation.to_view()
        if self.doc.project.view.get(NOTATION_KEY) != value:
            self.doc.undo_stack.push(SetView(self.doc, NOTATION_KEY, value, f"Notation: {notation_title(notation)}"))
        self.sync()

    def ask_custom(self) -> bool:
        dialog = NotationDialog(self.doc.notation, self.doc.network.sizes(), self.window)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted:
            self.choose(dialog.notation())
        self.sync()  # a cancelled dialog leaves the notation, and its check mark, as they were
        return accepted
