"""The Question bank driven as a student would: filter, search, sort, select,
suspend, flag, reset, add a prompt of each type, edit one, duplicate one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytest import MonkeyPatch
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from studyapp.core.bank.authoring import save_front_back
from studyapp.core.models import Card, Question
from studyapp.core.srs.scheduler import Rating, answer
from studyapp.gui.bank.bank_screen import BankScreen
from studyapp.gui.bank.editor import PromptEditor
from studyapp.gui.context import CONTENT
from studyapp.gui.main_window import MainWindow
from studyapp.gui.review.review_screen import ReviewScreen

MCQ_STEM = "Which report gives the export figure?"


def open_bank(open_window: Callable[[], MainWindow]) -> tuple[MainWindow, BankScreen]:
    window = open_window()
    window.show_screen("bank")
    bank = window.screens["bank"]
    assert isinstance(bank, BankScreen)
    return window, bank


def column(bank: BankScreen, key: str) -> list[str]:
    c = bank.model.columns.index(key)
    return [str(bank.model.index(r, c).data()) for r in range(bank.model.rowCount())]


def choose(combo: Any, value: object) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_the_table_model_passes_the_model_tester(
    open_window: Callable[[], MainWindow], qtmodeltester: ModelTester
) -> None:
    _, bank = open_bank(open_window)
    assert bank.model.rowCount() == 4
    qtmodeltester.check(bank.model)  # type: ignore[no-untyped-call]


def test_filter_search_and_sort(open_window: Callable[[], MainWindow], qtbot: QtBot) -> None:
    _, bank = open_bank(open_window)
    assert bank.count.text() == "4 of 4 prompts"
    choose(bank.type, "mcq")
    assert column(bank, "prompt") == [MCQ_STEM]
    # A statements prompt is listed with its first statement, as the paper words
    # the stems of such prompts alike.
    choose(bank.type, "statements")
    assert column(bank, "prompt") == [
        "Consider the following statements about the trade gap. 1. It is wide."
    ]
    choose(bank.type, "__any__")
    choose(bank.area, "links")
    assert column(bank, "area") == ["Links"]
    choose(bank.area, "__any__")
    qtbot.keyClicks(bank.search, "rail link")  # type: ignore[no-untyped-call]
    assert "The rail link joins two cities." in column(bank, "prompt")
    assert MCQ_STEM not in column(bank, "prompt")
    bank.search.clear()
    prompt = bank.model.columns.index("prompt")
    bank.table.sortByColumn(prompt, Qt.SortOrder.AscendingOrder)
    ascending = column(bank, "prompt")
    assert ascending == sorted(ascending, key=str.casefold)
    bank.table.sortByColumn(prompt, Qt.SortOrder.DescendingOrder)
    assert column(bank, "prompt") == list(reversed(ascending))
    choose(bank.state, "new")
    assert len(column(bank, "prompt")) == 4


def select_stem(bank: BankScreen, stem: str) -> int:
    row = column(bank, "prompt").index(stem)
    bank.table.selectRow(row)
    return row


def test_select_suspend_flag_and_reset(
    open_window: Callable[[], MainWindow], monkeypatch: MonkeyPatch
) -> None:
    window, bank = open_bank(open_window)
    row = select_stem(bank, MCQ_STEM)
    assert bank.preview.prompt.view is not None
    assert bank.preview.prompt.view.stem == MCQ_STEM
    assert bank.preview.key.text() == "Answer: (a) Alpha report"
    assert not bank.preview.history.isVisible()

    bank.suspend_button.click()
    assert column(bank, "state")[row] == "Suspended"
    assert bank.suspend_button.text() == "Restore"
    bank.suspend_button.click()
    assert column(bank, "state")[row] == "New"

    bank.set_flag(3)
    assert column(bank, "flag")[row] == "Green"
    choose(bank.state, "flagged")
    assert column(bank, "prompt") == [MCQ_STEM]
    choose(bank.state, "__any__")

    with window.ctx.write("reviews") as s:
        qid = s.scalars(select(Question.id).where(Question.stem == MCQ_STEM)).one()
        answer(s, qid, Rating.GOOD, window.ctx.now(), correct=True, fuzz=False)
    bank.refresh()
    row = select_stem(bank, MCQ_STEM)
    assert column(bank, "state")[row] == "Learning"
    assert bank.preview.history_model.rowCount() == 1

    asked: list[str] = []

    def decline(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", decline)
    bank.reset_button.click()
    assert "Make 1 prompt new again?" in asked[0]
    assert column(bank, "state")[row] == "Learning"
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    bank.reset_button.click()
    assert column(bank, "state")[row] == "New"
    assert bank.preview.history_model.rowCount() == 1  # the history stays


def fill(editor: PromptEditor, qtype: str) -> None:
    """Fill the editor's form for one prompt type, as a student would."""
    choose(editor.type, qtype)
    form: Any = editor.type_form()
    stems = {
        "fill_blank": "The rail link is about ____ km long.",
        "basic": "What does Setu mean?",
    }
    editor.stem.setPlainText(stems.get(qtype, f"My own {qtype} prompt on the rail link."))
    editor.explanation.setPlainText("Beta describes the link; the other choices are not in it.")
    choose(editor.area, "links")
    editor.sections.set_chosen(["links.rail"])
    editor.sources.set_chosen(["beta"])
    if qtype == "mcq":
        for edit, text in zip(form.options, ["Surat", "Pune", "Goa", "Agra"], strict=True):
            edit.setText(text)
        choose(form.answer, "a")
    elif qtype == "statements":
        form.statements[0][0].setText("It is fast.")
        form.statements[0][1].setChecked(True)
        form.statements[1][0].setText("It is slow.")
        for edit, text in zip(form.options, ["1", "2", "1, 2", ""], strict=True):
            edit.setText(text)
        choose(form.answer, "a")
    elif qtype == "match":
        for (left, right, box), (a, b, ok) in zip(
            form.pairs,
            [("North", "Hills", True), ("South", "Sea", True), ("East", "Sand", False)],
            strict=False,
        ):
            left.setText(a)
            right.setText(b)
            box.setChecked(ok)
        choose(form.answer, "b")  # how many: "Only two"
    elif qtype == "assertion":
        form.statement_1.setPlainText("The link is fast.")
        form.statement_2.setPlainText("It uses new trains.")
        form.one_correct.setChecked(True)
        form.two_correct.setChecked(True)
        form.explains.setChecked(True)
        choose(form.answer, "a")
    elif qtype == "true_false":
        choose(form.answer, True)
    elif qtype == "fill_blank":
        form.answer.setText("500")
        form.accept.setText("five hundred")
    elif qtype == "mains":
        choose(form.directive, "Examine")
        choose(form.word_limit, 250)
        choose(form.marks, 15)
        form.key_points.setPlainText("Speed\nCost\nJobs\nSafety")
        form.outline.setPlainText("Introduction, the four points, a conclusion.")
    elif qtype == "basic":
        form.back.setPlainText("A bridge")


