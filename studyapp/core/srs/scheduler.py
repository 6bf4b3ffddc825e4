"""Spaced repetition with FSRS: this module keeps the cards in the database, builds
the daily queue and answers. The memory model (stability, difficulty and interval
after each rating) is `fsrs-rs-python`'s, the Rust FSRS-6 that Anki uses; the
learning and relearning steps and the fuzz follow the `fsrs` package's scheduler,
and tests hold every answer to what `fsrs.Scheduler.review_card` gives.

All functions take a `Session` and an explicit `now` (an aware datetime); none reads
the clock. Hot paths (`next_due_question`, `answer`) use Core-level statements on
indexed columns so they stay well under a millisecond on a large collection.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from enum import IntEnum
from typing import Any, NamedTuple

import fsrs_rs_python as fsrs_rs
from fsrs.scheduler import DEFAULT_PARAMETERS, FUZZ_RANGES
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from studyapp.core.clock import from_ms, to_ms
from studyapp.core.models import Card, ReviewLog
from studyapp.core.settings import StudySettings, load_settings, read_settings
from studyapp.core.srs import totals
from studyapp.core.srs.queue import (
    LEARNING_DUE,
    NOT_RETIRED,
    REVIEW_DUE,
    UNSEEN,
    AnsweredCard,
    DayWindow,
    QueueCounts,
    count_queue,
    day_window,
    introduced_today,
    next_in_queue,
)
from studyapp.core.srs.rules import (
    LEARNING_STATES,
    LEECH_LAPSES,
    REVIEW_STATE,
    is_lapse,
    state_before,
)
from studyapp.core.storage.db import UnitOfWork, dbapi, driver

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
def _memory_model(parameters: tuple[float, ...]) -> fsrs_rs.FSRS:
    """FSRS-6's memory model (Rust, as Anki uses it) with these parameters (cached:
    settings change rarely)."""
    return fsrs_rs.FSRS(list(parameters or DEFAULT_PARAMETERS))


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


def create_cards(
    session: Session,
    question_ids: Sequence[int],
    *,
    reorder_from: int | None = None,
    described: Sequence[tuple[int, str, str]] | None = None,
) -> None:
    """Give new questions their (new) cards in the order the student chose for new
    prompts (Settings): queued after the ones already waiting, or, with
    `reorder_from`, ordered together with the unseen cards from that queue position
    on. The order is worked out first, so each new card is written once, already in
    its place (an import may create 100 000 at once), and only waiting cards whose
    place changes are rewritten. `described` is the new questions' (id, type, area)
    when the caller already has them (an import does: reading them back would cost
    more than ordering them)."""
    if not question_ids:
        return
    cards = plan_new_cards(session, question_ids, reorder_from=reorder_from, described=described)
    write_new_cards(session, cards, cards.ordered())


@dataclass(frozen=True)
class NewCards:
    """New cards read and ready to be ordered. `create_cards` in three steps — the
    reads, the order (plain Python: the slow part when 100 000 prompts arrive) and
    the writes — so that a caller can have SQLite work on something else while the
    order is worked out."""

    question_ids: Sequence[int]
    rows: list[tuple[int, str, str]]  # (id, type, area) of the new and the reordered
    area_positions: dict[str, int]
    new_order: str
    first_position: int
    reordering: bool

    def ordered(self) -> list[int]:
        """The question ids in their queue order (reads nothing)."""
        return new_card_order(_by_area(self.area_positions, self.rows), self.new_order)


def plan_new_cards(
    session: Session,
    question_ids: Sequence[int],
    *,
    reorder_from: int | None = None,
    described: Sequence[tuple[int, str, str]] | None = None,
) -> NewCards:
    """What `create_cards` reads before ordering (see there)."""
    connection = driver(session)
    start = (connection.execute("SELECT max(new_position) FROM cards").fetchone()[0] or 0) + 1
    rows: list[tuple[int, str, str]] = []
    if reorder_from is not None:
        rows += connection.execute(
            _NEW_ORDER_ROWS.format(
                table="questions q",
                id="q.id",
                where="q.id IN (SELECT question_id FROM cards"
                " WHERE last_review_ms IS NULL AND new_position >= ?)",
            ),
            (reorder_from,),
        ).fetchall()
    if described is None:
        described = _described(connection, question_ids)
    return NewCards(
        question_ids=question_ids,
        rows=[*rows, *described],
        area_positions=_area_positions(connection),
        new_order=load_settings(session).new_order,
        first_position=start if reorder_from is None else max(1, reorder_from),
        reordering=reorder_from is not None,
    )


def write_new_cards(session: Session, cards: NewCards, ordered: Sequence[int]) -> None:
    """Write the new cards in `ordered`'s places (and move the reordered ones)."""
    connection = driver(session)
    fresh = set(cards.question_ids)
    if cards.reordering:
        placed = zip(ordered, itertools.count(cards.first_position), strict=False)
        connection.executemany(
            "UPDATE cards SET new_position = ? WHERE question_id = ? AND new_position IS NOT ?",
            [(position, qid, position) for qid, position in placed if qid not in fresh],
        )
    # The new cards in one statement: the queue as one JSON array, the new cards' ids
    # at their places and a blank at each waiting card's. Binding a row per card from
    # Python took a quarter to a half longer for an import's 100 000.
    connection.execute(
        "INSERT INTO cards (question_id, state, step, due_ms, new_position, reps, lapses, "
        "suspended, flag) SELECT value, 1, 0, 0, ? + key, 0, 0, 0, 0 FROM json_each(?) "
        "WHERE value IS NOT NULL",
        (cards.first_position, json.dumps([qid if qid in fresh else None for qid in ordered])),
    )


