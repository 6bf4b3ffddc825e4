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

ROW = 46.0


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
        self.event_items: list[EventItem] = []

    def set_events(self, events: list[TimelineEvent], colors: Colors | None = None) -> None:
        c = colors or current_colors()
        scene = self.scene()
        scene.clear()
        self.event_items = []
        self.setBackgroundBrush(QBrush(QColor(c.panel)))
        top = 30.0
        bottom = top + max(1, len(events)) * ROW
        bold = QFont(self.font())
        bold.setBold(True)
        # The line sits just right of the widest date label.
        widths = [QGraphicsSimpleTextItem(e.label).boundingRect().width() for e in events]
        line_x = 40 + max(widths, default=80) * 1.1
        scene.addLine(line_x, top - 10, line_x, bottom - ROW + 10, QPen(QColor(c.border), 3))
        year = ""
        for i, event in enumerate(events):
            y = top + i * ROW
            scene.addEllipse(
                line_x - 6, y - 6, 12, 12, QPen(QColor(c.panel), 2), QBrush(QColor(c.accent))
            )
            when = scene.addSimpleText(event.label, bold if event.date[:4] != year else self.font())
            when.setBrush(QColor(c.muted if event.date[:4] == year else c.text))
            when.setPos(line_x - 20 - when.boundingRect().width(), y - 9)
            year = event.date[:4]
            item = EventItem(event.title)
            item.setFont(self.font())
            item.setBrush(QColor(c.text))
            item.setPos(line_x + 20, y - 9)
            item.section = event.section
            item.setCursor(Qt.CursorShape.PointingHandCursor)
            item.setToolTip("Read this event's section")
            scene.addItem(item)
            self.event_items.append(item)
        width = max((i.boundingRect().width() for i in self.event_items), default=200)
        scene.setSceneRect(QRectF(0, 0, line_x + 40 + width, bottom))
