"""Daily review driven with the keyboard alone, for every prompt type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from studyapp.core.models import Card, Question, ReviewLog
from studyapp.core.srs.scheduler import Rating, format_interval
from studyapp.core.storage.paths import ContentDirs
from studyapp.gui.main_window import MainWindow
from studyapp.gui.review.review_screen import ReviewScreen

ALL_TYPES = """
- id: q.links.0010
  type: match
  stem: Consider the following pairs.
  header: [Place, Feature]
  pairs:
    - {left: North, right: Hills, correct: true}
    - {left: South, right: Sea, correct: true}
    - {left: East, right: Desert, correct: false}
  answer: b
  explanation: North and South are right; the East has no desert in this toy example.
  sections: [links.rail]
  sources: [beta]
  area: links
  difficulty: medium
- id: q.links.0011
  type: assertion
  statement_1: The rail link is fast.
  statement_2: It uses new trains.
  statement_1_correct: true
  statement_2_correct: true
  explains: true
  stem: Consider the following statements.
  answer: a
  explanation: Both are true and the new trains are why the link is fast.
  sections: [links.rail]
  sources: [beta]
  area: links
  difficulty: hard
- id: q.links.0012
  type: fill_blank
  stem: The gap is about USD ____ billion.
  answer: "10"
  accept: [ten]
  explanation: The Alpha report puts it at ten billion dollars.
  sections: [trade.gap]
  sources: [alpha]
  area: links
  difficulty: easy
- id: q.links.0013
  type: match
  ask: codes
  stem: Match List-I with List-II.
  list_1: [North, South, East]
  list_2: [Hills, Sea, Plains]
  key: [1, 2, 3]
  options: [[1, 2, 3], [2, 1, 3], [3, 2, 1], [1, 3, 2]]
  answer: a
  explanation: North-Hills, South-Sea, East-Plains; the other codes swap pairs.
  sections: [links.rail]
  sources: [beta]
  area: links
  difficulty: medium
