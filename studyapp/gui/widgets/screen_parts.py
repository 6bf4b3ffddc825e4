"""Small pieces every study screen builds the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget


def scrolled(widget: QWidget) -> QScrollArea:
    """`widget` in a frameless, vertical-only scroll area with room for the scroll bar."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 12, 0)
    layout.addWidget(widget)
    scroll.setWidget(holder)
    return scroll


def shortcut(
    parent: QWidget, keys: str | QKeySequence.StandardKey, slot: Callable[[], Any]
) -> QShortcut:
    """A shortcut that works while `parent` or one of its children has focus (so the
    same key can mean different things on different screens)."""
    sc = QShortcut(QKeySequence(keys), parent)
    sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    sc.activated.connect(slot)
    return sc
