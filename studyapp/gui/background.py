"""Running one slow call (a backup) on a worker thread: its result or its error comes
back as a signal, and `wait()` lets the window close only after it has finished."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from studyapp.core.errors import UserFacingError

log = logging.getLogger(__name__)


class _Runner(QObject):
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, call: Callable[[], object]) -> None:
        super().__init__()
        self.call = call

    @Slot()
    def run(self) -> None:
        try:
            result = self.call()
        except UserFacingError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:
            log.exception("background work failed")
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.succeeded.emit(result)


class BackgroundCall(QObject):
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, call: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker_thread = QThread(self)
        self.runner = _Runner(call)
        self.runner.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.runner.run)
        self.runner.succeeded.connect(self._on_success)
        self.runner.failed.connect(self._on_failure)

    def start(self) -> None:
        self.worker_thread.start()

    def wait(self) -> None:
        self.worker_thread.quit()
        self.worker_thread.wait()

    def _on_success(self, result: object) -> None:
        self.wait()
        self.succeeded.emit(result)

    def _on_failure(self, message: str) -> None:
        self.wait()
        self.failed.emit(message)
