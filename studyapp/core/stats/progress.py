"""The figures of the Progress screen and of Home: how well each area and reference
section is known, daily activity and the streak, true retention per week, the reviews
coming due, mock-test scores and mains answers written.

Every figure is an SQL aggregate — over the cards, or over the 15-minute review
totals that triggers keep for all areas together (`review_slots`) and per area
(`review_buckets`) — so none reads the review log row by row, and every chart can be
narrowed to one area. Study days are the student's local days (`local`; None means
the computer's time zone), starting at the configured hour (`studyapp.core.srs.days`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.core.bank.areas import OWN_AREA_ID
from studyapp.core.clock import from_ms, to_ms
from studyapp.core.settings import StudySettings, load_settings
from studyapp.core.srs.days import DayScale
from studyapp.core.srs.scheduler import RETRIEVABILITY_SQL, retrievability_params
from studyapp.core.stats.summary import day_totals, scale_for, streak_on

MOCK_KIND = "mock"
MAINS_RECENT_DAYS = 30


# --- mastery ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaMastery:
    area: str  # the area's id (`questions.area`)
    title: str
    prompts: int  # live prompts: not retired, not suspended
    seen: int  # … of them answered at least once
    seen_share: float  # seen / prompts (0.0 for an area without prompts)
    recall: float | None  # average FSRS retrievability now of the seen ones


@dataclass(frozen=True)
class SectionMastery:
    key: str  # opens the section in the reference browser
    title: str
    prompts: int  # live prompts of the area linked to this section
    seen: int
    seen_share: float
    recall: float | None


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# Retired prompts are left out through their own small index rather than by reading
# the (big) questions table row by row.
_NOT_RETIRED = "c.question_id NOT IN (SELECT id FROM questions WHERE retired = 1)"
# Live prompts (not retired, not suspended) and their cards; the area index is read as
# a covering index.
_LIVE_CARDS = (
    "FROM questions q INDEXED BY ix_questions_area "
    f"JOIN cards c ON c.question_id = q.id WHERE c.suspended = 0 AND {_NOT_RETIRED}"
)
# Prompts, answered prompts, and the sum of recall (0 for prompts never answered).
_MASTERY_COLUMNS = f"count(*), count(c.last_review_ms), sum({RETRIEVABILITY_SQL})"


def _mastery_by_area(session: Session, settings: StudySettings, now: datetime) -> list[AreaMastery]:
    totals = {
        str(area): (int(prompts), int(seen), float(recall_sum or 0.0))
        for area, prompts, seen, recall_sum in session.execute(
            text(f"SELECT q.area, {_MASTERY_COLUMNS} {_LIVE_CARDS} GROUP BY q.area"),
            retrievability_params(settings, now),
        )
    }
    known = session.execute(text("SELECT id, title FROM areas ORDER BY position, id")).all()
    # Areas of the content first, in their order; then areas only the student's own
    # prompts use (an imported deck's tags), by name. "My prompts" shows once it has any.
    areas = [(str(a), str(t)) for a, t in known if a != OWN_AREA_ID or a in totals]
    listed = {a for a, _ in areas}
    areas += [(a, a.title()) for a in sorted(totals) if a not in listed]
    result = []
    for area, title in areas:
        prompts, seen, recall_sum = totals.get(area, (0, 0, 0.0))
        recall = recall_sum / seen if seen else None
        result.append(AreaMastery(area, title, prompts, seen, _share(seen, prompts), recall))
    return result


def mastery_by_area(session: Session, now: datetime) -> list[AreaMastery]:
    """Every study area with how much of it has been seen and how well it is recalled
    now, in the content's order of areas."""
    return _mastery_by_area(session, load_settings(session), now)


def _reading_order(session: Session) -> dict[str, int]:
    """Each live section's place in the reference browser's tree, read depth first."""
    from studyapp.core.content.reference import section_tree

    tree = section_tree(session)
    order: dict[str, int] = {}
    stack = [""]
    while stack:
        key = stack.pop()
        order[key] = len(order)
        stack.extend(reversed(tree[key].children))
    return order


def _mastery_by_section(
    session: Session, settings: StudySettings, now: datetime, area: str
) -> list[SectionMastery]:
    rows = session.execute(
        text(
            f"SELECT s.key, s.title, {_MASTERY_COLUMNS} "
            "FROM questions q INDEXED BY ix_questions_area "
            "JOIN question_sections qs ON qs.question_id = q.id "
            "JOIN sections s ON s.id = qs.section_id "
            "JOIN cards c ON c.question_id = q.id "
            f"WHERE q.area = :area AND c.suspended = 0 AND s.retired = 0 AND {_NOT_RETIRED} "
            "GROUP BY s.id"
        ),
        {"area": area, **retrievability_params(settings, now)},
    ).all()
    if not rows:
        return []
    order = _reading_order(session)
    result = [
        SectionMastery(
            str(key),
            str(title),
            int(prompts),
            int(seen),
            _share(int(seen), int(prompts)),
            float(recall_sum) / int(seen) if seen else None,
        )
        for key, title, prompts, seen, recall_sum in rows
    ]
    return sorted(result, key=lambda m: (order.get(m.key, len(order)), m.key))


