"""The reference browser: tree, links and history, search, notes, bookmarks, practice."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from studyapp.core.content.reference import section_tree
from studyapp.gui.main_window import MainWindow
from studyapp.gui.practice.practice_screen import PracticeScreen
from studyapp.gui.reference.reference_screen import ReferenceScreen
from studyapp.gui.reference.results_model import SearchResultsModel
from studyapp.gui.reference.tree_model import KeyRole, ReferenceTreeModel

HOSTILE = ['"', "*", "AND", "NEAR(", "((", "x" * 10_000, "भारत", "日本", "'; --"]


def reference(window: MainWindow) -> ReferenceScreen:
    screen = window.screens["reference"]
    assert isinstance(screen, ReferenceScreen)
    window.show_screen("reference")
    return screen


def test_tree_model_passes_the_model_tester(
    open_window: Callable[[], MainWindow], qtmodeltester: ModelTester
) -> None:
    window = open_window()
    with window.ctx.read() as s:
        model = ReferenceTreeModel(section_tree(s))
    qtmodeltester.check(model)
    top = [model.index(r, 0).data(KeyRole) for r in range(model.rowCount())]
    assert top == ["links.rail", "trade"]  # by their `order`
    assert model.index(1, 0).data() == "Trade  (1)"


def test_results_model_passes_the_model_tester(
    open_window: Callable[[], MainWindow], qtmodeltester: ModelTester
) -> None:
    from studyapp.core.content.search import search

    window = open_window()
    model = SearchResultsModel()
    with window.ctx.read() as s:
        model.set_hits(search(s, "trade"))
    qtmodeltester.check(model)
    assert model.rowCount() >= 2


def test_clicking_a_tree_item_shows_its_section(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    screen = reference(open_window())
    index = screen.tree_model.index_of("trade.gap")
    screen.tree.scrollTo(index)
    qtbot.mouseClick(
        screen.tree.viewport(),
        Qt.MouseButton.LeftButton,
        pos=screen.tree.visualRect(index).center(),
    )
    assert screen.current is not None and screen.current.key == "trade.gap"
    text = screen.reader.toPlainText()
    assert "The trade gap" in text and "USD 10 billion" in text
    assert "Sources disagree — Size of the gap" in text
    assert "Alpha report — Alpha Press" in text


def test_following_a_link_and_going_back_returns_to_the_same_place(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    screen = reference(open_window())
    screen.open_section("trade")
    screen.reader.verticalScrollBar().setValue(0)
    screen.reader.anchorClicked.emit(QUrl("section:links.rail"))
    assert screen.current is not None and screen.current.key == "links.rail"
    qtbot.keyClick(screen.reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert screen.current.key == "trade"
    screen.go_forward()
    assert screen.current.key == "links.rail"


def test_typing_a_query_shows_the_hit_and_enter_opens_it_highlighted(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    screen = reference(open_window())
    qtbot.keyClicks(screen.search_field, "wid")
    assert screen.left_pages.currentWidget() is screen.results
    assert screen.results_model.hits[0].id == "trade.gap"
    qtbot.keyClick(screen.search_field, Qt.Key.Key_Return)
    assert screen.current is not None and screen.current.key == "trade.gap"
    assert "background-color" in screen.reader.toHtml() and screen.words == ["wid"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_show_results_or_no_results(
    open_window: Callable[[], MainWindow], query: str
) -> None:
    screen = reference(open_window())
    screen.search_field.setText(query)
    assert screen.left_pages.currentWidget() in (screen.results, screen.no_results, screen.tree)


def test_notes_persist_across_a_restart_and_are_searchable(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    """A note is saved once typing pauses, and closing the window saves what is still
    waiting for that pause."""
    window = open_window()
    screen = reference(window)
    screen.open_section("links.rail")
    qtbot.keyClicks(screen.note_edit, "Remember the bullet train")
    qtbot.waitUntil(lambda: screen.note_status.text() == "Saved", timeout=3000)
    qtbot.keyClicks(screen.note_edit, ", then closed at once")
    assert screen.note_status.text() == "Editing…"
    window.close()
    window.ctx.db.close()
    again = reference(open_window())
    assert again.current is not None and again.current.key == "links.rail"  # last section read
    assert again.note_edit.toPlainText() == "Remember the bullet train, then closed at once"
    again.search_field.setText("bullet")
    assert [(h.kind, h.id) for h in again.results_model.hits] == [("note", "links.rail")]


def test_bookmark_survives_reopening_the_section(open_window: Callable[[], MainWindow]) -> None:
    screen = reference(open_window())
    screen.open_section("trade.gap")
    screen.bookmark_button.click()
    screen.open_section("trade")
    screen.open_section("trade.gap")
    assert screen.bookmark_button.isChecked() and "Bookmarked" in screen.bookmark_button.text()


def test_practise_this_section_opens_a_set_of_exactly_its_prompts(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    screen = reference(window)
    screen.open_section("trade.gap")
    screen.practise_button.click()
    tests = window.screens["tests"]
    assert isinstance(tests, PracticeScreen)
    runner = tests.practice
    assert window.current_screen() == "tests" and tests.pages.currentWidget() is runner
    seen = []
    while runner.pages.currentIndex() == 0:
        view = runner.prompt.view
        assert view is not None
        seen.append(view.key)
        runner.prompt.choose(runner.prompt.number_of(view.answer_index or 0))
        assert "Correct" in runner.prompt.feedback.findChild(QLabel, "Verdict").text()
        qtbot.mouseClick(runner.next_button, Qt.MouseButton.LeftButton)
    # The mains prompt on this section is written on its own page, not practised here.
    assert sorted(seen) == ["q.trade.0001", "q.trade.0002"]
    assert "2 of 2 right" in runner.summary.text()


def test_partnership_map_draws_every_pair_and_opens_its_section(
    open_window: Callable[[], MainWindow],
) -> None:
    screen = reference(open_window())
    screen.open_section("trade")
    screen.tabs.setCurrentWidget(screen.map)
    assert [(link.india, link.japan, link.status) for link in screen.map.links] == [
        ("Pune", "Okayama", "established"),
        ("Gujarat", "Kansai", "proposed"),
    ]
    styles = {item.pen().style() for item in screen.map.link_items}
    assert len(styles) == 2  # established and proposed look different
    screen.map.section_clicked.emit(screen.map.link_items[0].section)
    assert screen.tabs.currentIndex() == 0
    assert screen.current is not None and screen.current.key == "links.rail"


def test_timeline_lists_dated_events_in_order(open_window: Callable[[], MainWindow]) -> None:
    screen = reference(open_window())
    screen.tabs.setCurrentWidget(screen.timeline)
    assert [item.text() for item in screen.timeline.event_items] == ["The rail link"]
    assert "29 August 2025" in [
        i.text() for i in screen.timeline.scene().items() if hasattr(i, "text")
    ]
