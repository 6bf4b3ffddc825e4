"""One form per prompt type for the bank's editor. Each turns its fields into the
type's part of a content document (questions/FORMAT.md) and back; checking is the
validator's job, so a form passes on what was typed, blanks left out."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from studyapp.core.content.schema import DIRECTIVES

LETTER_CHOICES = ("a", "b", "c", "d")


def _numbers(text: str) -> list[int] | str:
    """ "1, 3" → [1, 3]; "" → [] (None of the above); anything else is passed on as
    typed, for the validator to name."""
    text = text.strip()
    if not text or text.casefold() in ("none", "neither"):
        return []
    parts = [p for p in re.split(r"[\s,;]+", text) if p]
    return [int(p) for p in parts] if all(p.isdigit() for p in parts) else text


def _numbers_text(value: Any) -> str:
    return ", ".join(str(n) for n in value) if isinstance(value, list) else str(value or "")


class TypeForm(QWidget):
    """A type's fields; `changed` fires on every edit so the preview stays live."""

    changed = Signal()
    qtype = ""

    def __init__(self) -> None:
        super().__init__()
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)

    def fields(self) -> dict[str, Any]:
        raise NotImplementedError

    def load(self, doc: dict[str, Any]) -> None:
        raise NotImplementedError

    # helpers that wire every widget to `changed`
    def line(self, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self.changed)
        return edit

    def text_box(self, placeholder: str = "", height: int = 70) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setPlaceholderText(placeholder)
        box.setFixedHeight(height)
        box.textChanged.connect(self.changed)
        return box

    def check(self, label: str) -> QCheckBox:
        box = QCheckBox(label)
        box.toggled.connect(self.changed)
        return box

    def combo(self, items: dict[str, Any]) -> QComboBox:
        combo = QComboBox()
        for label, value in items.items():
            combo.addItem(label, value)
        combo.currentIndexChanged.connect(self.changed)
        return combo


