"""Long work off the GUI thread: a job runs a function on its own thread with a
cancellable progress dialog, reports the result or one sentence of error, and is waited
for when the window closes. Every exception is caught: one the student can act on is
shown as it is; anything else is logged with its traceback and shown as a sentence."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from studyapp.core.errors import UserFacingError
from studyapp.core.logs import log_file
from studyapp.core.storage.bulk import collector_paused

log = logging.getLogger(__name__)

# progress(done, total) returns False once cancelled; work(progress) -> result.
Progress = Callable[[int, int], bool]
Work = Callable[[Progress], Any]


class _Worker(QObject):
    # Only plain values cross threads: the result stays on the worker and is read once
    # the GUI thread hears `succeeded`, so no Python object is wrapped for a queued
    # signal (a pattern PySide has crashed on).
    progress = Signal(int, int)
    succeeded = Signal()
    failed = Signal(str)

    def __init__(self, work: Work, what: str, failure: str) -> None:
        super().__init__()
        self.work = work
        self.what = what
        self.failure = failure
        self.cancelled = False
        self.result: Any = None

    def _progress(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self.cancelled

    @Slot()
    def run(self) -> None:
        try:
            # The cycle collector, run on this thread, could free Qt objects here while
            # the GUI thread works on its widgets (a crash): it waits for the work.
            with collector_paused():
                result = self.work(self._progress)
        except UserFacingError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:
            # A bug: logged with its traceback, reported, and the thread ends normally.
            log.exception("%s failed", self.what)
            self.failed.emit(
                f"{self.failure}: an unexpected error ({type(exc).__name__}: {exc}); "
                f"the details are in {log_file() or 'the log'}."
            )
        else:
            self.result = result
            self.succeeded.emit()


class BackgroundJob(QObject):
    """One piece of long work in progress: owns its thread, worker and progress dialog
    (none when `label` is None: a screen's figures read in the background say so
    themselves). Started through `AppContext.run_op`, which also broadcasts what it
    changed, or `AppContext.read_later`."""

    done = Signal(object)  # the work's result, or None when refused, failed or cancelled
    progressed = Signal(int, int)  # done, total: as the work reports them

    def __init__(
        self,
        parent: QWidget,
        what: str,
        label: str | None,
        work: Work,
        failure: str = "",
        *,
        show_failure: bool = True,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.show_failure = show_failure  # False: the caller shows `error` in place
        self.what = what
        self.error = ""
        self.succeeded = False
        self._thread = QThread(self)
        self._worker = _Worker(work, what, failure or f"{what} did not finish")
        self._worker.moveToThread(self._thread)
        self.dialog: QProgressDialog | None = None
        if label is not None:
            self.dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
            self.dialog.setWindowTitle(what)
            self.dialog.setMinimumDuration(300)
            self.dialog.canceled.connect(self.cancel)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.succeeded.connect(self._on_success)
        self._worker.failed.connect(self._on_failure)

    def start(self) -> None:
        self._thread.start()

    @property
    def worker_thread(self) -> QThread:
        return self._thread

    @property
    def cancelled(self) -> bool:
        return self._worker.cancelled

    def cancel(self) -> None:
        self._worker.cancelled = True

    def wait(self) -> None:
        """Cancel and wait for the thread (when the window closes mid-job)."""
        self.cancel()
        self._finish()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)
        self.progressed.emit(done, total)

    def _finish(self) -> None:
        self._thread.quit()
        self._thread.wait()
        if self.dialog is not None:
            self.dialog.reset()

    @Slot()
    def _on_success(self) -> None:
        self._finish()
        self.succeeded = True
        self.done.emit(self._worker.result)

    @Slot(str)
    def _on_failure(self, message: str) -> None:
        self._finish()
        self.error = message
        if self.show_failure and not self._worker.cancelled:
            QMessageBox.warning(self.parent_widget, self.what, message)
        self.done.emit(None)
