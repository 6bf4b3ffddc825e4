"""Backups, rotation, restore, the database check, the folder lock, and files Setu must
not write to — all on real SQLite files."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.core.content.search import search
from studyapp.core.srs import totals
from studyapp.core.srs.scheduler import Rating, answer, next_due_question
from studyapp.core.startup import open_study_database
from studyapp.core.storage.backup import (
    BackupError,
    backup_info,
    backup_time,
    daily_backup,
    list_backups,
    make_backup,
    restore_backup,
    rotate_backups,
)
from studyapp.core.storage.check import check_database, check_file
from studyapp.core.storage.db import Database, driver, open_database
from studyapp.core.storage.failures import SaveFailed
from studyapp.core.storage.inspect import DatabaseRefused
from studyapp.core.storage.lock import FolderLock
from studyapp.core.storage.paths import ContentDirs, DataDir, resolve_data_dir
from studyapp.core.study.store import DatabaseStore
from tests.core.review_totals import slot_totals

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def answer_some(db: Database, count: int, start: datetime = NOW) -> None:
    for i in range(count):
        when = start + timedelta(minutes=i)
        with db.write() as session:
            qid = next_due_question(session, when)
            assert qid is not None
            answer(session, qid, Rating.GOOD, when, correct=True, fuzz=False)


def answers_in(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count = int(conn.execute("SELECT count(*) FROM review_log").fetchone()[0])
    conn.close()
    return count


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


# --- backups ------------------------------------------------------------------------


def test_a_backup_is_a_verified_standalone_copy_with_its_figures(db: Database) -> None:
    answer_some(db, 3)
    folder = db.path.parent / "backups"
    path = make_backup(db.path, folder, "manual", NOW)
    assert path.name.startswith("setu-20261120-093000-") and path.name.endswith("-manual.sqlite3")
    assert backup_time(path) == NOW
    # Taken while the database is open: no -wal beside the copy, and it is sound.
    assert not Path(f"{path}-wal").exists()
    assert integrity(path) == "ok"
    info = backup_info(path)
    assert (info.answers, info.prompts, info.reason) == (3, 4, "manual")
    assert list_backups(folder) == [path]


def test_a_folder_name_with_a_hash_still_gets_a_full_backup(
    tmp_path: Path, content: ContentDirs
) -> None:
    data = resolve_data_dir(tmp_path / "notes #1 ?x")
    db, _ = open_study_database(data, content)
    answer_some(db, 2)
    path = make_backup(db.path, data.backups, "manual", NOW)
    db.close()
    assert backup_info(path).answers == 2


def test_the_first_start_of_a_day_makes_one_daily_backup(db: Database) -> None:
    folder = db.path.parent / "backups"
    first = daily_backup(db.path, folder, NOW)
    assert first is not None and first.name.endswith("-daily.sqlite3")
    assert daily_backup(db.path, folder, NOW + timedelta(hours=1)) is None
    assert daily_backup(db.path, folder, NOW + timedelta(days=1)) is not None


def test_an_unwritable_backups_folder_is_one_sentence(db: Database) -> None:
    folder = db.path.parent / "backups"
    shutil.rmtree(folder)
    folder.write_text("a file where the folder should be")
    with pytest.raises(BackupError, match=r"^Setu could not make a backup in .*backups: "):
        make_backup(db.path, folder, "manual", NOW)


def test_rotation_keeps_a_ladder_of_days_weeks_and_months(tmp_path: Path, db: Database) -> None:
    folder = tmp_path / "rotation"
    folder.mkdir()
    one = make_backup(db.path, tmp_path / "one", "daily", NOW, rotate=False)
    for day in range(400):  # a backup every day for 400 days, at 06:00 UTC
        taken = NOW - timedelta(days=day, hours=3, minutes=30)
        shutil.copyfile(one, folder / f"setu-{taken:%Y%m%d-%H%M%S}-000000-daily.sqlite3")
    rotate_backups(folder)
    kept = [backup_time(p) for p in list_backups(folder)]
    newest = NOW.replace(hour=6, minute=0)
    # The last 7 days, then one per week for 4 weeks, one per month for 6 months.
    assert kept[:7] == [newest - timedelta(days=d) for d in range(7)]
    assert all(t is not None and t >= newest - timedelta(days=190) for t in kept)
    months = {(t.year, t.month) for t in kept if t is not None}
    assert len(months) == 6
    assert len(kept) <= 5 + 7 + 4 + 6
    # Within a size budget of three copies only the three newest remain.
    rotate_backups(folder, budget=3 * one.stat().st_size)
    assert [backup_time(p) for p in list_backups(folder)] == kept[:3]


_KILLED_BACKUP = """
import sys
from pathlib import Path
from studyapp.core.storage.backup import make_backup

