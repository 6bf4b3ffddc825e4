"""Verified copies of the student's database, their rotation, and restoring one.

A backup is written with SQLite's online backup API (safe while Setu has the database
open) under a hidden temporary name, checked with `integrity_check`, flushed to disk
and only then renamed to `setu-<UTC time>-<reason>.sqlite3`: a kill at any moment
leaves either no backup or a good one, never a file that looks good and is not.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studyapp.core.errors import UserFacingError
from studyapp.core.storage.failures import storage_reason
from studyapp.core.storage.inspect import DatabaseRefused, connect_read_only, inspect_database

PREFIX = "setu-"
SUFFIX = ".sqlite3"
_STAMP = "%Y%m%d-%H%M%S-%f"
_STAMP_LEN = len("20260101-000000-000000")
PARTIAL = ".partial"
# What rotation keeps: the newest few whatever their age (today's imports and
# restores), and the newest backup of each of the last days, weeks and months that
# have one (Anki keeps the same kind of ladder).
KEEP_RECENT = 5
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 6
SIZE_BUDGET = 2 * 1024**3  # bytes; the oldest kept backups go first past it

# progress(remaining pages, total pages); used to show progress or (in tests) pause.
BackupProgress = Callable[[int, int], None]


class BackupError(UserFacingError):
    """A backup or restore could not be made; what was there is unchanged."""


class BackupCancelled(BackupError):
    """The student stopped a backup under way (raised from its progress callback);
    the partial copy is removed."""

    def __init__(self) -> None:
        super().__init__("The backup was cancelled; no copy was kept.")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int
    answers: int | None  # None when the copy cannot be read
    prompts: int | None


def backup_time(path: Path) -> datetime | None:
    """When a backup was taken, from its name (file times change when copied)."""
    name = path.name
    if not (name.startswith(PREFIX) and name.endswith(SUFFIX)):
        return None
    try:
        return datetime.strptime(name[len(PREFIX) :][:_STAMP_LEN], _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def list_backups(folder: Path) -> list[Path]:
    """Finished backups, newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if backup_time(p) is not None]
    return sorted(found, key=lambda p: (backup_time(p), p.name), reverse=True)


def latest_backup_time(folder: Path) -> datetime | None:
    backups = list_backups(folder)
    return backup_time(backups[0]) if backups else None


def backup_info(path: Path) -> BackupInfo:
    taken = backup_time(path) or datetime.fromtimestamp(path.stat().st_mtime, UTC)
    reason = path.name[len(PREFIX) + _STAMP_LEN + 1 : -len(SUFFIX)]
    answers = prompts = None
    try:
        # immutable: a finished backup never changes, so no locks and no -shm file.
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        with sqlite3.connect(uri, uri=True) as copy:
            answers = int(copy.execute("SELECT count(*) FROM review_log").fetchone()[0])
            prompts = int(
                copy.execute("SELECT count(*) FROM questions WHERE NOT retired").fetchone()[0]
            )
        copy.close()
    except sqlite3.Error:
        pass
    return BackupInfo(path, taken, reason, path.stat().st_size, answers, prompts)


def make_backup(
    database: Path,
    folder: Path,
    reason: str = "daily",
    now: datetime | None = None,
    *,
    rotate: bool = True,
    progress: BackupProgress | None = None,
) -> Path:
    """Copy `database` into `folder`, verified; raise `BackupError` with a sentence."""
    now = now or datetime.now(UTC)
    final = folder / f"{PREFIX}{now.astimezone(UTC).strftime(_STAMP)}-{reason}{SUFFIX}"
    partial = folder / f".{final.name}{PARTIAL}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_partials(folder, now)
        _copy_verified(database, partial, progress)
        partial.replace(final)
        _fsync_folder(folder)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    except (OSError, sqlite3.Error) as exc:
        _unlink_quietly(partial)
        raise BackupError(
            f"Setu could not make a backup in {folder}: {storage_reason(exc)}."
        ) from exc
    if rotate:
        rotate_backups(folder)
    return final


def _copy_verified(source: Path, target: Path, progress: BackupProgress | None) -> None:
    src = connect_read_only(source)
    try:
        dst = sqlite3.connect(target)
        try:
            if progress is None:
                src.backup(dst)
            else:
                src.backup(dst, pages=16, progress=lambda _s, rest, total: progress(rest, total))
            # A plain rollback-journal file: a copy must not need -wal/-shm beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
            result = [str(row[0]) for row in dst.execute("PRAGMA integrity_check")]
        finally:
            dst.close()
    finally:
        src.close()
    if result != ["ok"]:
        raise BackupError(
            f"The copy of {source} failed its integrity check, so no backup was kept; "
            f"the database may be damaged (use Check database)."
        )
    _fsync_file(target)


def backup_due(folder: Path, now: datetime) -> bool:
    """True on the first start of a (local) day with no backup yet."""
    latest = latest_backup_time(folder)
    return latest is None or latest.astimezone().date() < now.astimezone().date()


def daily_backup(database: Path, folder: Path, now: datetime) -> Path | None:
    if not database.exists() or not backup_due(folder, now):
        return None
    return make_backup(database, folder, "daily", now)


