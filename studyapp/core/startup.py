"""Everything that happens between "Setu starts" and "the first screen can show data"."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

from studyapp.core.content.sync import SyncReport, sync_content
from studyapp.core.db import Database, open_database
from studyapp.core.errors import DatabaseError
from studyapp.core.paths import ContentDirs, DataDir, bundled_content
from studyapp.core.storage.failures import describe_storage_error


def open_study_database(
    data: DataDir, content: ContentDirs | None = None
) -> tuple[Database, SyncReport]:
    """Open (or create, or upgrade) the student's database and sync the content into it.

    Raises `DatabaseError` or `ContentError` with a message for the student; in either
    case the database is left exactly as it was.
    """
    db = open_database(data.database, data.backups)
    try:
        with db.write() as session:
            report = sync_content(session, content or bundled_content())
    except sa_exc.DBAPIError as exc:
        # A full disk or a read-only folder found by the first write of the day.
        db.close()
        raise DatabaseError(describe_storage_error(exc, data.database)) from exc
    except BaseException:
        db.close()
        raise
    return db, report
