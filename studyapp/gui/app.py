"""Starting the GUI: the application object, the data folder, the database, the window.

Problems the student can fix (an unusable data folder, a damaged database, a broken
content file) are shown in a dialog that says what and where; nothing is changed.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from studyapp import APP_NAME, __version__
from studyapp.core.errors import UserFacingError
from studyapp.core.logs import setup_logging
from studyapp.core.paths import ContentDirs, DataDir, resolve_data_dir
from studyapp.core.settings import load_settings
from studyapp.core.startup import open_study_database
from studyapp.gui.context import AppContext
from studyapp.gui.icons import app_icon
from studyapp.gui.main_window import MainWindow
from studyapp.gui.theme import apply_theme

log = logging.getLogger(__name__)


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


def open_main_window(data: DataDir, content: ContentDirs | None = None) -> MainWindow:
    """Open the database and build the window (raises `UserFacingError`)."""
    db, report = open_study_database(data, content)
    if not report.skipped:
        log.info("content synced: %s", report)
    with db.begin() as session:
        settings = load_settings(session)
    apply_theme(application(), settings.theme, settings.font_size)
    ctx = AppContext(db, data)
    return MainWindow(ctx, window_settings(data))


def run(data_dir: str | Path | None) -> int:
    app = application()
    try:
        data = resolve_data_dir(data_dir)
        setup_logging(data.logs)
        window = open_main_window(data)
    except UserFacingError as exc:
        QMessageBox.critical(None, f"{APP_NAME} cannot start", str(exc))
        return 1
    window.show()
    code = app.exec()
    window.ctx.db.close()
    return code
