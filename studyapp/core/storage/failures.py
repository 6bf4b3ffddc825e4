"""Turning a failed read or write of the database into words for the student."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TypeVar

from studyapp.core.errors import UserFacingError

T = TypeVar("T")

_FULL = ("database or disk is full", "no space left")
_READ_ONLY = ("readonly database", "read-only file system", "permission denied")
_BUSY = ("database is locked", "database table is locked")
_SQLITE_CORRUPT = 11  # the primary result code; extended codes keep it in the low byte
DAMAGED = "part of the file is damaged"


def storage_reason(exc: BaseException) -> str:
    """Why a read or write failed, as a short phrase (the log keeps the details)."""
    orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's error
    cause = orig if isinstance(orig, BaseException) else exc
    text = str(cause).lower()
    number = getattr(cause, "errno", None)
    if number == errno.ENOSPC or any(s in text for s in _FULL):
        return "the disk is full"
    if number in (errno.EROFS, errno.EACCES, errno.EPERM) or any(s in text for s in _READ_ONLY):
        return "the file or its folder is read-only"
    if number in (errno.ENOTDIR, errno.EEXIST):
        return "a file is in the way of a folder"
    if any(s in text for s in _BUSY):
        return "it is busy with another write (an import, or another Setu command)"
    code = getattr(cause, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF == _SQLITE_CORRUPT:
        return DAMAGED
    return getattr(cause, "strerror", None) or str(cause) or type(cause).__name__


def describe_storage_error(exc: BaseException, path: Path) -> str:
    """One sentence: what could not be saved, where, and why."""
    reason = storage_reason(exc)
    if reason == "the disk is full":
        return f"The disk holding {path} is full; free some space and try again."
    if reason == DAMAGED:
        # What is derived (the search index, the review totals) the check makes
        # afresh; anything else a backup brings back.
        return (
            f"Setu could not write to {path} because part of it is damaged; Tools › Check "
            "database (on the command line, studyapp check) repairs what can be rebuilt, "
            "and File › Backups… restores a backup."
        )
    return f"Setu could not write to {path}: {reason}."


class SaveFailed(UserFacingError):
    """A write could not be saved (a full disk, a read-only file, a busy database);
    it was rolled back, so nothing half-written remains."""


@contextmanager
def saved_or_explained(unit: AbstractContextManager[T], path: Path) -> Iterator[T]:
    """Run a unit of work that writes; if SQLite refuses it, raise `SaveFailed` with
    one sentence (what, where and why), so the student can be told and try again."""
    from sqlalchemy.exc import DBAPIError  # loaded with the first write, not at start-up

    try:
        with unit as opened:
            yield opened
    except DBAPIError as exc:
        raise SaveFailed(describe_storage_error(exc, path)) from exc
