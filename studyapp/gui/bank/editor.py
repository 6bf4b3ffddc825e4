"""Adding and editing the student's own prompts: a form for each prompt type, checked
as the content validator checks the bundled files (the same messages, naming the
field) while the student types, and a live preview of the prompt as review shows it.

Bundled prompts are never edited here: the bank duplicates them first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.bank.areas import OWN_AREA_ID
from studyapp.core.bank.authoring import (
    EditorChoices,
    PromptRefused,
    check_prompt,
    editor_choices,
    preview_view,
    save_front_back,
    save_prompt,
)
from studyapp.core.content.prompts import TYPE_LABELS
from studyapp.core.errors import Problem, UserFacingError
from studyapp.gui.bank.type_forms import FORMS, TypeForm
from studyapp.gui.context import CONTENT, AppContext
from studyapp.gui.widgets.prompt_widget import PromptWidget
from studyapp.gui.widgets.screen_parts import scrolled

CHECK_DELAY_MS = 150  # re-check and re-draw the preview this long after the last key


LABEL_WIDTH = 96


def _align_labels(layout: QFormLayout) -> None:
    """The common fields and the type's own share one label column."""
    for row in range(layout.rowCount()):
        item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if label is not None:
            label.setMinimumWidth(LABEL_WIDTH)


