"""Errors a student can cause and fix, as opposed to bugs.

A `UserFacingError` carries a sentence that says what went wrong and where; the GUI
shows it in a dialog and the CLI prints it, without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studyapp.core.wording import counted


class UserFacingError(Exception):
    """Something outside the program is wrong (a file, a folder, a database)."""


class FileNotWritten(UserFacingError):
    """An exported file (an Anki package, a PDF) could not be written where asked."""

    def __init__(self, path: Path, exc: OSError) -> None:
        super().__init__(f"Setu could not write {path}: {exc.strerror or exc}.")


class DataDirError(UserFacingError):
    """The data folder cannot be created or written."""


class DatabaseError(UserFacingError):
    """The database file is missing, unreadable, corrupt or from a newer Setu."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a content or import file, located to a line."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class ContentError(UserFacingError):
    """Content files failed validation; nothing was changed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        if more > 0:
            shown += f"\n… and {more} more"
        super().__init__(
            f"The study content has {counted(len(self.problems), 'problem')}:\n{shown}"
        )
