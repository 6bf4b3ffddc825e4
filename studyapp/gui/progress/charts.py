"""Small charts painted with QPainter in the theme's colours: bars over days, a line
over weeks, a calendar heat map, and clickable mastery bars.

Each chart shows a friendly sentence instead of empty axes when it has nothing to
show, and reads the theme at paint time so light and dark both stay legible.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from studyapp.core.wording import counted
from studyapp.gui.theme import MIN_FONT_PT, Colors, current_colors

LEFT_AXIS = 44
BOTTOM_AXIS = 22


def _blend(a: str, b: str, t: float) -> QColor:
    """A colour `t` of the way from `a` to `b`."""
    ca, cb = QColor(a), QColor(b)
    t = max(0.0, min(1.0, t))
    return QColor(
        round(ca.red() + (cb.red() - ca.red()) * t),
        round(ca.green() + (cb.green() - ca.green()) * t),
        round(ca.blue() + (cb.blue() - ca.blue()) * t),
    )


def nice_ceiling(value: float) -> float:
    """A round axis maximum at or above `value`, split into four whole-number steps
    (counts of answers never show a tick at 1.25)."""
    if value <= 0:
        return 4.0
    raw = value / 4
    power = float(10 ** math.floor(math.log10(raw)))
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        step = factor * power
        if step >= raw and step >= 1 and step == int(step):
            return 4 * step
    return 4 * math.ceil(raw)


class Chart(QWidget):
    """Shared frame: a muted sentence when empty, axes and tooltips otherwise."""

    def __init__(self, empty_text: str, height: int = 190, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.setMinimumHeight(height)
        self.setMouseTracking(True)

    def is_empty(self) -> bool:
        raise NotImplementedError

    def sizeHint(self) -> QSize:
        return QSize(max(200, self.minimumWidth()), self.minimumHeight())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.minimumWidth(), self.minimumHeight())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = current_colors()
        if self.is_empty():
            painter.setPen(QColor(colors.muted))
            painter.drawText(
                self.rect().adjusted(12, 12, -12, -12),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self.empty_text,
            )
            return
        self.paint_chart(painter, colors)

    def paint_chart(self, painter: QPainter, colors: Colors) -> None:
        raise NotImplementedError

    def plot_rect(self) -> QRectF:
        return QRectF(LEFT_AXIS, 8, self.width() - LEFT_AXIS - 8, self.height() - 8 - BOTTOM_AXIS)

    def draw_y_axis(
        self, painter: QPainter, colors: Colors, top: float, label: str = "{:g}"
    ) -> None:
        plot = self.plot_rect()
        small = QFont(self.font())
        small.setPointSizeF(max(float(MIN_FONT_PT), small.pointSizeF() * 0.85))
        painter.setFont(small)
        for n in range(5):
            y = plot.bottom() - plot.height() * n / 4
            painter.setPen(QPen(QColor(colors.border), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(colors.muted))
            painter.drawText(
                QRectF(0, y - 8, LEFT_AXIS - 6, 16),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label.format(top * n / 4),
            )

    def draw_x_labels(
        self, painter: QPainter, colors: Colors, labels: dict[int, str], n: int
    ) -> None:
        plot = self.plot_rect()
        painter.setPen(QColor(colors.muted))
        slot = plot.width() / max(1, n)
        drawn: list[float] = []
        for index, text in sorted(labels.items(), reverse=True):
            # Centred under its slot, kept inside the widget, never over a neighbour.
            x = plot.left() + slot * (index + 0.5)
            x = max(40.0, min(self.width() - 40.0, x))
            if any(abs(x - other) < 70 for other in drawn):
                continue
            drawn.append(x)
            painter.drawText(
                QRectF(x - 40, plot.bottom() + 4, 80, BOTTOM_AXIS - 4),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                text,
            )


def day_labels(days: Sequence[date]) -> dict[int, str]:
    """About six evenly spaced dates for a time axis."""
    if not days:
        return {}
    step = max(1, len(days) // 6)
    return {i: days[i].strftime("%d %b") for i in range(len(days) - 1, -1, -step)}


class BarChart(Chart):
    """One bar per day (or per any slot), with a tooltip on hover."""

    def __init__(
        self, empty_text: str, unit: str = "", colour: str = "accent", height: int = 190
    ) -> None:
        super().__init__(empty_text, height)
        self.values: list[float] = []
        self.days: list[date] = []
        self.unit = unit
        self.colour = colour
        self.tooltips: list[str] = []

    def set_data(
        self, days: Sequence[date], values: Sequence[float], tooltips: Sequence[str]
    ) -> None:
        self.days, self.values, self.tooltips = list(days), list(values), list(tooltips)
        self.update()

    def is_empty(self) -> bool:
        return not any(self.values)

    def paint_chart(self, painter: QPainter, colors: Colors) -> None:
        top = nice_ceiling(max(self.values))
        self.draw_y_axis(painter, colors, top)
        plot = self.plot_rect()
        slot = plot.width() / len(self.values)
        gap = min(3.0, slot * 0.25)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(getattr(colors, self.colour)))
        for i, value in enumerate(self.values):
            if value <= 0:
                continue
            h = plot.height() * value / top
            painter.drawRect(
                QRectF(plot.left() + slot * i + gap / 2, plot.bottom() - h, max(1.0, slot - gap), h)
            )
        self.draw_x_labels(painter, colors, day_labels(self.days), len(self.values))

    def index_at(self, x: float) -> int | None:
        plot = self.plot_rect()
        if not self.values or not plot.left() <= x <= plot.right():
            return None
        return min(len(self.values) - 1, int((x - plot.left()) / (plot.width() / len(self.values))))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().x())
        if index is not None and index < len(self.tooltips) and not self.is_empty():
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltips[index], self)
        else:
            QToolTip.hideText()


class LineChart(Chart):
    """Points joined by a line; None leaves a gap (a week without answers)."""

    def __init__(self, empty_text: str, percent: bool = True, height: int = 190) -> None:
        super().__init__(empty_text, height)
        self.values: list[float | None] = []
        self.labels: list[str] = []
        self.tooltips: list[str] = []
        self.percent = percent
        self.target: float | None = None  # a dashed reference line (desired retention)

    def set_data(
        self,
        values: Sequence[float | None],
        labels: Sequence[str],
        tooltips: Sequence[str],
        target: float | None = None,
    ) -> None:
        self.values, self.labels, self.tooltips = list(values), list(labels), list(tooltips)
        self.target = target
        self.update()

    def is_empty(self) -> bool:
        return all(v is None for v in self.values)

    def _range(self) -> tuple[float, float]:
        present = [v for v in self.values if v is not None]
        if self.percent:
            # Negative marking can push a mock score below zero.
            return min(0.0, math.floor(min(present) * 4) / 4), 1.0
        low = min(0.0, min(present))
        return low, nice_ceiling(max(present) - low) + low

    def _point(self, i: int, value: float) -> QPointF:
        plot = self.plot_rect()
        low, high = self._range()
        slot = plot.width() / max(1, len(self.values))
        y = plot.bottom() - plot.height() * (value - low) / ((high - low) or 1)
        return QPointF(plot.left() + slot * (i + 0.5), y)

    def paint_chart(self, painter: QPainter, colors: Colors) -> None:
        low, high = self._range()
        plot = self.plot_rect()
        painter.setFont(self.font())
        for n in range(5):
            value = low + (high - low) * n / 4
            y = plot.bottom() - plot.height() * n / 4
            painter.setPen(QPen(QColor(colors.border), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(colors.muted))
            text = f"{value:.0%}" if self.percent else f"{value:g}"
            painter.drawText(
                QRectF(0, y - 8, LEFT_AXIS - 6, 16),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
        if self.target is not None:
            pen = QPen(QColor(colors.good), 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            y = self._point(0, self.target).y()
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        path = QPainterPath()
        started = False
        for i, share in enumerate(self.values):
            if share is None:
                started = False
                continue
            point = self._point(i, share)
            if started:
                path.lineTo(point)
            else:
                path.moveTo(point)
                started = True
        painter.setPen(QPen(QColor(colors.accent), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(QColor(colors.accent))
        for i, dot in enumerate(self.values):
            if dot is not None:
                painter.drawEllipse(self._point(i, dot), 3.5, 3.5)
        step = max(1, len(self.labels) // 6)
        shown = {i: self.labels[i] for i in range(len(self.labels) - 1, -1, -step)}
        self.draw_x_labels(painter, colors, shown, len(self.values))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        plot = self.plot_rect()
        if self.is_empty() or not self.values or not plot.contains(event.position()):
            QToolTip.hideText()
            return
        slot = plot.width() / len(self.values)
        index = min(len(self.values) - 1, int((event.position().x() - plot.left()) / slot))
        if index < len(self.tooltips):
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltips[index], self)


class HeatMap(Chart):
    """A year of study days as a calendar: one column per week, Monday at the top."""

    CELL = 13  # the largest cell; cells shrink to MIN_STEP so the whole year fits
    GAP = 3
    MIN_STEP = 9

    def __init__(self, empty_text: str) -> None:
        super().__init__(empty_text, height=7 * (self.CELL + self.GAP) + 34)
        self.counts: dict[date, int] = {}
        self.first: date = date.today()
        self.last: date = date.today()

    def set_data(self, counts: dict[date, int], first: date, last: date) -> None:
        self.counts, self.first, self.last = counts, first, last
        self.setMinimumWidth(LEFT_AXIS + self._weeks() * self.MIN_STEP)
        self.update()

    def _weeks(self) -> int:
        return (self.last - self._monday(self.first)).days // 7 + 1

    def _step(self) -> float:
        """Column pitch: as wide as the chart allows, up to the full cell and gap."""
        room = (self.width() - LEFT_AXIS + 10) / self._weeks()
        return max(float(self.MIN_STEP), min(float(self.CELL + self.GAP), room))

    @staticmethod
    def _monday(day: date) -> date:
        return day - timedelta(days=day.weekday())

    def is_empty(self) -> bool:
        return not any(self.counts.values())

    def cell_rect(self, day: date) -> QRectF:
        week = (day - self._monday(self.first)).days // 7
        step = self._step()
        cell = step - (self.GAP if step > 12 else 2)
        row = self.CELL + self.GAP
        return QRectF(LEFT_AXIS - 10 + week * step, 20 + day.weekday() * row, cell, self.CELL)

    def colour_for(self, count: int, colors: Colors, top: int) -> QColor:
        if count <= 0:
            return QColor(colors.border)
        # Four steps, as in a contribution calendar; the darkest is the busiest quarter.
        level = min(4, 1 + int(4 * (count - 1) / max(1, top)))
        return _blend(colors.panel, colors.accent, 0.25 + 0.1875 * level)

    def paint_chart(self, painter: QPainter, colors: Colors) -> None:
        top = max(self.counts.values())
        painter.setPen(Qt.PenStyle.NoPen)
        day = self.first
        while day <= self.last:
            painter.setBrush(self.colour_for(self.counts.get(day, 0), colors, top))
            painter.drawRoundedRect(self.cell_rect(day), 2, 2)
            day += timedelta(days=1)
        painter.setPen(QColor(colors.muted))
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
            painter.drawText(
                QRectF(0, 20 + row * (self.CELL + self.GAP) - 2, LEFT_AXIS - 14, self.CELL + 4),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                name,
            )
        day = self.first
        while day <= self.last:
            # A month's name over its first week; a partial first month only if it has room.
            if day.day == 1 or (day == self.first and day.day <= 14):
                x = self.cell_rect(day).left()
                painter.drawText(QPointF(x, 14), day.strftime("%b"))
            day += timedelta(days=1)

    def day_at(self, x: float, y: float) -> date | None:
        step, row = self._step(), self.CELL + self.GAP
        week, weekday = int((x - LEFT_AXIS + 10) // step), int((y - 20) // row)
        if week < 0 or not 0 <= weekday < 7:
            return None
        day = self._monday(self.first) + timedelta(days=week * 7 + weekday)
        return day if self.first <= day <= self.last else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().x(), event.position().y())
        if day is None or self.is_empty():
            QToolTip.hideText()
            return
        n = self.counts.get(day, 0)
        text = f"{day.strftime('%a %d %b %Y')}: {counted(n, 'answer')}"
        QToolTip.showText(event.globalPosition().toPoint(), text, self)


@dataclass(frozen=True)
class MasteryRow:
    key: str
    title: str
    prompts: int
    seen: int
    seen_share: float
    recall: float | None


class MasteryBars(Chart):
    """One row per area or section: how much has been seen (the bar's length) and
    how well it is remembered now (its colour and figure). Rows are clickable."""

    clicked = Signal(str)
    ROW = 30

    def __init__(self, empty_text: str) -> None:
        super().__init__(empty_text, height=60)
        self.rows: list[MasteryRow] = []
        self.hint = ""
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_rows(self, rows: Sequence[MasteryRow], hint: str) -> None:
        self.rows, self.hint = list(rows), hint
        self.setMinimumHeight(max(60, len(self.rows) * self.ROW + 8))
        self.updateGeometry()
        self.update()

    def is_empty(self) -> bool:
        return not self.rows

    def label_width(self) -> float:
        return min(260.0, self.width() * 0.38)

    def paint_chart(self, painter: QPainter, colors: Colors) -> None:
        label_w = self.label_width()
        figure_w = 150.0
        bar_w = max(40.0, self.width() - label_w - figure_w - 16)
        for i, row in enumerate(self.rows):
            y = 4 + i * self.ROW
            painter.setPen(QColor(colors.text))
            painter.drawText(
                QRectF(0, y, label_w - 8, self.ROW - 6),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                painter.fontMetrics().elidedText(
                    row.title, Qt.TextElideMode.ElideRight, int(label_w - 10)
                ),
            )
            track = QRectF(label_w, y + 6, bar_w, self.ROW - 18)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colors.border))
            painter.drawRoundedRect(track, 4, 4)
            if row.seen:
                fill = QRectF(
                    track.left(), track.top(), track.width() * row.seen_share, track.height()
                )
                painter.setBrush(self.recall_colour(row.recall, colors))
                painter.drawRoundedRect(fill, 4, 4)
            painter.setPen(QColor(colors.muted))
            recall = "—" if row.recall is None else f"{row.recall:.0%}"
            painter.drawText(
                QRectF(track.right() + 10, y, figure_w, self.ROW - 6),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                f"{row.seen_share:.0%} seen · recall {recall}",
            )

    @staticmethod
    def recall_colour(recall: float | None, colors: Colors) -> QColor:
        """Red below 70 % recall, amber to 85 %, green above (FSRS aims at 90 %)."""
        if recall is None:
            return QColor(colors.muted)
        if recall < 0.7:
            return QColor(colors.bad)
        if recall < 0.85:
            return QColor(colors.warn)
        return QColor(colors.good)

    def row_at(self, y: float) -> int | None:
        index = int((y - 4) // self.ROW)
        return index if 0 <= index < len(self.rows) else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.row_at(event.position().y())
        if index is None:
            QToolTip.hideText()
            return
        row = self.rows[index]
        recall = "not seen yet" if row.recall is None else f"predicted recall {row.recall:.0%}"
        QToolTip.showText(
            event.globalPosition().toPoint(),
            f"{row.title}\n{row.seen} of {row.prompts} prompts seen · {recall}\n{self.hint}",
            self,
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.row_at(event.position().y())
        if event.button() == Qt.MouseButton.LeftButton and index is not None:
            self.clicked.emit(self.rows[index].key)
