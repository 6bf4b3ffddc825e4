"""A rounded card showing one figure with its label (used on Home and Progress)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget


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
        row = self.parentWidget()
        if isinstance(row, CardRow):  # a longer figure may no longer fit beside the others
            row.refit()

    def value(self) -> str:
        return self.value_label.text()


class CardRow(QWidget):
    """Figures side by side where they fit, otherwise wrapped onto more rows (at
    1024 px wide or a large font, five big figures do not fit on one line)."""

    SPACING = 12

    def __init__(self, cards: Sequence[StatCard], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = list(cards)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(self.SPACING)
        self.columns = 0
        self._arrange(len(self.cards))

    def _widest(self) -> int:
        return max(card.minimumSizeHint().width() for card in self.cards)

    def minimumSizeHint(self) -> QSize:
        # Never wider than two cards: the row wraps rather than widen the window.
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 2 * self._widest() + self.SPACING), hint.height())

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for card in self.cards:
            self.grid.removeWidget(card)
        for n, card in enumerate(self.cards):
            self.grid.addWidget(card, n // columns, n % columns)
        for column in range(len(self.cards)):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit()

    def refit(self) -> None:
        """As many cards side by side as fit the row's width at their current figures
        (called on a resize, and when a figure changes: figures read in the
        background arrive after the page is laid out)."""
        step = self._widest() + self.SPACING
        fits = max(1, (self.width() + self.SPACING) // step)
        n = len(self.cards)
        # Balanced rows: five cards as 3 + 2 rather than 4 + 1.
        rows = -(-n // min(n, fits))
        self._arrange(-(-n // rows))
