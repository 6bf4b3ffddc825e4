"""Mains answer-writing: choose a prompt, write against the clock with a live word
count, then tick the key points covered to score it; every answer is kept for
re-reading and can be exported to Markdown or PDF."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.mains import (
    MainsAnswerView,
    answers_written,
    count_words,
    default_time_limit_s,
    discard_draft,
    load_answer,
    mains_prompts,
    save_draft,
    score_for,
    self_assess,
    start_answer,
    submit_answer,
    to_markdown,
    unfinished_answer,
)
from studyapp.gui.context import CONTENT, QUIZZES, REVIEWS, AppContext
from studyapp.gui.practice.mock_runner import clock_text
from studyapp.gui.widgets.lazy import RefreshedWhenShown
from studyapp.gui.widgets.rows_model import RowsModel, table_view
from studyapp.gui.widgets.style import set_style_state

DRAFT_SAVE_MS = 1500  # after the last keystroke


def export_pdf(markdown: str, path: Path) -> None:
    """Lay the Markdown out on A4 pages with Qt's own PDF writer."""
    document = QTextDocument()
    document.setMarkdown(markdown)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(144)
    writer.setTitle("Setu mains answer")
    document.setPageSize(QSizeF(writer.width(), writer.height()))
    document.print_(writer)


class KeyPointRow(QWidget):
    """A tick box with a key point that wraps (a check box's own text does not);
    clicking the text ticks it too."""

    def __init__(self, text: str, checked: bool) -> None:
        super().__init__()
        self.box = QCheckBox()
        self.box.setChecked(checked)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.box.toggle()
        super().mouseReleaseEvent(event)


