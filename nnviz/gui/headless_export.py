"""`nnviz export`: the diagram of a file drawn offscreen (no window) by the app's own render, for Makefiles."""
import os
from pathlib import Path


def export_file(project, source: Path, target: Path, scale: float = 1.0, dpi: float | None = None,
                transparent: bool = False, notation=None) -> int:
    """Draw `project` (read from `source`) as the app shows it and write it to `target` atomically;
    the number of bytes written. ValueError for a format nnviz does not export, OSError if it cannot write."""
    if os.environ.get("QT_QPA_PLATFORM") is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never a window, with or without a display
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication(["nnviz"])
    from nnviz.core import files
    from .canvas.render import FORMATS
    from .canvas.view import NetworkView
    from .display_settings import DisplaySettings
    from .document import NOTATION_KEY, Document
    from .file_ops import display_options_from_view
    from .selection import Selection
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{target}: a diagram is exported as .png, .svg or .pdf")
    if notation is not None:
        project.view[NOTATION_KEY] = notation.to_view()
    doc, settings = Document(project, source), DisplaySettings()
    options = display_options_from_view(project.view)
    if options:
        settings.set(**options)
    view = NetworkView(doc, Selection(), settings)
    view.resize(1280, 800)
    data = view.export_bytes(suffix, scale=scale, dpi=dpi, transparent=transparent)
    files.write_atomically(target, data)
    view.deleteLater()
    app.processEvents()
    return len(data)
