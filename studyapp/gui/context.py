"""What every screen shares: the database, the data folder, the clock, and one signal
that says what changed after a write, so screens refresh themselves instead of being
poked by each other."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

# Names of what a write can change; screens listen for the ones they show.
from studyapp.core.changes import CONTENT, EVERYTHING, NOTES, QUIZZES, REVIEWS, SETTINGS
from studyapp.core.clock import utc_now
from studyapp.core.errors import UserFacingError
from studyapp.core.storage.db import Database
from studyapp.core.storage.failures import describe_storage_error
from studyapp.core.storage.paths import ContentDirs, DataDir

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


class SaveFailed(UserFacingError):
    """A write could not be saved (a full disk, a read-only file, a busy database);
    it was rolled back, so nothing half-written remains."""


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

    def now(self) -> datetime:
        return self.clock()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.db.begin() as session:
            yield session

    @contextmanager
    def write(self, *what: str) -> Iterator[Session]:
        """One unit of work for one user action; announces what changed afterwards.

        Raises `SaveFailed` with a sentence when SQLite cannot write (nothing of the
        unit is kept), so a screen can say so and let the student try again."""
        try:
            with self.db.write() as session:
                yield session
        except sa_exc.DBAPIError as exc:
            log.warning("a write failed", exc_info=True)
            raise SaveFailed(describe_storage_error(exc, self.db.path)) from exc
        self.changed.emit(set(what))

    @contextmanager
    def write_direct(self, *what: str) -> Iterator[sqlite3.Connection]:
        """`write` on the DB-API connection kept for a study session's answers
        (`Database.write_direct`): the same durability, failures and announcement."""
        try:
            with self.db.write_direct() as connection:
                yield connection
        except sa_exc.DBAPIError as exc:
            log.warning("a write failed", exc_info=True)
            raise SaveFailed(describe_storage_error(exc, self.db.path)) from exc
        self.changed.emit(set(what))

    def replace_database(self, db: Database) -> None:
        """After a restore: every screen reads the new database from now on."""
        self.db = db
        self.changed.emit(set(EVERYTHING))