def _described(
    connection: sqlite3.Connection, question_ids: Sequence[int]
) -> list[tuple[int, str, str]]:
    where = "q.id IN (SELECT value FROM json_each(?))"
    sql = _NEW_ORDER_ROWS.format(table="questions q", id="q.id", where=where)
    return connection.execute(sql, (json.dumps(list(question_ids)),)).fetchall()


# (question id, type, area) of prompts, as `new_card_order` takes them. A type's
# variants ("how many" or "which" statements, pairs or codes) count as types of their
# own, so they are mixed too. Only those two types have variants: the details of any
# other (an imported card's whole back) are not parsed.
_NEW_ORDER_ROWS = (
    "SELECT {id}, CASE WHEN q.type IN ('statements', 'match')"
    " THEN q.type || coalesce(':' || json_extract(q.details, '$.ask'), '') ELSE q.type END,"
    " q.area FROM {table} WHERE {where}"
)


def _area_positions(connection: sqlite3.Connection) -> dict[str, int]:
    return dict(connection.execute("SELECT id, position FROM areas").fetchall())


def _by_area(
    positions: dict[str, int], rows: Sequence[tuple[int, str, str]]
) -> list[tuple[int, str, str]]:
    """The rows area by area in the content's order of areas (`positions`; then areas
    it does not know, by name), each area's in id order."""
    by_area: dict[str, list[tuple[int, str, str]]] = {}
    for row in sorted(rows):
        by_area.setdefault(row[2], []).append(row)
    areas = sorted(by_area, key=lambda a: (a not in positions, positions.get(a, 0), a))
    return [row for area in areas for row in by_area[area]]


def _spread(groups: Sequence[Sequence[int]]) -> list[int]:
    """The groups' members interleaved evenly: the i-th of a group of n sits i/n of the
    way along, so every group's first member comes first (in the groups' order) and a
    big group is spread through the whole run rather than filling its end."""
    keyed = [
        (i / len(group), rank, member)
        for rank, group in enumerate(groups)
        for i, member in enumerate(group)
    ]
    return [member for *_, member in sorted(keyed)]


def _grouped(rows: Sequence[tuple[int, str]]) -> list[list[int]]:
    """Question ids grouped by a key, groups in the order of their first member."""
    groups: dict[str, list[int]] = {}
    for question_id, key in rows:
        groups.setdefault(key, []).append(question_id)
    return list(groups.values())


