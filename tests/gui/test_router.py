"""Navigation through the router: each route lands on its screen, opens what it names
there, and leaves the keyboard in it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from studyapp.core.models import Question
from studyapp.gui import routes
from studyapp.gui.bank.bank_screen import BankScreen
from studyapp.gui.home.home_screen import HomeScreen
from studyapp.gui.main_window import MainWindow
from studyapp.gui.practice.practice_screen import PracticeScreen
from studyapp.gui.progress.progress_screen import ProgressScreen
from studyapp.gui.reference.reference_screen import ReferenceScreen


def active_window(open_window: Callable[[], MainWindow], qtbot: QtBot) -> MainWindow:
    window = open_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def focus_is_in(screen: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is screen or (focus is not None and screen.isAncestorOf(focus))


def go(window: MainWindow, route: routes.Route) -> QWidget:
    """Go from the sidebar (where a click leaves the keyboard) to `route`."""
    window.nav.setFocus()
    with_arrival: list[object] = []
    window.ctx.router.arrived.connect(with_arrival.append)
    window.ctx.router.go(route)
    assert with_arrival == [route]
    screen = window.screens[route.screen]
    assert window.current_screen() == route.screen
    assert window.nav.currentRow() == window.stack.currentIndex()
    assert focus_is_in(screen), route
    return screen


def test_each_plain_route_lands_on_its_screen_with_the_keyboard(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = active_window(open_window, qtbot)
    for route in (
        routes.Review(),
        routes.Progress(),
        routes.Settings(),
        routes.Reference(),
        routes.Bank(),
        routes.Home(),
    ):
        go(window, route)


def test_reference_route_opens_its_section(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = active_window(open_window, qtbot)
    screen = go(window, routes.Reference("trade.gap"))
    assert isinstance(screen, ReferenceScreen)
    assert screen.current is not None and screen.current.key == "trade.gap"


def test_practice_routes_open_the_builder_a_set_or_an_area(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = active_window(open_window, qtbot)
    with window.ctx.read() as s:
        ids = tuple(s.scalars(select(Question.id).where(Question.type != "mains")))
    screen = go(window, routes.Practice("Two of them", ids[:2]))
    assert isinstance(screen, PracticeScreen)
    assert screen.pages.currentWidget() is screen.practice
    assert screen.practice.title.text() == "Practice: Two of them"
    go(window, routes.Home())
    go(window, routes.Practice())
    assert screen.pages.currentWidget() is screen.tabs
    assert screen.tabs.currentWidget() is screen.builder


def test_mock_routes_set_up_sit_and_show_the_result(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = active_window(open_window, qtbot)
    screen = go(window, routes.MockSetup())
    assert isinstance(screen, PracticeScreen)
    assert screen.pages.currentWidget() is screen.tabs
    assert screen.tabs.currentWidget() is screen.mock_setup
    screen.mock_setup.start_new()
    quiz = screen.mock.quiz
    assert quiz is not None

    go(window, routes.Home())
    home = window.screens["home"]
    assert isinstance(home, HomeScreen) and home.mock_button.text() == "Resume test"
    go(window, routes.Mock(quiz.id))
    assert screen.pages.currentWidget() is screen.mock and focus_is_in(screen.mock)
    screen.mock.submit()
    assert screen.pages.currentWidget() is screen.results

    go(window, routes.Mains())
    assert screen.tabs.currentWidget() is screen.mains
    go(window, routes.MockResult(quiz.id))
    assert screen.pages.currentWidget() is screen.results
    assert screen.results.result is not None and screen.results.result.id == quiz.id


def test_bank_routes_select_a_prompt_or_search(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = active_window(open_window, qtbot)
    with window.ctx.read() as s:
        last = s.scalars(select(Question.id).order_by(Question.id.desc())).first()
    assert last is not None
    screen = go(window, routes.Bank(question_id=last))
    assert isinstance(screen, BankScreen) and screen.current_id() == last
    go(window, routes.Bank(search="zzzz-nothing-matches"))
    assert screen.search.text() == "zzzz-nothing-matches"
    assert screen.model.rowCount() == 0


def test_screens_send_the_student_through_the_router(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = active_window(open_window, qtbot)
    home = window.screens["home"]
    assert isinstance(home, HomeScreen)
    home.mock_button.click()  # no test under way: to the mock set-up
    assert window.ctx.router.current == routes.MockSetup()
    progress = window.screens["progress"]
    assert isinstance(progress, ProgressScreen)
    window.show_screen("reference")
    reference = window.screens["reference"]
    assert isinstance(reference, ReferenceScreen)
    reference.open_section("trade.gap")
    reference.practise_button.click()
    route = window.ctx.router.current
    assert isinstance(route, routes.Practice) and route.question_ids
    assert window.current_screen() == "tests"
