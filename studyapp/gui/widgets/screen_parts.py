"""Small pieces every study screen builds the same way."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QScrollArea, QScrollBar, QVBoxLayout, QWidget


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


def page_keys(parent: QWidget, scroll: QScrollArea) -> None:
    """PageUp/PageDown (and Ctrl+Home/End) scroll `scroll` while focus is anywhere in
    `parent`, so a long explanation below the fold is one key away."""
    bar = scroll.verticalScrollBar()
    for keys, action in (
        ("PgDown", QScrollBar.SliderAction.SliderPageStepAdd),
        ("PgUp", QScrollBar.SliderAction.SliderPageStepSub),
        ("Ctrl+End", QScrollBar.SliderAction.SliderToMaximum),
        ("Ctrl+Home", QScrollBar.SliderAction.SliderToMinimum),
    ):
        shortcut(parent, keys, partial(bar.triggerAction, action))


def focus_first_control(screen: QWidget) -> None:
    """Give the keyboard to the first control of `screen` that takes it (for screens
    without a `focus_main` of their own)."""
    for child in screen.findChildren(QWidget):
        if (
            child.isVisible()
            and child.isEnabled()
            and child.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not isinstance(child, QScrollBar)
        ):
            child.setFocus(Qt.FocusReason.OtherFocusReason)
            return
    screen.setFocus(Qt.FocusReason.OtherFocusReason)
