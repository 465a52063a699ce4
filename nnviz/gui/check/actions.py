"""View > Check my work (Ctrl+K) opening the answer sheet's dock, the sheet's Import and Export report, and
the link from the sheet to the canvas (badges, the first wrong step, a hovered factor)."""
from pathlib import Path

from PySide6.QtCore import QObject, QSignalBlocker
from PySide6.QtWidgets import QFileDialog

from nnviz.core import FileFormatError, files
from nnviz.gui.actions import make_action
from nnviz.gui.actions.explain import suffix_format

REPORT_FILTERS = {"markdown": "Markdown with $…$ maths (*.md)", "html": "Web page with MathML (*.html)"}
ANSWER_FILTER = "Answer sheets (*.txt);;All files (*)"


class CheckActions(QObject):
    """Opens and closes the sheet, reads answer files into it and writes its report. The sheet's panel is made
    when it is first opened (window.check), and then `attach`ed here."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.dock = window.check_dock
        self.show_sheet = make_action(window, "Check my &work", self.set_open,
                                      "Type your homework's numbers: each is marked correct, carried or wrong, and "
                                      "the first wrong step is shown with its derivation", ["Ctrl+K"])
        self.show_sheet.setCheckable(True)
        self.dock.toggleViewAction().toggled.connect(self._dock_toggled)

    @property
    def panel(self):
        return self.window.check

    def attach(self, panel) -> None:
        """Wire a newly made sheet to the files, the status bar and the canvas."""
        window = self.window
        panel.import_button.clicked.connect(self.ask_import)
        panel.export_button.clicked.connect(self.ask_export)
        panel.statusMessage.connect(lambda text: window.statusBar().showMessage(text, 5000))
        view = window.view
        panel.marksChanged.connect(lambda: view.set_marks(*panel.canvas_marks(window.selection.sample)))
        panel.highlight.connect(view.set_emphasis)

    def set_open(self, on: bool) -> None:
        """Open the sheet in front of its tab group, or close it."""
        self.dock.setVisible(on)
        if on:
            self.dock.raise_()
            self.panel.table.setFocus()

    def _dock_toggled(self, open_: bool) -> None:
        with QSignalBlocker(self.show_sheet):
            self.show_sheet.setChecked(open_)
        if open_ or self.window.check_made:
            self.panel.set_active(open_)

    # ----- files --------------------------------------------------------------------------------------
    def import_path(self, path) -> bool:
        """Replace the sheet by an answer file's answers (one undo step); a file with an error changes nothing
        and the message names the line."""
        from nnviz.core.answers import AnswerError, load_answers
        doc, panel = self.window.doc, self.panel
        try:
            answers = load_answers(path, doc.project, doc.namer())
        except AnswerError as error:
            panel.message.show_message(f"Nothing imported: {error}")
            return False
        name = Path(path).name
        if not panel.model.set_answers({a.quantity.canonical(): a.written.text for a in answers},
                                       f"Import answers from {name}", replace=True):
            return False
        panel.refresh()
        panel.show_first_wrong()
        self.window.statusBar().showMessage(f"Imported {len(answers)} answers from {name}", 5000)
        return True

    def ask_import(self) -> bool:
        folder = str(self.window.files.default_folder())
        path, _ = QFileDialog.getOpenFileName(self.window, "Import answers", folder, ANSWER_FILTER)
        return self.import_path(path) if path else False

    def export_path(self, path, kind: str) -> bool:
        """Write the marked sheet and the first wrong step's derivation as `kind` ("markdown" or "html")."""
        from nnviz.core.check_report import render_report
        doc, panel = self.window.doc, self.panel
        panel.refresh()
        model = panel.model
        if model.report is None:
            panel.message.show_message(f"No report to export: {model.error or 'type or import some answers first'}.")
            return False
        text = render_report(doc.project, doc.result, model.answers, model.report, doc.notation,
                             panel.number_format(), kind, f"Check my work: {doc.display_name()}")
        try:
            files.write_atomically(path, text.encode("utf-8"))
        except FileFormatError as error:
            panel.message.show_message(str(error))
            return False
        except OSError as error:
            panel.message.show_message(f"Cannot write {path}: {error.strerror or error}.")
            return False
        panel.message.show_message(None)
        self.window.statusBar().showMessage(f"Exported the report to {path}", 5000)
        return True

    def ask_export(self) -> bool:
        doc = self.window.doc
        stem = (doc.path.stem if doc.path else "network") + "-report"
        start = str(self.window.files.default_folder() / (stem + ".md"))
        text, chosen = QFileDialog.getSaveFileName(self.window, "Export report", start,
                                                   ";;".join(REPORT_FILTERS.values()))
        if not text:
            return False
        kind = suffix_format(text, next((k for k, label in REPORT_FILTERS.items() if label == chosen), "markdown"))
        return self.export_path(text, kind)