def mastery_by_section(session: Session, now: datetime, area: str) -> list[SectionMastery]:
    """The reference sections linked to an area's prompts, each with the mastery of
    those prompts, in the reference browser's reading order."""
    return _mastery_by_section(session, load_settings(session), now, area)


def rank_weakest(mastery: Sequence[AreaMastery], limit: int = 3) -> list[AreaMastery]:
    """The areas to work on next: the lowest recall first among areas with answered
    prompts (on a tie, the one less seen), then areas not yet started, in the content's
    order, so a new student still gets suggestions. Areas without prompts never."""
    started = sorted(
        (m for m in mastery if m.seen and m.recall is not None),
        key=lambda m: (m.recall, m.seen_share),
    )
    untouched = [m for m in mastery if m.prompts and not m.seen]
    return [*started, *untouched][: max(0, limit)]


def weakest_areas(session: Session, now: datetime, limit: int = 3) -> list[AreaMastery]:
    """Home's suggestions of what to study (see `rank_weakest`)."""
    return rank_weakest(mastery_by_area(session, now), limit)


# --- activity and retention ---------------------------------------------------------------


@dataclass(frozen=True)
class DayActivity:
    day: date  # the local study day
    reviews: int
    time_ms: int


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


# The counters the activity and retention figures read, in the order of _DayRow.
_DAY_COUNTERS = ("reviews", "time_ms", "mature_graded", "mature_correct")
_DayRow = tuple[int, ...]
_NO_ANSWERS: _DayRow = (0, 0, 0, 0)


def _first_week_start(scale: DayScale, weeks: int) -> int:
    """The number of the Monday that starts the first of the last `weeks` weeks."""
    this_monday = scale.today - scale.date_of(scale.today).weekday()
    return this_monday - 7 * (max(1, weeks) - 1)


def _activity(
    session: Session, scale: DayScale, rows: dict[int, _DayRow], days: int
) -> DailyActivity:
    numbers = range(scale.today - max(1, days) + 1, scale.today + 1)
    series = []
    for n in numbers:
        reviews, time_ms, *_ = rows.get(n, _NO_ANSWERS)
        series.append(DayActivity(scale.date_of(n), reviews, time_ms))
    return DailyActivity(
        days=series,
        streak=streak_on(session, scale),
        studied_days=sum(1 for d in series if d.reviews),
        reviews=sum(d.reviews for d in series),
        time_ms=sum(d.time_ms for d in series),
    )


def _retention(scale: DayScale, rows: dict[int, _DayRow], weeks: int) -> list[WeekRetention]:
    result = []
    for start in range(_first_week_start(scale, weeks), scale.today + 1, 7):
        graded = sum(rows.get(n, _NO_ANSWERS)[2] for n in range(start, start + 7))
        correct = sum(rows.get(n, _NO_ANSWERS)[3] for n in range(start, start + 7))
        share = correct / graded if graded else None
        result.append(WeekRetention(scale.date_of(start), graded, correct, share))
    return result


def _scale(session: Session, now: datetime, local: tzinfo | None) -> DayScale:
    return scale_for(load_settings(session), now, local)


def daily_activity(
    session: Session,
    now: datetime,
    local: tzinfo | None = None,
    days: int = 365,
    area: str | None = None,
) -> DailyActivity:
    """Answers and time for each of the last `days` study days (days without answers
    included, so a chart's axis is continuous), with the streak. The streak counts
    every area: a day of study is a day of study whatever was studied."""
    scale = _scale(session, now, local)
    rows = day_totals(session, scale, scale.today - days + 1, scale.today, _DAY_COUNTERS, area)
    return _activity(session, scale, rows, days)


def retention_by_week(
    session: Session,
    now: datetime,
    local: tzinfo | None = None,
    weeks: int = 26,
    area: str | None = None,
) -> list[WeekRetention]:
    """True retention for each of the last `weeks` weeks, oldest first, this week
    last: the share of answers right among answers on prompts that had reached the
    Review state — the figure that shows whether spaced review is holding."""
    scale = _scale(session, now, local)
    first = _first_week_start(scale, weeks)
    rows = day_totals(session, scale, first, scale.today, _DAY_COUNTERS, area)
    return _retention(scale, rows, weeks)


# --- the reviews coming due -----------------------------------------------------------------


@dataclass(frozen=True)
class DueDay:
    day: date  # the local study day
    due: int  # answered prompts falling due that day (overdue ones count on today)


