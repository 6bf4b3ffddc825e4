"""Style-sheet helpers shared by the screens."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget


def set_style_state(widget: QWidget, name: str, value: Any) -> None:
    """Set a property the style sheet selects on (e.g. `[state="wrong"]`) and restyle
    the widget, which Qt does not do by itself when a property changes."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_role(widget: QWidget, name: str) -> None:
    """Change the object name the style sheet selects on (`#Primary`) and restyle."""
    if widget.objectName() == name:
        return
    widget.setObjectName(name)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
