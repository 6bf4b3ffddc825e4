"""Every error reaches the student once, in words, and the log with its traceback.

`ErrorReporter` replaces `sys.excepthook` and `threading.excepthook`: an exception
that escapes a slot, a timer or a thread is logged with its traceback and shown in
one dialog that says what happened and where the log is. The same error again (same
type, message and place) is logged but not shown again.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from studyapp import APP_NAME
from studyapp.core.errors import UserFacingError
from studyapp.core.logs import log_file

log = logging.getLogger(__name__)


def describe_error(exc: BaseException) -> str:
    """What the student reads about an error that escaped."""
    if isinstance(exc, UserFacingError):
        return str(exc)
    where = log_file()
    logged = f"the details are in {where}" if where else "the details could not be logged"
    return (
        f"Something went wrong in {APP_NAME} ({type(exc).__name__}: {exc}); "
        f"what you had already answered is saved, and {logged}."
    )


class ErrorReporter(QObject):
    shown = Signal(str)  # the text of a dialog just shown
    _caught = Signal(object)  # an exception, delivered to the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._seen: set[tuple[str, str, str]] = set()
        self.dialogs: list[QMessageBox] = []
        self._previous: tuple[Any, Any] | None = None
        # Queued: a worker thread's exception is shown by the GUI thread.
        self._caught.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(exc, UserFacingError):
            log.warning("%s", exc, exc_info=(exc_type, exc, tb))
        else:
            log.error("Unexpected error", exc_info=(exc_type, exc, tb))
        if isinstance(exc, KeyboardInterrupt):
            QApplication.quit()
            return
        key = (exc_type.__name__, str(exc), _place(tb))
        if key in self._seen:
            return
        self._seen.add(key)
        self._caught.emit(exc)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(object)
    def _show(self, exc: BaseException) -> None:
        text = describe_error(exc)
        parent: QWidget | None = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, text, parent=parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _=0, b=box: self._forget(b))
        self.dialogs.append(box)
        box.open()  # not modal to the whole app: the student can carry on
        self.shown.emit(text)

    def _forget(self, box: QMessageBox) -> None:
        if box in self.dialogs:
            self.dialogs.remove(box)


def _place(tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb)
    if not frames:
        return ""
    last = frames[-1]
    return f"{last.filename}:{last.lineno}"
