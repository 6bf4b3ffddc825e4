"""A mock test's results: the score with UPSC marking, right/wrong/blank, accuracy,
marks lost to negative marking, time, the earlier sittings of the same paper; then
the solutions — every prompt in full with the student's answer, the key and the
explanation, filtered to the wrong, blank, marked or guessed ones, each one a click
from a bookmark — and the analysis by area, type, difficulty, time and confidence
with the break-even advice. From here: practise the wrong ones, make a paper of
them, or sit the paper again."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.content.prompt_body import (
    AssertionBody,
    MatchCodesBody,
    MatchPairsBody,
    StatementsBody,
)
from studyapp.core.content.prompts import LETTERS, PromptView, load_prompt
from studyapp.core.models import QuizSession
from studyapp.core.quiz.analysis import analysis_across_mocks, mock_analysis
from studyapp.core.quiz.marking import format_marks
from studyapp.core.quiz.mocks import CONFIDENCE, MockResult, mock_result
from studyapp.core.quiz.papers import PaperError, earlier_attempts, paper_of_wrong_answers
from studyapp.core.quiz.records import ItemView
from studyapp.core.srs.scheduler import set_flagged
from studyapp.core.wording import clock_text
from studyapp.gui.context import QUIZZES, AppContext
from studyapp.gui.practice.analysis_view import BreakdownTables, ConfidencePanel
from studyapp.gui.theme import current_colors
from studyapp.gui.widgets.prompt_widget import codes_table_html, pairs_table_html
from studyapp.gui.widgets.rows_model import RowsModel, table_view
from studyapp.gui.widgets.screen_parts import scrolled
from studyapp.gui.widgets.stat_card import StatCard

# The solutions' filters: key → (button label, test on an item).
FILTER_NAMES = {
    "all": "All",
    "wrong": "Wrong",
    "blank": "Blank",
    "marked": "Marked",
    "guessed": "Guessed",
}


def _keep(which: str, item: ItemView) -> bool:
    if which == "wrong":
        return item.correct is False
    if which == "blank":
        return item.correct is None
    if which == "marked":
        return item.marked
    if which == "guessed":
        return item.confidence == "guess"
    return True


def _answer_text(view: PromptView, response: str | None) -> str:
    if response in (None, ""):
        return "left blank"
    if view.type == "fill_blank":
        return f"“{response}”"
    index = int(str(response))
    letter = f"({LETTERS[index]}) " if view.type != "true_false" else ""
    return letter + view.options[index]


def _body_html(view: PromptView) -> str:
    """What the prompt shows under its stem: statements, both lists, or the pairs."""
    match view.body:
        case StatementsBody(statements=statements):
            return "".join(
                f"<div>{n}. {html.escape(st.text)}</div>"
                for n, st in enumerate(statements, start=1)
            )
        case AssertionBody(statement_1=one, statement_2=two):
            return (
                f"<div>Statement-I: {html.escape(one)}</div>"
                f"<div>Statement-II: {html.escape(two)}</div>"
            )
        case MatchCodesBody() as codes:
            return codes_table_html(codes)
        case MatchPairsBody() as pairs:
            return pairs_table_html(pairs)
    return ""


def _options_html(view: PromptView, response: str | None) -> str:
    """The four options with the key and a wrong choice picked out."""
    if view.type in ("fill_blank", "mains", "basic"):
        return ""
    c = current_colors()
    chosen = int(response) if response not in (None, "") else None
    rows = []
    for i, text in enumerate(view.options):
        letter = f"({LETTERS[i]})" if view.type != "true_false" else ""
        mark, style = "", ""
        if i == view.answer_index:
            mark, style = " ✓ key", f"color:{c.good}; font-weight:bold"
        if i == chosen and i != view.answer_index:
            mark, style = " ✗ your answer", f"color:{c.bad}"
        elif i == chosen:
            mark = " ✓ key, your answer"
        rows.append(f"<div style='{style}'>{letter} {html.escape(text)}{mark}</div>")
    return "<div style='margin-top:6px'>" + "".join(rows) + "</div>"


def review_html(items: list[tuple[ItemView, PromptView]]) -> str:
    """Every prompt given, in full, with the student's answer, the key and why."""
    c = current_colors()
    parts = []
    for item, view in items:
        if item.correct is None:
            verdict, colour = "Blank · 0", c.muted
        elif item.correct:
            verdict, colour = "Right · +2", c.good
        else:
            verdict, colour = "Wrong · −0.67", c.bad
        tags = [
            view.area_title,
            view.type_label,
            view.difficulty,
            f"{round(item.time_ms / 1000)} s",
        ]
        if item.confidence:
            tags.append(f"you said {CONFIDENCE[item.confidence]}")
        if item.marked:
            tags.append("marked for review")
        if view.flagged:
            tags.append("★ bookmarked")
        stem = html.escape(view.stem).replace("\n", "<br>")
        links = " · ".join(
            f"<a href='section:{html.escape(k)}'>{html.escape(t)}</a>" for k, t in view.sections
        )
        parts.append(
            f"<a name='p{item.position}'></a>"
            f"<h3 style='margin-bottom:2px'>{item.position + 1}. "
            f"<span style='color:{colour}'>{verdict}</span>"
            f"<span style='color:{c.muted}; font-weight:normal'> · "
            f"{html.escape(' · '.join(tags))}</span></h3>"
            f"<p>{stem}</p>{_body_html(view)}"
            + (f"<p>{html.escape(view.question_line)}</p>" if view.question_line else "")
            + _options_html(view, item.response)
            + f"<p><b>Your answer:</b> {html.escape(_answer_text(view, item.response))}<br>"
            f"<b>Key:</b> {html.escape(view.key_text())}</p>"
            f"<p>{html.escape(view.explanation)}</p>"
            + (f"<p>Read more: {links}</p>" if links else "")
            + "<hr>"
        )
    return "".join(parts)


