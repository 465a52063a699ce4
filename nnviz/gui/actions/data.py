"""Real data for training: import and export the data as CSV, load a built-in data set (Data menu).

Every operation has a method tests call directly (import_csv(path), export_csv(path), load_dataset(...));
only the ask_* methods open dialogs. Each change is one ReplaceData undo step; a file that cannot be
read is reported with its line numbers and changes nothing.
"""
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from nnviz.core import FileFormatError
from nnviz.core.csv_data import CsvTable, read_csv_table, write_csv
from nnviz.core.datasets import DATASETS

from . import make_action
from ..commands import ReplaceData
from ..document import Document

CSV_FILTER = "CSV files (*.csv *.txt);;All files (*)"


def _problems(error: FileFormatError) -> list[str]:
    return list(error.problems) or [str(error)]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class DataActions(QObject):
    """The Data menu's actions: Import CSV..., Export CSV..., Load built-in data set..."""

    def __init__(self, window, doc: Document):
        super().__init__(window)
        self.window, self.doc = window, doc

        action = partial(make_action, window)

        self.import_csv_action = action("&Import data from CSV...", self.ask_import_csv,
                                        "Replace the samples by a CSV file's rows: inputs first, then targets")
        self.export_csv_action = action("&Export data as CSV...", self.ask_export_csv,
                                        "Save the training samples as a CSV file (x1.., y..)")
        self.load_dataset_action = action("Load &built-in data set...", self.ask_load_dataset,
                                          "Replace the samples by XOR, circle, spirals, a sine wave...")

    def actions(self) -> list[QAction]:
        return [self.load_dataset_action, self.import_csv_action, self.export_csv_action]

    # ----- messages (separate so tests can replace them) ----------------------------------------
    def _error(self, title: str, text: str) -> None:
        self._status(text.splitlines()[0])
        QMessageBox.critical(self.window, title, text)

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self.window, title, text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    def _status(self, text: str) -> None:
        status_bar = getattr(self.window, "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(text, 8000)

    def _push(self, make, title: str) -> bool:
        """Build one ReplaceData and push it; a refused change is explained and nothing is pushed."""
        error = self.doc.try_push(make)
        if error is not None:
            self._error(title, _sentence(error) + "\n\nNothing was changed.")
            return False
        self._status(self.doc.undo_stack.undoText())
        return True

    # ----- CSV ---------------------------------------------------------------------------------
    def read_table(self, path) -> tuple[CsvTable, bool]:
        """The file's data for this network: (table, needs_adapting); FileFormatError if it cannot be read.

        First read with the network's sizes; if that fails, a header naming the target columns
        (y, y1, target...) may still say how to split the columns, and then needs_adapting is True.
        """
        net = self.doc.network
        try:
            return read_csv_table(path, net.input_size, net.output_size), False
        except FileFormatError as sized:
            problems = _problems(sized)
            try:
                table = read_csv_table(path)
            except FileFormatError as by_header:
                extra = [p for p in _problems(by_header) if p not in problems]
                # reading by the header reached the rows (line numbers) or says how to name the columns
                if any(p.startswith("line ") for p in extra) or not any(p.startswith("line ") for p in problems):
                    problems += extra
                raise FileFormatError(problems) from None
            if (table.inputs.shape[1], table.targets.shape[1]) == (net.input_size, net.output_size):
                raise FileFormatError(problems) from None  # the sizes fit, so the problem is something else
            return table, True

    def import_csv(self, path) -> bool:
        """Replace the data by a CSV file's rows (validation set cleared); one undo step.

        A file that does not fit the network's sizes but names its target columns offers to adapt the
        network. Any problem is shown with its line number and nothing changes.
        """
        path = Path(path)
        try:
            table, adapt = self.read_table(path)
        except FileFormatError as error:
            self._error("Cannot import data", f"{path.name} cannot be imported; nothing was changed.\n\n"
                        + "\n".join(_problems(error)))
            return False
        n_in, n_out = table.inputs.shape[1], table.targets.shape[1]
        from ..dataset_dialog import network_changes, plural  # with the data set dialog, loaded when first used
        if adapt:
            net = self.doc.network
            changes = network_changes(self.doc.project, n_in, n_out)
            question = (f"{path.name} has {plural(n_in, 'input column')} ({', '.join(table.input_names)}) and "
                        f"{plural(n_out, 'target column')} ({', '.join(table.target_names)}), but the network "
                        f"has {plural(net.input_size, 'input')} and {plural(net.output_size, 'output')}.\n\n"
                        "Change the network to fit the data?\n\n" + "\n".join(f"• {line}" for line in changes)
                        + "\n\nThis is one step you can undo.")
            if not self._confirm("Adapt the network to the data?", question):
                return False
        text = f"Import {plural(table.inputs.shape[0], 'sample')} from {path.name}" + (" (network adapted)" if adapt else "")
        return self._push(lambda: ReplaceData(self.doc, text, table.inputs, table.targets, adapt_network=adapt),
                          "Cannot import data")

    def export_csv(self, path) -> bool:
        """Write the training samples (header x1.., y..) atomically; full precision, reads back exactly."""
        path = Path(path)
        project = self.doc.project
        try:
            write_csv(path, project.inputs, project.targets)
        except FileFormatError as error:  # e.g. the name of a pipe or a device: it names the path itself
            self._error("Cannot export data", "\n".join(_problems(error)) + "\n\nNothing was written.")
            return False
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self._error("Cannot export data", f"Cannot write {path}: {reason}.\n\nChoose another folder or file name.")
            return False
        extra = f" (the {project.validation_count} validation samples are not included)" \
            if project.has_validation else ""
        self._status(f"Exported {project.sample_count} samples to {path}{extra}")
        return True

    def _folder(self) -> Path:
        path = self.doc.path
        return path.parent if path is not None and path.parent.is_dir() else Path.home()

    def ask_import_csv(self) -> bool:
        text, _ = QFileDialog.getOpenFileName(self.window, "Import data from CSV", str(self._folder()), CSV_FILTER)
        return self.import_csv(text) if text else False

    def ask_export_csv(self) -> bool:
        stem = self.doc.path.stem if self.doc.path is not None else "data"
        text, _ = QFileDialog.getSaveFileName(self.window, "Export data as CSV", str(self._folder() / f"{stem}.csv"),
                                              CSV_FILTER)
        if not text:
            return False
        path = Path(text)
        return self.export_csv(path if path.suffix else path.with_suffix(".csv"))

    # ----- built-in data sets --------------------------------------------------------------------
    def load_dataset(self, name: str, n_samples: int | None = None, noise: float | None = None, seed: int = 0,
                     validation_fraction: float = 0.0, adapt_network: bool = False,
                     apply_suggestion: bool = False) -> bool:
        """Replace the data by a built-in data set (split off validation_fraction); one undo step.

        adapt_network fits the network's inputs and outputs to the data set; apply_suggestion sets the
        output activation and loss the registry recommends (sigmoid + bce, or identity + mse).
        """
        from ..dataset_dialog import make_dataset, suggested_setup  # loaded when first used
        entry = DATASETS[name]
        n_samples = entry.default_samples if n_samples is None else n_samples
        noise = entry.default_noise if noise is None else noise
        activation, loss = suggested_setup(entry) if apply_suggestion else (None, None)
        if loss is not None and loss.name == self.doc.project.loss.name:
            loss = None  # keep the chosen reduction (and Huber delta) of the same loss

        def make():
            train_x, train_y, val_x, val_y = make_dataset(name, n_samples, noise, seed, validation_fraction)
            held_out = f", {len(val_x)} for validation" if val_x is not None else ""
            return ReplaceData(self.doc, f"Load data set {entry.title} ({len(train_x)} samples{held_out})",
                               train_x, train_y, val_x, val_y, adapt_network=adapt_network,
                               output_activation=activation, loss=loss)

        return self._push(make, "Cannot load the data set")

    def ask_load_dataset(self) -> bool:
        from ..dataset_dialog import ask_dataset
        choice = ask_dataset(self.doc.project, self.window)
        return self.load_dataset(**choice) if choice is not None else False


def install_data_actions(window) -> DataActions:
    """Create the data actions for a main window and put them in a Data menu before the Help menu."""
    actions = DataActions(window, window.doc)
    menus = getattr(window, "menus", {})
    help_menu = menus.get("help")
    bar = window.menuBar()
    data_menu = QMenu("&Data", bar)
    if help_menu is not None:
        bar.insertMenu(help_menu.menuAction(), data_menu)
    else:
        bar.addMenu(data_menu)
    data_menu.addActions(actions.actions())
    if isinstance(menus, dict):
        menus["data"] = data_menu
    window.data_menu = data_menu
    return actions
