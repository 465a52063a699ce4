"""Opening, saving, exporting and remembering .nnviz files for the main window.

Every operation has a path-taking method (open_path, save_to, export_diagram...) that tests and drag and drop
call directly; only the ask_* methods open native dialogs. Work on a big network shows a progress dialog
(progress.py), and a network of millions of edges is named with its size before it is drawn or exported.
Whatever goes wrong is a message: a failed save keeps the document, its file name and its unsaved mark.
"""
import json
from dataclasses import asdict, fields
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from nnviz import paths
from nnviz.core import FileFormatError, Network, Project, fileformat, files
from nnviz.core.losses import Loss
from nnviz.core.notation import Notation

from . import progress
from .display_settings import ALLOWED, PREFERENCES, DisplayOptions, DisplaySettings
from .document import Document
from .progress import Cancelled, FileProgress

ORGANIZATION = "nnviz"
APPLICATION = "nnviz"
RECENT_KEY = "recentFiles"
NOTATION_PREFERENCE_KEY = "notation/default"  # Notation.to_view() as JSON text
MAX_RECENT = 8
DISPLAY_VIEW_KEY = "display"  # where a file's `view` keeps the display options
FILE_FILTER = "nnviz networks (*.nnviz);;All files (*)"


def app_settings() -> QSettings:
    """The user's settings (an ini file, so tests can redirect it with QSettings.setPath)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


# ----- recent files ------------------------------------------------------------------------
def recent_files(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY) or []
    if isinstance(value, str):  # an ini file stores a one-element list as a plain string
        value = [value]
    return [str(v) for v in value if v][:MAX_RECENT]


def _store_recent(settings: QSettings, files: list[str]) -> None:
    settings.setValue(RECENT_KEY, files[:MAX_RECENT])
    settings.sync()


def add_recent(settings: QSettings, path) -> list[str]:
    """Put `path` first in the recent list (no duplicates, at most MAX_RECENT)."""
    text = str(Path(path).resolve())
    files = [text] + [f for f in recent_files(settings) if f != text]
    _store_recent(settings, files)
    return files[:MAX_RECENT]


def remove_recent(settings: QSettings, path) -> None:
    _store_recent(settings, [f for f in recent_files(settings) if f != str(path)])


# ----- the notation for files that name none ---------------------------------------------------
def preferred_notation(settings: QSettings) -> Notation:
    """The notation the user last chose (the default one if none, or if the stored one is not valid)."""
    text = settings.value(NOTATION_PREFERENCE_KEY)
    try:
        return Notation.from_view(json.loads(text)) if text else Notation()
    except (TypeError, ValueError):  # json.JSONDecodeError is a ValueError
        return Notation()


def store_preferred_notation(settings: QSettings, notation: Notation) -> None:
    settings.setValue(NOTATION_PREFERENCE_KEY, json.dumps(notation.to_view(), ensure_ascii=False))
    settings.sync()


# ----- examples ------------------------------------------------------------------------------
def is_example(path) -> bool:
    """True for a shipped example, which Save must not overwrite (Save asks for a new name)."""
    if path is None:
        return False
    try:
        return Path(path).resolve().parent == paths.examples_dir().resolve()
    except OSError:
        return False


def example_entries() -> list[tuple[Path, str]]:
    """(path, title) of every shipped example; a file that does not load shows its name and the problem."""
    entries = []
    for path in paths.example_files():
        try:
            title = fileformat.load(path).title or path.stem
        except FileFormatError as error:
            title = f"{path.stem} (cannot be opened: {error.problems[0] if error.problems else error})"
        entries.append((path, title))
    return entries


def default_example_path() -> Path:
    return paths.examples_dir() / paths.DEFAULT_EXAMPLE


def builtin_default_project() -> Project:
    """Worked example 002 built in code, used if the shipped example file cannot be read."""
    network = Network.create(3, [2, 2, 1], ["relu", "relu", "identity"])
    return Project(network, Loss("sse"), [[1.0, 2.0, -1.0]], [[0.0]], title="Worked example 002")


# ----- display options in a file's view ----------------------------------------------------
def display_options_from_view(view: dict) -> dict:
    """The valid display options stored in a file's view (unknown or ill-typed entries are ignored)."""
    stored = view.get(DISPLAY_VIEW_KEY) if isinstance(view, dict) else None
    if not isinstance(stored, dict):
        return {}
    options = {}
    for f in fields(DisplayOptions):
        if f.name in PREFERENCES:
            continue
        value = stored.get(f.name)
        default = getattr(DisplayOptions, f.name)
        if isinstance(default, bool):
            if isinstance(value, bool):
                options[f.name] = value
        elif isinstance(default, int):
            if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 17:
                options[f.name] = value
        elif value in ALLOWED.get(f.name, ()):
            options[f.name] = value
    return options


