"""The review engine: FSRS moves cards exactly as the library says, the queue has the
right order and limits, the study day starts at the configured hour, and undo
restores a card exactly. Fixed UTC times, fuzzing off."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.core.clock import from_ms
from studyapp.core.models import Card, Question, ReviewLog
from studyapp.core.settings import StudySettings, update_settings
from studyapp.core.srs.scheduler import (
    Rating,
    answer,
    build_queue,
    format_interval,
    next_due_question,
    preview_intervals,
    queue_counts,
    set_suspended,
    undo_last_answer,
)
from studyapp.core.stats.summary import stats_summary, today_counts
from studyapp.core.storage.db import Database

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # 11:30 in India
IST = timezone(timedelta(hours=5, minutes=30))


def qid(s: Session, key: str) -> int:
    return s.scalars(select(Question.id).where(Question.key == key)).one()


def card(s: Session, key: str) -> Card:
    c = s.get(Card, qid(s, key))
    assert c is not None
    return c


def good(s: Session, key: str, when: datetime, rating: Rating = Rating.GOOD) -> None:
    answer(s, qid(s, key), rating, when, correct=rating != Rating.AGAIN, fuzz=False)


@pytest.mark.parametrize("rating", list(Rating))
def test_each_rating_moves_the_due_date_as_fsrs_says(db: Database, rating: Rating) -> None:
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    expected = fsrs.Card(card_id=1)
    with db.begin() as s:
        good(s, "q.trade.0001", T0)  # learning step 1
        expected, _ = scheduler.review_card(expected, fsrs.Rating.Good, T0)
    later = T0 + timedelta(minutes=15)
    with db.begin() as s:
        good(s, "q.trade.0001", later, rating)
        expected, _ = scheduler.review_card(expected, fsrs.Rating(rating), later)
    with db.begin() as s:
        c = card(s, "q.trade.0001")
        assert from_ms(c.due_ms) == expected.due.replace(
            microsecond=expected.due.microsecond // 1000 * 1000
        )
        assert c.state == int(expected.state)
        assert c.stability == pytest.approx(expected.stability)
        assert c.difficulty == pytest.approx(expected.difficulty)
        assert c.reps == 2


def test_first_good_answer_goes_to_the_second_learning_step(db: Database) -> None:
    with db.begin() as s:
        good(s, "q.trade.0001", T0)
    with db.begin() as s:
        c = card(s, "q.trade.0001")
        assert from_ms(c.due_ms) - T0 == timedelta(minutes=10)
        log = s.scalars(select(ReviewLog)).one()
        assert (log.rating, log.correct, log.mode, log.state_before) == (3, True, "review", None)


def test_preview_matches_what_answering_does(db: Database) -> None:
    with db.begin() as s:
        good(s, "q.trade.0001", T0)
        good(s, "q.trade.0001", T0 + timedelta(minutes=10))  # graduates to review
    then = T0 + timedelta(days=5)
    with db.begin() as s:
        preview = preview_intervals(s, qid(s, "q.trade.0001"), then)
        assert (
            preview[Rating.AGAIN]
            < preview[Rating.HARD]
            < preview[Rating.GOOD]
            < preview[Rating.EASY]
        )
        # Fuzz on, as in the app: the preview carries the same seeded fuzz.
        answer(s, qid(s, "q.trade.0001"), Rating.EASY, then, correct=True)
        assert from_ms(card(s, "q.trade.0001").due_ms) - then == preview[Rating.EASY]
    assert format_interval(timedelta(minutes=10)) == "10m"
    assert format_interval(timedelta(days=3)) == "3d"
    assert format_interval(timedelta(days=75)) == "2.5mo"


def test_new_prompts_are_interleaved_across_areas_and_limited(db: Database) -> None:
    with db.begin() as s:
        keys = {v: k for k, v in s.execute(select(Question.key, Question.id)).all()}
        order = [keys[i] for i in build_queue(s, T0)]
        assert order == ["q.trade.0001", "q.trade.0003", "q.trade.0002", "q.trade.0501"]
        update_settings(s, new_per_day=2)
    with db.begin() as s:
        assert len(build_queue(s, T0)) == 2
        good(s, "q.trade.0001", T0)
    with db.begin() as s:
        counts = queue_counts(s, T0)
        assert (counts.new, counts.learning) == (
            1,
            1,
        )  # the learning card is due in 10m (ahead window)


def test_due_reviews_come_first_most_overdue_first(db: Database) -> None:
    with db.begin() as s:
        for key in ("q.trade.0001", "q.trade.0002"):
            good(s, key, T0)
            good(s, key, T0 + timedelta(minutes=10))
    with db.begin() as s:
        # Make 0002 the more overdue one.
        card(s, "q.trade.0002").due_ms -= 86_400_000
    later = T0 + timedelta(days=40)
    with db.begin() as s:
        keys = {v: k for k, v in s.execute(select(Question.key, Question.id)).all()}
        order = [keys[i] for i in build_queue(s, later)]
        assert order[:2] == ["q.trade.0002", "q.trade.0001"]
        assert keys[next_due_question(s, later) or 0] == "q.trade.0002"


def test_suspended_and_retired_prompts_stay_out_of_the_queue(db: Database) -> None:
    with db.begin() as s:
        set_suspended(s, qid(s, "q.trade.0001"), True)
        s.execute(
            Question.__table__.update().where(Question.key == "q.trade.0003").values(retired=True)
        )
    with db.begin() as s:
        keys = {v: k for k, v in s.execute(select(Question.key, Question.id)).all()}
        assert [keys[i] for i in build_queue(s, T0)] == ["q.trade.0002", "q.trade.0501"]


def test_the_study_day_starts_at_the_configured_hour(db: Database) -> None:
    # 02:00 IST on 3 March is still the study day of 2 March (it starts at 04:00).
    late_night = datetime(2026, 3, 3, 2, 0, tzinfo=IST)
    with db.begin() as s:
        good(s, "q.trade.0001", datetime(2026, 3, 2, 21, 0, tzinfo=IST))
        good(s, "q.trade.0003", late_night)
    with db.begin() as s:
        assert today_counts(s, late_night, IST).reviewed_today == 2
        after_four = datetime(2026, 3, 3, 4, 30, tzinfo=IST)
        assert today_counts(s, after_four, IST).reviewed_today == 0
        update_settings(s, day_start_hour=0)
    with db.begin() as s:
        assert today_counts(s, late_night, IST).reviewed_today == 1


def test_streak_counts_consecutive_study_days(db: Database) -> None:
    with db.begin() as s:
        for day in (0, 1, 2, 4, 5):
            good(s, "q.trade.0001", T0 + timedelta(days=day))
    with db.begin() as s:
        assert stats_summary(s, T0 + timedelta(days=5), IST)["streak_days"] == 2
        # Not studied yet today: yesterday's streak still stands.
        assert stats_summary(s, T0 + timedelta(days=6), IST)["streak_days"] == 2
        assert stats_summary(s, T0 + timedelta(days=7), IST)["streak_days"] == 0


def test_undo_restores_the_card_exactly_and_removes_the_log_row(db: Database) -> None:
    with db.begin() as s:
        good(s, "q.trade.0001", T0)
    with db.begin() as s:
        before = {c.name: getattr(card(s, "q.trade.0001"), c.name) for c in Card.__table__.columns}
        good(s, "q.trade.0001", T0 + timedelta(minutes=12), Rating.AGAIN)
    with db.begin() as s:
        assert undo_last_answer(s) == qid(s, "q.trade.0001")
    with db.begin() as s:
        after = {c.name: getattr(card(s, "q.trade.0001"), c.name) for c in Card.__table__.columns}
        assert after == before
        assert s.scalar(select(func.count()).select_from(ReviewLog)) == 1
        assert undo_last_answer(s) is not None
        assert undo_last_answer(s) is None  # nothing left to undo


def test_settings_take_effect_immediately(db: Database) -> None:
    with db.begin() as s:
        update_settings(s, learning_steps_min=(5,))
        good(s, "q.trade.0001", T0, Rating.AGAIN)
    with db.begin() as s:
        assert from_ms(card(s, "q.trade.0001").due_ms) - T0 == timedelta(minutes=5)
    with pytest.raises(ValueError, match="desired retention"):
        StudySettings(desired_retention=1.5).validated()


def test_stats_summary_reports_the_day(db: Database) -> None:
    with db.begin() as s:
        good(s, "q.trade.0001", T0)
    with db.begin() as s:
        summary = stats_summary(s, T0 + timedelta(minutes=1), IST)
    assert summary["reviewed_today"] == 1
    assert summary["due_today"] == 1  # the learning step, due within 20 minutes
    assert summary["new_available_today"] == 3
    assert summary["next_due"] == (T0 + timedelta(minutes=10)).isoformat()


def test_a_crash_after_an_answer_loses_nothing(db: Database, tmp_path: Path) -> None:
    db.close()
    script = textwrap.dedent(
        f"""
        import os
        from datetime import datetime, UTC
        from pathlib import Path
        from sqlalchemy import select
        from studyapp.core.storage.db import open_database
        from studyapp.core.models import Question
        from studyapp.core.srs.scheduler import Rating, answer
        db = open_database(Path({str(db.path)!r}))
        with db.begin() as s:
            qid = s.scalars(select(Question.id).where(Question.key == "q.trade.0002")).one()
            answer(s, qid, Rating.GOOD, datetime(2026, 3, 2, 6, 0, tzinfo=UTC), correct=True)
        os._exit(9)  # dies without closing anything
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 9, result.stderr
    with db.begin() as s:
        log = s.scalars(select(ReviewLog)).one()
        assert log.question_id == qid(s, "q.trade.0002")
        assert card(s, "q.trade.0002").reps == 1


