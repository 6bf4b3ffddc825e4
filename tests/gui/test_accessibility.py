"""Controls whose label is a symbol or a number (◀, ▶, the mock palette's 1–25) carry
an accessible name and a tooltip, so a screen reader and a mouse hover say what they
do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from studyapp.gui.main_window import SCREENS, MainWindow
from studyapp.gui.practice.practice_screen import PracticeScreen


def unnamed_symbol_buttons(window: MainWindow) -> list[str]:
    missing = []
    for button in window.findChildren(QAbstractButton):
        text = button.text().replace("&", "").strip()
        if not button.isVisible() or not text or any(ch.isalpha() for ch in text):
            continue
        if not button.accessibleName() or not button.toolTip():
            missing.append(repr(text))
    return missing


def test_symbol_and_number_buttons_are_named(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    found: list[str] = []
    for info in SCREENS:
        window.show_screen(info.key)
        found += unnamed_symbol_buttons(window)
    tests = window.screens["tests"]
    assert isinstance(tests, PracticeScreen)
    window.show_screen("tests")
    tests.show_hub(tests.mock_setup)
    tests.mock_setup.start_new()
    palette = tests.mock.question_palette.buttons
    assert palette and palette[0].accessibleName() == "Prompt 1"
    found += unnamed_symbol_buttons(window)
    assert found == []
