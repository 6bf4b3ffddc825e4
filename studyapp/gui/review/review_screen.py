"""Daily review: the screen of `studyapp.core.study.review.ReviewSession`, which owns
the flow; this renders what it says and forwards the keys and clicks.

Keyboard: 1–4 choose an option (or, once answered, rate Again/Hard/Good/Easy);
Space or Enter reveals a self-graded answer and accepts the suggested rating;
Ctrl+Z takes back the last answer of this study session.

The page keeps its geometry from one prompt to the next: the rating bar keeps its
room while hidden and texts are replaced rather than widgets rebuilt, so moving on
repaints the prompt without laying out the whole window again.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.content.prompts import PromptView
from studyapp.core.quiz.grading import Verdict
from studyapp.core.srs.queue import QueueCounts
from studyapp.core.srs.scheduler import Outcomes, Rating, UndoStep, format_interval
from studyapp.core.study.clock import Clock, SystemClock
from studyapp.core.study.review import ReviewSession, ReviewSummary, capped
from studyapp.core.study.turn import Phase
from studyapp.core.wording import counted
from studyapp.gui.context import AppContext
from studyapp.gui.widgets.screen_parts import shortcut
from studyapp.gui.widgets.study_page import StudyScreen, SummaryPage, answer_keys
from studyapp.gui.widgets.style import set_style_state

RATING_NAMES = {
    Rating.AGAIN: "Again",
    Rating.HARD: "Hard",
    Rating.GOOD: "Good",
    Rating.EASY: "Easy",
}


class ReviewScreen(StudyScreen):
    hints = (
        "Type the answer and press Enter.",
        "Press Space to see the answer.",
        "Choose an option: click it or press 1–4.",
    )
    retry = "rate it again"

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, clock: Clock | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx

        title = QLabel("Review")
        title.setObjectName("ScreenTitle")
        self.progress = QLabel()
        self.progress.setObjectName("Muted")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.progress)

        self.rating_buttons: dict[Rating, QPushButton] = {}
        self.rating_bar = QWidget()
        bar = QHBoxLayout(self.rating_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        for rating in Rating:
            button = QPushButton(f"{rating.value}  {RATING_NAMES[rating]}\n–")
            button.setObjectName("RateButton")
            button.setMinimumHeight(44)
            button.clicked.connect(lambda _=False, r=rating: self.rate(r))
            self.rating_buttons[rating] = button
            bar.addWidget(button)
        # Hidden while a prompt waits for its answer, but keeping its room: showing it
        # then changes no geometry, so the window is not laid out again.
        policy = self.rating_bar.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.rating_bar.setSizePolicy(policy)
        self.rating_bar.hide()
        # The hint says what to do now: how to answer, how to rate, or "press it again".
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo)
        footer = QHBoxLayout()
        footer.addWidget(self.hint, 2)
        footer.addWidget(self.rating_bar, 3)
        footer.addWidget(self.undo_button)

        card_page = QWidget()
        card_layout = QVBoxLayout(card_page)
        card_layout.setContentsMargins(0, 0, 0, 0)
        card_layout.addWidget(self.prompt_scroll, 1)
        card_layout.addWidget(self.save_error)
        card_layout.addLayout(footer)

        self.summary_undo = QPushButton()
        self.summary_undo.clicked.connect(self.undo)
        self.summary_page = SummaryPage(self.summary_undo)
        # Kept under their earlier names (tests and the screenshots read them).
        self.summary_title, self.summary = self.summary_page.title, self.summary_page.text

        self.pages.addWidget(card_page)
        self.pages.addWidget(self.summary_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 20)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)

        answer_keys(self, self.press_number, self.press_accept)
        shortcut(self, QKeySequence.StandardKey.Undo, self.undo)

        self.session = ReviewSession(ctx, clock or SystemClock(), self)
        ctx.changed.connect(self.session.changed)
        self.session.load_next()

    @property
    def view(self) -> PromptView | None:
        """The prompt on screen (None on the summary)."""
        return self.session.prompt

    # --- input, forwarded to the session ------------------------------------------------

    def _on_response(self, response: object) -> None:
        self.session.respond(response)

    def rate(self, rating: Rating) -> None:
        self.session.rate(rating)

    def undo(self) -> None:
        self.session.undo()

    def press_number(self, number: int) -> None:
        if self.session.phase is Phase.ANSWERED:
            self.session.rate(Rating(number))
        elif self.session.phase is Phase.ASKING:
            self.prompt.choose(number)

    def press_accept(self) -> None:
        if self.session.phase is Phase.ANSWERED:
            self.session.accept()
        elif self.session.phase is Phase.ASKING:
            self.accept_open_prompt()

    # --- what the session shows (`ReviewView`) ------------------------------------------

    def _prompt_shown(self, prompt: PromptView) -> None:
        self.rating_bar.hide()

    def show_answer(
        self, verdict: Verdict, response: object, outcomes: Outcomes, suggested: Rating
    ) -> None:
        self.prompt.show_feedback(verdict.correct, response)
        for rating, button in self.rating_buttons.items():
            interval_text = format_interval(outcomes.interval(rating))
            button.setText(f"{rating.value}  {RATING_NAMES[rating]}\n{interval_text}")
            button.setToolTip(
                f"{RATING_NAMES[rating]} (key {rating.value}): next review in {interval_text}"
            )
            set_style_state(button, "suggested", rating == suggested)
            # Two lines of text at the chosen font size (the bar's layout keeps an
            # older, one-line height otherwise).
            button.setMinimumHeight(max(44, button.sizeHint().height()))
            button.setAccessibleName(f"{RATING_NAMES[rating]}, next in {interval_text}")
        self.hint.setText(f"How well did you know it? 1–4, or Space for {RATING_NAMES[suggested]}.")
        self.rating_bar.show()
        self.setFocus()

    def ask_to_confirm(self, rating: Rating) -> None:
        self.hint.setText(
            f"You chose a wrong option — rate it {RATING_NAMES[rating]} anyway? "
            f"Press {rating.value} again to confirm."
        )

    def show_counts(self, counts: QueueCounts, answered: int) -> None:
        self.progress.setText(
            f"{capped(counts.review)} due · {capped(counts.learning)} learning · "
            f"{capped(counts.new)} new   —   {answered} done this session"
        )

    def show_undo(self, step: UndoStep | None) -> None:
        """The undo buttons name what they would take back, or are disabled."""
        if step is None:
            text, tip = "Undo (Ctrl+Z)", "Nothing of this study session can be taken back."
        else:
            text = f"Undo {RATING_NAMES[step.rating]} (Ctrl+Z)"
            tip = f"Takes back your last answer ({RATING_NAMES[step.rating]}) and shows it again."
        for button in (self.undo_button, self.summary_undo):
            button.setText(text)
            button.setToolTip(tip)
            button.setEnabled(step is not None)
        if self.summary_undo.isHidden() != (step is None):
            self.summary_undo.setVisible(step is not None)

    def show_summary(self, summary: ReviewSummary) -> None:
        t = summary.tally
        if t.answered:
            self.summary_title.setText("Session complete")
            accuracy = f"{round(100 * t.right / t.graded)}% right" if t.graded else "self-graded"
            minutes = max(1, round(t.seconds / 60))
            text = (
                f"You answered {counted(t.answered, 'prompt')} — {accuracy} — "
                f"in about {minutes} min."
            )
        else:
            self.summary_title.setText("Nothing due right now")
            text = "You are up to date."
        if summary.next_due is not None:
            when = summary.next_due.astimezone().strftime("%a %d %b, %H:%M")
            text += f"\n\nThe next prompt is due {when}."
        self.summary.setText(text)
        self.pages.setCurrentIndex(1)
