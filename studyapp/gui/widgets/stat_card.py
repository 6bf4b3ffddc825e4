"""A rounded card showing one figure with its label (used on Home and Progress)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class StatCard(QFrame):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.value_label = QLabel("–")
        self.value_label.setObjectName("CardValue")
        self.caption = QLabel(label)
        self.caption.setObjectName("CardLabel")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption)

    def set_value(self, value: str) -> None:
        self.value_label.setText(value)

    def value(self) -> str:
        return self.value_label.text()
