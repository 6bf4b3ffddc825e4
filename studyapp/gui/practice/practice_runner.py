"""A practice set in progress: one prompt at a time, marked at once with the
explanation and a link to the reference, then a summary."""

from __future__ import annotations

import time
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.content.prompts import load_prompt
from studyapp.core.quiz.grading import SELF_GRADED
from studyapp.core.quiz.practice import (
    PracticeSummary,
    answer_practice,
    finish_practice,
    start_practice,
)
from studyapp.core.quiz.records import QuizError, load_quiz
from studyapp.gui.context import QUIZZES, REVIEWS, AppContext
from studyapp.gui.widgets.prompt_widget import PromptWidget
from studyapp.gui.widgets.screen_parts import page_keys, scrolled, shortcut


class PracticeRunner(QWidget):
    finished = Signal()  # back to the builder
    open_section = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.quiz_id: int | None = None
        self.position = 0
        self.total = 0
        self.right = 0
        self.answered = 0
        self.question_ids: list[int] = []
        self.shown_at = time.monotonic()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.title = QLabel()
        self.title.setObjectName("SectionTitle")
        self.progress = QLabel()
        self.progress.setObjectName("Muted")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.progress)

        self.prompt = PromptWidget()
        self.prompt.responded.connect(self._on_response)
        self.prompt.link_activated.connect(
            lambda link: self.open_section.emit(link.split(":", 1)[1])
        )
        self.hint = QLabel()
        self.hint.setObjectName("Muted")
        self.next_button = QPushButton("Next  (Enter)")
        self.next_button.setObjectName("Primary")
        self.next_button.clicked.connect(self.next_prompt)
        self.end_button = QPushButton("End set")
        self.end_button.clicked.connect(self.end_set)
        # A front/back card is graded by the student once the back is shown.
        self.forgot_button = QPushButton("1  Didn't know")
        self.forgot_button.clicked.connect(lambda: self.self_grade(False))
        self.knew_button = QPushButton("2  Knew it")
        self.knew_button.clicked.connect(lambda: self.self_grade(True))
        footer = QHBoxLayout()
        footer.addWidget(self.hint, 1)
        footer.addWidget(self.forgot_button)
        footer.addWidget(self.knew_button)
        footer.addWidget(self.end_button)
        footer.addWidget(self.next_button)
        prompt_page = QWidget()
        prompt_layout = QVBoxLayout(prompt_page)
        prompt_layout.setContentsMargins(0, 0, 0, 0)
        prompt_scroll = scrolled(self.prompt)
        page_keys(self, prompt_scroll)
        prompt_layout.addWidget(prompt_scroll, 1)
        prompt_layout.addLayout(footer)

        self.summary_title = QLabel()
        self.summary_title.setObjectName("ScreenTitle")
        self.summary = QLabel()
        self.summary.setObjectName("SummaryText")
        self.summary.setWordWrap(True)
        self.again_button = QPushButton("Practise the ones I got wrong")
        self.again_button.clicked.connect(self._practise_wrong)
        back = QPushButton("Back to the builder")
        back.clicked.connect(self.finished)
        buttons = QHBoxLayout()
        buttons.addWidget(self.again_button)
        buttons.addWidget(back)
        buttons.addStretch(1)
        summary_page = QWidget()
        summary_layout = QVBoxLayout(summary_page)
        summary_layout.addWidget(self.summary_title)
        summary_layout.addWidget(self.summary)
        summary_layout.addLayout(buttons)
        summary_layout.addStretch(1)
        self.wrong_ids: list[int] = []

        self.pages = QStackedWidget()
        self.pages.addWidget(prompt_page)
        self.pages.addWidget(summary_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)

        for number in range(1, 5):
            shortcut(self, str(number), partial(self._press_number, number))
        for key in ("Return", "Enter", "Space"):
            shortcut(self, key, self._press_accept)
        self._show_self_grade(False)

    def focus_main(self) -> None:
        if self.prompt.wants_typing() and self.prompt.answer_edit is not None:
            self.prompt.answer_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- flow -------------------------------------------------------------------------

    def start(self, title: str, question_ids: list[int]) -> None:
        with self.ctx.write(QUIZZES) as session:
            self.quiz_id = start_practice(session, question_ids, self.ctx.now(), title)
        self.question_ids = list(question_ids)
        self.title.setText(f"Practice: {title}")
        self.position = self.right = self.answered = 0
        self.total = len(question_ids)
        self._show_current()

    def _show_current(self) -> None:
        if self.position >= self.total:
            self.end_set()
            return
        with self.ctx.read() as session:
            view = load_prompt(session, self.question_ids[self.position])
        self.pages.setCurrentIndex(0)
        self.prompt.show_prompt(view)
        self.next_button.setEnabled(False)
        self._show_self_grade(False)
        if view.type == "fill_blank":
            self.hint.setText("Type the answer and press Enter.")
            self.prompt.focus_input()
        elif self.prompt.reveal_button is not None:
            self.hint.setText("Think of the answer, then press Space to see it.")
            self.setFocus()
        else:
            self.hint.setText("Choose an option: click it or press its number.")
            self.setFocus()
        self.shown_at = time.monotonic()
        self._update_progress()

    def _show_self_grade(self, on: bool) -> None:
        self.forgot_button.setVisible(on)
        self.knew_button.setVisible(on)

    def _press_number(self, number: int) -> None:
        if self.knew_button.isVisible() and number in (1, 2):
            self.self_grade(number == 2)
        else:
            self.prompt.choose(number)

    def _on_response(self, response: object) -> None:
        view = self.prompt.view
        if view is not None and view.type in SELF_GRADED:
            # The back is shown; the student says whether they knew it.
            self.prompt.show_feedback(None, None)
            self._show_self_grade(True)
            self.hint.setText("Did you know it? Press 1 or 2.")
            self.setFocus()
            return
        self._record(response, None)

    def self_grade(self, knew: bool) -> None:
        if self.knew_button.isVisible():
            self._show_self_grade(False)
            self._record(None, knew)

    def _record(self, response: object, knew: bool | None) -> None:
        assert self.quiz_id is not None
        took = int((time.monotonic() - self.shown_at) * 1000)
        try:
            with self.ctx.write(QUIZZES, REVIEWS) as session:
                verdict = answer_practice(
                    session, self.quiz_id, self.position, response, self.ctx.now(), took, knew=knew
                )
        except QuizError:
            return  # a double click on an answered prompt
        self.answered += 1
        self.right += verdict.correct is True
        if knew is None:
            self.prompt.show_feedback(verdict.correct, response)
        self.next_button.setEnabled(True)
        last = self.position + 1 >= self.total
        self.next_button.setText("See the summary  (Enter)" if last else "Next  (Enter)")
        self.hint.setText("Read the explanation, then go on.")
        self._update_progress()
        self.setFocus()

    def _press_accept(self) -> None:
        if self.pages.currentIndex() != 0:
            return
        if self.knew_button.isVisible():
            return  # grade it first (1 or 2)
        if self.prompt.locked:
            self.next_prompt()
        elif self.prompt.wants_typing():
            self.prompt.submit_typed()
        elif self.prompt.reveal_button is not None:
            self.prompt.respond(None)

    def next_prompt(self) -> None:
        if self.prompt.locked and not self.knew_button.isVisible():
            self.position += 1
            self._show_current()

    def end_set(self) -> None:
        if self.quiz_id is None:
            return
        with self.ctx.write(QUIZZES) as session:
            summary = finish_practice(session, self.quiz_id, self.ctx.now())
            title = load_quiz(session, self.quiz_id).title
        self.quiz_id = None
        self._show_summary(title, summary)

    def _show_summary(self, title: str, s: PracticeSummary) -> None:
        self.summary_title.setText("Practice set complete")
        if s.answered:
            share = round(100 * s.right / s.answered)
            minutes = max(1, round(s.time_ms / 60000))
            text = (
                f"{title}: {s.right} of {s.answered} right ({share}%), {s.wrong} wrong, "
                f"in about {minutes} min."
            )
            if s.answered < self.total:
                text += f" You stopped after {s.answered} of {self.total}."
            text += "\n\nEvery answer has gone into your reviews: right → Good, wrong → Again."
        else:
            text = f"{title}: no prompts answered."
        self.summary.setText(text)
        self.wrong_ids = s.wrong_question_ids
        self.again_button.setVisible(bool(self.wrong_ids))
        self.pages.setCurrentIndex(1)
        self.progress.clear()

    def _practise_wrong(self) -> None:
        if self.wrong_ids:
            self.start("the ones I got wrong", self.wrong_ids)

    def _update_progress(self) -> None:
        self.progress.setText(
            f"Prompt {min(self.position + 1, self.total)} of {self.total}"
            f"  ·  {self.right} of {self.answered} right"
        )
