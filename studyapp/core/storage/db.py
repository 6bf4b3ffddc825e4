"""Opening the student's SQLite database: connection settings, migrations, sessions.

Connection settings, chosen deliberately:

* WAL journal: readers never block the writer, and a commit is one append.
* `synchronous=FULL`: every commit is fsynced to the WAL before it returns, so an
  answer the screen has acknowledged survives a power cut or an OS crash too (NORMAL
  only survives a crash of Setu itself, and a power cut could take the answers since
  the last checkpoint). It costs one fsync per answer, as Anki pays.
* `foreign_keys=ON`: SQLite leaves them off unless asked, per connection.
* We emit BEGIN ourselves (pysqlite's implicit transactions are switched off) so that
  SQLAlchemy's transaction boundaries are the real ones. A unit of work that writes
  (`Database.write()`) starts with BEGIN IMMEDIATE: it takes the write lock at once or
  fails at once, instead of failing half-way when a deferred read must be upgraded
  while another connection (an import) writes.
* Before any writing connection exists the file is classified read-only
  (`storage.inspect`): a damaged, foreign, newer, read-only file is refused untouched.
* A unit of work that only reads (`Database.reading()`) runs with `PRAGMA
  query_only` on: SQLite itself refuses any write in it, whether it comes through the
  ORM or a plain statement, and it ends with a rollback, never a commit.
* A unit of work that writes a great many pages (an import, `Database.write_many`)
  commits without copying its pages from the WAL into the database file: that copy
  (a checkpoint) runs on a thread of its own right after, so the work is done, and
  durable, as soon as its commit is. Every other commit checkpoints as SQLite does
  by default, once the WAL holds 1,000 pages.
* `pow()`: the progress figures compute FSRS recall inside SQLite. Its maths functions
  are a compile-time option that some builds leave out; there a Python `pow` with the
  same (libm) result is registered on each connection instead.
"""

from __future__ import annotations

import contextlib
import functools
import math
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from studyapp.core.errors import DatabaseError
from studyapp.core.storage.alongside import ReaderAlongside, ReadMeanwhile
from studyapp.core.storage.bulk import collector_paused
from studyapp.core.storage.failures import describe_storage_error
from studyapp.core.storage.inspect import inspect_database, record_clean_close

if TYPE_CHECKING:
    # SQLAlchemy is imported when the first unit of work needs it, not at start-up:
    # importing it is most of what opening the database and counting what is due
    # would otherwise cost (see `Database.read`).
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

# The newest migration. Checked against the migration scripts by a test; comparing
# with it at start-up avoids loading Alembic when the database is already current.
SCHEMA_HEAD = "0007_review_totals_in_batches"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
CACHE_SIZE = -32000  # KiB of page cache per connection (negative: a size, not pages)
AUTOCHECKPOINT_PAGES = 1000  # SQLite's default, restored after `write_many`
# The answers' connection checkpoints itself at fewer pages than that. A commit that
# writes past the WAL file's end also syncs the file's new size (0.1–0.2 ms more on
# this project's build machine), and every study session starts with the WAL file
# empty: at 1,000 pages that is its first ~185 answers, at 400 its first ~75.
DIRECT_AUTOCHECKPOINT_PAGES = 400
# An answer writes about five pages of the WAL: this many are about 300, so in a
# study session the checkpoint in the background (`checkpoint_if_due`) comes first.
DIRECT_UNITS_PER_CHECKPOINT = 60
WRITE_OPTION = "setu_write"  # execution option: this connection's transactions write
READ_ONLY_OPTION = "setu_read_only"  # execution option: its transactions never write


# Every connection Setu opens, through SQLAlchemy or not, is set up the same way.
PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=5000",
    "PRAGMA temp_store=MEMORY",
    f"PRAGMA cache_size={CACHE_SIZE}",
)


def configure_connection(connection: sqlite3.Connection) -> None:
    """Setu's connection settings (module docstring), on a DB-API connection."""
    connection.isolation_level = None
    for pragma in PRAGMAS:
        connection.execute(pragma)
    add_sql_functions(connection)


