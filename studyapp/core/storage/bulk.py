"""Writing many rows at once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager


@contextmanager
def indexes_built_after(cursor: sqlite3.Cursor, names: Sequence[str]) -> Iterator[None]:
    """Drop these indexes for the rows written inside, then build them again from
    their own definitions, in the caller's transaction. Worth it when the rows come
    in an order far from the index's (prompt texts, say) and outnumber those already
    there: one sorted build writes each page once, where keeping the index up to date
    row by row rewrites its pages again and again. If the block raises, the indexes
    stay dropped until the caller rolls the transaction back, as it must."""
    definitions = cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({})".format(
            ", ".join("?" * len(names))
        ),
        tuple(names),
    ).fetchall()
    for name, _ in definitions:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in definitions:
        cursor.execute(sql)
