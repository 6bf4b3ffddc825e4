"""Reading and writing many rows at once."""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager


def dropped_indexes(cursor: sqlite3.Cursor, names: Sequence[str]) -> list[str]:
    """Drop these indexes (in the caller's transaction) and return their definitions,
    to build them again once many rows are written (`built_alongside`). Worth it when
    the rows come in an order far from the index's (prompt texts, say) and outnumber
    those already there: one sorted build writes each page once, where keeping the
    index up to date row by row rewrites its pages again and again. Until they are
    built again, or the caller rolls the transaction back, the indexes are missing."""
    definitions = cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({})".format(
            ", ".join("?" * len(names))
        ),
        tuple(names),
    ).fetchall()
    for name, _ in definitions:
        cursor.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in definitions]


@contextmanager
def built_alongside(cursor: sqlite3.Cursor, definitions: Sequence[str]) -> Iterator[None]:
    """Build these indexes on a thread of their own while the block runs, and wait for
    them at its end, raising what the build raised. SQLite does not hold Python's GIL
    while it builds, so plain Python in the block runs at the same time on another
    core; the block must not use the connection meanwhile."""
    if not definitions:
        yield
        return
    failed: list[BaseException] = []

    def build() -> None:
        try:
            for sql in definitions:
                cursor.execute(sql)
        except BaseException as exc:  # handed to the caller's thread below
            failed.append(exc)

    builder = threading.Thread(target=build, name="index build", daemon=True)
    builder.start()
    try:
        yield
    finally:
        builder.join()
    if failed:
        raise failed[0]


_pauses = threading.Lock()
_paused = [0, False]  # blocks under way; whether the collector was on before the first


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for the block (blocks may overlap, on any
    threads: it resumes when the last ends, if it was on before the first). Reading
    or writing 100 000 rows makes hundreds of thousands of lists and tuples, none of
    them in a cycle: the collector's passes over them would find nothing, and took a
    tenth of a large import. Reference counting still frees them as usual."""
    with _pauses:
        if _paused[0] == 0:
            _paused[1] = gc.isenabled()
            gc.disable()
        _paused[0] += 1
    try:
        yield
    finally:
        with _pauses:
            _paused[0] -= 1
            if _paused[0] == 0 and _paused[1]:
                gc.enable()