# What the hot paths (the next prompt, an answer) run on: a Session's unit of work, or
# the DB-API connection of `Database.write_direct`.
UnitOfWork: TypeAlias = "Session | sqlite3.Connection"


def driver(session: Session) -> sqlite3.Connection:
    """The DB-API connection under the session's transaction. The hot paths (the
    next prompt, an answer, the settings) run their few statements on it directly:
    `sqlite3` prepares each statement once per connection (its statement cache), and
    neither the ORM nor Core's per-statement machinery runs."""
    return cast(sqlite3.Connection, session.connection().connection.driver_connection)


def dbapi(unit: UnitOfWork) -> sqlite3.Connection:
    """The DB-API connection a unit of work runs on: the connection itself, or the
    one under a Session's transaction (`driver`)."""
    return unit if isinstance(unit, sqlite3.Connection) else driver(unit)


@contextmanager
def _driver_errors_wrapped() -> Iterator[None]:
    """Statements run on the DB-API connection (`driver`) raise `sqlite3`'s own
    errors; a unit of work turns them into SQLAlchemy's, as if Core had run them, so
    that every caller handles one kind (a full disk, a locked file) the same way."""
    try:
        yield
    except sqlite3.Error as exc:
        from sqlalchemy.exc import DBAPIError

        raise DBAPIError.instance(None, None, exc, sqlite3.Error) from exc


class WriteInReadOnlyUnit(RuntimeError):
    """Code that only reads tried to save a change: a bug, reported with its place."""


def _refuse_flush(session: Session, _context: object, _instances: object) -> None:
    if session.new or session.dirty or session.deleted:
        raise WriteInReadOnlyUnit(
            "a unit of work that only reads tried to save changes; open a write "
            "(Database.write, AppContext.write) for them"
        )


