"""A checked answer sheet as a report to hand back: each answer's name, the value written, its mark, the exact
value and the diagnosis, then the first wrong step derived with the student's own numbers. Rendered by
solution_render, as the worked solution is (Markdown with $…$ maths, or HTML with MathML)."""
from .answers import Answer
from .check_explain import step_block
from .check_sheet import sheet_name
from .checking import Report, Sheet
from .engine import Result
from .mathtext import NumberFormat, name
from .notation import Notation
from .numbers import format_number
from .report import Section, Table
from .solution_render import render

MARKS = {"correct": "✓ correct", "carried": "≈ carried", "wrong": "✗ wrong"}
RULES = ("✓ correct: the exact value, rounded to the digits you wrote, is what you wrote. ≈ carried: this step is "
         "right; the difference comes only from your own earlier numbers. ✗ wrong: this step itself is wrong.")
EXACT_DIGITS = 6


def report_sections(project, result: Result, answers: list[Answer], report: Report, notation: Notation,
                    fmt: NumberFormat, title: str) -> list[Section]:
    """The report's title and counts, the table of marked answers and the first wrong step."""
    namer = notation.namer(project.network.sizes())
    counts = report.counts
    total = len(report.marks)
    summary = (f"{total} answer{'' if total == 1 else 's'} checked: {counts['correct']} correct, "
               f"{counts['carried']} carried, {counts['wrong']} wrong.")
    rows = [(name(sheet_name(m.answer.quantity, namer, project)),
             [m.answer.written.text, MARKS[m.verdict], format_number(m.exact, EXACT_DIGITS), m.diagnosis or ""])
            for m in report.marks]
    table = Table(["your value", "mark", "exact value", "diagnosis"], rows, "quantity", text_columns=(1, 3))
    sections = [Section(title, [summary, RULES], level=1), Section("Your answers", [table])]
    first = report.first_wrong
    if first is None:
        sections.append(Section("The first wrong step", ["No wrong step: every answer is correct or carried."]))
    else:
        written = first.answer.written.text
        block = step_block(Sheet(project, result, answers), first, notation, fmt,
                           title=f"{first.answer.name} = {written}: how this step is computed from your own numbers")
        sections.append(Section("The first wrong step", [block]))
    return sections


def render_report(project, result: Result, answers: list[Answer], report: Report, notation: Notation,
                  fmt: NumberFormat, kind: str, title: str) -> str:
    """The report as `kind`: "markdown" or "html" (or solution_render's "text" and "latex")."""
    return render(report_sections(project, result, answers, report, notation, fmt, title), kind)
