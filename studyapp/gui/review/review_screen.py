"""Daily review: the queue of due and new prompts, one at a time.

Keyboard: 1–4 choose an option (or, once answered, rate Again/Hard/Good/Easy);
Space or Enter reveals a self-graded answer and accepts the suggested rating;
Ctrl+Z takes back the last answer of this study session. Each answer is committed
before the next prompt is fetched.

The four outcomes are computed once, when the answer is shown: the buttons show
their intervals and the chosen one is stored exactly. After a wrong objective answer
Again is suggested; Hard, Good or Easy is asked about once ("press it again") before
it is stored, since a misclick there would tell FSRS a forgotten prompt was known.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.content.prompts import PromptView, load_prompt
from studyapp.core.quiz.grading import grade
from studyapp.core.settings import load_settings
from studyapp.core.srs.queue import day_window
from studyapp.core.srs.scheduler import (
    Outcomes,
    Rating,
    StudySessionAnswers,
    UndoStep,
    answer,
    default_rating,
    format_interval,
    next_due_question,
    next_due_time,
    next_outcomes,
    queue_counts,
)
from studyapp.core.wording import counted
from studyapp.gui.context import CONTENT, REVIEWS, SETTINGS, AppContext, SaveFailed
from studyapp.gui.widgets.prompt_widget import PromptWidget
from studyapp.gui.widgets.screen_parts import page_keys, scrolled, shortcut
from studyapp.gui.widgets.style import set_style_state

HEADER_COUNT_CAP = 1000  # counts above this show as "1000+"

RATING_NAMES = {
    Rating.AGAIN: "Again",
    Rating.HARD: "Hard",
    Rating.GOOD: "Good",
    Rating.EASY: "Easy",
}


@dataclass
class SessionTally:
    answered: int = 0
    right: int = 0
    graded: int = 0
    seconds: float = 0.0


class ReviewScreen(QWidget):
    open_section = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: PromptView | None = None
        self.response: str | None = None
        self.correct: bool | None = None
        self.suggested = Rating.GOOD
        self.outcomes: Outcomes | None = None
        # A rating against a wrong answer waiting for its second press.
        self.confirming: Rating | None = None
        self.shown_at = time.monotonic()
        self.tally = SessionTally()
        self.answers = StudySessionAnswers()
        self.study_day_ms: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        title = QLabel("Review")
        title.setObjectName("ScreenTitle")
        self.progress = QLabel()
        self.progress.setObjectName("Muted")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.progress)

        self.prompt = PromptWidget()
        self.prompt.responded.connect(self._on_response)
        self.prompt.link_activated.connect(
            lambda link: self.open_section.emit(link.split(":", 1)[1])
        )
        scroll = scrolled(self.prompt)
        page_keys(self, scroll)

        self.rating_buttons: dict[Rating, QPushButton] = {}
        self.rating_bar = QWidget()
        bar = QHBoxLayout(self.rating_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        for rating in Rating:
            button = QPushButton()
            button.setObjectName("RateButton")
            button.setMinimumHeight(44)
            button.clicked.connect(lambda _=False, r=rating: self.rate(r))
            self.rating_buttons[rating] = button
            bar.addWidget(button)
        self.hint = QLabel()
        self.hint.setObjectName("Muted")
        self.hint.setWordWrap(True)
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo)
        # Shown when an answer could not be saved; the prompt stays for another try.
        self.save_error = QLabel()
        self.save_error.setObjectName("SaveError")
        self.save_error.setWordWrap(True)
        self.save_error.hide()
        footer = QHBoxLayout()
        footer.addWidget(self.rating_bar, 1)
        footer.addWidget(self.hint, 1)
        footer.addWidget(self.undo_button)

        card_page = QWidget()
        card_layout = QVBoxLayout(card_page)
        card_layout.setContentsMargins(0, 0, 0, 0)
        card_layout.addWidget(scroll, 1)
        card_layout.addWidget(self.save_error)
        card_layout.addLayout(footer)

        self.summary_title = QLabel()
        self.summary_title.setObjectName("ScreenTitle")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("SummaryText")
        summary_page = QWidget()
        summary_layout = QVBoxLayout(summary_page)
        summary_layout.addWidget(self.summary_title)
        summary_layout.addWidget(self.summary)
        self.summary_undo = QPushButton()
        self.summary_undo.clicked.connect(self.undo)
        summary_layout.addWidget(self.summary_undo, 0, Qt.AlignmentFlag.AlignLeft)
        summary_layout.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(card_page)
        self.pages.addWidget(summary_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 20)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)

        for number in range(1, 5):
            shortcut(self, str(number), functools.partial(self.press_number, number))
        for key in ("Space", "Return", "Enter"):
            shortcut(self, key, self.press_accept)
        shortcut(self, QKeySequence.StandardKey.Undo, self.undo)

        ctx.changed.connect(self._on_changed)
        self.load_next()

    def focus_main(self) -> None:
        """On show: the answer field of a typed prompt, otherwise the screen itself,
        where 1–4, Space and Enter are bound."""
        if self.view is not None and self.prompt.wants_typing() and self.prompt.answer_edit:
            self.prompt.answer_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- flow -------------------------------------------------------------------------

    def _on_changed(self, what: set[str]) -> None:
        # Our own answers already moved us on; other changes may add or remove work.
        outside = what & {CONTENT, SETTINGS} or (REVIEWS in what and self.view is None)
        if outside and (self.view is None or not self.prompt.locked):
            self.load_next()

    def load_next(self) -> None:
        now = self.ctx.now()
        with self.ctx.read() as session:
            day_ms = day_window(now, None, load_settings(session)).start_ms
            qid = next_due_question(session, now)
            view = load_prompt(session, qid) if qid is not None else None
        if day_ms != self.study_day_ms:
            # A new study day begins a new study session: its own tally, and Undo no
            # longer reaches the answers of the day before.
            self.study_day_ms = day_ms
            self.tally = SessionTally()
            self.answers = StudySessionAnswers()
        self._show(view)

    def _show(self, view: PromptView | None, response: object = None) -> None:
        self.view = view
        self.response = None
        self.correct = None
        self.outcomes = None
        self.confirming = None
        self._update_progress()
        self._update_undo()
        if view is None:
            self._show_summary()
            return
        self.pages.setCurrentIndex(0)
        self.save_error.hide()
        self.prompt.show_prompt(view)
        if view.type == "fill_blank":
            self.hint.setText("Type the answer and press Enter.")
        elif self.prompt.reveal_button is not None:
            self.hint.setText("Think it through, then press Space to see the answer.")
        else:
            self.hint.setText("Choose an option: click it or press its number (1–4).")
        # Showing a widget lays out the whole window at once, so every text is set
        # before it: one layout pass per prompt, not two.
        self.rating_bar.hide()
        self.hint.show()
        self.shown_at = time.monotonic()
        if self.prompt.wants_typing():
            self.prompt.focus_input()
        else:
            self.setFocus()

    def _on_response(self, response: object) -> None:
        view = self.view
        if view is None:
            return
        verdict = grade(view.type, view.answer_index, view.details, response)
        self.response = verdict.response
        self.correct = verdict.correct
        self.suggested = default_rating(verdict.correct)
        self.prompt.show_feedback(verdict.correct, response)
        with self.ctx.read() as session:
            # Computed once, fuzz included: what the buttons say is what is stored.
            self.outcomes = next_outcomes(session, view.id, self.ctx.now())
        for rating, button in self.rating_buttons.items():
            interval_text = format_interval(self.outcomes.interval(rating))
            button.setText(f"{rating.value}  {RATING_NAMES[rating]}\n{interval_text}")
            button.setToolTip(
                f"{RATING_NAMES[rating]} (key {rating.value}): next review in {interval_text}"
            )
            set_style_state(button, "suggested", rating == self.suggested)
            # Two lines of text at the chosen font size (the bar's layout keeps an
            # older, one-line height otherwise).
            button.setMinimumHeight(max(44, button.sizeHint().height()))
            button.setAccessibleName(f"{RATING_NAMES[rating]}, next in {interval_text}")
        self.hint.hide()
        self.rating_bar.show()
        self.setFocus()

    def rate(self, rating: Rating) -> None:
        view = self.view
        if view is None or not self.prompt.locked:
            return
        if self.correct is False and rating != Rating.AGAIN and self.confirming != rating:
            self.confirming = rating
            name = RATING_NAMES[rating]
            self.hint.setText(
                f"You chose a wrong option — rate it {name} anyway? "
                f"Press {rating.value} again to confirm."
            )
            self.hint.show()
            return
        elapsed = time.monotonic() - self.shown_at
        try:
            # Each answer its own durable unit, on the connection kept for answers.
            with self.ctx.write_direct(REVIEWS) as connection:
                result = answer(
                    connection,
                    view.id,
                    rating,
                    self.ctx.now(),
                    correct=self.correct,
                    response=self.response,
                    duration_ms=int(elapsed * 1000),
                    mode="review",
                    outcomes=self.outcomes,
                )
        except SaveFailed as exc:
            self.save_error.setText(
                f"Your answer was not saved: {exc} The prompt stays here; rate it again to retry."
            )
            self.save_error.show()
            return
        self.answers.record(UndoStep(result.review_id, view.id, rating, self.correct, elapsed))
        self.tally.answered += 1
        self.tally.seconds += elapsed
        if self.correct is not None:
            self.tally.graded += 1
            self.tally.right += int(self.correct)
        self.load_next()

    def undo(self) -> None:
        """Take back the newest answer of this study session (if no later answer on
        its prompt exists) and show the prompt again."""
        with self.ctx.write(REVIEWS) as session:
            step = self.answers.undo(session)
            view = load_prompt(session, step.question_id) if step is not None else None
        if step is None or view is None:
            self._update_undo()
            return
        t = self.tally
        t.answered = max(0, t.answered - 1)
        t.seconds = max(0.0, t.seconds - step.seconds)
        if step.correct is not None:
            t.graded = max(0, t.graded - 1)
            t.right = max(0, t.right - int(step.correct))
        self._show(view)

    def _update_undo(self) -> None:
        """The undo buttons name what they would take back, or are disabled."""
        with self.ctx.read() as session:
            step = self.answers.undoable(session)
        if step is None:
            text, tip = "Undo (Ctrl+Z)", "Nothing of this study session can be taken back."
        else:
            text = f"Undo {RATING_NAMES[step.rating]} (Ctrl+Z)"
            tip = f"Takes back your last answer ({RATING_NAMES[step.rating]}) and shows it again."
        for button in (self.undo_button, self.summary_undo):
            button.setText(text)
            button.setToolTip(tip)
            button.setEnabled(step is not None)

    # --- keyboard ---------------------------------------------------------------------

    def press_number(self, number: int) -> None:
        if self.view is None:
            return
        if self.prompt.locked:
            self.rate(Rating(number))
        else:
            self.prompt.choose(number)

    def press_accept(self) -> None:
        if self.view is None:
            return
        if self.prompt.locked:
            self.rate(self.suggested)
        elif self.prompt.wants_typing():
            self.prompt.submit_typed()
        elif self.prompt.reveal_button is not None:
            self.prompt.respond(None)

    # --- display ----------------------------------------------------------------------

    def _update_progress(self) -> None:
        # Read after every answer: capped, so it costs the same whatever the backlog.
        with self.ctx.read() as session:
            counts = queue_counts(session, self.ctx.now(), cap=HEADER_COUNT_CAP)

        def shown(n: int) -> str:
            return f"{HEADER_COUNT_CAP}+" if n >= HEADER_COUNT_CAP else str(n)

        self.progress.setText(
            f"{shown(counts.review)} due · {shown(counts.learning)} learning · "
            f"{shown(counts.new)} new   —   {self.tally.answered} done this session"
        )

    def _show_summary(self) -> None:
        with self.ctx.read() as session:
            due = next_due_time(session)
        t = self.tally
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
        if due is not None:
            when = due.astimezone().strftime("%a %d %b, %H:%M")
            text += f"\n\nThe next prompt is due {when}."
        self.summary.setText(text)
        self.summary_undo.setVisible(self.summary_undo.isEnabled())
        self.pages.setCurrentIndex(1)
