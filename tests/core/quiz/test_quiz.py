"""Practice sets and mock tests: the builder's filters, UPSC marking in exact thirds,
time running out, resuming after a crash, and answers reaching the review log."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.core.content.reference import set_bookmark
from studyapp.core.models import Card, Question, ReviewLog
from studyapp.core.quiz.marking import format_marks, marks_for, paper_score
from studyapp.core.quiz.mocks import (
    mock_history,
    set_response,
    start_mock,
    submit_if_timed_out,
    submit_mock,
)
from studyapp.core.quiz.pending import PendingMock, pending_mock, unfinished_mock
from studyapp.core.quiz.practice import answer_practice, finish_practice, start_practice
from studyapp.core.quiz.records import QuizError, load_quiz, set_marked, spend_time, visit
from studyapp.core.quiz.selection import (
    PAPER_MIX,
    PRELIMS_TYPES,
    Criteria,
    count_matching,
    pick_prompts,
)
from studyapp.core.srs.scheduler import Rating, answer, set_flagged
from studyapp.core.startup import open_study_database
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import DataDir, bundled_content

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
MCQ, STATEMENTS, TRUE_FALSE = "q.trade.0001", "q.trade.0002", "q.trade.0003"


def qid(s: Session, key: str) -> int:
    return s.scalars(select(Question.id).where(Question.key == key)).one()


def keys(s: Session, ids: list[int]) -> set[str]:
    return set(s.scalars(select(Question.key).where(Question.id.in_(ids))))


def matching(s: Session, **criteria: object) -> set[str]:
    picked = pick_prompts(s, Criteria(**criteria), 50, T0, rng=random.Random(1))  # type: ignore[arg-type]
    return keys(s, picked)


# --- marking ------------------------------------------------------------------------------


def test_marking_uses_exact_thirds() -> None:
    assert marks_for(True) == 2
    assert marks_for(False) == Fraction(-2, 3)
    assert marks_for(None) == 0
    # Three wrong answers cost exactly two marks — no 0.66 rounding drift.
    assert paper_score(0, 3) == -2
    assert paper_score(10, 5) == Fraction(50, 3)
    assert format_marks(paper_score(10, 5)) == "16.67"
    assert format_marks(paper_score(0, 1)) == "−0.67"
    assert format_marks(Fraction(0)) == "0.00"


def _mock(s: Session, responses: dict[str, str | None]) -> int:
    ids = [qid(s, k) for k in responses]
    quiz = start_mock(s, ids, T0, seconds_per_prompt=72)
    for position, response in enumerate(responses.values()):
        visit(s, quiz, position)
        set_response(s, quiz, position, response)
    return quiz


def test_an_all_blank_paper_scores_zero_and_touches_no_card(db: Database) -> None:
    with db.begin() as s:
        quiz = _mock(s, {MCQ: None, STATEMENTS: None, TRUE_FALSE: None})
        result = submit_mock(s, quiz, T0, fuzz=False)
        assert (result.right, result.wrong, result.blank) == (0, 0, 3)
        assert result.score == 0 and result.max_score == 6
        assert result.accuracy is None
        assert s.scalars(select(ReviewLog)).all() == []


def test_an_all_wrong_paper_loses_two_thirds_each(db: Database) -> None:
    with db.begin() as s:
        quiz = _mock(s, {MCQ: "1", STATEMENTS: "3", TRUE_FALSE: "1"})
        result = submit_mock(s, quiz, T0, fuzz=False)
        assert (result.right, result.wrong, result.blank) == (0, 3, 0)
        assert result.score == -2
        assert result.negative_marks == 2
        assert format_marks(result.score) == "−2.00"
        assert result.accuracy == 0


def test_a_mixed_paper_scores_per_upsc_rules_and_per_area(db: Database) -> None:
    with db.begin() as s:
        quiz = _mock(s, {MCQ: "0", STATEMENTS: "2", TRUE_FALSE: None})
        result = submit_mock(s, quiz, T0, fuzz=False)
        assert (result.right, result.wrong, result.blank) == (1, 1, 1)
        assert result.score == Fraction(4, 3)
        assert format_marks(result.score) == "1.33"
        assert result.negative_marks == Fraction(2, 3)
        assert result.accuracy == 0.5
        by_area = {a.area: (a.prompts, a.right, a.wrong, a.blank) for a in result.areas}
        assert by_area == {"trade": (2, 1, 1, 0), "links": (1, 0, 0, 1)}
        marks = [item.marks for item in result.items]
        assert marks == [2.0, pytest.approx(-2 / 3), 0.0]
        history = mock_history(s)
        assert [(h.score, h.max_score, h.prompts) for h in history] == [
            (pytest.approx(4 / 3), 6.0, 3)
        ]


def test_mock_answers_reach_the_review_log_right_good_wrong_again(db: Database) -> None:
    with db.begin() as s:
        quiz = _mock(s, {MCQ: "0", STATEMENTS: "2", TRUE_FALSE: None})
        spend_time(s, quiz, 0, 30_000)
        submit_mock(s, quiz, T0, fuzz=False)
        logs = {log.question_id: log for log in s.scalars(select(ReviewLog).order_by(ReviewLog.id))}
        assert set(logs) == {qid(s, MCQ), qid(s, STATEMENTS)}
        right, wrong = logs[qid(s, MCQ)], logs[qid(s, STATEMENTS)]
        assert (right.mode, right.rating, right.correct, right.duration_ms) == (
            "mock",
            Rating.GOOD,
            True,
            30_000,
        )
        assert (wrong.rating, wrong.correct, wrong.response) == (Rating.AGAIN, False, "2")
        assert s.get(Card, qid(s, TRUE_FALSE)).last_review_ms is None  # type: ignore[union-attr]


def test_no_feedback_before_submission_and_nothing_changes_after(db: Database) -> None:
    with db.begin() as s:
        quiz = _mock(s, {MCQ: "0", STATEMENTS: None})
        view = load_quiz(s, quiz)
        assert [i.correct for i in view.items] == [None, None]
        assert s.scalars(select(ReviewLog)).all() == []
        submit_mock(s, quiz, T0, fuzz=False)
        with pytest.raises(QuizError):
            set_response(s, quiz, 1, "0")
        with pytest.raises(QuizError):
            submit_mock(s, quiz, T0)


def test_palette_states_follow_visits_answers_and_marks(db: Database) -> None:
    with db.begin() as s:
        ids = [qid(s, k) for k in (MCQ, STATEMENTS, TRUE_FALSE)]
        quiz = start_mock(s, ids, T0)
        assert [i.status for i in load_quiz(s, quiz).items] == ["not_visited"] * 3
        visit(s, quiz, 0)
        set_response(s, quiz, 0, "1")
        visit(s, quiz, 1)
        set_marked(s, quiz, 1, True)
        visit(s, quiz, 2)
        set_response(s, quiz, 2, "0")
        set_marked(s, quiz, 2, True)
        view = load_quiz(s, quiz)
        assert [i.status for i in view.items] == ["answered", "marked", "answered_marked"]
        assert view.current_position == 2
        set_response(s, quiz, 0, None)  # clear the response
        view = load_quiz(s, quiz)
        assert view.items[0].status == "not_answered"
        assert view.unanswered == 2


def test_time_running_out_submits_the_paper(db: Database) -> None:
    with db.begin() as s:
        quiz = _mock(s, {MCQ: "0", STATEMENTS: None})  # 144 s allowed
        assert spend_time(s, quiz, 0, 100_000) == 44_000
        assert submit_if_timed_out(s, quiz, T0) is None
        assert spend_time(s, quiz, 1, 50_000) == 0
        result = submit_if_timed_out(s, quiz, T0 + timedelta(minutes=3), fuzz=False)
        assert result is not None and result.timed_out
        assert (result.right, result.blank, result.score) == (1, 1, 2)
        assert result.time_used_ms == 150_000
        assert [i.time_ms for i in result.items] == [100_000, 50_000]
        assert unfinished_mock(s) is None


def test_an_interrupted_mock_resumes_with_the_time_that_remained(db: Database) -> None:
    db.close()
    script = textwrap.dedent(
        f"""
        import os
        from datetime import datetime, UTC
        from pathlib import Path
        from sqlalchemy import select
        from studyapp.core.storage.db import open_database
        from studyapp.core.models import Question
        from studyapp.core.quiz import mocks, records
        db = open_database(Path({str(db.path)!r}))
        now = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
        with db.begin() as s:
            ids = list(s.scalars(select(Question.id).where(Question.type != "mains")
                                 .order_by(Question.id)))
            q = mocks.start_mock(s, ids, now, seconds_per_prompt=60)
        with db.begin() as s:
            records.visit(s, q, 1)
            mocks.set_response(s, q, 1, "0")
            records.set_marked(s, q, 1, True)
            records.spend_time(s, q, 1, 42_000)
        os._exit(9)  # the app dies mid-test
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 9, result.stderr
    with db.begin() as s:
        quiz = unfinished_mock(s)
        assert quiz is not None
        view = load_quiz(s, quiz)
        assert view.remaining_ms == 180_000 - 42_000
        assert view.current_position == 1
        assert view.items[1].response == "0" and view.items[1].status == "answered_marked"
    # What Home offers to resume, read on a plain connection, says the same.
    with db.read() as connection:
        assert pending_mock(connection) == PendingMock(quiz, len(view.items), 1, 180_000 - 42_000)


