"""The main window: the canvas in the middle, docked panels, menus, toolbar, status bar and window title."""
from pathlib import Path

from PySide6.QtCore import QEvent, QRect, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDockWidget, QLabel, QMainWindow, QUndoView

from nnviz.core.numbers import format_number

from . import menus
from .actions.file_edit import FileEditActions
from .actions.blocks import BlockActions
from .actions.explain import ExplainActions
from .actions.help import HelpActions
from .actions.network import NetworkActions
from .actions.notation import NotationActions
from .actions.view import ViewActions
from .appearance import Appearance
from .check import CheckActions
from .actions.data import install_data_actions
from .deferred import AfterFirstFrame, Deferred
from .display_settings import DisplaySettings
from .document import Change, Document
from .file_ops import FileOps, app_settings, preferred_notation
from .presentation import PresentationMode
from .scrolled import scrolled
from .selection import Selection
from .training import (StepAnimation, TrainingActions, TrainingController, TrainingPanel, link_loss_curve,
                       make_loss_curve, make_output_view)
from .status_bar import ElidingStatusBar
from .steady_label import SteadyHolder

APP_NAME = "nnviz"
DEFAULT_SIZE = (1400, 900)
DEFAULT_DOCK_SHARE = 0.34  # of the window's width, for the right column (Explain, Inspector, Training)
DEFAULT_DATA_HEIGHT = 200  # the data table, the loss curve and its readout all fit
SMALL_SCREEN = (1500, 900)  # below this, the first start fills the screen and tabs every panel on the right
SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_STATE = "window/state"
STATE_VERSION = 3  # bump when docks change so an old saved layout is not applied


