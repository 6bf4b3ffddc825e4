"""Home: what is waiting today, the streak, the weakest areas with a way to practise
each, the last mock score (or the test in progress) — and one obvious button to start.

Enter starts the review. The figures are read when Home is shown after a change, not
on every answer given while another screen is open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.quiz.marking import format_marks
from studyapp.core.quiz.pending import PendingMock, pending_mock
from studyapp.core.stats.daily import study_streak
from studyapp.core.stats.mastery import AreaMastery, weakest_areas
from studyapp.core.stats.progress import MockScore, last_mock
from studyapp.core.stats.summary import today_counts
from studyapp.core.wording import clock_text, counted, figure
from studyapp.gui import routes
from studyapp.gui.context import CONTENT, QUIZZES, REVIEWS, SETTINGS, AppContext
from studyapp.gui.widgets.lazy import RefreshedWhenShown
from studyapp.gui.widgets.screen_parts import scrolled, shortcut
from studyapp.gui.widgets.stat_card import CardRow, StatCard
from studyapp.gui.widgets.style import set_role


def _minutes(ms: int) -> str:
    return f"{round(ms / 60000)} min"


def _panel(title: str) -> tuple[QFrame, QVBoxLayout, QLabel]:
    frame = QFrame()
    frame.setObjectName("Card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 14)
    heading = QLabel(title)
    heading.setObjectName("CardTitle")
    layout.addWidget(heading)
    return frame, layout, heading


class HomeScreen(RefreshedWhenShown):
    watches = frozenset({REVIEWS, CONTENT, SETTINGS, QUIZZES})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.pending_mock: int | None = None
        title = QLabel("Today")
        title.setObjectName("ScreenTitle")
        self.greeting = QLabel()
        self.greeting.setObjectName("Muted")

        self.due = StatCard("due for review today")
        self.new = StatCard("new prompts available today")
        self.reviewed = StatCard("reviewed today")
        self.streak = StatCard("days in a row")
        cards = CardRow((self.due, self.new, self.reviewed, self.streak))

        self.start_button = QPushButton("Start review")
        self.start_button.setObjectName("Primary")
        self.start_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.start_button.clicked.connect(self.start_review)
        self.bank = QLabel()
        self.bank.setObjectName("Muted")
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.bank)
        buttons.addStretch(1)

        weak_frame, self.weak_layout, _ = _panel("Weakest areas")
        self.weak_intro = QLabel()
        self.weak_intro.setObjectName("Muted")
        self.weak_intro.setWordWrap(True)
        self.weak_layout.addWidget(self.weak_intro)
        self.weak_rows = QVBoxLayout()
        self.weak_layout.addLayout(self.weak_rows)
        self.weak_layout.addStretch(1)
        self.practise_buttons: list[QPushButton] = []

        mock_frame, mock_layout, self.mock_title = _panel("Last mock test")
        self.mock_score = QLabel()
        self.mock_score.setObjectName("CardValue")
        self.mock_detail = QLabel()
        self.mock_detail.setObjectName("Muted")
        self.mock_detail.setWordWrap(True)
        self.mock_button = QPushButton("Sit a mock test")
        self.mock_button.clicked.connect(self._on_mock_button)
        mock_layout.addWidget(self.mock_score)
        mock_layout.addWidget(self.mock_detail)
        mock_layout.addStretch(1)
        mock_layout.addWidget(self.mock_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.mock_frame = mock_frame

        panels = QHBoxLayout()
        panels.setSpacing(14)
        panels.addWidget(weak_frame, 3)
        panels.addWidget(mock_frame, 2)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        column.addWidget(cards)
        column.addLayout(buttons)
        column.addLayout(panels)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 20, 20)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(self.greeting)
        layout.addWidget(scrolled(body), 1)  # taller than the window at a large font

        self.start_button.setToolTip("Start the review of today's prompts (Enter)")
        for key in ("Return", "Enter"):
            shortcut(self, key, self._press_enter)
        # Home is the first screen: its figures are read now; after a change they are
        # read again when it is next shown.
        self.refresh()

    def focus_main(self) -> None:
        """Where the keyboard goes when Home is shown: the start button."""
        target = self.start_button if self.start_button.isEnabled() else self.mock_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def start_review(self) -> None:
        self.ctx.router.go(routes.Review())

    def _press_enter(self) -> None:
        if self.start_button.isEnabled():
            self.start_review()

    def load(self) -> None:
        now = self.ctx.now()
        # On a plain connection: Home is the first screen, and its figures need neither
        # SQLAlchemy nor the ORM, which then load after the window is up.
        with self.ctx.read_direct() as connection:
            counts = today_counts(connection, now)
            streak = study_streak(connection, now)
            weakest = weakest_areas(connection, now)
            mock = last_mock(connection)
            pending = pending_mock(connection)
        self.pending_mock = None if pending is None else pending.quiz_id
        self.due.set_value(figure(counts.due_today))
        self.due.caption.setText(
            f"due for review today · {counts.learning_due} of them in learning"
            if counts.learning_due
            else "due for review today"
        )
        self.new.set_value(figure(counts.new_available))
        self.reviewed.set_value(figure(counts.reviewed_today))
        self.reviewed.caption.setText(f"reviewed today · {_minutes(counts.time_today_ms)}")
        self.streak.set_value(figure(streak))
        self.streak.caption.setText("day in a row" if streak == 1 else "days in a row")
        self.bank.setText(f"{counted(counts.prompts_available, 'prompt')} in the bank")
        waiting = counts.due_today + counts.new_available
        self.start_button.setEnabled(waiting > 0)
        label = f"Start review ({figure(waiting)})" if waiting else "Nothing due now"
        self.start_button.setText(label)
        self.greeting.setText(now.astimezone().strftime("%A, %d %B %Y"))
        self._show_weakest(weakest)
        if pending is not None:
            self._show_pending(pending)
        else:
            self._show_mock(mock)

    def _show_weakest(self, weakest: list[AreaMastery]) -> None:
        while self.weak_rows.count():
            item = self.weak_rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.practise_buttons = []
        seen_any = any(area.seen for area in weakest)
        self.weak_intro.setText(
            "Lowest predicted recall among what you have studied: a short set on each helps most."
            if seen_any
            else "Nothing studied yet: these areas are a good place to begin."
        )
        for area in weakest:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 4, 0, 4)
            name = QLabel(area.title)
            figure = QLabel(
                f"recall {area.recall:.0%} · {area.seen_share:.0%} seen"
                if area.recall is not None
                else "not started"
            )
            figure.setObjectName("Muted")
            button = QPushButton("Practise")
            button.clicked.connect(
                lambda _=False, a=area.area, t=area.title: self.ctx.router.go(
                    routes.Practice(title=t, area=a)
                )
            )
            self.practise_buttons.append(button)
            line.addWidget(name, 1)
            line.addWidget(figure)
            line.addSpacing(12)
            line.addWidget(button)
            self.weak_rows.addWidget(row)

    def _show_pending(self, quiz: PendingMock) -> None:
        self.mock_title.setText("Mock test in progress")
        self.mock_score.setText(f"{quiz.answered} / {quiz.prompts} answered")
        self.mock_detail.setText(
            f"{clock_text(quiz.remaining_ms or 0)} left. It resumes where you stopped, "
            "with the time that remained."
        )
        self.mock_button.setText("Resume test")
        set_role(self.mock_button, "Primary")

    def _on_mock_button(self) -> None:
        if self.pending_mock is not None:
            self.ctx.router.go(routes.Mock(self.pending_mock))
        else:
            self.ctx.router.go(routes.MockSetup())

    def _show_mock(self, mock: MockScore | None) -> None:
        self.mock_title.setText("Last mock test")
        set_role(self.mock_button, "")
        if mock is None:
            self.mock_score.setText("–")
            self.mock_detail.setText(
                "No mock test yet. A timed 25-prompt paper with UPSC marking shows where you stand."
            )
            self.mock_button.setText("Sit a mock test")
            return
        self.mock_score.setText(f"{format_marks(mock.score)} / {format_marks(mock.max_score)}")
        when = mock.finished.astimezone().strftime("%a %d %b")
        self.mock_detail.setText(f"{counted(mock.prompts, 'prompt')} · {when}")
        self.mock_button.setText("Sit another")
