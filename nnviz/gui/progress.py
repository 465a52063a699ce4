"""A progress dialog for file work that takes more than about half a second (networks of many edges).

The work itself is one blocking call per stage (reading, checking, drawing, writing), so the dialog
is shown at once when the caller expects slow work (from the file size or the number of values), says
which stage runs, and offers Cancel only while cancelling is safe: before the document changes.
"""
from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

SLOW_OPEN_BYTES = 2 * 1024 * 1024  # a file this big takes about half a second to read, check and draw
SLOW_SAVE_VALUES = 400_000  # weights, biases and data values: saving this many takes about half a second
SLOW_EDGES = 50_000  # edges: drawing or exporting this many takes about half a second
HUGE_EDGES = 1_000_000  # ask before drawing (or exporting) this many: it takes many seconds


class Cancelled(Exception):
    """The user pressed Cancel; nothing has changed."""


class FileProgress:
    """A modal busy dialog over `parent` while a `with` block runs; stage() names each step.

    With cancellable=True the dialog has a Cancel button, and stage() raises Cancelled once it was
    pressed; allow_cancel(False) removes the button when the work reaches the point of no return.
    """

    def __init__(self, parent: QWidget, title: str, text: str, cancellable: bool):
        self.parent, self.title, self.text, self.cancellable = parent, title, text, cancellable
        self.dialog: QProgressDialog | None = None
        self.texts: list[str] = []  # every text shown, in order (tests read it)

    def __enter__(self) -> "FileProgress":
        dialog = QProgressDialog(self.text, "Cancel" if self.cancellable else None, 0, 0, self.parent)
        dialog.setWindowTitle(self.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self.cancellable:
            dialog.setCancelButton(None)
        self.dialog = dialog
        self.texts.append(self.text)
        dialog.show()
        self._let_it_paint()
        return self

    def stage(self, text: str) -> None:
        """Show what runs next; raise Cancelled if Cancel was pressed."""
        self._let_it_paint()
        if self.cancelled:
            raise Cancelled()
        if text != self.texts[-1]:
            self.texts.append(text)
            self.dialog.setLabelText(text)
            self._let_it_paint()

    @property
    def cancelled(self) -> bool:
        return self.cancellable and self.dialog is not None and self.dialog.wasCanceled()

    def allow_cancel(self, allowed: bool) -> None:
        """Cancel only while nothing has changed: False from the point of no return on."""
        self.cancellable = allowed
        if not allowed:
            self.dialog.setCancelButton(None)

    def _let_it_paint(self) -> None:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    def __exit__(self, *exc) -> bool:
        self.dialog.close()
        self.dialog.deleteLater()
        return False
