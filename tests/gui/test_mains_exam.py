"""Mains, closer to the exam: a short answer asks before it is submitted, hints
pre-tick the key points with the reason, exports keep line breaks and say where they
went, an answer can be deleted, and an answer can be written on paper."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from studyapp.core.models import MainsAnswer
from studyapp.core.study.clock import FakeClock
from studyapp.gui.main_window import MainWindow
from studyapp.gui.practice.mains_page import MainsPage, answer_document
from studyapp.gui.practice.practice_screen import PracticeScreen

LEFT = Qt.MouseButton.LeftButton
ANSWER = (
    "India's trade deficit with Japan remains large.\n"
    "The sources differ on how big it is.\n\n"
    "Way forward: a review of the CEPA rules of origin."
)


def mains_page(window: MainWindow) -> MainsPage:
    screen = window.screens["tests"]
    assert isinstance(screen, PracticeScreen)
    window.show_screen("tests")
    screen.show_hub(screen.mains)
    return screen.mains


def click(box: object, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    assert isinstance(box, QMessageBox)
    next(b for b in box.buttons() if b.text() == text).click()


def test_an_empty_answer_asks_first_and_keep_writing_keeps_the_draft(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    page = mains_page(open_window())
    qtbot.mouseClick(page.hub.write_button, LEFT)
    editor = page.editor
    qtbot.mouseClick(editor.submit_button, LEFT)
    assert editor.confirmation is not None
    assert editor.confirmation.text().startswith("Your answer is empty.")
    click(editor.confirmation, "Keep writing")
    assert editor.view is not None and editor.view.submitted is None  # still a draft
    assert not editor.editor.isReadOnly()


def test_hints_pre_tick_covered_points_then_exports_keep_line_breaks_then_delete(
    open_window: Callable[[], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window()
    page = mains_page(window)
    qtbot.mouseClick(page.hub.write_button, LEFT)
    editor = page.editor
    editor.editor.setPlainText(ANSWER)
    qtbot.mouseClick(editor.submit_button, LEFT)
    click(editor.confirmation, "Submit anyway")  # 27 words of 150

    # The gap (said as "deficit … large") and the disagreement are found; the rail
    # link is not; each row says why.
    assert [box.isChecked() for box in editor.points] == [True, True, False, True]
    why = [row.why.text() for row in editor.point_rows]
    assert why[0].startswith("Seems covered") and "for wide" in why[0]
    assert why[2] == "Seems missing: 0 of its 2 terms found, 1 needed. Not found: rail, link."
    assert "3 points pre-ticked" in editor.hint_note.text()
    editor.points[3].setChecked(False)  # the student corrects a hint
    qtbot.mouseClick(editor.save_button, LEFT)
    with window.ctx.read() as session:
        saved = session.scalars(select(MainsAnswer.points_covered)).one()
    assert saved == [0, 1]

    # Exports: named after the prompt and the day, saying where they went, lines kept.
    assert editor.suggested_path("pdf").name.startswith("mains-discuss-the-trade-gap-and-the-")
    md = tmp_path / "answer.md"
    assert editor.export(md)
    assert editor.export_status.text() == f"Saved to {md}"
    assert "remains large.  \nThe sources differ" in md.read_text(encoding="utf-8")
    lines = answer_document(editor.markdown()).toPlainText().splitlines()
    assert "India's trade deficit with Japan remains large." in lines
    assert "The sources differ on how big it is." in lines
    pdf = tmp_path / "answer.pdf"
    assert editor.export(pdf) and pdf.read_bytes().startswith(b"%PDF")
    assert not editor.export(tmp_path / "no-such-folder" / "answer.md")
    assert editor.export_status.text().startswith(
        f"Could not save the answer to {tmp_path / 'no-such-folder' / 'answer.md'}:"
    )

    # Delete it, after confirming.
    qtbot.mouseClick(editor.delete_button, LEFT)
    click(editor.confirmation, "Delete")
    assert page.currentWidget() is page.hub
    qtbot.waitUntil(lambda: page.hub.answers.rowCount() == 0)
    with window.ctx.read() as session:
        assert session.scalars(select(MainsAnswer)).all() == []


def test_a_mains_answer_in_pen_and_paper_mode(
    open_window: Callable[[], MainWindow], qtbot: QtBot, study_clock: FakeClock
) -> None:
    window = open_window()
    page = mains_page(window)
    page.editor.draft.clock = study_clock
    hub = page.hub
    assert hub.prompts.data(hub.prompts.index(0, 1), Qt.ItemDataRole.ToolTipRole) == (
        "Discuss the trade gap and the rail link."
    )  # a long prompt is readable in full on hover
    qtbot.mouseClick(hub.paper_button, LEFT)
    editor = page.editor
    assert editor.editor.isHidden() and editor.paper_panel.isVisibleTo(editor)
    assert "about 150 words" in editor.paper_note.text()
    assert editor.words.text() == "Word limit 150"
    assert editor.submit_button.text() == "I have finished"
    assert editor.clock.text() == "07:00"
    study_clock.advance(6 * 60 + 30)
    qtbot.waitUntil(lambda: editor.clock.text() == "00:30")  # the screen's timer shows it
    assert editor.clock.property("low") is True  # the last minute
    editor.paper_words.setValue(140)
    assert editor.words.text() == "Word limit 150 · about 140 written"
    qtbot.mouseClick(editor.submit_button, LEFT)  # no "too short" question on paper
    assert editor.confirmation is None
    assert editor.assessment.isVisibleTo(editor)
    assert not any(box.isChecked() for box in editor.points)  # nothing typed, nothing guessed
    assert "Compare your page" in editor.hint_note.text()
    for n in (0, 2):
        editor.points[n].setChecked(True)
    qtbot.mouseClick(editor.save_button, LEFT)
    assert editor.score_label.text().startswith("5 / 10")
    assert editor.clock.text() == "06:30 of 07:00"
    qtbot.mouseClick(editor.back_button, LEFT)
    row = [hub.answers.data(hub.answers.index(0, c)) for c in range(5)]
    assert row[2] == "140 / 150 on paper" and row[3] == "06:30" and row[4] == "5 / 10"
