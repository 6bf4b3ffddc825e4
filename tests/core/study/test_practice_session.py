"""A practice set driven whole, without Qt: every answer marked at once and fed to
the reviews, the time of each from the fake clock, the summary, and the wrong ones
practised again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from studyapp.core.models import Question, QuizItem, ReviewLog
from studyapp.core.quiz.records import QuizError
from studyapp.core.storage.db import Database
from studyapp.core.study.clock import FakeClock
from studyapp.core.study.practice import WRONG_ONES_TITLE, PracticeSession
from studyapp.core.study.store import DatabaseStore
from studyapp.core.study.turn import Phase
from tests.core.study.views import PracticeShown

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
KEYS = ("q.trade.0001", "q.trade.0002", "q.trade.0003")


def ids(db: Database, *keys: str) -> list[int]:
    with db.begin() as s:
        rows = s.execute(select(Question.key, Question.id).where(Question.key.in_(keys))).all()
        found = {row.key: row.id for row in rows}
    return [found[k] for k in keys]


def practice(db: Database, clock: FakeClock) -> tuple[PracticeSession, PracticeShown]:
    shown = PracticeShown()
    return PracticeSession(DatabaseStore(db), clock, shown), shown


def test_a_practice_set_runs_to_its_summary_and_the_wrong_ones_again(db: Database) -> None:
    clock = FakeClock(T0)
    session, shown = practice(db, clock)
    session.start("Trade", ids(db, *KEYS))
    assert shown.prompts == ["q.trade.0001"]
    assert shown.positions[-1].position == 0 and shown.positions[-1].total == 3

    clock.advance(20)
    session.respond(0)  # right
    assert shown.marked[-1].correct is True and session.phase is Phase.ANSWERED
    session.respond(1)  # a second click on a marked prompt changes nothing
    session.next()
    clock.advance(40)
    session.respond(1)  # statements, (b): wrong
    assert shown.marked[-1].correct is False
    where = shown.positions[-1]
    assert (where.right, where.answered, where.last) == (1, 2, False)
    session.next()
    clock.advance(9)
    session.respond(0)  # "True": right
    assert shown.positions[-1].last
    session.next()  # after the last: the summary

    [summary] = shown.summaries
    r = summary.result
    assert (summary.title, summary.total) == ("Trade", 3)
    assert (r.answered, r.right, r.wrong, r.time_ms) == (3, 2, 1, 69_000)
    assert r.wrong_question_ids == ids(db, "q.trade.0002")
    assert session.prompt is None and session.phase is Phase.IDLE
    with db.begin() as s:
        rows = s.execute(select(ReviewLog.mode, ReviewLog.rating, ReviewLog.duration_ms)).all()
    assert [tuple(row) for row in rows] == [
        ("practice", 3, 20_000),
        ("practice", 1, 40_000),
        ("practice", 3, 9_000),
    ]

    session.practise_wrong()
    assert shown.prompts[-1] == "q.trade.0002"
    assert shown.positions[-1].title == WRONG_ONES_TITLE and shown.positions[-1].total == 1
    assert session.tally.answered == 0


def test_a_set_ended_early_says_how_far_it_went(db: Database) -> None:
    clock = FakeClock(T0)
    session, shown = practice(db, clock)
    session.start("Trade", ids(db, *KEYS))
    clock.advance(5)
    session.respond(0)
    session.next()
    session.end()
    [summary] = shown.summaries
    assert (summary.result.answered, summary.total) == (1, 3)
    assert summary.result.wrong_question_ids == []
    session.practise_wrong()  # none wrong: nothing starts
    assert len(shown.prompts) == 2


def test_next_waits_for_an_answer(db: Database) -> None:
    session, shown = practice(db, FakeClock(T0))
    session.start("Trade", ids(db, *KEYS))
    session.next()
    assert shown.prompts == ["q.trade.0001"] and session.position == 0


def test_a_front_back_prompt_is_graded_by_the_student(db: Database) -> None:
    clock = FakeClock(T0)
    session, shown = practice(db, clock)
    session.start("Mains", ids(db, "q.trade.0501"))
    clock.advance(60)
    session.respond(None)  # the back is shown
    assert session.phase is Phase.SELF_GRADING and shown.self_grades_asked == 1
    session.next()  # not before the student has said
    assert session.phase is Phase.SELF_GRADING and shown.marked == []
    clock.advance(4)
    session.self_grade(False)
    assert shown.marked[-1].correct is False
    assert shown.positions[-1].answered == 1 and shown.positions[-1].last
    with db.begin() as s:
        log = s.scalars(select(ReviewLog)).one()
        item = s.scalars(select(QuizItem)).one()
    assert (log.rating, log.correct, log.mode, log.duration_ms) == (1, False, "practice", 64_000)
    assert item.correct is False and item.time_ms == 64_000


def test_a_set_of_no_prompts_is_refused(db: Database) -> None:
    session, shown = practice(db, FakeClock(T0))
    with pytest.raises(QuizError):
        session.start("Nothing", [])
    assert shown.prompts == [] and session.quiz_id is None
