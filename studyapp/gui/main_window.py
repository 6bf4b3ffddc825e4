"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp import APP_NAME, __version__
from studyapp.core.errors import UserFacingError
from studyapp.core.wording import counted
from studyapp.gui import preload, routes
from studyapp.gui.context import EVERYTHING, AppContext
from studyapp.gui.home.home_screen import HomeScreen
from studyapp.gui.icons import app_icon
from studyapp.gui.theme import current_colors
from studyapp.gui.widgets.screen_parts import focus_first_control

# Everything else the window can open is imported where it is first used: a cold
# start loads only what Home needs (each screen's module, the import and backup code,
# the dialogs), which is most of what the window would otherwise wait for.
if TYPE_CHECKING:
    from studyapp.core.bank.import_plan import ImportPlan
    from studyapp.core.exchange.anki_import import AnkiImportReport
    from studyapp.core.exchange.csv_import import CsvRow, ImportReport
    from studyapp.core.storage.check import CheckReport
    from studyapp.core.storage.db import Database
    from studyapp.gui.background import BackgroundJob, Progress
    from studyapp.gui.backups_dialog import BackupsDialog
    from studyapp.gui.bank.bank_screen import BankScreen
    from studyapp.gui.bank.import_preview import ImportPreview
    from studyapp.gui.practice.practice_screen import PracticeScreen
    from studyapp.gui.reference.reference_screen import ReferenceScreen
    from studyapp.gui.review.review_screen import ReviewScreen


@dataclass(frozen=True)
class ScreenInfo:
    key: str
    title: str
    shortcut: str


SCREENS = (
    ScreenInfo("home", "Home", "Ctrl+1"),
    ScreenInfo("reference", "Reference", "Ctrl+2"),
    ScreenInfo("review", "Review", "Ctrl+3"),
    ScreenInfo("tests", "Practice & tests", "Ctrl+4"),
    ScreenInfo("bank", "Question bank", "Ctrl+5"),
    ScreenInfo("progress", "Progress", "Ctrl+6"),
    ScreenInfo("settings", "Settings", "Ctrl+,"),
)

SHORTCUTS = [
    ("Ctrl+1 … Ctrl+6", "Go to Home, Reference, Review, Practice & tests, Question bank, Progress"),
    ("Ctrl+,", "Settings"),
    ("Enter", "Home: start the review"),
    ("Space", "Review: reveal the answer; accept the suggested rating"),
    ("1 – 4", "Choose an option, or rate Again / Hard / Good / Easy"),
    ("Ctrl+Z", "Undo the last review answer"),
    ("PgUp / PgDown", "Scroll a long prompt and its explanation"),
    ("Enter", "Practice set: next prompt"),
    ("Left / Right", "Mock test: previous / next prompt"),
    ("Home / End", "Mock test: first / last prompt"),
    ("M", "Mock test: mark for review (and go on)"),
    ("Delete", "Mock test: clear the response"),
    ("Ctrl+Enter", "Mock test: submit"),
    ("S / F / G", "Mock test: tag the answer sure / 50-50 / guess (again: untag)"),
    ("Ctrl+F", "Search the reference and the prompts; in the Question bank, its search"),
    ("Down", "Search: into the results (Enter opens one)"),
    ("Escape", "Search: clear"),
    ("Alt+Left / Alt+Right", "Back and forward in the reference browser"),
    ("Ctrl+N", "Question bank: add a prompt"),
    ("Ctrl+E / Ctrl+J", "Question bank: edit the prompt / suspend or restore the selection"),
    ("Ctrl+Alt+1 … 5", "Question bank: flag the selection red, orange, green, blue, purple"),
    ("Ctrl+I / Ctrl+Shift+E", "Import prompts (CSV, Anki) / Export (Anki, notes, papers)"),
    ("F1", "This list"),
    ("Ctrl+Q", "Quit"),
]


