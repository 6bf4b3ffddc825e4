"""File › Import: the student's own prompts from a CSV file or an Anki package, read
and written as one operation off the GUI thread, with a cancellable progress dialog.
Nothing is written unless the whole file is valid, and the database is backed up
first; a cancelled import rolls back. Every screen hears of the new prompts once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from studyapp.core.clock import utc_now
from studyapp.core.exchange.csv_import import ImportCancelled, ImportReport, import_rows, read_csv
from studyapp.core.storage.backup import make_backup
from studyapp.core.storage.db import Database
from studyapp.gui.background import BackgroundJob, Progress
from studyapp.gui.context import CONTENT, REVIEWS, AppContext

if TYPE_CHECKING:
    from studyapp.core.exchange.anki_import import AnkiImportReport


def import_csv_file(
    ctx: AppContext,
    parent: QWidget,
    path: Path,
    done: Callable[[ImportReport], None] | None = None,
) -> BackgroundJob:
    """Import a CSV file of front,back,tags rows in the background."""
    backups = ctx.data.backups

    def work(db: Database, progress: Progress) -> ImportReport:
        rows = read_csv(path)  # checked whole before anything is written
        if not progress(0, len(rows)):
            raise ImportCancelled()
        make_backup(db.path, backups, "before-import", utc_now())
        with db.write() as session:
            return import_rows(session, rows, progress)

    return ctx.run_op(
        parent,
        "Import",
        f"Importing {path.name}…",
        work,
        changes=(CONTENT, REVIEWS),
        failure=f"Nothing was imported from {path.name}",
        done=done,
    )


def import_anki_file(
    ctx: AppContext,
    parent: QWidget,
    path: Path,
    done: Callable[[AnkiImportReport], None] | None = None,
) -> BackgroundJob:
    """Import the notes of an Anki package in the background."""
    # Loaded when first used: the window shows sooner without them.
    from studyapp.core.exchange.anki_import import import_anki_notes, read_anki_package

    backups = ctx.data.backups

    def work(db: Database, progress: Progress) -> AnkiImportReport:
        notes = read_anki_package(path)  # checked whole before anything is written
        make_backup(db.path, backups, "before-import")
        with db.write() as session:
            return import_anki_notes(session, notes, progress)

    return ctx.run_op(
        parent,
        "Import",
        f"Importing {path.name}…",
        work,
        changes=(CONTENT, REVIEWS),
        failure=f"Nothing was imported from {path.name}",
        done=done,
    )
