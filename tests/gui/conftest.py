from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from studyapp.core.clock import utc_now
from studyapp.core.storage.paths import ContentDirs, DataDir
from studyapp.core.study.clock import FakeClock
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


@pytest.fixture
def study_clock() -> FakeClock:
    """A clock for a study flow (a mock test, a mains answer) that moves only when the
    test advances it; it starts now, so what it stores sits among the app's other
    records. Give it to the flow's controller (`screen.mock.exam.clock = ...`)."""
    return FakeClock(utc_now())
