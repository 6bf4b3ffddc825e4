"""Keys work at once whichever way a screen is reached: Review by Ctrl+3, the sidebar,
the View menu, Home's button or Enter on Home; the mock test's keys; the search box's
Down and Escape; and F1 lists them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from studyapp.core.models import QuizSession, ReviewLog
from studyapp.core.quiz.pending import unfinished_mock
from studyapp.gui.home.home_screen import HomeScreen
from studyapp.gui.main_window import SHORTCUTS, MainWindow
from studyapp.gui.practice.practice_screen import PracticeScreen
from studyapp.gui.reference.prompt_preview import PromptPreview
from studyapp.gui.reference.reference_screen import ReferenceScreen
from studyapp.gui.review.review_screen import ReviewScreen

NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """A key as the student types it: to whatever has the keyboard focus."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, key, modifier)


def active_window(open_window: Callable[[], MainWindow], qtbot: QtBot) -> MainWindow:
    window = open_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def focus_is_in(screen: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is screen or (focus is not None and screen.isAncestorOf(focus))


def answers(window: MainWindow) -> int:
    with window.ctx.read() as s:
        return int(s.scalar(select(func.count()).select_from(ReviewLog)) or 0)


def _by_shortcut(window: MainWindow, qtbot: QtBot) -> None:
    window.nav.setFocus()  # where a click on the sidebar leaves it
    press(qtbot, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)


def _by_sidebar(window: MainWindow, qtbot: QtBot) -> None:
    item = window.nav.item(2)
    rect = window.nav.visualItemRect(item)
    QTest.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, NO_MODIFIER, rect.center())


def _by_menu(window: MainWindow, qtbot: QtBot) -> None:
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert isinstance(view, QMenu)
    next(a for a in view.actions() if a.text() == "Review").trigger()


def _by_home_button(window: MainWindow, qtbot: QtBot) -> None:
    home = window.screens["home"]
    assert isinstance(home, HomeScreen)
    QTest.mouseClick(home.start_button, Qt.MouseButton.LeftButton)


def _by_enter_on_home(window: MainWindow, qtbot: QtBot) -> None:
    assert window.current_screen() == "home"
    press(qtbot, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    "route",
    [_by_shortcut, _by_sidebar, _by_menu, _by_home_button, _by_enter_on_home],
    ids=["ctrl+3", "sidebar", "view-menu", "home-button", "enter-on-home"],
)
def test_review_answers_with_number_keys_and_space_however_it_is_reached(
    open_window: Callable[[], MainWindow],
    qtbot: QtBot,
    route: Callable[[MainWindow, QtBot], None],
) -> None:
    window = active_window(open_window, qtbot)
    review = window.screens["review"]
    assert isinstance(review, ReviewScreen)
    route(window, qtbot)
    assert window.current_screen() == "review"
    assert focus_is_in(review)
    first = review.view
    assert first is not None and first.type == "mcq"
    press(qtbot, Qt.Key.Key_1)  # choose the option shown first
    assert review.prompt.locked
    press(qtbot, Qt.Key.Key_Space)  # accept the suggested rating
    assert answers(window) == 1
    assert review.view is not None and review.view.key != first.key
    assert window.nav.currentRow() == 2  # the "1" never reached the sidebar