def _select(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def answer_combo(form: TypeForm) -> QComboBox:
    return form.combo({f"({c})": c for c in LETTER_CHOICES})


class McqForm(TypeForm):
    qtype = "mcq"

    def __init__(self) -> None:
        super().__init__()
        self.options = [self.line(f"Option ({c})") for c in LETTER_CHOICES]
        for letter, edit in zip(LETTER_CHOICES, self.options, strict=True):
            self.form.addRow(f"Option ({letter})", edit)
        self.answer = answer_combo(self)
        self.form.addRow("Answer", self.answer)

    def fields(self) -> dict[str, Any]:
        return {"options": [e.text() for e in self.options], "answer": self.answer.currentData()}

    def load(self, doc: dict[str, Any]) -> None:
        for edit, text in zip(self.options, doc.get("options", []), strict=False):
            edit.setText(str(text))
        _select(self.answer, doc.get("answer"))


class StatementsForm(TypeForm):
    qtype = "statements"

    def __init__(self) -> None:
        super().__init__()
        self.ask = self.combo(
            {
                "Which of the statements is/are correct?": "which",
                "How many are correct?": "how_many",
            }
        )
        self.ask.currentIndexChanged.connect(self._show_options)
        self.form.addRow("Question", self.ask)
        self.statements: list[tuple[QLineEdit, QCheckBox]] = []
        for n in range(1, 5):
            row = QWidget()
            grid = QGridLayout(row)
            grid.setContentsMargins(0, 0, 0, 0)
            edit = self.line("leave empty if not needed" if n > 2 else "")
            box = self.check("correct")
            grid.addWidget(edit, 0, 0)
            grid.addWidget(box, 0, 1)
            self.statements.append((edit, box))
            self.form.addRow(f"Statement {n}", row)
        self.options = [self.line("statement numbers, e.g. 1, 3") for _ in LETTER_CHOICES]
        self.option_labels: list[QLabel] = []
        for letter, edit in zip(LETTER_CHOICES, self.options, strict=True):
            label = QLabel(f"Option ({letter})")
            self.option_labels.append(label)
            self.form.addRow(label, edit)
        self.answer = answer_combo(self)
        self.form.addRow("Answer", self.answer)

    def _show_options(self) -> None:
        which = self.ask.currentData() == "which"
        for label, edit in zip(self.option_labels, self.options, strict=True):
            label.setVisible(which)
            edit.setVisible(which)

    def fields(self) -> dict[str, Any]:
        statements = [
            {"text": edit.text(), "correct": box.isChecked()}
            for edit, box in self.statements
            if edit.text().strip()
        ]
        result: dict[str, Any] = {
            "ask": self.ask.currentData(),
            "statements": statements,
            "answer": self.answer.currentData(),
        }
        if result["ask"] == "which":
            result["options"] = [_numbers(e.text()) for e in self.options]
        return result

    def load(self, doc: dict[str, Any]) -> None:
        _select(self.ask, doc.get("ask", "which"))
        for (edit, box), st in zip(self.statements, doc.get("statements", []), strict=False):
            edit.setText(st.get("text", ""))
            box.setChecked(bool(st.get("correct")))
        for edit, option in zip(self.options, doc.get("options") or [], strict=False):
            edit.setText(_numbers_text(option))
        _select(self.answer, doc.get("answer"))
        self._show_options()


class MatchForm(TypeForm):
    qtype = "match"

    def __init__(self) -> None:
        super().__init__()
        self.ask = self.combo(
            {
                "How many pairs are correctly matched?": "how_many",
                "Which pairs are correctly matched?": "which",
                "List-I / List-II with codes": "codes",
            }
        )
        self.ask.currentIndexChanged.connect(self._show_parts)
        self.form.addRow("Question", self.ask)
        self.header = (self.line("left column title"), self.line("right column title"))
        head = QWidget()
        head_grid = QGridLayout(head)
        head_grid.setContentsMargins(0, 0, 0, 0)
        head_grid.addWidget(self.header[0], 0, 0)
        head_grid.addWidget(self.header[1], 0, 1)
        self.pair_rows: list[QWidget] = [head]
        self.form.addRow("Columns", head)
        self.pairs: list[tuple[QLineEdit, QLineEdit, QCheckBox]] = []
        for n in range(1, 5):
            row = QWidget()
            grid = QGridLayout(row)
            grid.setContentsMargins(0, 0, 0, 0)
            left, right = self.line("leave empty if not needed" if n > 3 else ""), self.line()
            box = self.check("correct")
            grid.addWidget(left, 0, 0)
            grid.addWidget(right, 0, 1)
            grid.addWidget(box, 0, 2)
            self.pairs.append((left, right, box))
            self.pair_rows.append(row)
            self.form.addRow(f"Pair {n}", row)
        self.list_1 = [self.line(f"List-I {chr(65 + i)}") for i in range(4)]
        self.list_2 = [self.line(f"List-II {i + 1}") for i in range(6)]
        self.key = self.line("List-II number for each List-I item, e.g. 2, 1, 4, 3")
        self.code_rows: list[QWidget] = [*self.list_1, *self.list_2, self.key]
        for i, edit in enumerate(self.list_1):
            self.form.addRow(f"List-I {chr(65 + i)}", edit)
        for i, edit in enumerate(self.list_2):
            self.form.addRow(f"List-II {i + 1}", edit)
        self.form.addRow("Key", self.key)
        self.options = [self.line("pair numbers, or a code") for _ in LETTER_CHOICES]
        for letter, edit in zip(LETTER_CHOICES, self.options, strict=True):
            self.form.addRow(f"Option ({letter})", edit)
        self.answer = answer_combo(self)
        self.form.addRow("Answer", self.answer)
        self._show_parts()

    def _show_parts(self) -> None:
        ask = self.ask.currentData()
        for widget in self.pair_rows:
            self.form.setRowVisible(widget, ask != "codes")
        for widget in self.code_rows:
            self.form.setRowVisible(widget, ask == "codes")
        for edit in self.options:
            self.form.setRowVisible(edit, ask != "how_many")

    def fields(self) -> dict[str, Any]:
        ask = self.ask.currentData()
        result: dict[str, Any] = {"ask": ask, "answer": self.answer.currentData()}
        if ask == "codes":
            result["list_1"] = [e.text() for e in self.list_1 if e.text().strip()]
            result["list_2"] = [e.text() for e in self.list_2 if e.text().strip()]
            result["key"] = _numbers(self.key.text())
        else:
            result["pairs"] = [
                {"left": left.text(), "right": right.text(), "correct": box.isChecked()}
                for left, right, box in self.pairs
                if left.text().strip() or right.text().strip()
            ]
            if any(e.text().strip() for e in self.header):
                result["header"] = [e.text() for e in self.header]
        if ask != "how_many":
            result["options"] = [_numbers(e.text()) for e in self.options]
        return result

    def load(self, doc: dict[str, Any]) -> None:
        _select(self.ask, doc.get("ask", "how_many"))
        for edit, text in zip(self.header, doc.get("header") or [], strict=False):
            edit.setText(str(text))
        for (left, right, box), pair in zip(self.pairs, doc.get("pairs") or [], strict=False):
            left.setText(pair.get("left", ""))
            right.setText(pair.get("right", ""))
            box.setChecked(bool(pair.get("correct")))
        for edit, text in zip(self.list_1, doc.get("list_1") or [], strict=False):
            edit.setText(str(text))
        for edit, text in zip(self.list_2, doc.get("list_2") or [], strict=False):
            edit.setText(str(text))
        self.key.setText(_numbers_text(doc.get("key") or ""))
        for edit, option in zip(self.options, doc.get("options") or [], strict=False):
            edit.setText(_numbers_text(option))
        _select(self.answer, doc.get("answer"))
        self._show_parts()


class AssertionForm(TypeForm):
    qtype = "assertion"

    def __init__(self) -> None:
        super().__init__()
        self.statement_1 = self.text_box("Statement-I", 60)
        self.statement_2 = self.text_box("Statement-II", 60)
        self.one_correct = self.check("Statement-I is correct")
        self.two_correct = self.check("Statement-II is correct")
        self.explains = self.check("Statement-II explains Statement-I")
        self.answer = answer_combo(self)
        self.form.addRow("Statement-I", self.statement_1)
        self.form.addRow("Statement-II", self.statement_2)
        self.form.addRow("", self.one_correct)
        self.form.addRow("", self.two_correct)
        self.form.addRow("", self.explains)
        self.form.addRow("Answer", self.answer)

    def fields(self) -> dict[str, Any]:
        return {
            "statement_1": self.statement_1.toPlainText(),
            "statement_2": self.statement_2.toPlainText(),
            "statement_1_correct": self.one_correct.isChecked(),
            "statement_2_correct": self.two_correct.isChecked(),
            "explains": self.explains.isChecked(),
            "answer": self.answer.currentData(),
        }

    def load(self, doc: dict[str, Any]) -> None:
        self.statement_1.setPlainText(doc.get("statement_1", ""))
        self.statement_2.setPlainText(doc.get("statement_2", ""))
        self.one_correct.setChecked(bool(doc.get("statement_1_correct")))
        self.two_correct.setChecked(bool(doc.get("statement_2_correct")))
        self.explains.setChecked(bool(doc.get("explains")))
        _select(self.answer, doc.get("answer"))


class TrueFalseForm(TypeForm):
    qtype = "true_false"

    def __init__(self) -> None:
        super().__init__()
        self.answer = self.combo({"True": True, "False": False})
        self.form.addRow("Answer", self.answer)

    def fields(self) -> dict[str, Any]:
        return {"answer": self.answer.currentData()}

    def load(self, doc: dict[str, Any]) -> None:
        _select(self.answer, bool(doc.get("answer")))


class FillBlankForm(TypeForm):
    qtype = "fill_blank"

    def __init__(self) -> None:
        super().__init__()
        self.answer = self.line("the word or figure that fills the blank")
        self.accept = self.line("other accepted answers, separated by ;")
        self.form.addRow("Answer", self.answer)
        self.form.addRow("Also accept", self.accept)
        hint = QLabel("Mark the blank in the prompt with ____ (three or more underscores).")
        hint.setObjectName("Muted")
        hint.setWordWrap(True)
        self.form.addRow("", hint)

    def fields(self) -> dict[str, Any]:
        accept = [a.strip() for a in self.accept.text().split(";") if a.strip()]
        return {"answer": self.answer.text(), "accept": accept}

    def load(self, doc: dict[str, Any]) -> None:
        self.answer.setText(str(doc.get("answer", "")))
        self.accept.setText("; ".join(str(a) for a in doc.get("accept", [])))


class MainsForm(TypeForm):
    qtype = "mains"

    def __init__(self) -> None:
        super().__init__()
        self.directive = self.combo({d: d for d in DIRECTIVES})
        self.word_limit = self.combo({"150 words": 150, "250 words": 250})
        self.marks = self.combo({"10 marks": 10, "15 marks": 15})
        self.key_points = self.text_box("one key point per line (4 to 8)", 110)
        self.outline = self.text_box("a model outline of the answer", 90)
        self.form.addRow("Directive", self.directive)
        self.form.addRow("Word limit", self.word_limit)
        self.form.addRow("Marks", self.marks)
        self.form.addRow("Key points", self.key_points)
        self.form.addRow("Model outline", self.outline)

    def fields(self) -> dict[str, Any]:
        points = [p.strip() for p in self.key_points.toPlainText().splitlines() if p.strip()]
        return {
            "directive": self.directive.currentData(),
            "word_limit": self.word_limit.currentData(),
            "marks": self.marks.currentData(),
            "key_points": points,
            "model_outline": self.outline.toPlainText(),
        }

    def load(self, doc: dict[str, Any]) -> None:
        _select(self.directive, doc.get("directive"))
        _select(self.word_limit, doc.get("word_limit"))
        _select(self.marks, doc.get("marks"))
        self.key_points.setPlainText("\n".join(doc.get("key_points", [])))
        self.outline.setPlainText(doc.get("model_outline", ""))


class FrontBackForm(TypeForm):
    """A front/back card (imported from CSV, or the student's own)."""

    qtype = "basic"

    def __init__(self) -> None:
        super().__init__()
        self.back = self.text_box("the answer you check yourself against", 110)
        self.form.addRow("Back", self.back)

    def fields(self) -> dict[str, Any]:
        return {"back": self.back.toPlainText()}

    def load(self, doc: dict[str, Any]) -> None:
        self.back.setPlainText(str(doc.get("back", "")))


FORMS: tuple[type[TypeForm], ...] = (
    McqForm,
    StatementsForm,
    MatchForm,
    AssertionForm,
    TrueFalseForm,
    FillBlankForm,
    MainsForm,
    FrontBackForm,
)