_ROWS = {info.key: row for row, info in enumerate(SCREENS)}
# The screens a student most often opens first come first.
WARM_UP_ORDER = ("review", "reference", "tests", "bank", "progress", "settings")
PRELOAD_POLL_MS = 20  # how often the warm-up looks whether the libraries are loaded


class Screens(Mapping[str, QWidget]):
    """The window's screens by key, each built the first time it is shown or asked
    for. A cold start builds Home only; the others are built behind it once the
    window is up (`MainWindow.warm_up`), or at once if the student goes there first."""

    def __init__(self, build: Callable[[str], QWidget]) -> None:
        self._build = build
        self._built: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        screen = self._built.get(key)
        if screen is None:
            if key not in _ROWS:
                raise KeyError(key)
            screen = self._built[key] = self._build(key)
        return screen

    def __iter__(self) -> Iterator[str]:
        return iter(_ROWS)

    def __len__(self) -> int:
        return len(_ROWS)

    def built(self, key: str) -> QWidget | None:
        """The screen if it has been built, without building it."""
        return self._built.get(key)


def build_screen(key: str, ctx: AppContext) -> QWidget:
    """A new screen for `key`, its module imported now if it was not yet."""
    if key == "home":
        return HomeScreen(ctx)
    preload.wait()  # never import what the worker thread is importing (see `preload`)
    if key == "review":
        from studyapp.gui.review.review_screen import ReviewScreen

        return ReviewScreen(ctx)
    if key == "reference":
        from studyapp.gui.reference.reference_screen import ReferenceScreen

        return ReferenceScreen(ctx)
    if key == "settings":
        from studyapp.gui.settings.settings_screen import SettingsScreen

        return SettingsScreen(ctx)
    if key == "tests":
        from studyapp.gui.practice.practice_screen import PracticeScreen

        return PracticeScreen(ctx)
    if key == "progress":
        from studyapp.gui.progress.progress_screen import ProgressScreen

        return ProgressScreen(ctx)
    if key == "bank":
        from studyapp.gui.bank.bank_screen import BankScreen

        return BankScreen(ctx)
    raise KeyError(key)


LAST_THEME_KEY = "window/theme"