class Database:
    """The student's database: SQLAlchemy sessions for units of work, and a plain
    read-only unit (`read`) for start-up figures that should not wait for
    SQLAlchemy to load."""

    def __init__(self, path: Path, engine: Engine | None = None) -> None:
        self.path = path
        if engine is not None:
            self.__dict__["engine"] = engine
        self._direct: sqlite3.Connection | None = None
        self._direct_lock = threading.Lock()
        self._checkpoints: list[threading.Thread] = []
        self._direct_units = 0  # committed by `write_direct` since `checkpoint_if_due`
        self._alongside = ReaderAlongside(path, configure_connection)

    @functools.cached_property
    def engine(self) -> Engine:
        return make_engine(self.path)

    @functools.cached_property
    def sessions(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One unit of work that reads: commits on success, rolls back on error."""
        with _driver_errors_wrapped(), self.sessions.begin() as session:
            yield session

    @functools.cached_property
    def readers(self) -> sessionmaker[Session]:
        from sqlalchemy import event
        from sqlalchemy.orm import sessionmaker

        reading = self.engine.execution_options(**{READ_ONLY_OPTION: True})
        readers = sessionmaker(reading, expire_on_commit=False)
        event.listen(readers, "before_flush", _refuse_flush)
        return readers

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """One unit of work that only reads: the ORM refuses to flush a change, SQLite
        refuses any statement that writes (`query_only`), and it ends with a rollback.
        What it loaded stays readable afterwards (the session closes, it does not
        expire its objects)."""
        with _driver_errors_wrapped(), self.readers() as session:
            yield session

    @functools.cached_property
    def writers(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        writing = self.engine.execution_options(**{WRITE_OPTION: True})
        return sessionmaker(writing, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work that writes: starts with BEGIN IMMEDIATE."""
        with _driver_errors_wrapped(), self.writers.begin() as session:
            yield session

    @contextmanager
    def write_many(self) -> Iterator[Session]:
        """A unit of work that writes as `write` does, for one that writes a great
        many pages (100,000 imported prompts write about 120 MB). Its commit is as
        durable as any other (the WAL is fsynced), but it does not copy those pages
        into the database file as well before returning: that checkpoint, a third of
        a second for such an import, runs on a thread of its own right after
        (`checkpoint_soon`), if the unit changed enough rows to need one. Reads and
        writes go on meanwhile: they find the pages in the WAL."""
        from sqlalchemy.orm import Session

        with _driver_errors_wrapped(), self.engine.connect() as connection:
            # On the DB-API connection: through SQLAlchemy's, the pragma would begin
            # a transaction of its own, which the session would then only join.
            raw = cast(sqlite3.Connection, connection.connection.driver_connection)
            raw.execute("PRAGMA wal_autocheckpoint=0")
            changes_before = raw.total_changes
            try:
                writing = connection.execution_options(**{WRITE_OPTION: True})
                with Session(writing, expire_on_commit=False) as session, session.begin():
                    yield session
            finally:
                # The connection goes back to the pool: it checkpoints as usual again.
                raw.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
            changed = raw.total_changes - changes_before
        # A small unit (an import of a few rows) leaves its pages to the next commit's
        # checkpoint, as any other unit does.
        if changed >= AUTOCHECKPOINT_PAGES:
            self.checkpoint_soon()

    def checkpoint_soon(self) -> None:
        """Copy what the WAL holds into the database file, on a thread of its own. A
        passive checkpoint: it never waits for, nor blocks, a reader or a writer, and
        whatever it cannot copy yet is copied by a later commit's checkpoint."""

        def checkpoint() -> None:
            # As on every worker thread of Setu's (`collector_paused`): a cycle
            # collection here could free the window's objects while it paints.
            with collector_paused(), contextlib.suppress(sqlite3.Error):
                # On failure nothing is lost: the pages stay in the WAL, where every
                # reader finds them, until a later checkpoint copies them.
                connection = sqlite3.connect(self.path, check_same_thread=False)
                try:
                    # Setu's settings (synchronous=FULL): the copy is synced to the
                    # file before the WAL may be reused.
                    configure_connection(connection)
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
                finally:
                    connection.close()

        with self._direct_lock:
            self._checkpoints = [t for t in self._checkpoints if t.is_alive()]
            thread = threading.Thread(target=checkpoint, name="checkpoint", daemon=True)
            self._checkpoints.append(thread)
            thread.start()

    @contextmanager
    def write_direct(
        self, meanwhile: ReadMeanwhile[Any] | None = None
    ) -> Iterator[sqlite3.Connection]:
        """One unit of work that writes, on a DB-API connection kept open for it:
        BEGIN IMMEDIATE, the statements, COMMIT (durable as any other: one fsync).
        For a study session's answers, each its own unit: no SQLAlchemy session,
        pool checkout or event runs around the few statements an answer needs
        (together several times the statements' own cost), and `sqlite3` keeps
        them prepared from one answer to the next. Failures raise SQLAlchemy's
        errors, as `write` does, and leave nothing of the unit behind.

        With `meanwhile`, the read the unit sets there is made while its commit is
        synced (`storage.alongside`): how the next prompt is found while an answer
        is saved."""
        with self._direct_lock, _driver_errors_wrapped():
            connection = self._direct
            if connection is None:
                connection = sqlite3.connect(self.path, check_same_thread=False)
                configure_connection(connection)
                connection.execute(f"PRAGMA wal_autocheckpoint={DIRECT_AUTOCHECKPOINT_PAGES}")
                self._direct = connection
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                with self._alongside.alongside(meanwhile):
                    connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
            self._direct_units += 1

    def checkpoint_if_due(self) -> None:
        """A background checkpoint (`checkpoint_soon`) once `write_direct` has
        committed DIRECT_UNITS_PER_CHECKPOINT units since the last. Called while the
        student reads the next prompt: the copy is done before the next answer, whose
        commit then never has to make it itself (SQLite checkpoints in the commit that
        fills its threshold: 4–9 ms more for that answer on the 100 000-prompt
        history, and a tenth of a second or more while the system still has pages of
        the database file to write back, as after an import or a restore). Answers
        given faster than the copy still get that checkpoint."""
        with self._direct_lock:
            due = self._direct_units >= DIRECT_UNITS_PER_CHECKPOINT
            if due:
                self._direct_units = 0
        if due:
            self.checkpoint_soon()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction on a DB-API connection of its own, configured as
        every other; closed afterwards. For what start-up shows first (the due
        counts), which needs neither the ORM nor SQLAlchemy loaded."""
        try:
            connection = sqlite3.connect(self.path, check_same_thread=False)
        except sqlite3.Error as exc:
            raise DatabaseError(describe_storage_error(exc, self.path)) from exc
        try:
            configure_connection(connection)
            connection.execute("PRAGMA query_only=ON")
            connection.execute("BEGIN")
            yield connection
        except sqlite3.Error as exc:
            raise DatabaseError(describe_storage_error(exc, self.path)) from exc
        finally:
            connection.close()

    def checkpoints_finished(self) -> None:
        """Wait for the checkpoints `checkpoint_soon` started (without holding the
        lock an answer takes: it may be written meanwhile)."""
        with self._direct_lock:
            started, self._checkpoints = self._checkpoints, []
        for thread in started:
            thread.join()

    def close(self) -> None:
        self.checkpoints_finished()
        with self._direct_lock:
            self._alongside.close()
            if self._direct is not None:
                self._direct.close()
                self._direct = None
        if "engine" in self.__dict__:
            self.engine.dispose()
        record_clean_close(self.path)


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
    from sqlalchemy import URL, create_engine, event

    # URL.create, not an f-string: a folder named with `?` or `#` stays one path.
    engine = create_engine(URL.create("sqlite", database=str(path)))

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        configure_connection(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        options = connection.get_execution_options()
        writes = options.get(WRITE_OPTION, False)
        # The pragma is per connection and connections are pooled: it is set only
        # when this transaction's kind differs from the connection's last one.
        read_only = bool(options.get(READ_ONLY_OPTION, False))
        info = connection.connection.info
        if info.get(READ_ONLY_OPTION, False) != read_only:
            connection.exec_driver_sql(f"PRAGMA query_only={'ON' if read_only else 'OFF'}")
            info[READ_ONLY_OPTION] = read_only
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def open_database(path: Path, backups: Path | None = None) -> Database:
    """Open (creating or upgrading as needed) the database at `path`.

    The file is classified read-only first and refused (`DatabaseRefused`) unless it is
    new or Setu's own; an existing database is backed up to `backups` (verified)
    before any migration touches it.
    """
    inspection = inspect_database(path)
    if inspection.revision == SCHEMA_HEAD:
        # The usual start: nothing to migrate, so no engine (nor SQLAlchemy) yet.
        return Database(path)
    if inspection.is_new:
        # A new database gets the schema the migrations end with in one script
        # (`storage.schema`), without Alembic.
        from studyapp.core.storage.schema import create_schema

        try:
            create_schema(path)
        except sqlite3.Error as exc:
            raise DatabaseError(describe_storage_error(exc, path)) from exc
        return Database(path)
    from sqlalchemy import exc as sa_exc

    engine = make_engine(path)
    try:
        if not inspection.is_new and backups is not None:
            from studyapp.core.storage.backup import make_backup

            make_backup(path, backups, reason=f"before-upgrade-{inspection.revision or 'none'}")
        upgrade(engine)
    except sa_exc.DBAPIError as exc:
        engine.dispose()
        raise DatabaseError(describe_storage_error(exc, path)) from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(path, engine)


def alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


_alembic_config = alembic_config  # the earlier private name, still used by tests


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Tells Alembic to leave alone what the ORM does not model."""
    # The FTS5 search index, its shadow tables and the texts of sections and notes it
    # indexes are created by hand in migrations.
    return not (type_ == "table" and name is not None and name.startswith("search_"))


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to `revision`, in one transaction."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
