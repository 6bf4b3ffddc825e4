"""Looking at a database file read-only before Setu opens it for writing.

A file that is not Setu's (another program's SQLite file, random bytes), fails
SQLite's `quick_check`, comes from a newer Setu, is read-only or is a folder is
refused here, before any writing connection exists, so its bytes stay exactly as they
were. A missing or zero-byte file, or an SQLite file without any table, is new.

`quick_check` reads every page (about a second per 30 MB), so it is skipped when the
file is exactly as Setu left it at its last clean close: Setu then stamps the file's
modification time with a nanosecond value of its own and notes it beside the file;
any later change by anything else gives another time. The daily backup's
`integrity_check` covers what a stamp cannot see (a disk decaying under an unchanged
file).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from studyapp.core.errors import DatabaseError

SQLITE_HEADER = b"SQLite format 3\x00"
# Tables only Setu's schema has; with an unknown revision they mean "a newer Setu".
_SETU_TABLES = {"questions", "cards", "review_log", "alembic_version"}


class DatabaseRefused(DatabaseError):
    """The file is not one Setu may write to; it was left untouched."""

    def __init__(self, path: Path, kind: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.kind = kind  # folder | unreadable | not-sqlite | damaged | foreign | newer | read-only


@dataclass(frozen=True)
class Inspection:
    path: Path
    is_new: bool
    revision: str | None  # the Alembic revision, None for a new file


def read_only_uri(path: Path) -> str:
    """A URI that opens `path` read-only; quoting keeps `#` and `?` in folder names."""
    return path.resolve().as_uri() + "?mode=ro"


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True)


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from studyapp.core.storage.db import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def inspect_database(
    path: Path, *, quick_check: bool = True, for_writing: bool = True
) -> Inspection:
    """Classify `path`; raise `DatabaseRefused` for anything Setu must not write to."""
    if path.is_dir():
        raise DatabaseRefused(
            path, "folder", f"{path} is a folder where Setu's database file should be."
        )
    if not path.exists():
        return Inspection(path, True, None)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseRefused(
            path, "unreadable", f"The database {path} cannot be read ({exc.strerror})."
        ) from exc
    if not header:
        return (
            Inspection(path, True, None) if _writable(path) or not for_writing else _read_only(path)
        )
    if header != SQLITE_HEADER:
        raise DatabaseRefused(
            path,
            "not-sqlite",
            f"{path} is not a Setu database (it is not an SQLite file, or it is damaged).",
        )
    try:
        connection = connect_read_only(path)
        try:
            tables = {
                str(name)
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            revision = _revision(connection) if "alembic_version" in tables else None
            if tables and "alembic_version" not in tables:
                raise DatabaseRefused(
                    path, "foreign", f"{path} is another program's SQLite database, not Setu's."
                )
            if revision is not None and not _is_known(revision):
                if not tables >= _SETU_TABLES:
                    raise DatabaseRefused(
                        path, "foreign", f"{path} is another program's SQLite database, not Setu's."
                    )
                raise DatabaseRefused(
                    path,
                    "newer",
                    f"The database {path} was made by a newer version of Setu "
                    f"(schema {revision}); update Setu to open it.",
                )
            if quick_check and not _unchanged_since_clean_close(path):
                result = [str(row[0]) for row in connection.execute("PRAGMA quick_check(5)")]
                if result != ["ok"]:
                    raise _damaged(path)
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise _damaged(path) from exc
    if for_writing and not _writable(path):
        _read_only(path)
    return Inspection(path, not tables, revision)


def _is_known(revision: str) -> bool:
    from studyapp.core.storage.db import SCHEMA_HEAD  # the usual case, without loading Alembic

    return revision == SCHEMA_HEAD or revision in known_revisions()


def _stamp_file(path: Path) -> Path:
    return path.with_name(f".{path.name}.clean")


def record_clean_close(path: Path) -> None:
    """Called once every connection is closed and the -wal folded in."""
    if _has_wal_frames(path) or not path.is_file():
        return
    try:
        stamp = time.time_ns()
        os.utime(path, ns=(stamp, stamp))
        _stamp_file(path).write_text(f"{path.stat().st_size} {stamp}\n")
    except OSError:
        pass  # then the next start simply runs quick_check


def _unchanged_since_clean_close(path: Path) -> bool:
    try:
        recorded = _stamp_file(path).read_text().split()
        st = path.stat()
    except OSError:
        return False
    return not _has_wal_frames(path) and recorded == [str(st.st_size), str(st.st_mtime_ns)]


def _has_wal_frames(path: Path) -> bool:
    """A -wal with anything in it holds commits the file itself does not show yet."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def _revision(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def _damaged(path: Path) -> DatabaseRefused:
    return DatabaseRefused(
        path,
        "damaged",
        f"The database {path} is damaged (it fails SQLite's integrity check).",
    )


def _writable(path: Path) -> bool:
    # The permission bits count even for an administrator, who could write anyway: a
    # file the student marked read-only is not one Setu should change behind their back.
    mode = path.stat().st_mode
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _read_only(path: Path) -> NoReturn:
    raise DatabaseRefused(
        path,
        "read-only",
        f"The database {path} is read-only, so Setu could not save your answers in it.",
    )
