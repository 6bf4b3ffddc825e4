"""What an answer counts as, written once.

Every graded answer is a review-log row: the card's state before it (`state_before`,
NULL for a prompt's first answer), the rating, whether it was right (`correct`, NULL
when nothing was marked right or wrong) and the time spent. From those alone:

- a **new** answer is a prompt's first;
- a **mature** answer is one on a prompt that had reached FSRS's Review state;
- a **lapse** is Again on a mature prompt (a leech is a prompt with `LEECH_LAPSES`);
- a **graded** answer was marked right or wrong, a **right** one was marked right.

The review totals (`review_slots`, `review_buckets`, `totals`) add these up per
15-minute slot. Each counter below says what one row adds, in Python and in SQL; the
folds and triggers that keep the totals, the database check that rebuilds them and
the figures that read them all follow this list (a test replays a history through a
freshly migrated database and compares every total with these rules).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# FSRS's numbers, written here (a test holds them to the library's) so that reading
# the review totals, which the due counts at start-up do, does not load FSRS.
REVIEW_STATE = 2  # fsrs.State.Review
LEARNING_STATES = (1, 3)  # fsrs.State.Learning and fsrs.State.Relearning
AGAIN = 1  # the rating of a forgotten prompt (fsrs.Rating.Again)
# A prompt forgotten this many times after being learnt is a leech (Anki's term and
# threshold): the bank lists it, and a setting suspends it too.
LEECH_LAPSES = 8


@dataclass(frozen=True)
class LoggedAnswer:
    """The fields of one review-log row that the rules read."""

    state_before: int | None
    rating: int
    correct: bool | None
    duration_ms: int


def state_before(state: int, last_review_ms: int | None) -> int | None:
    """What the log keeps as the card's state before an answer: None for a prompt
    never answered (FSRS calls it Learning, step 0, but it is new to the student)."""
    return None if last_review_ms is None else state


def is_new(state: int | None) -> bool:
    return state is None


def is_mature(state: int | None) -> bool:
    return state == REVIEW_STATE


def is_lapse(state: int | None, rating: int) -> bool:
    return is_mature(state) and rating == AGAIN


def is_graded(correct: bool | None) -> bool:
    return correct is not None


def is_right(correct: bool | None) -> bool:
    return correct is True


@dataclass(frozen=True)
class Counter:
    """One column of the review totals: what a review-log row adds to it."""

    name: str
    adds: Callable[[LoggedAnswer], int]
    sql: str  # the same over a row of `review_log`, written with the alias `r`


# SQLite's `IS 2` is true only for 2, never NULL, so a first answer is never mature.
BUCKET_COUNTERS = (
    Counter("reviews", lambda a: 1, "1"),
    Counter("time_ms", lambda a: a.duration_ms, "r.duration_ms"),
    Counter(
        "lapses",
        lambda a: int(is_lapse(a.state_before, a.rating)),
        f"(r.state_before IS {REVIEW_STATE} AND r.rating = {AGAIN})",
    ),
    Counter("graded", lambda a: int(is_graded(a.correct)), "(r.correct IS NOT NULL)"),
    Counter("correct", lambda a: int(is_right(a.correct)), "coalesce(r.correct, 0)"),
    Counter(
        "mature_graded",
        lambda a: int(is_mature(a.state_before) and is_graded(a.correct)),
        f"(r.state_before IS {REVIEW_STATE} AND r.correct IS NOT NULL)",
    ),
    Counter(
        "mature_correct",
        lambda a: int(is_mature(a.state_before) and is_right(a.correct)),
        f"(r.state_before IS {REVIEW_STATE} AND coalesce(r.correct, 0))",
    ),
    Counter("new_cards", lambda a: int(is_new(a.state_before)), "(r.state_before IS NULL)"),
)
COUNTER_NAMES = tuple(c.name for c in BUCKET_COUNTERS)


def counted(answer: LoggedAnswer) -> tuple[int, ...]:
    """What one answer adds to its slot, counter by counter (COUNTER_NAMES' order)."""
    return tuple(c.adds(answer) for c in BUCKET_COUNTERS)


def summed_sql() -> str:
    """The totals of many review-log rows (aliased `r`), counter by counter."""
    return ", ".join(f"sum({c.sql})" for c in BUCKET_COUNTERS)
