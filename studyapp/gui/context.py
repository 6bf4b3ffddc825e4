"""What every screen shares: the database, the data folder, the clock, and one signal
that says what changed after a write, so screens refresh themselves instead of being
poked by each other."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from studyapp.core.clock import utc_now
from studyapp.core.db import Database
from studyapp.core.paths import DataDir

# Names of what a write can change; screens listen for the ones they show.
CONTENT = "content"
REVIEWS = "reviews"
SETTINGS = "settings"
NOTES = "notes"
QUIZZES = "quizzes"


class AppContext(QObject):
    changed = Signal(set)

    def __init__(
        self, db: Database, data: DataDir, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__()
        self.db = db
        self.data = data
        self.clock = clock

    def now(self) -> datetime:
        return self.clock()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.db.begin() as session:
            yield session

    @contextmanager
    def write(self, *what: str) -> Iterator[Session]:
        """One unit of work for one user action; announces what changed afterwards."""
        with self.db.begin() as session:
            yield session
        self.changed.emit(set(what))
