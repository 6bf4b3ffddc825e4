"""The review totals: per 15-minute slot, what the review log adds up to (`rules`).

`review_slots` (every area) and `review_buckets` (per area) hold the answers up to
a mark, a review-log id (`review_totals_mark`). The answers logged since — the tail,
the log's last few rows, found by rowid — are added when the totals are read
(`SLOT_ROWS`, `AREA_SLOT_ROWS`), and folded into the tables one batch at a time
(`fold`, every `FOLD_EVERY` answers, by `scheduler.answer`).

Why a tail: adding each answer to its two rows as it was logged made every
answer's commit write and sync two more pages of the database (two of the eight an
answer wrote), where a fold writes them once for a whole batch. The tail is
short, so reading it costs a few microseconds; every figure is exact either way.
The schema's triggers keep the totals exact for the answers up to the mark: an undo
of one takes it out, a prompt moving area takes them along.
"""

from __future__ import annotations

import sqlite3

from studyapp.core.clock import BUCKET_MS
from studyapp.core.srs.rules import BUCKET_COUNTERS, COUNTER_NAMES, summed_sql

# Answers between two folds: the most the tail holds after answers given one by one.
FOLD_EVERY = 128

_COLUMNS = ", ".join(COUNTER_NAMES)
# The newest answer the totals hold (0 before the first fold of a new database).
_MARK = "coalesce((SELECT through_id FROM review_totals_mark), 0)"
_TAIL = f"FROM review_log r WHERE r.id > {_MARK}"
_SQL = {c.name: c.sql for c in BUCKET_COUNTERS}
_EACH = ", ".join(f"{sql} AS {name}" for name, sql in _SQL.items())

# Every answer's slot and counters, as rows of (bucket, counters…): the folded
# totals, then each answer of the tail on a row of its own. Sum them per slot or
# per day; a condition on `bucket` is applied to each part, the first part's as a
# range of its primary key.
SLOT_ROWS = (
    f"SELECT bucket, {_COLUMNS} FROM review_slots UNION ALL "
    f"SELECT r.reviewed_ms / {BUCKET_MS} AS bucket, {_EACH} {_TAIL}"
)
# The same for the prompts of one area (`:area`).
AREA_SLOT_ROWS = (
    f"SELECT bucket, {_COLUMNS} FROM review_buckets WHERE area = :area UNION ALL "
    f"SELECT r.reviewed_ms / {BUCKET_MS} AS bucket, {_EACH} {_TAIL} "
    "AND (SELECT area FROM questions WHERE id = r.question_id) = :area"
)


# Prompts first answered today (from `:day_slot`): those the totals hold, and those
# of the tail.
_FOLDED_NEW = "(SELECT coalesce(sum(new_cards), 0) FROM review_slots WHERE bucket >= :day_slot)"
_TAIL_NEW = (
    f"(SELECT coalesce(sum({_SQL['new_cards']}), 0) {_TAIL} "
    f"AND r.reviewed_ms >= :day_slot * {BUCKET_MS})"
)
INTRODUCED_TODAY = f"SELECT {_FOLDED_NEW} + {_TAIL_NEW}"


def fewer_new_today(limit: str) -> str:
    """SQL true while fewer than `limit` (an SQL expression) prompts had their first
    answer today (`INTRODUCED_TODAY`). The tail is read only when it could make the
    difference: it holds no more rows than the log's newest id is past the mark (none
    when an undo took the newest folded answers back), and while the folded count
    plus that many is under the limit, reading the tail's rows (every commit leaves
    them to be read again from the disk's cache) would change nothing."""
    most = f"max(coalesce((SELECT max(id) FROM review_log), 0) - {_MARK}, 0)"
    return f"({limit} > {_FOLDED_NEW} + {most} OR {limit} > {_FOLDED_NEW} + {_TAIL_NEW})"


_ADD_EXCLUDED = ", ".join(f"{c} = {c} + excluded.{c}" for c in COUNTER_NAMES)
_FOLD = (
    f"INSERT INTO review_slots (bucket, {_COLUMNS}) "
    f"SELECT r.reviewed_ms / {BUCKET_MS}, {summed_sql()} {_TAIL} GROUP BY 1 "
    f"ON CONFLICT (bucket) DO UPDATE SET {_ADD_EXCLUDED}",
    f"INSERT INTO review_buckets (area, bucket, {_COLUMNS}) "
    f"SELECT q.area, r.reviewed_ms / {BUCKET_MS}, {summed_sql()} "
    f"FROM review_log r JOIN questions q ON q.id = r.question_id WHERE r.id > {_MARK} "
    f"GROUP BY 1, 2 ON CONFLICT (area, bucket) DO UPDATE SET {_ADD_EXCLUDED}",
    # The mark moves to the newest answer (down, if the newest were undone since);
    # max(id) alone is one seek to the log's last row.
    "INSERT INTO review_totals_mark (id, through_id) "
    "VALUES (1, coalesce((SELECT max(id) FROM review_log), 0)) "
    "ON CONFLICT (id) DO UPDATE SET through_id = excluded.through_id",
)


def fold(connection: sqlite3.Connection) -> None:
    """Add the tail to the totals, in the caller's transaction."""
    for statement in _FOLD:
        connection.execute(statement)


def fold_due(review_id: int) -> bool:
    """Whether the answer just logged with this id should fold the tail: every
    FOLD_EVERY ids, so no count is kept anywhere."""
    return review_id % FOLD_EVERY == 0
