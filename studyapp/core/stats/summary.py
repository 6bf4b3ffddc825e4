"""Figures about the student's study, computed in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from studyapp.core.clock import to_ms
from studyapp.core.models import BUCKET_MS, Question, ReviewLog
from studyapp.core.settings import StudySettings, load_settings
from studyapp.core.srs.days import DayScale, day_scale, study_day_bounds, study_zone
from studyapp.core.srs.rules import COUNTER_NAMES
from studyapp.core.srs.scheduler import next_due_time, queue_counts


@dataclass(frozen=True)
class TodayCounts:
    prompts_available: int
    due_today: int
    new_available: int
    reviewed_today: int
    time_today_ms: int
    learning_due: int = 0  # of due_today: prompts still in their learning steps


def scale_for(settings: StudySettings, now: datetime, local: tzinfo | None) -> DayScale:
    """Study days as the student's settings define them: in `local`, else the zone
    pinned in Settings, else the computer's; starting at the configured hour."""
    return day_scale(now, study_zone(local, settings.time_zone), settings.day_start_hour)


def today_counts(session: Session, now: datetime, local: tzinfo | None = None) -> TodayCounts:
    settings = load_settings(session)
    zone = study_zone(local, settings.time_zone)
    start, end = study_day_bounds(now, zone, settings.day_start_hour)
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
        learning_due=queue.learning,
    )


def day_totals(
    session: Session,
    scale: DayScale,
    first: int,
    last: int,
    counters: Sequence[str],
    area: str | None = None,
) -> dict[int, tuple[int, ...]]:
    """Review counters summed per study day, from day `first` to `last` (numbers on
    `scale`), for the days that have any rows; `area` narrows them to one area's
    prompts.

    Every area at once is read from the per-slot totals, one area from its own range
    of the per-area buckets: either way one range of a primary key, a few thousand
    rows for a year however many answers it holds.
    """
    unknown = set(counters) - set(COUNTER_NAMES)
    if unknown:
        raise ValueError(f"not review-bucket counters: {sorted(unknown)}")
    source = "review_slots WHERE" if area is None else "review_buckets WHERE area = :area AND"
    sums = ", ".join(f"sum({c})" for c in counters)
    low_ms, high_ms = scale.start_ms(first), scale.start_ms(last + 1)
    day = scale.day_sql(f"bucket * {BUCKET_MS}", low_ms, high_ms)
    rows = session.execute(
        text(
            f"SELECT {day} AS day, {sums} "
            f"FROM {source} bucket >= :low AND bucket < :high GROUP BY day"
        ),
        {"low": low_ms // BUCKET_MS, "high": high_ms // BUCKET_MS, "area": area},
    ).all()
    return {int(day): tuple(int(v or 0) for v in values) for day, *values in rows}


def _studied_days(session: Session, scale: DayScale, first: int, last: int) -> set[int]:
    """The study days from `first` to `last` with at least one answer."""
    low_ms, high_ms = scale.start_ms(first), scale.start_ms(last + 1)
    day = scale.day_sql(f"bucket * {BUCKET_MS}", low_ms, high_ms)
    rows = session.execute(
        text(
            f"SELECT DISTINCT {day} FROM review_slots "
            "WHERE bucket >= :low AND bucket < :high AND reviews > 0"
        ),
        {"low": low_ms // BUCKET_MS, "high": high_ms // BUCKET_MS},
    ).all()
    return {int(row[0]) for row in rows}


def streak_on(session: Session, scale: DayScale) -> int:
    """Consecutive study days with at least one answer, up to today (a day not yet
    studied today does not break the streak until it is over).

    Reads back a window of days at a time, doubling it while every day in it was
    studied, so its cost follows the streak's length, not the history's; each day is
    bounded with its own UTC offset."""
    streak, newest, span = 0, scale.today, 32
    while True:
        oldest = newest - span + 1
        studied = _studied_days(session, scale, oldest, newest)
        for day in range(newest, oldest - 1, -1):
            if day in studied:
                streak += 1
            elif day != scale.today:
                return streak
        newest, span = oldest - 1, span * 2


def study_streak(session: Session, now: datetime, local: tzinfo | None = None) -> int:
    """Consecutive study days with at least one answer, up to today."""
    return streak_on(session, scale_for(load_settings(session), now, local))


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
    oldest first — read from the 15-minute review slots, not from every answer."""
    scale = scale_for(load_settings(session), now, local)
    totals = day_totals(
        session, scale, scale.today - days + 1, scale.today, ("reviews", "lapses", "time_ms")
    )
    return [
        DayTotals(scale.date_of(day), reviews, lapses, time_ms)
        for day, (reviews, lapses, time_ms) in sorted(totals.items())
        if reviews > 0
    ]
