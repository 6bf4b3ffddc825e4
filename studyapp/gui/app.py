"""Starting the GUI: the application object, the data folder, the database, the window.

Problems the student can fix (an unusable data folder, a damaged database, a broken
content file) are shown in a dialog that says what and where; nothing is changed. A
database Setu must not open comes with an offer to restore a backup or repair it.
Only one window per data folder: a second launch brings the first one forward.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from studyapp import APP_NAME, __version__
from studyapp.core.errors import UserFacingError
from studyapp.core.logs import setup_logging
from studyapp.core.settings import read_settings
from studyapp.core.startup import open_study_database
from studyapp.core.storage.inspect import DatabaseRefused
from studyapp.core.storage.lock import FolderLock
from studyapp.core.storage.paths import ContentDirs, DataDir, resolve_data_dir
from studyapp.gui.context import AppContext
from studyapp.gui.errors import ErrorReporter
from studyapp.gui.icons import app_icon
from studyapp.gui.main_window import LAST_THEME_KEY, MainWindow
from studyapp.gui.preparing import prepared
from studyapp.gui.single_instance import (
    InstanceServer,
    ask_running_instance_to_show,
    bring_to_front,
)
from studyapp.gui.theme import apply_theme

log = logging.getLogger(__name__)
WARM_UP_DELAY_MS = 300  # after the first paint, before anything is built behind it


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    return app


def window_settings(data: DataDir) -> QSettings:
    """Window size and position, kept in the data folder beside the database."""
    return QSettings(str(data.root / "window.ini"), QSettings.Format.IniFormat)


def last_look(data: DataDir) -> None:
    """Dress the application as the window last closed in this data folder (light or
    dark), before its settings can be read: an upgrade's dialog shows meanwhile."""
    theme = window_settings(data).value(LAST_THEME_KEY)
    apply_theme(application(), theme if theme in ("light", "dark") else "system")


def open_main_window(data: DataDir, content: ContentDirs | None = None) -> MainWindow:
    """Open the database and build the window (raises `UserFacingError`)."""
    db, report = prepared(
        lambda: open_study_database(data, content), styled=lambda: last_look(data)
    )
    if not report.skipped:
        log.info("content synced: %s", report)
    with db.read() as connection:
        settings = read_settings(connection)
    apply_theme(application(), settings.theme, settings.font_size)
    ctx = AppContext(db, data, content=content)
    return MainWindow(ctx, window_settings(data))


def claim_data_folder(data: DataDir) -> FolderLock | None:
    """The folder's lock, or None when another Setu has it (that window is then asked
    to come forward, or the student is told the folder is in use)."""
    lock = FolderLock(data.root)
    if lock.acquire():
        return lock
    if not ask_running_instance_to_show(data.root):
        QMessageBox.information(
            None,
            APP_NAME,
            f"The data folder {data.root} is in use by another Setu (a window or a "
            f"command); close it, or wait for the command to finish, and start again.",
        )
    return None


def open_with_recovery(data: DataDir, content: ContentDirs | None = None) -> MainWindow | None:
    """Open the window; a refused database gets the restore/repair offer, and after a
    restore or a repair the database is opened again."""
    while True:
        try:
            return open_main_window(data, content)
        except DatabaseRefused as exc:
            from studyapp.gui.recovery import recover  # rarely needed: loaded then

            log.warning("database refused: %s", exc)
            if not recover(exc, data):
                return None


def run(data_dir: str | Path | None) -> int:
    app = application()
    reporter = ErrorReporter(app)
    reporter.install()
    try:
        data = resolve_data_dir(data_dir)
    except UserFacingError as exc:
        QMessageBox.critical(None, f"{APP_NAME} cannot start", str(exc))
        return 1
    log_problem = setup_logging(data.logs)
    lock = claim_data_folder(data)
    if lock is None:
        return 0
    try:
        try:
            window = open_with_recovery(data)
        except UserFacingError as exc:
            QMessageBox.critical(None, f"{APP_NAME} cannot start", str(exc))
            return 1
        if window is None:
            return 1
        server = InstanceServer(data.root, window)
        server.show_requested.connect(lambda: bring_to_front(window))
        window.show()
        if log_problem:
            window.statusBar().showMessage(log_problem)
        window.start_daily_backup()
        # Once the window is on screen with Home, the other screens are built in turn.
        QTimer.singleShot(WARM_UP_DELAY_MS, window, window.warm_up)
        code = app.exec()
        window.ctx.db.close()
        return code
    finally:
        lock.release()
        reporter.uninstall()
