"""The worked solution rendered as plain text, Markdown ($…$ maths), a standalone LaTeX file, or HTML with
MathML (opens in any browser, no network). One render function per format; the content is solution.py's."""
import html

from .mathtext import Block, Token, latex_text, mathml
from .report import Section, Table

FORMATS = ("text", "markdown", "latex", "html")
SUFFIXES = {"markdown": ".md", "latex": ".tex", "html": ".html", "text": ".txt"}


def render(sections: list[Section], fmt: str) -> str:
    """The solution in `fmt`, one of FORMATS."""
    return {"text": render_text, "markdown": render_markdown, "latex": render_latex, "html": render_html}[fmt](sections)


def _plain(cell) -> str:
    return cell.plain if isinstance(cell, Token) else str(cell)


def _latex(cell) -> str:
    return f"${cell.latex}$" if isinstance(cell, Token) else latex_text(str(cell))


# ----- plain text -------------------------------------------------------------------------------------
def render_table(table: Table, indent: str = "  ") -> list[str]:
    """Aligned lines: row labels left, cells right-aligned under their column headers."""
    labels = [_plain(label) for label, _ in table.rows]
    label_width = max([len(table.corner)] + [len(label) for label in labels])
    widths = [max([len(c)] + [len(cells[j]) for _, cells in table.rows]) for j, c in enumerate(table.columns)]

    def line(label, cells):
        body = "  ".join(c.ljust(w) if j in table.text_columns else c.rjust(w)
                         for j, (c, w) in enumerate(zip(cells, widths)))
        return f"{indent}{label.ljust(label_width)}  {body}".rstrip()
    return [line(table.corner, table.columns)] + [line(label, cells) for label, (_, cells) in zip(labels, table.rows)]


def render_text(sections: list[Section]) -> str:
    """Headings underlined (= for the title, - for the rest), notes and tables indented, maths in Unicode."""
    out: list[str] = []
    for number, section in enumerate(sections):
        if number:
            out.append("")
        out += [section.heading, ("=" if section.level == 1 else "-") * len(section.heading)]
        for item in section.items:
            if isinstance(item, Table):
                out += render_table(item)
            elif isinstance(item, Block):
                out += ["", "  " + item.title] + ["    " + line.plain() for line in item.lines]
                out += ["    " + note for note in item.notes]
            else:
                out.append("  " + item)
    return "\n".join(out) + "\n"


# ----- Markdown -------------------------------------------------------------------------------------
def _md_cell(cell) -> str:
    text = f"${cell.latex}$" if isinstance(cell, Token) else str(cell)
    return text.replace("|", r"\|")


def render_markdown(sections: list[Section]) -> str:
    out: list[str] = []
    for section in sections:
        out += ["#" * section.level + " " + section.heading, ""]
        for item in section.items:
            if isinstance(item, Table):
                out.append("| " + " | ".join([_md_cell(item.corner)] + [_md_cell(c) for c in item.columns]) + " |")
                out.append("|---|" + "".join(":---|" if j in item.text_columns else "---|"
                                             for j in range(len(item.columns))))
                out += ["| " + " | ".join([_md_cell(label)] + [_md_cell(c) for c in cells]) + " |"
                        for label, cells in item.rows]
            elif isinstance(item, Block):
                out += [f"**{item.title}**", ""]
                out += [f"$${line.latex()}$$" for line in item.lines]
                out += [""] + item.notes if item.notes else []
            else:
                out.append(item)
            out.append("")
    return "\n".join(out)


# ----- LaTeX ------------------------------------------------------------------------------------------
_PREAMBLE = r"""\documentclass[10pt]{article}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath,amssymb}
\setlength{\parindent}{0pt}
\setlength{\parskip}{4pt}
\allowdisplaybreaks
\begin{document}
"""


def _latex_table(table: Table) -> list[str]:
    spec = "l" + "r" * len(table.columns)
    out = [r"\begin{tabular}{" + spec + "}", " & ".join([_latex(table.corner)] + [_latex(c) for c in table.columns])
           + r" \\ \hline"]
    out += [" & ".join([_latex(label)] + [_latex(c) for c in cells]) + r" \\" for label, cells in table.rows]
    return out + [r"\end{tabular}", ""]


def render_latex(sections: list[Section]) -> str:
    """A standalone .tex file (article, amsmath, amssymb) that compiles with a standard LaTeX."""
    out = [_PREAMBLE]
    commands = {1: "section*", 2: "subsection*", 3: "subsubsection*"}
    for section in sections:
        if section.level == 1:
            out.append(r"{\Large\bfseries " + latex_text(section.heading) + r"}\par\medskip")
        else:
            out.append(f"\\{commands[section.level]}{{{latex_text(section.heading)}}}")
        for item in section.items:
            if isinstance(item, Table):
                out += _latex_table(item)
            elif isinstance(item, Block):
                out.append(r"\textbf{" + latex_text(item.title) + r"}\par")
                # inline display-style maths: LaTeX breaks a long line after = and +, display maths would overflow
                out += [r"$\displaystyle " + line.latex() + r"$\par" for line in item.lines]
                out += [latex_text(note) + r"\par" for note in item.notes]
            else:
                out.append(latex_text(item) + r"\par")
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


# ----- HTML with MathML -------------------------------------------------------------------------------
_STYLE = """body { font-family: sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.5em 0 1em; } td, th { padding: 2px 10px; text-align: right; }
th { border-bottom: 1px solid #888; } td:first-child, th:first-child { text-align: left; }
.eq { margin: 0.3em 0 0.3em 1em; overflow-x: auto; } .block { margin: 0.8em 0; } .note { color: #444; }
td.text, th.text { text-align: left; }"""


def _html_cell(cell) -> str:
    return mathml(cell.latex, display=False) if isinstance(cell, Token) else html.escape(str(cell))


def render_html(sections: list[Section]) -> str:
    """A standalone HTML page; the maths is MathML (latex2mathml), which browsers draw without a network."""
    title = sections[0].heading if sections else "nnviz"
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8"/>',
           f"<title>{html.escape(title)}</title>", f"<style>{_STYLE}</style></head><body>"]
    for section in sections:
        level = min(section.level, 4)
        out.append(f"<h{level}>{html.escape(section.heading)}</h{level}>")
        for item in section.items:
            if isinstance(item, Table):
                kinds = [""] + [' class="text"' if j in item.text_columns else "" for j in range(len(item.columns))]
                out.append("<table><tr>" + "".join(f"<th{k}>{_html_cell(c)}</th>"
                                                   for k, c in zip(kinds, [item.corner, *item.columns])) + "</tr>")
                out += ["<tr>" + "".join(f"<td{k}>{_html_cell(c)}</td>" for k, c in zip(kinds, [label, *cells]))
                        + "</tr>" for label, cells in item.rows]
                out.append("</table>")
            elif isinstance(item, Block):
                out.append(f'<div class="block"><strong>{html.escape(item.title)}</strong>')
                out += [f'<div class="eq">{mathml(line.latex())}</div>' for line in item.lines]
                out += [f'<p class="note">{html.escape(note)}</p>' for note in item.notes]
                out.append("</div>")
            else:
                out.append(f"<p>{html.escape(item)}</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