class PickList(QListWidget):
    """A list of checkable items (sections, sources) that reports changes."""

    changed = Signal()

    def __init__(self, items: list[tuple[str, str]], height: int) -> None:
        super().__init__()
        for key, title in items:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(key)
            self.addItem(item)
        self.setFixedHeight(height)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def chosen(self) -> list[str]:
        return [
            str(self.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_chosen(self, keys: list[str]) -> None:
        wanted = set(keys)
        self.blockSignals(True)
        # The chosen ones move to the top, where they are seen without scrolling.
        items = [self.takeItem(0) for _ in range(self.count())]
        items.sort(key=lambda item: item.data(Qt.ItemDataRole.UserRole) not in wanted)
        for item in items:
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)


class PromptEditor(QDialog):
    """New prompt (`question_id` None) or an own prompt edited in place."""

    saved = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        doc: dict[str, Any] | None = None,
        question_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.question_id = question_id
        self.saved_id: int | None = None
        self.problems: list[Problem] = []
        with ctx.read() as session:
            self.choices: EditorChoices = editor_choices(session)
        self.setWindowTitle("Edit your prompt" if question_id else "Add a prompt")
        self.resize(1100, 760)

        self.type = QComboBox()
        self.forms: dict[str, TypeForm] = {}
        self.type_pages = QStackedWidget()
        for form_class in FORMS:
            page = form_class()
            page.changed.connect(self._schedule_check)
            self.forms[page.qtype] = page
            self.type_pages.addWidget(page)
            self.type.addItem(TYPE_LABELS[page.qtype], page.qtype)
        self.type.currentIndexChanged.connect(self._on_type)
        self.stem = QPlainTextEdit()
        self.stem.setPlaceholderText("The question as the student reads it")
        self.stem.setFixedHeight(80)
        self.stem.textChanged.connect(self._schedule_check)
        self.explanation = QPlainTextEdit()
        self.explanation.setPlaceholderText(
            "Why the key is right and each other option wrong (at least 20 characters)"
        )
        self.explanation.setFixedHeight(80)
        self.explanation.textChanged.connect(self._schedule_check)
        self.area = QComboBox()
        for area_id, title in self.choices.areas:
            self.area.addItem(title, area_id)
        self.area.currentIndexChanged.connect(self._schedule_check)
        self.difficulty = QComboBox()
        for level in ("easy", "medium", "hard"):
            self.difficulty.addItem(level.capitalize(), level)
        self.difficulty.setCurrentIndex(1)
        self.difficulty.currentIndexChanged.connect(self._schedule_check)
        self.sections = PickList(self.choices.sections, 130)
        self.sections.changed.connect(self._schedule_check)
        self.sources = PickList(self.choices.sources, 90)
        self.sources.changed.connect(self._schedule_check)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("words that help you find it, separated by spaces")
        self.tags.textChanged.connect(self._schedule_check)

        form = QFormLayout()
        form.addRow("Type", self.type)
        form.addRow("Prompt", self.stem)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 8, 0)
        body_layout.addLayout(form)
        body_layout.addWidget(self.type_pages)
        rest = QFormLayout()
        rest.addRow("Explanation", self.explanation)
        rest.addRow("Area", self.area)
        rest.addRow("Difficulty", self.difficulty)
        rest.addRow("Sections", self.sections)
        rest.addRow("Sources", self.sources)
        rest.addRow("Tags", self.tags)
        self.rest = rest
        body_layout.addLayout(rest)
        body_layout.addStretch(1)

        self.problems_label = QLabel()
        self.problems_label.setObjectName("Problems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        preview_title = QLabel("Preview")
        preview_title.setObjectName("SectionTitle")
        self.preview = PromptWidget()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(preview_title)
        right_layout.addWidget(self.problems_label)
        right_layout.addWidget(scrolled(self.preview), 1)

        for layout_ in (form, rest, *(page.form for page in self.forms.values())):
            _align_labels(layout_)
        splitter = QSplitter()
        splitter.addWidget(scrolled(body))
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 460])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.buttons)
        layout.addLayout(footer)

        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.check)
        self.load(doc or {"type": "mcq", "area": OWN_AREA_ID, "difficulty": "medium"})
        if question_id is not None:
            self.type.setEnabled(False)  # a prompt keeps its type: its card stays valid

    # --- the document -------------------------------------------------------------------

    @property
    def qtype(self) -> str:
        return str(self.type.currentData())

    def type_form(self) -> TypeForm:
        return self.forms[self.qtype]

    def load(self, doc: dict[str, Any]) -> None:
        index = self.type.findData(doc.get("type", "mcq"))
        self.type.setCurrentIndex(max(0, index))
        self.stem.setPlainText(str(doc.get("stem", "")))
        self.explanation.setPlainText(str(doc.get("explanation", "")))
        area = self.area.findData(doc.get("area", OWN_AREA_ID))
        self.area.setCurrentIndex(max(0, area))
        difficulty = self.difficulty.findData(doc.get("difficulty", "medium"))
        self.difficulty.setCurrentIndex(max(0, difficulty))
        self.sections.set_chosen(list(doc.get("sections", [])))
        self.sources.set_chosen(list(doc.get("sources", [])))
        self.tags.setText(" ".join(doc.get("tags", [])))
        self.type_form().load(doc)
        for edit in self.findChildren(QLineEdit):
            edit.setCursorPosition(0)  # long text shows its start, not its end
        self._on_type()
        self.check()

    def document(self) -> dict[str, Any]:
        """The form as a content document, as the validator reads one."""
        doc: dict[str, Any] = {
            "type": self.qtype,
            "stem": self.stem.toPlainText(),
            **self.type_form().fields(),
            "area": self.area.currentData(),
            "tags": self.tags.text().split(),
        }
        if self.qtype != "basic":
            doc.update(
                {
                    "explanation": self.explanation.toPlainText(),
                    "sections": self.sections.chosen(),
                    "sources": self.sources.chosen(),
                    "difficulty": self.difficulty.currentData(),
                }
            )
        return doc

    # --- checking and preview -----------------------------------------------------------

    def _on_type(self) -> None:
        self.type_pages.setCurrentWidget(self.type_form())
        basic = self.qtype == "basic"
        for widget in (self.explanation, self.difficulty, self.sections, self.sources):
            self.rest.setRowVisible(widget, not basic)
        self._schedule_check()

    def _schedule_check(self) -> None:
        self.check_timer.start()

    def check(self) -> list[Problem]:
        """Check the document now; show its problems or its preview."""
        self.check_timer.stop()
        doc = self.document()
        model: Any = None
        if self.qtype == "basic":
            problems = []
            if not doc["stem"].strip():
                problems.append(Problem("prompt", 1, "front", "is empty"))
        else:
            with self.ctx.read() as session:
                checked = check_prompt(session, doc)
            problems, model = checked.problems, checked.doc
        self.problems = problems
        if problems:
            self.problems_label.setText("\n".join(f"{p.field}: {p.message}" for p in problems))
            self.problems_label.show()
        else:
            self.problems_label.hide()
        if not problems:
            view = preview_view(doc, model, self.choices)
            self.preview.show_prompt(view)
            self.preview.show_feedback(None, view.answer_index)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)
        return problems

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        if self.check():
            return
        doc = self.document()
        try:
            with self.ctx.write(CONTENT) as session:
                if self.qtype == "basic":
                    qid = save_front_back(
                        session,
                        doc["stem"],
                        doc["back"],
                        doc["area"],
                        doc["tags"],
                        self.question_id,
                    )
                else:
                    qid = save_prompt(session, doc, self.ctx.now(), self.question_id)
        except PromptRefused as refused:
            self.problems = refused.problems
            self.problems_label.setText(str(refused))
            self.problems_label.show()
            return
        except UserFacingError as error:
            self.problems_label.setText(str(error))
            self.problems_label.show()
            return
        self.saved_id = qid
        self.saved.emit(qid)
        self.accept()
