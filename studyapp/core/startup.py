"""Everything that happens between "Setu starts" and "the first screen can show data"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studyapp.core.content.files import synced_digest_matches
from studyapp.core.errors import DatabaseError
from studyapp.core.storage.db import Database, open_database
from studyapp.core.storage.failures import describe_storage_error
from studyapp.core.storage.paths import ContentDirs, DataDir, bundled_content

if TYPE_CHECKING:
    from studyapp.core.content.report import SyncReport


def open_study_database(
    data: DataDir, content: ContentDirs | None = None
) -> tuple[Database, SyncReport]:
    """Open (or create, or upgrade) the student's database and sync the content into it.

    Raises `DatabaseError` or `ContentError` with a message for the student; in either
    case the database is left exactly as it was.
    """
    db = open_database(data.database, data.backups)
    dirs = content or bundled_content()
    try:
        with db.read() as connection:
            current = synced_digest_matches(connection, dirs)
    except BaseException:
        db.close()
        raise
    if current:
        # The usual start. The sync (and SQLAlchemy, the ORM and the content parser
        # it needs) loads only when the content has changed.
        from studyapp.core.content.report import SKIPPED

        return db, SKIPPED
    from sqlalchemy import exc as sa_exc

    from studyapp.core.content.sync import sync_content

    try:
        with db.write() as session:
            report = sync_content(session, dirs)
    except sa_exc.DBAPIError as exc:
        # A full disk or a read-only folder found by the first write of the day.
        db.close()
        raise DatabaseError(describe_storage_error(exc, data.database)) from exc
    except BaseException:
        db.close()
        raise
    return db, report
