"""One Setu window per data folder: the first one listens on a local socket named
after the folder; a second launch that finds the folder locked asks it to come to
the front instead of opening another window."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

_TIMEOUT_MS = 2000


def server_name(root: Path) -> str:
    digest = hashlib.sha1(str(root.resolve()).encode(), usedforsecurity=False)
    return f"setu-{digest.hexdigest()[:16]}"


class InstanceServer(QObject):
    show_requested = Signal()

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(root)
        self.server = QLocalServer(self)
        # A socket file left by a crashed Setu would stop listen() on Unix; we hold
        # the folder lock, so any such file is stale.
        QLocalServer.removeServer(self.name)
        self.listening = self.server.listen(self.name)
        self.server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.disconnected.connect(socket.deleteLater)
            socket.disconnectFromServer()
            self.show_requested.emit()


def ask_running_instance_to_show(root: Path) -> bool:
    """True when a Setu window for `root` answered and will come to the front."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(root))
    if not socket.waitForConnected(_TIMEOUT_MS):
        return False
    socket.write(b"show\n")
    socket.waitForBytesWritten(_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


def bring_to_front(window: QWidget) -> None:
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
