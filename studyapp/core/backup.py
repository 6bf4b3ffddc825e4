"""Copies of the student's database, taken with SQLite's online backup API (safe
while Setu has the database open)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

KEEP_AUTOMATIC = 10


def make_backup(database: Path, folder: Path, reason: str = "daily") -> Path:
    """Copy `database` into `folder` and prune old automatic copies of the same reason."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"setu-{stamp}-{reason}.sqlite3"
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    _prune(folder, reason)
    return target


def list_backups(folder: Path) -> list[Path]:
    """Backups, newest first."""
    return sorted(folder.glob("setu-*.sqlite3"), reverse=True)


def latest_backup_time(folder: Path) -> datetime | None:
    backups = list_backups(folder)
    if not backups:
        return None
    return datetime.fromtimestamp(backups[0].stat().st_mtime, UTC)


def _prune(folder: Path, reason: str) -> None:
    same = sorted(folder.glob(f"setu-*-{reason}.sqlite3"), reverse=True)
    for old in same[KEEP_AUTOMATIC:]:
        old.unlink(missing_ok=True)
