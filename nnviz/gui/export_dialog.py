"""File > Export diagram: where to, as PNG (at a scale or DPI), SVG or PDF, on white or transparent, for slides."""
from pathlib import Path

from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QSpinBox, QVBoxLayout)

FORMATS = {".png": "PNG image", ".svg": "SVG drawing", ".pdf": "PDF page (vectors)"}
SCALES = (1, 2, 3, 4)


class ExportDialog(QDialog):
    """Asks for a file and the export's options; `options()` gives them to FileOps.export_diagram."""

    def __init__(self, path: Path, size: tuple[float, float], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Export diagram")
        self.diagram_size = size
        self.path = QLineEdit(str(path))
        self.path.setToolTip("The file to write; its ending (.png, .svg, .pdf) chooses the format")
        browse = QPushButton("Choose…")
        browse.setToolTip("Pick the folder and file name")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.scale = QComboBox()
        for scale in SCALES:
            self.scale.addItem(f"{scale}×", float(scale))
        self.scale.addItem("by DPI", None)
        self.scale.setCurrentIndex(1)
        self.scale.setToolTip("How many pixels per screen pixel: 2× is sharp on slides and in print")
        self.dpi = QSpinBox()
        self.dpi.setRange(72, 1200)
        self.dpi.setValue(300)
        self.dpi.setSuffix(" dpi")
        self.dpi.setToolTip("Dots per inch, for print (the image records it)")
        self.white, self.transparent = QRadioButton("White"), QRadioButton("Transparent")
        self.white.setChecked(True)
        self.white.setToolTip("A white background, as the diagram is shown (always for PDF)")
        self.transparent.setToolTip("No background: the slide shows through (PNG and SVG)")
        group = QButtonGroup(self)
        group.addButton(self.white)
        group.addButton(self.transparent)
        background = QHBoxLayout()
        background.addWidget(self.white)
        background.addWidget(self.transparent)
        background.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form = QFormLayout()
        form.addRow("File", where)
        form.addRow("Size", self.scale)
        form.addRow("", self.dpi)
        form.addRow("Background", background)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        for signal in (self.path.textChanged, self.scale.currentIndexChanged, self.dpi.valueChanged,
                       self.transparent.toggled):
            signal.connect(self._update)
        self._update()

    def suffix(self) -> str:
        suffix = Path(self.path.text()).suffix.lower()
        return suffix if suffix in FORMATS else ".png"

    def options(self) -> dict:
        """path, scale, dpi and transparent, as FileOps.export_diagram takes them."""
        scale = self.scale.currentData()
        path = Path(self.path.text())
        if path.suffix.lower() not in FORMATS:
            path = path.with_suffix(".png")
        return {"path": path, "scale": scale or 1.0, "dpi": None if scale else float(self.dpi.value()),
                "transparent": self.transparent.isChecked()}

    def restore(self, settings) -> None:
        """The size and background chosen last time (QSettings)."""
        index = self.scale.findText(str(settings.value("export/size", "2×")))
        self.scale.setCurrentIndex(index if index >= 0 else 1)
        try:
            self.dpi.setValue(int(settings.value("export/dpi", 300)))
        except (TypeError, ValueError):
            pass
        self.transparent.setChecked(str(settings.value("export/transparent", "false")).lower() == "true")

    def remember(self, settings) -> None:
        settings.setValue("export/size", self.scale.currentText())
        settings.setValue("export/dpi", self.dpi.value())
        settings.setValue("export/transparent", self.transparent.isChecked())

    def _update(self, *_) -> None:
        png = self.suffix() == ".png"
        by_dpi = self.scale.currentData() is None
        self.scale.setEnabled(png)
        self.dpi.setVisible(png and by_dpi)
        self.transparent.setEnabled(self.suffix() != ".pdf")
        w, h = self.diagram_size
        if png:
            scale = self.dpi.value() / 96.0 if by_dpi else self.scale.currentData()
            text = f"{FORMATS['.png']} of {round(w * scale):,} × {round(h * scale):,} pixels"
        else:
            text = f"{FORMATS[self.suffix()]}, {round(w)} × {round(h)} at its natural size, sharp at any zoom"
        self.summary.setText(text)

    def _browse(self) -> None:
        filters = ";;".join(f"{name} (*{suffix})" for suffix, name in FORMATS.items())
        text, _ = QFileDialog.getSaveFileName(self, "Export diagram", self.path.text(), filters)
        if text:
            self.path.setText(text)
