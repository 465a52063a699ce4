"""Render resources/icons/nnviz.svg to the hicolor PNG sizes (run again after changing the SVG)."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.github.nnviz.nnviz"
SOURCE = ROOT / "resources" / "icons" / "nnviz.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_path(size: int, root: Path = ROOT) -> Path:
    """Where the size x size PNG lives: resources/icons/hicolor/<N>x<N>/apps/<app id>.png."""
    return root / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(size: int, renderer):
    """The SVG drawn antialiased on a transparent size x size QImage."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # painting needs one
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"render_icons: cannot read {SOURCE}", file=sys.stderr)
        return 1
    for size in SIZES:
        target = icon_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size, renderer).save(str(target), "PNG"):
            print(f"render_icons: cannot write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(ROOT))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