@pytest.mark.parametrize(
    "qtype",
    ["mcq", "statements", "match", "assertion", "true_false", "fill_blank", "mains", "basic"],
)
def test_adding_a_prompt_of_each_type_through_its_form(
    open_window: Callable[[], MainWindow], qtbot: QtBot, qtype: str
) -> None:
    window, bank = open_bank(open_window)
    editor = bank.editor()
    editor.open()
    fill(editor, qtype)
    assert editor.check() == []
    assert editor.preview.view is not None and editor.preview.view.type == qtype
    with qtbot.waitSignal(editor.saved) as saved:
        editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qid = saved.args[0]
    assert bank.current_id() == qid
    assert bank.preview.prompt.view is not None and bank.preview.prompt.view.type == qtype
    assert column(bank, "origin")[bank.model.row_of(qid)] == "Mine"
    with window.ctx.read() as s:
        assert s.get(Card, qid) is not None


def test_an_invalid_prompt_is_refused_with_its_field_named(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window, bank = open_bank(open_window)
    editor = bank.editor()
    editor.open()
    fill(editor, "mcq")
    editor.type_form().options[1].setText("surat")  # type: ignore[attr-defined]
    problems = editor.check()
    assert [p.field for p in problems] == ["options"]
    save = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert "options: the four options must be different" in editor.problems_label.text()
    editor.save()  # Enter on the dialog: still refused, nothing stored
    assert editor.saved_id is None
    editor.type_form().options[1].setText("Pune")  # type: ignore[attr-defined]
    editor.explanation.setPlainText("Too short.")
    assert "explanation: say why the key is right" in "\n".join(
        f"{p.field}: {p.message}" for p in editor.check()
    )
    with window.ctx.read() as s:
        assert s.scalars(select(Question).where(Question.origin == "user")).all() == []


def test_editing_an_own_prompt_shows_in_review(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window, bank = open_bank(open_window)
    editor = bank.editor()
    editor.open()
    fill(editor, "true_false")
    with qtbot.waitSignal(editor.saved) as saved:
        editor.save()
    qid = saved.args[0]
    # Only the new prompt is left to review.
    bank.table.selectAll()
    bank.table.selectionModel().select(
        bank.model.index(bank.model.row_of(qid), 0),
        bank.table.selectionModel().SelectionFlag.Deselect
        | bank.table.selectionModel().SelectionFlag.Rows,
    )
    bank.toggle_suspended()
    bank.select_prompt(qid)
    assert bank.edit_button.isEnabled()
    bank.edit_current()
    editor = bank.findChildren(PromptEditor)[-1]
    assert editor.stem.toPlainText() == "My own true_false prompt on the rail link."
    editor.stem.setPlainText("The rail link opened in 2026.")
    with qtbot.waitSignal(editor.saved):
        editor.save()
    window.show_screen("review")
    review = window.screens["review"]
    assert isinstance(review, ReviewScreen)
    review.session.load_next()
    assert review.view is not None and review.view.id == qid
    assert review.view.stem == "The rail link opened in 2026."


def test_duplicating_a_bundled_prompt_makes_an_editable_copy(
    open_window: Callable[[], MainWindow],
) -> None:
    _, bank = open_bank(open_window)
    select_stem(bank, MCQ_STEM)
    assert not bank.edit_button.isEnabled()  # the study pack's prompts are read-only
    bank.duplicate_button.click()
    assert column(bank, "prompt").count(MCQ_STEM) == 2
    assert bank.preview.prompt.view is not None and bank.preview.prompt.view.origin == "user"
    assert bank.edit_button.isEnabled()


def test_open_prompt_in_bank_clears_filters_that_hide_it(
    open_window: Callable[[], MainWindow],
) -> None:
    window, bank = open_bank(open_window)
    choose(bank.type, "mains")
    with window.ctx.read() as s:
        qid = s.scalars(select(Question.id).where(Question.stem == MCQ_STEM)).one()
    window.show_screen("home")
    window.open_prompt_in_bank(qid)
    assert window.current_screen() == "bank"
    assert bank.current_id() == qid and bank.type.currentIndex() == 0


def test_the_whole_bank_and_its_rows_follow_a_change_made_elsewhere(
    open_window: Callable[[], MainWindow],
) -> None:
    """Going back to the whole bank reuses the list read before, and rows already read
    are not read again, until a change is announced: then both show it."""
    window, bank = open_bank(open_window)
    choose(bank.type, "mcq")
    choose(bank.type, "__any__")
    assert MCQ_STEM in column(bank, "prompt") and bank.count.text() == "4 of 4 prompts"
    choose(bank.type, "mcq")
    with window.ctx.write(CONTENT) as s:
        save_front_back(s, "A prompt written in another window", "Its answer")
        mcq = s.scalars(select(Question.id).where(Question.stem == MCQ_STEM)).one()
        answer(s, mcq, Rating.GOOD, window.ctx.now(), correct=True, fuzz=False)
    assert column(bank, "state") == ["Learning"]
    choose(bank.type, "__any__")
    assert "A prompt written in another window" in column(bank, "prompt")
    assert bank.count.text() == "5 of 5 prompts"
    states = dict(zip(column(bank, "prompt"), column(bank, "state"), strict=True))
    assert states[MCQ_STEM] == "Learning"