def pause(remaining, total):
    print("copying", remaining, total, flush=True)
    sys.stdin.readline()  # wait here until killed

make_backup(Path(sys.argv[1]), Path(sys.argv[2]), "daily", progress=pause)
"""


def test_a_backup_killed_mid_copy_leaves_nothing_that_passes_for_a_backup(db: Database) -> None:
    answer_some(db, 2)
    folder = db.path.parent / "backups"
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_BACKUP, str(db.path), str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    remaining, total = map(int, line.split()[1:])
    assert 0 < remaining < total  # really half-way through the copy
    child.kill()
    child.wait()
    child.stdin.close()  # type: ignore[union-attr]
    child.stdout.close()
    assert list_backups(folder) == []
    leftovers = list(folder.iterdir())
    assert leftovers and all(p.name.startswith(".") and ".partial" in p.name for p in leftovers)
    # The next backup an hour later clears the leftover and is sound.
    for p in leftovers:
        os.utime(p, (0, 0))
    path = make_backup(db.path, folder, "daily", datetime.now(UTC))
    assert list(folder.iterdir()) == [path]
    assert backup_info(path).answers == 2


# --- restore ------------------------------------------------------------------------


def test_restore_replaces_the_database_and_keeps_what_it_replaced(
    data_dir: DataDir, content: ContentDirs
) -> None:
    db, _ = open_study_database(data_dir, content)
    answer_some(db, 1)
    old = make_backup(db.path, data_dir.backups, "manual", NOW)
    answer_some(db, 4, NOW + timedelta(hours=1))
    db.close()
    replaced = restore_backup(data_dir.database, data_dir.backups, old, NOW + timedelta(hours=2))
    assert answers_in(data_dir.database) == 1
    assert replaced is not None and backup_info(replaced).answers == 5
    assert integrity(data_dir.database) == "ok"
    reopened, _ = open_study_database(data_dir, content)
    answer_some(reopened, 1, NOW + timedelta(hours=3))
    reopened.close()
    assert answers_in(data_dir.database) == 2


def _crash_copy(db: Database, target: DataDir) -> None:
    """The data folder as a crash leaves it: committed answers still in the -wal."""
    conn = sqlite3.connect(db.path, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(
        "INSERT INTO review_log (question_id, reviewed_ms, rating, correct, duration_ms, mode) "
        "SELECT id, 1700000000000, 3, 1, 5000, 'review' FROM questions"
    )
    shutil.copyfile(db.path, target.database)
    shutil.copyfile(f"{db.path}-wal", f"{target.database}-wal")
    conn.close()


def test_restore_over_a_stale_wal_gives_the_backup_and_backs_up_the_wal_too(
    db: Database, tmp_path: Path
) -> None:
    answer_some(db, 2)
    good = make_backup(db.path, tmp_path / "kept", "manual", NOW)
    crashed = resolve_data_dir(tmp_path / "crashed")
    _crash_copy(db, crashed)
    assert Path(f"{crashed.database}-wal").stat().st_size > 0
    replaced = restore_backup(crashed.database, crashed.backups, good, NOW)
    assert integrity(crashed.database) == "ok"
    assert answers_in(crashed.database) == 2
    assert replaced is not None and backup_info(replaced).answers == 2 + 4


def test_restoring_over_a_damaged_file_sets_it_aside(db: Database, tmp_path: Path) -> None:
    answer_some(db, 1)
    good = make_backup(db.path, tmp_path / "kept", "manual", NOW)
    broken = resolve_data_dir(tmp_path / "broken")
    broken.database.write_bytes(b"not a database at all" * 100)
    replaced = restore_backup(broken.database, broken.backups, good, NOW)
    assert replaced is not None and replaced.read_bytes() == b"not a database at all" * 100
    assert answers_in(broken.database) == 1


def test_a_damaged_backup_is_not_restored(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "setu-20261101-000000-000000-daily.sqlite3"
    good = make_backup(db.path, tmp_path / "kept", "manual", NOW)
    bad.write_bytes(good.read_bytes()[: 4096 * 3])
    before = db.path.read_bytes()
    with pytest.raises(BackupError, match="was not restored"):
        restore_backup(db.path, tmp_path / "backups", bad, NOW)
    assert db.path.read_bytes() == before


def test_an_answer_into_a_damaged_part_of_the_file_says_what_repairs_it(db: Database) -> None:
    """A page of the review log damaged after Setu opened the file (SQLite's check at
    start-up could not see it): the answer is refused in one sentence that names the
    file and how to repair it, and nothing of it is kept."""
    with db.read() as connection:
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'review_log'"
        ).fetchone()
        (page_size,) = connection.execute("PRAGMA page_size").fetchone()
        (question,) = connection.execute("SELECT min(question_id) FROM cards").fetchone()
    db.close()  # every page in the file itself
    with db.path.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xff" * page_size)
    before = sqlite3.connect(db.path).execute("SELECT * FROM cards").fetchall()
    damaged = DatabaseStore(Database(db.path))
    with pytest.raises(SaveFailed) as refused, damaged.write_direct() as connection:
        answer(connection, question, Rating.GOOD, NOW, correct=True)
    message = str(refused.value)
    assert message.startswith(f"Setu could not write to {db.path} because part of it is damaged")
    assert "Check database" in message and "\n" not in message
    assert sqlite3.connect(db.path).execute("SELECT * FROM cards").fetchall() == before
    damaged.db.close()


# --- check database ------------------------------------------------------------------


def test_check_mends_review_totals_whose_mark_was_left_behind(db: Database) -> None:
    """If the mark says fewer answers are folded than are, those would count twice
    (once in the totals, once in the tail); the check folds, compares and rebuilds."""
    answer_some(db, 3)
    with db.write() as s:
        totals.fold(driver(s))
        s.execute(text("UPDATE review_totals_mark SET through_id = 0"))
        assert sum(v[0] for v in slot_totals(s).values()) == 6
    with db.write() as s:
        assert check_database(s).review_totals_fixed > 0
    with db.begin() as s:
        assert sum(v[0] for v in slot_totals(s).values()) == 3


def test_check_rebuilds_damaged_review_totals_and_search_index(db: Database) -> None:
    answer_some(db, 3)
    with db.write() as s:
        totals.fold(driver(s))  # the damage then hits rows the totals hold
        s.execute(text("UPDATE review_slots SET reviews = reviews + 40"))
        s.execute(text("DELETE FROM review_buckets"))
        # Every prompt's entry and every section's gone from the index (their texts
        # stay): FTS5 refuses to take out an entry it does not hold, so the check must
        # not try to.
        s.execute(text("DELETE FROM search_index WHERE kind IN ('question', 'section')"))
        assert search(s, "export figure") == [] and search(s, "rail") == []
    with db.write() as s:
        report = check_database(s)
    assert report.sound and not report.integrity and not report.foreign_keys
    assert report.review_totals_fixed > 0 and report.search_fixed == 4 + 3
    assert "Review totals:" in "\n".join(report.lines())
    with db.begin() as s:
        assert s.execute(text("SELECT sum(reviews) FROM review_slots")).scalar() == 3
        assert s.execute(text("SELECT sum(reviews) FROM review_buckets")).scalar() == 3
        assert any(h.kind == "question" for h in search(s, "export figure"))
        assert any(h.kind == "section" for h in search(s, "rail"))
    with db.write() as s:  # a second check finds nothing left to fix
        again = check_database(s)
    assert (again.review_totals_fixed, again.search_fixed) == (0, 0)


def test_check_of_a_file_backs_it_up_first(db: Database) -> None:
    answer_some(db, 1)
    path, folder = db.path, db.path.parent / "backups"
    db.close()
    report = check_file(path, folder, NOW)
    assert report.sound
    (backup,) = list_backups(folder)
    assert backup.name.endswith("-before-check.sqlite3")


# --- files Setu must not write to ------------------------------------------------------


def _setu_file(data: DataDir, content: ContentDirs) -> Path:
    db, _ = open_study_database(data, content)
    answer_some(db, 1)
    db.close()
    return data.database


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: 4096 * 3])


def _random_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    noise = bytes((i * 131 + 7) % 256 for i in range(4096))
    for page in (2, 5, 9):
        data[4096 * page : 4096 * (page + 1)] = noise
    path.write_bytes(bytes(data))


def _foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.close()


def _foreign_alembic(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.execute("INSERT INTO alembic_version VALUES ('a1b2c3d4')")
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.close()


def _newer(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    conn.close()


def _not_sqlite(path: Path) -> None:
    path.write_text("my lecture notes, not a database\n" * 50)


@pytest.mark.parametrize(
    ("damage", "kind", "words"),
    [
        (_truncated, "damaged", "is damaged"),
        (_random_pages, "damaged", "is damaged"),
        (_foreign, "foreign", "another program's SQLite database"),
        (_foreign_alembic, "foreign", "another program's SQLite database"),
        (_newer, "newer", "newer version of Setu"),
        (_not_sqlite, "not-sqlite", "is not a Setu database"),
    ],
)
def test_damaged_foreign_and_newer_files_are_refused_untouched(
    data_dir: DataDir, content: ContentDirs, damage: object, kind: str, words: str
) -> None:
    path = _setu_file(data_dir, content)
    assert callable(damage)
    damage(path)
    before = path.read_bytes()
    with pytest.raises(DatabaseRefused) as refused:
        open_study_database(data_dir, content)
    assert refused.value.kind == kind
    assert str(path) in str(refused.value) and words in str(refused.value)
    assert str(refused.value).count(". ") == 0  # one sentence
    assert path.read_bytes() == before
    assert list_backups(data_dir.backups) == []


def test_a_read_only_database_is_refused_untouched(data_dir: DataDir, content: ContentDirs) -> None:
    path = _setu_file(data_dir, content)
    path.chmod(0o444)
    before = path.read_bytes()
    try:
        with pytest.raises(DatabaseRefused, match="is read-only") as refused:
            open_study_database(data_dir, content)
        assert refused.value.kind == "read-only"
        assert path.read_bytes() == before
    finally:
        path.chmod(0o644)


def test_a_folder_in_place_of_the_database_is_refused(data_dir: DataDir) -> None:
    data_dir.database.mkdir()
    (data_dir.database / "keep.txt").write_text("mine")
    with pytest.raises(DatabaseRefused, match="is a folder") as refused:
        open_database(data_dir.database)
    assert refused.value.kind == "folder"
    assert [p.name for p in data_dir.database.iterdir()] == ["keep.txt"]


def test_an_empty_file_is_a_new_database(data_dir: DataDir, content: ContentDirs) -> None:
    data_dir.database.write_bytes(b"")
    db, _ = open_study_database(data_dir, content)
    answer_some(db, 1)
    db.close()
    assert answers_in(data_dir.database) == 1


# --- one Setu per data folder ----------------------------------------------------------


def test_the_folder_lock_is_held_once_and_released(tmp_path: Path) -> None:
    first, second = FolderLock(tmp_path), FolderLock(tmp_path)
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


_HOLD_LOCK = """
import sys
from pathlib import Path
from studyapp.core.storage.lock import FolderLock
lock = FolderLock(Path(sys.argv[1]))
print("held" if lock.acquire() else "refused", flush=True)
sys.stdin.readline()
"""


def test_a_lock_left_by_a_killed_setu_does_not_block_the_next(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    lock = FolderLock(tmp_path)
    assert not lock.acquire()
    child.kill()
    child.wait()
    child.stdin.close()  # type: ignore[union-attr]
    child.stdout.close()
    assert (tmp_path / "setu.lock").exists()  # the file stays; the lock went with the process
    assert lock.acquire()
    lock.release()