def test_the_builder_filters_by_area_type_difficulty_and_section(db: Database) -> None:
    with db.begin() as s:
        assert matching(s) == {MCQ, STATEMENTS, TRUE_FALSE}  # mains has its own page
        assert matching(s, areas=("links",)) == {TRUE_FALSE}
        assert matching(s, types=("mcq", "statements")) == {MCQ, STATEMENTS}
        assert matching(s, difficulties=("easy",)) == {MCQ, TRUE_FALSE}
        assert matching(s, section_keys=("trade",)) == {MCQ, STATEMENTS}  # includes trade.gap
        assert matching(s, section_keys=("links.rail",)) == {TRUE_FALSE}
        assert count_matching(s, Criteria(areas=("trade",)), T0) == 2


def test_the_builder_filters_by_study_state(db: Database) -> None:
    with db.begin() as s:
        answer(s, qid(s, MCQ), Rating.AGAIN, T0, correct=False, fuzz=False)
        answer(s, qid(s, STATEMENTS), Rating.GOOD, T0, correct=True, fuzz=False)
        set_flagged(s, qid(s, TRUE_FALSE), True)
        set_bookmark(s, "links.rail", True, T0)
        assert matching(s, which="new") == {TRUE_FALSE}
        assert matching(s, which="wrong") == {MCQ}
        assert matching(s, which="flagged") == {TRUE_FALSE}
        assert matching(s, which="bookmarked") == {TRUE_FALSE}
        # Both learning cards fall due today (within minutes).
        assert matching(s, which="due") == {MCQ, STATEMENTS}
        with pytest.raises(ValueError):
            matching(s, which="someday")


