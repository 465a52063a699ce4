"""The worked solution (answer key): every gradient of the homework's summary, in the course's notation,
as text, Markdown, a LaTeX file that compiles and HTML with MathML."""
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from nnviz.core import fileformat
from nnviz.core.mathtext import NumberFormat
from nnviz.core.notation import Notation, preset
from nnviz.core.solution import worked_solution
from nnviz.core.solution_render import FORMATS, render
from nnviz.paths import example_files, examples_dir

EX = examples_dir()
# "In summary - Back propagation" of worked example 002, in its notation (w_jk^(L) from j to k)
SUMMARY_002 = {"∂L/∂b⁽³⁾": 16, "∂L/∂w⁽³⁾₁₁": 64, "∂L/∂w⁽³⁾₂₁": 64, "∂L/∂b⁽²⁾₁": 16, "∂L/∂w⁽²⁾₁₁": 32,
               "∂L/∂w⁽²⁾₂₁": 32, "∂L/∂b⁽²⁾₂": 16, "∂L/∂w⁽²⁾₁₂": 32, "∂L/∂w⁽²⁾₂₂": 32, "∂L/∂b⁽¹⁾₁": 32,
               "∂L/∂w⁽¹⁾₁₁": 32, "∂L/∂w⁽¹⁾₂₁": 64, "∂L/∂w⁽¹⁾₃₁": -32, "∂L/∂b⁽¹⁾₂": 32, "∂L/∂w⁽¹⁾₁₂": 32,
               "∂L/∂w⁽¹⁾₂₂": 64, "∂L/∂w⁽¹⁾₃₂": -32}
# worked example 004 part 3's gradients, correct to 4 significant digits, in its notation w_{jk-l}
SUMMARY_004 = {"∂L/∂w₁₁₋₂": "0.01668", "∂L/∂w₂₁₋₂": "0.01843", "∂L/∂b₁₋₂": "0.02119", "∂L/∂b₁₋₁": "0.001422",
               "∂L/∂b₂₋₁": "0.002786", "∂L/∂w₁₁₋₁": "2.843e-5", "∂L/∂w₂₁₋₁": "4.265e-5", "∂L/∂w₃₁₋₁": "-0.002929",
               "∂L/∂w₁₂₋₁": "5.573e-5", "∂L/∂w₂₂₋₁": "8.359e-5", "∂L/∂w₃₂₋₁": "-0.00574"}


def solution(name, fmt, notation=None, number_format=None):
    project = fileformat.load(EX / name)
    note = notation or Notation.from_view(project.view.get("notation"))
    return render(worked_solution(project, notation=note, fmt=number_format or NumberFormat(4)), fmt)


def summary_rows(text):
    block = text.split("Summary of the gradients")[1].split("SGD update")[0]
    return dict(re.findall(r"^\s+(∂L/∂\S+)\s+(\S+)$", block, re.M))


def test_002_text_solution_has_the_homework_summary_in_its_notation():
    text = solution("002_relu_3-2-2-1_sse.nnviz", "text")
    assert {k: float(v) for k, v in summary_rows(text).items()} == SUMMARY_002
    assert "= 16 · 1 · 1 · 1 · 1 · 2 + 16 · 1 · 1 · 1 · 1 · 2" in text  # 002's path form for w_21^(1)
    assert "Z⁽¹⁾₁ = w⁽¹⁾₁₁ x₁ + w⁽¹⁾₂₁ x₂ + w⁽¹⁾₃₁ x₃ + b⁽¹⁾₁ = 1 · 1 + 1 · 2 + 1 · (-1) + 0 = 2" in text
    assert "L = (0 − 8)² = 64" in text


def test_004_text_solution_has_every_gradient_to_four_digits():
    text = solution("004_sigmoid_3-2-1_half_sse.nnviz", "text")
    assert summary_rows(text) == SUMMARY_004
    assert "σ'(z₁₋₁) = a(1 − a) = 0.7869 · 0.2131 = 0.1677" in text


@pytest.mark.parametrize("fmt", ["markdown", "latex", "html"])
def test_every_format_holds_every_gradient_of_002_and_004(fmt):
    for name, summary, key in (("002_relu_3-2-2-1_sse.nnviz", SUMMARY_002, r"w^{(1)}_{21}"),
                               ("004_sigmoid_3-2-1_half_sse.nnviz", SUMMARY_004, "w_{31-1}")):
        out = solution(name, fmt)
        if fmt == "html":
            ET.fromstring(out.replace("<!DOCTYPE html>", ""))  # well-formed (XHTML-style) with MathML inside
            assert "<math" in out and "\\frac" not in out
            numbers = re.findall(r"<td>([^<]*)</td></tr>", out.split("Summary of the gradients")[1].split("SGD update")[0])
        else:
            assert key in out
            part = out.split("Summary of the gradients")[1].split("SGD update")[0]
            numbers = re.findall(r"(?:\||&) \$?([-0-9.e]+)\$? (?:\||\\\\)", part)
        assert sorted(float(v) for v in numbers) == pytest.approx(sorted(float(v) for v in summary.values()), rel=1e-3)


def test_switching_the_notation_changes_every_label_of_the_export():
    pytorch = solution("002_relu_3-2-2-1_sse.nnviz", "text", preset("pytorch"))
    own = solution("002_relu_3-2-2-1_sse.nnviz", "text")
    assert "Z⁽¹⁾₁" in own and "Z⁽¹⁾₁" not in pytorch and "z⁽¹⁾₁" in pytorch
    assert "H⁽²⁾₁" in own and "a⁽²⁾₁" in pytorch
    assert "∂L/∂w⁽¹⁾₂₁     64" in own and "∂L/∂w⁽¹⁾₁₂     64" in pytorch  # the same weight, indices swapped


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no LaTeX installed")
@pytest.mark.parametrize("name", [p.name for p in example_files()])
def test_the_latex_file_compiles(tmp_path, name):
    (tmp_path / "solution.tex").write_text(solution(name, "latex"))
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "solution.tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "solution.pdf").stat().st_size > 1000


def test_every_example_renders_in_every_format():
    for path in example_files():
        project = fileformat.load(path)
        sections = worked_solution(project)
        for fmt in FORMATS:
            assert render(sections, fmt).strip()
