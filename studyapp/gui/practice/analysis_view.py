"""Tables of a mock analysis — by question type, by difficulty, by time spent, by
confidence — and the break-even advice, shared by a mock's results and the Progress
screen (there across every mock)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from fractions import Fraction

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from studyapp.core.quiz.analysis import MIN_ANSWERS_FOR_ADVICE, Advice, Analysis, Tally
from studyapp.core.quiz.marking import format_marks
from studyapp.gui.theme import current_colors
from studyapp.gui.widgets.rows_model import RowsModel, table_view

TALLY_HEADERS = ["", "Prompts", "Right", "Wrong", "Blank", "Accuracy", "Marks", "s / prompt"]


def percent(value: Fraction | None) -> str:
    return "–" if value is None else f"{round(float(value) * 100)} %"


def tally_rows(tallies: Sequence[Tally]) -> list[tuple[object, ...]]:
    return [
        (
            t.label,
            t.prompts,
            t.right,
            t.wrong,
            t.blank,
            percent(t.accuracy),
            format_marks(t.marks),
            round(t.seconds_per_prompt),
        )
        for t in tallies
    ]


def tally_table(first: str) -> tuple[RowsModel, QTableView]:
    model = RowsModel([first, *TALLY_HEADERS[1:]], numeric=range(1, len(TALLY_HEADERS)))
    view = table_view(model, stretch=0)
    return model, view


def _fit_rows(view: QTableView, rows: int) -> None:
    """Tall enough for its rows, so a page of several tables needs no inner scrolling."""
    height = view.horizontalHeader().sizeHint().height() + 4
    height += sum(view.rowHeight(r) for r in range(rows)) or 0
    view.setFixedHeight(max(height, 60))


def _wrapped(text: str = "", name: str = "Muted") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class BreakdownTables(QWidget):
    """Accuracy and marks by question type, by difficulty and by time on a prompt."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.types, self.types_view = tally_table("Question type")
        self.levels, self.levels_view = tally_table("Difficulty")
        self.times, self.times_view = tally_table("Time on the prompt")
        self.time_note = _wrapped()
        self.empty = _wrapped("Sit a mock test to see how you do by type, difficulty and time.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        for title, view in (
            ("By question type", self.types_view),
            ("By difficulty", self.levels_view),
            ("Time per prompt against correctness", self.times_view),
        ):
            heading = QLabel(title)
            heading.setObjectName("CardTitle")
            layout.addWidget(heading)
            layout.addWidget(view)
        layout.addWidget(self.time_note)
        layout.addStretch(1)

    def show_analysis(self, a: Analysis) -> None:
        self.empty.setVisible(a.total.prompts == 0)
        for model, view, tallies in (
            (self.types, self.types_view, a.by_type),
            (self.levels, self.levels_view, a.by_difficulty),
            (self.times, self.times_view, a.by_time),
        ):
            model.set_rows(tally_rows(tallies), keys=[t.key for t in tallies])
            view.resizeRowsToContents()
            _fit_rows(view, len(tallies))
        self.time_note.setText(time_note(a))


def time_note(a: Analysis) -> str:
    if a.average_right_ms is None or a.average_wrong_ms is None:
        return ""
    right, wrong = a.average_right_ms / 1000, a.average_wrong_ms / 1000
    text = (
        f"On average {right:.0f} s on a prompt you got right, {wrong:.0f} s on one you got wrong."
    )
    attempted = [t for t in a.by_time if t.attempted]
    if len(attempted) >= 2:
        best = max(attempted, key=lambda t: (t.accuracy or 0, t.attempted))
        worst = min(attempted, key=lambda t: (t.accuracy or 0, -t.attempted))
        if best.accuracy != worst.accuracy:
            text += (
                f" Your accuracy is highest {best.label} ({percent(best.accuracy)}) and "
                f"lowest {worst.label} ({percent(worst.accuracy)})."
            )
    return text


def advice_html(advice: Sequence[Advice]) -> str:
    """The break-even advice per confidence level, each with its arithmetic."""
    c = current_colors()
    colour = {"attempt": c.good, "leave": c.bad, "even": c.warn}
    parts = []
    for a in advice:
        tone = colour.get(a.verdict, c.muted)
        parts.append(
            f"<p style='margin-bottom:2px'><b style='color:{tone}'>{html.escape(a.tally.label)}"
            f"</b> — {html.escape(a.text)}</p>"
            + (
                f"<p style='margin-top:0; color:{c.muted}'>{html.escape(a.arithmetic)}</p>"
                if a.arithmetic
                else ""
            )
        )
    return "".join(parts)


class ConfidencePanel(QWidget):
    """Accuracy and net marks per confidence level, and whether attempting pays."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.view = tally_table("How sure you were")
        self.scope = _wrapped()
        self.explain = _wrapped(
            "With +2 for a right answer and −⅔ for a wrong one, a four-option answer "
            "pays on average when it is right more than 25 % of the time: "
            "2 × ¼ − ⅔ × ¾ = 0. Tag answers Sure (S), 50-50 (F) or Guess (G) in a mock. "
            f"Advice waits for at least {MIN_ANSWERS_FOR_ADVICE} answers at a level."
        )
        heading = QLabel("Does attempting pay? From your own record")
        heading.setObjectName("CardTitle")
        self.advice = _wrapped(name="Advice")
        self.advice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scope)
        layout.addWidget(self.view)
        layout.addWidget(self.explain)
        layout.addWidget(heading)
        layout.addWidget(self.advice)
        layout.addStretch(1)

    def show_analysis(self, here: Analysis, record: Analysis | None = None) -> None:
        """`here`'s figures per level; the advice from `record` (every mock), or from
        `here` when it is the record."""
        rows = here.by_confidence
        self.scope.setText(
            "This paper, by how sure you said you were. The advice below draws on every "
            "mock you have sat."
            if record is not None
            else "Every mock together, by how sure you said you were."
        )
        self.model.set_rows(tally_rows(rows), keys=[t.key for t in rows])
        self.view.resizeRowsToContents()
        _fit_rows(self.view, len(rows))
        self.advice.setText(advice_html((record or here).advice()))

    def advice_text(self) -> str:
        return self.advice.text()
