"""Mains answer-writing: choose a prompt, write against the clock with a live word
count — typed, or by hand on paper — then tick the key points covered to score it
(for a typed answer, the points it seems to cover come pre-ticked, with the reason);
every answer is kept for re-reading, can be deleted, and can be exported to Markdown
or PDF under a name made of the prompt and the date."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSizeF, QStandardPaths, Qt, QTimer, Signal
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

from studyapp.core.quiz.mains import (
    MainsAnswerView,
    answers_written,
    default_time_limit_s,
    delete_answer,
    export_file_name,
    hints_for,
    load_answer,
    mains_prompts,
    to_markdown,
    unfinished_answer,
)
from studyapp.core.study.clock import Clock, SystemClock
from studyapp.core.study.mains_draft import AnswerTime, MainsDraft, WordCount
from studyapp.core.wording import clock_text, counted
from studyapp.gui.context import CONTENT, QUIZZES, AppContext
from studyapp.gui.widgets.lazy import RefreshedWhenShown
from studyapp.gui.widgets.rows_model import RowsModel, table_view
from studyapp.gui.widgets.screen_parts import scrolled
from studyapp.gui.widgets.style import set_style_state

TICK_MS = 250


def answer_document(markdown: str) -> QTextDocument:
    """The exported answer as a laid-out document (hard line breaks kept)."""
    document = QTextDocument()
    document.setMarkdown(markdown)
    return document


def export_pdf(markdown: str, path: Path) -> None:
    """Lay the Markdown out on A4 pages with Qt's own PDF writer."""
    document = answer_document(markdown)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(144)
    writer.setTitle("Setu mains answer")
    document.setPageSize(QSizeF(writer.width(), writer.height()))
    document.print_(writer)


class KeyPointRow(QWidget):
    """A tick box with a key point that wraps (a check box's own text does not);
    clicking the text ticks it too."""

    def __init__(self, text: str, checked: bool, why: str = "") -> None:
        super().__init__()
        self.box = QCheckBox()
        self.box.setChecked(checked)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.why = QLabel(why)
        self.why.setObjectName("Muted")
        self.why.setWordWrap(True)
        self.why.setVisible(bool(why))
        texts = QVBoxLayout()
        texts.setSpacing(1)
        texts.addWidget(self.label)
        texts.addWidget(self.why)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(texts, 1)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.box.toggle()
        super().mouseReleaseEvent(event)


class MainsHub(RefreshedWhenShown):
    """The prompts to write on, and the answers already written."""

    write = Signal(int, int, bool)  # question id, time limit in seconds, on paper
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
        self.paper_button = QPushButton("Write on paper")
        self.paper_button.setToolTip(
            "Practise as in the exam hall: write by hand against the timer, "
            "then tick the key points you covered."
        )
        self.paper_button.clicked.connect(lambda: self._write(on_paper=True))
        write_row = QHBoxLayout()
        write_row.addStretch(1)
        write_row.addWidget(QLabel("Timer"))
        write_row.addWidget(self.minutes)
        write_row.addWidget(self.paper_button)
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
        self.delete_button = QPushButton("Delete answer…")
        self.delete_button.clicked.connect(self.confirm_delete)
        self.confirmation: QMessageBox | None = None
        answers_box = QGroupBox("Answers written")
        answers_layout = QVBoxLayout(answers_box)
        answers_layout.addWidget(self.answers_empty)
        answers_layout.addWidget(self.answer_table, 1)
        answer_buttons = QHBoxLayout()
        answer_buttons.addStretch(1)
        answer_buttons.addWidget(self.delete_button)
        answer_buttons.addWidget(open_button)
        answers_layout.addLayout(answer_buttons)

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
                    f"{a.word_count} / {a.word_limit}" + (" on paper" if a.on_paper else ""),
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
        self.delete_button.setVisible(bool(written))
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

    def _write(self, on_paper: bool = False) -> None:
        key = self.prompts.key(self.prompt_table.currentIndex().row())
        if key is not None:
            self.write.emit(key[0], self.minutes.value() * 60, on_paper)

    def confirm_delete(self) -> None:
        row = self.answer_table.currentIndex().row()
        key = self.answers.key(row)
        if key is None:
            return
        written, stem = self.answers.rows[row][0], self.answers.rows[row][1]
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete answer",
            f"Delete the answer of {written} to “{stem[:80]}…”? It cannot be brought back.",
            parent=self,
        )
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(
            lambda clicked: self._delete(int(key)) if clicked is delete else None
        )
        self.confirmation = box
        box.open()

    def _delete(self, answer_id: int) -> None:
        with self.ctx.write(QUIZZES) as session:
            delete_answer(session, answer_id)

    def _open_row(self, index: QModelIndex) -> None:
        key = self.answers.key(index.row()) if index.isValid() else None
        if key is not None:
            self.open_answer.emit(int(key))


