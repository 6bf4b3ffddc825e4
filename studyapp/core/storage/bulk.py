"""Reading and writing many rows at once."""

from __future__ import annotations

import gc
import sqlite3
import threading
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
