"""Spaced repetition with FSRS (the `fsrs` package does the scheduling; this module
keeps its cards in the database and builds the daily queue).

All functions take a `Session` and an explicit `now` (an aware datetime); none reads
the clock. Hot paths (`next_due_question`, `answer`) use Core-level statements on
indexed columns so they stay well under a millisecond on a large collection.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import IntEnum
from typing import Any

import fsrs
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from studyapp.core.clock import from_ms, to_ms
from studyapp.core.days import study_day_bounds
from studyapp.core.models import BUCKET_MS, Card, ReviewLog
from studyapp.core.settings import StudySettings, load_settings

# Learning cards due within this window are shown rather than making the student wait
# for a few minutes with nothing else to do (Anki's "learn ahead" limit).
LEARN_AHEAD = timedelta(minutes=20)
REVIEW_STATE = int(fsrs.State.Review)
MODES = ("review", "practice", "mock", "mains")


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


def default_rating(correct: bool | None) -> Rating:
    """Wrong answers are Again; right (or self-graded) ones default to Good."""
    return Rating.AGAIN if correct is False else Rating.GOOD


@functools.lru_cache(maxsize=8)
def _scheduler(
    retention: float,
    max_interval: int,
    learning: tuple[int, ...],
    relearning: tuple[int, ...],
    fuzz: bool,
) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        desired_retention=retention,
        learning_steps=tuple(timedelta(minutes=m) for m in learning),
        relearning_steps=tuple(timedelta(minutes=m) for m in relearning),
        maximum_interval=max_interval,
        enable_fuzzing=fuzz,
    )


def scheduler_for(settings: StudySettings, *, fuzz: bool = True) -> fsrs.Scheduler:
    """The FSRS scheduler for these settings (cached: settings change rarely)."""
    return _scheduler(
        settings.desired_retention,
        settings.maximum_interval_days,
        settings.learning_steps_min,
        settings.relearning_steps_min,
        fuzz,
    )


# FSRS-6 retrievability of the card `c` at :recall_now, computed as
# `Scheduler.get_card_retrievability` does (whole days since the last review; 0 for a
# card never reviewed), but in SQL, so that an average over a whole collection never
# leaves SQLite. `retrievability_params` gives the named parameters.
RETRIEVABILITY_SQL = (
    "(CASE WHEN c.last_review_ms IS NULL OR coalesce(c.stability, 0) <= 0 THEN 0.0"
    " ELSE pow(1.0 + :recall_factor * max(0, (:recall_now - c.last_review_ms) / 86400000)"
    " / c.stability, :recall_decay) END)"
)


def retrievability_params(settings: StudySettings, now: datetime) -> dict[str, float]:
    """The parameters of RETRIEVABILITY_SQL: the moment, and the forgetting curve's
    decay and factor from the scheduler's parameters exactly as `fsrs` derives them."""
    decay = -float(scheduler_for(settings, fuzz=False).parameters[20])
    return {
        "recall_now": to_ms(now),
        "recall_factor": 0.9 ** (1 / decay) - 1,
        "recall_decay": decay,
    }


# --- cards ----------------------------------------------------------------------------

_CARD_FIELDS = (
    "state",
    "step",
    "stability",
    "difficulty",
    "due_ms",
    "last_review_ms",
    "reps",
    "lapses",
)


def card_snapshot(row: Any) -> dict[str, Any]:
    """The scheduling fields of a card, as stored for undo."""
    return {name: getattr(row, name) for name in _CARD_FIELDS}


def to_fsrs(question_id: int, row: Any) -> fsrs.Card:
    reviewed = row.last_review_ms is not None
    return fsrs.Card(
        card_id=question_id,
        state=fsrs.State(row.state),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=from_ms(row.due_ms) if reviewed else None,
        last_review=from_ms(row.last_review_ms) if reviewed else None,
    )