def _value_count(project: Project) -> int:
    """Numbers a save writes (weights, biases and data), which is what makes it slow."""
    net = project.network
    tables = (project.inputs, project.targets, project.validation_inputs, project.validation_targets)
    return (sum(w.size + b.size for w, b in zip(net.weights, net.biases))
            + sum(t.size for t in tables if t is not None))


def project_for_saving(project: Project, options: DisplayOptions) -> Project:
    """A copy of the project whose view also holds the display options (the document is not touched)."""
    copy = project.copy()
    copy.view[DISPLAY_VIEW_KEY] = {k: v for k, v in asdict(options).items() if k not in PREFERENCES}
    return copy


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:,.0f} KB"


def _shape_text(network: Network) -> str:
    return " → ".join(f"{n:,}" for n in network.sizes())


class FileOps(QObject):
    """File menu behaviour: new, open (file, recent, example, dropped), save, save as, export."""

    slowWorkStarted = Signal()  # before a progress dialog lets events run: the window pauses training

    def __init__(self, window: QWidget, doc: Document, display: DisplaySettings, settings: QSettings):
        super().__init__(window)
        self.window, self.doc, self.display, self.settings = window, doc, display, settings

    # ----- messages (separate so tests can replace them) ------------------------------------
    def _error(self, title: str, text: str) -> None:
        self.window.statusBar().showMessage(text.splitlines()[0], 10000)
        QMessageBox.critical(self.window, title, text)

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 5000)

    def _ask(self, title: str, text: str, yes=QMessageBox.StandardButton.Open) -> bool:
        answer = QMessageBox.question(self.window, title, text, yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == yes

    def _progress(self, title: str, text: str, cancellable: bool) -> FileProgress:
        self.slowWorkStarted.emit()
        return FileProgress(self.window, title, text, cancellable)

    # ----- unsaved changes ----------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel if there are unsaved changes; True if it is fine to go on."""
        if not self.doc.is_modified:
            return True
        answer = QMessageBox.question(
            self.window, "Unsaved changes",
            f"{self.doc.display_name()} has unsaved changes. Save them before going on?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # ----- opening --------------------------------------------------------------------------
    def load_project(self, project: Project, path: Path | None) -> None:
        """Show `project` (undo history cleared) in its own notation, else the preferred one, and apply the
        display options its view holds."""
        self.doc.default_notation = preferred_notation(self.settings)
        self.doc.load(project, path)
        options = display_options_from_view(project.view)
        if options:
            self.display.set(**options)

    def new_project(self, project: Project) -> bool:
        """Replace the document by a new untitled project (after asking about unsaved changes)."""
        if not self.maybe_save():
            return False
        self.load_project(project, None)
        self._status("New network")
        return True

    def open_path(self, path, *, ask: bool = True, remember: bool = True) -> bool:
        """Open a .nnviz file; on a bad file show every problem and keep the current network.

        A big file shows its progress (Cancel works until drawing starts), and a network of more than
        progress.HUGE_EDGES edges is named with its size first, so opening it can be called off.
        """
        if ask and not self.maybe_save():
            return False
        path = Path(path)
        try:
            project = self._read(path)
        except Cancelled:
            self._status(f"Opening {path.name} cancelled; nothing changed")
            return False
        except FileFormatError as error:
            self._error("Cannot open file", f"{path} cannot be opened:\n\n" + "\n".join(error.problems or [str(error)]))
            return False
        edges = project.network.edge_count()
        if edges >= progress.HUGE_EDGES and not self._ask(
                "A very big network", f"{path.name} holds a network of {edges:,} edges "
                f"({_shape_text(project.network)} neurons). Drawing it takes many seconds, and every edit of "
                "it is slow.\n\nOpen it anyway?"):
            self._status(f"{path.name} was not opened")
            return False
        if edges >= progress.SLOW_EDGES:
            with self._progress("Opening", f"Drawing {edges:,} edges of {path.name}…", cancellable=False):
                self.load_project(project, path)
        else:
            self.load_project(project, path)
        if remember and not is_example(path):
            add_recent(self.settings, path)
        self._status(f"Opened {path}")
        return True

    def _read(self, path: Path) -> Project:
        """The file's project (FileFormatError if it cannot be opened); a big file with a progress dialog."""
        try:
            size = path.stat().st_size
        except OSError:
            size = 0  # loading says what is wrong
        if size < progress.SLOW_OPEN_BYTES:
            return fileformat.load(path, require_computable=False)  # the window shows why it cannot compute
        stages = {"read": f"Reading {path.name} ({_size_text(size)})…", "parse": f"Reading the numbers of {path.name}…",
                  "check": f"Checking every number of {path.name}…"}
        with self._progress("Opening", stages["read"], cancellable=True) as bar:
            project = fileformat.load(path, require_computable=False, progress=lambda stage: bar.stage(stages[stage]))
            bar.stage(f"{path.name} is ready to be drawn")  # the last point where Cancel changes nothing
        return project

    def open_recent(self, path: str) -> bool:
        """Open an entry of the recent list; a file that has gone is removed from the list with a message."""
        if not Path(path).exists():  # anything else there (a folder, a pipe) is explained by open_path
            remove_recent(self.settings, path)
            QMessageBox.information(self.window, "File not found",
                                    f"{path} no longer exists (moved or deleted), so it was removed from "
                                    "the recent files.")
            return False
        return self.open_path(path)

    def ask_open(self) -> bool:
        start = str(self.doc.path.parent) if self.doc.path and not is_example(self.doc.path) else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self.window, "Open network", start, FILE_FILTER)
        return self.open_path(path) if path else False

    # ----- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        """Save to the current file; an untitled network or a shipped example asks for a name."""
        if self.doc.path is None or is_example(self.doc.path):
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self) -> bool:
        path = self.ask_save_path("Save network as", "nnviz networks (*.nnviz)", ".nnviz")
        return self.save_to(path) if path else False

    def save_to(self, path) -> bool:
        """Write atomically; on any error show it and leave the document, its file name and its unsaved
        mark as they were (closing the window after a failed save keeps it open)."""
        path = Path(path)
        project = project_for_saving(self.doc.project, self.display.options)
        try:
            if _value_count(project) >= progress.SLOW_SAVE_VALUES:
                with self._progress("Saving", f"Saving {path.name} ({_value_count(project):,} numbers)…",
                                    cancellable=False):
                    fileformat.save(project, path)
            else:
                fileformat.save(project, path)
        except FileFormatError as error:
            self._error("Cannot save", f"The network cannot be saved to {path}:\n\n" + "\n".join(error.problems)
                        + "\n\nYour changes are still open in the window.")
            return False
        except OSError as error:
            self._error("Cannot save", f"Cannot write {path}: {error.strerror or error}.\n\n"
                                       "Choose another folder or file name (File > Save As...).")
            return False
        except Exception as error:  # nnviz's own mistake: still a message, and the edits stay
            self._error("Cannot save", f"The network could not be saved to {path} because of an error in nnviz "
                                       f"({type(error).__name__}: {error}).\n\nYour changes are still open in the "
                                       "window; try File > Save As... with another name.")
            return False
        self.doc.mark_saved(path)
        add_recent(self.settings, path)
        self._status(f"Saved {path}")
        return True

    def ask_save_path(self, caption: str, file_filter: str, suffix: str) -> Path | None:
        """A file name from the native dialog, with `suffix` added when the user typed none."""
        stem = self.doc.path.stem if self.doc.path else "network"
        text, _ = QFileDialog.getSaveFileName(self.window, caption, str(self.default_folder() / (stem + suffix)),
                                              file_filter)
        if not text:
            return None
        path = Path(text)
        return path if path.suffix else path.with_suffix(suffix)

    # ----- exporting ------------------------------------------------------------------------
    def _may_draw(self, view, what: str) -> bool:
        """True unless the network is huge and the user declines to wait for `what`."""
        edges = view.model.geometry.edge_count
        if edges < progress.HUGE_EDGES or self._ask(
                "A very big network", f"The diagram has {edges:,} edges; {what} takes many seconds, and "
                "cannot be stopped once it has started.\n\nGo on?", QMessageBox.StandardButton.Save):
            return True
        return False

    def _drawing(self, view, text: str):
        """A progress dialog while a big diagram is drawn, else nothing."""
        from contextlib import nullcontext
        edges = view.model.geometry.edge_count
        if edges >= progress.SLOW_EDGES:
            return self._progress("Exporting", f"Drawing {edges:,} edges {text}…", cancellable=False)
        return nullcontext()

    def export_diagram(self, path, view, scale: float = 1.0, dpi: float | None = None,
                       transparent: bool = False) -> bool:
        """Write the diagram to `path` as PNG (at `scale` or `dpi`), SVG or PDF, by its ending; atomically."""
        from .canvas.render import FORMATS
        path = Path(path)
        if path.suffix.lower() not in FORMATS:
            self._error("Cannot export", f"{path.name}: a diagram is exported as .png, .svg or .pdf; "
                        "give the file one of these endings.")
            return False
        if not self._may_draw(view, "exporting it"):
            self._status(f"{path.name} was not exported")
            return False
        def draw() -> bytes:
            with self._drawing(view, f"into {path.name}"):
                return view.export_bytes(path.suffix, scale=scale, dpi=dpi, transparent=transparent)
        data = self._export(path, draw)
        if data is None:
            return False
        self._status(f"Exported the diagram to {path} ({len(data) / 1024:,.0f} KB)")
        return True

    def _export(self, path, make) -> bytes | None:
        """Write the bytes `make()` gives to `path` atomically; None after a message saying why it could not."""
        try:
            data = make()
            files.write_atomically(path, data)
        except FileFormatError as error:  # a folder or a device where the file should go
            self._error("Cannot export", str(error))
            return None
        except OSError as error:
            self._error("Cannot export", f"Cannot write {path}: {error.strerror or error}.")
            return None
        return data

    def copy_diagram(self, view, scale: float = 2.0) -> bool:
        """Put the diagram on the clipboard as an image (at `scale`, on white), for pasting into a slide."""
        from PySide6.QtGui import QGuiApplication
        if not self._may_draw(view, "copying it"):
            return False
        with self._drawing(view, "for the clipboard"):
            image = view.render_image(scale=scale)
        QGuiApplication.clipboard().setImage(image)
        self._status(f"Copied the diagram ({image.width()} × {image.height()} pixels): paste it into a slide")
        return True

    def default_folder(self) -> Path:
        """Where save dialogs start: the open file's folder, or home for a shipped example or a new network."""
        return self.doc.path.parent if self.doc.path and not is_example(self.doc.path) else Path.home()

    def export_solution(self, path, fmt: str) -> bool:
        """Write the worked solution of the document's pass in `fmt` (text, markdown, latex or html)."""
        from nnviz.core.mathtext import NumberFormat
        from nnviz.core.solution import worked_solution
        from nnviz.core.solution_render import render
        doc, options = self.doc, self.display.options
        if doc.result is None:
            self._error("Cannot export", f"There is no solution to export: {doc.error}")
            return False
        number_format = NumberFormat(options.precision, fixed=options.decimals)
        text = render(worked_solution(doc.project, doc.result, doc.notation, number_format), fmt)
        if self._export(path, lambda: text.encode("utf-8")) is None:
            return False
        self._status(f"Exported the worked solution to {path}")
        return True

    def ask_export_diagram(self, view) -> bool:
        """The Export diagram dialog (file, format, scale or DPI, background), then export_diagram."""
        from .export_dialog import ExportDialog
        settings = app_settings()
        stem = self.doc.path.stem if self.doc.path else "network"
        suffix = str(settings.value("export/suffix", ".png"))
        dialog = ExportDialog(self.default_folder() / (stem + suffix), view.export_size(), self.window)
        dialog.restore(settings)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return False
        dialog.remember(settings)
        options = dialog.options()
        settings.setValue("export/suffix", options["path"].suffix.lower())
        return self.export_diagram(view=view, **options)
