"""The window and data safety: backups and restore, check database, a refused
database, one window per folder, errors shown once, and a full disk."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, text

from studyapp.core.logs import LOG_NAME, setup_logging
from studyapp.core.models import Question, ReviewLog
from studyapp.core.srs import totals
from studyapp.core.storage.backup import list_backups, make_backup
from studyapp.core.storage.db import driver
from studyapp.core.storage.paths import ContentDirs, DataDir, resolve_data_dir
from studyapp.gui import importing
from studyapp.gui.app import claim_data_folder, open_with_recovery
from studyapp.gui.background import BackgroundJob
from studyapp.gui.errors import ErrorReporter
from studyapp.gui.home.home_screen import HomeScreen
from studyapp.gui.main_window import MainWindow
from studyapp.gui.recovery import RecoveryDialog
from studyapp.gui.review.review_screen import ReviewScreen
from studyapp.gui.single_instance import InstanceServer
from tests.full_disk import fill


def answers(window: MainWindow) -> int:
    with window.ctx.read() as s:
        return int(s.scalar(select(func.count()).select_from(ReviewLog)) or 0)


def answer_one(window: MainWindow, qtbot: QtBot) -> ReviewScreen:
    """Answer the prompt on the review screen as the keys 1 (or Space) and Space do."""
    review = window.screens["review"]
    assert isinstance(review, ReviewScreen)
    window.show_screen("review")
    qtbot.waitUntil(lambda: review.view is not None)
    if not review.prompt.locked:
        if review.prompt.reveal_button is not None:
            review.press_accept()  # reveal a self-graded prompt
        else:
            review.press_number(1)
    review.press_accept()  # rate it as suggested
    return review


def click_in_next_modal(
    qtbot: QtBot, choose: Callable[[QMessageBox], QAbstractButton | None]
) -> None:
    """When the next modal message box opens, press the button `choose` picks."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, press)
            return
        button = choose(box)
        assert button is not None
        button.click()

    QTimer.singleShot(0, press)


# --- backups and restore -----------------------------------------------------------


