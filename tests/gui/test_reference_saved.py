"""The reference browser lists the student's bookmarks and notes, each opening its
section, and marks bookmarked sections in the tree."""

from __future__ import annotations

from collections.abc import Callable

from studyapp.gui.main_window import MainWindow
from studyapp.gui.reference.reference_screen import ReferenceScreen


def test_bookmarks_and_notes_are_listed_and_open_their_sections(
    open_window: Callable[[], MainWindow],
) -> None:
    window = open_window()
    window.show_screen("reference")
    ref = window.screens["reference"]
    assert isinstance(ref, ReferenceScreen)
    assert ref.left_tabs.tabText(1) == "Bookmarks (0)"
    ref.open_section("trade.gap")
    ref.bookmark_button.click()
    assert ref.left_tabs.tabText(1) == "Bookmarks (1)"
    assert ref.tree_model.index_of("trade.gap").data() == "★ The trade gap"
    assert ref.tree_model.index_of("links.rail").data() == "The rail link"

    ref.open_section("links.rail")
    ref.note_edit.setPlainText("Ask about the depot.\nAnd the fares.")
    ref.save_note_now()
    assert ref.left_tabs.tabText(2) == "Notes (1)"
    assert ref.notes_model.rows == [["The rail link", "Ask about the depot."]]

    ref.left_tabs.setCurrentIndex(1)
    ref.bookmarks.clicked.emit(ref.bookmarks_model.index(0, 0))
    assert ref.current is not None and ref.current.key == "trade.gap"
    ref.notes.activated.emit(ref.notes_model.index(0, 1))
    assert ref.current is not None and ref.current.key == "links.rail"

    ref.open_section("trade.gap")
    ref.bookmark_button.click()  # un-bookmarked: the star goes
    assert ref.tree_model.index_of("trade.gap").data() == "The trade gap"
    assert ref.bookmarks_model.rowCount() == 0
