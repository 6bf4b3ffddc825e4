"""Today's queue in SQL: what is due, what comes next, and how many of each.

Everything here runs on a DB-API (`sqlite3`) connection and needs neither SQLAlchemy
nor `fsrs`: it is what a study session asks for before every prompt, and what
start-up shows first (`studyapp due` counts without loading the ORM at all).
`studyapp.core.srs.scheduler` offers the same on a `Session`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, NamedTuple

from studyapp.core.clock import BUCKET_MS, from_ms, to_ms
from studyapp.core.settings import StudySettings, read_settings
from studyapp.core.srs.days import study_day_bounds, study_zone
from studyapp.core.srs.rules import LEARNING_STATES, REVIEW_STATE
from studyapp.core.srs.totals import INTRODUCED_TODAY, fewer_new_today

# Learning cards due within this window are shown rather than making the student wait
# for a few minutes with nothing else to do (Anki's "learn ahead" limit).
LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True)
class QueueCounts:
    learning: int  # in a learning or relearning step, due now (or within LEARN_AHEAD)
    review: int  # review cards due today
    new: int  # new prompts still allowed today

    @property
    def total(self) -> int:
        return self.learning + self.review + self.new


@dataclass(frozen=True)
class DayWindow:
    now_ms: int
    ahead_ms: int
    start_ms: int
    end_ms: int


def day_window(now: datetime, local: tzinfo | None, settings: StudySettings) -> DayWindow:
    zone = study_zone(local, settings.time_zone)
    now_ms = to_ms(now)
    start_ms, end_ms = _study_day_ms(now, now_ms, zone, settings.day_start_hour)
    return DayWindow(now_ms, now_ms + _LEARN_AHEAD_MS, start_ms, end_ms)


_LEARN_AHEAD_MS = int(LEARN_AHEAD.total_seconds() * 1000)
# The last study day found for each zone and start hour: a study session asks for the
# same day before every prompt.
_days_found: dict[tuple[tzinfo, int], tuple[int, int]] = {}


def _study_day_ms(now: datetime, now_ms: int, zone: tzinfo, start_hour: int) -> tuple[int, int]:
    """[start, end) in epoch ms of the study day `now` falls in."""
    found = _days_found.get((zone, start_hour))
    if found is None or not found[0] <= now_ms < found[1]:
        start, end = study_day_bounds(now, zone, start_hour)
        found = _days_found[(zone, start_hour)] = (to_ms(start), to_ms(end))
    return found


# The queue's conditions, written once and shared by the counts, the next-prompt hot
# path and the queue preview. Each is one range of a partial index (`ix_cards_due` on
# state and due time, `ix_cards_new` on queue position); retired prompts are few and
# have their own partial index, so excluding them this way never joins every card.
REVIEW_DUE = (
    "c.suspended = 0 AND c.last_review_ms IS NOT NULL"
    f" AND c.state = {REVIEW_STATE} AND c.due_ms < :end"
)
_LEARNING = f"c.suspended = 0 AND c.last_review_ms IS NOT NULL AND c.state IN {LEARNING_STATES}"
LEARNING_DUE = f"{_LEARNING} AND c.due_ms <= :until"
UNSEEN = "c.suspended = 0 AND c.last_review_ms IS NULL"
NOT_RETIRED = " AND c.question_id NOT IN (SELECT id FROM questions WHERE retired = 1)"


def introduced_today(connection: sqlite3.Connection, window: DayWindow) -> int:
    value = connection.execute(INTRODUCED_TODAY, {"day_slot": window.start_ms // BUCKET_MS})
    return int(value.fetchone()[0] or 0)


def count_queue(
    connection: sqlite3.Connection,
    now: datetime,
    local: tzinfo | None = None,
    areas: Sequence[str] = (),
    settings: StudySettings | None = None,
    *,
    cap: int | None = None,
) -> QueueCounts:
    """What today's queue holds: each count is a range of one partial index, and
    retired prompts are subtracted through their own small index rather than by
    joining every card to its question. Due counts are not capped by any limit; new
    prompts are what today's limit still allows. With `cap`, each count stops there
    (the review screen's header, read after every answer, must not take longer as
    the backlog grows: it shows "1000+")."""
    settings = settings or read_settings(connection)
    window = day_window(now, local, settings)
    new_left = max(0, settings.new_per_day - introduced_today(connection, window))
    where = NOT_RETIRED
    params: dict[str, Any] = {"end": window.end_ms, "until": window.ahead_ms, "new_left": new_left}
    if areas:
        where += " AND c.question_id IN (SELECT id FROM questions WHERE area IN ({}))".format(
            ", ".join(f":area{i}" for i in range(len(areas)))
        )
        params.update({f"area{i}": area for i, area in enumerate(areas)})
    row = connection.execute(
        "SELECT"
        f" (SELECT count(*) FROM (SELECT 1 FROM cards c INDEXED BY ix_cards_due"
        f" WHERE {REVIEW_DUE}{where} LIMIT :cap)),"
        f" (SELECT count(*) FROM (SELECT 1 FROM cards c INDEXED BY ix_cards_due"
        f" WHERE {LEARNING_DUE}{where} LIMIT :cap)),"
        f" (SELECT count(*) FROM (SELECT 1 FROM cards c INDEXED BY ix_cards_new"
        f" WHERE {UNSEEN}{where} LIMIT min(:new_left, :cap)))",
        {**params, "cap": 2**62 if cap is None else cap},
    ).fetchone()
    return QueueCounts(review=int(row[0]), learning=int(row[1]), new=int(row[2]))


def next_due_time(connection: sqlite3.Connection) -> datetime | None:
    """When the earliest scheduled card falls due (what the review summary says once
    nothing is left for now)."""
    (value,) = connection.execute(
        "SELECT min(c.due_ms) FROM cards c WHERE c.suspended = 0 "
        f"AND c.last_review_ms IS NOT NULL{NOT_RETIRED}"
    ).fetchone()
    return None if value is None else from_ms(value)


# For the first card of one part of the queue: one lookup of each candidate's prompt
# by its id (SQLite's plan; the retired prompts' partial index measured no quicker),
# where NOT_RETIRED would list the retired prompts first, once for each part, every
# time a prompt is shown.
_CANDIDATE_NOT_RETIRED = (
    " AND NOT EXISTS (SELECT 1 FROM questions q WHERE q.id = c.question_id AND q.retired = 1)"
)


def _first(branch: int, condition: str, order: str, skip: str) -> str:
    return (
        f"SELECT * FROM (SELECT {order} AS rank, {branch} AS branch,"
        f" c.question_id FROM cards c WHERE {condition}{_CANDIDATE_NOT_RETIRED}{skip}"
        f" ORDER BY {order} LIMIT 1)"
    )


def _next_sql(skip: str, *, new_limit: str = ":new_per_day", ahead: bool = True) -> str:
    """One statement for the next prompt: the first of each part of the queue (each
    one seek of a partial index), the earliest tier that has one winning. Tier 0:
    due now, most overdue first (reviews due today, then learning steps due now);
    tier 1: new prompts while today's limit lasts; tier 2 (unless not `ahead`):
    learning steps due within LEARN_AHEAD rather than leaving the student idle.
    `coalesce` evaluates a tier only when those before it are empty: while reviews
    are due, neither new prompts nor today's count of them is read."""
    new_allowed = f" AND {fewer_new_today(new_limit)}"
    due_now = (
        _first(0, REVIEW_DUE, "c.due_ms", skip),
        _first(1, f"{_LEARNING} AND c.due_ms <= :now", "c.due_ms", skip),
    )
    tiers = [
        f"SELECT question_id FROM ({' UNION ALL '.join(due_now)}) ORDER BY rank, branch LIMIT 1",
        f"SELECT question_id FROM ({_first(0, UNSEEN + new_allowed, 'c.new_position', skip)})",
    ]
    if ahead:
        tiers.append(f"SELECT question_id FROM ({_first(0, LEARNING_DUE, 'c.due_ms', skip)})")
    return f"SELECT coalesce({', '.join(f'({tier})' for tier in tiers)})"