def test_backups_dialog_lists_and_restores_through_the_running_window(
    open_window: Callable[[], MainWindow], qtbot: QtBot, qtmodeltester: object
) -> None:
    window = open_window()
    answer_one(window, qtbot)
    dialog = window.show_backups()
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
    assert dialog.model.rowCount() == 0 and not dialog.restore_button.isEnabled()
    with qtbot.waitSignal(dialog.back_up_now().done, timeout=10_000):
        pass
    assert dialog.model.rowCount() == 1
    row = [dialog.model.index(0, c).data() for c in range(5)]
    assert row[1] == "Made by you" and row[3] == "1" and row[4] == "4"
    home = window.screens["home"]
    assert isinstance(home, HomeScreen)
    for _ in range(2):
        answer_one(window, qtbot)
    assert answers(window) == 3

    click_in_next_modal(qtbot, lambda box: box.button(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(window.ctx.changed, timeout=10_000):
        dialog.restore_selected()
    assert answers(window) == 1
    assert window.statusBar().currentMessage() == f"Restored the backup of {row[0]}."
    # The list now also holds the database as it was before the restore.
    kinds = [dialog.model.index(r, 1).data() for r in range(dialog.model.rowCount())]
    assert sorted(kinds) == ["Before a restore", "Made by you"]
    before = next(r for r in range(2) if dialog.model.index(r, 1).data() == "Before a restore")
    assert dialog.model.index(before, 3).data() == "3"
    # The window works on the restored database: the review goes on from there.
    answer_one(window, qtbot)
    assert answers(window) == 2


def test_a_restore_runs_off_the_gui_thread_and_keeps_the_note_being_typed(
    open_window: Callable[[], MainWindow], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window goes on handling events under a modal progress dialog while the
    database is replaced (seconds on a large collection), and a note still waiting
    for its pause in typing is saved first, so the backup of the database as it was
    holds it."""
    from studyapp.core.storage import backup as backup_module
    from studyapp.gui.reference.reference_screen import ReferenceScreen

    window = open_window()
    answer_one(window, qtbot)
    taken = make_backup(window.ctx.db.path, window.ctx.data.backups, "manual")
    answer_one(window, qtbot)
    reference = window.screens["reference"]
    assert isinstance(reference, ReferenceScreen)
    window.show_screen("reference")
    reference.open_section("links.rail")
    qtbot.keyClicks(reference.note_edit, "Typed just before restoring")

    release, restored_on = threading.Event(), []
    real_restore = backup_module.restore_backup

    def held_restore(*args: object) -> Path | None:
        restored_on.append(threading.current_thread())
        assert release.wait(10)
        return real_restore(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_module, "restore_backup", held_restore)
    job = window.restore_from(taken)
    dialog = job.dialog
    assert dialog is not None
    assert dialog.isVisible()  # at once, above every window
    assert dialog.windowModality() == Qt.WindowModality.ApplicationModal
    # The worker holds the restore while the GUI thread goes on handling events.
    qtbot.waitUntil(lambda: bool(restored_on), timeout=5_000)
    assert restored_on[0] is not threading.main_thread() and dialog.isVisible()
    built = {key for key in window.screens if window.screens.built(key)}
    window.warm_up()  # as the window does after it opens: no screen is built meanwhile
    assert {key for key in window.screens if window.screens.built(key)} == built
    with qtbot.waitSignal(window.ctx.changed, timeout=10_000):
        release.set()
    assert answers(window) == 1 and "Restored" in window.statusBar().currentMessage()
    assert reference.note_edit.toPlainText() == ""  # the backup had no note
    qtbot.waitUntil(lambda: all(window.screens.built(key) for key in window.screens))
    before = next(p for p in list_backups(window.ctx.data.backups) if "before-restore" in p.name)
    kept = sqlite3.connect(f"file:{before}?mode=ro", uri=True)
    try:
        assert kept.execute("SELECT body FROM notes").fetchall() == [
            ("Typed just before restoring",)
        ]
    finally:
        kept.close()


def test_a_damaged_backup_is_refused_and_the_window_goes_on_with_its_database(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    answer_one(window, qtbot)
    damaged = window.ctx.data.backups / "setu-20261201-090000-000000-manual.sqlite3"
    damaged.parent.mkdir(parents=True, exist_ok=True)
    damaged.write_bytes(window.ctx.db.path.read_bytes()[:8192])
    said: list[str] = []

    def read_and_close(box: QMessageBox) -> QAbstractButton | None:
        said.append(box.text())
        return box.button(QMessageBox.StandardButton.Ok)

    click_in_next_modal(qtbot, read_and_close)
    with qtbot.waitSignal(window.restore_from(damaged).done, timeout=10_000):
        pass
    assert len(said) == 1 and "not restored" in said[0] and damaged.name in said[0]
    assert "Restored" not in window.statusBar().currentMessage()
    answer_one(window, qtbot)  # the database it had, open again
    assert answers(window) == 2


def test_check_database_repairs_review_totals_and_says_so(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    answer_one(window, qtbot)
    with window.ctx.write() as s:
        totals.fold(driver(s))  # the answer joins the totals, which are then damaged
        s.execute(text("UPDATE review_slots SET reviews = 50"))
    with qtbot.waitSignal(window.check_database().done, timeout=10_000) as done:
        pass
    report = done.args[0]
    assert report is not None and report.review_totals_fixed == 1
    assert window.report_box is not None
    assert "Review totals: 1 row corrected" in window.report_box.text()
    assert any("before-check" in p.name for p in list_backups(window.ctx.data.backups))
    with window.ctx.read() as s:
        assert s.execute(text("SELECT sum(reviews) FROM review_slots")).scalar() == 1


def test_a_damaged_database_offers_the_newest_backup_and_opens_it(
    qtbot: QtBot, data_dir: DataDir, content: ContentDirs
) -> None:
    from studyapp.core.startup import open_study_database

    db, _ = open_study_database(data_dir, content)
    make_backup(db.path, data_dir.backups, "daily")
    db.close()
    damaged = data_dir.database.read_bytes()[: 4096 * 4]
    data_dir.database.write_bytes(damaged)

    def choose(box: QMessageBox) -> QAbstractButton | None:
        assert isinstance(box, RecoveryDialog)
        assert f"The database {data_dir.database} is damaged" in box.text()
        assert box.repair_button is not None
        return box.restore_button

    click_in_next_modal(qtbot, choose)
    window = open_with_recovery(data_dir, content)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    try:
        assert answers(window) == 0
        home = window.screens["home"]
        assert isinstance(home, HomeScreen) and home.bank.text() == "4 prompts in the bank"
    finally:
        window.close()
        window.ctx.db.close()
    (aside,) = data_dir.backups.glob("set-aside-*.sqlite3")
    assert aside.read_bytes() == damaged


# --- one window per data folder --------------------------------------------------------


def test_a_second_launch_brings_the_first_window_forward(
    open_window: Callable[[], MainWindow], qtbot: QtBot, data_dir: DataDir
) -> None:
    window = open_window()
    lock = claim_data_folder(data_dir)
    assert lock is not None
    server = InstanceServer(data_dir.root, window)
    try:
        with qtbot.waitSignal(server.show_requested, timeout=10_000):
            assert claim_data_folder(data_dir) is None  # the second launch, in-process
        # And a real second process: it exits at once, the first window is asked forward.
        with qtbot.waitSignal(server.show_requested, timeout=30_000):
            child = subprocess.Popen(
                [sys.executable, "-m", "studyapp", "--data-dir", str(data_dir.root)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        _out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
    finally:
        lock.release()


# --- errors reach the student once ---------------------------------------------------------


@pytest.fixture
def reporter(data_dir: DataDir) -> Iterator[ErrorReporter]:
    _drop_setu_log_handlers()  # a command run by an earlier test logs elsewhere
    assert setup_logging(data_dir.logs) is None
    errors = ErrorReporter()
    errors.install()
    yield errors
    errors.uninstall()
    for box in list(errors.dialogs):
        box.close()
    _drop_setu_log_handlers()


def _drop_setu_log_handlers() -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_setu", False)]:
        root.removeHandler(handler)
        handler.close()


def _broken_slot() -> None:
    raise RuntimeError("the chart lost its axis")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_shown_once(
    reporter: ErrorReporter, qtbot: QtBot, data_dir: DataDir
) -> None:
    with qtbot.waitSignal(reporter.shown, timeout=5000) as shown:
        QTimer.singleShot(0, _broken_slot)
    text_shown = shown.args[0]
    log = data_dir.logs / LOG_NAME
    assert "RuntimeError: the chart lost its axis" in text_shown
    assert str(log) in text_shown
    assert len(reporter.dialogs) == 1 and reporter.dialogs[0].isVisible()
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "_broken_slot" in logged
    # The same error again is logged but not shown again.
    with qtbot.waitSignal(reporter.shown, timeout=300, raising=False) as again:
        QTimer.singleShot(0, _broken_slot)
    assert not again.signal_triggered and len(reporter.dialogs) == 1
    assert log.read_text(encoding="utf-8").count("the chart lost its axis") >= 2


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_thread_reaches_the_window(reporter: ErrorReporter, qtbot: QtBot) -> None:
    def work() -> None:
        raise ValueError("the export ran out of pages")

    with qtbot.waitSignal(reporter.shown, timeout=5000) as shown:
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
    assert "ValueError: the export ran out of pages" in shown.args[0]


def test_an_import_that_fails_unexpectedly_is_reported_and_its_thread_ends(
    open_window: Callable[[], MainWindow],
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fails(*_args: object) -> None:
        raise KeyError("front")

    monkeypatch.setattr(importing, "import_rows", fails)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: shown.append(message))
    window = open_window()
    path = tmp_path / "mine.csv"
    path.write_text("front,back\nQ,A\n", encoding="utf-8")
    job = window.import_file(path)
    assert isinstance(job, BackgroundJob)
    with qtbot.waitSignal(job.done, timeout=10_000) as done:
        pass
    assert done.args[0] is None
    assert shown and shown[0].startswith("Nothing was imported from mine.csv: an unexpected error")
    assert job.worker_thread.isFinished()


def test_closing_the_window_cancels_a_running_import_and_waits(
    open_window: Callable[[], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window()
    path = tmp_path / "big.csv"
    path.write_text("".join(f"front {i},back {i}\n" for i in range(60_000)), encoding="utf-8")
    job = window.import_file(path)
    assert isinstance(job, BackgroundJob)
    qtbot.waitUntil(lambda: job.dialog.maximum() > 0, timeout=30_000)  # under way
    window.close()
    assert job.worker_thread.isFinished()
    with window.ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Question)) == 4  # rolled back


# --- a full disk ---------------------------------------------------------------------


def full_disk_window(
    volume: Path, tmp_path: Path, content: ContentDirs, qtbot: QtBot
) -> MainWindow:
    from studyapp.gui.app import open_main_window

    data = resolve_data_dir(volume / "data")
    # Backups on another disk, so that what fills up is the database's own disk.
    shutil.rmtree(data.backups)
    (tmp_path / "backups").mkdir()
    data.backups.symlink_to(tmp_path / "backups")
    window = open_main_window(data, content)
    qtbot.addWidget(window)
    window.show()
    with window.ctx.db.engine.connect() as conn:  # no reusable space left in the -wal
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return window


def test_an_answer_on_a_full_disk_says_so_and_stays_to_retry(
    small_volume: Path, tmp_path: Path, content: ContentDirs, qtbot: QtBot
) -> None:
    window = full_disk_window(small_volume, tmp_path, content, qtbot)
    try:
        review = window.screens["review"]
        assert isinstance(review, ReviewScreen)
        window.show_screen("review")
        first = review.view
        assert first is not None
        filler = fill(small_volume)
        review.press_number(1)
        review.press_accept()
        assert review.save_error.isVisible()
        assert "Your answer was not saved: The disk holding" in review.save_error.text()
        assert "is full" in review.save_error.text()
        assert review.view is first and review.prompt.locked  # still there, still rated
        assert answers(window) == 0
        filler.unlink()
        review.press_accept()  # the retry
        assert answers(window) == 1
        assert not review.save_error.isVisible() and review.view is not first
    finally:
        window.close()
        window.ctx.db.close()


def test_an_import_on_a_full_disk_is_refused_and_the_window_closes_cleanly(
    small_volume: Path,
    tmp_path: Path,
    content: ContentDirs,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: shown.append(message))
    window = full_disk_window(small_volume, tmp_path, content, qtbot)
    database = window.ctx.db.path
    try:
        path = tmp_path / "many.csv"
        path.write_text(
            "".join(f"a longer front number {i},a longer back {i}\n" for i in range(20_000)),
            encoding="utf-8",
        )
        filler = fill(small_volume)
        job = window.import_file(path)
        with qtbot.waitSignal(job.done, timeout=60_000) as done:
            pass
        assert done.args[0] is None
        assert shown == [
            f"Nothing was imported from many.csv: The disk holding {database} is full; "
            "free some space and try again."
        ]
        filler.unlink()
        with window.ctx.read() as s:
            assert s.scalar(select(func.count()).select_from(Question)) == 4
    finally:
        window.close()
        window.ctx.db.close()
    conn = sqlite3.connect(database)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
