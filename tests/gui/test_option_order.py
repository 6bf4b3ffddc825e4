"""The options of a single-answer MCQ come in a new order each showing, the key follows
its option, and what is stored is the paper's option the student picked; statement
prompts keep the paper's order (their options are codes such as "1 and 2 only")."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from studyapp.core.content.prompts import load_prompt
from studyapp.core.models import Question, ReviewLog
from studyapp.gui.main_window import MainWindow
from studyapp.gui.review.review_screen import ReviewScreen


def review_screen(window: MainWindow, qtbot: QtBot) -> ReviewScreen:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    review = window.screens["review"]
    assert isinstance(review, ReviewScreen)
    window.show_screen("review")
    qtbot.waitUntil(review.hasFocus)
    return review


def shown_texts(review: ReviewScreen) -> list[str]:
    return [row.text_label.text() for row in review.prompt.shown]


def last_log(window: MainWindow) -> ReviewLog:
    with window.ctx.read() as s:
        log = s.scalars(select(ReviewLog).order_by(ReviewLog.id.desc())).first()
        assert log is not None
        s.expunge(log)
        return log


def test_mcq_options_are_shuffled_per_showing_and_the_key_follows(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    review = review_screen(window, qtbot)
    review.prompt.rng = random.Random(11)
    view = review.view
    assert view is not None and view.key == "q.trade.0001" and view.answer_index == 0
    orders = set()
    for _ in range(8):
        review.prompt.show_prompt(view)
        orders.add(tuple(shown_texts(review)))
        assert sorted(shown_texts(review)) == sorted(view.options)
    assert len(orders) > 1  # not the paper's order every time

    review.prompt.show_prompt(view)
    # The key "Alpha report" is wherever it landed; its number picks it.
    key_number = review.prompt.number_of(0)
    assert shown_texts(review)[key_number - 1] == "Alpha report"
    QTest.keyClick(review, Qt.Key(Qt.Key.Key_0 + key_number))
    turn = review.session.turn
    assert review.prompt.locked and turn is not None and turn.verdict is not None
    assert turn.verdict.correct is True
    QTest.keyClick(review, Qt.Key.Key_Space)
    log = last_log(window)
    # Stored as the paper's option (a) = "0", whichever slot it was shown in.
    assert (log.response, log.correct) == ("0", True)


def test_a_wrong_pick_is_stored_as_the_option_the_student_saw(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    review = review_screen(window, qtbot)
    review.prompt.rng = random.Random(3)
    view = review.view
    assert view is not None
    review.prompt.show_prompt(view)
    wrong = next(n for n in range(1, 5) if n != review.prompt.number_of(0))
    picked_text = shown_texts(review)[wrong - 1]
    QTest.keyClick(review, Qt.Key(Qt.Key.Key_0 + wrong))
    verdict = review.prompt.shown_key_text()
    letter = "abcd"[review.prompt.number_of(0) - 1]
    assert verdict == f"({letter}) Alpha report"  # the key as lettered on screen
    QTest.keyClick(review, Qt.Key.Key_Space)
    log = last_log(window)
    assert log.correct is False
    assert view.options[int(str(log.response))] == picked_text


def test_statement_prompts_keep_the_papers_order(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    review = review_screen(window, qtbot)
    review.prompt.rng = random.Random(5)
    with window.ctx.read() as s:
        qid = s.scalar(select(Question.id).where(Question.key == "q.trade.0002"))
        assert qid is not None
        view = load_prompt(s, qid)
    assert view.type == "statements"
    for _ in range(5):
        review.prompt.show_prompt(view)
        assert shown_texts(review) == view.options


def test_the_explanation_names_options_by_their_letters_on_screen(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    review = review_screen(window, qtbot)
    review.prompt.rng = random.Random(11)
    view = review.view
    assert view is not None
    view = replace(view, explanation="So (a) is right; (b) is what Beta claims.")
    review.prompt.show_prompt(view)
    review.prompt.show_feedback(True, 0)
    alpha = "abcd"[review.prompt.number_of(0) - 1]
    beta = "abcd"[review.prompt.number_of(1) - 1]
    texts = [label.text() for label in review.prompt.feedback.findChildren(QLabel)]
    assert f"So ({alpha}) is right; ({beta}) is what Beta claims." in texts
