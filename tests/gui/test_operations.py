"""The operation layer: every change is announced once, a write that fails is said once
and keeps nothing, reads cannot write, and long work runs off the GUI thread with
progress and Cancel."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import exc as sa_exc
from sqlalchemy import func, select, text

from studyapp.core.models import Card, Question, Setting
from studyapp.core.storage.backup import list_backups
from studyapp.core.storage.db import WriteInReadOnlyUnit, driver
from studyapp.core.storage.paths import DataDir
from studyapp.gui.background import BackgroundJob
from studyapp.gui.bank.bank_screen import BankScreen
from studyapp.gui.context import CONTENT, EVERYTHING, REVIEWS, SETTINGS
from studyapp.gui.errors import ErrorReporter
from studyapp.gui.main_window import MainWindow


@pytest.fixture
def announced(open_window: Callable[[], MainWindow]) -> Iterator[tuple[MainWindow, list[set[str]]]]:
    """The window, and every change it announces from now on."""
    window = open_window()
    heard: list[set[str]] = []
    window.ctx.changed.connect(heard.append)
    yield window, heard


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages long work shows when it fails."""
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: messages.append(message))
    return messages


@pytest.fixture
def locked(data_dir: DataDir) -> Iterator[sqlite3.Connection]:
    """Another program holding the database's write lock (as a second Setu command
    would): every write waits for it, then fails."""
    holder = sqlite3.connect(data_dir.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield holder
    holder.rollback()
    holder.close()


def prompts(window: MainWindow) -> int:
    with window.ctx.read() as s:
        return int(s.scalar(select(func.count()).select_from(Question)) or 0)


def csv_file(folder: Path, rows: int) -> Path:
    path = folder / "mine.csv"
    path.write_text("".join(f"front {n},back {n}\n" for n in range(rows)), encoding="utf-8")
    return path


def bank_with_selection(window: MainWindow, qtbot: QtBot) -> BankScreen:
    bank = window.screens["bank"]
    assert isinstance(bank, BankScreen)
    window.show_screen("bank")
    bank.table.selectRow(0)
    qtbot.waitUntil(lambda: bank.preview.view is not None)
    return bank


# --- every change is announced once ----------------------------------------------------


def test_a_short_write_announces_what_it_changed_once(
    announced: tuple[MainWindow, list[set[str]]],
) -> None:
    window, heard = announced
    with window.ctx.write(SETTINGS) as s:
        s.execute(text("INSERT OR REPLACE INTO settings (key, value) VALUES ('probe', '1')"))
    assert heard == [{SETTINGS}]


def test_bank_actions_each_announce_one_change(
    announced: tuple[MainWindow, list[set[str]]], qtbot: QtBot
) -> None:
    window, heard = announced
    bank = bank_with_selection(window, qtbot)
    qid = bank.current_id()
    bank.toggle_suspended()
    assert heard == [{REVIEWS}]
    bank.set_flag(2)
    assert heard == [{REVIEWS}, {REVIEWS}]
    with window.ctx.read() as s:
        card = s.scalar(select(Card).where(Card.question_id == qid))
        assert card is not None and card.suspended and card.flag == 2


def test_an_import_announces_the_new_prompts_once(
    announced: tuple[MainWindow, list[set[str]]], qtbot: QtBot, tmp_path: Path
) -> None:
    window, heard = announced
    job = window.import_file(csv_file(tmp_path, 3))
    with qtbot.waitSignal(job.done, timeout=20_000):
        pass
    assert heard == [{CONTENT, REVIEWS}]
    assert prompts(window) == 7


def test_a_database_check_announces_that_anything_may_have_changed_once(
    announced: tuple[MainWindow, list[set[str]]], qtbot: QtBot
) -> None:
    window, heard = announced
    with qtbot.waitSignal(window.check_database().done, timeout=20_000):
        pass
    assert heard == [set(EVERYTHING)]
    assert (
        window.report_box is not None
        and "Integrity check: no problems." in window.report_box.text()
    )


# --- a failed write is said once and keeps nothing -------------------------------------


@pytest.mark.qt_no_exception_capture
def test_a_bank_action_on_a_locked_database_is_said_once_and_changes_nothing(
    announced: tuple[MainWindow, list[set[str]]],
    qtbot: QtBot,
    locked: sqlite3.Connection,
    data_dir: DataDir,
) -> None:
    window, heard = announced
    reporter = ErrorReporter()
    reporter.install()
    try:
        bank = bank_with_selection(window, qtbot)
        qid = bank.current_id()
        with qtbot.waitSignal(reporter.shown, timeout=20_000) as said:
            bank.suspend_button.click()  # as the student clicks it: the slot fails
        assert said.args[0] == (
            f"Setu could not write to {data_dir.database}: it is busy with another "
            "write (an import, or another Setu command)."
        )
        assert len(reporter.dialogs) == 1
    finally:
        reporter.uninstall()
        for box in list(reporter.dialogs):
            box.close()
    assert heard == []  # nothing was announced, because nothing changed
    locked.rollback()
    with window.ctx.read() as s:
        card = s.scalar(select(Card).where(Card.question_id == qid))
        assert card is not None and not card.suspended


def test_an_import_into_a_locked_database_is_said_once_and_keeps_nothing(
    announced: tuple[MainWindow, list[set[str]]],
    qtbot: QtBot,
    shown: list[str],
    locked: sqlite3.Connection,
    tmp_path: Path,
    data_dir: DataDir,
) -> None:
    window, heard = announced
    job = window.import_file(csv_file(tmp_path, 3))
    with qtbot.waitSignal(job.done, timeout=30_000) as done:
        pass
    assert done.args[0] is None
    assert shown == [
        f"Nothing was imported from mine.csv: Setu could not write to {data_dir.database}: "
        "it is busy with another write (an import, or another Setu command)."
    ]
    assert heard == []
    locked.rollback()
    assert prompts(window) == 4
    assert "Nothing was imported from mine.csv." in window.statusBar().currentMessage()


# --- reads only read ----------------------------------------------------------------------


def test_a_read_cannot_write_by_the_orm_or_by_a_plain_statement(
    open_window: Callable[[], MainWindow],
) -> None:
    window = open_window()
    with pytest.raises(WriteInReadOnlyUnit), window.ctx.read() as s:
        s.add(Setting(key="probe", value="1"))
        s.flush()
    with pytest.raises(sa_exc.DBAPIError, match="readonly"), window.ctx.read() as s:
        s.execute(text("INSERT INTO settings (key, value) VALUES ('probe', '1')"))
    with pytest.raises(sa_exc.DBAPIError, match="readonly"), window.ctx.read() as s:
        driver(s).execute("DELETE FROM questions")
    # The refusals left nothing behind, and a write afterwards on the same pooled
    # connection writes as before.
    assert prompts(window) == 4
    with window.ctx.write(SETTINGS) as s:
        s.add(Setting(key="probe", value="2"))
    with window.ctx.read() as s:
        assert s.get(Setting, "probe") is not None


def test_what_a_read_loaded_stays_readable_after_it(
    open_window: Callable[[], MainWindow],
) -> None:
    window = open_window()
    with window.ctx.read() as s:
        question = s.scalars(select(Question).order_by(Question.id)).first()
    assert question is not None and question.key  # not expired by the read's end


# --- long work runs off the GUI thread ---------------------------------------------------


def press_cancel(job: BackgroundJob) -> None:
    """The progress dialog's Cancel, pressed at once (before the work gets far)."""
    assert job.dialog is not None
    button = job.dialog.findChild(QPushButton)
    assert isinstance(button, QPushButton) and button.text() == "Cancel"
    button.click()


def progress_from_the_worker(job: BackgroundJob, qtbot: QtBot) -> None:
    """The window keeps handling events while the job reports from its own thread."""
    gui = QThread.currentThread()
    with qtbot.waitSignal(job.progressed, timeout=20_000):
        pass
    assert job.worker_thread is not gui


def test_back_up_now_runs_off_the_gui_thread_and_lists_the_backup(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    dialog = window.show_backups()
    qtbot.addWidget(dialog)
    job = dialog.back_up_now()
    assert not dialog.backup_button.isEnabled()  # one at a time
    progress_from_the_worker(job, qtbot)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=20_000)
    assert dialog.backup_button.isEnabled()
    assert dialog.message.text().startswith("Backed up to setu-")


def test_a_cancelled_backup_keeps_no_copy(
    open_window: Callable[[], MainWindow], qtbot: QtBot, shown: list[str]
) -> None:
    window = open_window()
    dialog = window.show_backups()
    qtbot.addWidget(dialog)
    job = dialog.back_up_now()
    press_cancel(job)
    with qtbot.waitSignal(job.done, timeout=20_000) as done:
        pass
    assert done.args[0] is None and shown == []  # cancelling is not an error
    assert list_backups(window.ctx.data.backups) == []
    assert list(window.ctx.data.backups.glob(".*")) == []  # no partial copy either
    assert dialog.message.text() == "No backup was made."


def test_check_database_runs_off_the_gui_thread(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    job = window.check_database()
    progress_from_the_worker(job, qtbot)
    qtbot.waitUntil(lambda: window.report_box is not None, timeout=20_000)


def test_a_csv_import_runs_off_the_gui_thread_and_can_be_cancelled(
    announced: tuple[MainWindow, list[set[str]]],
    qtbot: QtBot,
    tmp_path: Path,
    shown: list[str],
) -> None:
    window, heard = announced
    job = window.import_file(csv_file(tmp_path, 20_000))
    press_cancel(job)
    with qtbot.waitSignal(job.done, timeout=60_000) as done:
        pass
    assert done.args[0] is None and shown == [] and heard == []
    assert prompts(window) == 4
    assert list_backups(window.ctx.data.backups) == []  # stopped before its backup

    job = window.import_file(csv_file(tmp_path, 20_000))
    progress_from_the_worker(job, qtbot)
    with qtbot.waitSignal(job.done, timeout=60_000) as done:
        pass
    assert done.args[0].added == 20_000 and heard == [{CONTENT, REVIEWS}]