# Self-graded prompts (mains answers, flashcards) take far longer than objective ones:
# in the mixed and by-area orders they come after them.
_LONG_TYPES = ("mains",)


def _mixed_by_type(rows: Sequence[tuple[int, str, str]]) -> list[int]:
    """Prompt types interleaved evenly (every type early on), the areas interleaved
    within each type, and prompts level on their type's run ordered by how far along
    their area's run they are, so neighbours differ in area as well as in type."""
    by_type: dict[str, list[tuple[int, str]]] = {}
    for question_id, qtype, area in rows:
        by_type.setdefault(qtype, []).append((question_id, area))
    along_area: dict[int, float] = {}
    for group in _grouped([(qid, area) for qid, _, area in rows]):
        along_area.update({qid: i / len(group) for i, qid in enumerate(group)})
    # One sort of (along the type's run, along the area's run, type, id): an import
    # orders 100 000 prompts here.
    keyed: list[tuple[float, float, int, int]] = []
    for rank, members in enumerate(by_type.values()):
        # Each type starts at a different area, so the first few prompts, one of each
        # type, come from as many areas.
        areas = _grouped(members)
        shift = rank % len(areas)
        spread = _spread(areas[shift:] + areas[:shift])
        keyed += [(i / len(spread), along_area[qid], rank, qid) for i, qid in enumerate(spread)]
    keyed.sort()
    return [key[-1] for key in keyed]


def new_card_order(rows: Sequence[tuple[int, str, str]], order: str) -> list[int]:
    """The order in which unseen prompts are introduced. `rows` are (question id,
    type, area), area by area in the content's order of areas; bank order is the
    order in which prompts joined the bank (their ids)."""
    if order == "bank":
        return sorted(row[0] for row in rows)
    objective = [row for row in rows if row[1] not in _LONG_TYPES]
    long = [row for row in rows if row[1] in _LONG_TYPES]
    if order == "area":
        by_area: dict[str, list[tuple[int, str, str]]] = {}
        for row in [*objective, *long]:
            by_area.setdefault(row[2], []).append(row)
        return [
            qid
            for members in by_area.values()
            for qid in [
                *_mixed_by_type([m for m in members if m[1] not in _LONG_TYPES]),
                *(m[0] for m in members if m[1] in _LONG_TYPES),
            ]
        ]
    return [*_mixed_by_type(objective), *_mixed_by_type(long)]


def order_new_cards(session: Session, order: str, from_position: int = 0) -> None:
    """Renumber the queue positions of the prompts not yet seen in `order` (one of
    NEW_ORDERS): all of them when the setting changes, or those from `from_position`
    on when prompts arrive (so an import costs what it holds, not the whole queue).
    Never run per answer."""
    connection = driver(session)
    rows = connection.execute(
        _NEW_ORDER_ROWS.format(
            table="cards c JOIN questions q ON q.id = c.question_id",
            id="c.question_id",
            where="c.last_review_ms IS NULL AND c.new_position >= ?",
        ),
        (from_position,),
    ).fetchall()
    ordered = new_card_order(_by_area(_area_positions(connection), rows), order)
    connection.executemany(
        "UPDATE cards SET new_position = ? WHERE question_id = ?",
        [(position, qid) for position, qid in enumerate(ordered, start=max(1, from_position))],
    )


def set_suspended(session: Session, question_id: int, suspended: bool) -> None:
    session.execute(update(Card).where(Card.question_id == question_id).values(suspended=suspended))


def set_flagged(session: Session, question_id: int, flagged: bool) -> None:
    """Flag a prompt (red, Anki's first colour) or clear its flag."""
    session.execute(
        update(Card).where(Card.question_id == question_id).values(flag=1 if flagged else 0)
    )


# --- the queue ------------------------------------------------------------------------


# The queue's conditions (`studyapp.core.srs.queue`) under their earlier names.
_REVIEW_DUE, _LEARNING_DUE, _UNSEEN, _NOT_RETIRED = REVIEW_DUE, LEARNING_DUE, UNSEEN, NOT_RETIRED


