"""Figures per study day, read from the review totals: answers, lapses and time per
day, the streak, and true retention per week.

Every figure sums the 15-minute review totals for all areas together
(`review_slots`) and per area (`review_buckets`), with the few answers logged since
their last fold (`srs.totals`), so none reads the review log row by row, and each
can be narrowed to one area. Study days are the student's local days
(`local`; None means the computer's time zone), starting at the configured hour
(`studyapp.core.srs.days`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from studyapp.core.clock import BUCKET_MS
from studyapp.core.settings import StudySettings, read_settings
from studyapp.core.srs.days import DayScale, day_scale, study_zone
from studyapp.core.srs.rules import COUNTER_NAMES
from studyapp.core.srs.totals import AREA_SLOT_ROWS, SLOT_ROWS
from studyapp.core.storage.db import UnitOfWork, dbapi


def scale_for(settings: StudySettings, now: datetime, local: tzinfo | None) -> DayScale:
    """Study days as the student's settings define them: in `local`, else the zone
    pinned in Settings, else the computer's; starting at the configured hour."""
    return day_scale(now, study_zone(local, settings.time_zone), settings.day_start_hour)


def _scale(unit: UnitOfWork, now: datetime, local: tzinfo | None) -> DayScale:
    return scale_for(read_settings(dbapi(unit)), now, local)


