"""The "show the work" actions: File > Export worked solution and Network > Check gradients."""
from functools import partial

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from nnviz.core.solution_render import SUFFIXES

from . import make_action

SOLUTION_FILTERS = {"markdown": "Markdown with $…$ maths (*.md)", "latex": "LaTeX document (*.tex)",
                    "html": "Web page with MathML (*.html)", "text": "Plain text (*.txt)"}


class ExplainActions(QObject):
    """Exports the worked solution (answer key) and opens the gradient check."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        action = partial(make_action, window)
        self.export_solution = action("Export &worked solution...", self.ask_export_solution,
                                      "Save the whole derivation (forward pass, loss, every gradient, update) "
                                      "as an answer key: Markdown, LaTeX, HTML or text")
        self.check_gradients = action("Check &gradients", self.show_gradient_check,
                                      "Compare every gradient with a central finite difference of the loss")
        window.doc.changed.connect(self.update_enabled)
        self.update_enabled()

    def update_enabled(self, *_) -> None:
        computable = self.window.doc.result is not None
        self.export_solution.setEnabled(computable)
        self.check_gradients.setEnabled(computable)

    def ask_export_solution(self) -> bool:
        files = self.window.files
        doc = self.window.doc
        stem = (doc.path.stem if doc.path else "network") + "-solution"
        folder = files.default_folder()
        text, chosen = QFileDialog.getSaveFileName(self.window, "Export worked solution",
                                                   str(folder / (stem + ".md")), ";;".join(SOLUTION_FILTERS.values()))
        if not text:
            return False
        fmt = suffix_format(text, next((f for f, label in SOLUTION_FILTERS.items() if label == chosen), "markdown"))
        return files.export_solution(text, fmt)

    def show_gradient_check(self) -> None:
        from ..gradcheck_dialog import GradientCheckDialog, run_check  # loaded when first used
        report = run_check(self.window.doc, self.window)
        if report is not None:
            self.dialog = GradientCheckDialog(self.window.doc, report, self.window)
            self.dialog.open()


def suffix_format(path: str, chosen: str) -> str:
    """The export format for a file name: its suffix, else the chosen filter's."""
    for fmt, suffix in SUFFIXES.items():
        if path.lower().endswith(suffix):
            return fmt
    return chosen
