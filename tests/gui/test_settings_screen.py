"""Settings are saved as they change and take effect on the next prompt."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studyapp.core.settings import load_settings
from studyapp.gui.home.home_screen import HomeScreen
from studyapp.gui.main_window import MainWindow
from studyapp.gui.settings.settings_screen import SettingsScreen


def test_changing_the_new_limit_updates_home_at_once(open_window: Callable[[], MainWindow]) -> None:
    window = open_window()
    screen = window.screens["settings"]
    home = window.screens["home"]
    assert isinstance(screen, SettingsScreen) and isinstance(home, HomeScreen)
    assert home.new.value() == "4"
    screen.new_per_day.setValue(2)
    assert home.new.value() == "2"
    with window.ctx.read() as s:
        assert load_settings(s).new_per_day == 2


def test_bad_learning_steps_are_explained_and_not_saved(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    screen = window.screens["settings"]
    assert isinstance(screen, SettingsScreen)
    window.show_screen("settings")
    screen.learning.clear()
    qtbot.keyClicks(screen.learning, "1 ten")
    qtbot.keyClick(screen.learning, Qt.Key.Key_Return)
    assert screen.message.text().startswith("Not saved: learning steps are whole minutes")
    with window.ctx.read() as s:
        assert load_settings(s).learning_steps_min == (1, 10)
    screen.learning.setText("2 15 60")
    screen.learning.editingFinished.emit()
    with window.ctx.read() as s:
        assert load_settings(s).learning_steps_min == (2, 15, 60)


def test_dark_theme_applies_immediately(open_window: Callable[[], MainWindow]) -> None:
    from studyapp.gui.app import application

    window = open_window()
    screen = window.screens["settings"]
    assert isinstance(screen, SettingsScreen)
    screen.theme.setCurrentText("dark")
    assert application().palette().window().color().name() == "#1b1d21"
    screen.theme.setCurrentText("light")
    assert application().palette().window().color().name() == "#f7f5f2"


def test_the_leech_setting_is_saved(open_window: Callable[[], MainWindow]) -> None:
    window = open_window()
    screen = window.screens["settings"]
    assert isinstance(screen, SettingsScreen)
    assert not screen.suspend_leeches.isChecked()
    screen.suspend_leeches.setChecked(True)
    with window.ctx.read() as s:
        assert load_settings(s).suspend_leeches is True
