"""The partnership map: Indian states and cities on the left, Japanese prefectures and
cities on the right, a line for each partnership — solid when established, dashed
when in motion, dotted when only proposed. Click a line or a name to read about it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from studyapp.core.content.reference import PartnershipLink
from studyapp.gui.theme import Colors, current_colors

STYLES = {
    "established": (Qt.PenStyle.SolidLine, "good", "Established"),
    "in_motion": (Qt.PenStyle.DashLine, "accent", "In motion"),
    "proposed": (Qt.PenStyle.DotLine, "muted", "Proposed"),
    "framework": (Qt.PenStyle.DashDotLine, "bad", "Framework"),
}
ROW = 34.0
MARGIN = 30.0
SPAN = 380.0  # horizontal room for the lines between the two columns


class _Clickable:
    section = ""

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        view = self.scene().views()[0]  # type: ignore[attr-defined]
        if isinstance(view, PartnershipMap):
            view.section_clicked.emit(self.section)
        event.accept()


class LinkItem(_Clickable, QGraphicsPathItem):
    pass


class PlaceItem(_Clickable, QGraphicsSimpleTextItem):
    pass


class PartnershipMap(QGraphicsView):
    section_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.links: list[PartnershipLink] = []
        self.link_items: list[LinkItem] = []

    def set_links(self, links: list[PartnershipLink], colors: Colors | None = None) -> None:
        c = colors or current_colors()
        scene = self.scene()
        scene.clear()
        self.link_items = []
        self.links = links
        self.setBackgroundBrush(QBrush(QColor(c.panel)))
        india = list(dict.fromkeys(link.india for link in links))
        japan = list(dict.fromkeys(link.japan for link in links))
        top = 70.0
        bold = QFont(self.font())
        bold.setBold(True)
        # Indian names end where their dots are; Japanese names start after theirs.
        left_width = max(
            (QGraphicsSimpleTextItem(n).boundingRect().width() for n in india), default=80
        )
        left_dot = MARGIN + left_width + 14
        right_dot = left_dot + SPAN
        for text, x in (("India", MARGIN), ("Japan", right_dot + 14)):
            head = scene.addSimpleText(text, bold)
            head.setBrush(QColor(c.text))
            head.setPos(x, 30)
        y_of = {}
        right_edge = right_dot
        for side, names in (("india", india), ("japan", japan)):
            for i, name in enumerate(names):
                y = top + i * ROW
                y_of[(side, name)] = y
                item = PlaceItem(name)
                item.setFont(self.font())
                item.setBrush(QColor(c.text))
                width = item.boundingRect().width()
                x = left_dot - 14 - width if side == "india" else right_dot + 14
                item.setPos(x, y - 8)
                right_edge = max(right_edge, x + width)
                item.section = next(link.section for link in links if getattr(link, side) == name)
                item.setCursor(Qt.CursorShape.PointingHandCursor)
                item.setToolTip(f"{name}: read more")
                scene.addItem(item)
                dot_x = left_dot if side == "india" else right_dot
                scene.addEllipse(
                    dot_x - 4, y - 4, 8, 8, QPen(Qt.PenStyle.NoPen), QBrush(QColor(c.accent))
                )
        for link in links:
            style, color_name, label = STYLES.get(link.status, STYLES["proposed"])
            start = QPointF(left_dot, y_of[("india", link.india)])
            end = QPointF(right_dot, y_of[("japan", link.japan)])
            path = QPainterPath(start)
            path.cubicTo(start + QPointF(120, 0), end - QPointF(120, 0), end)
            curve = LinkItem(path)
            curve.setPen(QPen(QColor(getattr(c, color_name)), 2.5, style))
            curve.section = link.section
            curve.setCursor(Qt.CursorShape.PointingHandCursor)
            focus = f" — {link.focus}" if link.focus else ""
            curve.setToolTip(f"{link.india} – {link.japan} ({label.lower()}){focus}")
            curve.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
            scene.addItem(curve)
            self.link_items.append(curve)
        legend_y = top + max(len(india), len(japan)) * ROW + 20
        for i, (style, color_name, label) in enumerate(STYLES.values()):
            x = MARGIN + i * 150
            scene.addLine(
                x, legend_y, x + 40, legend_y, QPen(QColor(getattr(c, color_name)), 2.5, style)
            )
            caption = scene.addSimpleText(label)
            caption.setBrush(QColor(c.muted))
            caption.setPos(x + 48, legend_y - 9)
        scene.setSceneRect(QRectF(0, 0, max(right_edge, MARGIN + 600) + MARGIN, legend_y + 40))
        self._fit()

    def _fit(self) -> None:
        # Show the whole map: shrink to fit a narrow pane, never enlarge past 100 %.
        # The size is that of the whole view, so scroll bars coming and going cannot
        # feed back into another resize.
        rect = self.sceneRect()
        if rect.width() <= 0 or rect.height() <= 0:
            return
        scale = min(1.0, (self.width() - 8) / rect.width(), (self.height() - 8) / rect.height())
        self.setTransform(QTransform.fromScale(scale, scale))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
