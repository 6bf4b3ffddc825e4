"""Shows one exam-style prompt of any type and takes the student's response.

Used by daily review, practice sets and mock tests. It knows nothing of scheduling:
it emits `responded(response)` (an option index, typed text, or None for "show
answer" on self-graded prompts) and, when asked, shows the key and explanation.

The options of a single-answer MCQ are shown in a new order each time (so the answer
is not remembered by its slot). Statement, pairs and Statement-I/II prompts keep the
paper's order: their options are codes that refer to one another ("1 and 2 only").
"""

from __future__ import annotations

import html
import random
import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.content.prompt_body import (
    AssertionBody,
    FrontBackBody,
    MainsBody,
    MatchCodesBody,
    MatchPairsBody,
    StatementsBody,
)
from studyapp.core.content.prompts import LETTERS, PromptView
from studyapp.core.quiz.grading import SELF_GRADED
from studyapp.gui.widgets.style import set_style_state

# An option that points at the others ("All of the above") only reads right in place.
_REFERS_TO_OTHERS = re.compile(
    r"\b(all|none|both|neither)\b.*\b(above|these|options)\b", re.IGNORECASE
)


# "(b)" in an explanation, not "51(c)" or "(b))".
_LETTER_REFERENCE = re.compile(r"(?<![\w)])\(([a-d])\)")


def relettered(text: str, letters: dict[str, str]) -> str:
    """An explanation whose "(a)"–"(d)" name the options as lettered on screen."""
    return _LETTER_REFERENCE.sub(lambda m: f"({letters.get(m.group(1), m.group(1))})", text)


def shown_order(view: PromptView, rng: random.Random) -> list[int]:
    """The order in which to show the options: a shuffle for a single-answer MCQ whose
    options stand alone, the paper's order for every other prompt."""
    order = list(range(len(view.options)))
    if view.type == "mcq" and not any(_REFERS_TO_OTHERS.search(o) for o in view.options):
        rng.shuffle(order)
    return order


def _label(text: str, name: str = "", rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


def pairs_table_html(body: MatchPairsBody) -> str:
    """A match prompt's numbered pairs, under their column headings if it has any."""
    rows = "".join(
        f"<tr><td>{n}.</td><td>{html.escape(p.left)}</td><td>:</td>"
        f"<td>{html.escape(p.right)}</td></tr>"
        for n, p in enumerate(body.pairs, start=1)
    )
    head = ""
    if body.header is not None and any(body.header):
        left, right = body.header
        head = (
            f"<tr><th></th><th align=left>{html.escape(left)}</th><th></th>"
            f"<th align=left>{html.escape(right)}</th></tr>"
        )
    return f"<table cellpadding=4>{head}{rows}</table>"


def codes_table_html(body: MatchCodesBody) -> str:
    """A match-the-lists prompt's List-I (A, B, …) beside List-II (1, 2, …)."""
    left, right = body.list_1, body.list_2
    rows = ""
    for i in range(max(len(left), len(right))):
        a = f"{chr(65 + i)}. {html.escape(left[i])}" if i < len(left) else ""
        b = f"{i + 1}. {html.escape(right[i])}" if i < len(right) else ""
        rows += f"<tr><td>{a}</td><td width=30></td><td>{b}</td></tr>"
    return (
        "<table cellpadding=4><tr><th align=left>List-I</th><th></th>"
        f"<th align=left>List-II</th></tr>{rows}</table>"
    )


class OptionRow(QFrame):
    """One answer choice: a letter badge and wrapped text; click or press its number."""

    clicked = Signal(int)

    def __init__(self, index: int, letter: str, text: str) -> None:
        super().__init__()
        self.index = index
        self.setObjectName("Option")
        self.setProperty("state", "normal")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.badge = badge = QLabel(letter)
        badge.setObjectName("OptionBadge")
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        badge.setMinimumWidth(30)  # grows with the font: "(d)" at 16 pt is wider
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        row.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text_label, 1)

    def set_content(self, index: int, letter: str, text: str) -> None:
        """Show another option in this row (rows are reused from prompt to prompt:
        building and styling new widgets for every prompt is what a student waits on)."""
        self.index = index
        self.badge.setText(letter)
        self.text_label.setText(text)
        self.set_state("normal")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_state(self, state: str) -> None:
        """normal | selected | correct | wrong | key"""
        set_style_state(self, "state", state)

    def state(self) -> str:
        return str(self.property("state"))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.isEnabled():
            self.clicked.emit(self.index)
        super().mouseReleaseEvent(event)


