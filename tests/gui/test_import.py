"""File › Import runs in the background, then every screen sees the new prompts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from studyapp.gui.home.home_screen import HomeScreen
from studyapp.gui.main_window import MainWindow


def test_import_adds_prompts_and_home_counts_them(
    open_window: Callable[[], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window()
    home = window.screens["home"]
    assert isinstance(home, HomeScreen) and home.bank.text() == "4 prompts in the bank"
    path = tmp_path / "mine.csv"
    path.write_text(
        "front,back,tags\nWhat is Setu?,A bridge,words\nSecond,Two,\n", encoding="utf-8"
    )
    job = window.import_file(path)
    with qtbot.waitSignal(job.done, timeout=10_000) as done:
        pass
    assert done.args[0].added == 2
    assert home.bank.text() == "6 prompts in the bank"
    assert "Imported 2 new prompts" in window.statusBar().currentMessage()


def test_a_broken_file_is_refused_and_changes_nothing(
    open_window: Callable[[], MainWindow], qtbot: QtBot, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    window = open_window()
    path = tmp_path / "bad.csv"
    path.write_text("ok,fine\nthree,columns,are,too many\n", encoding="utf-8")
    job = window.import_file(path)
    with qtbot.waitSignal(job.done, timeout=10_000) as done:
        pass
    assert done.args[0] is None
    assert "bad.csv:2: columns" in shown[0]
    home = window.screens["home"]
    assert isinstance(home, HomeScreen) and home.bank.text() == "4 prompts in the bank"
