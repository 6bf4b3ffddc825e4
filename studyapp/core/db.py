"""Opening the student's SQLite database: connection settings, migrations, sessions.

Connection settings, chosen deliberately:

* WAL journal: readers never block the writer, and a commit is one append.
* `synchronous=NORMAL`: in WAL mode a committed transaction survives a crash of Setu
  itself; only a power cut or OS crash can lose the last few commits (never corrupt
  the file). FULL would add an fsync to every answer for little gain on a desktop.
* `foreign_keys=ON`: SQLite leaves them off unless asked, per connection.
* We emit BEGIN ourselves (pysqlite's implicit transactions are switched off) so that
  SQLAlchemy's transaction boundaries are the real ones.
* `pow()`: the progress figures compute FSRS recall inside SQLite. Its maths functions
  are a compile-time option that some builds leave out; there a Python `pow` with the
  same (libm) result is registered on each connection instead.
"""

from __future__ import annotations

import functools
import math
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from studyapp.core.errors import DatabaseError

# The newest migration. Checked against the migration scripts by a test; comparing
# with it at start-up avoids loading Alembic when the database is already current.
SCHEMA_HEAD = "0003_qbank"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
CACHE_SIZE = -32000  # KiB of page cache per connection (negative: a size, not pages)
_SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass
class Database:
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on error."""
        with self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


@functools.cache
def sqlite_has_pow() -> bool:
    """Whether this SQLite library has its maths functions built in (it is the same
    library for every connection of the process, so one probe is enough)."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("SELECT pow(2, 0.5)")
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()
    return True


def sql_pow(base: float | None, exponent: float | None) -> float | None:
    """SQLite's `pow()`: NULL in, NULL out, and NULL where the result is not a real
    number (SQLite gives NaN there, which it stores as NULL)."""
    if base is None or exponent is None:
        return None
    try:
        return math.pow(base, exponent)
    except (ValueError, OverflowError):
        return None


def add_sql_functions(connection: sqlite3.Connection, *, force: bool = False) -> None:
    """Give the connection the SQL functions Setu's queries rely on, where the SQLite
    build lacks them (`force` registers them anyway, for tests)."""
    if force or not sqlite_has_pow():
        connection.create_function("pow", 2, sql_pow, deterministic=True)


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "PRAGMA foreign_keys=ON",
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=NORMAL",
            "PRAGMA busy_timeout=5000",
            "PRAGMA temp_store=MEMORY",
            f"PRAGMA cache_size={CACHE_SIZE}",
        ):
            cursor.execute(pragma)
        cursor.close()
        add_sql_functions(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def open_database(path: Path, backups: Path | None = None) -> Database:
    """Open (creating or upgrading as needed) the database at `path`.

    An existing database is copied to `backups` before any migration touches it.
    """
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        _check_header(path)
    engine = make_engine(path)
    try:
        current = _current_revision(engine)
        if current != SCHEMA_HEAD:
            _check_known(path, current)
            if existed and backups is not None:
                from studyapp.core.backup import make_backup

                make_backup(path, backups, reason=f"before-upgrade-{current or 'none'}")
            upgrade(engine)
    except sa_exc.DatabaseError as exc:
        engine.dispose()
        raise DatabaseError(
            f"The database {path} cannot be read ({exc.orig}). It may be damaged; "
            f"restore a copy from the backups folder beside it."
        ) from exc
    except Exception:
        engine.dispose()
        raise
    return Database(path, engine, sessionmaker(engine, expire_on_commit=False))


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"The database {path} cannot be opened: {exc.strerror}.") from exc
    if header != _SQLITE_HEADER:
        raise DatabaseError(
            f"{path} is not a Setu database (it is not an SQLite file, or it is damaged). "
            f"Nothing was changed; restore a copy from the backups folder beside it, "
            f"or move the file away to start afresh."
        )


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not has_table:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _check_known(path: Path, current: str | None) -> None:
    if current is None:
        return
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        ScriptDirectory.from_config(_alembic_config()).get_revision(current)
    except CommandError:
        raise DatabaseError(
            f"The database {path} was made by a newer version of Setu (schema {current}). "
            f"Update Setu to open it; nothing was changed."
        ) from None


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Tells Alembic to leave alone what the ORM does not model."""
    # The FTS5 search index and its shadow tables are created by hand in a migration.
    return not (type_ == "table" and name is not None and name.startswith("search_index"))


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to `revision`, in one transaction."""
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
