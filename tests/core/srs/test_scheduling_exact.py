"""What the rating buttons promise is what is stored (fuzz on), undo takes back only
the newest answer of the current study session and only while nothing later was
answered on that prompt, and every answer of a long history is what pure FSRS gives
with fuzz off. Fixed UTC times, real SQLite files."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import fsrs
import pytest
from fsrs.scheduler import FUZZ_RANGES
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.core.clock import from_ms, to_ms
from studyapp.core.models import Card, Question, ReviewLog
from studyapp.core.quiz.practice import answer_practice, start_practice
from studyapp.core.srs.scheduler import (
    Rating,
    StudySessionAnswers,
    UndoStep,
    answer,
    format_interval,
    next_outcomes,
    undo_last_answer,
)
from studyapp.core.storage.db import Database

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def qid(s: Session, key: str) -> int:
    return s.scalars(select(Question.id).where(Question.key == key)).one()


def card_fields(s: Session, question_id: int) -> dict[str, Any]:
    card = s.get(Card, question_id)
    assert card is not None
    s.refresh(card)
    return {c.name: getattr(card, c.name) for c in Card.__table__.columns}


def to_fsrs(question_id: int, card: Card | None) -> fsrs.Card:
    """The stored card as the `fsrs` package's card."""
    assert card is not None
    reviewed = card.last_review_ms is not None
    return fsrs.Card(
        card_id=question_id,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=from_ms(card.due_ms) if reviewed else None,
        last_review=from_ms(card.last_review_ms) if reviewed else None,
    )


def fuzz_bounds(days: int) -> tuple[int, int]:
    """fsrs's own fuzz range for an interval of `days` (as `_get_fuzz_range`)."""
    delta = 1.0 + sum(
        r["factor"] * max(min(float(days), r["end"]) - r["start"], 0.0) for r in FUZZ_RANGES
    )
    return max(2, round(days - delta)), round(days + delta)


def test_the_stored_due_is_the_buttons_interval_for_every_rating(db: Database) -> None:
    rng = random.Random(11)
    plain = fsrs.Scheduler(enable_fuzzing=False)
    checked = fuzzed = 0
    with db.begin() as s:
        questions = [qid(s, k) for k in ("q.trade.0001", "q.trade.0002", "q.trade.0003")]
    moment = T0
    for _ in range(180):  # many card states: new, learning, review, relearning, lapsed
        question = rng.choice(questions)
        with db.begin() as s:
            outcomes = next_outcomes(s, question, moment)
            labels = {r: format_interval(outcomes.interval(r)) for r in Rating}
            for rating in Rating:
                # Each rating tried on the same state, then rolled back.
                nested = s.begin_nested()
                result = answer(s, question, rating, moment, correct=True, outcomes=outcomes)
                stored = card_fields(s, question)
                assert stored["due_ms"] - stored["last_review_ms"] == to_ms(
                    T0 + outcomes.interval(rating)
                ) - to_ms(T0)
                assert format_interval(result.interval) == labels[rating]
                # Without the shown outcomes, answering computes the very same due.
                nested.rollback()
                nested = s.begin_nested()
                again = answer(s, question, rating, moment, correct=True)
                assert again.due == outcomes.by_rating[rating].due
                nested.rollback()
                checked += 1
            # The fuzz is fsrs's own: within its range around the plain interval.
            plain_card = to_fsrs(question, s.get(Card, question))
            for rating in Rating:
                unfuzzed, _ = plain.review_card(plain_card, fsrs.Rating(rating), moment)
                shown = outcomes.interval(rating)
                if unfuzzed.state == fsrs.State.Review and (unfuzzed.due - moment).days > 2:
                    low, high = fuzz_bounds((unfuzzed.due - moment).days)
                    # fsrs draws from [low, high + 1) and rounds, so high + 1 can occur.
                    assert low <= shown.days <= high + 1
                    fuzzed += shown != unfuzzed.due - moment
                elif plain.learning_steps and unfuzzed.state != fsrs.State.Review:
                    assert shown == unfuzzed.due - moment  # steps are never fuzzed
            # Move on with a random rating, as a student would.
            chosen = rng.choices(list(Rating), weights=(2, 1, 6, 1))[0]
            answer(s, question, chosen, moment, correct=True, outcomes=outcomes)
        moment += timedelta(hours=rng.choice((0.2, 3, 20, 60, 200, 700)))
    assert checked == 180 * 4 and fuzzed > 20  # fuzz really was on