def test_picked_prompts_are_spread_over_areas_and_limited(db: Database) -> None:
    with db.begin() as s:
        for seed in range(5):
            picked = pick_prompts(s, Criteria(), 2, T0, rng=random.Random(seed))
            areas = set(s.scalars(select(Question.area).where(Question.id.in_(picked))))
            assert len(picked) == 2 and areas == {"trade", "links"}


def test_a_mock_paper_follows_the_difficulty_mix_of_the_bundled_bank(
    data_dir: DataDir,
) -> None:
    database, _ = open_study_database(data_dir, bundled_content())
    try:
        with database.begin() as s:
            for seed in range(3):
                picked = pick_prompts(
                    s, Criteria(types=PRELIMS_TYPES), 20, T0, rng=random.Random(seed), mix=PAPER_MIX
                )
                rows = s.execute(
                    select(Question.type, Question.difficulty).where(Question.id.in_(picked))
                ).all()
                assert len(picked) == len(set(picked)) == 20
                # 30 / 45 / 25 of twenty places: six easy, nine medium, five hard.
                assert Counter(d for _, d in rows) == {"easy": 6, "medium": 9, "hard": 5}
                # Study aids (fill-in, true/false) never reach a paper.
                assert {t for t, _ in rows} <= set(PRELIMS_TYPES)
    finally:
        database.close()


def test_a_level_short_of_prompts_leaves_its_places_to_the_others(db: Database) -> None:
    with db.begin() as s:
        total = count_matching(s, Criteria(), T0)
        picked = pick_prompts(s, Criteria(), total, T0, rng=random.Random(3), mix={"hard": 1.0})
        assert len(set(picked)) == total


def test_a_practice_set_grades_at_once_and_feeds_fsrs(db: Database) -> None:
    with db.begin() as s:
        ids = [qid(s, k) for k in (MCQ, STATEMENTS)]
        quiz = start_practice(s, ids, T0, "Trade gap")
        right = answer_practice(s, quiz, 0, 0, T0, 9_000, fuzz=False)
        wrong = answer_practice(s, quiz, 1, 3, T0, 11_000, fuzz=False)
        assert (right.correct, wrong.correct) == (True, False)
        with pytest.raises(QuizError):
            answer_practice(s, quiz, 1, 0, T0)  # no second try at the same prompt
        summary = finish_practice(s, quiz, T0 + timedelta(minutes=1))
        assert (summary.answered, summary.right, summary.wrong) == (2, 1, 1)
        assert summary.time_ms == 20_000
        assert summary.wrong_question_ids == [ids[1]]
        logs = s.execute(
            select(ReviewLog.question_id, ReviewLog.mode, ReviewLog.rating).order_by(ReviewLog.id)
        ).all()
        assert logs == [(ids[0], "practice", Rating.GOOD), (ids[1], "practice", Rating.AGAIN)]
        assert load_quiz(s, quiz).finished