def new_introduced_today(session: Session, window: DayWindow) -> int:
    """First answers given today, from the review slots (today's only)."""
    return introduced_today(driver(session), window)


def new_left_today(session: Session, window: DayWindow, settings: StudySettings) -> int:
    return max(0, settings.new_per_day - new_introduced_today(session, window))


def queue_counts(
    session: Session,
    now: datetime,
    local: tzinfo | None = None,
    areas: Sequence[str] = (),
    cap: int | None = None,
) -> QueueCounts:
    """What today's queue holds (Home and the review screen show it on every change);
    see `studyapp.core.srs.queue.count_queue` (and its `cap`)."""
    return count_queue(driver(session), now, local, areas, cap=cap)


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
    unit: UnitOfWork,
    now: datetime,
    local: tzinfo | None = None,
    *,
    exclude: Sequence[int] = (),
    settings: StudySettings | None = None,
) -> int | None:
    """The next prompt to show, or None when nothing is left for now.

    Order: cards due now, most overdue first (learning steps that are due and reviews
    due today), then new prompts while today's limit lasts, then learning steps due
    within the next few minutes rather than leaving the student idle. One statement
    (`studyapp.core.srs.queue.next_in_queue`).
    """
    return next_in_queue(dbapi(unit), now, local, exclude=exclude, settings=settings)


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


# --- answering ------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerResult:
    due: datetime
    interval: timedelta
    card: AnsweredCard  # what the queue needs to tell the next prompt (`next_after_answer`)

    @property
    def review_id(self) -> int:
        return self.card.review_id


_LOAD_CARD = f"SELECT {', '.join(_CARD_FIELDS)} FROM cards WHERE question_id = ?"


class _CardRow(NamedTuple):  # a tuple, so it is also the UPDATE's parameters
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due_ms: int
    last_review_ms: int | None
    reps: int
    lapses: int


def _load_card(unit: UnitOfWork, question_id: int) -> _CardRow:
    row = dbapi(unit).execute(_LOAD_CARD, (question_id,)).fetchone()
    if row is None:
        raise LookupError(f"no card for question {question_id}")
    return _CardRow(*row)


def _fuzz_factor(question_id: int, reps: int) -> float:
    """One draw in [0, 1) per card and review, the same however often it is asked for
    (Anki seeds its fuzz from the card id and its review count likewise): a hash of
    the two, which takes a sixth of the time of seeding a `random.Random`."""
    seed = (question_id * 1_000_003 + reps).to_bytes(16, "little", signed=True)
    digest = hashlib.blake2b(seed, digest_size=8).digest()
    return int.from_bytes(digest, "little") / 2**64


# `fsrs`'s fuzz ranges as (start, end, factor), read once.
_FUZZ_RANGES = tuple((r["start"], r["end"], r["factor"]) for r in FUZZ_RANGES)


def _fuzzed_days(interval_days: int, factor: float, maximum_interval: int) -> int:
    """`fsrs`'s own fuzz (`Scheduler._get_fuzzed_interval`: the same ranges and
    rounding) with the draw `factor` instead of the module-level `random()`."""
    if interval_days < 2.5:
        return interval_days
    delta = 1.0
    for start, end, factor_per_day in _FUZZ_RANGES:
        delta += factor_per_day * max(min(float(interval_days), end) - start, 0.0)
    max_ivl = min(round(interval_days + delta), maximum_interval)
    min_ivl = min(max(2, round(interval_days - delta)), max_ivl)
    return min(round(factor * (max_ivl - min_ivl + 1) + min_ivl), maximum_interval)