class MainsEditor(QWidget):
    """Writing one answer, then assessing it against the key points. The answer, its
    timer and its saving are a `MainsDraft` (`studyapp.core.study.mains_draft`); this
    renders it and forwards the typing and ticking."""

    done = Signal()

    def __init__(
        self, ctx: AppContext, clock: Clock | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.draft = MainsDraft(ctx, clock or SystemClock(), self)

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
        # Pen and paper: the prompt, the clock and the word limit; the writing is by hand.
        self.paper_panel = QFrame()
        self.paper_panel.setObjectName("Card")
        self.paper_note = QLabel()
        self.paper_note.setWordWrap(True)
        self.paper_words = QSpinBox()
        self.paper_words.setRange(0, 1000)
        self.paper_words.setSingleStep(10)
        self.paper_words.setSuffix(" words")
        self.paper_words.setToolTip("Roughly: count the words of two lines and multiply by lines")
        paper_layout = QVBoxLayout(self.paper_panel)
        paper_layout.setContentsMargins(18, 14, 18, 14)
        paper_layout.addWidget(self.paper_note)
        words_row = QHBoxLayout()
        words_row.addWidget(QLabel("When you stop: about how many words did you write?"))
        words_row.addWidget(self.paper_words)
        words_row.addStretch(1)
        paper_layout.addLayout(words_row)
        paper_layout.addStretch(1)
        self.paper_panel.hide()
        self.confirmation: QMessageBox | None = None
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
        left_layout.addWidget(self.paper_panel, 1)
        left_layout.addLayout(status)

        # The self-assessment, shown once the answer is submitted.
        self.assessment = QWidget()
        assess_layout = QVBoxLayout(self.assessment)
        assess_layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading = QLabel("Tick the key points your answer covers")
        heading.setWordWrap(True)
        heading.setObjectName("CardTitle")
        self.hint_note = QLabel()
        self.hint_note.setObjectName("Muted")
        self.hint_note.setWordWrap(True)
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
        self.delete_button = QPushButton("Delete answer…")
        self.delete_button.clicked.connect(self.confirm_delete)
        self.export_status = QLabel()
        self.export_status.setObjectName("Muted")
        self.export_status.setWordWrap(True)
        self.export_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        exports = QHBoxLayout()
        exports.addWidget(self.export_md)
        exports.addWidget(self.export_pdf)
        exports.addStretch(1)
        exports.addWidget(self.delete_button)
        # The key points scroll on their own: six points with their reasons outgrow
        # the panel at 1024×700.
        checklist = QWidget()
        checklist_layout = QVBoxLayout(checklist)
        checklist_layout.setContentsMargins(0, 0, 0, 0)
        checklist_layout.addWidget(self.hint_note)
        checklist_layout.addLayout(self.points_box)
        checklist_layout.addStretch(1)
        assess_layout.addWidget(heading)
        assess_layout.addWidget(scrolled(checklist), 3)
        assess_layout.addWidget(self.score_label)
        assess_layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        assess_layout.addWidget(self.saved_label)
        assess_layout.addLayout(exports)
        assess_layout.addWidget(self.export_status)
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

        # Often enough for the draft to be saved soon after typing stops (the draft
        # decides when); the timer's text changes once a second.
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.draft.tick)
        self.paper_words.valueChanged.connect(self.draft.set_paper_words)

    # --- opening ----------------------------------------------------------------------

    def begin(self, question_id: int, time_limit_s: int, on_paper: bool = False) -> None:
        self.draft.begin(question_id, time_limit_s, on_paper)

    def open(self, answer_id: int) -> None:
        """A draft opens for writing with its clock; a submitted answer for reading."""
        self.draft.open(answer_id)

    @property
    def answer_id(self) -> int | None:
        return self.draft.answer_id

    @property
    def view(self) -> MainsAnswerView | None:
        return self.draft.answer

    # --- rendering (MainsDraftView) ----------------------------------------------------

    def show_answer(self, answer: MainsAnswerView) -> None:
        p = answer.prompt
        self.meta.setText(
            f"{p.area_title} · {p.directive} · {p.word_limit} words · {p.marks} marks"
        )
        self.stem.setText(p.stem)
        self.editor.blockSignals(True)
        self.editor.setPlainText(answer.text)
        self.editor.blockSignals(False)
        writing = answer.submitted is None
        self.editor.setReadOnly(not writing)
        self.editor.setVisible(not answer.on_paper)
        self.paper_panel.setVisible(answer.on_paper and writing)
        if answer.on_paper:
            self.paper_note.setText(
                f"<b>Write this answer by hand.</b> Keep to about {p.word_limit} words "
                f"(roughly {max(1, p.word_limit // 10)} lines of ten words) and "
                f"{answer.time_limit_s // 60} minutes: the clock above runs as in the exam "
                "hall. When you stop, count your words roughly, press "
                "“I have finished”, then tick the key points your page covers."
            )
            self.paper_words.setValue(answer.word_count)
        self.submit_button.setText("I have finished" if answer.on_paper else "Submit answer")
        self.submit_button.setVisible(writing)
        self.discard_button.setVisible(writing)
        self.export_status.clear()
        self._build_checklist(answer)
        self.assessment.setVisible(not writing)
        if not writing:  # a panel shown after being hidden would come back with no width
            width = max(self.splitter.width(), 900)
            self.splitter.setSizes([width * 3 // 5, width * 2 // 5])
        if writing:
            self.timer.start()
            self.editor.setFocus()
        else:
            self.timer.stop()

    def show_time(self, time: AnswerTime) -> None:
        if not time.writing:
            taken, limit = time.taken_s * 1000, time.limit_s * 1000
            self.clock.setText(f"{clock_text(taken)} of {clock_text(limit)}")
        else:
            left_ms = time.left_ms
            self.clock.setText(
                f"+{clock_text(-left_ms)} over" if left_ms < 0 else clock_text(left_ms)
            )
        set_style_state(self.clock, "low", time.running_out)

    def show_words(self, count: WordCount) -> None:
        n, limit = count.words, count.limit
        if count.on_paper:
            self.words.setText(f"Word limit {limit}" + (f" · about {n} written" if n else ""))
        else:
            self.words.setText(
                f"{n} / {limit} words" + (f" — {n - limit} over the limit" if count.over else "")
            )
        set_style_state(self.words, "over", count.over)

    def confirm_short_answer(self, words: int, limit: int) -> None:
        text = (
            "Your answer is empty."
            if words == 0
            else f"Your answer has {words} words of the {limit} asked."
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Submit a short answer?",
            text + " Submit it anyway? It is kept in your answers until you delete it.",
            parent=self,
        )
        anyway = box.addButton("Submit anyway", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep writing", QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(lambda clicked: self.submit_now() if clicked is anyway else None)
        self.confirmation = box
        box.open()  # the clock keeps running while the student decides

    def answer_closed(self) -> None:
        self.timer.stop()
        self.done.emit()

    def _build_checklist(self, view: MainsAnswerView) -> None:
        for row in self.point_rows:
            row.setParent(None)
            row.deleteLater()
        self.points, self.point_rows = [], []
        hints = hints_for(view) if view.submitted is not None else []
        why = {h.index: h.why for h in hints}
        # Before the first assessment the hints pre-tick; after it, the student's ticks stand.
        ticked = (
            set(view.points_covered) if view.assessed else {h.index for h in hints if h.covered}
        )
        if view.on_paper:
            self.hint_note.setText("Compare your page with each point and tick what it covers.")
        elif view.assessed:
            self.hint_note.setText("Your ticks as saved; the notes say what the text match found.")
        else:
            self.hint_note.setText(
                f"{counted(len(ticked), 'point')} pre-ticked by a word match with your answer — "
                "confirm or correct each, then save."
            )
        for n, point in enumerate(view.prompt.key_points):
            row = KeyPointRow(point, n in ticked, why.get(n, ""))
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

    # --- input, forwarded --------------------------------------------------------------

    def _on_text(self) -> None:
        self.draft.edit(self.editor.toPlainText())

    def save(self) -> None:
        """Keep the draft now (the app is closing)."""
        self.draft.save()

    def submit(self) -> None:
        """Submit the answer; an empty or very short typed one asks first."""
        self.draft.submit()

    def submit_now(self) -> None:
        self.draft.submit(confirmed=True)

    def confirm_delete(self) -> None:
        if self.draft.answer is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete answer",
            "Delete this answer and its self-assessment? It cannot be brought back.",
            parent=self,
        )
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(
            lambda clicked: self.draft.delete() if clicked is delete else None
        )
        self.confirmation = box
        box.open()

    def _discard(self) -> None:
        if self.draft.answer is None:
            return
        if self.draft.text.strip():
            asked = QMessageBox.question(self, "Discard draft", "Discard this unsubmitted answer?")
            if asked != QMessageBox.StandardButton.Yes:
                return
        self.draft.discard()

    def leave(self) -> None:
        """Back to the list; a draft is kept and its clock pauses."""
        if self.draft.answer is None:
            self.done.emit()
            return
        self.draft.leave()

    # --- assessing --------------------------------------------------------------------

    def covered(self) -> list[int]:
        return [n for n, box in enumerate(self.points) if box.isChecked()]

    def _show_score(self) -> None:
        if self.draft.answer is None:
            return
        p = self.draft.answer.prompt
        score = self.draft.score_of(self.covered())
        self.score_label.setText(
            f"{float(score):g} / {p.marks}  ·  {len(self.covered())} of {len(p.key_points)} points"
        )

    def save_assessment(self) -> None:
        self.draft.assess(self.covered())

    def markdown(self) -> str:
        assert self.answer_id is not None
        with self.ctx.read() as session:
            return to_markdown(load_answer(session, self.answer_id))

    def suggested_path(self, kind: str) -> Path:
        """The prompt and the date as the file name, in Documents (or the home folder)."""
        assert self.view is not None
        folder = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            or Path.home()
        )
        return folder / export_file_name(self.view, kind)

    def _export(self, kind: str) -> None:
        filters = "Markdown (*.md)" if kind == "md" else "PDF (*.pdf)"
        suggested = str(self.suggested_path(kind))
        path, _ = QFileDialog.getSaveFileName(self, "Export answer", suggested, filters)
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> bool:
        """Write the answer to `path` and say where it went (or why it could not)."""
        markdown = self.markdown()
        try:
            if path.suffix.lower() == ".pdf":
                export_pdf(markdown, path)
                if not path.is_file():
                    raise OSError("the PDF writer could not create the file")
            else:
                path.write_text(markdown, encoding="utf-8")
        except OSError as error:
            reason = error.strerror or str(error)
            self.export_status.setText(f"Could not save the answer to {path}: {reason}.")
            return False
        self.export_status.setText(f"Saved to {path}")
        return True


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

    def _write(self, question_id: int, limit_s: int, on_paper: bool = False) -> None:
        self.editor.begin(question_id, limit_s, on_paper)
        self.setCurrentWidget(self.editor)

    def _open(self, answer_id: int) -> None:
        self.editor.open(answer_id)
        self.setCurrentWidget(self.editor)