def test_every_screen_takes_the_keyboard_when_shown(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = active_window(open_window, qtbot)
    for key in [*window.screens, "home"]:
        window.nav.setFocus()
        window.show_screen(key)
        assert focus_is_in(window.screens[key]), key


def test_mock_test_keys_mark_move_clear_and_submit(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = active_window(open_window, qtbot)
    tests = window.screens["tests"]
    assert isinstance(tests, PracticeScreen)
    window.show_screen("tests")
    tests.show_hub(tests.mock_setup)
    tests.mock_setup.start_new()
    mock = tests.mock
    assert mock.quiz is not None and len(mock.quiz.items) == 2
    assert focus_is_in(mock)
    press(qtbot, Qt.Key.Key_2)  # an answer to the first prompt
    press(qtbot, Qt.Key.Key_M)  # marked for review, on to the next
    assert mock.position == 1
    assert mock.question_palette.status_of(0) == "answered_marked"
    press(qtbot, Qt.Key.Key_Home)
    assert mock.position == 0
    press(qtbot, Qt.Key.Key_Delete)  # clear the response
    assert mock.question_palette.status_of(0) == "marked"
    press(qtbot, Qt.Key.Key_End)
    assert mock.position == 1
    press(qtbot, Qt.Key.Key_Left)
    assert mock.position == 0
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    box = mock.confirmation
    assert box is not None and box.isVisible() and "2 of 2 prompts unanswered" in box.text()
    submit = next(b for b in box.buttons() if b.text() == "Submit")
    QTest.mouseClick(submit, Qt.MouseButton.LeftButton)
    assert tests.pages.currentWidget() is tests.results
    assert tests.results.score.value() == "0.00 / 4.00"


def test_an_abandoned_mock_is_discarded_without_a_score_and_home_offers_resume_before(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = active_window(open_window, qtbot)
    tests = window.screens["tests"]
    home = window.screens["home"]
    assert isinstance(tests, PracticeScreen) and isinstance(home, HomeScreen)
    window.show_screen("tests")
    tests.show_hub(tests.mock_setup)
    tests.mock_setup.start_new()
    tests.mock.prompt.choose(1)

    window.show_screen("home")  # Home says a test is under way and resumes it
    assert home.mock_title.text() == "Mock test in progress"
    assert home.mock_score.text() == "1 / 2 answered"
    assert home.mock_button.text() == "Resume test"
    QTest.mouseClick(home.mock_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() == "tests" and tests.pages.currentWidget() is tests.mock
    assert tests.mock.position == 0 and focus_is_in(tests.mock)

    QTest.mouseClick(tests.mock.abandon_button, Qt.MouseButton.LeftButton)
    box = tests.mock.confirmation
    assert box is not None and "no score is kept" in box.text()
    keep = next(b for b in box.buttons() if b.text() == "Keep working")
    QTest.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert tests.mock.running  # nothing changed

    QTest.mouseClick(tests.mock.abandon_button, Qt.MouseButton.LeftButton)
    box = tests.mock.confirmation
    assert box is not None
    drop = next(b for b in box.buttons() if b.text() == "Abandon test")
    QTest.mouseClick(drop, Qt.MouseButton.LeftButton)
    assert not tests.mock.running and tests.pages.currentWidget() is tests.tabs
    with window.ctx.read() as s:
        assert unfinished_mock(s) is None
        assert s.scalar(select(func.count()).select_from(QuizSession)) == 0  # no score kept
    window.show_screen("home")
    assert (
        home.mock_title.text() == "Last mock test" and home.mock_button.text() == "Sit a mock test"
    )


def test_search_results_are_reached_with_down_and_escape_clears(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = active_window(open_window, qtbot)
    reference = window.screens["reference"]
    assert isinstance(reference, ReferenceScreen)
    window.show_screen("reference")
    assert focus_is_in(reference)
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert reference.search_field.hasFocus()
    QTest.keyClicks(reference.search_field, "export figure")
    assert reference.results_model.hits
    press(qtbot, Qt.Key.Key_Down)
    assert reference.results.hasFocus() and reference.results.currentIndex().row() == 0
    press(qtbot, Qt.Key.Key_Escape)
    assert reference.search_field.hasFocus() and reference.search_field.text() == ""
    assert reference.left_pages.currentWidget() is reference.tree


def test_a_prompt_found_by_search_opens_as_a_prompt_with_its_key(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = active_window(open_window, qtbot)
    reference = window.screens["reference"]
    assert isinstance(reference, ReferenceScreen)
    window.show_screen("reference")
    reference.search_field.setText("export figure")
    row = next(i for i, h in enumerate(reference.results_model.hits) if h.kind == "question")
    hit = reference.results_model.hits[row]
    reference.results.setFocus()
    reference.results.setCurrentIndex(reference.results_model.index(row, 0))
    press(qtbot, Qt.Key.Key_Return)
    preview = reference.preview
    assert isinstance(preview, PromptPreview) and preview.isVisible()
    view = preview.prompt.view
    assert view is not None and view.key == hit.id
    assert view.stem == "Which report gives the export figure?"
    assert preview.prompt.options[0].state() == "key"  # the answer is marked
    preview.close()


def test_f1_lists_the_keys_of_every_screen(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    keys = " ".join(k for k, _ in SHORTCUTS)
    for key in ("Enter", "Space", "1 – 4", "Ctrl+Z", "M", "Ctrl+Enter", "Home / End", "Escape"):
        assert key in keys, key
    window = active_window(open_window, qtbot)
    press(qtbot, Qt.Key.Key_F1)
    box = window.shortcuts_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "mark for review" in box.text() and "Ctrl+Enter" in box.text()
    box.accept()