class Outcome(NamedTuple):  # a tuple: four are made for every prompt shown
    """The card as one rating would leave it."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime  # UTC

    @property
    def due_ms(self) -> int:
        return to_ms(self.due)


@dataclass(frozen=True)
class Outcomes:
    """What each rating would do to a prompt's card, computed once when the answer is
    shown: the buttons display these intervals and `answer` stores the chosen one, so
    what a button says is what is stored. Stale (and recomputed by `answer`) once the
    card has been answered since."""

    question_id: int
    at: datetime  # the moment of the review, UTC
    reps: int  # the card's answers when computed
    last_review_ms: int | None
    by_rating: dict[Rating, Outcome]
    card: _CardRow | None = None  # the card they were computed from

    def interval(self, rating: Rating) -> timedelta:
        return self.by_rating[rating].due - self.at

    def fits(self, question_id: int, card: _CardRow) -> bool:
        return (self.question_id, self.reps, self.last_review_ms) == (
            question_id,
            card.reps,
            card.last_review_ms,
        )


# fsrs.State's values, as stored (the rules', which a test holds to the library's).
_LEARNING, _RELEARNING = LEARNING_STATES
_RATINGS = tuple(Rating)  # iterating the enum itself costs more than the FSRS arithmetic


def _next_step(
    state: int, step: int | None, rating: Rating, settings: StudySettings
) -> tuple[int, int | None, timedelta | None]:
    """(state, step, wait) of a card in `state` at `step` once rated: a wait of None
    means the card is (or graduates to) review and waits the interval FSRS gives.
    These are `fsrs.Scheduler.review_card`'s rules for learning and relearning
    steps, which tests hold this to."""
    if state == REVIEW_STATE:
        if rating == Rating.AGAIN and settings.relearning_steps_min:
            return _RELEARNING, 0, timedelta(minutes=settings.relearning_steps_min[0])
        return REVIEW_STATE, None, None
    steps = settings.learning_steps_min if state == _LEARNING else settings.relearning_steps_min
    if not steps or (step is not None and step >= len(steps) and rating != Rating.AGAIN):
        return REVIEW_STATE, None, None
    step = step or 0
    if rating == Rating.AGAIN:
        return state, 0, timedelta(minutes=steps[0])
    if rating == Rating.HARD:
        if step == 0:
            minutes = steps[0] * 1.5 if len(steps) == 1 else (steps[0] + steps[1]) / 2
            return state, 0, timedelta(minutes=minutes)
        return state, step, timedelta(minutes=steps[step])
    if rating == Rating.GOOD and step + 1 < len(steps):
        return state, step + 1, timedelta(minutes=steps[step + 1])
    return REVIEW_STATE, None, None


def _outcomes(
    question_id: int, card: _CardRow, at: datetime, settings: StudySettings, fuzz: bool
) -> Outcomes:
    """The four ratings' outcomes: one call of the memory model gives the stability,
    difficulty and interval of each (what `fsrs.Scheduler.review_card` computes one
    rating at a time, at float32 precision); the state and step follow the learning
    and relearning steps; review intervals are fuzzed with a draw seeded by the card
    and its review count."""
    if card.stability is None or card.difficulty is None or card.last_review_ms is None:
        memory, days = None, 0
    else:
        memory = fsrs_rs.MemoryState(card.stability, card.difficulty)
        # Whole days since the last review; under one day FSRS uses its short-term
        # stability, as it does for a review dated before the last one.
        days = max(0, (at - from_ms(card.last_review_ms)).days)
    states = _memory_model(settings.fsrs_parameters).next_states(
        memory, settings.desired_retention, days
    )
    factor = _fuzz_factor(question_id, card.reps) if fuzz else None
    maximum = settings.maximum_interval_days
    by_rating = {}
    items = (states.again, states.hard, states.good, states.easy)
    for rating, item in zip(_RATINGS, items, strict=True):
        state, step, wait = _next_step(card.state, card.step, rating, settings)
        if wait is None:
            interval_days = min(max(round(item.interval), 1), maximum)
            if factor is not None:
                interval_days = _fuzzed_days(interval_days, factor, maximum)
            wait = timedelta(days=interval_days)
        by_rating[rating] = Outcome(
            state, step, item.memory.stability, item.memory.difficulty, at + wait
        )
    return Outcomes(question_id, at, card.reps, card.last_review_ms, by_rating, card)


def next_outcomes(
    unit: UnitOfWork,
    question_id: int,
    now: datetime,
    settings: StudySettings | None = None,
    *,
    fuzz: bool = True,
) -> Outcomes:
    """The four ratings' outcomes for the prompt now, fuzz included (seeded by the
    card and its review count, so it is the same every time it is computed)."""
    connection = dbapi(unit)
    settings = settings or read_settings(connection)
    return _outcomes(
        question_id, _load_card(connection, question_id), now.astimezone(UTC), settings, fuzz
    )


def preview_intervals(
    unit: UnitOfWork,
    question_id: int,
    now: datetime,
    settings: StudySettings | None = None,
    *,
    fuzz: bool = True,
) -> dict[Rating, timedelta]:
    """How far each rating would push the prompt's next review: exactly what
    `answer` stores for it at the same moment."""
    outcomes = next_outcomes(unit, question_id, now, settings, fuzz=fuzz)
    return {rating: outcomes.interval(rating) for rating in Rating}


_UPDATE_CARD = (
    "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due_ms = ?, "
    "last_review_ms = ?, reps = ?, lapses = ?, suspended = suspended OR ? "
    "WHERE question_id = ?"
)
# Appended to _UPDATE_CARD: the card's fields as they were (_CardRow's order).
_UNCHANGED = "".join(f" AND {name} IS ?" for name in _CARD_FIELDS)


def _lapses(before: _CardRow, rating: Rating) -> bool:
    return is_lapse(state_before(before.state, before.last_review_ms), rating)


def _suspends(
    connection: sqlite3.Connection,
    before: _CardRow,
    rating: Rating,
    settings: StudySettings | None,
) -> bool:
    """Whether this answer makes the prompt a leech that the settings suspend.
    Becoming a leech is one comparison; the setting is read only then."""
    return (
        _lapses(before, rating)
        and before.lapses + 1 >= LEECH_LAPSES
        and (settings or read_settings(connection)).suspend_leeches
    )


def _new_values(
    question_id: int,
    chosen: Outcome,
    at: datetime,
    before: _CardRow,
    rating: Rating,
    suspend: bool,
) -> tuple[Any, ...]:
    """_UPDATE_CARD's parameters: the card as the chosen outcome leaves it."""
    return (
        chosen.state,
        chosen.step,
        chosen.stability,
        chosen.difficulty,
        chosen.due_ms,
        to_ms(at),
        before.reps + 1,
        before.lapses + (1 if _lapses(before, rating) else 0),
        suspend,
        question_id,
    )


