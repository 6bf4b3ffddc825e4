"""The schema comes only from the Alembic migrations, and they match the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from studyapp.core import db as dbmod
from studyapp.core.models import Base


def test_schema_head_constant_is_the_newest_migration() -> None:
    script = ScriptDirectory.from_config(dbmod._alembic_config())
    assert script.get_current_head() == dbmod.SCHEMA_HEAD


def test_migrated_database_matches_the_models(tmp_path: Path) -> None:
    database = dbmod.open_database(tmp_path / "x.sqlite3")
    try:
        with database.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_object": dbmod.include_object, "compare_type": True}
            )
            assert compare_metadata(context, Base.metadata) == []
            tables = set(inspect(conn).get_table_names())
            assert "search_index" in tables  # the FTS5 index is created by the migration
    finally:
        database.close()


def test_downgrade_then_upgrade_round_trips(tmp_path: Path) -> None:
    database = dbmod.open_database(tmp_path / "x.sqlite3")
    try:
        from alembic import command

        config = dbmod._alembic_config()
        with database.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        with database.engine.connect() as conn:
            names = (
                conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
                .scalars()
                .all()
            )
            assert set(names) <= {"alembic_version"}
        dbmod.upgrade(database.engine)
        with database.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                == dbmod.SCHEMA_HEAD
            )
    finally:
        database.close()


def test_connection_settings_are_applied(tmp_path: Path) -> None:
    database = dbmod.open_database(tmp_path / "x.sqlite3")
    try:
        with database.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    finally:
        database.close()
