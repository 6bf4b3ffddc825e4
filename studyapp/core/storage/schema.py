"""A new database's schema in one step.

Every schema change is an Alembic migration (`migrations/`), and an existing database
is upgraded through them. A new database runs `schema.sql` instead: the statements
that make up what the migrations end with, as SQLite itself records them, and the
revision stamp. The schema is the same, without loading Alembic and replaying every
migration, which was most of the time taken to create a database (the first start,
and a new data folder). A test holds the file equal to the migrations;
`python -m studyapp.core.storage.schema` writes it again after a new migration.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

SCHEMA_FILE = Path(__file__).with_name("schema.sql")

# FTS5 makes these tables for each full-text table; creating that table makes them.
_FTS_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")
_HEADER = (
    "-- Setu's schema as the migrations leave it, for creating a new database.\n"
    "-- Written by `python -m studyapp.core.storage.schema`; do not edit by hand.\n"
)


def schema_script(connection: sqlite3.Connection) -> str:
    """The script that recreates `connection`'s schema and revision: tables, then
    indexes, then triggers, in the order they were made, in SQLite's own text."""
    rows = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid"
    ).fetchall()
    virtual = {name for name, sql in rows if sql.startswith("CREATE VIRTUAL TABLE")}
    shadows = {f"{table}{suffix}" for table in virtual for suffix in _FTS_SHADOWS}
    (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    statements = [sql for name, sql in rows if name not in shadows]
    statements.append(f"INSERT INTO alembic_version (version_num) VALUES ('{revision}')")
    return _HEADER + "".join(f"{sql};\n" for sql in statements)


def create_schema(path: Path) -> None:
    """Create the schema in the new, empty database at `path`, in one transaction
    (a failure leaves the file without tables, as new)."""
    script = SCHEMA_FILE.read_text(encoding="utf-8")
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        try:
            connection.executescript(f"BEGIN IMMEDIATE;\n{script}COMMIT;")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    finally:
        connection.close()


def migrated_script() -> str:
    """`schema_script` of a database made by running every migration."""
    from studyapp.core.storage.db import make_engine, upgrade

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "migrated.sqlite3"
        engine = make_engine(path)
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        connection = sqlite3.connect(path)
        try:
            return schema_script(connection)
        finally:
            connection.close()


if __name__ == "__main__":
    SCHEMA_FILE.write_text(migrated_script(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