def answer(
    unit: UnitOfWork,
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
    outcomes: Outcomes | None = None,
) -> AnswerResult:
    """Record one graded answer: the card moves as FSRS says and the review log gets a
    row holding the card as it was (for undo). The caller commits: a Session's unit
    of work, or `Database.write_direct` (what the review screen answers in).

    With `outcomes` (what the rating buttons showed), the chosen outcome is stored
    exactly as shown, and the review is dated the moment they were computed (when the
    answer was given, which is what FSRS measures from); without, the rating's outcome
    is computed at `now`, with the same seeded fuzz."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    connection = dbapi(unit)
    before = None
    if outcomes is not None and outcomes.card is not None and outcomes.question_id == question_id:
        # The card as the buttons were computed from it: updated only if it is still
        # exactly that (one statement instead of reading it again first).
        at, chosen = outcomes.at, outcomes.by_rating[rating]
        before = outcomes.card
        suspend = _suspends(connection, before, rating, settings)
        values = _new_values(question_id, chosen, at, before, rating, suspend)
        updated = connection.execute(_UPDATE_CARD + _UNCHANGED, (*values, *before))
        if updated.rowcount != 1:
            before = None
    if before is None:
        before = _load_card(connection, question_id)
        if outcomes is not None and outcomes.fits(question_id, before):
            at, chosen = outcomes.at, outcomes.by_rating[rating]
        else:
            settings = settings or read_settings(connection)
            at = now.astimezone(UTC)
            chosen = _outcomes(question_id, before, at, settings, fuzz).by_rating[rating]
        suspend = _suspends(connection, before, rating, settings)
        values = _new_values(question_id, chosen, at, before, rating, suspend)
        connection.execute(_UPDATE_CARD, values)
    snapshot = card_snapshot(before)
    if suspend:
        snapshot["suspended"] = False  # undo then restores the card unsuspended
    reviewed_ms = to_ms(at)
    inserted = connection.execute(
        "INSERT INTO review_log (question_id, reviewed_ms, rating, correct, response, "
        "duration_ms, mode, state_before, card_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            question_id,
            reviewed_ms,
            int(rating),
            correct,
            response,
            max(0, int(duration_ms)),
            mode,
            state_before(before.state, before.last_review_ms),
            json.dumps(snapshot),
        ),
    )
    review_id = inserted.lastrowid
    assert review_id is not None
    if totals.fold_due(review_id):
        totals.fold(connection)
    card = AnsweredCard(
        review_id,
        question_id,
        chosen.state,
        chosen.due_ms,
        reviewed_ms,
        before.last_review_ms is None,
        suspend,
    )
    return AnswerResult(chosen.due, chosen.due - at, card)


# --- undo -------------------------------------------------------------------------------


def undo_answer(session: Session, review_id: int) -> int | None:
    """Take back answer `review_id`: its card returns to exactly what it was and the
    log row goes. Refused (None) unless it is still the newest answer on its prompt —
    undoing it under a later answer (a practice answer given since, say) would throw
    that one's effect away while its log row stayed. Returns the question id."""
    row = session.execute(
        select(ReviewLog.question_id, ReviewLog.card_before).where(ReviewLog.id == review_id)
    ).one_or_none()
    if row is None or row.card_before is None:
        return None
    later = session.scalar(
        select(ReviewLog.id)
        .where(ReviewLog.question_id == row.question_id, ReviewLog.id > review_id)
        .limit(1)
    )
    if later is not None:
        return None
    session.execute(
        update(Card).where(Card.question_id == row.question_id).values(**row.card_before)
    )
    session.execute(delete(ReviewLog).where(ReviewLog.id == review_id))
    return int(row.question_id)


