"""One Setu per data folder: an operating-system lock on `setu.lock` in the folder.

The window holds it while it runs and every command that writes takes it for its
duration. The lock belongs to the open file, so the operating system drops it when
the process ends in any way (a crash, a kill, a power cut): a lock left by a crashed
Setu never blocks the next start. Works the same on Linux, macOS (`flock`) and
Windows (`msvcrt.locking`), with no Qt, so commands can check it too.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import BinaryIO

LOCK_NAME = "setu.lock"


class FolderLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._handle: BinaryIO | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> bool:
        """Take the lock if nobody holds it; False if another Setu does."""
        if self._handle is not None:
            return True
        handle = self.path.open("a+b")
        try:
            _lock(handle)
        except OSError:
            handle.close()
            return False
        # Who holds it, for the curious; the lock itself is the OS lock, not this text.
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            _unlock(handle)
            handle.close()

    def __enter__(self) -> FolderLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: BinaryIO) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: BinaryIO) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: BinaryIO) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: BinaryIO) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