def create_cards(session: Session, question_ids: Sequence[int]) -> None:
    """Give new questions their (new) cards, queued after the ones already waiting."""
    if not question_ids:
        return
    start = (session.scalar(select(func.max(Card.new_position))) or 0) + 1
    # Plain executemany: an import may create 100 000 cards at once.
    session.connection().exec_driver_sql(
        "INSERT INTO cards (question_id, state, step, due_ms, new_position, reps, lapses, "
        "suspended, flagged) VALUES (?, 1, 0, 0, ?, 0, 0, 0, 0)",
        [(qid, start + i) for i, qid in enumerate(question_ids)],
    )


def set_suspended(session: Session, question_id: int, suspended: bool) -> None:
    session.execute(update(Card).where(Card.question_id == question_id).values(suspended=suspended))


def set_flagged(session: Session, question_id: int, flagged: bool) -> None:
    session.execute(update(Card).where(Card.question_id == question_id).values(flagged=flagged))


# --- the queue ------------------------------------------------------------------------


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
    start, end = study_day_bounds(now, local, settings.day_start_hour)
    return DayWindow(
        now_ms=to_ms(now),
        ahead_ms=to_ms(now + LEARN_AHEAD),
        start_ms=to_ms(start),
        end_ms=to_ms(end),
    )


# The queue's conditions, written once and shared by the counts, the next-prompt hot
# path and the queue preview. Each is one range of a partial index (`ix_cards_due` on
# state and due time, `ix_cards_new` on queue position); retired prompts are few and
# have their own partial index, so excluding them this way never joins every card.
_REVIEW_DUE = "c.suspended = 0 AND c.last_review_ms IS NOT NULL AND c.state = 2 AND c.due_ms < :end"
_LEARNING_DUE = (
    "c.suspended = 0 AND c.last_review_ms IS NOT NULL AND c.state IN (1, 3) AND c.due_ms <= :until"
)
_UNSEEN = "c.suspended = 0 AND c.last_review_ms IS NULL"
_NOT_RETIRED = " AND c.question_id NOT IN (SELECT id FROM questions WHERE retired = 1)"


