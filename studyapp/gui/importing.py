"""File › Import: the student's own prompts from a CSV file or an Anki package, read
and written as one operation off the GUI thread, with a cancellable progress dialog.
Nothing is written unless the whole file is valid, and the database is backed up
first; a cancelled import rolls back. Every screen hears of the new prompts once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from studyapp.core.clock import utc_now
from studyapp.core.exchange.csv_import import (
    CsvRow,
    ImportCancelled,
    ImportReport,
    import_rows,
    read_csv,
)
from studyapp.core.storage.backup import make_backup
from studyapp.core.storage.db import Database
from studyapp.gui.background import BackgroundJob, Progress
from studyapp.gui.context import CONTENT, REVIEWS, AppContext

if TYPE_CHECKING:
    from studyapp.core.exchange.anki_import import AnkiImportReport

Parsed = TypeVar("Parsed")
Report = TypeVar("Report")


def import_csv_file(
    ctx: AppContext,
    parent: QWidget,
    path: Path,
    done: Callable[[ImportReport], None] | None = None,
    rows: list[CsvRow] | None = None,
) -> BackgroundJob:
    """Import a CSV file of front,back,tags rows in the background: `rows` when the
    file has been read and checked already (the preview the student confirmed),
    else the file as it is now."""

    def read(progress: Progress) -> list[CsvRow]:
        parsed = read_csv(path) if rows is None else rows
        if not progress(0, len(parsed)):
            raise ImportCancelled()
        return parsed

    return _import(ctx, parent, path, read, import_rows, done)


def import_anki_file(
    ctx: AppContext,
    parent: QWidget,
    path: Path,
    done: Callable[[AnkiImportReport], None] | None = None,
) -> BackgroundJob:
    """Import the notes of an Anki package in the background."""
    # Loaded when first used: the window shows sooner without them.
    from studyapp.core.exchange.anki_import import import_anki_notes, read_anki_package

    return _import(
        ctx, parent, path, lambda _progress: read_anki_package(path), import_anki_notes, done
    )


def _import(
    ctx: AppContext,
    parent: QWidget,
    path: Path,
    read: Callable[[Progress], Parsed],
    write: Callable[[Session, Parsed, Progress], Report],
    done: Callable[[Report], None] | None,
) -> BackgroundJob:
    """One import operation: the whole file read and checked, then a backup, then
    every prompt written in one unit of work (so a cancel or a failure keeps none)."""
    backups = ctx.data.backups

    def work(db: Database, progress: Progress) -> Report:
        parsed = read(progress)
        make_backup(db.path, backups, "before-import", utc_now())
        with db.write_many() as session:
            return write(session, parsed, progress)

    return ctx.run_op(
        parent,
        "Import",
        f"Importing {path.name}…",
        work,
        changes=(CONTENT, REVIEWS),
        failure=f"Nothing was imported from {path.name}",
        done=done,
    )