def _due_forecast(session: Session, scale: DayScale, days: int, area: str | None) -> list[DueDay]:
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
            f" AND {_NOT_RETIRED}) FROM span"
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
            f"AND c.due_ms < :end AND {_NOT_RETIRED} GROUP BY day"
        )
    counts = {int(day): int(n) for day, n in session.execute(text(sql), params)}
    numbers = range(scale.today, scale.today + max(0, days))
    return [DueDay(scale.date_of(n), counts.get(n, 0)) for n in numbers]


def due_forecast(
    session: Session,
    now: datetime,
    local: tzinfo | None = None,
    days: int = 30,
    area: str | None = None,
) -> list[DueDay]:
    """How many answered, live prompts fall due on each of the next `days` study days,
    today first (today includes everything overdue)."""
    return _due_forecast(session, _scale(session, now, local), days, area)


# --- mock tests and mains answers -------------------------------------------------------


@dataclass(frozen=True)
class MockScore:
    quiz_id: int
    finished: datetime  # UTC
    score: float  # UPSC marking: +2 right, −2/3 wrong, 0 blank
    max_score: float
    prompts: int
    share: float | None  # score / max_score (negative marking can make it negative)


def mock_scores(session: Session, limit: int | None = None) -> list[MockScore]:
    """Submitted mock tests, oldest first (with `limit`, the latest `limit` of them)."""
    rows = session.execute(
        text(
            "SELECT s.id, s.finished_ms, s.score, s.max_score, "
            "(SELECT count(*) FROM quiz_items i WHERE i.session_id = s.id) "
            "FROM quiz_sessions s "
            "WHERE s.kind = :kind AND s.status = 'submitted' AND s.finished_ms IS NOT NULL "
            "AND s.score IS NOT NULL AND s.max_score IS NOT NULL "
            "ORDER BY s.finished_ms DESC, s.id DESC LIMIT :limit"
        ),
        {"kind": MOCK_KIND, "limit": -1 if limit is None else max(0, limit)},
    ).all()
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


def last_mock(session: Session) -> MockScore | None:
    latest = mock_scores(session, limit=1)
    return latest[0] if latest else None


@dataclass(frozen=True)
class MainsProgress:
    written: int  # answers submitted
    written_recently: int  # … in the last MAINS_RECENT_DAYS days
    scored: int  # … self-assessed against the key points
    average_share: float | None  # mean of score / the prompt's marks, over those


def mains_written(session: Session, now: datetime, area: str | None = None) -> MainsProgress:
    """Mains answers written, and how they scored as a share of each prompt's marks
    (10 for a 150-word answer, 15 for 250 words)."""
    # A prompt without marks in its details counts as a 10-mark one, as when writing.
    row = session.execute(
        text(
            "SELECT count(*), coalesce(sum(m.submitted_ms >= :since), 0), count(m.score), "
            "avg(m.score / coalesce(json_extract(q.details, '$.marks'), 10)) "
            "FROM mains_answers m JOIN questions q ON q.id = m.question_id "
            f"WHERE m.submitted_ms IS NOT NULL{' AND q.area = :area' if area is not None else ''}"
        ),
        {"since": to_ms(now - timedelta(days=MAINS_RECENT_DAYS)), "area": area},
    ).one()
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
    settings = load_settings(session)
    scale = scale_for(settings, now, local)
    first = min(scale.today - span_days + 1, _first_week_start(scale, weeks))
    rows = day_totals(session, scale, first, scale.today, _DAY_COUNTERS, area)
    mastery = _mastery_by_area(session, settings, now)
    return ProgressSnapshot(
        now=now,
        area=area,
        mastery=mastery,
        weakest=rank_weakest(mastery),
        sections=[] if area is None else _mastery_by_section(session, settings, now, area),
        activity=_activity(session, scale, rows, span_days),
        retention=_retention(scale, rows, weeks),
        forecast=_due_forecast(session, scale, forecast_days, area),
        mocks=mock_scores(session),
        mains=mains_written(session, now, area),
    )


def progress_summary(
    session: Session, now: datetime, local: tzinfo | None = None
) -> dict[str, Any]:
    """The progress figures `studyapp stats --json` prints beside today's: mastery per
    area, true retention per week, and the reviews due on each of the next 30 days."""
    settings = load_settings(session)
    scale = scale_for(settings, now, local)
    weeks = 26
    rows = day_totals(session, scale, _first_week_start(scale, weeks), scale.today, _DAY_COUNTERS)
    return {
        "mastery": [
            {
                "id": m.area,
                "title": m.title,
                "prompts": m.prompts,
                "seen": m.seen,
                "recall": None if m.recall is None else round(m.recall, 4),
            }
            for m in _mastery_by_area(session, settings, now)
        ],
        "retention": [
            {
                "week": w.week_start.isoformat(),
                "graded": w.mature_graded,
                "correct": w.mature_correct,
                "share": None if w.retention is None else round(w.retention, 4),
            }
            for w in _retention(scale, rows, weeks)
        ],
        "forecast": [
            {"date": d.day.isoformat(), "due": d.due}
            for d in _due_forecast(session, scale, 30, None)
        ],
    }