def rotate_backups(folder: Path, budget: int = SIZE_BUDGET) -> list[Path]:
    """Delete backups the ladder no longer needs; returns what was deleted."""
    backups = [
        (p, backup_time(p) or datetime.min.replace(tzinfo=UTC)) for p in list_backups(folder)
    ]
    keep = {p for p, _ in backups[:KEEP_RECENT]}
    ladders: list[tuple[Callable[[datetime], object], int]] = [
        (lambda t: t.date(), KEEP_DAILY),
        (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
        (lambda t: (t.year, t.month), KEEP_MONTHLY),
    ]
    for period, count in ladders:
        seen: list[object] = []
        for path, taken in backups:  # newest first: the first of each period is kept
            key = period(taken)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(path)
    kept = [p for p, _ in backups if p in keep]
    total = sum(p.stat().st_size for p in kept)
    for path in reversed(kept[1:]):  # never the newest
        if total <= budget:
            break
        total -= path.stat().st_size
        keep.discard(path)
    removed = [p for p, _ in backups if p not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def restore_backup(database: Path, folder: Path, backup: Path, now: datetime) -> Path | None:
    """Make `backup` the database again; returns the backup of what was replaced.

    The caller holds the data-folder lock and has closed its own connections. The
    current database is backed up first (or, when it is damaged or foreign, moved into
    `folder` as it is); it is replaced through SQLite's backup API, so its `-wal`
    file is honoured, or, when it cannot be opened, by renaming a checked copy in
    after removing any stale `-wal`/`-shm`, never by copying over a live WAL file.
    """
    _verify_backup(backup)
    try:
        current_ok = not inspect_database(database).is_new
    except DatabaseRefused:
        current_ok = False
    try:
        replaced: Path | None = None
        if current_ok:
            replaced = make_backup(database, folder, "before-restore", now, rotate=False)
            try:
                _copy_into_live(backup, database)
            except sqlite3.Error:
                _replace_by_rename(backup, database)
        else:
            if database.exists():
                replaced = _set_aside(database, folder, now)
            _replace_by_rename(backup, database)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(
            f"Setu could not restore {backup.name} into {database}: {storage_reason(exc)}."
        ) from exc
    rotate_backups(folder)
    return replaced


def _verify_backup(backup: Path) -> None:
    try:
        if inspect_database(backup, quick_check=False, for_writing=False).is_new:
            raise BackupError(f"{backup} is empty, not a Setu backup, so it was not restored.")
        check = connect_read_only(backup)
        try:
            result = [str(row[0]) for row in check.execute("PRAGMA integrity_check")]
        finally:
            check.close()
    except DatabaseRefused as exc:
        raise BackupError(f"{exc} It was not restored.") from exc
    except sqlite3.Error as exc:
        result = [str(exc)]
    if result != ["ok"]:
        raise BackupError(f"The backup {backup} is damaged, so it was not restored.")


def _copy_into_live(backup: Path, database: Path) -> None:
    src = connect_read_only(backup)
    try:
        dst = sqlite3.connect(database, isolation_level=None)
        try:
            dst.execute("PRAGMA busy_timeout=5000")
            dst.execute("PRAGMA synchronous=FULL")
            src.backup(dst)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
    finally:
        src.close()


def _replace_by_rename(backup: Path, database: Path) -> None:
    staged = database.with_name(database.name + ".restoring")
    staged.unlink(missing_ok=True)
    _copy_verified(backup, staged, None)
    # A -wal left beside the old file would be replayed into the new one: gone first.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    staged.replace(database)
    _fsync_folder(database.parent)


def copy_aside(database: Path, folder: Path, now: datetime) -> Path:
    """Copy a file that cannot be backed up properly (a damaged one), byte for byte
    with its -wal, into the backups folder before it is repaired."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"set-aside-{now.astimezone(UTC).strftime(_STAMP)}-{database.name}"
    for suffix in ("", "-wal"):
        side = Path(f"{database}{suffix}")
        if side.exists():
            shutil.copyfile(side, Path(f"{target}{suffix}"))
    return target


def newest_good_backup(folder: Path) -> Path | None:
    """The newest backup that passes its integrity check."""
    for path in list_backups(folder):
        try:
            _verify_backup(path)
        except BackupError:
            continue
        return path
    return None


def _set_aside(database: Path, folder: Path, now: datetime) -> Path:
    """Move a damaged or foreign database (and its -wal/-shm) into the backups folder."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.astimezone(UTC).strftime(_STAMP)
    target = folder / f"set-aside-{stamp}-{database.name}"
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(f"{database}{suffix}")
        if side.exists():
            side.replace(Path(f"{target}{suffix}"))
    database.replace(target)
    return target


def _remove_partials(folder: Path, now: datetime) -> None:
    """Unfinished copies of killed backups; an hour old, so never one being written."""
    cutoff = (now - timedelta(hours=1)).timestamp()
    for partial in folder.glob(f".{PREFIX}*{PARTIAL}*"):  # with its -journal
        if partial.stat().st_mtime < cutoff:
            _unlink_quietly(partial)


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    # So the rename itself survives a power cut; folders cannot be opened on Windows.
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
