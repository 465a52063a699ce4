"""A widget that lays out derivation Blocks (core mathtext) and paints them: titles, lines of typeset names,
numbers and operators wrapped to the width, and notes. Hovering a token reports it, so the canvas can
highlight where that factor comes from and the whole path it belongs to.

Names are typeset with ziamath (math_cache); until a name is typeset it is drawn as its Unicode text,
and a timer typesets the rest a few at a time, so a long derivation never freezes the window.
"""
import time
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from nnviz.core.mathtext import Block, Token

from .math_cache import CACHE, Formula

DEFAULT_SCALE = 1.3  # maths a little larger than the text around it
TYPESET_BUDGET = 0.012  # seconds of typesetting per timer tick
INDENT = 18.0  # lines are indented under their block title; a wrapped line a little more
HOVER = QColor(255, 176, 0, 70)  # amber, as the canvas's selection
PATH = QColor(255, 176, 0, 32)


def typeset_token(token: Token) -> bool:
    """Names, and numbers or formulas whose LaTeX is more than plain text (matrices, 2.8 × 10⁻⁵, σ'(z) =
    a(1 − a) with sub- and superscripts) are typeset; single operators (=, +, ·) are drawn as text, and so is
    a number squared, (1.5 − 5)², which every edit changes (its text says it as well, and costs nothing)."""
    if token.kind == "name":
        return True
    latex = token.latex
    if latex.endswith("^2") and latex.count("^") == 1 and not any(c in latex for c in "\\_") and "²" in token.plain:
        return False
    return len(token.plain.strip()) > 2 and any(c in latex for c in "\\^_")


def shown_text(token: Token) -> str:
    """A token's text on screen: a number's minus sign as a true minus (−), as typeset maths has it."""
    return token.plain.replace("-", "−") if token.kind == "number" else token.plain


def _breakable(token: Token) -> bool:
    """A line may wrap before this token."""
    return token.kind == "op" and token.plain.strip() in ("=", "+", "⊙", "·", "←")


@dataclass
class Piece:
    """One token placed on the widget."""

    token: Token
    line: int  # index into the flat list of lines, for grouping
    rect: QRectF
    baseline: float
    formula: Formula | None


