"""Where a study controller reads and writes: one unit of work per call.

The app's context is one (it also announces what changed after a write, so the
screens refresh); `DatabaseStore` is the plain one over a `Database`, for the command
line and the tests.

A write that cannot be saved (a full disk, a read-only file, a busy database) raises
`SaveFailed` (a `UserFacingError`) with one sentence, and nothing of it is kept: that
is what lets a controller keep the prompt on screen and say why."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from typing import Any, Protocol

from sqlalchemy.orm import Session

from studyapp.core.storage.alongside import ReadMeanwhile
from studyapp.core.storage.db import Database
from studyapp.core.storage.failures import saved_or_explained


class Store(Protocol):
    def read(self) -> AbstractContextManager[Session]:
        """A unit of work that only reads."""
        ...

    def write(self, *what: str) -> AbstractContextManager[Session]:
        """A unit of work that writes; `what` names what it changes
        (`studyapp.core.changes`)."""
        ...

    def write_direct(
        self, *what: str, meanwhile: ReadMeanwhile[Any] | None = None
    ) -> AbstractContextManager[sqlite3.Connection]:
        """`write` on the DB-API connection kept for a study session's answers
        (`Database.write_direct`): the same durability and failures, less overhead,
        and `meanwhile` read while the commit is synced."""
        ...

    def checkpoint_if_due(self) -> None:
        """Housekeeping for a moment the student spends reading
        (`Database.checkpoint_if_due`)."""
        ...


class DatabaseStore:
    """Units of work straight on the database (nobody is told what changed)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def read(self) -> AbstractContextManager[Session]:
        return self.db.reading()

    def write(self, *what: str) -> AbstractContextManager[Session]:
        return saved_or_explained(self.db.write(), self.db.path)

    def write_direct(
        self, *what: str, meanwhile: ReadMeanwhile[Any] | None = None
    ) -> AbstractContextManager[sqlite3.Connection]:
        return saved_or_explained(self.db.write_direct(meanwhile), self.db.path)

    def checkpoint_if_due(self) -> None:
        self.db.checkpoint_if_due()
