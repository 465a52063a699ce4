"""The main window: the canvas in the middle, docked panels, menus, toolbar, status bar and window title."""
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDockWidget, QLabel, QMainWindow, QUndoView

from nnviz.core.numbers import format_number

from . import menus
from .actions import FileEditActions
from .actions_explain import ExplainActions
from .actions_help import HelpActions
from .actions_network import NetworkActions
from .actions_notation import NotationActions
from .actions_view import ViewActions
from .data_io import install_data_actions
from .display_settings import DisplaySettings
from .document import Change, Document
from .file_ops import FileOps, app_settings, preferred_notation
from .new_dialog import NewNetworkDialog
from .selection import Selection
from .training import (StepAnimation, TrainingActions, TrainingController, TrainingPanel, link_loss_curve,
                       make_loss_curve, make_output_view)
from .steady_label import SteadyHolder

APP_NAME = "nnviz"
DEFAULT_SIZE = (1400, 900)
DEFAULT_DOCK_SHARE = 0.34  # of the window's width, for the right column (Explain, Inspector, Training)
DEFAULT_DATA_HEIGHT = 170
SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_STATE = "window/state"
STATE_VERSION = 3  # bump when docks change so an old saved layout is not applied


def _default_part(name: str):
    """The real canvas or panel class for `name` (tests may pass stand-ins instead)."""
    if name == "view":
        from .canvas import NetworkView
        return NetworkView
    from .panels import DataPanel, InspectorPanel, LossPanel
    return {"inspector": InspectorPanel,
            "data": lambda doc, selection, display: DataPanel(doc, selection, settings=display),
            "loss": lambda doc, display: LossPanel(doc, settings=display)}[name]


