"""What a student would see as a broken layout, found from the widgets themselves:
text cut off (a label or button narrower or shorter than its text needs), a widget
pushed partly out of sight sideways, an item list whose entries are wider than the
list, or a horizontal scroll bar on a page that should fit its width."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QListView,
    QTableView,
    QTextEdit,
    QTreeView,
    QWidget,
)


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    return f"{type(widget).__name__}({widget.objectName() or ''}{' ' + repr(text[:40]) if text else ''})"


def _shown_width(widget: QWidget) -> int | None:
    """How much of the widget's width its ancestors leave in sight (None: it sits in a
    scroll area that scrolls sideways, where that is expected)."""
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and parent.horizontalScrollBar().isVisible():
            return None
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.width() if rect.height() > 0 else None


def layout_problems(root: QWidget) -> list[str]:
    problems: list[str] = []
    for w in root.findChildren(QWidget):
        if not w.isVisible() or w.width() <= 0:
            continue
        if isinstance(w, (QLabel, QAbstractButton)) and w.text().strip():
            hint = w.sizeHint()
            if isinstance(w, QLabel) and w.wordWrap():
                need_h = w.heightForWidth(w.width())
                if need_h > w.height() + 2:
                    problems.append(f"{_name(w)} needs {need_h} px height, has {w.height()}")
            elif w.width() + 1 < hint.width() or w.height() + 1 < hint.height():
                problems.append(
                    f"{_name(w)} is {w.width()}x{w.height()}, its text needs "
                    f"{hint.width()}x{hint.height()}"
                )
        shown = _shown_width(w)
        if shown is not None and shown + 1 < w.width():
            problems.append(f"{_name(w)} is cut off sideways: {shown} of {w.width()} px")
        if (
            isinstance(w, QAbstractScrollArea)
            and not isinstance(w, (QTableView, QTextEdit))
            and w.horizontalScrollBar().isVisible()
        ):
            problems.append(f"{_name(w)} scrolls sideways")
        if isinstance(w, (QListView, QTreeView)):
            model = w.model()
            if model is not None and model.rowCount() and not w.horizontalScrollBar().isVisible():
                wanted = w.sizeHintForColumn(0)
                room = w.viewport().width()
                if wanted > room + 1:
                    problems.append(f"{_name(w)} entries need {wanted} px, the list has {room}")
    return problems
