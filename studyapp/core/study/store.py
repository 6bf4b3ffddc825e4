"""Where a study controller reads and writes: one unit of work per call.

The app's context is one (it also announces what changed after a write, so the
screens refresh); `DatabaseStore` is the plain one over a `Database`, for the command
line and the tests.

A write that cannot be saved (a full disk, a read-only file, a busy database) raises
a `UserFacingError` whose message is one sentence, and nothing of it is kept: that is
what lets a controller keep the prompt on screen and say why."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from studyapp.core.errors import UserFacingError
from studyapp.core.storage.db import Database
from studyapp.core.storage.failures import describe_storage_error


class Store(Protocol):
    def read(self) -> AbstractContextManager[Session]:
        """A unit of work that only reads."""
        ...

    def write(self, *what: str) -> AbstractContextManager[Session]:
        """A unit of work that writes; `what` names what it changes
        (`studyapp.core.changes`)."""
        ...

    def write_direct(self, *what: str) -> AbstractContextManager[sqlite3.Connection]:
        """`write` on the DB-API connection kept for a study session's answers
        (`Database.write_direct`): the same durability and failures, less overhead."""
        ...


class DatabaseStore:
    """Units of work straight on the database (nobody is told what changed)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def read(self) -> AbstractContextManager[Session]:
        return self.db.reading()

    @contextmanager
    def write(self, *what: str) -> Iterator[Session]:
        try:
            with self.db.write() as session:
                yield session
        except sa_exc.DBAPIError as exc:
            raise UserFacingError(describe_storage_error(exc, self.db.path)) from exc

    @contextmanager
    def write_direct(self, *what: str) -> Iterator[sqlite3.Connection]:
        try:
            with self.db.write_direct() as connection:
                yield connection
        except sa_exc.DBAPIError as exc:
            raise UserFacingError(describe_storage_error(exc, self.db.path)) from exc
