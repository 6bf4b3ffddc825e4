"""A missing, damaged or foreign database, or an unusable data folder, gets a clear
message and nothing is changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.core.errors import DatabaseError, DataDirError
from studyapp.core.storage import db as dbmod
from studyapp.core.storage.backup import list_backups
from studyapp.core.storage.paths import ENV_DATA_DIR, resolve_data_dir


def test_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "setu.sqlite3"
    path.write_bytes(b"these are my lecture notes, not a database" * 10)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="is not a Setu database"):
        dbmod.open_database(path)
    assert path.read_bytes() == before


def test_truncated_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "setu.sqlite3"
    dbmod.open_database(path).close()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\x00" * 50)
    with pytest.raises(DatabaseError, match="is damaged"):
        dbmod.open_database(path)


def test_database_from_a_newer_setu_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "setu.sqlite3"
    database = dbmod.open_database(path)
    with database.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    database.close()
    with pytest.raises(DatabaseError, match="newer version of Setu"):
        dbmod.open_database(path)


def test_upgrading_an_existing_database_backs_it_up_first(tmp_path: Path) -> None:
    import sqlite3

    from alembic import command

    path = tmp_path / "setu.sqlite3"
    database = dbmod.open_database(path)
    config = dbmod._alembic_config()
    with database.engine.begin() as conn:
        # An older database: schema at "base", with something of the student's in it.
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
        conn.execute(text("CREATE TABLE old_notes(body TEXT)"))
        conn.execute(text("INSERT INTO old_notes VALUES ('keep me')"))
    database.close()

    dbmod.open_database(path, backups=tmp_path / "backups").close()

    (backup,) = list_backups(tmp_path / "backups")
    assert "before-upgrade" in backup.name
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT body FROM old_notes").fetchall() == [("keep me",)]
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("SELECT version_num FROM alembic_version").fetchone() == (
            dbmod.SCHEMA_HEAD,
        )
        assert upgraded.execute("SELECT body FROM old_notes").fetchall() == [("keep me",)]


def test_data_dir_cli_value_beats_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "from-env"))
    assert resolve_data_dir(tmp_path / "from-cli").root == tmp_path / "from-cli"
    assert resolve_data_dir(None).root == tmp_path / "from-env"
    assert (tmp_path / "from-env" / "backups").is_dir()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_data_dir_is_explained(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(DataDirError, match=r"cannot use the data folder .*locked"):
            resolve_data_dir(locked / "setu")
    finally:
        locked.chmod(0o700)


def test_data_dir_that_is_a_file_is_explained(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DataDirError, match=r"cannot use the data folder .*file"):
        resolve_data_dir(blocker)


def _written_at_once(db: dbmod.Database, count: int) -> None:
    """`count` large rows in one unit of work of `write_many`, enough pages that a
    checkpoint has something to copy."""
    with db.write_many() as session:
        session.execute(
            text(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count) "
                "INSERT INTO settings (key, value) SELECT 'bulk-' || i, "
                "json_quote(hex(randomblob(2000))) FROM n"
            ),
            {"count": count},
        )


def test_a_large_write_is_committed_before_its_pages_are_copied_into_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "setu.sqlite3"
    db = dbmod.open_database(path)
    size_before = path.stat().st_size
    monkeypatch.setattr(db, "checkpoint_soon", lambda: None)
    _written_at_once(db, 2000)
    # Committed and durable in the WAL; the database file itself has not grown yet.
    assert path.stat().st_size == size_before
    assert Path(f"{path}-wal").stat().st_size > 4_000_000
    with db.read() as connection:
        count = connection.execute("SELECT count(*) FROM settings WHERE key LIKE 'bulk-%'")
        assert count.fetchone()[0] == 2000
    # Connections from the pool checkpoint as usual again.
    with db.write() as session:
        autocheckpoint = session.execute(text("PRAGMA wal_autocheckpoint")).scalar()
    assert autocheckpoint == dbmod.AUTOCHECKPOINT_PAGES
    db.close()


def test_a_large_write_is_copied_into_the_file_in_the_background(tmp_path: Path) -> None:
    path = tmp_path / "setu.sqlite3"
    db = dbmod.open_database(path)
    _written_at_once(db, 2000)
    db.checkpoints_finished()
    assert path.stat().st_size > 4_000_000  # while the database is still open
    db.close()


def test_a_small_write_of_many_leaves_its_pages_to_the_next_checkpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    for rows in (3, dbmod.AUTOCHECKPOINT_PAGES):
        db = dbmod.open_database(tmp_path / f"{rows}.sqlite3")
        monkeypatch.setattr(db, "checkpoint_soon", lambda rows=rows: started.append(rows))
        _written_at_once(db, rows)
        db.close()
    assert started == [dbmod.AUTOCHECKPOINT_PAGES]


def test_every_so_many_answers_are_copied_into_the_file_between_prompts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "setu.sqlite3"
    db = dbmod.open_database(path)
    db.checkpoints_finished()
    written = path.read_bytes()
    for n in range(1, dbmod.DIRECT_UNITS_PER_CHECKPOINT):
        with db.write_direct() as connection:
            connection.execute("INSERT INTO settings (key, value) VALUES (?, '1')", (f"a{n}",))
        db.checkpoint_if_due()
    db.checkpoints_finished()
    assert path.read_bytes() == written  # committed, in the WAL only
    with db.write_direct() as connection:
        connection.execute("INSERT INTO settings (key, value) VALUES ('last', '1')")
    db.checkpoint_if_due()
    db.checkpoints_finished()
    assert path.read_bytes() != written  # the due checkpoint copied them in
    db.close()


def test_answers_given_without_pause_keep_the_wal_short(tmp_path: Path) -> None:
    """Without the checkpoint between prompts (answers given faster than it runs), the
    answers' connection checkpoints itself well before SQLite's usual 1,000 pages, so
    the WAL file a session's answers extend stays short."""
    path = tmp_path / "setu.sqlite3"
    db = dbmod.open_database(path)
    for n in range(600):  # a few pages each: a row, and its index entries
        with db.write_direct() as connection:
            connection.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)", (f"k{n * 7919 % 600}", "x" * 900)
            )
    frames = (Path(f"{path}-wal").stat().st_size - 32) // (4096 + 24)
    assert frames >= dbmod.DIRECT_AUTOCHECKPOINT_PAGES
    assert frames < (dbmod.DIRECT_AUTOCHECKPOINT_PAGES + dbmod.AUTOCHECKPOINT_PAGES) // 2
    db.close()


def test_a_large_write_that_fails_keeps_nothing(tmp_path: Path) -> None:
    path = tmp_path / "setu.sqlite3"
    db = dbmod.open_database(path)
    with pytest.raises(RuntimeError), db.write_many() as session:
        session.execute(text("INSERT INTO settings (key, value) VALUES ('half', '1')"))
        raise RuntimeError("cancelled")
    with db.read() as connection:
        assert (
            connection.execute("SELECT count(*) FROM settings WHERE key = 'half'").fetchone()[0]
            == 0
        )
    db.close()