def new_introduced_today(session: Session, window: DayWindow) -> int:
    """First answers given today, from the review slots (today's only)."""
    value = (
        session.connection()
        .exec_driver_sql(
            "SELECT coalesce(sum(new_cards), 0) FROM review_slots WHERE bucket >= ?",
            (window.start_ms // BUCKET_MS,),
        )
        .scalar()
    )
    return int(value or 0)


def new_left_today(session: Session, window: DayWindow, settings: StudySettings) -> int:
    return max(0, settings.new_per_day - new_introduced_today(session, window))


def queue_counts(
    session: Session,
    now: datetime,
    local: tzinfo | None = None,
    areas: Sequence[str] = (),
    cap: int | None = None,
) -> QueueCounts:
    """What today's queue holds (Home and the review screen show it on every change).

    Each count is a range of one partial index; retired prompts are subtracted through
    their own small index rather than by joining every card to its question. With
    `cap`, each count stops there (the review screen's header, read after every answer,
    must not take longer as the backlog grows: it shows "1000+").
    """
    settings = load_settings(session)
    window = day_window(now, local, settings)
    new_left = new_left_today(session, window, settings)
    where = _NOT_RETIRED
    params: dict[str, Any] = {
        "end": window.end_ms,
        "until": window.ahead_ms,
        "new_left": new_left,
    }
    if areas:
        where += " AND c.question_id IN (SELECT id FROM questions WHERE area IN ({}))".format(
            ", ".join(f":area{i}" for i in range(len(areas)))
        )
        params.update({f"area{i}": area for i, area in enumerate(areas)})
    row = session.execute(
        text(
            "SELECT"
            f" (SELECT count(*) FROM (SELECT 1 FROM cards c INDEXED BY ix_cards_due"
            f" WHERE {_REVIEW_DUE}{where} LIMIT :cap)),"
            f" (SELECT count(*) FROM (SELECT 1 FROM cards c INDEXED BY ix_cards_due"
            f" WHERE {_LEARNING_DUE}{where} LIMIT :cap)),"
            f" (SELECT count(*) FROM (SELECT 1 FROM cards c INDEXED BY ix_cards_new"
            f" WHERE {_UNSEEN}{where} LIMIT min(:new_left, :cap)))"
        ),
        {**params, "cap": 2**62 if cap is None else cap},
    ).one()
    return QueueCounts(review=int(row[0]), learning=int(row[1]), new=int(row[2]))


def _cards(
    session: Session,
    condition: str,
    order: str,
    params: dict[str, int],
    exclude: Sequence[int] = (),
    limit: int = 1,
) -> list[Any]:
    """(question id, due ms) of the cards meeting `condition`, in `order`.

    Plain SQL on the DB-API connection: this is the hot path of a study session, and
    the ORM would cost more than SQLite does.
    """
    skip = ""
    if exclude:
        skip = f" AND c.question_id NOT IN ({','.join(str(int(q)) for q in exclude)})"
    sql = (
        f"SELECT c.question_id, c.due_ms FROM cards c WHERE {condition}{_NOT_RETIRED}{skip} "
        f"ORDER BY {order} LIMIT :limit"
    )
    return list(session.connection().exec_driver_sql(sql, {**params, "limit": limit}).all())


def _due_now(session: Session, window: DayWindow, exclude: Sequence[int], limit: int) -> list[Any]:
    """Reviews due today and learning steps due now, most overdue first."""
    review = _cards(session, _REVIEW_DUE, "c.due_ms", {"end": window.end_ms}, exclude, limit)
    learning = _cards(session, _LEARNING_DUE, "c.due_ms", {"until": window.now_ms}, exclude, limit)
    return sorted([*review, *learning], key=lambda row: row[1])[:limit]


def next_due_question(
    session: Session, now: datetime, local: tzinfo | None = None, *, exclude: Sequence[int] = ()
) -> int | None:
    """The next prompt to show, or None when nothing is left for now.

    Order: cards due now, most overdue first (learning steps that are due and reviews
    due today), then new prompts while today's limit lasts, then learning steps due
    within the next few minutes rather than leaving the student idle.
    """
    settings = load_settings(session)
    window = day_window(now, local, settings)
    rows = _due_now(session, window, exclude, 1)
    if not rows and new_left_today(session, window, settings) > 0:
        rows = _cards(session, _UNSEEN, "c.new_position", {}, exclude)
    if not rows:
        rows = _cards(session, _LEARNING_DUE, "c.due_ms", {"until": window.ahead_ms}, exclude)
    return int(rows[0][0]) if rows else None


def build_queue(
    session: Session, now: datetime, local: tzinfo | None = None, limit: int = 1000
) -> list[int]:
    """Today's queue as it stands, in the order `next_due_question` would serve it if
    no answers changed it (for previews and tests)."""
    settings = load_settings(session)
    window = day_window(now, local, settings)
    due = [row[0] for row in _due_now(session, window, (), limit)]
    room = max(0, min(limit - len(due), new_left_today(session, window, settings)))
    new = [row[0] for row in _cards(session, _UNSEEN, "c.new_position", {}, (), room)]
    ahead = _cards(session, _LEARNING_DUE, "c.due_ms", {"until": window.ahead_ms}, due, limit)
    return [*due, *new, *(row[0] for row in ahead)][:limit]


def next_due_time(session: Session) -> datetime | None:
    """When the earliest scheduled card falls due."""
    value = (
        session.connection()
        .exec_driver_sql(
            "SELECT min(c.due_ms) FROM cards c WHERE c.suspended = 0 "
            f"AND c.last_review_ms IS NOT NULL{_NOT_RETIRED}"
        )
        .scalar()
    )
    return None if value is None else from_ms(value)


# --- answering ------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerResult:
    review_id: int
    due: datetime
    interval: timedelta


_LOAD_CARD = f"SELECT {', '.join(_CARD_FIELDS)} FROM cards WHERE question_id = ?"


@dataclass(frozen=True)
class _CardRow:
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due_ms: int
    last_review_ms: int | None
    reps: int
    lapses: int


def _load_card(session: Session, question_id: int) -> _CardRow:
    row = session.connection().exec_driver_sql(_LOAD_CARD, (question_id,)).first()
    if row is None:
        raise LookupError(f"no card for question {question_id}")
    return _CardRow(*row)


def preview_intervals(
    session: Session, question_id: int, now: datetime, settings: StudySettings | None = None
) -> dict[Rating, timedelta]:
    """How far each rating would push the prompt's next review (no fuzz: a promise)."""
    settings = settings or load_settings(session)
    scheduler = scheduler_for(settings, fuzz=False)
    card = to_fsrs(question_id, _load_card(session, question_id))
    now = now.astimezone(UTC)
    result = {}
    for rating in Rating:
        new_card, _ = scheduler.review_card(card, fsrs.Rating(rating), now)
        result[rating] = new_card.due - now
    return result


def answer(
    session: Session,
    question_id: int,
    rating: Rating,
    now: datetime,
    *,
    correct: bool | None,
    response: str | None = None,
    duration_ms: int = 0,
    mode: str = "review",
    settings: StudySettings | None = None,
    fuzz: bool = True,
) -> AnswerResult:
    """Record one graded answer: the card moves as FSRS says and the review log gets a
    row holding the card as it was (for undo). The caller commits."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    settings = settings or load_settings(session)
    before = _load_card(session, question_id)
    now = now.astimezone(UTC)
    new_card, _ = scheduler_for(settings, fuzz=fuzz).review_card(
        to_fsrs(question_id, before), fsrs.Rating(rating), now
    )
    lapsed = before.last_review_ms is not None and before.state == REVIEW_STATE and rating == 1
    connection = session.connection()
    connection.exec_driver_sql(
        "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due_ms = ?, "
        "last_review_ms = ?, reps = ?, lapses = ? WHERE question_id = ?",
        (
            int(new_card.state),
            new_card.step,
            new_card.stability,
            new_card.difficulty,
            to_ms(new_card.due),
            to_ms(now),
            before.reps + 1,
            before.lapses + (1 if lapsed else 0),
            question_id,
        ),
    )
    inserted = connection.exec_driver_sql(
        "INSERT INTO review_log (question_id, reviewed_ms, rating, correct, response, "
        "duration_ms, mode, state_before, card_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            question_id,
            to_ms(now),
            int(rating),
            correct,
            response,
            max(0, int(duration_ms)),
            mode,
            None if before.last_review_ms is None else before.state,
            json.dumps(card_snapshot(before)),
        ),
    )
    return AnswerResult(int(inserted.lastrowid), new_card.due, new_card.due - now)


def undo_last_answer(session: Session, modes: Sequence[str] = ("review",)) -> int | None:
    """Take back the most recent answer given in one of `modes`: its card returns to
    exactly what it was and the log row goes. Returns the question id, or None."""
    row = session.execute(
        select(ReviewLog.id, ReviewLog.question_id, ReviewLog.card_before)
        .where(ReviewLog.mode.in_(modes))
        .order_by(ReviewLog.id.desc())
        .limit(1)
    ).one_or_none()
    if row is None or row.card_before is None:
        return None
    session.execute(
        update(Card).where(Card.question_id == row.question_id).values(**row.card_before)
    )
    session.execute(delete(ReviewLog).where(ReviewLog.id == row.id))
    return int(row.question_id)


def format_interval(delta: timedelta) -> str:
    """Compact interval for the rating buttons: 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = max(0.0, delta.total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")
