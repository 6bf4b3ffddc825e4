"""The bank's preview pane: the prompt as the review screen shows it once answered
(the key marked, the explanation, the sections to read and the sources), its card,
and every answer given to it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from studyapp.core.bank.query import FLAGS, ORIGINS, BankRow, HistoryEntry
from studyapp.core.content.prompts import PromptView
from studyapp.gui.bank.table_model import cell_text
from studyapp.gui.widgets.prompt_widget import PromptWidget
from studyapp.gui.widgets.rows_model import RowsModel, table_view

RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
MODES = {"review": "Review", "practice": "Practice", "mock": "Mock test", "mains": "Mains"}


class BankPreview(QWidget):
    open_section = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: PromptView | None = None
        self.meta = QLabel()
        self.meta.setObjectName("Muted")
        self.meta.setWordWrap(True)
        self.prompt = PromptWidget()
        self.prompt.link_activated.connect(
            lambda link: self.open_section.emit(link.split(":", 1)[1])
        )
        self.key = QLabel()
        self.key.setObjectName("Verdict")
        self.key.setWordWrap(True)
        self.card = QLabel()
        self.card.setObjectName("Muted")
        self.card.setWordWrap(True)
        history_title = QLabel("<b>Review history</b>")
        self.history_model = RowsModel(["When", "Mode", "Rating", "Result", "Time"], numeric=(4,))
        self.history = table_view(self.history_model, stretch=0)
        self.history.setMinimumHeight(120)
        self.empty_history = QLabel("Not answered yet.")
        self.empty_history.setObjectName("Muted")
        self.placeholder = QLabel("Select a prompt to see it here.")
        self.placeholder.setObjectName("Muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        for widget in (
            self.placeholder,
            self.meta,
            self.prompt,
            self.key,
            self.card,
            history_title,
            self.empty_history,
            self.history,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._parts = [self.meta, self.prompt, self.key, self.card, history_title]
        self.show_nothing()

    def show_nothing(self) -> None:
        self.view = None
        for part in (*self._parts, self.history, self.empty_history):
            part.hide()
        self.placeholder.show()

    def show_prompt(self, view: PromptView, row: BankRow, history: list[HistoryEntry]) -> None:
        self.view = view
        self.placeholder.hide()
        for part in self._parts:
            part.show()
        flag = f" · {FLAGS[view.flag]} flag" if view.flag else ""
        self.meta.setText(f"{view.key} · {ORIGINS.get(view.origin, view.origin)}{flag}")
        self.prompt.show_prompt(view)
        # Rendered as after an answer: the key marked, then the explanation and links.
        self.prompt.show_feedback(None, view.answer_index)
        key = view.key_text()
        self.key.setText(f"Answer: {key}" if key else "")
        self.key.setVisible(bool(key))
        parts = [f"State: {cell_text(row, 'state')}"]
        if row.due is not None:
            parts.append(f"due {cell_text(row, 'due')}")
            parts.append(f"interval {cell_text(row, 'interval')}")
        if row.recall is not None:
            parts.append(f"recall now {cell_text(row, 'recall')}")
        parts.append(f"lapses {row.lapses}")
        self.card.setText(" · ".join(parts))
        self.history_model.set_rows(
            [
                [
                    h.when.astimezone().strftime("%d %b %Y %H:%M"),
                    MODES.get(h.mode, h.mode),
                    RATINGS.get(h.rating, str(h.rating)),
                    "Right" if h.correct else "Wrong" if h.correct is False else "Self-graded",
                    f"{h.duration_ms / 1000:.0f} s",
                ]
                for h in history
            ]
        )
        self.history.setVisible(bool(history))
        self.empty_history.setVisible(not history)