def undo_last_answer(session: Session, modes: Sequence[str] = ("review",)) -> int | None:
    """Take back the most recent answer given in one of `modes`, if no later answer on
    its prompt exists (see `undo_answer`). Returns the question id, or None."""
    newest = session.scalar(
        select(ReviewLog.id).where(ReviewLog.mode.in_(modes)).order_by(ReviewLog.id.desc()).limit(1)
    )
    return None if newest is None else undo_answer(session, int(newest))


@dataclass(frozen=True)
class UndoStep:
    """One answer of a study session, as Undo names and reverses it."""

    review_id: int
    question_id: int
    rating: Rating
    correct: bool | None
    seconds: float


@dataclass
class StudySessionAnswers:
    """The answers given in one study session, oldest first: all that Undo may take
    back (as in Anki, earlier sessions are out of its reach). A study session is
    what one review screen runs from when Setu opens or a new study day begins."""

    steps: list[UndoStep] = field(default_factory=list)

    def record(self, step: UndoStep) -> None:
        self.steps.append(step)

    def undoable(self, session: Session) -> UndoStep | None:
        """The answer Undo would take back now: this session's newest, while it is
        still the newest answer on its prompt."""
        if not self.steps:
            return None
        step = self.steps[-1]
        later = session.scalar(
            select(func.count())
            .select_from(ReviewLog)
            .where(ReviewLog.question_id == step.question_id, ReviewLog.id >= step.review_id)
        )
        return step if later == 1 else None

    def undo(self, session: Session) -> UndoStep | None:
        """Take back this session's newest answer (see `undoable`); None if it cannot
        be, and then nothing changes."""
        step = self.undoable(session)
        if step is None or undo_answer(session, step.review_id) is None:
            return None
        self.steps.pop()
        return step


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
