"""Figures about the student's study, computed in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from studyapp.core.clock import to_ms
from studyapp.core.days import DAY_MS, DayScale, day_scale, study_day_bounds
from studyapp.core.models import BUCKET_MS, Question, ReviewLog
from studyapp.core.settings import load_settings
from studyapp.core.srs import next_due_time, queue_counts


@dataclass(frozen=True)
class TodayCounts:
    prompts_available: int
    due_today: int
    new_available: int
    reviewed_today: int
    time_today_ms: int
    learning_due: int = 0  # of due_today: prompts still in their learning steps


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
        learning_due=queue.learning,
    )


# The counters of a review bucket that figures may add up per day.
BUCKET_COUNTERS = (
    "reviews",
    "time_ms",
    "lapses",
    "graded",
    "correct",
    "mature_graded",
    "mature_correct",
    "new_cards",
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
    unknown = set(counters) - set(BUCKET_COUNTERS)
    if unknown:
        raise ValueError(f"not review-bucket counters: {sorted(unknown)}")
    source = "review_slots WHERE" if area is None else "review_buckets WHERE area = :area AND"
    sums = ", ".join(f"sum({c})" for c in counters)
    rows = session.execute(
        text(
            f"SELECT (bucket * {BUCKET_MS} + :shift) / {DAY_MS} AS day, {sums} "
            f"FROM {source} bucket >= :low AND bucket < :high GROUP BY day"
        ),
        {
            "shift": scale.shift_ms,
            "low": scale.start_ms(first) // BUCKET_MS,
            "high": scale.start_ms(last + 1) // BUCKET_MS,
            "area": area,
        },
    ).all()
    return {int(day): tuple(int(v or 0) for v in values) for day, *values in rows}


# Whether study day `day` (an SQL expression) has at least one answer: one short range
# of the slots' primary key.
_STUDIED = (
    "EXISTS (SELECT 1 FROM review_slots WHERE "
    f"bucket >= ({{day}} * {DAY_MS} - :shift) / {BUCKET_MS} AND "
    f"bucket < (({{day}} + 1) * {DAY_MS} - :shift) / {BUCKET_MS} AND reviews > 0)"
)


def streak_on(session: Session, scale: DayScale) -> int:
    """Consecutive study days with at least one answer, up to today (a day not yet
    studied today does not break the streak until it is over).

    Walks back one day at a time inside SQLite, each step a probe of the slots'
    primary key, so its cost follows the streak's length, not the history's.
    """
    value = session.execute(
        text(
            "WITH RECURSIVE run(day, studied) AS ("
            f" SELECT :today, {_STUDIED.format(day=':today')}"
            f" UNION ALL SELECT day - 1, {_STUDIED.format(day='(day - 1)')}"
            " FROM run WHERE studied OR day = :today"
            ") SELECT sum(studied) FROM run"
        ),
        {"today": scale.today, "shift": scale.shift_ms},
    ).scalar()
    return int(value or 0)


def study_streak(session: Session, now: datetime, local: tzinfo | None = None) -> int:
    """Consecutive study days with at least one answer, up to today."""
    settings = load_settings(session)
    return streak_on(session, day_scale(now, local, settings.day_start_hour))


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
    settings = load_settings(session)
    scale = day_scale(now, local, settings.day_start_hour)
    totals = day_totals(
        session, scale, scale.today - days + 1, scale.today, ("reviews", "lapses", "time_ms")
    )
    return [
        DayTotals(scale.date_of(day), reviews, lapses, time_ms)
        for day, (reviews, lapses, time_ms) in sorted(totals.items())
        if reviews > 0
    ]
