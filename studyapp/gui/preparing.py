"""Opening the database before the window exists, without a blank wait.

The usual start opens the database in milliseconds. A first start creates it with the
study pack, an upgrade backs it up (verified) and migrates it, and new content is
synced into it: seconds on a large collection. That work runs on a worker thread;
once it has taken longer than a moment, a small dialog says what Setu is doing, and
this thread handles its events until the work is done. Whatever the work raises (a
refused database, a broken content file) is raised again here, for the caller to
offer what it offers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QProgressDialog

from studyapp.core.storage.bulk import collector_paused

T = TypeVar("T")

SHOWN_AFTER_S = 0.3  # quicker than this, and no dialog flashes by
POLL_MS = 20
LABEL = "Preparing your database and the study pack…"


def prepared(work: Callable[[], T], styled: Callable[[], object] | None = None) -> T:
    """`work()`'s result, computed on a worker thread; its exception, raised here.
    `styled` dresses the application before the dialog shows (the database being
    prepared cannot tell the student's theme yet)."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # handed to the caller's thread as it is
            failure.append(exc)

    worker = threading.Thread(target=run, name="prepare-database", daemon=True)
    # The cycle collector could otherwise run on the worker and free Qt objects there
    # while this thread works on its widgets (a crash).
    with collector_paused():
        worker.start()
        # Nothing is on screen yet, so waiting here a moment blocks nothing; the usual
        # start is over within it.
        worker.join(SHOWN_AFTER_S)
        if worker.is_alive():
            if styled is not None:
                styled()
            _wait_showing(worker)
        worker.join()
    if failure:
        raise failure[0]
    return outcome[0]


def _wait_showing(worker: threading.Thread) -> None:
    dialog = QProgressDialog(LABEL, "Cancel", 0, 0)
    dialog.setCancelButton(None)  # half an upgrade is no state to stop in
    dialog.setWindowTitle("Setu")
    dialog.setMinimumDuration(0)
    dialog.show()
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(POLL_MS)
    poll.timeout.connect(lambda: None if worker.is_alive() else loop.quit())
    poll.start()
    if worker.is_alive():
        loop.exec()
    poll.stop()
    dialog.close()
    dialog.deleteLater()
