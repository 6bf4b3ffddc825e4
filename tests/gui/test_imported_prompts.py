"""Imported prompts in the GUI: the import shows where each tag files its prompts
before committing, and a front/back card is revealed and then graded by the student
in a practice set."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from studyapp.core.models import Question, ReviewLog
from studyapp.gui.bank.bank_screen import BankScreen
from studyapp.gui.bank.import_preview import ImportPreview
from studyapp.gui.main_window import MainWindow
from studyapp.gui.practice.practice_screen import PracticeScreen

CSV = (
    "front,back,tags\n"
    '"Which city hosts the depot? (a) Pune (b) Surat (c) Goa (d) Agra",b,links\n'
    "What does Setu mean?,A bridge,climate\n"
)


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    """A CSV of one four-option row and one front/back row."""
    path = tmp_path / "deck.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def previewed(window: MainWindow, qtbot: QtBot, path: Path) -> ImportPreview:
    """File › Import on `path`: the file is read and checked off the GUI thread, then
    the preview is shown."""
    job = window.preview_import(path)
    with qtbot.waitSignal(job.done, timeout=10_000):
        pass
    dialog = window.import_preview
    assert dialog is not None and dialog.isVisible()
    return dialog


def confirm(window: MainWindow, qtbot: QtBot, dialog: ImportPreview) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(
        lambda: "Imported 2 new prompts" in window.statusBar().currentMessage(), timeout=10_000
    )


def test_the_import_shows_the_tag_mapping_before_it_commits(
    open_window: Callable[[], MainWindow], qtbot: QtBot, deck: Path
) -> None:
    window = open_window()
    dialog = previewed(window, qtbot, deck)
    rows = [
        [dialog.mapping.index(r, c).data() for c in range(3)]
        for r in range(dialog.mapping.rowCount())
    ]
    assert sorted(rows) == [["climate", "My prompts", "1"], ["links", "Links", "1"]]
    with window.ctx.read() as s:
        assert s.scalars(select(Question).where(Question.origin == "imported")).all() == []
    confirm(window, qtbot, dialog)
    bank = window.screens["bank"]
    assert isinstance(bank, BankScreen)
    window.show_screen("bank")
    bank.origin.setCurrentIndex(bank.origin.findData("imported"))
    area = bank.model.columns.index("area")
    shown = {bank.model.index(r, area).data() for r in range(bank.model.rowCount())}
    assert shown == {"Links", "My prompts"}


def test_a_front_back_card_is_revealed_then_graded_in_practice(
    open_window: Callable[[], MainWindow], qtbot: QtBot, deck: Path
) -> None:
    window = open_window()
    job = window.import_file(deck)
    with qtbot.waitSignal(job.done, timeout=10_000):
        pass
    with window.ctx.read() as s:
        card = s.scalars(select(Question.id).where(Question.type == "basic")).one()
    screen = window.screens["tests"]
    assert isinstance(screen, PracticeScreen)
    window.show_screen("tests")
    screen.practise("My deck", [card])
    runner = screen.practice
    assert runner.prompt.reveal_button is not None and not runner.knew_button.isVisible()
    runner.setFocus()
    runner._press_accept()  # Space: show the back
    assert runner.knew_button.isVisible() and not runner.next_button.isEnabled()
    assert "A bridge" in [w.text() for w in runner.prompt.feedback.findChildren(type(runner.hint))]
    runner._press_number(1)  # didn't know it
    assert not runner.knew_button.isVisible() and runner.next_button.isEnabled()
    with window.ctx.read() as s:
        log = s.scalars(select(ReviewLog).where(ReviewLog.question_id == card)).one()
        assert (log.rating, log.correct, log.mode) == (1, False, "practice")


def test_the_rows_previewed_are_the_rows_imported(
    open_window: Callable[[], MainWindow], qtbot: QtBot, deck: Path
) -> None:
    window = open_window()
    dialog = previewed(window, qtbot, deck)
    # The file changes while the dialog is open: what was shown is what is imported.
    deck.write_text("front,back,tags\nSomething else,Else,\n", encoding="utf-8")
    confirm(window, qtbot, dialog)
    with window.ctx.read() as s:
        stems = set(s.scalars(select(Question.stem).where(Question.origin == "imported")))
    assert stems == {"Which city hosts the depot?", "What does Setu mean?"}


def test_a_file_refused_at_preview_says_where_and_offers_no_import(
    open_window: Callable[[], MainWindow],
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    window = open_window()
    path = tmp_path / "bad.csv"
    path.write_text("front,back\n,empty front\n", encoding="utf-8")
    job = window.preview_import(path)
    with qtbot.waitSignal(job.done, timeout=10_000) as done:
        pass
    assert done.args[0] is None and window.import_preview is None
    assert shown == [f"Nothing was imported; the file has 1 problem:\n{path}:2: front: is empty"]
