"""Setting up a mock test, resuming an interrupted one, and the history of scores."""

from __future__ import annotations

import random

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.quiz import (
    DEFAULT_MOCK_SIZE,
    MARK_WRONG,
    PAPER_MIX,
    PRELIMS_TYPES,
    SECONDS_PER_PROMPT,
    Criteria,
    area_choices,
    count_matching,
    discard,
    format_marks,
    load_quiz,
    mock_history,
    pick_prompts,
    start_mock,
    unfinished_mock,
)
from studyapp.core.wording import counted
from studyapp.gui.context import CONTENT, QUIZZES, AppContext
from studyapp.gui.practice.area_picker import AreaPicker
from studyapp.gui.practice.mock_runner import clock_text
from studyapp.gui.widgets.lazy import RefreshedWhenShown
from studyapp.gui.widgets.rows_model import RowsModel, table_view


class MockSetup(RefreshedWhenShown):
    watches = frozenset({CONTENT, QUIZZES})
    start = Signal(int)  # quiz id to run (new or resumed)
    show_result = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.matching = 0  # prompts the chosen areas offer
        self.pending: int | None = None

        self.banner = QFrame()
        self.banner.setObjectName("Banner")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        resume = QPushButton("Resume test")
        resume.setObjectName("Primary")
        resume.clicked.connect(self._resume)
        drop = QPushButton("Discard it")
        drop.clicked.connect(self._discard)
        banner_row = QHBoxLayout(self.banner)
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(drop)
        banner_row.addWidget(resume)
        self.banner.hide()

        intro = QLabel(
            "A timed paper of four-option prompts at the prelims pace. Marking as in UPSC: "
            f"+2 for a right answer, −2/3 ({format_marks(-MARK_WRONG)}) for a wrong one, 0 for "
            "a blank. You see no answers until you submit; when time runs out the paper is "
            "submitted as it stands."
        )
        intro.setWordWrap(True)
        intro.setObjectName("Muted")

        self.areas = AreaPicker(show_counts=False)
        self.areas.changed.connect(self._update_available)
        self.count = QSpinBox()
        self.count.setRange(1, 100)
        self.count.setValue(DEFAULT_MOCK_SIZE)
        self.count.valueChanged.connect(self._show_available)  # the matches stay the same
        self.pace = QSpinBox()
        self.pace.setRange(20, 300)
        self.pace.setSuffix(" s per prompt")
        self.pace.setValue(SECONDS_PER_PROMPT)
        self.pace.valueChanged.connect(self._show_available)
        form = QFormLayout()
        form.addRow("Prompts", self.count)
        form.addRow("Time", self.pace)
        self.available = QLabel()
        self.available.setObjectName("Muted")
        self.available.setWordWrap(True)
        self.start_button = QPushButton("Start mock test")
        self.start_button.setObjectName("Primary")
        self.start_button.clicked.connect(self.start_new)
        setup = QVBoxLayout()
        setup.addLayout(form)
        setup.addWidget(self.available)
        setup.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        setup.addStretch(1)

        self.history = RowsModel(["Date", "Test", "Prompts", "Score", "Share"], numeric=(2, 3, 4))
        self.history_table = table_view(self.history, stretch=1)
        self.history_table.doubleClicked.connect(self._open_history_row)
        self.history_empty = QLabel("Your mock-test scores will be listed here.")
        self.history_empty.setObjectName("Muted")
        self.open_button = open_button = QPushButton("Open results")
        open_button.clicked.connect(
            lambda: self._open_history_row(self.history_table.currentIndex())
        )
        history_box = QGroupBox("Mock-test history")
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.history_empty)
        history_layout.addWidget(self.history_table, 1)
        history_layout.addWidget(open_button, 0, Qt.AlignmentFlag.AlignRight)

        top = QHBoxLayout()
        top.addWidget(self.areas, 2)
        top.addSpacing(16)
        top.addLayout(setup, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(intro)
        layout.addLayout(top, 3)
        layout.addWidget(history_box, 2)

    def load(self) -> None:
        with self.ctx.read() as session:
            areas = area_choices(session)
            self.pending = unfinished_mock(session)
            pending = load_quiz(session, self.pending) if self.pending else None
            history = mock_history(session)
        self.areas.set_areas(areas)
        if pending is not None:
            answered = len(pending.items) - pending.unanswered
            self.banner_text.setText(
                f"<b>A mock test is in progress</b> — {answered} of {len(pending.items)} "
                f"answered, {clock_text(pending.remaining_ms or 0)} left. "
                "It resumes where you stopped, with the time that remained."
            )
        self.banner.setVisible(pending is not None)
        self.start_button.setEnabled(pending is None)
        self.history.set_rows(
            [
                (
                    h.finished.astimezone().strftime("%d %b %Y %H:%M"),
                    h.title,
                    h.prompts,
                    f"{format_marks(h.score)} / {format_marks(h.max_score)}",
                    f"{round(100 * h.score / h.max_score)}%" if h.max_score else "–",
                )
                for h in history
            ],
            keys=[h.id for h in history],
        )
        self.history_table.setVisible(bool(history))
        self.history_empty.setVisible(not history)
        self.open_button.setVisible(bool(history))
        self._update_available()

    def criteria(self) -> Criteria:
        return Criteria(areas=self.areas.chosen(), types=PRELIMS_TYPES)

    def _update_available(self) -> None:
        with self.ctx.read() as session:
            self.matching = count_matching(session, self.criteria(), self.ctx.now())
        self._show_available()

    def _show_available(self) -> None:
        n = self.matching
        take = min(n, self.count.value())
        minutes = take * self.pace.value() / 60
        self.available.setText(
            f"{counted(n, 'prompt')} available — this paper: {counted(take, 'prompt')}, "
            f"{minutes:g} minutes, "
            f"maximum {format_marks(2 * take)} marks."
            if n
            else "No prompts available in these areas."
        )
        self.start_button.setEnabled(n > 0 and self.pending is None)

    def start_new(self) -> None:
        criteria = self.criteria()
        with self.ctx.write(QUIZZES) as session:
            ids = pick_prompts(
                session,
                criteria,
                self.count.value(),
                self.ctx.now(),
                rng=random.Random(),
                mix=PAPER_MIX,
            )
            if not ids:
                return
            title = f"Mock test · {len(ids)} prompts"
            quiz_id = start_mock(
                session, ids, self.ctx.now(), self.pace.value(), title, criteria.areas
            )
        self.start.emit(quiz_id)

    def _resume(self) -> None:
        if self.pending is not None:
            self.start.emit(self.pending)

    def _discard(self) -> None:
        asked = QMessageBox.question(
            self,
            "Discard the test in progress",
            "Discard the mock test in progress? Its answers are not marked or kept.",
        )
        if self.pending is not None and asked == QMessageBox.StandardButton.Yes:
            with self.ctx.write(QUIZZES) as session:
                discard(session, self.pending)

    def _open_history_row(self, index: QModelIndex) -> None:
        key = self.history.key(index.row()) if index.isValid() else None
        if key is not None:
            self.show_result.emit(int(key))
