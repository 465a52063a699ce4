"""Data > Load built-in data set: choose a teaching data set, its size, noise, seed and validation split.

The dialog only chooses; it shows a preview and, before anything happens, what will change in the
network (inputs, outputs, output activation, loss). DataActions turns the choice into one undo step.
"""
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout,
                               QHBoxLayout, QLabel, QLayout, QSpinBox, QVBoxLayout, QWidget)

from nnviz.core import Project
from nnviz.core.datasets import CLASSIFICATION, DATASETS, Dataset, generate, split
from nnviz.core.losses import LOSS_LABELS, Loss, check_loss_fits

from .panels.common import ACTIVATION_LABELS, MessageLabel

MAX_SAMPLES = 10_000
MAX_NOISE = 10.0
MAX_VALIDATION_PERCENT = 90
LABEL_COLOURS = ("#2166ac", "#b2182b")  # label 0 blue, label 1 red (the ends of the colour scale)
PREVIEW_SIZE = (280, 220)
ARROW = "→"


def make_dataset(name: str, n_samples: int, noise: float, seed: int, validation_fraction: float = 0.0):
    """(train_x, train_y, val_x, val_y) of a built-in data set; val_* are None when the fraction is 0.

    The same seed generates the points and chooses the validation rows. ValueError says what to change.
    """
    inputs, targets = generate(name, n_samples, noise, seed)
    if validation_fraction <= 0:
        return inputs, targets, None, None
    return split(inputs, targets, validation_fraction, seed)


def suggested_setup(dataset: Dataset) -> tuple[str, Loss]:
    """The output activation and loss the registry recommends for a data set."""
    return dataset.output_activation, Loss(dataset.loss)


