"""Settings are saved as they change and take effect on the next prompt."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QThread
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from studyapp.core.models import Question
from studyapp.core.settings import load_settings
from studyapp.core.srs.scheduler import build_queue
from studyapp.core.storage.paths import ContentDirs
from studyapp.gui.home.home_screen import HomeScreen
from studyapp.gui.main_window import MainWindow
from studyapp.gui.settings.settings_screen import SettingsScreen
from tests.core.synthetic_history import synthetic_history


def settings_of(window: MainWindow) -> SettingsScreen:
    screen = window.screens["settings"]
    assert isinstance(screen, SettingsScreen)
    return screen


def test_changing_the_new_limit_updates_home_at_once(open_window: Callable[[], MainWindow]) -> None:
    window = open_window()
    screen = settings_of(window)
    home = window.screens["home"]
    assert isinstance(home, HomeScreen)
    assert home.new.value() == "4"
    screen.new_per_day.setValue(2)
    assert home.new.value() == "2"
    with window.ctx.read() as s:
        assert load_settings(s).new_per_day == 2


def test_bad_learning_steps_are_explained_and_not_saved(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    screen = settings_of(window)
    window.show_screen("settings")
    screen.learning.clear()
    qtbot.keyClicks(screen.learning, "1 ten")  # type: ignore[no-untyped-call]
    qtbot.keyClick(screen.learning, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
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
    screen = settings_of(window)
    screen.theme.setCurrentText("dark")
    assert application().palette().window().color().name() == "#1b1d21"
    screen.theme.setCurrentText("light")
    assert application().palette().window().color().name() == "#f7f5f2"


def _many_prompts(count: int) -> str:
    return "".join(
        f"""- id: q.links.{1000 + i}
  type: true_false
  stem: The rail link number {i} joins two cities.
  answer: true
  explanation: The Beta review says a fast train joins the two cities, so this is true.
  sections: [links.rail]
  sources: [beta]
  area: links
  difficulty: easy
"""
        for i in range(count)
    )


def test_optimize_for_me_fits_shows_before_and_after_and_applies_on_confirmation(
    open_window: Callable[[], MainWindow], content: ContentDirs, qtbot: QtBot
) -> None:
    (content.questions / "many.yaml").write_text(_many_prompts(300))
    window = open_window()
    window.show_screen("settings")
    screen = settings_of(window)
    panel = screen.parameters
    # A fresh profile has too little history: one sentence says so, nothing changes.
    with qtbot.waitSignal(panel.fit_failed) as refused:
        panel.optimize_button.click()
    assert "at least 400 reviews" in str(refused.args[0]) and not panel.apply_button.isVisible()

    with window.ctx.write() as s:
        ids = s.scalars(
            select(Question.id).where(Question.key.like("q.links.1%")).order_by(Question.id)
        ).all()
        rows = [
            (ids[card - 1], ms, rating, rating > 1)
            for card, ms, rating in synthetic_history(len(ids), days=240)
        ]
        s.connection().exec_driver_sql(
            "INSERT INTO review_log (question_id, reviewed_ms, rating, correct, duration_ms, "
            "mode) VALUES (?, ?, ?, ?, 0, 'review')",
            rows,
        )
    with qtbot.waitSignal(panel.fitted, timeout=60_000) as fitted:
        panel.optimize_button.click()
    result = fitted.args[0]
    assert result.after.log_loss < result.before.log_loss
    assert f"log-loss {result.before.log_loss:.4f} → {result.after.log_loss:.4f}" in (
        panel.outcome.text()
    )
    assert panel.apply_button.isVisible() and panel.apply_button.isEnabled()
    with window.ctx.read() as s:
        assert load_settings(s).fsrs_parameters == ()  # nothing applied without a yes
    panel.apply_button.click()
    with window.ctx.read() as s:
        assert load_settings(s).fsrs_parameters == result.parameters
    assert "fitted to your own answers" in panel.status.text()
    assert panel.reset_button.isEnabled()
    panel.reset_button.click()
    with window.ctx.read() as s:
        assert load_settings(s).fsrs_parameters == ()
    assert not panel.reset_button.isEnabled()


def test_the_workload_estimate_follows_the_desired_retention(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    screen = settings_of(window)
    with qtbot.waitSignal(screen.parameters.workload_ready, timeout=30_000) as first:
        window.show_screen("settings")
    assert first.args[0].desired_retention == 0.9
    assert "At 90 % desired retention: about" in screen.parameters.workload.text()
    with qtbot.waitSignal(screen.parameters.workload_ready, timeout=30_000) as second:
        screen.retention.setValue(0.97)
    assert second.args[0].reviews_per_day > first.args[0].reviews_per_day
    assert "At 97 % desired retention" in screen.parameters.workload.text()


def test_an_estimate_due_after_the_window_closed_starts_no_work(
    open_window: Callable[[], MainWindow],
) -> None:
    # The estimate waits for the spin boxes to settle; the window may close meanwhile,
    # and be deleted while work it started would still run (which aborts the app).
    window = open_window()
    screen = settings_of(window)
    window.show_screen("settings")
    assert screen.parameters.workload_timer.isActive()
    window.close()
    screen.parameters.workload_timer.timeout.emit()
    assert window.ctx.operations == []
    assert not [thread for thread in window.findChildren(QThread) if thread.isRunning()]


def test_new_order_and_time_zone_are_saved_and_reorder_the_queue(
    open_window: Callable[[], MainWindow],
) -> None:
    window = open_window()
    screen = settings_of(window)
    screen.time_zone.setCurrentIndex(screen.time_zone.findData("America/New_York"))
    screen.new_order.setCurrentIndex(screen.new_order.findData("bank"))
    with window.ctx.read() as s:
        settings = load_settings(s)
        assert (settings.time_zone, settings.new_order) == ("America/New_York", "bank")
        ids = s.scalars(select(Question.id).order_by(Question.id)).all()
        assert build_queue(s, window.ctx.now())[:4] == list(ids)[:4]


def test_the_leech_setting_is_saved(open_window: Callable[[], MainWindow]) -> None:
    window = open_window()
    screen = settings_of(window)
    assert not screen.suspend_leeches.isChecked()
    screen.suspend_leeches.setChecked(True)
    with window.ctx.read() as s:
        assert load_settings(s).suspend_leeches is True