def _keep_what_start_up_made() -> None:
    """Once every screen is built, the objects start-up made (the libraries, the
    screens) are there to stay: Python's cycle collector leaves them out of every
    later collection (`gc.freeze`). Each full collection walked them all: 60 ms
    between two prompts, every few hundred answers on a large collection. No
    collection comes first: it would pause the window as long, to free the dozen
    or so objects start-up leaves unreachable."""
    gc.freeze()


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, settings: QSettings) -> None:
        super().__init__()
        self.ctx = ctx
        self._settings = settings
        self.shortcuts_box: QMessageBox | None = None
        self.report_box: QMessageBox | None = None
        self.import_preview: ImportPreview | None = None
        self.restoring = False  # a backup is being restored: the database is closed
        self.closing = False
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setMinimumSize(720, 500)

        self.nav = QListWidget()
        self.nav.setObjectName("NavList")
        self.nav.setAccessibleName("Screens")
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.screens = Screens(self._make_screen)
        for info in SCREENS:
            self.stack.addWidget(QWidget())  # the screen's place, until it is built
            item = QListWidgetItem(info.title)
            item.setData(Qt.ItemDataRole.UserRole, info.key)
            item.setToolTip(f"{info.title} ({info.shortcut})")
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._on_nav_row)

        brand = QLabel(APP_NAME)
        brand.setObjectName("Brand")
        tag = QLabel("India–Japan relations\nfor UPSC")
        tag.setObjectName("BrandTag")
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(0)
        side.addWidget(brand)
        side.addWidget(tag)
        side.addWidget(self.nav, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addLayout(side)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.statusBar().showMessage(f"Data folder: {ctx.data.root}")
        self._route_screens()
        self._fit_nav()
        self._restore_geometry()
        self.show_screen("home")

    def _route_screens(self) -> None:
        """How each route lands on its screen; screens ask `ctx.router` to go there."""
        router = self.ctx.router
        router.attach(self._bring_forward, self.focus_screen)
        # Each handler finds its screen when the route is taken (building it then).
        router.on(routes.Reference, lambda r: self._reference().show_route(r))
        router.on(routes.Practice, lambda r: self._tests().show_practice(r))
        router.on(routes.MockSetup, lambda r: self._tests().show_mock_setup(r))
        router.on(routes.Mock, lambda r: self._tests().run_mock(r.quiz_id))
        router.on(routes.MockResult, lambda r: self._tests().show_result(r.quiz_id))
        router.on(routes.Mains, lambda _r: self._tests().show_hub(self._tests().mains))
        router.on(routes.Bank, lambda r: cast("BankScreen", self.screens["bank"]).show_route(r))

    def warm_up(self) -> None:
        """Build the screens not built yet, one per turn of the event loop, so that the
        student's first visit to each is as quick as the next (the window shows Home
        first and builds the rest while the student reads it). The libraries they
        need are loaded on a worker thread first (`preload`), so that loading them
        never freezes the window."""
        if self.restoring:  # the screens are built from the database, once it is back
            return
        preload.start()
        if preload.loading():
            QTimer.singleShot(PRELOAD_POLL_MS, self, self.warm_up)
            return
        pending = [key for key in WARM_UP_ORDER if self.screens.built(key) is None]
        if pending:
            self.screens[pending[0]]
            QTimer.singleShot(0, self, self.warm_up)
        else:
            _keep_what_start_up_made()

    def _reference(self) -> ReferenceScreen:
        return cast("ReferenceScreen", self.screens["reference"])

    def _tests(self) -> PracticeScreen:
        return cast("PracticeScreen", self.screens["tests"])

    def _fit_nav(self) -> None:
        """The navigation is as wide as its longest entry at the current font size."""
        self.nav.ensurePolished()
        widest = max(self.nav.sizeHintForColumn(0), 150)
        self.nav.setFixedWidth(widest + 2 * self.nav.frameWidth() + 8)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            # The list's own font changes after the window's: fit it once the new
            # size has reached the list (the timer dies with the window).
            QTimer.singleShot(0, self, self._fit_nav)

    def _make_screen(self, key: str) -> QWidget:
        """Build `key`'s screen and put it in its place in the stack."""
        screen = build_screen(key, self.ctx)
        row = _ROWS[key]
        placeholder = self.stack.widget(row)
        assert placeholder is not None
        showing = self.stack.currentIndex() == row
        self.stack.insertWidget(row, screen)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if showing:
            self.stack.setCurrentIndex(row)
        if key == "review":
            # The review screen still announces its links by a signal of its own.
            review = cast("ReviewScreen", screen)
            review.open_section.connect(lambda k: self.ctx.router.go(routes.Reference(k)))
        elif key == "reference":
            divider = self._settings.value("reference/splitter")
            reference = cast("ReferenceScreen", screen)
            if divider is not None and reference.splitter.restoreState(divider):
                reference.splitter_moved = True  # where the student left it
        return screen

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        import_action = QAction("&Import prompts (CSV or Anki)…", self)
        import_action.setShortcut(QKeySequence("Ctrl+I"))
        import_action.triggered.connect(self.choose_import_file)
        file_menu.addAction(import_action)
        export_action = QAction("&Export (Anki, revision notes, papers)…", self)
        export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        export_action.triggered.connect(self.choose_export)
        file_menu.addAction(export_action)
        backups_action = QAction("&Backups…", self)
        backups_action.triggered.connect(self.show_backups)
        file_menu.addAction(backups_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("&View")
        for info in SCREENS:
            # "&&": a literal "&" in a menu ("Practice & tests", not "Practice _tests").
            action = QAction(info.title.replace("&", "&&"), self)
            action.setShortcut(QKeySequence(info.shortcut))
            action.triggered.connect(lambda _=False, key=info.key: self.show_screen(key))
            view_menu.addAction(action)

        tools_menu = self.menuBar().addMenu("&Tools")
        check_action = QAction("&Check database", self)
        check_action.triggered.connect(self.check_database)
        tools_menu.addAction(check_action)

        help_menu = self.menuBar().addMenu("&Help")
        shortcuts = QAction("&Keyboard shortcuts", self)
        shortcuts.setShortcut(QKeySequence("F1"))
        shortcuts.triggered.connect(self.show_shortcuts)
        help_menu.addAction(shortcuts)
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def choose_import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Import prompts",
            str(Path.home()),
            "Prompts: CSV or tab-separated text, Anki packages "
            "(*.csv *.tsv *.txt *.apkg *.colpkg);;All files (*)",
        )
        if not name:
            return
        if Path(name).suffix.lower() in (".apkg", ".colpkg"):
            self.import_file(Path(name))
        else:
            self.preview_import(Path(name))

    def preview_import(self, path: Path) -> BackgroundJob:
        """Read and check the file off the GUI thread (a large file takes a moment),
        then show where its prompts will go (`import_preview`); once the student
        confirms, exactly the rows shown are imported. A refused file is explained."""
        from studyapp.core.bank.import_plan import plan_import
        from studyapp.core.exchange.csv_import import ImportCancelled, read_csv

        def read(db: Database, progress: Progress) -> tuple[list[CsvRow], ImportPlan]:
            rows = read_csv(path)
            if not progress(0, len(rows)):  # Cancel pressed while the file was read
                raise ImportCancelled()
            with db.reading() as session:
                return rows, plan_import(session, rows)

        return self.ctx.run_op(
            self,
            "Import",
            f"Reading {path.name}…",
            read,
            failure=f"{path.name} could not be read",
            done=lambda result: self._show_import_preview(path, *result),
        )

    def _show_import_preview(self, path: Path, rows: list[CsvRow], plan: ImportPlan) -> None:
        from studyapp.gui.bank.import_preview import ImportPreview

        dialog = ImportPreview(path.name, plan, self)
        dialog.accepted.connect(lambda: self.import_file(path, rows))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # and the rows with it
        dialog.finished.connect(lambda _result: setattr(self, "import_preview", None))
        dialog.open()
        self.import_preview = dialog

    def import_file(self, path: Path, rows: list[CsvRow] | None = None) -> BackgroundJob:
        """Import a CSV file of front,back,tags rows (its `rows` when they have been
        read already), or an Anki package, in the background."""
        from studyapp.gui.importing import import_anki_file, import_csv_file

        if path.suffix.lower() in (".apkg", ".colpkg"):
            job = import_anki_file(
                self.ctx, self, path, lambda report: self._anki_import_done(path, report)
            )
        else:
            job = import_csv_file(
                self.ctx, self, path, lambda report: self._import_done(path, report), rows
            )
        job.done.connect(lambda result: self._import_over(path, result))
        return job

    def _import_over(self, path: Path, result: object) -> None:
        if result is None:  # refused, failed or cancelled (a refusal was said already)
            self.statusBar().showMessage(f"Nothing was imported from {path.name}.", 8000)

    def _import_done(self, path: Path, report: ImportReport) -> None:
        self.statusBar().showMessage(
            f"Imported {counted(report.added, 'new prompt')} from {path.name}"
            f" ({report.duplicates} already present).",
            8000,
        )

    def _anki_import_done(self, path: Path, report: AnkiImportReport) -> None:
        media = f"; {counted(report.media, 'media file')} left out" if report.media else ""
        self.statusBar().showMessage(
            f"Imported {counted(report.added, 'new prompt')} from {path.name} "
            f"({report.duplicates} already present{media}).",
            10000,
        )

    def choose_export(self) -> BackgroundJob | None:
        # Loaded when first used (PDF layout, Anki packages): the window shows sooner.
        from studyapp.gui.export_dialog import ExportDialog

        bank = cast("BankScreen | None", self.screens.built("bank"))
        # The bank's selection is offered as one of the choices when it has one.
        selection = bank.selected_ids() if bank is not None else []
        return ExportDialog.ask(self.ctx, self, selection, self._export_done)

    def _export_done(self, message: str) -> None:
        """Say where the export was saved."""
        self.statusBar().showMessage(message, 15000)

    # --- backups, restore, check --------------------------------------------------------

    def start_daily_backup(self) -> BackgroundJob:
        """The first start of a day backs the database up, off the GUI thread."""
        from studyapp.core.storage.backup import daily_backup

        folder, now = self.ctx.data.backups, self.ctx.now()
        return self.ctx.run_op(
            self,
            "Backup",
            "Backing up your database…",
            lambda db, _progress: daily_backup(db.path, folder, now),
            failure="The daily backup was not made",
        )

    def show_backups(self) -> BackupsDialog:
        from studyapp.gui.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.ctx, self)
        dialog.restore_requested.connect(self.restore_from)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def restore_from(self, backup: Path) -> BackgroundJob:
        """Restore `backup` through the running window, as quitting and starting again
        with it would: long work stops, the note being typed is saved, a mock test's
        clock stops with its time kept, and the database closes; it is then replaced
        (the current one backed up first) and reopened off the GUI thread, which can
        take seconds on a large collection, while a progress dialog keeps the window
        waiting. Every screen then refreshes, and a test that was being sat carries
        on from where the restored database has it."""
        from studyapp.core.startup import open_study_database
        from studyapp.core.storage.backup import restore_backup

        self.ctx.stop_operations()  # (first: an import holds the database's write lock)
        self._keep_work_in_progress()
        data, content, now = self.ctx.data, self.ctx.content, self.ctx.now()
        self.ctx.db.close()
        self.restoring = True

        def work(_db: Database, _progress: Progress) -> tuple[Database, str]:
            refused = ""
            try:
                restore_backup(data.database, data.backups, backup, now)
            except UserFacingError as exc:
                refused = str(exc)
            # Reopened either way (after a refused restore it is the one we had), and
            # here too: opening a replaced database checks the whole file.
            db, _ = open_study_database(data, content)
            return db, refused

        job = self.ctx.run_op(
            self,
            "Restore",
            "Restoring the backup…\nYour database as it is now is backed up first.",
            work,
        )
        if job.dialog is not None:
            # Shown at once, above every window: nothing may read or write the database
            # while it is replaced, and half a restore is no state to stop in.
            job.dialog.setCancelButton(None)
            job.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            job.dialog.setMinimumDuration(0)
            job.dialog.show()
        job.done.connect(lambda result: self._restored(backup, result))
        return job

    def _restored(self, backup: Path, result: tuple[Database, str] | None) -> None:
        from studyapp.core.startup import open_study_database

        self.restoring = False
        if result is None:  # reopening failed there (and was reported): once more here
            db, refused = open_study_database(self.ctx.data, self.ctx.content)[0], ""
        else:
            db, refused = result
        if self.closing:  # the window closed while it waited: the next start opens it
            db.close()
            return
        self.ctx.replace_database(db)
        tests = cast("PracticeScreen | None", self.screens.built("tests"))
        if tests is not None:
            tests.resume_after_restore()
        QTimer.singleShot(0, self, self.warm_up)  # screens left to build, if any
        if refused:
            QMessageBox.warning(self, "Restore", refused)
        elif result is not None:
            self.statusBar().showMessage(f"Restored the backup of {_backup_taken(backup)}.", 8000)

    def _keep_work_in_progress(self) -> None:
        """Before the database closes (the window closing, a restore): the note being
        typed is saved, a mock test's clock stops with its time kept (it resumes when
        the test is next opened) and the mains draft is kept."""
        tests = cast("PracticeScreen | None", self.screens.built("tests"))
        if tests is not None:
            tests.shutdown()
        reference = cast("ReferenceScreen | None", self.screens.built("reference"))
        if reference is not None:
            reference.keep_note()

    def check_database(self) -> BackgroundJob:
        """Tools › Check database: back up, check, repair, and show what was found, off
        the GUI thread (on a large collection the integrity check takes a while)."""
        from studyapp.core.storage.backup import make_backup
        from studyapp.core.storage.check import check_database

        folder, now = self.ctx.data.backups, self.ctx.now()

        def work(db: Database, progress: Progress) -> CheckReport:
            make_backup(db.path, folder, "before-check", now)
            if not progress(0, 0):  # cancelled during the backup: nothing checked
                raise UserFacingError("The database check was cancelled.")
            with db.write() as session:
                return check_database(session)

        return self.ctx.run_op(
            self,
            "Check database",
            "Checking your database…",
            work,
            changes=EVERYTHING,
            failure="The database was not checked",
            done=self._checked,
        )

    def _checked(self, report: CheckReport) -> None:
        icon = QMessageBox.Icon.Information if report.sound else QMessageBox.Icon.Warning
        self._show_report("Check database", "\n".join(report.lines()), icon)

    def _show_report(self, title: str, text: str, icon: QMessageBox.Icon) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.report_box = box

    def open_prompt_in_bank(self, question_id: int) -> None:
        """Show one prompt in the Question bank, selected with its preview (search
        results and review can send the student there)."""
        self.ctx.router.go(routes.Bank(question_id=question_id))

    def show_screen(self, key: str) -> None:
        self._bring_forward(key)
        self.focus_screen()

    def _bring_forward(self, key: str) -> QWidget:
        """Make `key`'s screen the one on show (the sidebar follows)."""
        screen = self.screens[key]
        row = _ROWS[key]
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
            self.stack.setCurrentIndex(row)
        return screen

    def current_screen(self) -> str:
        return SCREENS[self.stack.currentIndex()].key

    def _on_nav_row(self, row: int) -> None:
        if row >= 0:
            self.screens[SCREENS[row].key]  # built before it is shown
            self.stack.setCurrentIndex(row)
            self.focus_screen()

    def focus_screen(self) -> None:
        """Put the keyboard in the screen on show, whichever way it was reached (menu,
        sidebar, Ctrl+N, a button): its keys work at once, and a digit typed for the
        screen never lands in the navigation list."""
        screen = self.stack.currentWidget()
        if screen is None:
            return
        focus_main = getattr(screen, "focus_main", None)
        if callable(focus_main):
            focus_main()
        else:
            focus_first_control(screen)

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}", about_text())

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in SHORTCUTS
        )
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Keyboard shortcuts",
            f"<table>{rows}</table>",
            parent=self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts_box = box
        box.open()

    def _restore_geometry(self) -> None:
        geometry = self._settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1180, 760)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing = True
        self.ctx.shut_down()
        if not self.restoring:  # (a restore kept it all before it began)
            self._keep_work_in_progress()
        self._settings.setValue("window/geometry", self.saveGeometry())
        # The look the student last saw, for what shows before the database can be read
        # at the next start (the dialog of an upgrade).
        self._settings.setValue(LAST_THEME_KEY, current_colors().name)
        reference = cast("ReferenceScreen | None", self.screens.built("reference"))
        if reference is not None and reference.splitter_moved:
            self._settings.setValue("reference/splitter", reference.splitter.saveState())
        self._settings.sync()
        super().closeEvent(event)


def _backup_taken(backup: Path) -> str:
    """When a backup was taken, as the backups list says it (its name, if that does not
    say when)."""
    from studyapp.core.storage.backup import backup_time
    from studyapp.gui.backups_dialog import taken_label

    taken = backup_time(backup)
    return backup.name if taken is None else taken_label(taken)


def about_text() -> str:
    return (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>Setu (\u201cbridge\u201d) helps UPSC aspirants master India–Japan relations: "
        "a reference of the 15th Annual Summit, the Joint Vision's eight pillars and the "
        "areas of cooperation and friction, with spaced-repetition review, practice sets, "
        "timed mock tests and mains answer-writing — all offline.</p>"
        "<p>Every fact comes from five cited sources; where they disagree, Setu shows "
        "both versions.</p>"
    )
