"""Sitting a sectional paper with confidence tags, the results' filters and bookmarks,
practising the wrong ones, re-sitting the paper beside the earlier score, and
deleting a mock from the history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from studyapp.core.models import Card
from studyapp.core.storage.paths import ContentDirs
from studyapp.gui.main_window import MainWindow
from studyapp.gui.practice.practice_screen import PracticeScreen
from tests.core.quiz.test_papers import write_bank

LEFT = Qt.MouseButton.LeftButton


def tick_area(screen: PracticeScreen, area: str) -> None:
    picker = screen.mock_setup.areas.list
    for row in range(picker.count()):
        item = picker.item(row)
        checked = item.data(Qt.ItemDataRole.UserRole) == area
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def answer_paper(screen: PracticeScreen, qtbot: QtBot, plan: str) -> None:
    """Answer prompt n as plan[n] says: R right, W wrong, - blank; tags follow
    (S sure, F fifty-fifty, G guess, . none); M marks it for review."""
    mock = screen.mock
    for position, step in enumerate(plan.split()):
        mock.go(position)
        view = mock.prompt.view
        assert view is not None and view.answer_index is not None
        how, tag = step[0], step[1]
        qtbot.waitUntil(mock.hasFocus)
        if how in "RW":
            choice = view.answer_index if how == "R" else (view.answer_index + 1) % 4
            # Options are shown shuffled: press the key of the place the option is in.
            qtbot.keyClick(mock, Qt.Key(Qt.Key.Key_0 + mock.prompt.number_of(choice)))
        if tag in "SFG":
            qtbot.keyClick(mock, getattr(Qt.Key, f"Key_{tag}"))
        if step.endswith("M"):
            qtbot.mouseClick(mock.mark_button, LEFT)


def test_sit_a_sectional_paper_with_confidence_filter_bookmark_and_re_sit(
    open_window: Callable[[], MainWindow], qtbot: QtBot, content: ContentDirs, tmp_path: Path
) -> None:
    write_bank(content.questions, trade=12, links=0)
    window = open_window()
    screen = window.screens["tests"]
    assert isinstance(screen, PracticeScreen)
    window.show_screen("tests")
    screen.show_hub(screen.mock_setup)
    setup = screen.mock_setup

    setup.set_paper_kind("sectional")
    assert "Tick exactly one area" in setup.available.text()
    assert not setup.start_button.isEnabled()
    tick_area(screen, "trade")
    setup.count.setValue(10)
    assert "this paper: 10 prompts, 12 minutes" in setup.available.text()
    qtbot.mouseClick(setup.start_button, LEFT)
    mock = screen.mock
    assert screen.pages.currentWidget() is mock and mock.quiz is not None
    first_order = [i.question_id for i in mock.quiz.items]

    # 5 right and sure, 3 wrong guesses (one marked), 1 wrong 50-50, 1 blank.
    answer_paper(screen, qtbot, "RS RS RS RS RS WG WG WGM WF --")
    mock.go(8)
    assert mock.confidence_buttons["fifty"].isChecked()
    mock.go(9)
    assert not mock.confidence_buttons["sure"].isEnabled()  # a blank takes no tag
    mock.go(0)
    qtbot.waitUntil(mock.hasFocus)
    qtbot.keyClick(mock, Qt.Key.Key_S)  # S again untags …
    assert not mock.confidence_buttons["sure"].isChecked()
    qtbot.keyClick(mock, Qt.Key.Key_S)  # … and tags once more
    assert mock.confidence_buttons["sure"].isChecked()
    mock.submit()

    results = screen.results
    assert screen.pages.currentWidget() is results
    assert results.counts.value() == "5 · 4 · 1"
    assert results.score.value() == "7.33 / 20.00"  # 10 − 8/3
    assert results.earlier.isHidden()  # a first sitting

    # Filters: each shows only its prompts, with the count on the button.
    counts = {key: b.text() for key, b in results.filter_buttons.items()}
    assert counts == {
        "all": "All (10)",
        "wrong": "Wrong (4)",
        "blank": "Blank (1)",
        "marked": "Marked (1)",
        "guessed": "Guessed (3)",
    }
    qtbot.mouseClick(results.filter_buttons["guessed"], LEFT)
    assert results.solutions.count() == 3
    assert all("wrong" in results.solutions.item(r).text() for r in range(3))
    assert results.review.toPlainText().count("you said Guess") == 3
    qtbot.mouseClick(results.filter_buttons["blank"], LEFT)
    assert results.solutions.count() == 1
    assert "Your answer: left blank" in results.review.toPlainText()
    qtbot.mouseClick(results.filter_buttons["wrong"], LEFT)
    assert results.solutions.count() == 4

    # Bookmark the second wrong prompt from the results.
    results.solutions.setCurrentRow(1)
    bookmarked = results.shown[1].item.question_id
    qtbot.mouseClick(results.bookmark_button, LEFT)
    assert results.solutions.item(1).text().startswith("★")
    assert results.bookmark_button.text() == "★ Remove the bookmark"
    with window.ctx.read() as session:
        flagged = session.scalars(select(Card.question_id).where(Card.flag != 0)).all()
    assert flagged == [bookmarked]

    # The confidence analysis: the table and a hedge (too few answers to advise).
    confidence = {
        results.confidence.model.rows[r][0]: results.confidence.model.rows[r][1:4]
        for r in range(results.confidence.model.rowCount())
    }
    assert confidence["Sure"] == ["5", "5", "0"] and confidence["Guess"] == ["3", "0", "3"]
    advice = results.confidence.advice_text()
    assert "Too few guesses to judge yet: 0 of 3 right (0 %)" in advice
    assert "0 × 2 − 3 × ⅔ = 0.00 − 2.00 = −2.00 over 3 answers" in advice
    types = results.breakdown.types.rows
    assert types[0][0] == "Single answer"
    assert [sum(int(row[c]) for row in types) for c in (1, 2, 3, 4)] == [10, 5, 4, 1]

    # Practise the wrong ones: a practice set of exactly those four.
    qtbot.mouseClick(results.practise_button, LEFT)
    assert screen.pages.currentWidget() is screen.practice
    screen.show_result(results.result.id)  # type: ignore[union-attr]

    # Sit the same paper again: same prompts, same order, the first score beside it.
    qtbot.mouseClick(results.again_button, LEFT)
    assert screen.pages.currentWidget() is mock and mock.quiz is not None
    assert [i.question_id for i in mock.quiz.items] == first_order
    answer_paper(screen, qtbot, " ".join(["R."] * 10))
    mock.submit()
    assert results.score.value() == "20.00 / 20.00"
    assert results.earlier.isVisibleTo(results)
    assert ": 7.33. This sitting: 20.00 (+12.67 on the last)" in results.earlier.text()

    # The papers list shows both sittings; the history can lose one, after asking.
    results.back.emit()
    assert setup.papers.rows[0][4:] == ["2", "20.00 / 20.00", "20.00"]
    # The paper prints as a question paper, to sit on paper too.
    pdf = tmp_path / "paper.pdf"
    assert setup.print_paper(setup.papers.keys[0], pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert setup.print_status.text().startswith(f"Saved to {pdf} (")
    setup.lists.setCurrentIndex(1)
    setup.history_table.selectRow(0)
    qtbot.mouseClick(setup.delete_button, LEFT)
    box = setup.confirmation
    assert box is not None and "from your history?" in box.text()
    with qtbot.waitSignal(window.ctx.changed):
        next(b for b in box.buttons() if b.text() == "Delete").click()
    qtbot.waitUntil(lambda: setup.history.rowCount() == 1)
    assert setup.papers.rows[0][4] == "1"


def test_a_full_length_paper_says_why_it_cannot_be_made(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    screen = window.screens["tests"]
    assert isinstance(screen, PracticeScreen)
    window.show_screen("tests")
    setup = screen.mock_setup
    screen.show_hub(setup)
    setup.set_paper_kind("full")
    assert setup.count.value() == 100 and not setup.count.isEnabled()
    assert setup.available.text() == (
        "A full-length paper needs 100 four-option prompts; the bank has 2."
    )
    assert not setup.start_button.isEnabled()


def test_a_paper_is_not_sat_again_while_a_test_is_in_progress(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    screen = window.screens["tests"]
    assert isinstance(screen, PracticeScreen)
    window.show_screen("tests")
    setup = screen.mock_setup
    screen.show_hub(setup)
    setup.start_new()  # a custom paper, now being sat
    running = screen.mock.quiz
    assert running is not None
    screen.show_hub(setup)
    assert setup.papers.rows[0][0] == "Mock test 1 · 2 prompts"
    setup.sit(setup.papers.keys[0])
    assert setup.confirmation is not None
    assert setup.confirmation.text() == "Finish or discard the test in progress first."
    assert screen.mock.quiz is running and setup.papers.rows[0][4] == "not yet"
