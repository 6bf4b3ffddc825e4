"""The main window opens, shows real figures, navigates, and remembers its size."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

from studyapp.core.clock import to_ms
from studyapp.core.models import Card, Question, ReviewLog
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import ContentDirs, DataDir
from studyapp.gui.context import REVIEWS
from studyapp.gui.home.home_screen import HomeScreen
from studyapp.gui.main_window import SCREENS, MainWindow
from studyapp.gui.reference.reference_screen import ReferenceScreen


def test_window_has_title_icon_menus_and_status(open_window: Callable[[], MainWindow]) -> None:
    window = open_window()
    assert window.windowTitle() == "Setu"
    assert not window.windowIcon().isNull()
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "View", "Tools", "Help"]
    assert "Data folder:" in window.statusBar().currentMessage()
    assert window.current_screen() == "home"


def test_home_shows_figures_from_the_database(open_window: Callable[[], MainWindow]) -> None:
    window = open_window()
    home = window.screens["home"]
    assert isinstance(home, HomeScreen)
    assert home.bank.text() == "4 prompts in the bank"
    assert home.new.value() == "4"
    assert home.due.value() == "0"
    assert home.reviewed.value() == "0"
    # An answer recorded elsewhere shows up once the change is announced.
    with window.ctx.write(REVIEWS) as s:
        q = s.query(Question).filter_by(key="q.trade.0001").one()
        now_ms = to_ms(window.ctx.now())
        s.merge(
            Card(
                question_id=q.id,
                state=2,
                stability=3.0,
                difficulty=5.0,
                due_ms=now_ms + 3 * 86_400_000,
                last_review_ms=now_ms,
                reps=1,
            )
        )
        s.add(
            ReviewLog(
                question_id=q.id,
                reviewed_ms=now_ms,
                rating=3,
                correct=True,
                duration_ms=30_000,
                mode="review",
            )
        )
    assert home.reviewed.value() == "1"
    assert home.new.value() == "3"


def test_navigation_by_clicking_and_by_shortcut(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    for row, info in enumerate(SCREENS):
        rect = window.nav.visualItemRect(window.nav.item(row))
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.current_screen() == info.key
        assert window.stack.currentWidget() is window.screens[info.key]
    for info in reversed(SCREENS):
        (action,) = [
            a for a in window.findChildren(QAction) if a.shortcut() == QKeySequence(info.shortcut)
        ]
        action.trigger()
        assert window.current_screen() == info.key


def test_start_review_goes_to_review(open_window: Callable[[], MainWindow], qtbot: QtBot) -> None:
    window = open_window()
    home = window.screens["home"]
    assert isinstance(home, HomeScreen)
    qtbot.mouseClick(home.start_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() == "review"


def test_size_and_position_are_remembered(open_window: Callable[[], MainWindow]) -> None:
    window = open_window()
    screen = window.screen().availableGeometry()
    size = (min(1001, screen.width() - 20), min(651, screen.height() - 40))
    window.resize(*size)
    window.move(QPoint(20, 10))
    window.close()
    again = open_window()
    assert (again.width(), again.height()) == size


def test_window_opens_with_home_alone_and_builds_a_screen_when_first_shown(
    open_window: Callable[[], MainWindow],
) -> None:
    window = open_window()
    # A cold start builds the screen on show only; the rest wait for the student.
    assert [key for key in window.screens if window.screens.built(key)] == ["home"]
    (go_to_bank,) = [
        a for a in window.findChildren(QAction) if a.shortcut() == QKeySequence("Ctrl+5")
    ]
    go_to_bank.trigger()
    assert window.current_screen() == "bank"
    bank = window.screens.built("bank")
    assert bank is not None and window.stack.currentWidget() is bank
    assert bank.isVisible()


def test_reference_divider_is_where_the_student_left_it(
    open_window: Callable[[], MainWindow],
) -> None:
    window = open_window()
    window.resize(1200, 800)
    window.show_screen("reference")
    reference = window.screens["reference"]
    assert isinstance(reference, ReferenceScreen)
    reference.splitter.setSizes([300, 900])
    reference.splitter.splitterMoved.emit(300, 1)
    left = reference.splitter.sizes()[0]
    window.close()
    again = open_window()
    again.resize(1200, 800)
    again.show_screen("reference")
    shown = again.screens["reference"]
    assert isinstance(shown, ReferenceScreen)
    assert shown.splitter.sizes()[0] == left


def test_warm_up_builds_every_screen_behind_home(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    window.warm_up()
    qtbot.waitUntil(lambda: all(window.screens.built(key) for key in window.screens))
    assert window.current_screen() == "home" and window.screens["home"].isVisible()
    for info in SCREENS:
        assert window.stack.widget(SCREENS.index(info)) is window.screens[info.key]


def test_after_warm_up_full_collections_leave_out_what_start_up_made(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    """A full collection that walked every object of the libraries and the screens
    would pause the window between two prompts; once warm, it walks only newer ones."""
    import gc

    gc.unfreeze()  # as a new process starts
    window = open_window()
    window.warm_up()
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0)
    assert all(window.screens.built(key) for key in window.screens)
    assert len(gc.get_objects(generation=2)) < gc.get_freeze_count() / 10
    gc.unfreeze()


def test_the_window_shows_home_before_sqlalchemy_loads(
    db: Database, data_dir: DataDir, content: ContentDirs
) -> None:
    # Home's figures are read on a plain connection, so a cold start shows the window
    # without importing SQLAlchemy and the ORM (most of what start-up used to wait for);
    # they load afterwards, on a worker thread, before the other screens are built. A
    # process of its own: this one has them loaded already.
    db.close()
    script = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from studyapp.core.storage.paths import ContentDirs, resolve_data_dir
        from studyapp.gui.app import application, open_main_window
        app = application()
        content = ContentDirs(Path({str(content.resources)!r}), Path({str(content.questions)!r}))
        window = open_main_window(resolve_data_dir({str(data_dir.root)!r}), content)
        window.show()
        app.processEvents()
        print(window.screens["home"].bank.text(), "sqlalchemy" in sys.modules)
        window.warm_up()
        # The libraries load on a worker thread: the window goes on handling events.
        from PySide6.QtCore import QTimer
        from studyapp.gui import preload
        handled = []
        QTimer.singleShot(0, lambda: handled.append(preload.loading()))
        app.processEvents()
        print("handled while loading", handled, window.screens.built("review") is None)
        while not all(window.screens.built(key) for key in window.screens):
            app.processEvents()
        print("after warm-up", "sqlalchemy" in sys.modules)
        os._exit(0)
        """
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        "4 prompts in the bank False",
        "handled while loading [True] True",
        "after warm-up True",
    ]


