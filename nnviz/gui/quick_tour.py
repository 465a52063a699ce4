"""Help > Quick tour: a few steps, each pointing at a real part of the window and saying what it is for."""
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

ACCENT = QColor("#0969DA")
GAP = 14  # pixels between the bubble and what it points at
WIDTH = 380  # the bubble's, in pixels


@dataclass(frozen=True)
class Stop:
    """One step: the widget it points at (found on the window when shown), a title and what to say."""

    target: Callable[[object], QWidget]
    title: str
    text: str
    dock: str | None = None  # the dock to bring to the front first (its tab may be behind another)


def _dock(name: str) -> Callable[[object], QWidget]:
    return lambda window: getattr(window, name)


STOPS = (
    Stop(lambda w: w.view, "Your network",
         "Circles are neurons, lines are weights. Under each neuron: z, a and δ for the shown sample; on each "
         "line: w and ∂L/∂w, whose colour and width the legend explains. Double-click any number to change it "
         "— every number recomputes at once, exactly as by hand. Right-click to add or remove neurons."),
    Stop(_dock("explain_dock"), "Explain: the derivation",
         "Select an edge or a neuron: Explain writes its chain rule in your course's notation, every factor "
         "named and valued, path by path, then the matrix form with shapes and the update. Hover a factor to "
         "see where it comes from on the diagram.", dock="explain_dock"),
    Stop(_dock("inspector_dock"), "Inspector: edit what is selected",
         "The selected weight, bias, activation or input, with its exact value. The W and b buttons take a "
         "whole matrix typed or pasted at once.", dock="inspector_dock"),
    Stop(_dock("data_dock"), "Data: the samples",
         "Inputs x and targets y, one row per sample; the chosen row is the sample the diagram shows. "
         "Data > Load data set makes XOR, moons, spirals and more.", dock="data_dock"),
    Stop(_dock("training_dock"), "Training",
         "Step takes one gradient-descent step, Run keeps going, Animate step reveals one step stage by stage "
         "for the class. Every run is one undo step.", dock="training_dock"),
    Stop(_dock("curve_dock"), "Loss curve",
         "The loss after every step; hover it to read a value.", dock="curve_dock"),
    Stop(lambda w: w.menuBar(), "Check, notation, slides",
         "View > Check my work (Ctrl+K) marks your own numbers: ✓ right, ≈ right from your earlier lines, ✗ "
         "wrong with the likely slip. View > Notation names everything as your course does; View > "
         "Presentation mode (F11) is for the projector; File > Export diagram makes a picture for slides."),
)


class Spotlight(QWidget):
    """A coloured frame drawn over the window around the widget being explained (clicks pass through)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(ACCENT, 3))
        painter.drawRoundedRect(self.rect().adjusted(2, 2, -2, -2), 6, 6)
        painter.end()


class TourBubble(QFrame):
    """The step's title and text with Back, Next (Done at the end) and Close."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("tourBubble")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"#tourBubble {{ background: palette(window); border: 2px solid {ACCENT.name()}; "
                           "border-radius: 8px; }")
        self.setFixedWidth(WIDTH)
        self.step = QLabel()
        self.step.setEnabled(False)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.back, self.next, self.close_button = QPushButton("Back"), QPushButton("Next"), QPushButton("Close")
        self.back.setToolTip("The previous step of the tour")
        self.next.setToolTip("The next step of the tour")
        self.close_button.setToolTip("End the tour (Esc); Help > Quick tour starts it again")
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(buttons)


class QuickTour(QObject):
    """Walks through STOPS on `window`: brings each part to the front, frames it and explains it."""

    def __init__(self, window, stops=STOPS):
        super().__init__(window)
        self.window, self.stops = window, stops
        self.index = -1
        self.spotlight = Spotlight(window)
        self.bubble = TourBubble(window)
        self.bubble.back.clicked.connect(lambda: self.go(self.index - 1))
        self.bubble.next.clicked.connect(lambda: self.go(self.index + 1))
        self.bubble.close_button.clicked.connect(self.stop)
        self.spotlight.hide()
        self.bubble.hide()
        window.installEventFilter(self)

    @property
    def running(self) -> bool:
        return self.bubble.isVisible()

    def start(self) -> None:
        self.go(0)

    def stop(self) -> None:
        self.index = -1
        self.spotlight.hide()
        self.bubble.hide()

    def go(self, index: int) -> None:
        """Show step `index`; past the last one, end the tour."""
        if not 0 <= index < len(self.stops):
            self.stop()
            return
        self.index = index
        stop = self.stops[index]
        if stop.dock:
            dock = getattr(self.window, stop.dock)
            dock.show()
            dock.raise_()
        b = self.bubble
        b.step.setText(f"Quick tour · {index + 1} of {len(self.stops)}")
        b.title.setText(stop.title)
        b.text.setText(stop.text)
        margins = b.layout().contentsMargins()
        b.text.setFixedHeight(b.text.heightForWidth(WIDTH - margins.left() - margins.right() - 4))
        b.back.setEnabled(index > 0)
        b.next.setText("Done" if index == len(self.stops) - 1 else "Next")
        b.show()
        self.place()
        b.raise_()
        b.next.setFocus()

    def target_rect(self) -> QRect:
        """The part of the window the current step points at, in the window's coordinates."""
        widget = self.stops[self.index].target(self.window)
        return QRect(widget.mapTo(self.window, QPoint(0, 0)), widget.size())

    def place(self) -> None:
        """Frame the target and put the bubble beside it, inside the window, covering as little of it as can be."""
        if self.index < 0:
            return
        target = self.target_rect()
        self.spotlight.setGeometry(target.adjusted(-3, -3, 3, 3))
        self.spotlight.show()
        self.spotlight.raise_()
        b = self.bubble
        b.adjustSize()
        area = self.window.rect().adjusted(8, 8, -8, -8)
        size = b.size()
        y = min(max(target.top(), area.top()), area.bottom() - size.height())
        candidates = [QPoint(target.right() + GAP, y), QPoint(target.left() - GAP - size.width(), y),
                      QPoint(target.left(), target.bottom() + GAP), QPoint(target.left(), target.top() - GAP - size.height())]
        inside = [p for p in candidates if area.contains(QRect(p, size))]
        if inside:
            spot = inside[0]
        else:  # a big target (the canvas): inside it, in its bottom-right corner
            spot = QPoint(min(target.right(), area.right()) - size.width() - GAP,
                          min(target.bottom(), area.bottom()) - size.height() - GAP)
        b.move(max(area.left(), spot.x()), max(area.top(), spot.y()))
        b.raise_()

    def eventFilter(self, watched, event) -> bool:
        if self.running:
            if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
                self.place()
            elif event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.stop()
                return True
        return False
