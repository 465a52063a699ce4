"""Exporting the diagram for slides: PNG at a scale or DPI (white or transparent), SVG, PDF, the clipboard,
the Export dialog, and `nnviz export` headless; checked on the real pixels and files written."""
import os
import shutil
import subprocess
import sys
from xml.etree import ElementTree

import numpy as np
import pytest
from PySide6.QtGui import QColor, QGuiApplication, QImage

from nnviz import paths
from nnviz.gui.canvas import render
from nnviz.gui.export_dialog import ExportDialog
from nnviz.gui.selection import EdgeRef, NeuronRef

EXAMPLES = paths.examples_dir()
EXAMPLE_001 = EXAMPLES / "001_relu_identity_2-3-3-1_half_sse.nnviz"
EXAMPLE_002 = EXAMPLES / paths.DEFAULT_EXAMPLE
SVG = "{http://www.w3.org/2000/svg}"


def pixels(image: QImage) -> np.ndarray:
    """The image as an (h, w, 4) array of 8-bit B, G, R, A."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    arr = np.array(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return arr[:, :image.width() * 4].reshape(image.height(), image.width(), 4)


def svg_texts(root) -> list[str]:
    return [el.text for el in root.iter(SVG + "text") if el.text]


def edge_strokes(root, palette: set[str]) -> list:
    """The SVG's lines drawn in an edge colour (leader lines and boxes use other colours)."""
    shapes = [el for tag in ("line", "polyline", "path") for el in root.iter(SVG + tag)]
    return [el for el in shapes if _stroke(el, root) in palette]


def _stroke(el, root) -> str | None:
    parents = {child: parent for parent in root.iter() for child in parent}
    while el is not None:
        if "stroke" in el.attrib and el.attrib["stroke"] != "none":
            return el.attrib["stroke"].lower()
        el = parents.get(el)
    return None


# ----- PNG ---------------------------------------------------------------------------------------
def test_png_at_2x_has_the_requested_size_and_the_diagram_on_white(window, tmp_path):
    path = tmp_path / "slide.png"
    width, height = window.view.export_size()
    assert window.files.export_diagram(path, window.view, scale=2.0)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (round(width * 2), round(height * 2))
    assert image.width() > 2000  # 2x a 1100-unit-wide diagram, not the 96-dpi screen size
    px = pixels(image)
    assert (px[0, 0] == [255, 255, 255, 255]).all() and (px[-1, -1] == [255, 255, 255, 255]).all()
    not_white = (px[:, :, :3] < 230).any(axis=2)
    assert 0.03 < not_white.mean() < 0.6  # edges, circles and text drawn, not a blank page
    red = (px[:, :, 2].astype(int) - px[:, :, 0] > 80)  # the gradient's red edges of example 002
    assert red.sum() > 2000
    assert f"Exported the diagram to {path}" in window.statusBar().currentMessage()


def test_png_edges_scale_with_the_picture(window, tmp_path):
    """At 4x the thickest edge is four times as thick, so a 4x PNG shrunk is the 1x one."""
    one, four = window.view.render_image(scale=1.0), window.view.render_image(scale=4.0)
    small = four.scaled(one.width(), one.height())
    a, b = pixels(one)[:, :, :3].astype(int), pixels(small)[:, :, :3].astype(int)
    assert np.abs(a - b).mean() < 12


def test_transparent_png_has_clear_corners_and_an_opaque_diagram(window, tmp_path):
    path = tmp_path / "clear.png"
    assert window.files.export_diagram(path, window.view, scale=1.0, transparent=True)
    px = pixels(QImage(str(path)))
    for corner in (px[0, 0], px[0, -1], px[-1, 0], px[-1, -1]):
        assert corner[3] == 0
    assert (px[:, :, 3] == 255).mean() > 0.03  # circles, boxes and edges stay opaque
    assert (px[:, :, 3] == 0).mean() > 0.3


def test_png_by_dpi_records_it_and_sizes_the_image(window, tmp_path):
    path = tmp_path / "print.png"
    width, _ = window.view.export_size()
    assert window.files.export_diagram(path, window.view, dpi=300)
    image = QImage(str(path))
    assert image.width() == round(width * 300 / 96)
    assert abs(image.dotsPerMeterX() * 0.0254 - 300) < 0.5


def test_the_export_shows_no_selection_or_explain_marks(window, tmp_path):
    view = window.view
    plain, screen = pixels(view.render_image(scale=1.0)), pixels(view.grab().toImage())
    window.selection.select(EdgeRef(0, 0, 0))
    view.set_emphasis(EdgeRef(1, 0, 0), [NeuronRef(1, 0)])
    assert view.emphasis() != ([], [])
    assert (pixels(view.grab().toImage()) != screen).any()  # marked on screen...
    assert (pixels(view.render_image(scale=1.0)) == plain).all()  # ...not in the picture


