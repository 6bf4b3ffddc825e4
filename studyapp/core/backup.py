"""Backups of the student's database (kept here for existing imports; the code lives
in `studyapp.core.storage.backup`)."""

from studyapp.core.storage.backup import (
    BackupError,
    BackupInfo,
    backup_info,
    daily_backup,
    latest_backup_time,
    list_backups,
    make_backup,
    restore_backup,
    rotate_backups,
)

__all__ = [
    "BackupError",
    "BackupInfo",
    "backup_info",
    "daily_backup",
    "latest_backup_time",
    "list_backups",
    "make_backup",
    "restore_backup",
    "rotate_backups",
]
