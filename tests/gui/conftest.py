from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from studyapp.core.storage.paths import ContentDirs, DataDir
from studyapp.gui.app import open_main_window
from studyapp.gui.main_window import MainWindow


@pytest.fixture
def open_window(
    qtbot: QtBot, data_dir: DataDir, content: ContentDirs
) -> Iterator[Callable[[], MainWindow]]:
    """Opens the real main window on the test's data folder and content."""
    opened: list[MainWindow] = []

    def _open() -> MainWindow:
        window = open_main_window(data_dir, content)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append(window)
        return window

    yield _open
    for window in opened:
        window.close()
        window.ctx.db.close()
