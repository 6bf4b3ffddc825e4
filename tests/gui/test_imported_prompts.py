"""Imported prompts in the GUI: the import shows where each tag files its prompts
before committing, and a front/back card is revealed and then graded by the student
in a practice set."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from studyapp.core.models import Question, ReviewLog
from studyapp.gui.bank.bank_screen import BankScreen
from studyapp.gui.main_window import MainWindow
from studyapp.gui.practice.practice_screen import PracticeScreen

CSV = (
    "front,back,tags\n"
    '"Which city hosts the depot? (a) Pune (b) Surat (c) Goa (d) Agra",b,links\n'
    "What does Setu mean?,A bridge,climate\n"
)


def test_the_import_shows_the_tag_mapping_before_it_commits(
    open_window: Callable[[], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window()
    path = tmp_path / "deck.csv"
    path.write_text(CSV, encoding="utf-8")
    dialog = window.preview_import(path)
    assert dialog is not None
    rows = [
        [dialog.mapping.index(r, c).data() for c in range(3)]
        for r in range(dialog.mapping.rowCount())
    ]
    assert sorted(rows) == [["climate", "My prompts", "1"], ["links", "Links", "1"]]
    with window.ctx.read() as s:
        assert s.scalars(select(Question).where(Question.origin == "imported")).all() == []
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(
        lambda: "Imported 2 new prompts" in window.statusBar().currentMessage(), timeout=10_000
    )
    bank = window.screens["bank"]
    assert isinstance(bank, BankScreen)
    window.show_screen("bank")
    bank.origin.setCurrentIndex(bank.origin.findData("imported"))
    area = bank.model.columns.index("area")
    shown = {bank.model.index(r, area).data() for r in range(bank.model.rowCount())}
    assert shown == {"Links", "My prompts"}


def test_a_front_back_card_is_revealed_then_graded_in_practice(
    open_window: Callable[[], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window()
    path = tmp_path / "deck.csv"
    path.write_text(CSV, encoding="utf-8")
    job = window.import_file(path)
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
