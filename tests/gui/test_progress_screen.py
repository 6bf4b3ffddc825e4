"""Progress and Home: friendly empty states on a new database, real figures on a
studied one, clickable mastery bars, the area filter, both themes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from studyapp.core.models import Question
from studyapp.core.quiz.mocks import set_response, start_mock, submit_mock
from studyapp.core.srs.days import study_day_bounds
from studyapp.core.srs.scheduler import Rating, answer
from studyapp.gui.home.home_screen import HomeScreen
from studyapp.gui.main_window import MainWindow
from studyapp.gui.practice.practice_screen import PracticeScreen
from studyapp.gui.progress.progress_screen import ProgressScreen
from studyapp.gui.theme import DARK, LIGHT, apply_theme

LEFT = Qt.MouseButton.LeftButton


def progress(window: MainWindow) -> ProgressScreen:
    screen = window.screens["progress"]
    assert isinstance(screen, ProgressScreen)
    window.show_screen("progress")
    return screen


def home(window: MainWindow) -> HomeScreen:
    screen = window.screens["home"]
    assert isinstance(screen, HomeScreen)
    window.show_screen("home")
    return screen


def study(window: MainWindow) -> None:
    """Answers on the three study days before today and a mock test today, placed by
    study day (which starts at 4 a.m.) so the figures do not depend on the hour."""
    today, _ = study_day_bounds(window.ctx.now(), None, 4)
    with window.ctx.write("reviews", "quizzes") as s:
        ids = dict(s.execute(select(Question.key, Question.id)).all())
        for back, key, rating in (
            (3, "q.trade.0001", Rating.GOOD),
            (2, "q.trade.0002", Rating.AGAIN),
            (1, "q.trade.0003", Rating.GOOD),
            (1, "q.trade.0001", Rating.GOOD),
        ):
            answer(
                s,
                ids[key],
                rating,
                today - timedelta(days=back) + timedelta(hours=8),
                correct=rating == Rating.GOOD,
                duration_ms=30_000,
                fuzz=False,
            )
        quiz = start_mock(s, [ids["q.trade.0001"], ids["q.trade.0002"]], today)
        set_response(s, quiz, 0, "0")
        set_response(s, quiz, 1, "3")
        submit_mock(s, quiz, today + timedelta(seconds=1), fuzz=False)


def painted(widget: object) -> QImage:
    image = widget.grab().toImage()  # type: ignore[attr-defined]
    return image


def test_progress_on_an_empty_database_says_what_will_appear(
    open_window: Callable[[], MainWindow],
) -> None:
    screen = progress(open_window())
    assert screen.streak.value() == "0"
    assert screen.answers.value() == "0"
    assert screen.retention_card.value() == "–"
    for chart in (screen.heatmap, screen.reviews, screen.minutes, screen.retention,
                  screen.forecast, screen.mocks):  # fmt: skip
        assert chart.is_empty(), chart
    assert "No mock tests yet" in screen.mocks_card.subtitle.text()
    # Mastery still lists every area (nothing seen), so the student sees what there is.
    assert [r.title for r in screen.mastery.rows] == ["Trade", "Links"]
    assert all(r.recall is None and r.seen == 0 for r in screen.mastery.rows)


def test_progress_shows_the_studied_history(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    study(window)
    screen = progress(window)
    assert screen.answers.value() == "6"  # 4 reviews + 2 mock answers
    assert not screen.heatmap.is_empty() and not screen.reviews.is_empty()
    assert sum(screen.reviews.values) == 6
    assert not screen.forecast.is_empty()
    assert [round(m.share, 4) for m in screen.snapshot.mocks] == [round((2 - 2 / 3) / 4, 4)]  # type: ignore[union-attr]
    assert "1 mock test · last 1.33 / 4.00" in screen.mocks_card.subtitle.text()
    trade = next(r for r in screen.mastery.rows if r.key == "trade")
    assert trade.seen == 2 and trade.recall is not None

    # Clicking an area narrows every chart to it; clicking a section opens it.
    y = 4 + screen.mastery.rows.index(trade) * screen.mastery.ROW + 10
    qtbot.mouseClick(screen.mastery, LEFT, pos=QPoint(300, y))
    assert screen.area.currentData() == "trade"
    assert "Mastery by section" in screen.mastery_card.title.text()
    keys = [r.key for r in screen.mastery.rows]
    assert "trade.gap" in keys
    assert screen.answers.value() == "5"  # the true/false prompt is in "links"
    y = 4 + keys.index("trade.gap") * screen.mastery.ROW + 10
    qtbot.mouseClick(screen.mastery, LEFT, pos=QPoint(300, y))
    assert window.current_screen() == "reference"


@pytest.mark.parametrize("colors", [LIGHT, DARK], ids=["light", "dark"])
def test_charts_are_drawn_in_the_theme_colours(
    open_window: Callable[[], MainWindow], qapp: object, colors: object
) -> None:
    window = open_window()
    study(window)
    apply_theme(qapp, "dark" if colors is DARK else "light")  # type: ignore[arg-type]
    try:
        screen = progress(window)
        image = painted(screen.reviews)
        accent = colors.accent.lower()  # type: ignore[attr-defined]
        found = {
            image.pixelColor(x, y).name()
            for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)
        }
        assert accent in found  # the bars
    finally:
        apply_theme(qapp, "light")  # type: ignore[arg-type]


def test_home_shows_streak_weakest_areas_and_the_last_mock(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    screen = home(window)
    assert screen.mock_score.text() == "–" and "No mock test yet" in screen.mock_detail.text()
    assert len(screen.practise_buttons) == 2  # the fixture has two areas
    study(window)
    screen.refresh()
    assert screen.streak.value() == "4"  # three days before and today
    assert screen.mock_score.text() == "1.33 / 4.00"
    assert screen.start_button.isEnabled()

    qtbot.mouseClick(screen.practise_buttons[0], LEFT)
    tests = window.screens["tests"]
    assert isinstance(tests, PracticeScreen)
    assert window.current_screen() == "tests" and tests.pages.currentWidget() is tests.practice
    assert tests.practice.title.text().startswith("Practice: ")


def test_home_sends_the_student_to_the_mock_tests(open_window: Callable[[], MainWindow]) -> None:
    window = open_window()
    screen = home(window)
    screen.mock_button.click()
    tests = window.screens["tests"]
    assert isinstance(tests, PracticeScreen)
    assert window.current_screen() == "tests" and tests.tabs.currentWidget() is tests.mock_setup


def test_progress_weighs_confidence_across_mocks_and_advises_from_the_record(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    """Twenty two-prompt mocks: the 50-50 answers right 12 times in 20, the guesses
    3 times in 20 — keep attempting the first, leave the second."""
    from studyapp.core.quiz.mocks import set_confidence

    window = open_window()
    now = window.ctx.now()
    with window.ctx.write("quizzes", "reviews") as s:
        keys = dict(s.execute(select(Question.key, Question.answer_index)).all())
        ids = dict(s.execute(select(Question.key, Question.id)).all())
        for n in range(20):
            quiz = start_mock(s, [ids["q.trade.0001"], ids["q.trade.0002"]], now)
            for position, key, level, right in (
                (0, "q.trade.0001", "fifty", n < 12),
                (1, "q.trade.0002", "guess", n < 3),
            ):
                answer_index = keys[key] or 0
                set_response(s, quiz, position, str(answer_index if right else answer_index + 1))
                set_confidence(s, quiz, position, level)
            submit_mock(s, quiz, now, fuzz=False)
    screen = progress(window)
    advice = screen.confidence.advice_text()
    assert "Keep attempting your 50-50 answers: 12 of 20 right (60 %)" in advice
    assert "12 × 2 − 8 × ⅔ = 24.00 − 5.33 = +18.67 over 20 answers" in advice
    assert "Leave your guesses blank unless you can rule out options: 3 of 20 right (15 %)" in (
        advice
    )
    assert "3 × 2 − 17 × ⅔ = 6.00 − 11.33 = −5.33 over 20 answers" in advice
    assert "40 answers tagged" in screen.confidence_card.subtitle.text()
    by_type = {row[0]: row[1:4] for row in screen.breakdown.types.rows}
    assert by_type == {"Single answer": ["20", "12", "8"], "Statements": ["20", "3", "17"]}
    screen.area.setCurrentIndex(screen.area.findData("links"))
    assert screen.breakdown.empty.isVisibleTo(screen.breakdown)
    assert "Sit a mock test" in screen.breakdown_card.subtitle.text()
