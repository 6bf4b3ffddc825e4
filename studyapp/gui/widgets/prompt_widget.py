"""Shows one exam-style prompt of any type and takes the student's response.

Used by daily review, practice sets and mock tests. It knows nothing of scheduling:
it emits `responded(response)` (an option index, typed text, or None for "show
answer" on self-graded prompts) and, when asked, shows the key and explanation.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

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

from studyapp.core.grading import SELF_GRADED
from studyapp.core.prompts import LETTERS, PromptView
from studyapp.gui.widgets.style import set_style_state


def _label(text: str, name: str = "", rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


def pairs_table_html(d: Mapping[str, Any]) -> str:
    """A match prompt's numbered pairs, under their column headings if it has any."""
    header = list(d.get("header") or ["", ""])
    pairs: list[Mapping[str, str]] = list(d.get("pairs", []))
    rows = "".join(
        f"<tr><td>{n}.</td><td>{html.escape(p['left'])}</td><td>:</td>"
        f"<td>{html.escape(p['right'])}</td></tr>"
        for n, p in enumerate(pairs, start=1)
    )
    head = ""
    if any(header):
        head = (
            f"<tr><th></th><th align=left>{html.escape(str(header[0]))}</th><th></th>"
            f"<th align=left>{html.escape(str(header[1]))}</th></tr>"
        )
    return f"<table cellpadding=4>{head}{rows}</table>"


def codes_table_html(d: Mapping[str, Any]) -> str:
    """A match-the-lists prompt's List-I (A, B, …) beside List-II (1, 2, …)."""
    left = [str(x) for x in d.get("list_1", [])]
    right = [str(x) for x in d.get("list_2", [])]
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
        badge = QLabel(letter)
        badge.setObjectName("OptionBadge")
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        badge.setFixedWidth(30)
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        row.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text_label, 1)

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
        self.options: list[OptionRow] = []
        self.answer_edit: QLineEdit | None = None
        self.reveal_button: QPushButton | None = None
        self.locked = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self.feedback = QFrame()
        self.feedback.setObjectName("Feedback")
        self._feedback_layout = QVBoxLayout(self.feedback)

    # --- building ---------------------------------------------------------------------

    def show_prompt(self, view: PromptView, response: object = None) -> None:
        self.view = view
        self.locked = False
        self.options = []
        self.answer_edit = None
        self.reveal_button = None
        self._clear(self._layout)
        meta = f"{view.area_title} · {view.type_label} · {view.difficulty}"
        if view.origin == "pyq" and view.year:
            meta += f" · UPSC {view.year}"
        self._layout.addWidget(_label(meta, "Muted"))
        self._layout.addWidget(_label(view.stem, "Stem"))
        self._add_body(view)
        self.feedback.hide()
        self._clear(self._feedback_layout)
        self._layout.addWidget(self.feedback)
        self._layout.addStretch(1)
        if response is not None:
            self.mark_selected(response)

    def _add_body(self, view: PromptView) -> None:
        d = view.details
        if view.type == "statements":
            for n, st in enumerate(d.get("statements", []), start=1):
                self._layout.addWidget(_label(f"{n}.  {st['text']}", "Statement"))
        elif view.type == "match" and d.get("ask") == "codes":
            self._layout.addWidget(_label(codes_table_html(d), rich=True))
        elif view.type == "match":
            self._layout.addWidget(_label(pairs_table_html(d), rich=True))
        elif view.type == "assertion":
            self._layout.addWidget(_label(f"Statement-I: {d.get('statement_1', '')}", "Statement"))
            self._layout.addWidget(_label(f"Statement-II: {d.get('statement_2', '')}", "Statement"))
        if view.question_line:
            self._layout.addWidget(_label(view.question_line, "QuestionLine"))
        if view.type == "fill_blank":
            self.answer_edit = QLineEdit()
            self.answer_edit.setPlaceholderText("Type your answer and press Enter")
            self.answer_edit.returnPressed.connect(self._submit_text)
            self._layout.addWidget(self.answer_edit)
        elif view.type in SELF_GRADED:
            if view.type == "mains":
                limit = d.get("word_limit")
                self._layout.addWidget(
                    _label(
                        f"{d.get('directive', '')} · {limit} words · {d.get('marks')} marks",
                        "Muted",
                    )
                )
            self.reveal_button = QPushButton("Show answer  (Space)")
            self.reveal_button.clicked.connect(lambda: self.respond(None))
            self._layout.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            letters = ["1", "2"] if view.type == "true_false" else [f"({c})" for c in LETTERS]
            for i, text in enumerate(view.options):
                row = OptionRow(i, letters[i], text)
                row.clicked.connect(self.respond)
                self.options.append(row)
                self._layout.addWidget(row)

    @staticmethod
    def _clear(layout: QVBoxLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget.objectName() != "Feedback":
                # Detach now (deleteLater alone leaves it painted until the event loop runs).
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()

    # --- responding -------------------------------------------------------------------

    def respond(self, response: object) -> None:
        if self.locked or self.view is None:
            return
        self.mark_selected(response)
        self.responded.emit(response)

    def choose(self, number: int) -> bool:
        """Keyboard 1–4: choose that option, if the prompt has it."""
        if 1 <= number <= len(self.options):
            self.respond(number - 1)
            return True
        return False

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
            verdict = _label(
                "Correct" if correct else f"Not quite — the answer is {view.key_text()}", "Verdict"
            )
            verdict.setProperty("state", "right" if correct else "wrong")
            self._feedback_layout.addWidget(verdict)
        d = view.details
        if view.type == "mains":
            points = "".join(f"<li>{html.escape(p)}</li>" for p in d.get("key_points", []))
            self._feedback_layout.addWidget(
                _label(f"<b>Key points</b><ul>{points}</ul>", rich=True)
            )
            outline = QLabel()
            outline.setTextFormat(Qt.TextFormat.MarkdownText)
            outline.setWordWrap(True)
            outline.setText("**Model outline**\n\n" + str(d.get("model_outline", "")))
            self._feedback_layout.addWidget(outline)
        elif view.type == "basic":
            self._feedback_layout.addWidget(_label(str(d.get("back", "")), "Stem"))
        if view.explanation:
            self._feedback_layout.addWidget(_label(view.explanation))
        if view.sections:
            links = " · ".join(
                f"<a href='section:{html.escape(k)}'>{html.escape(t)}</a>" for k, t in view.sections
            )
            read = _label(f"Read more: {links}", rich=True)
            read.setOpenExternalLinks(False)
            read.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
            read.linkActivated.connect(self.link_activated)
            self._feedback_layout.addWidget(read)
        if view.sources:
            self._feedback_layout.addWidget(_label("Source: " + "; ".join(view.sources), "Muted"))
        self.feedback.show()