class MathView(QWidget):
    """Paints a list of Blocks; `hovered(token, line_tokens)` (or (None, None)) follows the mouse."""

    hovered = Signal(object, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.blocks: list[Block] = []
        self.scale = DEFAULT_SCALE
        self.pieces: list[Piece] = []
        self.titles: list[tuple[QRectF, str]] = []
        self.notes: list[tuple[QRectF, str]] = []
        self._lines: list[list[Token]] = []
        self._height = 0.0
        self._laid_out_width = -1
        self._hover: Piece | None = None
        self._pending: list[str] = []
        self._painted = False  # typesetting waits for the first paint, so the window shows before ziamath loads
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._typeset_some)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    # ----- content ----------------------------------------------------------------------------------
    def set_blocks(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self._lines = [line.tokens for block in blocks for line in block.lines]
        self._hover = None
        pixels, colour = self.math_pixels(), self.text_colour().name()
        self._pending = list(dict.fromkeys(t.latex for tokens in self._lines for t in tokens
                                           if typeset_token(t) and not CACHE.has(t.latex, pixels, colour)))
        if self._pending and self._painted:
            self._timer.start()
        self.relayout()

    def typeset_all(self) -> None:
        """Typeset every name now (tests, exports); the timer does it bit by bit otherwise."""
        while self._pending:
            self._typeset_some(budget=None)

    def _typeset_some(self, budget: float | None = TYPESET_BUDGET) -> None:
        pixels, colour = self.math_pixels(), self.text_colour().name()
        end = None if budget is None else time.perf_counter() + budget
        while self._pending and (end is None or time.perf_counter() < end):
            CACHE.make(self._pending.pop(0), pixels, colour)
        if not self._pending:
            self._timer.stop()
        self.relayout()

    # ----- fonts and colours ------------------------------------------------------------------------
    def text_pixels(self) -> float:
        return float(QFontInfo(self.font()).pixelSize())

    def math_pixels(self) -> float:
        return round(self.text_pixels() * self.scale)

    def math_font(self) -> QFont:
        """Numbers and operators between the typeset names: a serif face, as the names' STIX Two."""
        font = QFont(self.font())
        font.setFamilies(["STIX Two Text", "DejaVu Serif", "Liberation Serif", "serif"])
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPixelSize(int(self.math_pixels()))
        return font

    def text_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def set_scale(self, scale: float) -> None:
        """Maths size relative to the widget's font (presentation mode makes it larger)."""
        self.scale = scale
        self.set_blocks(self.blocks)

    # ----- layout -----------------------------------------------------------------------------------
    def relayout(self) -> None:
        width = max(200.0, float(self.width()))
        self._laid_out_width = self.width()
        title_font = QFont(self.font())
        title_font.setBold(True)
        title_metrics, note_metrics = QFontMetricsF(title_font), QFontMetricsF(self.font())
        math_metrics = QFontMetricsF(self.math_font())
        pixels, colour = self.math_pixels(), self.text_colour().name()
        self.pieces, self.titles, self.notes = [], [], []
        y = 4.0
        line_index = 0
        for block in self.blocks:
            self.titles.append((QRectF(0, y, width, title_metrics.height()), block.title))
            y += title_metrics.height() + 4
            for line in block.lines:
                y = self._layout_line(line.tokens, line_index, y, width, math_metrics, pixels, colour) + 6
                line_index += 1
            for note in block.notes:
                rect = note_metrics.boundingRect(QRectF(INDENT, y, width - INDENT - 4, 10_000),
                                                 int(Qt.TextFlag.TextWordWrap), note)
                self.notes.append((QRectF(INDENT, y, width - INDENT - 4, rect.height()), note))
                y += rect.height() + 4
            y += 10
        self._height = y
        self.updateGeometry()
        self.update()

    def _layout_line(self, tokens, line_index, y, width, metrics: QFontMetricsF, pixels, colour) -> float:
        """Place one line's tokens from y, wrapping at the width; returns the y below it."""
        x = INDENT
        rows: list[list] = [[]]  # each item: token, x, width, ascent, descent, formula
        for token in tokens:
            formula = CACHE.get(token.latex, pixels, colour) if typeset_token(token) else None
            if formula is not None:
                w, ascent, descent = formula.width, formula.ascent, formula.height - formula.ascent
            else:
                w, ascent, descent = metrics.horizontalAdvance(shown_text(token)), metrics.ascent(), metrics.descent()
            if rows[-1] and x + w > width - 4:  # wrap before the last = + · ⊙ of the row, if any
                row = rows[-1]
                at = max((k for k, item in enumerate(row) if k and _breakable(item[0])), default=None)
                moved = row[at:] if at is not None else ([] if _breakable(token) else None)
                if moved is not None:
                    del row[len(row) - len(moved):]
                    rows.append([])
                    x = INDENT * 2
                    for item in moved:
                        rows[-1].append((item[0], x) + item[2:])
                        x += item[2]
            rows[-1].append((token, x, w, ascent, descent, formula))
            x += w
        for row_items in rows:
            if not row_items:
                continue
            ascent = max(item[3] for item in row_items)
            descent = max(item[4] for item in row_items)
            baseline = y + ascent
            for token, left, w, a, d, formula in row_items:
                self.pieces.append(Piece(token, line_index, QRectF(left, baseline - a, w, a + d), baseline, formula))
            y = baseline + descent + 2
        return y

    def sizeHint(self) -> QSize:
        return QSize(400, int(self._height) + 1)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, int(self._height) + 1)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.width() != self._laid_out_width:
            self.relayout()

    # ----- painting ---------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        if not self._painted:
            self._painted = True
            if self._pending:
                self._timer.start()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        colour = self.text_colour()
        hover = self._hover
        if hover is not None:
            group = hover.token.group
            for piece in self.pieces:
                if piece.line == hover.line and group is not None and piece.token.group == group:
                    painter.fillRect(piece.rect, PATH)
            painter.fillRect(hover.rect.adjusted(-1, -1, 1, 1), HOVER)
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(colour)
        for rect, text in self.titles:
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        painter.setFont(self.math_font())
        for piece in self.pieces:
            if piece.formula is not None:
                piece.formula.paint(painter, piece.rect.x(), piece.baseline)
            else:
                painter.drawText(QPointF(piece.rect.x(), piece.baseline), shown_text(piece.token))
        painter.setFont(self.font())
        secondary = self.palette().color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(secondary)
        for rect, text in self.notes:
            painter.drawText(rect, int(Qt.TextFlag.TextWordWrap), text)
        painter.end()

    # ----- hover ------------------------------------------------------------------------------------
    def piece_at(self, point: QPointF) -> Piece | None:
        for piece in self.pieces:
            if piece.rect.adjusted(-1, -2, 1, 2).contains(point) and piece.token.kind != "op":
                return piece
        return None

    def mouseMoveEvent(self, event) -> None:
        piece = self.piece_at(event.position())
        if piece is not self._hover:
            self._hover = piece
            self.update()
            self.hovered.emit(None if piece is None else piece.token,
                              None if piece is None else self._lines[piece.line])
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()
            self.hovered.emit(None, None)
        super().leaveEvent(event)

    # ----- reading what is shown (tests) ------------------------------------------------------------
    def plain_lines(self) -> list[str]:
        return [line.plain() for block in self.blocks for line in block.lines]

    def typeset_count(self) -> int:
        """How many name tokens are drawn as typeset mathematics (the rest as text, until typeset)."""
        return sum(1 for p in self.pieces if p.formula is not None)

