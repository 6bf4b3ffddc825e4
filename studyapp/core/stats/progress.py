"""The Progress screen's figures together: the reviews coming due, mock-test scores,
mains answers written, and `progress_snapshot`, everything the screen shows read in
one transaction (the mastery figures are in `stats.mastery`, the per-day ones in
`stats.daily`); and `progress_summary`, the same snapshot as `studyapp stats --json`
prints it.

Every figure is an SQL aggregate over the cards, the quiz records or the review totals,
so none reads the review log row by row, and every chart can be narrowed to one area.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from studyapp.core.clock import from_ms, to_ms
from studyapp.core.settings import read_settings
from studyapp.core.srs.days import DayScale
from studyapp.core.srs.queue import NOT_RETIRED
from studyapp.core.stats.daily import (
    DailyActivity,
    WeekRetention,
    activity_of,
    first_week_start,
    read_days,
    retention_of,
    scale_for,
)
from studyapp.core.stats.mastery import (
    AreaMastery,
    SectionMastery,
    mastery_by_area,
    mastery_by_section,
    rank_weakest,
)
from studyapp.core.storage.db import UnitOfWork, dbapi

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MOCK_KIND = "mock"
MAINS_RECENT_DAYS = 30


# --- the reviews coming due -----------------------------------------------------------------


@dataclass(frozen=True)
class DueDay:
    day: date  # the local study day
    due: int  # answered prompts falling due that day (overdue ones count on today)


def _due_forecast(unit: UnitOfWork, scale: DayScale, days: int, area: str | None) -> list[DueDay]:
    today_ms = scale.start_ms(scale.today)
    end_ms = scale.start_ms(scale.today + days)
    params = {"today": scale.today, "end": end_ms, "area": area}
    if area is None:
        # One count per day, each a short range of the due index per card state;
        # today's range is open below, so overdue prompts count on today. Counting
        # ranges costs less than grouping every card due in the span by day. Each
        # day's bounds carry that day's UTC offset.
        bounds = [scale.start_ms(scale.today + i) for i in range(max(0, days) + 1)]
        span = ", ".join(
            f"({scale.today + i}, {-(2**63) if i == 0 else low}, {high})"
            for i, (low, high) in enumerate(itertools.pairwise(bounds))
        )
        sql = (
            f"WITH span(day, low, high) AS (VALUES {span or '(0, 0, 0)'})"
            " SELECT day, (SELECT count(*) FROM cards c INDEXED BY ix_cards_due"
            " WHERE c.suspended = 0 AND c.last_review_ms IS NOT NULL AND c.state IN (1, 2, 3)"
            " AND c.due_ms >= low AND c.due_ms < high"
            f"{NOT_RETIRED}) FROM span"
        )
    else:
        # One area's prompts, from the area index, each card looked up once: far fewer
        # rows than the whole collection's due cards. Overdue ones count on today.
        day = scale.day_sql("c.due_ms", today_ms, end_ms)
        sql = (
            f"SELECT max({day}, :today) AS day, count(*) "
            "FROM questions q INDEXED BY ix_questions_area "
            "JOIN cards c ON c.question_id = q.id "
            "WHERE q.area = :area AND c.suspended = 0 AND c.last_review_ms IS NOT NULL "
            f"AND c.due_ms < :end{NOT_RETIRED} GROUP BY day"
        )
    counts = {int(day): int(n) for day, n in dbapi(unit).execute(sql, params)}
    numbers = range(scale.today, scale.today + max(0, days))
    return [DueDay(scale.date_of(n), counts.get(n, 0)) for n in numbers]


def due_forecast(
    unit: UnitOfWork,
    now: datetime,
    local: tzinfo | None = None,
    days: int = 30,
    area: str | None = None,
) -> list[DueDay]:
    """How many answered, live prompts fall due on each of the next `days` study days,
    today first (today includes everything overdue)."""
    return _due_forecast(unit, scale_for(read_settings(dbapi(unit)), now, local), days, area)


# --- mock tests and mains answers -------------------------------------------------------


@dataclass(frozen=True)
class MockScore:
    quiz_id: int
    finished: datetime  # UTC
    score: float  # UPSC marking: +2 right, −2/3 wrong, 0 blank
    max_score: float
    prompts: int
    share: float | None  # score / max_score (negative marking can make it negative)


def mock_scores(unit: UnitOfWork, limit: int | None = None) -> list[MockScore]:
    """Submitted mock tests, oldest first (with `limit`, the latest `limit` of them)."""
    rows = (
        dbapi(unit)
        .execute(
            "SELECT s.id, s.finished_ms, s.score, s.max_score, "
            "(SELECT count(*) FROM quiz_items i WHERE i.session_id = s.id) "
            "FROM quiz_sessions s "
            "WHERE s.kind = :kind AND s.status = 'submitted' AND s.finished_ms IS NOT NULL "
            "AND s.score IS NOT NULL AND s.max_score IS NOT NULL "
            "ORDER BY s.finished_ms DESC, s.id DESC LIMIT :limit",
            {"kind": MOCK_KIND, "limit": -1 if limit is None else max(0, limit)},
        )
        .fetchall()
    )
    return [
        MockScore(
            int(quiz_id),
            from_ms(int(finished_ms)),
            float(score),
            float(max_score),
            int(prompts),
            float(score) / float(max_score) if max_score else None,
        )
        for quiz_id, finished_ms, score, max_score, prompts in reversed(rows)
    ]


def last_mock(unit: UnitOfWork) -> MockScore | None:
    latest = mock_scores(unit, limit=1)
    return latest[0] if latest else None


@dataclass(frozen=True)
class MainsProgress:
    written: int  # answers submitted
    written_recently: int  # … in the last MAINS_RECENT_DAYS days
    scored: int  # … self-assessed against the key points
    average_share: float | None  # mean of score / the prompt's marks, over those


def mains_written(unit: UnitOfWork, now: datetime, area: str | None = None) -> MainsProgress:
    """Mains answers written, and how they scored as a share of each prompt's marks
    (10 for a 150-word answer, 15 for 250 words)."""
    # A prompt without marks in its details counts as a 10-mark one, as when writing.
    row = (
        dbapi(unit)
        .execute(
            "SELECT count(*), coalesce(sum(m.submitted_ms >= :since), 0), count(m.score), "
            "avg(m.score / coalesce(json_extract(q.details, '$.marks'), 10)) "
            "FROM mains_answers m JOIN questions q ON q.id = m.question_id "
            f"WHERE m.submitted_ms IS NOT NULL{' AND q.area = :area' if area is not None else ''}",
            {"since": to_ms(now - timedelta(days=MAINS_RECENT_DAYS)), "area": area},
        )
        .fetchone()
    )
    written, recent, scored, share = row
    return MainsProgress(
        int(written), int(recent), int(scored), None if share is None else float(share)
    )


# --- everything the Progress screen shows -------------------------------------------------


@dataclass(frozen=True)
class ProgressSnapshot:
    now: datetime
    area: str | None  # the area the figures are narrowed to, if any
    mastery: list[AreaMastery]  # every area, whatever the filter
    weakest: list[AreaMastery]
    sections: list[SectionMastery]  # the filtered area's sections (empty without one)
    activity: DailyActivity
    retention: list[WeekRetention]
    forecast: list[DueDay]
    mocks: list[MockScore]
    mains: MainsProgress


def progress_snapshot(
    session: Session,
    now: datetime,
    local: tzinfo | None = None,
    area: str | None = None,
    span_days: int = 365,
    weeks: int = 26,
    forecast_days: int = 30,
) -> ProgressSnapshot:
    """Everything the Progress screen shows, read in the caller's one transaction so
    the figures agree with each other. One pass over the review buckets serves both
    the daily activity and the weekly retention."""
    settings = read_settings(dbapi(session))
    scale = scale_for(settings, now, local)
    rows = read_days(
        session, scale, min(scale.today - span_days + 1, first_week_start(scale, weeks)), area
    )
    mastery = mastery_by_area(session, now, settings)
    return ProgressSnapshot(
        now=now,
        area=area,
        mastery=mastery,
        weakest=rank_weakest(mastery),
        sections=[] if area is None else mastery_by_section(session, now, area, settings),
        activity=activity_of(session, scale, rows, span_days),
        retention=retention_of(scale, rows, weeks),
        forecast=_due_forecast(session, scale, forecast_days, area),
        mocks=mock_scores(session),
        mains=mains_written(session, now, area),
    )


def progress_summary(
    session: Session, now: datetime, local: tzinfo | None = None
) -> dict[str, Any]:
    """The progress figures `studyapp stats --json` prints beside today's, from the
    snapshot the Progress screen shows: mastery per area, true retention per week, and
    the reviews due on each of the next 30 days."""
    snapshot = progress_snapshot(session, now, local)
    return {
        "mastery": [
            {
                "id": m.area,
                "title": m.title,
                "prompts": m.prompts,
                "seen": m.seen,
                "recall": None if m.recall is None else round(m.recall, 4),
            }
            for m in snapshot.mastery
        ],
        "retention": [
            {
                "week": w.week_start.isoformat(),
                "graded": w.mature_graded,
                "correct": w.mature_correct,
                "share": None if w.retention is None else round(w.retention, 4),
            }
            for w in snapshot.retention
        ],
        "forecast": [{"date": d.day.isoformat(), "due": d.due} for d in snapshot.forecast],
    }