def dropped_nnviz_files(mime) -> list[Path]:
    """Local .nnviz files in a drag's data."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls()
            if url.isLocalFile() and url.toLocalFile().lower().endswith(".nnviz")]


class MainWindow(QMainWindow):
    """Ties one Document to the canvas and panels and offers every command in menus and the toolbar."""

    def __init__(self, doc: Document, settings: QSettings | None = None):
        super().__init__()
        self.doc = doc
        self.settings = settings if settings is not None else app_settings()
        self.selection = Selection(self)
        self.display = DisplaySettings(self)
        self.display.restore(self.settings)
        self.appearance = Appearance(self)
        self.appearance.apply(self.display.options)
        self.display.changed.connect(lambda: self.appearance.apply(self.display.options))
        doc.default_notation = preferred_notation(self.settings)  # before any view names anything
        # Connected before the canvas and panels so they never see a selection that no longer exists.
        doc.changed.connect(self._on_doc_changed)
        from .canvas import NetworkView
        from .explain import ExplainPanel
        from .panels import DataPanel, InspectorPanel, LossPanel
        self.view = NetworkView(doc, self.selection, self.display)
        self.setCentralWidget(self.view)
        self.inspector = InspectorPanel(doc, self.selection, self.display)
        self.data_panel = DataPanel(doc, self.selection, settings=self.display)
        self.loss_panel = LossPanel(doc, settings=self.display)
        self.explain = ExplainPanel(doc, self.selection, self.display)
        self.explain.highlight.connect(self.view.set_emphasis)
        self._check_holder = Deferred(self._make_check_panel, "")
        self.history = QUndoView(doc.undo_stack)
        self.history.setEmptyLabel("Start (as opened)")
        self.training = TrainingController(doc, self)
        self.animation = StepAnimation(self.training, self.view, self.selection, self)
        self.training_actions = TrainingActions(self, self.training, self.animation)
        self.training_panel = TrainingPanel(self.training, self.training_actions, self.selection, self.display,
                                            self.settings)
        self._curve_holder = Deferred(self._make_loss_curve, "The loss curve appears here")
        self._output_holder = Deferred(self._make_output_view, "The output view appears here")
        right, top = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea
        self.explain_dock = self._dock("Explain", "explainDock", self.explain, right)
        self.check_dock = self._dock("Check my work", "checkDock", self._check_holder, right)
        self.inspector_dock = self._dock("Inspector", "inspectorDock", self.inspector, right)
        self.training_dock = self._dock("Training", "trainingDock", scrolled(self.training_panel), right)
        self.history_dock = self._dock("Undo history", "historyDock", self.history, right)
        self.loss_dock = self._dock("Loss", "lossDock", self.loss_panel, top)
        self.data_dock = self._dock("Data", "dataDock", self.data_panel, right)
        self.curve_dock = self._dock("Loss curve", "lossCurveDock", self._curve_holder, right)
        self.output_dock = self._dock("Output", "outputDock", self._output_holder, right)
        self._arrange_docks(self._small_screen(self.screen().availableGeometry()))
        self.check_dock.hide()  # until View > Check my work

        self.files = FileOps(self, doc, self.display, self.settings)
        self.files.slowWorkStarted.connect(self.training.pause)  # nothing trains under a progress dialog
        self.toolbar = menus.build_toolbar(self)
        self.addToolBar(self.toolbar)
        self.file_actions = FileEditActions(self)
        self.view_actions = ViewActions(self, self.display, self.view)
        self.notation_actions = NotationActions(self, doc, self.settings)
        self.network_actions = NetworkActions(self, doc, self.selection)
        self.block_actions = BlockActions(self, doc, self.selection)
        self.help_actions = HelpActions(self, self._shortcut_list)
        self.explain_actions = ExplainActions(self)
        self.check_actions = CheckActions(self)
        self.presentation = PresentationMode(self)
        menus.build_menus(self)
        self.data_actions = install_data_actions(self)  # the Data menu: data sets, CSV import/export
        menus.fill_toolbar(self)

        self.setStatusBar(ElidingStatusBar(self))
        self.loss_label = QLabel()
        self.loss_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.loss_box = SteadyHolder(self.loss_label)  # a new loss every frame of a run: no relayout of the window
        self.statusBar().addPermanentWidget(self.loss_box)
        self.view.statusMessage.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.view.contextMenuRequested.connect(self.show_context_menu)
        self.display.changed.connect(self._update_status)
        self.training.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.training.stateChanged.connect(self._update_status)  # a run that ends gives back its room
        doc.undo_stack.cleanChanged.connect(self._update_title)
        self._follows_clean = True

        self.setAcceptDrops(True)
        viewport = getattr(self.view, "viewport", None)
        if callable(viewport):  # the canvas's viewport would otherwise swallow dropped files
            viewport().installEventFilter(self)
            AfterFirstFrame(viewport(), self.build_plots)
        else:
            self.build_plots()
        self._pending_geometry = None  # the window's saved size, applied when it is first shown
        self._restore_layout()
        self._update_title()
        self._update_status()
        self.help_actions.offer_tour(self.settings)

    # ----- the plots (pyqtgraph), made after the first frame or when first wanted -------------------
    @property
    def loss_curve(self):
        return self._curve_holder.widget()

    @property
    def output_view(self):
        return self._output_holder.widget()

    def _make_loss_curve(self):
        curve = make_loss_curve()
        link_loss_curve(self.training, curve)
        return curve

    @property
    def check(self):
        """The Check my work sheet (made the first time it is wanted: its dock is closed at first)."""
        return self._check_holder.widget()

    @property
    def check_made(self) -> bool:
        return self._check_holder.built

    def _make_check_panel(self):
        from .check.panel import CheckPanel
        panel = CheckPanel(self.doc, self.selection, self.display)
        self.check_actions.attach(panel)
        return panel

    def _make_output_view(self):
        view = make_output_view(self.doc)
        self.output_dock.visibilityChanged.connect(view.dock_visibility_changed)  # it idles behind another tab
        return view

    def build_plots(self) -> None:
        """Make the loss curve and the output view now (the first frame is on screen), and the answer sheet
        if a saved layout shows it."""
        self._curve_holder.widget()
        self._output_holder.widget()
        if self.check_dock.isVisible():
            self.check.set_active(True)

    def _dock(self, title: str, name: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def docks(self) -> list[QDockWidget]:
        return [self.inspector_dock, self.explain_dock, self.check_dock, self.data_dock, self.loss_dock,
                self.history_dock, self.training_dock, self.curve_dock, self.output_dock]

    def _shortcut_list(self):
        f, v = self.file_actions, self.view_actions
        return [("New network", f.new), ("Open", f.open), ("Save", f.save), ("Save as", f.save_as),
                ("Export diagram (PNG, SVG, PDF)", f.export_diagram), ("Copy diagram as a picture", f.copy_diagram),
                ("Undo", f.undo), ("Redo", f.redo), ("Copy selected value", f.copy_value),
                ("Type or paste values (a whole W, b, x or y)", self.block_actions.type_values),
                ("Zoom in", v.zoom_in), ("Zoom out", v.zoom_out), ("Fit network", v.fit),
                ("Presentation mode (Esc leaves)", self.presentation.action),
                ("Larger text", v.larger_text), ("Smaller text", v.smaller_text), ("Normal text size", v.normal_text),
                ("Check my work", self.check_actions.show_sheet),
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
        from .new_dialog import NewNetworkDialog  # loaded when first opened
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
        state = self.settings.value(SETTINGS_STATE)
        if geometry is None or state is None or not self.restoreState(state, STATE_VERSION):
            self.default_layout(self.screen().availableGeometry())
        else:  # once shown: before, the docks' first sizes would stretch the window past the saved size
            self._pending_geometry = geometry

    def showEvent(self, event) -> None:
        super().showEvent(event)
        geometry, self._pending_geometry = self._pending_geometry, None
        if geometry is not None:
            available = self.screen().availableGeometry()
            if not self.restoreGeometry(geometry):
                self.default_layout(available)
            elif self.width() > available.width() or self.height() > available.height():  # from a bigger screen
                self.resize(min(self.width(), available.width()), min(self.height(), available.height()))

    @staticmethod
    def _small_screen(available: QRect) -> bool:
        return available.width() < SMALL_SCREEN[0] or available.height() < SMALL_SCREEN[1]

    def _arrange_docks(self, small: bool) -> None:
        """The derivation in front on the right (it is what students come for); data and plots below the
        canvas, or, on a small screen, as a second group of tabs under it on the right."""
        right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        work = [self.explain_dock, self.check_dock, self.inspector_dock, self.training_dock]
        plots = [self.curve_dock, self.output_dock]
        for dock in work:
            self.addDockWidget(right, dock)
        for dock in (self.data_dock, *plots, self.history_dock):
            self.addDockWidget(right if small else bottom, dock)
        if small:
            self.splitDockWidget(self.explain_dock, self.data_dock, Qt.Orientation.Vertical)
            below = [self.data_dock, *plots, self.history_dock]
        else:
            self.splitDockWidget(self.data_dock, self.curve_dock, Qt.Orientation.Horizontal)
            below = [self.curve_dock, self.output_dock]
            work.append(self.history_dock)
            self.addDockWidget(right, self.history_dock)
        for dock in work[1:]:
            self.tabifyDockWidget(work[0], dock)
        for dock in below[1:]:
            self.tabifyDockWidget(below[0], dock)
        self.explain_dock.raise_()
        below[0].raise_()  # the data (small screen) or the loss curve: training is where it moves

    def default_layout(self, available: QRect) -> None:
        """The first start's window: within the screen, most of it for the canvas; on a small screen (a
        projector's 1280 x 720) it fills the screen."""
        if self._small_screen(available):
            self.setGeometry(available)
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        else:
            self.resize(min(DEFAULT_SIZE[0], int(available.width() * 0.92)),
                        min(DEFAULT_SIZE[1], int(available.height() * 0.92)))
        width = max(340, min(620, int(min(self.width(), available.width()) * DEFAULT_DOCK_SHARE)))
        self.resizeDocks([self.explain_dock], [width], Qt.Orientation.Horizontal)
        if self._small_screen(available):
            self.resizeDocks([self.explain_dock, self.data_dock], [62, 38], Qt.Orientation.Vertical)
        else:
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
        if self._follows_clean:  # the stack may be deleted before the window
            self.doc.undo_stack.cleanChanged.disconnect(self._update_title)
            self._follows_clean = False
        event.accept()