def day_totals(
    unit: UnitOfWork,
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
    source = SLOT_ROWS if area is None else AREA_SLOT_ROWS
    sums = ", ".join(f"sum({c})" for c in counters)
    day, slots = _slot_days(scale, first, last)
    rows = (
        dbapi(unit)
        .execute(
            f"SELECT {day} AS day, {sums} "
            f"FROM ({source}) WHERE bucket >= :low AND bucket < :high GROUP BY day",
            {**slots, "area": area},
        )
        .fetchall()
    )
    return {int(day): tuple(int(v or 0) for v in values) for day, *values in rows}


def _slot_days(scale: DayScale, first: int, last: int) -> tuple[str, dict[str, int]]:
    """The study day of a review slot's `bucket`, as SQL, and the slots of days `first`
    to `last` (`:low` and `:high`, a range of the slots' primary key)."""
    low_ms, high_ms = scale.start_ms(first), scale.start_ms(last + 1)
    day = scale.day_sql(f"bucket * {BUCKET_MS}", low_ms, high_ms)
    return day, {"low": low_ms // BUCKET_MS, "high": high_ms // BUCKET_MS}


# --- the streak -------------------------------------------------------------------------


def _studied_days(unit: UnitOfWork, scale: DayScale, first: int, last: int) -> set[int]:
    """The study days from `first` to `last` with at least one answer."""
    day, slots = _slot_days(scale, first, last)
    rows = (
        dbapi(unit)
        .execute(
            f"SELECT DISTINCT {day} FROM ({SLOT_ROWS}) "
            "WHERE bucket >= :low AND bucket < :high AND reviews > 0",
            slots,
        )
        .fetchall()
    )
    return {int(row[0]) for row in rows}


def streak_on(unit: UnitOfWork, scale: DayScale) -> int:
    """Consecutive study days with at least one answer, up to today (a day not yet
    studied today does not break the streak until it is over).

    Reads back a window of days at a time, doubling it while every day in it was
    studied, so its cost follows the streak's length, not the history's; each day is
    bounded with its own UTC offset."""
    streak, newest, span = 0, scale.today, 32
    while True:
        oldest = newest - span + 1
        studied = _studied_days(unit, scale, oldest, newest)
        for day in range(newest, oldest - 1, -1):
            if day in studied:
                streak += 1
            elif day != scale.today:
                return streak
        newest, span = oldest - 1, span * 2


def study_streak(unit: UnitOfWork, now: datetime, local: tzinfo | None = None) -> int:
    """Consecutive study days with at least one answer, up to today. A day of study is
    a day of study whatever was studied: the streak always counts every area."""
    return streak_on(unit, _scale(unit, now, local))


# --- activity and retention ---------------------------------------------------------------


@dataclass(frozen=True)
class DayActivity:
    day: date  # the local study day
    reviews: int
    time_ms: int
    lapses: int = 0  # answers Again on prompts in review (`srs.rules.is_lapse`)


@dataclass(frozen=True)
class DailyActivity:
    days: list[DayActivity]  # every day of the span, oldest first, ending today
    streak: int  # consecutive study days up to today, over all areas
    studied_days: int  # days of the span with at least one answer
    reviews: int  # over the span
    time_ms: int


@dataclass(frozen=True)
class WeekRetention:
    week_start: date  # a Monday (weeks are made of local study days)
    mature_graded: int  # answers marked right or wrong on prompts in the Review state
    mature_correct: int  # … of them right
    retention: float | None  # mature_correct / mature_graded; None without answers


# The counters the day and week figures read, in the order of DayRow.
DAY_COUNTERS = ("reviews", "time_ms", "lapses", "mature_graded", "mature_correct")
DayRow = tuple[int, ...]
_NO_ANSWERS: DayRow = (0,) * len(DAY_COUNTERS)


def first_week_start(scale: DayScale, weeks: int) -> int:
    """The number of the Monday that starts the first of the last `weeks` weeks."""
    this_monday = scale.today - scale.date_of(scale.today).weekday()
    return this_monday - 7 * (max(1, weeks) - 1)


def read_days(
    unit: UnitOfWork, scale: DayScale, first: int, area: str | None = None
) -> dict[int, DayRow]:
    """DAY_COUNTERS per study day from day `first` to today: one read that serves the
    daily activity and the weekly retention alike."""
    return day_totals(unit, scale, first, scale.today, DAY_COUNTERS, area)


def days_of(scale: DayScale, rows: dict[int, DayRow], days: int) -> list[DayActivity]:
    """Each of the last `days` study days, oldest first, days without answers too."""
    series = []
    for n in range(scale.today - max(1, days) + 1, scale.today + 1):
        reviews, time_ms, lapses, *_ = rows.get(n, _NO_ANSWERS)
        series.append(DayActivity(scale.date_of(n), reviews, time_ms, lapses))
    return series


def activity_of(
    unit: UnitOfWork, scale: DayScale, rows: dict[int, DayRow], days: int
) -> DailyActivity:
    series = days_of(scale, rows, days)
    return DailyActivity(
        days=series,
        streak=streak_on(unit, scale),
        studied_days=sum(1 for d in series if d.reviews),
        reviews=sum(d.reviews for d in series),
        time_ms=sum(d.time_ms for d in series),
    )


def retention_of(scale: DayScale, rows: dict[int, DayRow], weeks: int) -> list[WeekRetention]:
    result = []
    for start in range(first_week_start(scale, weeks), scale.today + 1, 7):
        week = [rows.get(n, _NO_ANSWERS) for n in range(start, start + 7)]
        graded = sum(row[3] for row in week)
        correct = sum(row[4] for row in week)
        share = correct / graded if graded else None
        result.append(WeekRetention(scale.date_of(start), graded, correct, share))
    return result


def daily_activity(
    unit: UnitOfWork,
    now: datetime,
    local: tzinfo | None = None,
    days: int = 365,
    area: str | None = None,
) -> DailyActivity:
    """Answers and time for each of the last `days` study days (days without answers
    included, so a chart's axis is continuous), with the streak."""
    scale = _scale(unit, now, local)
    rows = read_days(unit, scale, scale.today - days + 1, area)
    return activity_of(unit, scale, rows, days)


def reviews_per_day(
    unit: UnitOfWork, now: datetime, local: tzinfo | None = None, days: int = 365
) -> list[DayActivity]:
    """The days of the last `days` that had answers, oldest first, with their answers,
    lapses and time."""
    scale = _scale(unit, now, local)
    rows = read_days(unit, scale, scale.today - days + 1)
    return [d for d in days_of(scale, rows, days) if d.reviews]


def retention_by_week(
    unit: UnitOfWork,
    now: datetime,
    local: tzinfo | None = None,
    weeks: int = 26,
    area: str | None = None,
) -> list[WeekRetention]:
    """True retention for each of the last `weeks` weeks, oldest first, this week
    last: the share of answers right among answers on prompts that had reached the
    Review state — the figure that shows whether spaced review is holding."""
    scale = _scale(unit, now, local)
    rows = read_days(unit, scale, first_week_start(scale, weeks), area)
    return retention_of(scale, rows, weeks)