"""


@pytest.fixture
def review(
    open_window: Callable[[], MainWindow], content: ContentDirs, qtbot: QtBot
) -> ReviewScreen:
    (content.questions / "more.yaml").write_text(ALL_TYPES)
    window = open_window()
    window.show_screen("review")
    screen = window.screens["review"]
    assert isinstance(screen, ReviewScreen)
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.waitUntil(lambda: screen.view is not None)
    screen.setFocus()
    return screen


def stored(screen: ReviewScreen, key: str) -> tuple[ReviewLog, Card]:
    with screen.ctx.read() as s:
        qid = s.scalars(select(Question.id).where(Question.key == key)).one()
        log = s.scalars(select(ReviewLog).where(ReviewLog.question_id == qid)).one()
        card = s.get(Card, qid)
        assert card is not None
        return log, card


def answer_current(screen: ReviewScreen, qtbot: QtBot) -> str:
    """Answer whatever is shown, using keys only; return its id."""
    view = screen.view
    assert view is not None
    if view.type == "fill_blank":
        edit = screen.prompt.answer_edit
        assert edit is not None
        qtbot.waitUntil(edit.hasFocus)
        qtbot.keyClicks(edit, " Ten ")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    elif view.type == "mains":
        qtbot.keyClick(screen, Qt.Key.Key_Space)
    else:  # the paper's first option, (a), wherever the shuffle put it
        qtbot.keyClick(screen, Qt.Key(Qt.Key.Key_0 + screen.prompt.number_of(0)))
    assert screen.prompt.locked, view.key
    return view.key


def test_every_prompt_type_is_answered_with_the_keyboard(
    review: ReviewScreen, qtbot: QtBot
) -> None:
    seen: dict[str, str] = {}
    # Learning steps bring prompts back within minutes; stop once each has been seen.
    while review.view is not None and review.view.key not in seen.values():
        view = review.view
        key = answer_current(review, qtbot)
        seen[view.type + key] = key
        qtbot.keyClick(review, Qt.Key.Key_Space)  # accept the suggested rating
    types = {t.removesuffix(k) for t, k in seen.items()}
    assert types == {"mcq", "statements", "true_false", "mains", "match", "assertion", "fill_blank"}
    assert len(seen) == 8

    log, card = stored(review, "q.trade.0001")  # mcq, option (a): right
    assert (log.response, log.correct, log.rating, log.mode) == ("0", True, 3, "review")
    assert card.reps == 1 and card.last_review_ms == log.reviewed_ms
    log, _ = stored(review, "q.trade.0003")  # true/false, "1" = True: right
    assert (log.correct, log.rating) == (True, 3)
    log, _ = stored(review, "q.links.0010")  # two pairs right: (b) Only two; (a) is wrong
    assert (log.response, log.correct, log.rating) == ("0", False, 1)
    log, _ = stored(review, "q.links.0012")  # typed " Ten " matches "10"/"ten"
    assert (log.response, log.correct) == (" Ten ", True)
    log, _ = stored(review, "q.trade.0501")  # mains: self-graded, Good by default
    assert (log.correct, log.rating) == (None, 3)
    # The wrongly answered pair prompt is back (Again: one minute) before anything else.
    assert review.view is not None and review.view.key == "q.links.0010"


def test_a_wrong_answer_suggests_again_and_number_keys_rate(
    review: ReviewScreen, qtbot: QtBot
) -> None:
    assert review.view is not None and review.view.key == "q.trade.0001"
    qtbot.keyClick(review, Qt.Key(Qt.Key.Key_0 + review.prompt.number_of(1)))  # (b): wrong
    assert "Not quite" in review.prompt.feedback.findChildren(type(review.progress))[0].text()
    assert review.rating_buttons[review.session.suggested].text().split()[1] == "Again"
    qtbot.keyClick(review, Qt.Key.Key_4)  # Easy after a wrong answer: asked first
    assert "rate it Easy anyway?" in review.hint.text() and review.hint.isVisible()
    assert review.view is not None and review.view.key == "q.trade.0001"
    with review.ctx.read() as s:
        assert s.scalars(select(ReviewLog)).all() == []
    qtbot.keyClick(review, Qt.Key.Key_4)  # pressed again: stored as Easy
    log, _ = stored(review, "q.trade.0001")
    assert (log.correct, log.rating) == (False, 4)


def test_undo_brings_the_prompt_back_and_forgets_the_answer(
    review: ReviewScreen, qtbot: QtBot
) -> None:
    first = review.view
    assert first is not None
    assert not review.undo_button.isEnabled()  # nothing answered in this study session
    qtbot.keyClick(review, Qt.Key(Qt.Key.Key_0 + review.prompt.number_of(0)))  # (a): right
    qtbot.keyClick(review, Qt.Key.Key_Space)
    assert review.view is not None and review.view.key != first.key
    assert review.undo_button.isEnabled() and review.undo_button.text() == "Undo Good (Ctrl+Z)"
    assert "1 done this session" in review.progress.text()
    qtbot.keyClick(review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "0 done this session" in review.progress.text()
    assert not review.undo_button.isEnabled()
    assert review.view is not None and review.view.key == first.key
    assert not review.prompt.locked
    with review.ctx.read() as s:
        assert s.scalars(select(ReviewLog)).all() == []
        card = s.get(Card, first.id)
        assert card is not None and card.reps == 0 and card.last_review_ms is None


def test_the_buttons_show_what_is_stored_and_undo_stays_in_the_study_session(
    review: ReviewScreen, qtbot: QtBot
) -> None:
    first = review.view
    assert first is not None
    qtbot.keyClick(review, Qt.Key(Qt.Key.Key_0 + review.prompt.number_of(0)))  # (a): right
    shown = review.rating_buttons[Rating.GOOD].text().split("\n")[1]
    assert review.session.outcomes is not None
    promised = review.session.outcomes.interval(Rating.GOOD)
    qtbot.keyClick(review, Qt.Key.Key_3)
    log, card = stored(review, first.key)
    assert card.due_ms - log.reviewed_ms == promised // timedelta(milliseconds=1)
    assert format_interval(timedelta(milliseconds=card.due_ms - log.reviewed_ms)) == shown
    # A fresh study session (Setu reopened) cannot take back yesterday's answers.
    fresh = ReviewScreen(review.ctx)
    qtbot.addWidget(fresh)
    assert not fresh.undo_button.isEnabled()
    fresh.undo()
    with review.ctx.read() as s:
        assert len(s.scalars(select(ReviewLog)).all()) == 1
