"""The libraries the screens behind Home need, loaded on a worker thread.

Importing SQLAlchemy with its ORM and pydantic takes most of a second on a slow
machine; on the GUI thread that would freeze the window just after it appears. A
worker thread loads them instead while the student reads Home: the GUI thread keeps
handling input, taking the interpreter back at least every few milliseconds.

Only third-party packages are loaded here, and the ORM's models, which import
nothing of Setu's but the clock (loaded before the window shows): so this thread
never waits for a module the GUI thread is importing, and two threads can never wait
for each other. Code that builds a screen calls `wait()` first, so the GUI thread
does not import these while this thread is.
"""

from __future__ import annotations

import contextlib
import importlib
import threading

from studyapp.core.storage.bulk import collector_paused

MODULES = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "studyapp.core.models",
    "pydantic",
    "pydantic.type_adapter",
    "rapidfuzz",
    "markdown_it",
)

_thread: threading.Thread | None = None


def start() -> None:
    """Begin loading (once per process)."""
    global _thread
    if _thread is None:
        _thread = threading.Thread(target=_load, name="preload", daemon=True)
        _thread.start()


def loading() -> bool:
    return _thread is not None and _thread.is_alive()


def wait() -> None:
    """Return once the loading, if begun, is over."""
    if _thread is not None:
        _thread.join()


def _load() -> None:
    # (The cycle collector, run on this thread, could free Qt objects here while the
    # GUI thread works on its widgets: it waits until the loading is over.)
    with collector_paused():
        for name in MODULES:
            # A failure is reported by the same import on the GUI thread, where it is
            # used.
            with contextlib.suppress(Exception):
                importlib.import_module(name)
