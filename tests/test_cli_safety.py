"""`studyapp backup`, `backups`, `restore`, `check`, and commands that write refusing
while another Setu holds the data folder."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from studyapp.cli import main
from studyapp.core.srs import totals
from studyapp.core.storage.backup import list_backups
from studyapp.core.storage.lock import FolderLock


def answers_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM review_log").fetchone()[0])
    finally:
        conn.close()


def add_answers(path: Path, count: int, *, keep_in_wal: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    if keep_in_wal:
        conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute(
        "INSERT INTO review_log (question_id, reviewed_ms, rating, correct, duration_ms, mode) "
        f"SELECT id, 1700000000000, 3, 1, 5000, 'review' FROM questions LIMIT {count}"
    )
    return conn


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data folder with a database (the bundled content) and no backups yet."""
    root = tmp_path / "data"
    assert main(["--data-dir", str(root), "stats", "--json"]) == 0
    capsys.readouterr()
    return root


def test_backup_then_backups_lists_it_with_its_figures(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_answers(folder / "setu.sqlite3", 3).close()
    assert main(["--data-dir", str(folder), "backup"]) == 0
    (made,) = list_backups(folder / "backups")
    assert f"Backed up to {made}" in capsys.readouterr().out
    assert main(["--data-dir", str(folder), "backups"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:5] == ["taken", "kind", "size", "answers", "prompts"]
    assert "manual" in out[1] and made.name in out[1] and " 3 " in out[1]


def test_restore_latest_over_a_stale_wal(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = folder / "setu.sqlite3"
    add_answers(database, 2).close()
    assert main(["--data-dir", str(folder), "backup"]) == 0
    # A crash: answers committed to the -wal, the process gone, the -wal left behind.
    crashed = folder.parent / "crashed"
    shutil.copytree(folder, crashed)
    conn = add_answers(database, 5, keep_in_wal=True)
    shutil.copyfile(database, crashed / "setu.sqlite3")
    shutil.copyfile(f"{database}-wal", crashed / "setu.sqlite3-wal")
    conn.close()
    capsys.readouterr()

    assert main(["--data-dir", str(crashed), "restore", "latest"]) == 0
    out = capsys.readouterr().out
    assert "Restored setu-" in out and "What it replaced is kept as" in out
    assert answers_in(crashed / "setu.sqlite3") == 2
    conn = sqlite3.connect(crashed / "setu.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    replaced = [p for p in list_backups(crashed / "backups") if "before-restore" in p.name]
    assert len(replaced) == 1 and answers_in(replaced[0]) == 7  # the -wal's answers too
    # And the restored database opens and works.
    assert main(["--data-dir", str(crashed), "stats", "--json"]) == 0


def test_restore_of_a_named_file(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(folder), "backup"]) == 0
    (made,) = list_backups(folder / "backups")
    add_answers(folder / "setu.sqlite3", 4).close()
    assert main(["--data-dir", str(folder), "restore", str(made)]) == 0
    assert answers_in(folder / "setu.sqlite3") == 0
    assert main(["--data-dir", str(folder), "restore", str(folder / "nope.sqlite3")]) == 2
    assert "There is no backup file" in capsys.readouterr().err


def test_commands_that_write_refuse_while_the_folder_is_held(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "mine.csv"
    csv.write_text("front,back\nQ,A\n", encoding="utf-8")
    database = folder / "setu.sqlite3"
    assert main(["--data-dir", str(folder), "backup"]) == 0
    before = database.read_bytes()
    with FolderLock(folder) as lock:
        assert lock.acquire()
        for command in (["import", str(csv)], ["restore", "latest"], ["check"]):
            assert main(["--data-dir", str(folder), *command]) == 2
            err = capsys.readouterr().err
            assert f"The data folder {folder} is in use" in err
            assert "Traceback" not in err
    assert database.read_bytes() == before
    assert main(["--data-dir", str(folder), "import", str(csv)]) == 0
    assert any("before-import" in p.name for p in list_backups(folder / "backups"))


def test_check_reports_what_it_repaired(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = folder / "setu.sqlite3"
    add_answers(database, 3).close()
    conn = sqlite3.connect(database)
    totals.fold(conn)  # the answers join the totals, which are then damaged
    conn.execute("UPDATE review_slots SET reviews = 99")
    conn.commit()
    conn.close()
    assert main(["--data-dir", str(folder), "check"]) == 0
    out = capsys.readouterr().out
    assert "Integrity check: no problems." in out
    assert "Review totals: 1 row corrected from the review log." in out
    assert any("before-check" in p.name for p in list_backups(folder / "backups"))


def test_a_damaged_database_names_the_restore_command(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = folder / "setu.sqlite3"
    database.write_bytes(database.read_bytes()[: 4096 * 4])
    before = database.read_bytes()
    assert main(["--data-dir", str(folder), "stats", "--json"]) == 2
    err = capsys.readouterr().err
    assert f"The database {database} is damaged" in err
    assert f"studyapp --data-dir {folder} restore latest" in err
    assert "Traceback" not in err
    assert database.read_bytes() == before


def test_unwritable_logs_and_backups_folders_get_a_sentence(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging

    root = logging.getLogger()  # earlier commands in this process log elsewhere
    for handler in [h for h in root.handlers if getattr(h, "_setu", False)]:
        root.removeHandler(handler)
        handler.close()
    shutil.rmtree(folder / "logs")
    (folder / "logs").write_text("a file where the folder should be")
    shutil.rmtree(folder / "backups")
    (folder / "backups").write_text("a file where the folder should be")
    assert main(["--data-dir", str(folder), "backup"]) == 2
    err = capsys.readouterr().err
    assert f"Setu cannot write its log in {folder / 'logs'}" in err
    assert f"Setu could not make a backup in {folder / 'backups'}:" in err
    assert "Traceback" not in err
