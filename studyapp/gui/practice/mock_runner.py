"""A timed mock test in progress: the countdown, the question palette, and the
controls of a computer-based prelims paper. No feedback until submission.

The test itself — its clock, saving, time-up and every answer — is a `MockExam`
(`studyapp.core.study.exam`); this screen renders it and forwards the keys and clicks.

Keyboard: 1–4 choose, Left/Right previous/next, Home/End first/last prompt, M marks
for review (and moves on), Delete clears the response, Ctrl+Enter submits.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.content.prompts import PromptView
from studyapp.core.quiz.mocks import CONFIDENCE
from studyapp.core.quiz.records import QuizView
from studyapp.core.study.clock import Clock, SystemClock
from studyapp.core.study.exam import ExamEnd, MockExam
from studyapp.core.wording import clock_text, counted
from studyapp.gui.context import QUIZZES, AppContext
from studyapp.gui.widgets.prompt_widget import PromptWidget
from studyapp.gui.widgets.screen_parts import page_keys, scrolled, shortcut
from studyapp.gui.widgets.style import set_style_state

# One key per confidence tag, clear of the option keys 1–4, M (mark) and Ctrl+Enter
# (submit): S for sure, F for fifty-fifty, G for guess. Pressing it again untags.
CONFIDENCE_KEYS = {"sure": "S", "fifty": "F", "guess": "G"}
STATUS_NAMES = {
    "not_visited": "Not visited",
    "not_answered": "Not answered",
    "answered": "Answered",
    "marked": "Marked for review",
    "answered_marked": "Answered and marked (counts)",
}


class Palette(QFrame):
    """Numbered buttons, one per prompt, coloured by state; a click jumps there."""

    jump = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.buttons: list[QPushButton] = []
        self.grid = QGridLayout()
        self.grid.setSpacing(5)
        self.legend: dict[str, QLabel] = {}
        legend = QVBoxLayout()
        legend.setSpacing(4)
        for status in STATUS_NAMES:
            row = QHBoxLayout()
            swatch = QLabel()
            swatch.setObjectName("PaletteButton")
            swatch.setProperty("status", status)
            swatch.setFixedSize(18, 18)
            label = QLabel()
            label.setObjectName("Muted")
            label.setWordWrap(True)
            self.legend[status] = label
            row.addWidget(swatch)
            row.addWidget(label, 1)
            legend.addLayout(row)
        title = QLabel("Question palette")
        title.setObjectName("CardTitle")
        title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(title)
        layout.addLayout(self.grid)
        layout.addSpacing(8)
        layout.addLayout(legend)
        layout.addStretch(1)

    def show_quiz(self, quiz: QuizView, current: int) -> None:
        if len(self.buttons) != len(quiz.items):
            for button in self.buttons:
                button.setParent(None)
                button.deleteLater()
            self.buttons = []
            for n in range(len(quiz.items)):
                button = QPushButton(str(n + 1))
                button.setObjectName("PaletteButton")
                button.setFixedSize(36, 32)
                button.setAccessibleName(f"Prompt {n + 1}")
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.clicked.connect(lambda _=False, p=n: self.jump.emit(p))
                self.buttons.append(button)
                self.grid.addWidget(button, n // 5, n % 5)
        counts = dict.fromkeys(STATUS_NAMES, 0)
        for item, button in zip(quiz.items, self.buttons, strict=True):
            counts[item.status] += 1
            button.setToolTip(f"Prompt {item.position + 1}: {STATUS_NAMES[item.status]}")
            set_style_state(button, "current", item.position == current)
            set_style_state(button, "status", item.status)
        for status, label in self.legend.items():
            label.setText(f"{STATUS_NAMES[status]}: {counts[status]}")

    def status_of(self, position: int) -> str:
        return str(self.buttons[position].property("status"))


class MockRunner(QWidget):
    submitted = Signal(int)  # quiz id, once marked
    abandoned = Signal()  # the test ended without a score (discarded, or restored away)
    open_section = Signal(str)

    def __init__(
        self, ctx: AppContext, clock: Clock | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.exam = MockExam(ctx, clock or SystemClock(), self)
        self.confirmation: QMessageBox | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.title = QLabel()
        self.title.setObjectName("SectionTitle")
        self.title.setWordWrap(True)
        self.countdown = QLabel()
        self.countdown.setObjectName("Countdown")
        self.countdown.setToolTip("Time left")
        self.submit_button = QPushButton("Submit test")
        self.submit_button.setObjectName("Primary")
        self.submit_button.setToolTip("Submit the paper for marking (Ctrl+Enter)")
        self.submit_button.clicked.connect(self.confirm_submit)
        self.abandon_button = QPushButton("Abandon")
        self.abandon_button.setToolTip("Discard this test without a score")
        self.abandon_button.clicked.connect(self.confirm_abandon)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(QLabel("Time left"))
        header.addWidget(self.countdown)
        header.addSpacing(16)
        header.addWidget(self.abandon_button)
        header.addWidget(self.submit_button)

        self.number = QLabel()
        self.number.setObjectName("CardTitle")
        self.prompt = PromptWidget()
        self.prompt.responded.connect(self._on_response)
        self.previous_button = QPushButton("◀ Previous")
        self.previous_button.setToolTip("Previous prompt (Left)")
        self.previous_button.clicked.connect(lambda: self.go(self.position - 1))
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Clear the response to this prompt (Delete)")
        self.clear_button.clicked.connect(self.clear_response)
        self.mark_button = QPushButton("Mark && next")
        self.mark_button.setToolTip("Mark for review and go to the next prompt (M)")
        self.mark_button.clicked.connect(self.mark_and_next)
        self.next_button = QPushButton("Next ▶")
        self.next_button.setToolTip(
            "Go to the next prompt; answers are saved as you choose (Right)"
        )
        self.next_button.clicked.connect(lambda: self.go(self.position + 1))
        self.confidence_buttons: dict[str, QPushButton] = {}
        sure_row = QHBoxLayout()
        how_sure = QLabel("Sure?")  # short: the row must fit at 1024 wide in a large font
        how_sure.setObjectName("Muted")
        how_sure.setToolTip("Optionally tag how sure you are of this answer")
        sure_row.addWidget(how_sure)
        for level, label in CONFIDENCE.items():
            key = CONFIDENCE_KEYS[level]
            button = QPushButton(f"{label}  ({key})")
            button.setCheckable(True)
            button.setToolTip(
                f"Tag this answer “{label}” ({key}); the results show how such answers "
                "score and whether attempting them pays under negative marking."
            )
            button.clicked.connect(lambda _=False, lv=level: self.tag(lv))
            self.confidence_buttons[level] = button
            sure_row.addWidget(button)
        sure_row.addStretch(1)
        controls = QHBoxLayout()
        controls.addWidget(self.previous_button)
        controls.addWidget(self.clear_button)
        controls.addStretch(1)
        controls.addWidget(self.mark_button)
        controls.addWidget(self.next_button)
        left = QVBoxLayout()
        left.addWidget(self.number)
        prompt_scroll = scrolled(self.prompt)
        page_keys(self, prompt_scroll)
        left.addWidget(prompt_scroll, 1)
        left.addLayout(sure_row)
        left.addLayout(controls)

        self.question_palette = Palette()
        self.question_palette.setFixedWidth(236)  # five columns of 36 px buttons
        self.question_palette.jump.connect(self.go)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addSpacing(12)
        body.addWidget(self.question_palette)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addLayout(body, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        for number in range(1, 5):
            shortcut(self, str(number), partial(self.prompt.choose, number))
        for level, key in CONFIDENCE_KEYS.items():
            shortcut(self, key, partial(self.tag, level))
        shortcut(self, "Right", lambda: self.go(self.position + 1))
        shortcut(self, "Left", lambda: self.go(self.position - 1))
        shortcut(self, "Home", lambda: self.go(0))
        shortcut(self, "End", lambda: self.go(self.exam.last_position))
        shortcut(self, "M", self.mark_and_next)
        shortcut(self, "Delete", self.clear_response)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut(self, keys, self.confirm_submit)
        ctx.changed.connect(self._on_changed)

    def focus_main(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_changed(self, what: set[str]) -> None:
        if QUIZZES in what and self.exam.running:
            self.exam.still_open()  # a test discarded elsewhere stops here too

    # --- what the test is at (the exam owns it) -----------------------------------------

    @property
    def quiz(self) -> QuizView | None:
        return self.exam.quiz

    @property
    def position(self) -> int:
        return self.exam.position

    @property
    def remaining_ms(self) -> int:
        return self.exam.remaining_ms

    @property
    def running(self) -> bool:
        return self.exam.running

    # --- input, forwarded --------------------------------------------------------------

    def open(self, quiz_id: int) -> None:
        """Show a test in progress (new or resumed) at the prompt it was on."""
        self.timer.start()
        self.exam.open(quiz_id)

    def tick(self) -> None:
        self.exam.tick()

    def pause(self) -> None:
        """Stop the clock (the app is closing); the test resumes next time."""
        self._close_confirmation()
        self.exam.pause()
        self.timer.stop()

    def go(self, position: int) -> None:
        self.exam.go(position)

    def tag(self, level: str) -> None:
        """Tag the answer on screen with a confidence level; the same key again untags."""
        self.exam.tag(level)
        self.setFocus()  # a click on a tag button leaves the keys with the test

    def _on_response(self, response: object) -> None:
        self.exam.respond(str(response))

    def clear_response(self) -> None:
        self.exam.clear()

    def mark_and_next(self) -> None:
        self.exam.mark_and_next()

    def submit(self) -> None:
        self.exam.submit()

    def abandon(self) -> None:
        """Discard the test without a score (after the student confirmed)."""
        self.exam.abandon()

    # --- rendering (MockExamView) --------------------------------------------------------

    def show_question(self, quiz: QuizView, position: int, prompt: PromptView) -> None:
        item = quiz.items[position]
        self.title.setText(quiz.title or "Mock test")
        self.number.setText(f"Prompt {position + 1} of {len(quiz.items)}")
        # One order of options per prompt of this paper, kept when the student comes back.
        self.prompt.show_prompt(
            prompt,
            int(item.response) if item.response else None,
            order_seed=quiz.id * 1000 + position,
        )
        self.previous_button.setEnabled(position > 0)
        last = position == len(quiz.items) - 1
        self.next_button.setText("Save" if last else "Next ▶")
        self.mark_button.setText("Unmark" if item.marked else ("Mark" if last else "Mark && next"))
        self.show_answers(quiz, position)
        self.setFocus()

    def show_answers(self, quiz: QuizView, position: int) -> None:
        item = quiz.items[position]
        if not item.answered:
            self.prompt.clear_response()
        self.question_palette.show_quiz(quiz, position)
        for level, button in self.confidence_buttons.items():
            button.setChecked(item.confidence == level)
            button.setEnabled(item.answered)  # a blank has nothing to be sure of

    def show_time_left(self, remaining_ms: int) -> None:
        self.countdown.setText(clock_text(remaining_ms))
        set_style_state(self.countdown, "low", remaining_ms <= 60_000)

    def exam_ended(self, quiz_id: int, how: ExamEnd) -> None:
        self._close_confirmation()  # time may run out while asking
        self.timer.stop()
        if how in (ExamEnd.SUBMITTED, ExamEnd.TIMED_OUT):
            self.submitted.emit(quiz_id)
        else:  # abandoned here, or gone from the database (discarded, or restored away)
            self.abandoned.emit()

    def _close_confirmation(self) -> None:
        if self.confirmation is not None:
            self.confirmation.hide()
            self.confirmation.deleteLater()
            self.confirmation = None

    # --- asking first --------------------------------------------------------------------

    def confirm_submit(self) -> None:
        check = self.exam.submit_check()
        if check is None:
            return
        text = f"Submit the test now, with {clock_text(check.remaining_ms)} left?\n\n"
        text += (
            f"{check.blank} of {check.prompts} prompts unanswered (a blank scores 0)."
            if check.blank
            else "Every prompt is answered."
        )
        if check.marked:
            text += f"\n{counted(check.marked, 'prompt')} marked for review."
        box = QMessageBox(QMessageBox.Icon.Question, "Submit test", text, parent=self)
        submit = box.addButton("Submit", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep working", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(submit)
        box.buttonClicked.connect(lambda button: self.submit() if button is submit else None)
        self.confirmation = box
        box.open()  # window-modal, without a nested event loop; the clock keeps running

    def confirm_abandon(self) -> None:
        if not self.exam.running:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Abandon test",
            "Abandon this mock test? It is discarded: no score is kept and your answers "
            "are not marked.",
            parent=self,
        )
        drop = box.addButton("Abandon test", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep working", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.buttonClicked.connect(lambda button: self.abandon() if button is drop else None)
        self.confirmation = box
        box.open()
