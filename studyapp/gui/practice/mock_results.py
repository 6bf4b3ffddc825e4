"""A mock test's results: the score with UPSC marking, right/wrong/blank, accuracy,
marks lost to negative marking, time, a table per area, then every prompt with the
student's answer, the key and the explanation."""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.prompts import LETTERS, PromptView, load_prompt
from studyapp.core.quiz import ItemView, MockResult, format_marks, mock_result
from studyapp.gui.context import AppContext
from studyapp.gui.practice.mock_runner import clock_text
from studyapp.gui.theme import current_colors
from studyapp.gui.widgets.rows_model import RowsModel, table_view
from studyapp.gui.widgets.screen_parts import scrolled
from studyapp.gui.widgets.stat_card import CardRow, StatCard


def _answer_text(view: PromptView, response: str | None) -> str:
    if response in (None, ""):
        return "left blank"
    if view.type == "fill_blank":
        return f"“{response}”"
    index = int(str(response))
    letter = f"({LETTERS[index]}) " if view.type != "true_false" else ""
    return letter + view.options[index]


def review_html(items: list[tuple[ItemView, PromptView]]) -> str:
    """Every prompt of the paper with the student's answer, the key and why."""
    c = current_colors()
    parts = []
    for item, view in items:
        if item.correct is None:
            verdict, colour = "Blank · 0", c.muted
        elif item.correct:
            verdict, colour = "Right · +2", c.good
        else:
            verdict, colour = "Wrong · −0.67", c.bad
        stem = html.escape(view.stem).replace("\n", "<br>")
        body = ""
        if view.type == "statements":
            body = "".join(
                f"<div>{n}. {html.escape(st['text'])}</div>"
                for n, st in enumerate(view.details.get("statements", []), start=1)
            )
        elif view.type == "assertion":
            body = (
                f"<div>Statement-I: {html.escape(str(view.details.get('statement_1', '')))}</div>"
                f"<div>Statement-II: {html.escape(str(view.details.get('statement_2', '')))}</div>"
            )
        links = " · ".join(
            f"<a href='section:{html.escape(k)}'>{html.escape(t)}</a>" for k, t in view.sections
        )
        parts.append(
            f"<h3 style='margin-bottom:2px'>{item.position + 1}. "
            f"<span style='color:{colour}'>{verdict}</span>"
            f"<span style='color:{c.muted}; font-weight:normal'> · {view.area_title}"
            f" · {round(item.time_ms / 1000)} s</span></h3>"
            f"<p>{stem}</p>{body}"
            f"<p><b>Your answer:</b> {html.escape(_answer_text(view, item.response))}<br>"
            f"<b>Key:</b> {html.escape(view.key_text())}</p>"
            f"<p>{html.escape(view.explanation)}</p>"
            + (f"<p>Read more: {links}</p>" if links else "")
            + "<hr>"
        )
    return "".join(parts)


class MockResults(QWidget):
    back = Signal()
    open_section = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: MockResult | None = None

        self.title = QLabel()
        self.title.setObjectName("SectionTitle")
        self.title.setWordWrap(True)
        self.when = QLabel()
        self.when.setObjectName("Muted")
        self.when.setWordWrap(True)
        back = QPushButton("Back to mock tests")
        back.clicked.connect(self.back)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.when, 1)
        header.addWidget(back)

        self.score = StatCard("score")
        self.counts = StatCard("right · wrong · blank")
        self.accuracy = StatCard("accuracy (of attempted)")
        self.negative = StatCard("marks lost to wrong answers")
        self.time = StatCard("time used")
        cards = CardRow((self.score, self.counts, self.accuracy, self.negative, self.time))

        self.areas = RowsModel(
            ["Area", "Prompts", "Right", "Wrong", "Blank", "Marks"], numeric=(1, 2, 3, 4, 5)
        )
        self.area_table = table_view(self.areas, stretch=0)
        self.area_table.setMaximumHeight(180)
        self.review = QTextBrowser()
        self.review.setOpenLinks(False)
        self.review.anchorClicked.connect(self._on_link)

        # One scrolling page: the figures, the table per area, then every prompt.
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(header)
        outer.addWidget(scrolled(body), 1)
        layout.addWidget(cards)
        layout.addWidget(self.area_table)
        review_title = QLabel("Every prompt, with your answer and the key")
        review_title.setObjectName("CardTitle")
        layout.addWidget(review_title)
        self.review.setMinimumHeight(420)
        layout.addWidget(self.review, 1)

    def show_result(self, quiz_id: int) -> None:
        with self.ctx.read() as session:
            r = mock_result(session, quiz_id)
            views = [(item, load_prompt(session, item.question_id)) for item in r.items]
        self.result = r
        self.title.setText(r.title or "Mock test")
        when = r.finished.astimezone().strftime("%a %d %b %Y, %H:%M")
        self.when.setText(f"submitted {when}" + ("  ·  time ran out" if r.timed_out else ""))
        self.score.set_value(f"{format_marks(r.score)} / {format_marks(r.max_score)}")
        self.counts.set_value(f"{r.right} · {r.wrong} · {r.blank}")
        self.accuracy.set_value("–" if r.accuracy is None else f"{round(100 * r.accuracy)}%")
        self.negative.set_value(format_marks(r.negative_marks))
        self.time.set_value(clock_text(r.time_used_ms))
        self.time.caption.setText(
            f"of {clock_text(r.time_limit_s * 1000)} · {round(r.seconds_per_prompt)} s per prompt"
        )
        self.areas.set_rows(
            [
                (a.title, a.prompts, a.right, a.wrong, a.blank, format_marks(a.score))
                for a in r.areas
            ],
            keys=[a.area for a in r.areas],
        )
        self.review.setHtml(review_html(views))

    def _on_link(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("section:"):
            self.open_section.emit(text.split(":", 1)[1])