def dropped_nnviz_files(mime) -> list[Path]:
    """Local .nnviz files in a drag's data."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls()
            if url.isLocalFile() and url.toLocalFile().lower().endswith(".nnviz")]


class MainWindow(QMainWindow):
    """Ties one Document to the canvas and panels and offers every command in menus and the toolbar."""

    def __init__(self, doc: Document, settings: QSettings | None = None, parts: dict | None = None):
        super().__init__()
        self.doc = doc
        self.settings = settings if settings is not None else app_settings()
        self.selection = Selection(self)
        self.display = DisplaySettings(self)
        self.display.restore(self.settings)
        doc.default_notation = preferred_notation(self.settings)  # before any view names anything
        # Connected before the canvas and panels so they never see a selection that no longer exists.
        doc.changed.connect(self._on_doc_changed)
        parts = {name: (parts or {}).get(name) or _default_part(name) for name in ("view", "inspector", "data", "loss")}

        self.view = parts["view"](doc, self.selection, self.display)
        self.setCentralWidget(self.view)
        self.inspector = parts["inspector"](doc, self.selection, self.display)
        self.data_panel = parts["data"](doc, self.selection, self.display)
        self.loss_panel = parts["loss"](doc, self.display)
        from .explain import ExplainPanel
        self.explain = ExplainPanel(doc, self.selection, self.display)
        self.explain.highlight.connect(self.view.set_emphasis if hasattr(self.view, "set_emphasis") else
                                       lambda *_: None)
        self.history = QUndoView(doc.undo_stack)
        self.history.setEmptyLabel("Start (as opened)")
        self.training = TrainingController(doc, self)
        self.animation = StepAnimation(self.training, self.view, self.selection, self)
        self.training_actions = TrainingActions(self, self.training, self.animation)
        self.training_panel = TrainingPanel(self.training, self.training_actions, self.selection, self.display,
                                            self.settings)
        self.loss_curve = make_loss_curve()
        link_loss_curve(self.training, self.loss_curve)
        self.output_view = make_output_view(doc)
        # the right column is one group of tabs, the derivation in front: it is what students come for
        self.explain_dock = self._dock("Explain", "explainDock", self.explain, Qt.DockWidgetArea.RightDockWidgetArea)
        self.inspector_dock = self._dock("Inspector", "inspectorDock", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        self.training_dock = self._dock("Training", "trainingDock", self.training_panel,
                                        Qt.DockWidgetArea.RightDockWidgetArea)
        self.history_dock = self._dock("Undo history", "historyDock", self.history, Qt.DockWidgetArea.RightDockWidgetArea)
        for dock in (self.inspector_dock, self.training_dock, self.history_dock):
            self.tabifyDockWidget(self.explain_dock, dock)
        self.explain_dock.raise_()
        self.loss_dock = self._dock("Loss", "lossDock", self.loss_panel, Qt.DockWidgetArea.TopDockWidgetArea)
        self.data_dock = self._dock("Data", "dataDock", self.data_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.curve_dock = self._dock("Loss curve", "lossCurveDock", self.loss_curve,
                                     Qt.DockWidgetArea.BottomDockWidgetArea)
        self.splitDockWidget(self.data_dock, self.curve_dock, Qt.Orientation.Horizontal)
        self.output_dock = self._dock("Output", "outputDock", self.output_view, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.curve_dock, self.output_dock)
        if hasattr(self.output_view, "dock_visibility_changed"):  # it idles while its tab is behind another
            self.output_dock.visibilityChanged.connect(self.output_view.dock_visibility_changed)
        self.curve_dock.raise_()  # the loss curve in front: training is where it moves

        self.files = FileOps(self, doc, self.display, self.settings)
        self.files.slowWorkStarted.connect(self.training.pause)  # nothing trains under a progress dialog
        self.toolbar = menus.build_toolbar(self)
        self.addToolBar(self.toolbar)
        self.file_actions = FileEditActions(self)
        self.view_actions = ViewActions(self, self.display, self.view)
        self.notation_actions = NotationActions(self, doc, self.settings)
        self.network_actions = NetworkActions(self, doc, self.selection)
        self.help_actions = HelpActions(self, self._shortcut_list)
        self.explain_actions = ExplainActions(self)
        menus.build_menus(self)
        self.data_actions = install_data_actions(self)  # the Data menu: data sets, CSV import/export
        menus.fill_toolbar(self)

        self.loss_label = QLabel()
        self.loss_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.loss_box = SteadyHolder(self.loss_label)  # a new loss every frame of a run: no relayout of the window
        self.statusBar().addPermanentWidget(self.loss_box)
        if hasattr(self.view, "statusMessage"):
            self.view.statusMessage.connect(lambda text: self.statusBar().showMessage(text, 5000))
        if hasattr(self.view, "contextMenuRequested"):
            self.view.contextMenuRequested.connect(self.show_context_menu)
        self.display.changed.connect(self._update_status)
        self.training.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.training.stateChanged.connect(self._update_status)  # a run that ends gives back its room
        doc.undo_stack.cleanChanged.connect(self._update_title)

        self.setAcceptDrops(True)
        viewport = getattr(self.view, "viewport", None)
        if callable(viewport):  # the canvas's viewport would otherwise swallow dropped files
            viewport().installEventFilter(self)
        self._restore_layout()
        self._update_title()
        self._update_status()

    def _dock(self, title: str, name: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def docks(self) -> list[QDockWidget]:
        return [self.inspector_dock, self.explain_dock, self.data_dock, self.loss_dock, self.history_dock,
                self.training_dock, self.curve_dock, self.output_dock]

    def _shortcut_list(self):
        f, v = self.file_actions, self.view_actions
        return [("New network", f.new), ("Open", f.open), ("Save", f.save), ("Save as", f.save_as),
                ("Undo", f.undo), ("Redo", f.redo), ("Copy selected value", f.copy_value),
                ("Zoom in", v.zoom_in), ("Zoom out", v.zoom_out), ("Fit network", v.fit),
                ("Run / pause training", self.training_actions.run_pause),
                ("Run / pause training (diagram focused)", self.training_actions.run_pause_on_diagram),
                ("One training step", self.training_actions.step),
                ("Step N (N set in the Training panel)", self.training_actions.step_n),
                ("Animate one training step", self.training_actions.animate),
                ("Animated step: pause / play", self.training_actions.animation_pause),
                ("Animated step: previous stage", self.training_actions.animation_back),
                ("Animated step: next stage", self.training_actions.animation_forward),
                ("Animated step: cancel", self.training_actions.animation_cancel),
                ("Reset training", self.training_actions.reset),
                ("Help", self.help_actions.help), ("Quit", f.quit)]

    # ----- keeping title, status and selection in step ---------------------------------------------
    def _on_doc_changed(self, change: Change) -> None:
        if change & Change.FILE and change & Change.STRUCTURE:  # a different project was loaded
            self.selection.select(None)
            self.selection.set_sample(0)
        elif change & (Change.STRUCTURE | Change.DATA):
            self.selection.clamp_to(self.doc.network, self.doc.project.sample_count)
        if change & Change.FILE:
            self._update_title()
        self._update_status()

    def _update_title(self, *_) -> None:
        self.setWindowTitle(f"{self.doc.display_name()}[*] — {APP_NAME}")
        self.setWindowModified(self.doc.is_modified)

    def status_text(self) -> str:
        doc = self.doc
        if doc.result is None:
            return f"No result: {doc.error}" if doc.error else "No result"
        loss = doc.project.loss
        return f"Loss ({loss.name}, {loss.reduction}): {format_number(float(doc.result.loss), self.display.precision)}"

    def _update_status(self, *_) -> None:
        text = self.status_text()
        label = self.loss_label
        label.setText(text if len(text) <= 90 else text[:89] + "…")
        label.setToolTip(text)
        style = "" if self.doc.result is not None else "color: #b2182b"
        if label.styleSheet() != style:  # setting a style sheet repolishes the label even when it is the same
            label.setStyleSheet(style)
        if not self.training.running:  # during a run the slot only grows, so the numbers do not jitter
            self.loss_box.release()

    # ----- commands that need the window -------------------------------------------------------------
    def ask_new(self) -> bool:
        dialog = NewNetworkDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.files.new_project(dialog.project())

    def clear_recent(self) -> None:
        from .file_ops import RECENT_KEY
        self.settings.remove(RECENT_KEY)

    def show_context_menu(self, ref, global_pos) -> None:
        if ref != self.selection.current:
            self.selection.select(ref)
        self._context_menu = menus.context_menu(self, ref)
        self._context_menu.popup(global_pos)

    # ----- drag and drop of .nnviz files -------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if dropped_nnviz_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        files = dropped_nnviz_files(event.mimeData())
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files.open_path(files[0])

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop) \
                and dropped_nnviz_files(event.mimeData()):
            (self.dropEvent if kind == QEvent.Type.Drop else self.dragEnterEvent)(event)
            return True
        return super().eventFilter(watched, event)

    # ----- window state --------------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value(SETTINGS_GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(DEFAULT_SIZE[0], int(screen.width() * 0.92)),
                        min(DEFAULT_SIZE[1], int(screen.height() * 0.92)))
        state = self.settings.value(SETTINGS_STATE)
        if state is None or not self.restoreState(state, STATE_VERSION):
            # first start: most of the room for the canvas
            width = max(360, min(620, int(self.width() * DEFAULT_DOCK_SHARE)))
            self.resizeDocks([self.explain_dock], [width], Qt.Orientation.Horizontal)
            self.resizeDocks([self.data_dock], [DEFAULT_DATA_HEIGHT], Qt.Orientation.Vertical)

    def save_layout(self) -> None:
        self.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self.settings.setValue(SETTINGS_STATE, self.saveState(STATE_VERSION))
        self.display.save(self.settings)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.training.pause()  # nothing may change under the save question
        self.animation.cancel()
        event.ignore()  # until the edits are safe: even an error in saving must not close the window
        if not self.files.maybe_save():
            return
        self.save_layout()
        self.doc.undo_stack.cleanChanged.disconnect(self._update_title)  # the stack may be deleted first
        event.accept()