def plural(n: int, word: str) -> str:
    """'1 input', '2 inputs'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def network_changes(project: Project, n_inputs: int, n_outputs: int, output_activation: str | None = None,
                    loss: Loss | None = None) -> list[str]:
    """What fitting the network to n_inputs / n_outputs (and the activation and loss) would change."""
    net = project.network
    lines = []
    if n_inputs != net.input_size:
        if n_inputs < net.input_size:
            gone = ", ".join(f"x{j + 1}" for j in range(n_inputs, net.input_size))
            detail = f"{gone} removed"
        else:
            detail = f"{', '.join(f'x{j + 1}' for j in range(net.input_size, n_inputs))} added with weights 0"
        lines.append(f"network inputs {net.input_size} {ARROW} {n_inputs} ({detail})")
    if n_outputs != net.output_size:
        detail = "the last ones removed" if n_outputs < net.output_size else "new ones with weights 0"
        lines.append(f"output neurons {net.output_size} {ARROW} {n_outputs} ({detail})")
    current = net.layers[-1].activation
    if output_activation is not None and output_activation != current:
        lines.append(f"output activation {ACTIVATION_LABELS.get(current, current)} {ARROW} "
                     f"{ACTIVATION_LABELS.get(output_activation, output_activation)}")
    if loss is not None and loss != project.loss:
        lines.append(f"loss {LOSS_LABELS[project.loss.name]} {ARROW} {LOSS_LABELS[loss.name]}")
    return lines


class DatasetDialog(QDialog):
    """Pick a built-in data set; preview it and see what will change before loading it."""

    def __init__(self, project: Project, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Load built-in data set")
        self.project = project
        self.data = None  # (train_x, train_y, val_x, val_y) of the current choice, or None if it is invalid

        self.dataset = QComboBox()
        for entry in DATASETS.values():
            self.dataset.addItem(entry.title, entry.name)
        self.dataset.setToolTip("The kind of data to generate; the picture shows the points")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.samples = QSpinBox()
        self.samples.setRange(1, MAX_SAMPLES)
        self.samples.setToolTip("how many points to generate (training and validation together)")
        self.noise = QDoubleSpinBox()
        self.noise.setRange(0.0, MAX_NOISE)
        self.noise.setDecimals(3)
        self.noise.setSingleStep(0.05)
        self.noise.setToolTip("standard deviation of the Gaussian noise added to every coordinate (0 = exact)")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip("the same seed gives the same points and the same validation rows")
        self.validation = QSpinBox()
        self.validation.setRange(0, MAX_VALIDATION_PERCENT)
        self.validation.setSingleStep(5)
        self.validation.setSuffix(" %")
        self.validation.setSpecialValueText("none")
        self.validation.setToolTip("share of the samples held out to measure the loss on data not trained on")

        import pyqtgraph as pg  # here: the app starts without it (its first frame has no plot)
        self.preview = pg.PlotWidget()
        self.preview.setBackground("w")
        self.preview.setFixedSize(*PREVIEW_SIZE)
        self.preview.setMenuEnabled(False)
        self.preview.setMouseEnabled(False, False)
        self.preview.hideButtons()
        self.summary = QLabel()  # two short lines, no word wrap: a wrapped label's height is not reserved
        self.changes = QLabel()
        self.changes.setWordWrap(True)
        self.adapt = QCheckBox()
        self.adapt.setChecked(True)
        self.adapt.setToolTip("Add or remove inputs and outputs so the network fits the data (one undo step)")
        self.suggest = QCheckBox()
        self.suggest.setChecked(True)
        self.suggest.setToolTip("Also set the output activation and the loss that suit this kind of data")
        self.warning = MessageLabel("warning")
        self.message = MessageLabel("error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Load")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setToolTip("Replace the data by these points (one undo step)")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Data set:", self.dataset)
        form.addRow(self.description)
        form.addRow("&Samples:", self.samples)
        form.addRow("&Noise:", self.noise)
        form.addRow("S&eed:", self.seed)
        form.addRow("&Validation:", self.validation)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        side = QVBoxLayout()
        side.addWidget(self.preview)
        side.addWidget(self.summary)
        side.addStretch(1)
        top.addLayout(side)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grows when a message appears
        layout.addLayout(top)
        layout.addWidget(self.changes)
        layout.addWidget(self.adapt)
        layout.addWidget(self.suggest)
        layout.addWidget(self.warning)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.dataset.currentIndexChanged.connect(self._dataset_chosen)
        for spin in (self.samples, self.seed, self.validation):
            spin.valueChanged.connect(self._update)
        self.noise.valueChanged.connect(self._update)
        self.adapt.toggled.connect(self._update)
        self.suggest.toggled.connect(self._update)
        self._dataset_chosen()

    # ----- reading the choice ------------------------------------------------------------------
    def entry(self) -> Dataset:
        return DATASETS[self.dataset.currentData()]

    def set_dataset(self, name: str) -> None:
        self.dataset.setCurrentIndex(self.dataset.findData(name))

    def choice(self) -> dict:
        """Keyword arguments for DataActions.load_dataset."""
        entry = self.entry()
        return {"name": entry.name, "n_samples": self.samples.value(), "noise": self.noise.value(),
                "seed": self.seed.value(), "validation_fraction": self.validation.value() / 100.0,
                "adapt_network": self.adapt.isChecked() and self.adapt.isVisibleTo(self),
                "apply_suggestion": self.suggest.isChecked() and self.suggest.isVisibleTo(self)}

    # ----- keeping the dialog in step ----------------------------------------------------------
    def _dataset_chosen(self) -> None:
        entry = self.entry()
        self.description.setText(entry.description)
        for spin, value in ((self.samples, entry.default_samples), (self.noise, entry.default_noise)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self._update()

    def _update(self) -> None:
        entry = self.entry()
        try:
            self.data = make_dataset(entry.name, self.samples.value(), self.noise.value(), self.seed.value(),
                                     self.validation.value() / 100.0)
        except ValueError as error:
            self.data = None
            self.message.show_message(str(error))
        self._show_preview(entry)
        net = self.project.network
        fits = (entry.n_inputs, entry.n_outputs) == (net.input_size, net.output_size)
        self.adapt.setText(f"Adapt the network to {plural(entry.n_inputs, 'input')} and "
                           f"{plural(entry.n_outputs, 'output')}")
        self.adapt.setVisible(not fits)
        activation, loss = suggested_setup(entry)
        differs = activation != net.layers[-1].activation or loss.name != self.project.loss.name
        self.suggest.setText(f"Use the suggested {ACTIVATION_LABELS[activation]} output and "
                             f"{LOSS_LABELS[loss.name].lower()} loss ({entry.task})")
        self.suggest.setVisible(differs)
        self._show_changes(entry, fits)
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setEnabled(self.data is not None and (fits or self.adapt.isChecked()))
        if self.data is not None:
            self.message.show_message(None if fits or self.adapt.isChecked() else
                                      f"The network has {plural(net.input_size, 'input')} and "
                                      f"{plural(net.output_size, 'output')}, but {entry.title} has "
                                      f"{entry.n_inputs} and {entry.n_outputs}: tick \"{self.adapt.text()}\" "
                                      "or change the network first.")
        if self.isVisible():  # grow (never shrink) when a message appears
            self.resize(self.size().expandedTo(self.sizeHint()))

    def _planned(self, entry: Dataset) -> tuple[int, int, str | None, Loss | None]:
        net = self.project.network
        adapt = self.adapt.isChecked() and self.adapt.isVisibleTo(self)
        n_in, n_out = (entry.n_inputs, entry.n_outputs) if adapt else (net.input_size, net.output_size)
        if self.suggest.isChecked() and self.suggest.isVisibleTo(self):
            activation, loss = suggested_setup(entry)
            return n_in, n_out, activation, loss if loss.name != self.project.loss.name else None
        return n_in, n_out, None, None

    def _show_changes(self, entry: Dataset, fits: bool) -> None:
        project = self.project
        n_in, n_out, activation, loss = self._planned(entry)
        lines = []
        if self.data is not None:
            train_x, _, val_x, _ = self.data
            lines.append(f"training samples {project.sample_count} {ARROW} {len(train_x)}")
            old_val = project.validation_count or "none"
            new_val = len(val_x) if val_x is not None else "none"
            if old_val != new_val:
                lines.append(f"validation samples {old_val} {ARROW} {new_val}")
        lines += network_changes(project, n_in, n_out, activation, loss)
        self.changes.setText("<b>What will change</b> (one undo step):<br>" + "<br>".join(lines))
        warning = None
        if self.data is not None and (fits or self.adapt.isChecked()):
            final_activation = activation or project.network.layers[-1].activation
            problems = check_loss_fits(loss or project.loss, final_activation, self.data[1])
            if problems:
                warning = f"The loss cannot be computed afterwards: {problems[0]}."
        self.warning.show_message(warning)

    def _show_preview(self, entry: Dataset) -> None:
        """A scatter of the points: x1 against x2 coloured by label, or x against y; validation hollow."""
        plot = self.preview.getPlotItem()
        plot.clear()
        if self.data is None:
            self.summary.setText("")
            return
        train_x, train_y, val_x, val_y = self.data
        n_val = 0 if val_x is None else len(val_x)
        self.summary.setText(f"Training: {plural(len(train_x), 'sample')} · validation: {n_val or 'none'}"
                             f"{' (hollow)' if n_val else ''}\n{plural(entry.n_inputs, 'input')}, "
                             f"{plural(entry.n_outputs, 'target')}, {entry.task}")
        classification = entry.task == CLASSIFICATION and entry.n_inputs == 2
        plot.setLabel("bottom", "x1" if entry.n_inputs > 1 else "x")
        plot.setLabel("left", "x2" if classification else "y")
        for x, y, hollow in ((train_x, train_y, False), (val_x, val_y, True)):
            if x is None:
                continue
            if classification:
                ones = y[:, 0] >= 0.5
                for rows, colour in ((~ones, LABEL_COLOURS[0]), (ones, LABEL_COLOURS[1])):
                    self._scatter(plot, x[rows, 0], x[rows, 1], colour, hollow)
            elif entry.n_inputs == 1:
                self._scatter(plot, x[:, 0], y[:, 0], LABEL_COLOURS[0], hollow)

    @staticmethod
    def _scatter(plot, xs, ys, colour: str, hollow: bool) -> None:
        if len(xs) == 0:
            return
        import pyqtgraph as pg
        brush = None if hollow else pg.mkBrush(colour)
        plot.addItem(pg.ScatterPlotItem(xs, ys, size=7, pen=pg.mkPen(colour, width=1.5), brush=brush))


def ask_dataset(project: Project, parent: QWidget | None = None) -> dict | None:
    """Show the dialog; the choice (see DatasetDialog.choice) or None if cancelled."""
    dialog = DatasetDialog(project, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choice()