def _review(
    s: Session, answers: StudySessionAnswers, question: int, rating: Rating, when: datetime
) -> None:
    result = answer(s, question, rating, when, correct=rating != Rating.AGAIN, fuzz=False)
    answers.record(UndoStep(result.review_id, question, rating, rating != Rating.AGAIN, 5.0))


def test_undo_after_a_practice_answer_on_the_same_prompt_is_refused(db: Database) -> None:
    answers = StudySessionAnswers()
    with db.begin() as s:
        q = qid(s, "q.trade.0001")
        _review(s, answers, q, Rating.GOOD, T0)
    with db.begin() as s:
        quiz = start_practice(s, [q], T0 + timedelta(minutes=5), "Trade")
        answer_practice(s, quiz, 0, 0, T0 + timedelta(minutes=6), 4_000, fuzz=False)
    with db.begin() as s:
        after_practice = card_fields(s, q)
        assert answers.undoable(s) is None
        assert answers.undo(s) is None
        assert undo_last_answer(s) is None  # the newest review answer is not the newest
    with db.begin() as s:
        assert card_fields(s, q) == after_practice
        modes = s.scalars(select(ReviewLog.mode).order_by(ReviewLog.id)).all()
        assert modes == ["review", "practice"]


def test_undo_is_exact_and_stays_inside_its_study_session(db: Database) -> None:
    yesterday = StudySessionAnswers()
    with db.begin() as s:
        q1, q2 = qid(s, "q.trade.0001"), qid(s, "q.trade.0002")
        _review(s, yesterday, q1, Rating.GOOD, T0)
    today = StudySessionAnswers()
    with db.begin() as s:
        before_q2 = card_fields(s, q2)
        _review(s, today, q2, Rating.AGAIN, T0 + timedelta(days=1))
        before_second = card_fields(s, q1)
        _review(s, today, q1, Rating.EASY, T0 + timedelta(days=1, minutes=1))
    with db.begin() as s:
        step = today.undo(s)
        assert step is not None and (step.question_id, step.rating) == (q1, Rating.EASY)
    with db.begin() as s:
        assert card_fields(s, q1) == before_second  # exactly as it was
        step = today.undo(s)
        assert step is not None and step.question_id == q2
        assert card_fields(s, q2) == before_q2
        # Today's session is used up; yesterday's answer is out of its reach.
        assert today.undoable(s) is None and today.undo(s) is None
        assert s.scalar(select(func.count()).select_from(ReviewLog)) == 1
        assert card_fields(s, q1)["reps"] == 1


def test_a_real_history_follows_pure_fsrs_answer_by_answer_with_fuzz_off(db: Database) -> None:
    """Months of answers through the app's own answer path, each checked against a
    pure `fsrs.Scheduler` with the same settings given the card as it stood: the same
    state, step and due to the millisecond, and the same stability and difficulty to
    the float32 precision of the memory model the app computes them with."""
    rng = random.Random(3)
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    with db.begin() as s:
        questions = [qid(s, k) for k in ("q.trade.0001", "q.trade.0002", "q.trade.0003")]
    moment, reviews, states = T0, 0, set()
    due = dict.fromkeys(questions, T0)
    while reviews < 1500:
        with db.begin() as s:
            for q in [q for q in questions if due[q] <= moment]:
                before = s.get(Card, q)
                assert before is not None
                rating = rng.choices(list(Rating), weights=(2, 1, 6, 1))[0]
                pure, _ = scheduler.review_card(to_fsrs(q, before), fsrs.Rating(rating), moment)
                states.add(before.state)
                answer(s, q, rating, moment, correct=rating != Rating.AGAIN, fuzz=False)
                stored = card_fields(s, q)
                assert from_ms(stored["due_ms"]) == pure.due.replace(
                    microsecond=pure.due.microsecond // 1000 * 1000
                )
                assert stored["state"] == int(pure.state) and stored["step"] == pure.step
                assert stored["stability"] == pytest.approx(pure.stability, rel=1e-4)
                assert stored["difficulty"] == pytest.approx(pure.difficulty, rel=1e-4)
                due[q] = from_ms(stored["due_ms"])
                reviews += 1
        # On time or late, as a student is: never earlier than the first card due.
        late = timedelta(minutes=rng.choice((0, 1, 10, 60, 600, 1440)))
        moment = max(moment + timedelta(minutes=1), min(due.values()) + late)
    assert states == {1, 2, 3}  # learning, review and relearning cards all answered
