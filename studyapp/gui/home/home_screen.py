"""Home: what is waiting today, at a glance, and one button to start."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from studyapp.core.stats import today_counts
from studyapp.gui.context import CONTENT, REVIEWS, SETTINGS, AppContext
from studyapp.gui.widgets.stat_card import StatCard


def _minutes(ms: int) -> str:
    minutes = round(ms / 60000)
    return f"{minutes} min" if minutes else "0 min"


class HomeScreen(QWidget):
    start_review = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel("Today")
        title.setObjectName("ScreenTitle")
        self.greeting = QLabel()
        self.greeting.setObjectName("Muted")

        self.due = StatCard("due for review today")
        self.new = StatCard("new prompts available today")
        self.reviewed = StatCard("reviewed today")
        self.bank = StatCard("prompts in the bank")
        grid = QGridLayout()
        grid.setSpacing(14)
        for column, card in enumerate((self.due, self.new, self.reviewed, self.bank)):
            grid.addWidget(card, 0, column)

        self.start_button = QPushButton("Start review")
        self.start_button.setObjectName("Primary")
        self.start_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.start_button.clicked.connect(self.start_review)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(16)
        layout.addWidget(title)
        layout.addWidget(self.greeting)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addStretch(1)

        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, what: set[str]) -> None:
        if what & {REVIEWS, CONTENT, SETTINGS}:
            self.refresh()

    def refresh(self) -> None:
        with self.ctx.read() as session:
            counts = today_counts(session, self.ctx.now())
        self.due.set_value(str(counts.due_today))
        self.new.set_value(str(counts.new_available))
        self.reviewed.set_value(f"{counts.reviewed_today}")
        self.reviewed.caption.setText(f"reviewed today · {_minutes(counts.time_today_ms)}")
        self.bank.set_value(str(counts.prompts_available))
        waiting = counts.due_today + counts.new_available
        self.start_button.setEnabled(waiting > 0)
        self.start_button.setText(f"Start review ({waiting})" if waiting else "Nothing due now")
        local = self.ctx.now().astimezone()
        self.greeting.setText(local.strftime("%A, %d %B %Y"))