def _opened_slowly(
    qtbot: QtBot,
    data_dir: DataDir,
    content: ContentDirs,
    monkeypatch: pytest.MonkeyPatch,
    look: Callable[[list[Any]], None],
) -> MainWindow:
    """The window, opened while the database is held back on its worker: `look` is
    given the dialogs then on screen, and the worker is let go after it."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from studyapp.core.startup import open_study_database as real_open
    from studyapp.gui import app as app_module
    from studyapp.gui import preparing

    monkeypatch.setattr(preparing, "SHOWN_AFTER_S", 0.0)
    release = threading.Event()

    def held_open(*args: object) -> object:
        assert threading.current_thread() is not threading.main_thread()
        assert release.wait(10)
        return real_open(*args)  # type: ignore[arg-type]

    def look_then_release() -> None:  # runs on this thread, while the worker is held
        look(
            [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QProgressDialog) and w.isVisible()
            ]
        )
        release.set()

    monkeypatch.setattr(app_module, "open_study_database", held_open)
    QTimer.singleShot(0, look_then_release)
    window = app_module.open_main_window(data_dir, content)
    qtbot.addWidget(window)
    return window


def test_a_slow_first_start_says_what_it_is_doing_then_opens_the_window(
    qtbot: QtBot, data_dir: DataDir, content: ContentDirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Creating the database with the study pack (or upgrading one) runs on a worker;
    past a moment a dialog says so while events are handled, and goes once the
    window can open."""
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from studyapp.gui import preparing

    seen: list[str] = []
    window = _opened_slowly(
        qtbot,
        data_dir,
        content,
        monkeypatch,
        lambda dialogs: seen.extend(str(box.labelText()) for box in dialogs),
    )
    assert seen == [preparing.LABEL]
    assert not any(
        isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
    with window.ctx.read_direct() as connection:
        assert connection.execute("SELECT count(*) FROM questions").fetchone()[0] > 0
    window.ctx.db.close()


def test_the_dialog_of_a_slow_start_wears_the_look_the_window_last_closed_with(
    qtbot: QtBot, data_dir: DataDir, content: ContentDirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.core.settings import update_settings
    from studyapp.gui.app import application, open_main_window
    from studyapp.gui.theme import apply_theme, colors_for

    window = open_main_window(data_dir, content)
    qtbot.addWidget(window)
    with window.ctx.db.write() as session:
        update_settings(session, theme="dark")
    apply_theme(application(), "dark")
    window.close()
    window.ctx.db.close()
    apply_theme(application(), "light")  # as a new process starts: nothing read yet

    backgrounds: list[str] = []
    window = _opened_slowly(
        qtbot,
        data_dir,
        content,
        monkeypatch,
        lambda dialogs: backgrounds.extend(d.palette().window().color().name() for d in dialogs),
    )
    assert backgrounds == [colors_for("dark").window]
    window.close()
    window.ctx.db.close()
    apply_theme(application())  # the next test starts as a new process would


def test_what_opening_the_database_raises_reaches_the_caller(
    data_dir: DataDir, content: ContentDirs
) -> None:
    from studyapp.core.storage.inspect import DatabaseRefused
    from studyapp.gui.app import application, open_main_window

    application()
    data_dir.database.parent.mkdir(parents=True, exist_ok=True)
    data_dir.database.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DatabaseRefused):
        open_main_window(data_dir, content)
