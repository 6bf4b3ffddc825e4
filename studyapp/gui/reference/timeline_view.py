"""The timeline: every dated event on a vertical line, earliest at the top; click an
event to read its section."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from studyapp.core.content.reference import TimelineEvent
from studyapp.gui.theme import Colors, current_colors

# Each event takes two lines beside its dot: the date (which can be long where the
# sources are vague about it) above the title, so neither pushes the other out of sight.
ROW = 54.0
LINE_X = 28.0
TEXT_X = LINE_X + 22.0


class EventItem(QGraphicsSimpleTextItem):
    section = ""

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        view = self.scene().views()[0]
        if isinstance(view, TimelineView):
            view.section_clicked.emit(self.section)
        event.accept()


class TimelineView(QGraphicsView):
    section_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.event_items: list[EventItem] = []

    def set_events(self, events: list[TimelineEvent], colors: Colors | None = None) -> None:
        c = colors or current_colors()
        scene = self.scene()
        scene.clear()
        self.event_items = []
        self.setBackgroundBrush(QBrush(QColor(c.panel)))
        top = 24.0
        bottom = top + max(1, len(events)) * ROW
        bold = QFont(self.font())
        bold.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(max(1.0, self.font().pointSizeF() * 0.9))
        scene.addLine(LINE_X, top, LINE_X, bottom - ROW / 2, QPen(QColor(c.border), 3))
        year = ""
        widths: list[float] = []
        for i, event in enumerate(events):
            y = top + i * ROW
            scene.addEllipse(
                LINE_X - 6, y + 12, 12, 12, QPen(QColor(c.panel), 2), QBrush(QColor(c.accent))
            )
            # The first event of each year shows its date in bold, the rest muted.
            new_year = event.date[:4] != year
            when = scene.addSimpleText(event.label, bold if new_year else small)
            when.setBrush(QColor(c.text if new_year else c.muted))
            when.setPos(TEXT_X, y)
            year = event.date[:4]
            item = EventItem(event.title)
            item.setFont(self.font())
            item.setBrush(QColor(c.text))
            item.setPos(TEXT_X, y + when.boundingRect().height() + 2)
            item.section = event.section
            item.setCursor(Qt.CursorShape.PointingHandCursor)
            item.setToolTip("Read this event's section")
            scene.addItem(item)
            self.event_items.append(item)
            widths += [when.boundingRect().width(), item.boundingRect().width()]
        scene.setSceneRect(QRectF(0, 0, TEXT_X + 20 + max(widths, default=200), bottom))
