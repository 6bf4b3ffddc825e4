"""File › Import: the student's own prompts from a CSV file, read and written on a
worker thread with a cancellable progress dialog. The worker opens its own session;
nothing is written unless the whole file is valid."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from studyapp.core.csv_import import ImportReport, import_rows, read_csv
from studyapp.core.db import Database
from studyapp.core.errors import UserFacingError


class ImportWorker(QObject):
    progress = Signal(int, int)
    succeeded = Signal(object)  # ImportReport
    failed = Signal(str)

    def __init__(self, db: Database, path: Path) -> None:
        super().__init__()
        self.db = db
        self.path = path
        self.cancelled = False

    def _progress(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self.cancelled

    @Slot()
    def run(self) -> None:
        try:
            rows = read_csv(self.path)
            with self.db.begin() as session:
                report = import_rows(session, rows, self._progress)
        except UserFacingError as exc:
            self.failed.emit(str(exc))
        else:
            self.succeeded.emit(report)


class CsvImport(QObject):
    """One import in progress: owns its thread, worker and progress dialog."""

    done = Signal(object)  # ImportReport, or None when refused or cancelled

    def __init__(self, parent: QWidget, db: Database, path: Path) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.path = path
        self.thread = QThread(self)
        self.worker = ImportWorker(db, path)
        self.worker.moveToThread(self.thread)
        self.dialog = QProgressDialog(f"Importing {path.name}…", "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle("Import")
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self._cancel)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._on_progress)
        self.worker.succeeded.connect(self._on_success)
        self.worker.failed.connect(self._on_failure)
        self.error = ""

    def start(self) -> None:
        self.thread.start()

    def _cancel(self) -> None:
        self.worker.cancelled = True

    def _on_progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _finish(self) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.reset()

    def _on_success(self, report: ImportReport) -> None:
        self._finish()
        self.done.emit(report)

    def _on_failure(self, message: str) -> None:
        self._finish()
        self.error = message
        if not self.worker.cancelled:
            QMessageBox.warning(self.parent_widget, "Import refused", message)
        self.done.emit(None)