@dataclass
class _Shown:
    item: ItemView
    view: PromptView


class MockResults(QWidget):
    back = Signal()
    open_section = Signal(str)
    practise = Signal(str, list)  # title, question ids
    sit_again = Signal(int)  # paper id
    paper_made = Signal(int)  # paper id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: MockResult | None = None
        self.paper_id: int | None = None
        self.shown: list[_Shown] = []
        self.which = "all"

        self.title = QLabel()
        self.title.setObjectName("SectionTitle")
        self.when = QLabel()
        self.when.setObjectName("Muted")
        back = QPushButton("Back to mock tests")
        back.clicked.connect(self.back)
        # Title above its date, so each has the width of the page in a large font.
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.when)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(back, 0, Qt.AlignmentFlag.AlignTop)

        self.score = StatCard("score")
        self.counts = StatCard("right · wrong · blank")
        self.accuracy = StatCard("accuracy (of attempted)")
        self.negative = StatCard("marks lost to wrong answers")
        self.time = StatCard("time used")
        cards = QGridLayout()
        cards.setSpacing(12)
        for n, card in enumerate(
            (self.score, self.counts, self.accuracy, self.negative, self.time)
        ):
            # A notch smaller than Home's figures, so "18.67 / 50.00" fits at 1024 wide.
            card.value_label.setStyleSheet("font-size: 18pt;")
            cards.addWidget(card, 0, n)
            cards.setColumnStretch(n, 3 if n == 0 else 2)  # the score is the longest figure
        self.earlier = QLabel()
        self.earlier.setObjectName("Muted")
        self.earlier.setWordWrap(True)

        self.practise_button = QPushButton("Practise the wrong ones")
        self.practise_button.clicked.connect(self._practise_wrong)
        self.paper_button = QPushButton("Make a paper of the wrong ones")
        self.paper_button.clicked.connect(self._paper_of_wrong)
        self.again_button = QPushButton("Sit this paper again")
        self.again_button.setObjectName("Primary")
        self.again_button.clicked.connect(
            lambda: self.paper_id is not None and self.sit_again.emit(self.paper_id)
        )
        self.status = QLabel()
        self.status.setObjectName("Muted")
        self.status.setWordWrap(True)
        # Two rows: three long buttons do not fit one row at 1024 wide in a large font.
        actions = QGridLayout()
        actions.addWidget(self.practise_button, 0, 0)
        actions.addWidget(self.paper_button, 0, 1)
        actions.addWidget(self.again_button, 1, 0)
        actions.addWidget(self.status, 1, 1, 1, 2)
        actions.setColumnStretch(2, 1)

        # Solutions: filters, the list of prompts shown, and the prompts in full.
        self.filters = QButtonGroup(self)
        self.filter_buttons: dict[str, QPushButton] = {}
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel("Show"))
        for key, label in FILTER_NAMES.items():
            button = QPushButton(label)
            button.setCheckable(True)
            button.setObjectName("Chip")
            button.clicked.connect(lambda _=False, k=key: self.set_filter(k))
            self.filters.addButton(button)
            self.filter_buttons[key] = button
            filter_row.addWidget(button)
        filter_row.addStretch(1)
        self.solutions = QListWidget()
        self.solutions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.solutions.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.solutions.setMinimumWidth(220)
        self.solutions.currentRowChanged.connect(self._on_row)
        self.bookmark_button = QPushButton("☆ Bookmark this prompt")
        self.bookmark_button.setToolTip(
            "Bookmarked prompts can be practised from the practice builder "
            "(which prompts: Bookmarked prompts)."
        )
        self.bookmark_button.clicked.connect(self.toggle_bookmark)
        list_side = QWidget()
        list_layout = QVBoxLayout(list_side)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.solutions, 1)
        list_layout.addWidget(self.bookmark_button)
        self.review = QTextBrowser()
        self.review.setOpenLinks(False)
        self.review.anchorClicked.connect(self._on_link)
        split = QSplitter()
        split.addWidget(list_side)
        split.addWidget(self.review)
        split.setStretchFactor(1, 1)
        split.setSizes([270, 700])
        split.setChildrenCollapsible(False)
        solutions_page = QWidget()
        solutions_layout = QVBoxLayout(solutions_page)
        solutions_layout.addLayout(filter_row)
        solutions_layout.addWidget(split, 1)

        self.areas = RowsModel(
            ["Area", "Prompts", "Right", "Wrong", "Blank", "Marks"], numeric=(1, 2, 3, 4, 5)
        )
        self.area_table = table_view(self.areas, stretch=0)
        self.breakdown = BreakdownTables()
        self.confidence = ConfidencePanel()

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(solutions_page, "Solutions")
        self.tabs.addTab(self.area_table, "By area")
        self.tabs.addTab(scrolled(self.breakdown), "By type, difficulty and time")
        self.tabs.addTab(scrolled(self.confidence), "Confidence and break-even")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(cards)
        layout.addWidget(self.earlier)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)

    # --- showing ------------------------------------------------------------------------

    def show_result(self, quiz_id: int) -> None:
        with self.ctx.read() as session:
            r = mock_result(session, quiz_id)
            quiz = session.get(QuizSession, quiz_id)
            self.paper_id = quiz.paper_id if quiz is not None else None
            earlier = earlier_attempts(session, quiz_id)
            here = mock_analysis(session, quiz_id)
            record = analysis_across_mocks(session)
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
        if earlier:
            sittings = " · ".join(
                f"{a.finished.astimezone().strftime('%d %b')}: {format_marks(a.score)}"
                for a in earlier
            )
            change = r.score - earlier[-1].score
            sign = "+" if change > 0 else ""
            self.earlier.setText(
                f"Earlier sittings of this paper — {sittings}. This sitting: "
                f"{format_marks(r.score)} ({sign}{format_marks(change)} on the last)."
            )
        self.earlier.setVisible(bool(earlier))
        self.areas.set_rows(
            [
                (a.title, a.prompts, a.right, a.wrong, a.blank, format_marks(a.score))
                for a in r.areas
            ],
            keys=[a.area for a in r.areas],
        )
        self.breakdown.show_analysis(here)
        self.confidence.show_analysis(here, record)
        wrong = sum(i.correct is False for i in r.items)
        self.practise_button.setText(f"Practise the wrong ones ({wrong})")
        self.practise_button.setEnabled(wrong > 0)
        self.paper_button.setEnabled(wrong > 0)
        self.again_button.setVisible(self.paper_id is not None)
        self.status.clear()
        self.set_filter("all")

    def _load_shown(self) -> None:
        assert self.result is not None
        with self.ctx.read() as session:
            self.shown = [
                _Shown(item, load_prompt(session, item.question_id))
                for item in self.result.items
                if _keep(self.which, item)
            ]

    def set_filter(self, which: str) -> None:
        """Show only the wrong, blank, marked or guessed prompts (or all of them)."""
        if self.result is None:
            return
        self.which = which
        items = self.result.items
        for key, button in self.filter_buttons.items():
            button.setText(f"{FILTER_NAMES[key]} ({sum(_keep(key, i) for i in items)})")
            button.setChecked(key == which)
        self._load_shown()
        self._fill_list()

    def _fill_list(self, row: int = 0) -> None:
        c = current_colors()
        self.solutions.blockSignals(True)
        self.solutions.clear()
        for s in self.shown:
            verdict = {None: "blank", True: "right", False: "wrong"}[s.item.correct]
            star = "★ " if s.view.flagged else ""
            entry = QListWidgetItem(
                f"{star}{s.item.position + 1}. {verdict} · {s.view.type_label}"
                + (f" · {CONFIDENCE[s.item.confidence]}" if s.item.confidence else "")
            )
            colour = {None: c.muted, True: c.good, False: c.bad}[s.item.correct]
            entry.setForeground(QColor(colour))
            entry.setToolTip(s.view.stem)
            self.solutions.addItem(entry)
        self.solutions.blockSignals(False)
        self.review.setHtml(
            review_html([(s.item, s.view) for s in self.shown])
            if self.shown
            else "<p>No prompts of this kind in this paper.</p>"
        )
        if self.shown:
            self.solutions.setCurrentRow(min(row, len(self.shown) - 1))
        self._show_bookmark()

    def _on_row(self, row: int) -> None:
        if 0 <= row < len(self.shown):
            self.review.scrollToAnchor(f"p{self.shown[row].item.position}")
        self._show_bookmark()

    def current(self) -> _Shown | None:
        row = self.solutions.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _show_bookmark(self) -> None:
        s = self.current()
        self.bookmark_button.setEnabled(s is not None)
        flagged = s is not None and s.view.flagged
        self.bookmark_button.setText(
            "★ Remove the bookmark" if flagged else "☆ Bookmark this prompt"
        )

    # --- acting ---------------------------------------------------------------------------

    def toggle_bookmark(self) -> None:
        """Bookmark (or unbookmark) the prompt selected in the solutions."""
        s = self.current()
        if s is None:
            return
        row = self.solutions.currentRow()
        with self.ctx.write(QUIZZES) as session:
            set_flagged(session, s.item.question_id, not s.view.flagged)
        self._load_shown()
        self._fill_list(row)

    def wrong_ids(self) -> list[int]:
        assert self.result is not None
        return [i.question_id for i in self.result.items if i.correct is False]

    def _practise_wrong(self) -> None:
        if self.result is not None and self.wrong_ids():
            self.practise.emit(f"The wrong ones of {self.result.title}", self.wrong_ids())

    def _paper_of_wrong(self) -> None:
        if self.result is None:
            return
        try:
            with self.ctx.write(QUIZZES) as session:
                paper = paper_of_wrong_answers(session, self.result.id, self.ctx.now())
        except PaperError as error:
            self.status.setText(str(error))
            return
        self.status.setText("A paper of the wrong ones is in your papers, ready to sit.")
        self.paper_made.emit(paper)

    def _on_link(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("section:"):
            self.open_section.emit(text.split(":", 1)[1])