class PromptWidget(QWidget):
    responded = Signal(object)
    link_activated = Signal(str)  # "section:<id>"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: PromptView | None = None
        # Indexed by the option's place in the paper (its canonical index); `shown`
        # holds the same rows in the order on screen, numbered 1–4 from the top.
        self.options: list[OptionRow] = []
        self.shown: list[OptionRow] = []
        self.rng = random.Random()
        self._order_seed: int | None = None
        self.answer_edit: QLineEdit | None = None
        self.reveal_button: QPushButton | None = None
        self.locked = False
        # Reused for every prompt: the meta line, the stem and the option rows.
        self._meta = _label("", "Muted")
        self._stem = _label("", "Stem")
        self._rows: list[OptionRow] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self.feedback = QFrame()
        self.feedback.setObjectName("Feedback")
        self._feedback_layout = QVBoxLayout(self.feedback)
        # Reused too, their texts replaced: the "Show answer" button and the parts of
        # the feedback that most prompts have (the verdict first: it reads first).
        self._reveal = QPushButton("Show answer  (Space)", self)
        self._reveal.clicked.connect(lambda: self.respond(None))
        self._reveal.hide()
        self._verdict = _label("", "Verdict")
        self._back = _label("", "Stem")
        self._explanation = _label("")
        self._read = _label("", rich=True)
        self._read.setOpenExternalLinks(False)
        self._read.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self._read.linkActivated.connect(self.link_activated)
        self._sources = _label("", "Muted")
        self._feedback_parts = (
            self._verdict,
            self._back,
            self._explanation,
            self._read,
            self._sources,
        )
        for part in self._feedback_parts:
            part.setParent(self.feedback)
            part.hide()

    # --- building ---------------------------------------------------------------------

    def show_prompt(
        self, view: PromptView, response: object = None, order_seed: int | None = None
    ) -> None:
        """Show `view`; `order_seed` fixes the order of its options (a mock paper keeps
        one order per prompt), otherwise a single-answer MCQ is shuffled anew."""
        self.view = view
        self.locked = False
        self.options = []
        self.shown = []
        self._order_seed = order_seed
        self.answer_edit = None
        self.reveal_button = None
        self._clear(self._layout)
        meta = f"{view.area_title} · {view.type_label} · {view.difficulty}"
        if view.origin == "pyq" and view.year:
            meta += f" · UPSC {view.year}"
        self._meta.setText(meta)
        self._stem.setText(view.stem)
        self._layout.addWidget(self._meta)
        self._layout.addWidget(self._stem)
        self._add_body(view)
        for row in self._rows:  # rows this prompt does not use
            if row not in self.shown and not row.isHidden():
                row.hide()
        if self.reveal_button is None and not self._reveal.isHidden():
            self._reveal.hide()
        self.feedback.hide()
        self._clear(self._feedback_layout)
        self._layout.addWidget(self.feedback)
        self._layout.addStretch(1)
        if response is not None:
            self.mark_selected(response)

    def _add_body(self, view: PromptView) -> None:
        match view.body:
            case StatementsBody(statements=statements):
                for n, st in enumerate(statements, start=1):
                    self._layout.addWidget(_label(f"{n}.  {st.text}", "Statement"))
            case MatchCodesBody() as codes:
                self._layout.addWidget(_label(codes_table_html(codes), rich=True))
            case MatchPairsBody() as pairs:
                self._layout.addWidget(_label(pairs_table_html(pairs), rich=True))
            case AssertionBody(statement_1=one, statement_2=two):
                self._layout.addWidget(_label(f"Statement-I: {one}", "Statement"))
                self._layout.addWidget(_label(f"Statement-II: {two}", "Statement"))
        if view.question_line:
            self._layout.addWidget(_label(view.question_line, "QuestionLine"))
        if view.type == "fill_blank":
            self.answer_edit = QLineEdit()
            self.answer_edit.setPlaceholderText("Type your answer and press Enter")
            self.answer_edit.returnPressed.connect(self._submit_text)
            self._layout.addWidget(self.answer_edit)
        elif view.type in SELF_GRADED:
            if isinstance(mains := view.body, MainsBody):
                self._layout.addWidget(
                    _label(
                        f"{mains.directive} · {mains.word_limit} words · {mains.marks} marks",
                        "Muted",
                    )
                )
            self.reveal_button = self._reveal
            self._layout.addWidget(self._reveal, 0, Qt.AlignmentFlag.AlignLeft)
            if self._reveal.isHidden():
                self._reveal.show()
        else:
            letters = ["1", "2"] if view.type == "true_false" else [f"({c})" for c in LETTERS]
            rng = self.rng if self._order_seed is None else random.Random(self._order_seed)
            order = shown_order(view, rng)
            rows = {}
            while len(self._rows) < len(order):
                row = OptionRow(0, "", "")
                row.clicked.connect(self.respond)
                self._rows.append(row)
            for place, i in enumerate(order):
                # The row carries the canonical index: what is emitted, graded and
                # stored is the paper's option, whatever slot it was shown in.
                row = self._rows[place]
                row.set_content(i, letters[place], view.options[i])
                row.setAccessibleName(f"Option {letters[place]}: {view.options[i]}")
                row.setToolTip(f"Choose this option (key {place + 1})")
                rows[i] = row
                self.shown.append(row)
                self._layout.addWidget(row)
                if row.isHidden():
                    row.show()
            self.options = [rows[i] for i in range(len(order))]

    def _is_reused(self, widget: QWidget) -> bool:
        return (
            widget is self._meta
            or widget is self._stem
            or widget is self._reveal
            or widget in self._rows
            or widget in self._feedback_parts
        )

    def _add_feedback(self, part: QLabel, text: str) -> None:
        """One of the reused feedback parts, with this text, next in the feedback."""
        part.setText(text)
        self._feedback_layout.addWidget(part)
        if part.isHidden():
            part.show()

    def _clear(self, layout: QVBoxLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and self._is_reused(widget):
                # Kept, and left visible, for the next prompt: showing a widget again
                # lays the page out once more, which is what a student would wait on.
                continue
            if widget is not None and widget.objectName() != "Feedback":
                # Hidden now (deleteLater alone leaves it painted until the event loop
                # runs), deleted then; taking it off its parent as well would cost more
                # than the rest of the prompt's change.
                widget.hide()
                widget.deleteLater()

    # --- responding -------------------------------------------------------------------

    def respond(self, response: object) -> None:
        if self.locked or self.view is None:
            return
        self.mark_selected(response)
        self.responded.emit(response)

    def choose(self, number: int) -> bool:
        """Keyboard 1–4: choose the option shown in that place, if the prompt has it."""
        if 1 <= number <= len(self.shown):
            self.respond(self.shown[number - 1].index)
            return True
        return False

    def number_of(self, index: int) -> int:
        """The key (1–4) of the option with this canonical index, as shown now."""
        return self.shown.index(self.options[index]) + 1

    def shown_explanation(self) -> str:
        """The explanation, its option letters following a shuffled order."""
        view = self.view
        assert view is not None
        if view.type != "mcq" or not self.shown:
            return view.explanation
        letters = {
            LETTERS[row.index]: LETTERS[place]
            for place, row in enumerate(self.shown)
            if row.index < len(LETTERS)
        }
        return relettered(view.explanation, letters)

    def shown_key_text(self) -> str:
        """The right answer in words, with the letter it has on screen."""
        view = self.view
        assert view is not None
        if view.answer_index is None or not self.shown or view.type == "true_false":
            return view.key_text()
        letter = LETTERS[self.number_of(view.answer_index) - 1]
        return f"({letter}) {view.options[view.answer_index]}"

    def submit_typed(self) -> None:
        """Enter in the answer field (the review screen's Enter shortcut lands here)."""
        self._submit_text()

    def _submit_text(self) -> None:
        if self.answer_edit is not None and self.answer_edit.text().strip():
            self.respond(self.answer_edit.text())

    def mark_selected(self, response: object) -> None:
        for row in self.options:
            row.set_state("selected" if row.index == response else "normal")
        if self.answer_edit is not None and isinstance(response, str):
            self.answer_edit.setText(response)

    def clear_response(self) -> None:
        for row in self.options:
            row.set_state("normal")
        if self.answer_edit is not None:
            self.answer_edit.clear()

    def wants_typing(self) -> bool:
        return self.answer_edit is not None and not self.locked

    def focus_input(self) -> None:
        if self.answer_edit is not None:
            # The field was just created; focus it once it is on screen.
            QTimer.singleShot(0, self.answer_edit.setFocus)

    # --- feedback ---------------------------------------------------------------------

    def show_feedback(self, correct: bool | None, response: object) -> None:
        """Lock the prompt and show the key, whether the response was right, and why."""
        view = self.view
        assert view is not None
        self.locked = True
        for row in self.options:
            if row.index == view.answer_index:
                row.set_state("correct" if row.index == response else "key")
            elif row.index == response:
                row.set_state("wrong")
            row.setCursor(Qt.CursorShape.ArrowCursor)
        if self.answer_edit is not None:
            self.answer_edit.setReadOnly(True)
        if self.reveal_button is not None:
            self.reveal_button.hide()
        self._clear(self._feedback_layout)
        if correct is not None:
            set_style_state(self._verdict, "state", "right" if correct else "wrong")
            self._add_feedback(
                self._verdict,
                "Correct" if correct else f"Not quite — the answer is {self.shown_key_text()}",
            )
        match view.body:
            case MainsBody(key_points=key_points, model_outline=model_outline):
                points = "".join(f"<li>{html.escape(p)}</li>" for p in key_points)
                self._feedback_layout.addWidget(
                    _label(f"<b>Key points</b><ul>{points}</ul>", rich=True)
                )
                outline = QLabel()
                outline.setTextFormat(Qt.TextFormat.MarkdownText)
                outline.setWordWrap(True)
                outline.setText("**Model outline**\n\n" + model_outline)
                self._feedback_layout.addWidget(outline)
            case FrontBackBody(back=back):
                self._add_feedback(self._back, back)
            case _:
                pass
        if view.explanation:
            self._add_feedback(self._explanation, self.shown_explanation())
        if view.sections:
            links = " · ".join(
                f"<a href='section:{html.escape(k)}'>{html.escape(t)}</a>" for k, t in view.sections
            )
            self._add_feedback(self._read, f"Read more: {links}")
        if view.sources:
            self._add_feedback(self._sources, "Source: " + "; ".join(view.sources))
        for part in self._feedback_parts:  # the parts this prompt has none of
            if self._feedback_layout.indexOf(part) < 0:
                part.setText("")
                if not part.isHidden():
                    part.hide()
        self.feedback.show()
