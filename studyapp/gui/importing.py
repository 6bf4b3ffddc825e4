"""File › Import: the student's own prompts from a CSV file, read and written on a
worker thread with a cancellable progress dialog. The worker opens its own session;
nothing is written unless the whole file is valid, and the database is backed up
first. Whatever goes wrong in the worker is reported (never left to end the thread),
and closing the window cancels the import and waits for the thread."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from sqlalchemy import exc as sa_exc

from studyapp.core.clock import utc_now
from studyapp.core.errors import UserFacingError
from studyapp.core.exchange.csv_import import ImportReport, import_rows, read_csv
from studyapp.core.logs import log_file
from studyapp.core.storage.backup import make_backup
from studyapp.core.storage.db import Database
from studyapp.core.storage.failures import describe_storage_error

log = logging.getLogger(__name__)


class ImportWorker(QObject):
    progress = Signal(int, int)
    succeeded = Signal(object)  # ImportReport
    failed = Signal(str)

    def __init__(self, db: Database, path: Path, backups: Path | None = None) -> None:
        super().__init__()
        self.db = db
        self.path = path
        self.backups = backups
        self.cancelled = False

    def _progress(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self.cancelled

    @Slot()
    def run(self) -> None:
        try:
            rows = read_csv(self.path)
            if self.backups is not None and not self.cancelled:
                make_backup(self.db.path, self.backups, "before-import", utc_now())
            with self.db.write() as session:
                report = import_rows(session, rows, self._progress)
        except UserFacingError as exc:
            self.failed.emit(str(exc))
        except sa_exc.DBAPIError as exc:
            log.warning("import of %s failed", self.path, exc_info=True)
            self.failed.emit(f"Nothing was imported: {describe_storage_error(exc, self.db.path)}")
        except Exception as exc:
            # A bug: logged with its traceback, reported, and the thread ends normally.
            log.exception("import of %s failed", self.path)
            self.failed.emit(
                f"Nothing was imported from {self.path.name}: an unexpected error "
                f"({type(exc).__name__}: {exc}); the details are in {log_file() or 'the log'}."
            )
        else:
            self.succeeded.emit(report)


class CsvImport(QObject):
    """One import in progress: owns its thread, worker and progress dialog."""

    done = Signal(object)  # ImportReport, or None when refused or cancelled

    def __init__(
        self, parent: QWidget, db: Database, path: Path, backups: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.path = path
        self.closing = False
        self.worker_thread = QThread(self)
        self.worker = ImportWorker(db, path, backups)
        self.worker.moveToThread(self.worker_thread)
        self.dialog = QProgressDialog(f"Importing {path.name}…", "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle("Import")
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self._cancel)
        self.worker_thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._on_progress)
        self.worker.succeeded.connect(self._on_success)
        self.worker.failed.connect(self._on_failure)
        self.error = ""

    def start(self) -> None:
        self.worker_thread.start()

    def _cancel(self) -> None:
        self.worker.cancelled = True

    def cancel_and_wait(self) -> None:
        """The window is closing: stop the import (it rolls back) and wait for it."""
        self.closing = True
        self.worker.cancelled = True
        self.worker_thread.quit()
        self.worker_thread.wait()
        self.dialog.reset()

    def _on_progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _finish(self) -> None:
        self.worker_thread.quit()
        self.worker_thread.wait()
        self.dialog.reset()

    def _on_success(self, report: ImportReport) -> None:
        self._finish()
        self.done.emit(report)

    def _on_failure(self, message: str) -> None:
        self._finish()
        self.error = message
        if not self.worker.cancelled and not self.closing:
            QMessageBox.warning(self.parent_widget, "Import refused", message)
        self.done.emit(None)