# ----- SVG ---------------------------------------------------------------------------------------
def test_svg_has_one_line_per_edge_the_label_texts_and_generic_fonts(window, tmp_path):
    path = tmp_path / "net.svg"
    assert window.files.export_diagram(path, window.view)
    root = ElementTree.parse(path).getroot()
    assert root.tag == SVG + "svg" and root.attrib["viewBox"].startswith("0 0 ")
    palette = {QColor(c).name() for c in window.view.model.look.palette}
    network = window.doc.network
    assert len(edge_strokes(root, palette)) == network.edge_count() == 12
    texts = svg_texts(root)
    for l, w in enumerate(network.weights):
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                for label in window.view.edge_label_texts(EdgeRef(l, i, j)):
                    assert label in texts
    assert "Layer 1 · relu" in texts and "Loss L = 64 (sse, sum) · sample 1 of 1 shown" in texts
    families = {el.attrib["font-family"] for el in root.iter() if "font-family" in el.attrib}
    assert families == {render.SVG_FONTS} and render.SVG_FONTS.endswith("sans-serif")
    assert "<image" not in path.read_text(encoding="utf-8")


def test_svg_of_a_network_with_a_removed_edge_draws_only_the_present_ones(window, tmp_path):
    assert window.files.open_path(EXAMPLE_001, ask=False)
    network = window.doc.network
    present = network.edge_count()
    path = tmp_path / "001.svg"
    assert window.files.export_diagram(path, window.view)
    root = ElementTree.parse(path).getroot()
    palette = {QColor(c).name() for c in window.view.model.look.palette}
    assert len(edge_strokes(root, palette)) == present == 18
    assert "h⁽¹⁾₁" in svg_texts(root)  # example 001's own notation


def test_transparent_svg_has_no_background_rectangle(window, tmp_path):
    white, clear = tmp_path / "white.svg", tmp_path / "clear.svg"
    assert window.files.export_diagram(white, window.view)
    assert window.files.export_diagram(clear, window.view, transparent=True)
    width, height = window.view.export_size()

    def full_rects(path):
        root = ElementTree.parse(path).getroot()
        return [r for r in root.iter(SVG + "rect")
                if abs(float(r.attrib.get("width", 0)) - width) < 1 and abs(float(r.attrib.get("height", 0)) - height) < 1]
    assert len(full_rects(white)) == 1 and full_rects(clear) == []


# ----- PDF ---------------------------------------------------------------------------------------
def test_pdf_is_one_vector_page_of_the_diagram(window, tmp_path):
    path = tmp_path / "handout.pdf"
    assert window.files.export_diagram(path, window.view)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data  # vectors, no bitmap
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils is not installed (packaging/debian-packages.txt installs it)")
    subprocess.run(["pdftoppm", "-png", "-r", "96", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    page = QImage(str(tmp_path / "page.png"))
    width, height = window.view.export_size()
    assert abs(page.width() - width) <= 2 and abs(page.height() - height) <= 2
    assert (pixels(page)[:, :, :3] < 230).any(axis=2).mean() > 0.03
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert "Layer 1 · relu" in text and "∂L/∂w = 64" in text
    images = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) == 2  # the header only: no image in the page


# ----- failures lose nothing ---------------------------------------------------------------------
def test_a_failed_export_says_why_and_keeps_the_old_file(window, dialogs, tmp_path, monkeypatch):
    calls, _ = dialogs
    folder = tmp_path / "slides"
    folder.mkdir()
    path = folder / "slide.png"
    path.write_bytes(b"the old picture")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    assert not window.files.export_diagram(path, window.view)
    assert calls[-1][0] == "critical" and "No space left on device" in calls[-1][2] and "slide.png" in calls[-1][2]
    assert path.read_bytes() == b"the old picture"
    assert [p.name for p in folder.iterdir()] == ["slide.png"]  # no temporary file left behind


def test_an_unknown_ending_is_refused_by_name(window, dialogs, tmp_path):
    calls, _ = dialogs
    assert not window.files.export_diagram(tmp_path / "slide.jpg", window.view)
    assert "slide.jpg" in calls[-1][2] and ".png, .svg or .pdf" in calls[-1][2]
    assert not (tmp_path / "slide.jpg").exists()


# ----- clipboard and dialog ----------------------------------------------------------------------
def test_copy_diagram_puts_a_2x_picture_on_the_clipboard(window):
    assert window.file_actions.copy_diagram.shortcut().toString() == "Ctrl+Shift+C"
    window.file_actions.copy_diagram.trigger()
    image = QGuiApplication.clipboard().image()
    width, height = window.view.export_size()
    assert (image.width(), image.height()) == (round(width * 2), round(height * 2))
    assert (pixels(image)[:, :, :3] < 230).any(axis=2).mean() > 0.03


def test_export_dialog_offers_scale_dpi_and_background(qtbot, settings, tmp_path):
    dialog = ExportDialog(tmp_path / "net.png", (1000.0, 500.0))
    qtbot.addWidget(dialog)
    dialog.restore(settings)
    assert dialog.scale.currentText() == "2×"
    assert "2,000 × 1,000 pixels" in dialog.summary.text()
    dialog.scale.setCurrentIndex(dialog.scale.findText("by DPI"))
    dialog.dpi.setValue(192)
    assert "2,000 × 1,000 pixels" in dialog.summary.text() and dialog.dpi.isVisibleTo(dialog)
    dialog.transparent.setChecked(True)
    assert dialog.options() == {"path": tmp_path / "net.png", "scale": 1.0, "dpi": 192.0, "transparent": True}
    dialog.path.setText(str(tmp_path / "net.pdf"))
    assert not dialog.scale.isEnabled() and not dialog.transparent.isEnabled()
    assert "PDF page (vectors)" in dialog.summary.text()
    dialog.remember(settings)
    again = ExportDialog(tmp_path / "x.png", (10.0, 10.0))
    qtbot.addWidget(again)
    again.restore(settings)
    assert again.scale.currentText() == "by DPI" and again.dpi.value() == 192 and again.transparent.isChecked()


def test_the_menus_offer_export_and_copy(window):
    menus = {m.text(): [a.text() for a in m.menu().actions()] for m in window.menuBar().actions()}
    assert "&Export diagram..." in menus["&File"] and "Cop&y diagram" in menus["&Edit"]


# ----- nnviz export (headless) -------------------------------------------------------------------
def run_cli(*args, display=False):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "nnviz", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120)


