"""Where a study controller reads and writes: one unit of work per call.

The app's context is one (it also announces what changed after a write, so the
screens refresh); `DatabaseStore` is the plain one over a `Database`, for the command
line and the tests."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy.orm import Session

from studyapp.core.storage.db import Database


class Store(Protocol):
    def read(self) -> AbstractContextManager[Session]:
        """A unit of work that only reads."""
        ...

    def write(self, *what: str) -> AbstractContextManager[Session]:
        """A unit of work that writes; `what` names what it changes
        (`studyapp.core.changes`)."""
        ...


class DatabaseStore:
    """Units of work straight on the database (nobody is told what changed)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def read(self) -> AbstractContextManager[Session]:
        return self.db.reading()

    def write(self, *what: str) -> AbstractContextManager[Session]:
        return self.db.write()