_NEXT = _next_sql("")
# For `next_after_answer`: the answered card skipped, and counted against today's new
# prompts if it was new and its answer is not yet in the database read.
_NEXT_AFTER = _next_sql(
    " AND c.question_id != :skip",
    new_limit=":new_per_day - (:introduced AND NOT EXISTS"
    " (SELECT 1 FROM review_log WHERE id = :review_id))",
    ahead=False,
)


class AnsweredCard(NamedTuple):
    """What the queue needs of an answer to tell what follows it."""

    review_id: int
    question_id: int
    state: int  # the card's state after the answer
    due_ms: int
    reviewed_ms: int
    introduced: bool  # it was the prompt's first answer
    suspended: bool  # the answer suspended it (a leech)


def next_in_queue(
    connection: sqlite3.Connection,
    now: datetime,
    local: tzinfo | None = None,
    *,
    exclude: Sequence[int] = (),
    settings: StudySettings | None = None,
) -> int | None:
    """The next prompt to show, or None when nothing is left for now."""
    settings = settings or read_settings(connection)
    window = day_window(now, local, settings)
    sql = _NEXT
    if exclude:
        sql = _next_sql(f" AND c.question_id NOT IN ({','.join(str(int(q)) for q in exclude)})")
    row = connection.execute(sql, _next_params(window, settings)).fetchone()
    return None if row[0] is None else int(row[0])


def _next_params(window: DayWindow, settings: StudySettings) -> dict[str, Any]:
    """The named parameters of `_next_sql`'s statements."""
    return {
        "end": window.end_ms,
        "now": window.now_ms,
        "until": window.ahead_ms,
        "new_per_day": settings.new_per_day,
        "day_slot": window.start_ms // BUCKET_MS,
    }


def next_after_answer(
    connection: sqlite3.Connection,
    answered: AnsweredCard,
    now: datetime,
    local: tzinfo | None = None,
    *,
    settings: StudySettings | None = None,
) -> int | None:
    """The prompt `next_in_queue` gives at `now` once `answered` is committed, read
    on the database as it is just after that commit or just before it (so that it
    can be read while the commit is synced: `ReadMeanwhile`). The two differ only by
    the answered card, which is skipped here and, if it was new and its answer is
    not yet there, counted against today's new prompts. None when that cannot be
    told from before — the answered prompt is itself due again at once, or nothing
    is left but learning steps ahead, among which it may be: ask `next_in_queue`
    after the commit then."""
    settings = settings or read_settings(connection)
    window = day_window(now, local, settings)
    due_again = (answered.state == REVIEW_STATE and answered.due_ms < window.end_ms) or (
        answered.state in LEARNING_STATES and answered.due_ms <= window.now_ms
    )
    if due_again and not answered.suspended:
        return None
    params = _next_params(window, settings)
    params["introduced"] = (
        answered.introduced and answered.reviewed_ms // BUCKET_MS >= params["day_slot"]
    )
    params["review_id"] = answered.review_id
    params["skip"] = answered.question_id
    row = connection.execute(_NEXT_AFTER, params).fetchone()
    return None if row[0] is None else int(row[0])
