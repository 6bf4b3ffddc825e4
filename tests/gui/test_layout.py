"""Every screen holds at 1024×700 (and 1440×900) at the small, default and large font
sizes: no text cut off, nothing pushed out of sight, no sideways scrolling; and no
text is ever smaller than the readable minimum."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from studyapp.gui.app import application
from studyapp.gui.main_window import SCREENS, MainWindow
from studyapp.gui.practice.practice_screen import PracticeScreen
from studyapp.gui.review.review_screen import ReviewScreen
from studyapp.gui.theme import MIN_FONT_PT, apply_theme
from tests.gui.layout_checks import layout_problems


def _settle(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert app is not None
    for _ in range(3):  # layouts settle over a pass or two of the event loop
        app.processEvents()


def _problems_on_every_screen(window: MainWindow, qtbot: QtBot) -> list[str]:
    found: list[str] = []

    def check(where: str, root: QWidget | None = None) -> None:
        # Progress reads its figures off the GUI thread: check the page they fill.
        qtbot.waitUntil(lambda: not window.ctx.operations, timeout=20_000)
        _settle(qtbot)
        found.extend(f"{where}: {p}" for p in layout_problems(root or window))

    for info in SCREENS:
        window.show_screen(info.key)
        check(info.key)
    review = window.screens["review"]
    assert isinstance(review, ReviewScreen)
    window.show_screen("review")
    if review.view is not None:
        review.press_accept() if review.prompt.reveal_button else review.prompt.choose(1)
        check("review, answered")
    tests = window.screens["tests"]
    assert isinstance(tests, PracticeScreen)
    window.show_screen("tests")
    tests.show_hub(tests.mock_setup)
    check("mock-test setup")
    tests.mock_setup.start_new()
    check("mock test running")
    tests.mock.submit()
    check("mock-test results")
    tests.show_hub(tests.mains)
    check("mains writing")
    return found


@pytest.mark.parametrize(
    ("size", "font_size"),
    [
        ((1024, 700), 9),
        ((1024, 700), 0),
        ((1024, 700), 14),
        ((1440, 900), 9),
        ((1440, 900), 0),
        ((1440, 900), 16),
    ],
    ids=[
        "1024x700-small",
        "1024x700-default",
        "1024x700-large",
        "1440x900-small",
        "1440x900-default",
        "1440x900-large",
    ],
)
def test_every_screen_fits_its_text(
    open_window: Callable[[], MainWindow],
    qtbot: QtBot,
    size: tuple[int, int],
    font_size: int,
) -> None:
    window = open_window()
    apply_theme(application(), "light", font_size)
    try:
        window.resize(*size)
        _settle(qtbot)
        assert (window.width(), window.height()) == size  # the window's minimum fits too
        assert _problems_on_every_screen(window, qtbot) == []
    finally:
        apply_theme(application(), "light", 0)


def test_no_text_is_smaller_than_the_readable_minimum(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    for chosen in (1, 9, 0):  # 1 pt: a size an older release could store
        apply_theme(application(), "light", chosen)
        for info in SCREENS:
            window.show_screen(info.key)
            _settle(qtbot)
            small = [
                f"{type(w).__name__}({w.objectName()}) at {w.font().pointSizeF()} pt"
                for w in window.findChildren(QWidget)
                if w.isVisible() and 0 < w.font().pointSizeF() < MIN_FONT_PT
            ]
            assert small == [], (chosen, info.key)
    apply_theme(application(), "light", 0)
