"""A practice set in progress: the screen of
`studyapp.core.study.practice.PracticeSession`, which owns the flow. One prompt at a
time, marked at once with the explanation and a link to the reference, then a
summary; this renders and forwards the keys and clicks."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.content.prompts import PromptView
from studyapp.core.quiz.grading import Verdict
from studyapp.core.study.clock import Clock, SystemClock
from studyapp.core.study.practice import PracticeSession, SetPosition, SetSummary
from studyapp.core.study.turn import Phase
from studyapp.gui.context import AppContext
from studyapp.gui.widgets.study_page import StudyScreen, SummaryPage, answer_keys


class PracticeRunner(StudyScreen):
    finished = Signal()  # back to the builder
    hints = (
        "Type the answer and press Enter.",
        "Think of the answer, then press Space to see it.",
        "Choose an option: click it or press its number.",
    )

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx

        self.title = QLabel()
        self.title.setObjectName("SectionTitle")
        self.progress = QLabel()
        self.progress.setObjectName("Muted")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.progress)

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
        prompt_layout.addWidget(self.prompt_scroll, 1)
        prompt_layout.addWidget(self.save_error)
        prompt_layout.addLayout(footer)

        self.again_button = QPushButton("Practise the ones I got wrong")
        self.again_button.clicked.connect(self._practise_wrong)
        back = QPushButton("Back to the builder")
        back.clicked.connect(self.finished)
        self.summary_page = SummaryPage(self.again_button, back)
        self.summary_title, self.summary = self.summary_page.title, self.summary_page.text

        self.pages.addWidget(prompt_page)
        self.pages.addWidget(self.summary_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)

        answer_keys(self, self._press_number, self._press_accept)
        self._show_self_grade(False)
        self.session = PracticeSession(ctx, clock or SystemClock(), self)

    # --- input, forwarded to the session ------------------------------------------------

    def start(self, title: str, question_ids: Sequence[int]) -> None:
        self.session.start(title, question_ids)

    def _on_response(self, response: object) -> None:
        self.session.respond(response)

    def self_grade(self, knew: bool) -> None:
        self.session.self_grade(knew)

    def next_prompt(self) -> None:
        self.session.next()

    def end_set(self) -> None:
        self.session.end()

    def _practise_wrong(self) -> None:
        self.session.practise_wrong()

    def _press_number(self, number: int) -> None:
        if self.session.phase is Phase.SELF_GRADING:
            if number in (1, 2):
                self.session.self_grade(number == 2)
        elif self.session.phase is Phase.ASKING:
            self.prompt.choose(number)

    def _press_accept(self) -> None:
        phase = self.session.phase
        if phase is Phase.ANSWERED:
            self.session.next()
        elif phase is Phase.ASKING:
            self.accept_open_prompt()
        # Self-grading waits for 1 or 2; a summary has its own buttons.

    # --- what the session shows (`PracticeView`) ----------------------------------------

    def _prompt_shown(self, prompt: PromptView) -> None:
        self.next_button.setEnabled(False)
        self._show_self_grade(False)

    def show_position(self, where: SetPosition) -> None:
        self.title.setText(f"Practice: {where.title}")
        self.progress.setText(
            f"Prompt {min(where.position + 1, where.total)} of {where.total}"
            f"  ·  {where.right} of {where.answered} right"
        )

    def ask_self_grade(self) -> None:
        # The back is shown; the student says whether they knew it.
        self.prompt.show_feedback(None, None)
        self._show_self_grade(True)
        self.hint.setText("Did you know it? Press 1 or 2.")
        self.setFocus()

    def show_marked(self, verdict: Verdict, response: object, where: SetPosition) -> None:
        if not self.save_error.isHidden():
            self.save_error.hide()
        self._show_self_grade(False)
        if not self.prompt.locked:
            self.prompt.show_feedback(verdict.correct, response)
        self.next_button.setEnabled(True)
        self.next_button.setText("See the summary  (Enter)" if where.last else "Next  (Enter)")
        self.hint.setText("Read the explanation, then go on.")
        self.show_position(where)
        self.setFocus()

    def show_summary(self, summary: SetSummary) -> None:
        s = summary.result
        self.summary_title.setText("Practice set complete")
        if s.answered:
            share = round(100 * s.right / s.answered)
            minutes = max(1, round(s.time_ms / 60000))
            text = (
                f"{summary.title}: {s.right} of {s.answered} right ({share}%), {s.wrong} wrong, "
                f"in about {minutes} min."
            )
            if s.answered < summary.total:
                text += f" You stopped after {s.answered} of {summary.total}."
            text += "\n\nEvery answer has gone into your reviews: right → Good, wrong → Again."
        else:
            text = f"{summary.title}: no prompts answered."
        self.summary.setText(text)
        self.again_button.setVisible(bool(s.wrong_question_ids))
        self.pages.setCurrentIndex(1)
        self.progress.clear()

    def _show_self_grade(self, on: bool) -> None:
        self.forgot_button.setVisible(on)
        self.knew_button.setVisible(on)
