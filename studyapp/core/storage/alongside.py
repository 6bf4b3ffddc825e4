"""A read made while a commit is made durable.

An answer's commit waits for its fsync with nothing else to do, and what the student
sees next (the next prompt) does not depend on that wait, only on the answer. So the
read that finds it runs during the wait, on a connection and a thread of its own
(SQLite lets go of Python's lock both while it syncs and while it reads, so the two
overlap). The read may find the database as it was just before the commit or just
after it, whichever comes first, and must give the same either way. The caller gets
its result only once the commit is durable, and never if the commit fails: nothing
is shown as saved that is not.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

from studyapp.core.storage.bulk import collector_paused

log = logging.getLogger(__name__)

R = TypeVar("R")


class ReadMeanwhile(Generic[R]):
    """A read for a unit of `Database.write_direct` to make alongside its commit. The
    unit sets `read` (it may depend on what the unit wrote), which must give the same
    on the database as it was just before the commit and just after it, and reads
    only through the connection it is given (the unit's lock is held meanwhile).
    Once the unit is committed, `result` holds what it returned. It stays None if
    the unit did not commit or the read failed: then read again, after the commit."""

    def __init__(self) -> None:
        self.read: Callable[[sqlite3.Connection], R | None] | None = None
        self.result: R | None = None


_Job = tuple[Callable[[sqlite3.Connection], Any], "queue.SimpleQueue[Any]"]


class ReaderAlongside:
    """The read-only connection and the thread that make `ReadMeanwhile` reads; both
    are opened on first use."""

    def __init__(self, path: Path, configure: Callable[[sqlite3.Connection], None]) -> None:
        self._path = path
        self._configure = configure
        self._connection: sqlite3.Connection | None = None
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    @contextmanager
    def alongside(self, meanwhile: ReadMeanwhile[Any] | None) -> Iterator[None]:
        """Run `meanwhile.read` while the block (a commit) runs; its result is kept
        only if the block ends without an error."""
        read = meanwhile.read if meanwhile is not None else None
        done = self._start(read) if read is not None else None
        if meanwhile is None or done is None:
            yield
            return
        try:
            yield
        except BaseException:
            done.get()  # the connection is free again; what it read is of no use
            raise
        meanwhile.result = done.get()

    def _start(self, read: Callable[[sqlite3.Connection], Any]) -> queue.SimpleQueue[Any] | None:
        """Hand the read to the reading thread (opening its connection the first
        time)."""
        if self._thread is None:
            try:
                self._connection = connection = sqlite3.connect(self._path, check_same_thread=False)
                self._configure(connection)
                connection.execute("PRAGMA query_only=ON")
                thread = threading.Thread(
                    target=self._serve, args=(connection,), name="alongside", daemon=True
                )
                thread.start()
            except (sqlite3.Error, RuntimeError):
                # The commit goes ahead all the same; the read follows it.
                log.warning("no read alongside the commit", exc_info=True)
                self.close()
                return None
            self._thread = thread
        done: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._jobs.put((read, done))
        return done

    def _serve(self, connection: sqlite3.Connection) -> None:
        while (job := self._jobs.get()) is not None:
            read, done = job
            result = None
            # As on every worker thread of Setu's: a cycle collection here could free
            # the window's objects while it paints.
            with collector_paused():
                try:
                    connection.execute("BEGIN")  # one snapshot for the whole read
                    result = read(connection)
                except Exception:
                    # Nothing is lost: the caller reads after the commit instead.
                    log.exception("the read alongside a commit failed")
                finally:
                    if connection.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            connection.execute("ROLLBACK")
            done.put(result)

    def close(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None
