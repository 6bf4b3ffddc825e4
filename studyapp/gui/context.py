"""What every screen shares: the database, the data folder, the clock, and the one
operation layer every change goes through (as Anki's `CollectionOp`).

* `read()` is a unit of work that only reads: it never commits, and SQLite refuses a
  write inside it.
* `write(*what)` is one short unit of work for one user action (`BEGIN IMMEDIATE`);
  a failure becomes one sentence (`SaveFailed`) and nothing of it is kept.
* `run_op(...)` runs long work (an import, a backup, a check, an export) on a worker
  thread with a progress dialog and Cancel, reports a failure once, in one sentence.
* Either way `changed` is then emitted once with what changed, and screens refresh
  themselves from it; nothing else emits it."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

# Names of what a write can change; screens listen for the ones they show.
from studyapp.core.changes import CONTENT, EVERYTHING, NOTES, QUIZZES, REVIEWS, SETTINGS
from studyapp.core.clock import utc_now
from studyapp.core.storage.alongside import ReadMeanwhile
from studyapp.core.storage.db import Database
from studyapp.core.storage.failures import SaveFailed, describe_storage_error, saved_or_explained
from studyapp.core.storage.paths import ContentDirs, DataDir
from studyapp.gui.background import BackgroundJob, Progress
from studyapp.gui.router import Router

if TYPE_CHECKING:
    # SQLAlchemy loads with the first unit of work that needs it, not with the window.
    from sqlalchemy.orm import Session

__all__ = [
    "CONTENT",
    "EVERYTHING",
    "NOTES",
    "QUIZZES",
    "REVIEWS",
    "SETTINGS",
    "AppContext",
    "SaveFailed",
]

log = logging.getLogger(__name__)

T = TypeVar("T")


class AppContext(QObject):
    changed = Signal(set)

    def __init__(
        self,
        db: Database,
        data: DataDir,
        clock: Callable[[], datetime] = utc_now,
        content: ContentDirs | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        self.data = data
        self.clock = clock
        self.content = content  # None: the bundled content (tests pass their own)
        self.operations: list[BackgroundJob] = []  # long work under way
        self.shut = False  # the window has closed: no long work starts any more
        self.router = Router(self)  # where screens send the student

    def now(self) -> datetime:
        return self.clock()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A unit of work that only reads (it never commits; a write in it fails)."""
        with self.db.reading() as session:
            yield session

    def read_direct(self) -> AbstractContextManager[sqlite3.Connection]:
        """A unit of work that only reads, on a DB-API connection of its own
        (`Database.read`): for figures written in plain SQL, read before SQLAlchemy
        has loaded (Home, as the window opens)."""
        return self.db.read()

    def write(self, *what: str) -> AbstractContextManager[Session]:
        """One unit of work for one user action; announces what changed afterwards.

        Raises `SaveFailed` with a sentence when SQLite cannot write (nothing of the
        unit is kept), so a screen can say so and let the student try again."""
        return self._announced(self.db.write(), what)

    def write_direct(
        self, *what: str, meanwhile: ReadMeanwhile[Any] | None = None
    ) -> AbstractContextManager[sqlite3.Connection]:
        """`write` on the DB-API connection kept for a study session's answers
        (`Database.write_direct`): the same durability, failures and announcement,
        and `meanwhile` read while the commit is synced."""
        return self._announced(self.db.write_direct(meanwhile), what)

    def checkpoint_if_due(self) -> None:
        self.db.checkpoint_if_due()

    @contextmanager
    def _announced(self, unit: AbstractContextManager[T], what: tuple[str, ...]) -> Iterator[T]:
        try:
            with saved_or_explained(unit, self.db.path) as opened:
                yield opened
        except SaveFailed:
            log.warning("a write failed", exc_info=True)
            raise
        self.changed.emit(set(what))

    def run_op(
        self,
        parent: QWidget,
        title: str,
        label: str,
        work: Callable[[Database, Progress], T],
        changes: Iterable[str] = (),
        failure: str = "",
        done: Callable[[T], None] | None = None,
    ) -> BackgroundJob:
        """Run long work off the GUI thread, with a progress dialog titled `title`
        showing `label`, and Cancel; `work(db, progress)` opens its own units of work
        on its thread (no session crosses threads) and stops when `progress` returns
        False. On success `changes` are broadcast once and `done(result)` is called;
        a failure is logged and shown once as a sentence that starts with `failure`
        ("Nothing was imported from x.csv"), and nothing is broadcast."""
        db = self.db
        prefix = failure or f"{title} did not finish"

        def guarded(progress: Progress) -> T:
            from sqlalchemy.exc import DBAPIError

            try:
                return work(db, progress)
            except DBAPIError as exc:
                log.warning("%s failed", title, exc_info=True)
                raise SaveFailed(f"{prefix}: {describe_storage_error(exc, db.path)}") from exc

        job = BackgroundJob(parent, title, label, guarded, failure=prefix)
        return self._start(job, set(changes), done)

    def read_later(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[Session], T],
        done: Callable[[T], None],
    ) -> BackgroundJob:
        """Read figures that take a while (the Progress page on a large collection) on a
        worker thread in a unit of work that only reads; `done(result)` is then called
        on the GUI thread. No dialog: the screen says it is reading. A failure is
        shown once, as for any operation."""
        db = self.db

        def reading(_progress: Progress) -> T:
            with db.reading() as session:
                return work(session)

        job = BackgroundJob(parent, title, None, reading, failure=f"{title} could not be read")
        return self._start(job, set(), done)

    def compute(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[str], None],
    ) -> BackgroundJob:
        """Work that needs no database (a parameter fit, a workload estimate) on a
        worker thread; `done(result)` or, instead of a dialog, `failed(sentence)` is then
        called on the GUI thread, for a screen that shows the outcome in place."""
        job = BackgroundJob(parent, title, None, lambda _progress: work(), show_failure=False)
        return self._start(job, set(), done, failed)

    def _start(
        self,
        job: BackgroundJob,
        changes: set[str],
        done: Callable[[T], None] | None,
        failed: Callable[[str], None] | None = None,
    ) -> BackgroundJob:
        """Track the job until it ends (the window waits for it when closing), then
        broadcast `changes` and call `done`, or `failed` with its sentence. Once the
        window has closed the job is not started: a timer of a screen may still fire
        then, and the window (with the job) may be deleted while it would run."""
        if self.shut:
            return job
        self.operations.append(job)
        job.done.connect(lambda result: self._op_done(job, result, changes, done, failed))
        job.start()
        return job

    def _op_done(
        self,
        job: BackgroundJob,
        result: T | None,
        changes: set[str],
        done: Callable[[T], None] | None,
        failed: Callable[[str], None] | None,
    ) -> None:
        if job in self.operations:
            self.operations.remove(job)
        if not job.succeeded:
            if failed is not None:
                failed(job.error)
            return
        if changes:
            self.changed.emit(changes)
        if done is not None:
            done(result)  # type: ignore[arg-type]  # a success carries the work's result

    def stop_operations(self) -> None:
        """Cancel the long work under way (what it wrote rolls back) and wait for it:
        before the window closes or the database is replaced."""
        for job in list(self.operations):
            job.wait()
        self.operations.clear()

    def shut_down(self) -> None:
        """The window closes: long work under way stops, and none starts from now on."""
        self.stop_operations()
        self.shut = True

    def replace_database(self, db: Database) -> None:
        """After a restore: every screen reads the new database from now on."""
        self.db = db
        self.changed.emit(set(EVERYTHING))
