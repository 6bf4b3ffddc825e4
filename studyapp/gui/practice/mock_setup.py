"""Setting up a mock test — a custom mix, a full-length paper, a sectional paper or a
paper of your mistakes — resuming an interrupted one, the papers to sit again with
their earlier scores, and the history of scores."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.errors import UserFacingError
from studyapp.core.exchange.printable import question_paper
from studyapp.core.models import Paper
from studyapp.core.quiz.marking import MARK_WRONG, format_marks
from studyapp.core.quiz.mocks import (
    DEFAULT_MOCK_SIZE,
    SECONDS_PER_PROMPT,
    delete_mock,
    mock_history,
)
from studyapp.core.quiz.papers import (
    FULL_LENGTH,
    MISTAKES_MAX,
    SECTIONAL_MAX,
    SECTIONAL_MIN,
    PaperError,
    PaperSummary,
    delete_paper,
    full_length_available,
    list_papers,
    make_custom_paper,
    make_full_paper,
    make_mistakes_paper,
    make_sectional_paper,
    sit_paper,
    still_wrong,
)
from studyapp.core.quiz.pending import pending_mock, unfinished_mock
from studyapp.core.quiz.records import discard
from studyapp.core.quiz.selection import PRELIMS_TYPES, Criteria, area_choices, count_matching
from studyapp.core.wording import clock_text, counted
from studyapp.gui.context import CONTENT, QUIZZES, AppContext
from studyapp.gui.practice.area_picker import AreaPicker
from studyapp.gui.printing import write_pdf
from studyapp.gui.widgets.lazy import RefreshedWhenShown
from studyapp.gui.widgets.rows_model import RowsModel, table_view

# The kinds of paper the setup makes: key → (label in the list, what it is).
PAPER_CHOICES = {
    "custom": ("Custom mix", "the areas you tick, as many prompts and as much time as you set"),
    "full": (
        "Full-length (prelims pattern)",
        f"{FULL_LENGTH} prompts over every area in 120 minutes, as in the exam",
    ),
    "sectional": (
        "Sectional (one area)",
        f"{SECTIONAL_MIN}–{SECTIONAL_MAX} prompts of the one area you tick",
    ),
    "mistakes": (
        "My mistakes",
        f"up to {MISTAKES_MAX} prompts whose latest answer was wrong (in the ticked areas)",
    ),
}


def _paper_row(p: PaperSummary) -> tuple[object, ...]:
    last, best = p.last, p.best
    return (
        p.title,
        p.kind_label,
        p.prompts,
        f"{p.minutes} min",
        len(p.attempts) or "not yet",
        f"{format_marks(last.score)} / {format_marks(last.max_score)}" if last else "–",
        f"{format_marks(best.score)}" if best else "–",
    )


class MockSetup(RefreshedWhenShown):
    watches = frozenset({CONTENT, QUIZZES})
    start = Signal(int)  # quiz id to run (new or resumed)
    show_result = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.matching = 0  # prompts the chosen areas offer
        self.full_available = 0  # four-option prompts in the bank
        self.mistakes_available = 0  # prompts whose latest answer was wrong
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
        self.kind = QComboBox()
        for key, (label, what) in PAPER_CHOICES.items():
            self.kind.addItem(label, key)
            self.kind.setItemData(self.kind.count() - 1, what, Qt.ItemDataRole.ToolTipRole)
        self.kind.currentIndexChanged.connect(self._on_kind)
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
        form.addRow("Paper", self.kind)
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
        self.delete_button = QPushButton("Delete from history…")
        self.delete_button.clicked.connect(self.confirm_delete_mock)
        self.confirmation: QMessageBox | None = None
        history_page = QWidget()
        history_layout = QVBoxLayout(history_page)
        history_layout.addWidget(self.history_empty)
        history_layout.addWidget(self.history_table, 1)
        history_buttons = QHBoxLayout()
        history_buttons.addStretch(1)
        history_buttons.addWidget(self.delete_button)
        history_buttons.addWidget(open_button)
        history_layout.addLayout(history_buttons)

        self.papers = RowsModel(
            ["Paper", "Kind", "Prompts", "Time", "Sittings", "Last score", "Best"],
            numeric=(2, 3, 4, 5, 6),
        )
        self.paper_table = table_view(self.papers, stretch=0)
        self.paper_table.doubleClicked.connect(lambda _: self._sit_selected())
        self.papers_empty = QLabel(
            "Every paper you start is kept here, to sit again and compare your scores."
        )
        self.papers_empty.setObjectName("Muted")
        self.papers_empty.setWordWrap(True)
        self.sit_button = QPushButton("Sit again")
        self.sit_button.setObjectName("Primary")
        self.sit_button.clicked.connect(self._sit_selected)
        self.delete_paper_button = QPushButton("Remove paper…")
        self.delete_paper_button.clicked.connect(self.confirm_delete_paper)
        self.print_button = QPushButton("Print as PDF…")
        self.print_button.setToolTip(
            "The paper as a printed question paper, with an answer sheet and the key, "
            "to sit on paper"
        )
        self.print_button.clicked.connect(self._print_selected)
        self.print_status = QLabel()
        self.print_status.setObjectName("Muted")
        self.print_status.setWordWrap(True)
        papers_page = QWidget()
        papers_layout = QVBoxLayout(papers_page)
        papers_layout.addWidget(self.papers_empty)
        papers_layout.addWidget(self.paper_table, 1)
        paper_buttons = QHBoxLayout()
        paper_buttons.addWidget(self.print_status, 1)
        paper_buttons.addWidget(self.print_button)
        paper_buttons.addWidget(self.delete_paper_button)
        paper_buttons.addWidget(self.sit_button)
        papers_layout.addLayout(paper_buttons)

        self.lists = QTabWidget()
        self.lists.setDocumentMode(True)
        self.lists.addTab(papers_page, "Papers")
        self.lists.addTab(history_page, "Mock-test history")
        history_box = self.lists

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
            pending = pending_mock(session)
            self.pending = None if pending is None else pending.quiz_id
            history = mock_history(session)
            papers = list_papers(session)
            self.full_available = full_length_available(session, self.ctx.now())
            self.mistakes_available = len(still_wrong(session))
        self.areas.set_areas(areas)
        if pending is not None:
            self.banner_text.setText(
                f"<b>A mock test is in progress</b> — {pending.answered} of {pending.prompts} "
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
            keys=[h.quiz_id for h in history],
        )
        self.history_table.setVisible(bool(history))
        self.history_empty.setVisible(not history)
        self.open_button.setVisible(bool(history))
        self.delete_button.setVisible(bool(history))
        current = self.paper_table.currentIndex().row()
        self.papers.set_rows([_paper_row(p) for p in papers], keys=[p.id for p in papers])
        if papers:
            self.paper_table.selectRow(max(0, min(current, len(papers) - 1)))
        self.paper_table.setVisible(bool(papers))
        self.papers_empty.setVisible(not papers)
        self.sit_button.setVisible(bool(papers))
        self.sit_button.setEnabled(pending is None)
        self.delete_paper_button.setVisible(bool(papers))
        self.print_button.setVisible(bool(papers))
        self._on_kind()

    def criteria(self) -> Criteria:
        return Criteria(areas=self.areas.chosen(), types=PRELIMS_TYPES)

    def paper_kind(self) -> str:
        return str(self.kind.currentData())

    def set_paper_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def _on_kind(self) -> None:
        """Each kind of paper fixes some choices: a full-length paper is the exam's
        size and pace, a sectional one 10–25 prompts."""
        kind = self.paper_kind()
        self.count.blockSignals(True)
        if kind == "full":
            self.count.setRange(FULL_LENGTH, FULL_LENGTH)
            self.pace.setValue(SECONDS_PER_PROMPT)
        elif kind == "sectional":
            self.count.setRange(SECTIONAL_MIN, SECTIONAL_MAX)
        elif kind == "mistakes":
            self.count.setRange(1, MISTAKES_MAX)
        else:
            self.count.setRange(1, 100)
        self.count.blockSignals(False)
        self.count.setEnabled(kind != "full")
        self.pace.setEnabled(kind != "full")
        self.areas.setEnabled(kind != "full")
        self._update_available()

    def _update_available(self) -> None:
        with self.ctx.read() as session:
            self.matching = count_matching(session, self.criteria(), self.ctx.now())
        self._show_available()

    def _show_available(self) -> None:
        kind, chosen = self.paper_kind(), self.areas.chosen()
        n = {"full": self.full_available, "mistakes": self.mistakes_available}.get(
            kind, self.matching
        )
        take = min(n, self.count.value())
        minutes = take * self.pace.value() / 60
        problem = ""
        if kind == "full" and n < FULL_LENGTH:
            problem = (
                f"A full-length paper needs {FULL_LENGTH} four-option prompts; the bank has {n}."
            )
        elif kind == "sectional" and len(chosen) != 1:
            problem = "Tick exactly one area for a sectional paper."
        elif kind == "sectional" and n < SECTIONAL_MIN:
            problem = f"This area has {n} four-option prompts; a sectional paper needs 10."
        elif kind == "mistakes" and n == 0:
            problem = "No mistakes to practise: every prompt you got wrong is right since."
        elif n == 0:
            problem = "No prompts available in these areas."
        self.available.setText(
            problem
            or f"{counted(n, 'prompt')} available — this paper: {counted(take, 'prompt')}, "
            f"{minutes:g} minutes, "
            f"maximum {format_marks(2 * take)} marks."
        )
        self.start_button.setEnabled(not problem and self.pending is None)

    def start_new(self) -> None:
        """Make a paper of the chosen kind and start sitting it; a paper the bank
        cannot give is explained under the form instead."""
        kind, now, rng = self.paper_kind(), self.ctx.now(), random.Random()
        criteria = self.criteria()
        try:
            with self.ctx.write(QUIZZES) as session:
                if kind == "full":
                    paper = make_full_paper(session, now, rng)
                elif kind == "sectional":
                    areas = criteria.areas
                    if len(areas) != 1:
                        raise PaperError("Tick exactly one area for a sectional paper.")
                    paper = make_sectional_paper(session, areas[0], self.count.value(), now, rng)
                elif kind == "mistakes":
                    paper = make_mistakes_paper(
                        session, now, rng, self.count.value(), criteria.areas
                    )
                else:
                    paper = make_custom_paper(
                        session, criteria, self.count.value(), now, rng, self.pace.value()
                    )
                quiz_id = sit_paper(session, paper, now)
        except PaperError as error:
            self.available.setText(str(error))
            return
        self.start.emit(quiz_id)

    def sit(self, paper_id: int) -> None:
        """Sit a paper again (from the list or from a result), unless a test is running."""
        with self.ctx.read() as session:
            pending = unfinished_mock(session)
        problem = "Finish or discard the test in progress first." if pending is not None else ""
        if not problem:
            try:
                with self.ctx.write(QUIZZES) as session:
                    quiz_id = sit_paper(session, paper_id, self.ctx.now())
            except PaperError as error:
                problem = str(error)
        if problem:
            box = QMessageBox(QMessageBox.Icon.Information, "Sit the paper", problem, parent=self)
            self.confirmation = box
            box.open()  # not a nested event loop: the screen stays as it is
            return
        self.start.emit(quiz_id)

    def _sit_selected(self) -> None:
        key = self.papers.key(self.paper_table.currentIndex().row())
        if key is not None:
            self.sit(int(key))

    def _print_selected(self) -> None:
        row = self.paper_table.currentIndex().row()
        key = self.papers.key(row)
        if key is None:
            return
        title = str(self.papers.rows[row][0])
        name = "-".join(re.findall(r"[^\W_]+", title.lower())) + ".pdf"
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder or Path.home()) / name)
        path, _ = QFileDialog.getSaveFileName(self, "Print paper", suggested, "PDF (*.pdf)")
        if path:
            self.print_paper(int(key), Path(path))

    def print_paper(self, paper_id: int, path: Path) -> bool:
        """The paper as a printable question paper (answer sheet and key) in a PDF."""
        try:
            with self.ctx.read() as session:
                paper = session.get(Paper, paper_id)
                if paper is None:
                    return False
                printable = question_paper(
                    session, [int(q) for q in paper.question_ids], title=paper.title
                )
            pages = write_pdf(printable, path)
        except (UserFacingError, OSError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.print_status.setText(f"Could not print the paper to {path}: {reason}")
            return False
        self.print_status.setText(f"Saved to {path} ({pages} pages)")
        return True

    def show_paper(self, paper_id: int) -> None:
        """Select a paper in the list (a paper just made from a result's mistakes)."""
        self.load()
        self.lists.setCurrentIndex(0)
        if paper_id in self.papers.keys:
            self.paper_table.selectRow(self.papers.keys.index(paper_id))

    def _ask(self, title: str, text: str, yes: str, then: Callable[[], None]) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(lambda clicked: then() if clicked is button else None)
        self.confirmation = box
        box.open()

    def confirm_delete_mock(self) -> None:
        row = self.history_table.currentIndex().row()
        key = self.history.key(row)
        if key is None:
            return
        title, when = self.history.rows[row][1], self.history.rows[row][0]

        def delete() -> None:
            with self.ctx.write(QUIZZES) as session:
                delete_mock(session, int(key))

        self._ask(
            "Delete from history",
            f"Delete “{title}” of {when} from your history? Its score and results go; "
            "the answers it gave stay in your review record.",
            "Delete",
            delete,
        )

    def confirm_delete_paper(self) -> None:
        row = self.paper_table.currentIndex().row()
        key = self.papers.key(row)
        if key is None:
            return

        def remove() -> None:
            with self.ctx.write(QUIZZES) as session:
                delete_paper(session, int(key))

        self._ask(
            "Remove paper",
            f"Remove “{self.papers.rows[row][0]}” from your papers? Its sittings stay in "
            "the mock-test history.",
            "Remove",
            remove,
        )

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