class MainsHub(RefreshedWhenShown):
    """The prompts to write on, and the answers already written."""

    write = Signal(int, int)  # question id, time limit in seconds
    open_answer = Signal(int)
    resume = Signal(int)
    watches = frozenset({CONTENT, QUIZZES})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.draft: int | None = None

        self.banner = QFrame()
        self.banner.setObjectName("Banner")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        resume = QPushButton("Resume writing")
        resume.setObjectName("Primary")
        resume.clicked.connect(lambda: self.draft and self.resume.emit(self.draft))
        banner_row = QHBoxLayout(self.banner)
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(resume)
        self.banner.hide()

        self.prompts = RowsModel(
            ["Area", "Prompt", "Directive", "Words", "Marks", "Written"], numeric=(3, 4, 5)
        )
        self.prompt_table = table_view(self.prompts, stretch=1)
        self.prompt_table.doubleClicked.connect(lambda _: self._write())
        self.prompt_table.selectionModel().currentRowChanged.connect(self._on_prompt_row)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 60)
        self.minutes.setSuffix(" min")
        self.minutes.setToolTip("7 minutes for 150 words and 11 for 250, as in the exam")
        self.write_button = QPushButton("Write an answer")
        self.write_button.setObjectName("Primary")
        self.write_button.clicked.connect(self._write)
        write_row = QHBoxLayout()
        write_row.addStretch(1)
        write_row.addWidget(QLabel("Timer"))
        write_row.addWidget(self.minutes)
        write_row.addWidget(self.write_button)
        prompt_box = QGroupBox("Mains prompts")
        prompt_layout = QVBoxLayout(prompt_box)
        prompt_layout.addWidget(self.prompt_table, 1)
        prompt_layout.addLayout(write_row)

        self.answers = RowsModel(["Written", "Prompt", "Words", "Time", "Score"], numeric=(2, 3, 4))
        self.answer_table = table_view(self.answers, stretch=1)
        self.answer_table.doubleClicked.connect(self._open_row)
        self.answers_empty = QLabel("The answers you write are kept here for re-reading.")
        self.answers_empty.setObjectName("Muted")
        self.read_button = open_button = QPushButton("Read answer")
        open_button.clicked.connect(lambda: self._open_row(self.answer_table.currentIndex()))
        answers_box = QGroupBox("Answers written")
        answers_layout = QVBoxLayout(answers_box)
        answers_layout.addWidget(self.answers_empty)
        answers_layout.addWidget(self.answer_table, 1)
        answers_layout.addWidget(open_button, 0, Qt.AlignmentFlag.AlignRight)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(prompt_box, 3)
        layout.addWidget(answers_box, 2)

    def load(self) -> None:
        with self.ctx.read() as session:
            prompts = mains_prompts(session)
            written = answers_written(session)
            self.draft = unfinished_answer(session)
            draft = load_answer(session, self.draft) if self.draft else None
        current = self.prompt_table.currentIndex().row()
        self.prompts.set_rows(
            [
                (p.area_title, p.stem, p.directive, p.word_limit, p.marks, p.attempts or "")
                for p in prompts
            ],
            keys=[(p.id, p.word_limit) for p in prompts],
        )
        if prompts:
            self.prompt_table.selectRow(max(0, min(current, len(prompts) - 1)))
        self.answers.set_rows(
            [
                (
                    a.submitted.astimezone().strftime("%d %b %Y %H:%M"),
                    a.stem,
                    f"{a.word_count} / {a.word_limit}",
                    clock_text(a.time_taken_s * 1000),
                    "not assessed" if a.score is None else f"{a.score:g} / {a.marks}",
                )
                for a in written
            ],
            keys=[a.id for a in written],
        )
        self.answer_table.setVisible(bool(written))
        self.answers_empty.setVisible(not written)
        self.read_button.setVisible(bool(written))
        if draft is not None:
            self.banner_text.setText(
                f"<b>An answer is in progress</b> — {draft.word_count} words so far on "
                f"“{draft.prompt.stem[:90]}…”"
            )
        self.banner.setVisible(draft is not None)
        self.write_button.setEnabled(bool(prompts))

    def _on_prompt_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = self.prompts.key(current.row())
        if key is not None:
            self.minutes.setValue(default_time_limit_s(key[1]) // 60)

    def select_prompt(self, row: int) -> None:
        self.prompt_table.selectRow(row)

    def _write(self) -> None:
        key = self.prompts.key(self.prompt_table.currentIndex().row())
        if key is not None:
            self.write.emit(key[0], self.minutes.value() * 60)

    def _open_row(self, index: QModelIndex) -> None:
        key = self.answers.key(index.row()) if index.isValid() else None
        if key is not None:
            self.open_answer.emit(int(key))


class MainsEditor(QWidget):
    """Writing one answer, then assessing it against the key points."""

    done = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.answer_id: int | None = None
        self.view: MainsAnswerView | None = None
        self.elapsed_s = 0.0
        self._running_since: float | None = None

        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setObjectName("Muted")
        self.stem = QLabel()
        self.stem.setObjectName("Stem")
        self.stem.setWordWrap(True)
        self.clock = QLabel()
        self.clock.setObjectName("Countdown")
        self.words = QLabel()
        self.words.setObjectName("WordCount")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("AnswerEditor")
        self.editor.setPlaceholderText(
            "Write your answer here: an introduction, the body in points or short "
            "paragraphs, and a way forward."
        )
        self.editor.textChanged.connect(self._on_text)
        self.submit_button = QPushButton("Submit answer")
        self.submit_button.setObjectName("Primary")
        self.submit_button.clicked.connect(self.submit)
        self.discard_button = QPushButton("Discard draft")
        self.discard_button.clicked.connect(self._discard)
        self.back_button = QPushButton("Back to mains")
        self.back_button.clicked.connect(self.leave)
        status = QHBoxLayout()
        status.addWidget(self.words)
        status.addStretch(1)
        status.addWidget(self.discard_button)
        status.addWidget(self.back_button)
        status.addWidget(self.submit_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.meta, 1)
        top.addWidget(QLabel("Time"))
        top.addWidget(self.clock)
        left_layout.addLayout(top)
        left_layout.addWidget(self.stem)
        left_layout.addWidget(self.editor, 1)
        left_layout.addLayout(status)

        # The self-assessment, shown once the answer is submitted.
        self.assessment = QWidget()
        assess_layout = QVBoxLayout(self.assessment)
        assess_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Tick the key points your answer covers")
        heading.setWordWrap(True)
        heading.setObjectName("CardTitle")
        self.points_box = QVBoxLayout()
        self.points: list[QCheckBox] = []
        self.point_rows: list[QWidget] = []
        self.score_label = QLabel()
        self.score_label.setWordWrap(True)
        self.score_label.setObjectName("SectionTitle")
        self.save_button = QPushButton("Save self-assessment")
        self.save_button.setObjectName("Primary")
        self.save_button.clicked.connect(self.save_assessment)
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        self.saved_label.setObjectName("Muted")
        self.outline = QTextBrowser()
        self.export_md = QPushButton("Export Markdown…")
        self.export_md.clicked.connect(lambda: self._export("md"))
        self.export_pdf = QPushButton("Export PDF…")
        self.export_pdf.clicked.connect(lambda: self._export("pdf"))
        exports = QHBoxLayout()
        exports.addWidget(self.export_md)
        exports.addWidget(self.export_pdf)
        exports.addStretch(1)
        assess_layout.addWidget(heading)
        assess_layout.addLayout(self.points_box)
        assess_layout.addWidget(self.score_label)
        assess_layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        assess_layout.addWidget(self.saved_label)
        assess_layout.addLayout(exports)
        outline_title = QLabel("Model outline")
        outline_title.setObjectName("CardTitle")
        assess_layout.addSpacing(8)
        assess_layout.addWidget(outline_title)
        assess_layout.addWidget(self.outline, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.assessment)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(DRAFT_SAVE_MS)
        self.autosave.timeout.connect(self.save)

    # --- opening ----------------------------------------------------------------------

    def begin(self, question_id: int, time_limit_s: int) -> None:
        with self.ctx.write(QUIZZES) as session:
            answer_id = start_answer(session, question_id, self.ctx.now(), time_limit_s)
        self.open(answer_id)

    def open(self, answer_id: int) -> None:
        """A draft opens for writing with its clock; a submitted answer for reading."""
        with self.ctx.read() as session:
            view = load_answer(session, answer_id)
        self.answer_id, self.view = answer_id, view
        p = view.prompt
        self.meta.setText(
            f"{p.area_title} · {p.directive} · {p.word_limit} words · {p.marks} marks"
        )
        self.stem.setText(p.stem)
        self.editor.blockSignals(True)
        self.editor.setPlainText(view.text)
        self.editor.blockSignals(False)
        self.elapsed_s = float(view.time_taken_s)
        writing = view.submitted is None
        self.editor.setReadOnly(not writing)
        self.submit_button.setVisible(writing)
        self.discard_button.setVisible(writing)
        self._build_checklist(view)
        self.assessment.setVisible(not writing)
        if not writing:  # a panel shown after being hidden would come back with no width
            width = max(self.splitter.width(), 900)
            self.splitter.setSizes([width * 3 // 5, width * 2 // 5])
        if writing:
            self._running_since = time.monotonic()
            self.timer.start()
            self.editor.setFocus()
        else:
            self._running_since = None
            self.timer.stop()
        self._show_clock()
        self._show_words()

    def _build_checklist(self, view: MainsAnswerView) -> None:
        for row in self.point_rows:
            row.setParent(None)
            row.deleteLater()
        self.points, self.point_rows = [], []
        for n, point in enumerate(view.prompt.key_points):
            row = KeyPointRow(point, n in view.points_covered)
            row.box.toggled.connect(self._show_score)
            self.points.append(row.box)
            self.point_rows.append(row)
            self.points_box.addWidget(row)
        self.outline.setMarkdown(view.prompt.model_outline)
        self.saved_label.setText(
            "Saved." if view.assessed else "Not assessed yet: tick the points and save."
        )
        assessed = view.assessed
        self.export_md.setEnabled(True)
        self.export_pdf.setEnabled(True)
        self.save_button.setText("Update self-assessment" if assessed else "Save self-assessment")
        self._show_score()

    # --- writing ----------------------------------------------------------------------

    def time_taken_s(self) -> int:
        running = time.monotonic() - self._running_since if self._running_since else 0.0
        return int(self.elapsed_s + running)

    def _tick(self) -> None:
        self._show_clock()

    def _show_clock(self) -> None:
        if self.view is None:
            return
        if self.view.submitted is not None:
            taken, limit = self.view.time_taken_s * 1000, self.view.time_limit_s * 1000
            self.clock.setText(f"{clock_text(taken)} of {clock_text(limit)}")
            set_style_state(self.clock, "low", taken > limit)
            return
        left_ms = (self.view.time_limit_s - self.time_taken_s()) * 1000
        over = left_ms < 0
        self.clock.setText(f"+{clock_text(-left_ms)} over" if over else clock_text(left_ms))
        set_style_state(self.clock, "low", over or left_ms <= 60_000)

    def _on_text(self) -> None:
        self._show_words()
        self.autosave.start()

    def word_count(self) -> int:
        return count_words(self.editor.toPlainText())

    def _show_words(self) -> None:
        if self.view is None:
            return
        n, limit = self.word_count(), self.view.prompt.word_limit
        over = n > limit
        self.words.setText(
            f"{n} / {limit} words" + (f" — {n - limit} over the limit" if over else "")
        )
        set_style_state(self.words, "over", over)

    def save(self) -> None:
        """Keep the draft (called shortly after typing stops, and on leaving)."""
        if self.answer_id is None or self.view is None or self.view.submitted is not None:
            return
        with self.ctx.write() as session:
            save_draft(session, self.answer_id, self.editor.toPlainText(), self.time_taken_s())

    def submit(self) -> None:
        if self.answer_id is None:
            return
        self.autosave.stop()
        with self.ctx.write(QUIZZES) as session:
            submit_answer(
                session,
                self.answer_id,
                self.editor.toPlainText(),
                self.time_taken_s(),
                self.ctx.now(),
            )
        self.open(self.answer_id)

    def _discard(self) -> None:
        if self.answer_id is None:
            return
        if self.editor.toPlainText().strip():
            asked = QMessageBox.question(self, "Discard draft", "Discard this unsubmitted answer?")
            if asked != QMessageBox.StandardButton.Yes:
                return
        self.autosave.stop()
        self.timer.stop()
        with self.ctx.write(QUIZZES) as session:
            discard_draft(session, self.answer_id)
        self.answer_id = self.view = None
        self.done.emit()

    def leave(self) -> None:
        """Back to the list; a draft is kept and its clock pauses."""
        self.autosave.stop()
        self.save()
        self.timer.stop()
        self.answer_id = self.view = None
        self.ctx.changed.emit({QUIZZES})
        self.done.emit()

    # --- assessing --------------------------------------------------------------------

    def covered(self) -> list[int]:
        return [n for n, box in enumerate(self.points) if box.isChecked()]

    def _show_score(self) -> None:
        if self.view is None:
            return
        p = self.view.prompt
        score = score_for(len(self.covered()), len(p.key_points), p.marks)
        self.score_label.setText(
            f"{float(score):g} / {p.marks}  ·  {len(self.covered())} of {len(p.key_points)} points"
        )

    def save_assessment(self) -> None:
        if self.answer_id is None:
            return
        with self.ctx.write(QUIZZES, REVIEWS) as session:
            self_assess(session, self.answer_id, self.covered(), self.ctx.now())
        self.open(self.answer_id)

    def markdown(self) -> str:
        assert self.answer_id is not None
        with self.ctx.read() as session:
            return to_markdown(load_answer(session, self.answer_id))

    def _export(self, kind: str) -> None:
        name = "setu-mains-answer." + kind
        filters = "Markdown (*.md)" if kind == "md" else "PDF (*.pdf)"
        suggested = str(Path.home() / name)
        path, _ = QFileDialog.getSaveFileName(self, "Export answer", suggested, filters)
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> None:
        markdown = self.markdown()
        if path.suffix.lower() == ".pdf":
            export_pdf(markdown, path)
        else:
            path.write_text(markdown, encoding="utf-8")


class MainsPage(QStackedWidget):
    """The hub and the editor, one at a time."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = MainsHub(ctx)
        self.editor = MainsEditor(ctx)
        self.addWidget(self.hub)
        self.addWidget(self.editor)
        self.hub.write.connect(self._write)
        self.hub.open_answer.connect(self._open)
        self.hub.resume.connect(self._open)
        self.editor.done.connect(lambda: self.setCurrentWidget(self.hub))

    def _write(self, question_id: int, limit_s: int) -> None:
        self.editor.begin(question_id, limit_s)
        self.setCurrentWidget(self.editor)

    def _open(self, answer_id: int) -> None:
        self.editor.open(answer_id)
        self.setCurrentWidget(self.editor)