def test_cli_exports_png_svg_and_pdf_without_a_display(tmp_path):
    png, svg, pdf = tmp_path / "d.png", tmp_path / "d.svg", tmp_path / "d.pdf"
    done = run_cli("export", EXAMPLE_002, "-o", png, "--scale", "2", "--transparent")
    assert done.returncode == 0 and done.stdout == "" and done.stderr == "", done.stderr
    image = QImage(str(png))
    assert image.width() > 2000 and pixels(image)[0, 0, 3] == 0
    assert (pixels(image)[:, :, 3] == 255).mean() > 0.03
    assert run_cli("export", EXAMPLE_002, "-o", svg, "--notation", "pytorch").returncode == 0
    texts = svg_texts(ElementTree.parse(svg).getroot())
    assert "a⁽¹⁾₁" in texts and "H⁽¹⁾₁" not in texts  # the file's Z_H notation replaced for this export
    assert run_cli("export", EXAMPLE_002, "-o", pdf).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_cli_export_png_is_the_apps_picture(window, tmp_path):
    png = tmp_path / "d.png"
    assert run_cli("export", EXAMPLE_002, "-o", png).returncode == 0
    app = pixels(window.view.render_image(scale=1.0))
    cli = pixels(QImage(str(png)))
    assert app.shape == cli.shape and np.abs(app.astype(int) - cli).mean() < 1


@pytest.mark.parametrize("args, message", [
    (["-o", "{tmp}/d.jpg"], "d.jpg: a diagram is exported as .png, .svg or .pdf"),
    (["-o", "{tmp}/missing/d.png"], "missing/d.png: cannot be written"),
    (["-o", "{tmp}/d.pdf", "--transparent"], "--transparent: a PDF page is always on white"),
    (["-o", "{tmp}/d.png", "--scale", "0"], "0 must be a positive finite number"),
    (["-o", "{tmp}/d.png", "--scale", "2", "--dpi", "300"], "not allowed with argument"),
    (["--scale", "2"], "the following arguments are required: -o/--output"),
])
def test_cli_export_bad_arguments_exit_2_with_one_line(tmp_path, args, message):
    done = run_cli("export", EXAMPLE_002, *[a.format(tmp=tmp_path) for a in args])
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("nnviz: ") and message in done.stderr and done.stderr.count("\n") == 1
    assert [p for p in tmp_path.iterdir()] == []


def test_cli_export_of_a_bad_file_names_it(tmp_path):
    bad = tmp_path / "bad.nnviz"
    bad.write_text("{ not json", encoding="utf-8")
    done = run_cli("export", bad, "-o", tmp_path / "d.png")
    assert done.returncode == 2 and done.stderr.startswith(f"nnviz: {bad}") and not (tmp_path / "d.png").exists()
