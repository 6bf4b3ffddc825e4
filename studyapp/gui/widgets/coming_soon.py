"""The honest placeholder for a screen that is not built yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ComingSoonScreen(QWidget):
    def __init__(self, title: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("ScreenTitle")
        line = QLabel(f"Coming soon: {what}")
        line.setObjectName("Muted")
        line.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.addWidget(heading)
        layout.addWidget(line)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
