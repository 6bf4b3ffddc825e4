"""Writing many rows: the cycle collector's pause, as imports and background work take
it (blocks on several threads may overlap, and it resumes only when the last one ends),
and indexes dropped for a large write and built again while Python works on."""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from studyapp.core.storage.bulk import built_alongside, collector_paused, dropped_indexes


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_overlapping_pauses_on_two_threads_resume_the_collector_after_the_last(
    collector_on: None,
) -> None:
    inside, leave = threading.Event(), threading.Event()

    def worker() -> None:
        with collector_paused():
            inside.set()
            assert leave.wait(10)

    thread = threading.Thread(target=worker)
    with collector_paused():
        thread.start()
        assert inside.wait(10)
        assert not gc.isenabled()
    # This thread's block is over; the worker's is not.
    assert not gc.isenabled()
    leave.set()
    thread.join()
    assert gc.isenabled()


def test_a_pause_leaves_a_collector_that_was_off_off(collector_on: None) -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_the_collector_resumes_when_the_block_raises(collector_on: None) -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("stop")
    assert gc.isenabled()


def _table_with_indexes(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, word TEXT, n INTEGER)")
    connection.execute("CREATE INDEX ix_word ON t (word)")
    connection.execute("CREATE UNIQUE INDEX ix_n ON t (n)")
    connection.execute("BEGIN")
    return connection


def _indexes(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY 1")
    return [name for (name,) in rows]


def test_dropped_indexes_are_built_again_while_the_block_runs(tmp_path: Path) -> None:
    connection = _table_with_indexes(tmp_path / "t.sqlite3")
    definitions = dropped_indexes(connection.cursor(), ["ix_word", "ix_n"])
    assert _indexes(connection) == []
    connection.executemany(
        "INSERT INTO t (word, n) VALUES (?, ?)", [(f"w{i % 97}", i) for i in range(20000)]
    )
    building, block_started = threading.Event(), threading.Event()

    def during_build() -> int:
        building.set()  # called by SQLite, on the builder's thread, while it builds
        return 0 if block_started.wait(10) else 1

    connection.set_progress_handler(during_build, 1000)
    with built_alongside(connection.cursor(), definitions):
        block_started.set()
        assert building.wait(10)  # the build is under way while the block runs
    connection.set_progress_handler(None, 0)
    assert _indexes(connection) == ["ix_n", "ix_word"]
    plan = connection.execute("EXPLAIN QUERY PLAN SELECT id FROM t WHERE word = 'w5'").fetchall()
    assert "ix_word" in str(plan)


def test_a_build_that_fails_raises_in_the_caller_after_the_block(tmp_path: Path) -> None:
    connection = _table_with_indexes(tmp_path / "t.sqlite3")
    definitions = dropped_indexes(connection.cursor(), ["ix_n"])
    connection.executemany("INSERT INTO t (word, n) VALUES (?, ?)", [("a", 1), ("b", 1)])
    finished = []
    with pytest.raises(sqlite3.IntegrityError), built_alongside(connection.cursor(), definitions):
        finished.append(True)
    assert finished == [True]
    connection.execute("ROLLBACK")
    assert _indexes(connection) == ["ix_n", "ix_word"]  # as before the transaction