def test_review_buckets_match_the_log_through_answers_and_undo(db: Database) -> None:
    from sqlalchemy import text

    from studyapp.core.stats.daily import reviews_per_day
    from tests.core.review_totals import area_totals, slot_totals

    with db.begin() as s:
        good(s, "q.trade.0001", T0)
        good(s, "q.trade.0001", T0 + timedelta(minutes=10))  # graduates to review
        good(s, "q.trade.0002", T0 + timedelta(minutes=11), Rating.AGAIN)
        good(s, "q.trade.0001", T0 + timedelta(days=3), Rating.AGAIN)  # a lapse
        good(s, "q.trade.0003", T0 + timedelta(days=3, minutes=2))
        undo_last_answer(s)
    with db.begin() as s:
        totals = (
            "count(*), sum(duration_ms), sum(state_before IS 2 AND rating = 1), "
            "sum(correct IS NOT NULL), sum(coalesce(correct, 0)), "
            "sum(state_before IS 2 AND correct IS NOT NULL), "
            "sum(state_before IS 2 AND coalesce(correct, 0)), sum(state_before IS NULL)"
        )
        direct = s.execute(
            text(f"SELECT reviewed_ms / 900000, {totals} FROM review_log GROUP BY 1")
        ).all()
        assert slot_totals(s) == {(str(b),): tuple(values) for b, *values in direct}
        # The same per area of the prompt answered.
        direct = s.execute(
            text(
                f"SELECT q.area, reviewed_ms / 900000, {totals} FROM review_log r "
                "JOIN questions q ON q.id = r.question_id GROUP BY 1, 2"
            )
        ).all()
        assert area_totals(s) == {(a, str(b)): tuple(values) for a, b, *values in direct}
        per_day = reviews_per_day(s, T0 + timedelta(days=3, hours=1), IST)
        assert [(d.day.isoformat(), d.reviews, d.lapses) for d in per_day] == [
            ("2026-03-02", 3, 0),
            ("2026-03-05", 1, 1),
        ]


def test_a_sections_predicted_recall_follows_fsrs(db: Database) -> None:
    from studyapp.core.content.reference import load_section

    with db.begin() as s:
        assert load_section(s, "links.rail", T0).recall is None  # nothing answered yet
        good(s, "q.trade.0003", T0)
        good(s, "q.trade.0003", T0 + timedelta(minutes=10))
    with db.begin() as s:
        soon = load_section(s, "links.rail", T0 + timedelta(days=1)).recall
        later = load_section(s, "links.rail", T0 + timedelta(days=30)).recall
    assert soon is not None and later is not None
    assert 0.9 < soon <= 1.0 and later < soon
