"""Figures about the student's study, computed in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import Integer, func, select
from sqlalchemy.orm import Session

from studyapp.core.clock import to_ms
from studyapp.core.days import study_day_bounds
from studyapp.core.models import BUCKET_MS, Question, ReviewBucket, ReviewLog
from studyapp.core.settings import load_settings
from studyapp.core.srs import next_due_time, queue_counts

DAY_MS = 86_400_000


@dataclass(frozen=True)
class TodayCounts:
    prompts_available: int
    due_today: int
    new_available: int
    reviewed_today: int
    time_today_ms: int


def today_counts(session: Session, now: datetime, local: tzinfo | None = None) -> TodayCounts:
    settings = load_settings(session)
    start, end = study_day_bounds(now, local, settings.day_start_hour)
    available = session.scalar(
        select(func.count()).select_from(Question).where(Question.retired.is_(False))
    )
    queue = queue_counts(session, now, local)
    reviewed, time_ms = session.execute(
        select(func.count(), func.coalesce(func.sum(ReviewLog.duration_ms), 0)).where(
            ReviewLog.reviewed_ms >= to_ms(start), ReviewLog.reviewed_ms < to_ms(end)
        )
    ).one()
    return TodayCounts(
        prompts_available=available or 0,
        due_today=queue.review + queue.learning,
        new_available=queue.new,
        reviewed_today=int(reviewed),
        time_today_ms=int(time_ms),
    )


def _study_days(
    session: Session, now: datetime, local: tzinfo | None
) -> tuple[datetime, datetime, Any, int]:
    """Today's [start, end), an SQL expression giving each review bucket's study day
    (days since the epoch, local), and today's number on the same scale."""
    settings = load_settings(session)
    start, end = study_day_bounds(now, local, settings.day_start_hour)
    offset = start.utcoffset()
    # Shift each slot so that local study days begin at a multiple of 24 hours.
    shift_ms = (int(offset.total_seconds()) if offset else 0) * 1000
    shift_ms -= settings.day_start_hour * 3_600_000
    day = func.cast((ReviewBucket.bucket * BUCKET_MS + shift_ms) / DAY_MS, Integer)
    return start, end, day, (to_ms(start) + shift_ms) // DAY_MS


def study_streak(session: Session, now: datetime, local: tzinfo | None = None) -> int:
    """Consecutive study days with at least one answer, up to today (a day not yet
    studied today does not break the streak until it is over)."""
    _, end, day, today = _study_days(session, now, local)
    days = session.scalars(
        select(day)
        .where(ReviewBucket.bucket < to_ms(end) // BUCKET_MS, ReviewBucket.reviews > 0)
        .group_by(day)
        .order_by(day.desc())
    ).all()
    expected = today if days and days[0] == today else today - 1
    streak = 0
    for value in days:
        if value != expected:
            break
        streak += 1
        expected -= 1
    return streak


def stats_summary(session: Session, now: datetime, local: tzinfo | None = None) -> dict[str, Any]:
    """What `studyapp stats --json` prints."""
    counts = today_counts(session, now, local)
    due_at = next_due_time(session)
    return {
        "due_today": counts.due_today,
        "new_available_today": counts.new_available,
        "reviewed_today": counts.reviewed_today,
        "time_today_s": round(counts.time_today_ms / 1000),
        "prompts_available": counts.prompts_available,
        "streak_days": study_streak(session, now, local),
        "next_due": due_at.isoformat() if due_at else None,
    }


@dataclass(frozen=True)
class DayTotals:
    day: date  # the local study day
    reviews: int
    lapses: int
    time_ms: int


def reviews_per_day(
    session: Session, now: datetime, local: tzinfo | None = None, days: int = 365
) -> list[DayTotals]:
    """Answers, lapses and time for each of the last `days` study days that had any,
    oldest first — read from the 15-minute review buckets, not from every answer."""
    start, end, day, _ = _study_days(session, now, local)
    first = start - timedelta(days=days - 1)
    rows = session.execute(
        select(
            day.label("day"),
            func.sum(ReviewBucket.reviews),
            func.sum(ReviewBucket.lapses),
            func.sum(ReviewBucket.time_ms),
        )
        .where(
            ReviewBucket.bucket >= to_ms(first) // BUCKET_MS,
            ReviewBucket.bucket < to_ms(end) // BUCKET_MS,
            ReviewBucket.reviews > 0,
        )
        .group_by(day)
        .order_by(day)
    ).all()
    epoch = date(1970, 1, 1)
    return [
        DayTotals(epoch + timedelta(days=int(d)), int(n), int(lapses), int(ms))
        for d, n, lapses, ms in rows
    ]
