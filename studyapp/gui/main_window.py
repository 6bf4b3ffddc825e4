"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
from studyapp.core.bank.import_plan import plan_import
from studyapp.core.errors import UserFacingError
from studyapp.core.exchange.csv_import import ImportReport, read_csv
from studyapp.core.startup import open_study_database
from studyapp.core.storage.backup import daily_backup, make_backup, restore_backup
from studyapp.core.storage.check import CheckReport, check_database
from studyapp.core.wording import counted
from studyapp.gui.background import BackgroundJob
from studyapp.gui.backups_dialog import BackupsDialog
from studyapp.gui.bank.bank_screen import BankScreen
from studyapp.gui.bank.import_preview import ImportPreview
from studyapp.gui.context import CONTENT, EVERYTHING, REVIEWS, AppContext
from studyapp.gui.home.home_screen import HomeScreen
from studyapp.gui.icons import app_icon
from studyapp.gui.importing import CsvImport
from studyapp.gui.practice.practice_screen import PracticeScreen
from studyapp.gui.progress.progress_screen import ProgressScreen
from studyapp.gui.reference.reference_screen import ReferenceScreen
from studyapp.gui.review.review_screen import ReviewScreen
from studyapp.gui.settings.settings_screen import SettingsScreen
from studyapp.gui.widgets.screen_parts import focus_first_control

if TYPE_CHECKING:
    from studyapp.core.exchange.anki_import import AnkiImportReport


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


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, settings: QSettings) -> None:
        super().__init__()
        self.ctx = ctx
        self._settings = settings
        self._jobs: list[CsvImport | BackgroundJob] = []
        self.shortcuts_box: QMessageBox | None = None
        self.report_box: QMessageBox | None = None
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setMinimumSize(720, 500)

        self.nav = QListWidget()
        self.nav.setObjectName("NavList")
        self.nav.setAccessibleName("Screens")
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.screens: dict[str, QWidget] = {}
        for info in SCREENS:
            screen = self._make_screen(info)
            self.screens[info.key] = screen
            self.stack.addWidget(screen)
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
        home = self.screens["home"]
        assert isinstance(home, HomeScreen)
        home.start_review.connect(lambda: self.show_screen("review"))
        home.practise_area.connect(self.practise_area)
        home.open_tests.connect(self.open_mock_tests)
        home.resume_mock.connect(self.resume_mock)
        reference, review = self.screens["reference"], self.screens["review"]
        tests = self.screens["tests"]
        assert isinstance(reference, ReferenceScreen) and isinstance(review, ReviewScreen)
        assert isinstance(tests, PracticeScreen)
        reference.practise.connect(self.practise)
        review.open_section.connect(self.read_section)
        tests.open_section.connect(self.read_section)
        progress = self.screens["progress"]
        assert isinstance(progress, ProgressScreen)
        progress.open_section.connect(self.read_section)
        bank = self.screens["bank"]
        assert isinstance(bank, BankScreen)
        bank.open_section.connect(self.read_section)
        bank.practise.connect(self.practise)
        self._fit_nav()
        self._restore_geometry()
        self.show_screen("home")

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

    def _make_screen(self, info: ScreenInfo) -> QWidget:
        if info.key == "home":
            return HomeScreen(self.ctx)
        if info.key == "review":
            return ReviewScreen(self.ctx)
        if info.key == "reference":
            return ReferenceScreen(self.ctx)
        if info.key == "settings":
            return SettingsScreen(self.ctx)
        if info.key == "tests":
            return PracticeScreen(self.ctx)
        if info.key == "progress":
            return ProgressScreen(self.ctx)
        if info.key == "bank":
            return BankScreen(self.ctx)
        raise KeyError(info.key)

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
            "CSV files and Anki packages (*.csv *.apkg *.colpkg);;All files (*)",
        )
        if not name:
            return
        if Path(name).suffix.lower() in (".apkg", ".colpkg"):
            self.import_file(Path(name))
        else:
            self.preview_import(Path(name))

    def preview_import(self, path: Path) -> ImportPreview | None:
        """Read and check the file, then show where its prompts will go; the import
        runs once the student confirms. None when the file is refused."""
        try:
            rows = read_csv(path)
            with self.ctx.read() as session:
                plan = plan_import(session, rows)
        except UserFacingError as refused:
            QMessageBox.warning(self, "Import refused", str(refused))
            return None
        dialog = ImportPreview(path.name, plan, self)
        dialog.accepted.connect(lambda: self.import_file(path))
        dialog.open()
        return dialog

    def import_file(self, path: Path) -> CsvImport | BackgroundJob:
        """Import a CSV file of front,back,tags rows, or an Anki package, in the
        background."""
        if path.suffix.lower() in (".apkg", ".colpkg"):
            return self._import_anki(path)
        job = CsvImport(self, self.ctx.db, path, self.ctx.data.backups)
        job.done.connect(lambda report: self._import_done(path, report))
        self._jobs.append(job)
        job.start()
        return job

    def _import_done(self, path: Path, report: ImportReport | None) -> None:
        if report is None:
            self.statusBar().showMessage(f"Nothing was imported from {path.name}.", 8000)
            return
        self.ctx.changed.emit({CONTENT, REVIEWS})
        self.statusBar().showMessage(
            f"Imported {counted(report.added, 'new prompt')} from {path.name}"
            f" ({report.duplicates} already present).",
            8000,
        )

    def _import_anki(self, path: Path) -> BackgroundJob:
        # Loaded when first used: the window shows sooner without them.
        from studyapp.core.exchange.anki_import import import_anki_notes, read_anki_package

        db, backups = self.ctx.db, self.ctx.data.backups

        def work(progress: Callable[[int, int], bool]) -> AnkiImportReport:
            notes = read_anki_package(path)  # checked whole before anything is written
            make_backup(db.path, backups, "before-import")
            with db.write() as session:
                return import_anki_notes(session, notes, progress)

        job = BackgroundJob(self, "Import", f"Importing {path.name}…", work)
        job.done.connect(lambda report: self._anki_import_done(path, report))
        self._jobs.append(job)
        job.start()
        return job

    def _anki_import_done(self, path: Path, report: AnkiImportReport | None) -> None:
        if report is None:
            self.statusBar().showMessage(f"Nothing was imported from {path.name}.", 8000)
            return
        self.ctx.changed.emit({CONTENT, REVIEWS})
        media = f"; {counted(report.media, 'media file')} left out" if report.media else ""
        self.statusBar().showMessage(
            f"Imported {counted(report.added, 'new prompt')} from {path.name} "
            f"({report.duplicates} already present{media}).",
            10000,
        )

    def choose_export(self) -> BackgroundJob | None:
        # Loaded when first used (PDF layout, Anki packages): the window shows sooner.
        from studyapp.gui.export_dialog import ExportDialog

        bank = self.screens["bank"]
        # The bank's selection is offered as one of the choices when it has one.
        selection = bank.selected_ids() if isinstance(bank, BankScreen) else []
        job = ExportDialog.ask(self.ctx, self, selection)
        if job is not None:
            self._track(job)
        return job

    def _track(self, job: BackgroundJob) -> None:
        """Keep a running export alive, and say where it was saved when it is done."""
        self._jobs.append(job)
        job.done.connect(self._export_done)

    def _export_done(self, message: str | None) -> None:
        if message:
            self.statusBar().showMessage(message, 15000)

    # --- backups, restore, check --------------------------------------------------------

    def start_daily_backup(self) -> BackgroundJob:
        """The first start of a day backs the database up, off the GUI thread."""
        path, folder, now = self.ctx.db.path, self.ctx.data.backups, self.ctx.now()
        job = BackgroundJob(
            self, "Backup", "Backing up your database…", lambda _: daily_backup(path, folder, now)
        )
        self._jobs.append(job)
        job.start()
        return job

    def show_backups(self) -> BackupsDialog:
        dialog = BackupsDialog(self.ctx, self)
        dialog.restore_requested.connect(self.restore_from)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _stop_background_work(self) -> None:
        """Cancel what is running (an import rolls back) and wait for its thread."""
        for job in self._jobs:
            if isinstance(job, CsvImport):
                job.cancel_and_wait()
            else:
                job.wait()

    def restore_from(self, backup: Path) -> bool:
        """Restore `backup` through the running window: close the database, replace it
        (backing up the current one), reopen it, and let every screen refresh."""
        self._stop_background_work()
        data = self.ctx.data
        self.ctx.db.close()
        error = ""
        try:
            restore_backup(data.database, data.backups, backup, self.ctx.now())
        except UserFacingError as exc:
            error = str(exc)
        # Reopened either way: after a refused restore the database is the one we had.
        db, _ = open_study_database(data, self.ctx.content)
        self.ctx.replace_database(db)
        if error:
            QMessageBox.warning(self, "Restore", error)
            return False
        self.statusBar().showMessage(f"Restored {backup.name}.", 8000)
        return True

    def check_database(self) -> CheckReport | None:
        """Tools › Check database: back up, check, repair, and show what was found."""
        try:
            make_backup(self.ctx.db.path, self.ctx.data.backups, "before-check", self.ctx.now())
            with self.ctx.write(*EVERYTHING) as session:
                report = check_database(session)
        except UserFacingError as exc:
            self._show_report("Check database", str(exc), QMessageBox.Icon.Warning)
            return None
        icon = QMessageBox.Icon.Information if report.sound else QMessageBox.Icon.Warning
        self._show_report("Check database", "\n".join(report.lines()), icon)
        return report

    def _show_report(self, title: str, text: str, icon: QMessageBox.Icon) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.report_box = box

    def practise(self, title: str, question_ids: list[int]) -> None:
        tests = self.screens["tests"]
        assert isinstance(tests, PracticeScreen)
        self.show_screen("tests")
        tests.practise(title, question_ids)

    def practise_area(self, area: str, title: str) -> None:
        tests = self.screens["tests"]
        assert isinstance(tests, PracticeScreen)
        self.show_screen("tests")
        tests.practise_area(area, title)

    def open_prompt_in_bank(self, question_id: int) -> None:
        """Show one prompt in the Question bank, selected with its preview (search
        results and review can send the student there; `find_prompt` gives the id
        of a prompt's stable key)."""
        bank = self.screens["bank"]
        assert isinstance(bank, BankScreen)
        self.show_screen("bank")
        bank.open_prompt(question_id)

    def open_mock_tests(self) -> None:
        tests = self.screens["tests"]
        assert isinstance(tests, PracticeScreen)
        self.show_screen("tests")
        tests.show_hub(tests.mock_setup)

    def resume_mock(self, quiz_id: int) -> None:
        tests = self.screens["tests"]
        assert isinstance(tests, PracticeScreen)
        self.show_screen("tests")
        tests.run_mock(quiz_id)

    def read_section(self, key: str) -> None:
        reference = self.screens["reference"]
        assert isinstance(reference, ReferenceScreen)
        self.show_screen("reference")
        reference.open_section(key)

    def show_screen(self, key: str) -> None:
        keys = [info.key for info in SCREENS]
        row = keys.index(key)
        if self.nav.currentRow() == row:
            self.focus_screen()  # already there: the keyboard still moves into it
        else:
            self.nav.setCurrentRow(row)

    def current_screen(self) -> str:
        return SCREENS[self.stack.currentIndex()].key

    def _on_nav_row(self, row: int) -> None:
        if row >= 0:
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
        reference = self.screens["reference"]
        assert isinstance(reference, ReferenceScreen)
        divider = self._settings.value("reference/splitter")
        if divider is not None and reference.splitter.restoreState(divider):
            reference.splitter_moved = True  # where the student left it

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_background_work()
        tests = self.screens["tests"]
        assert isinstance(tests, PracticeScreen)
        tests.shutdown()
        self._settings.setValue("window/geometry", self.saveGeometry())
        reference = self.screens["reference"]
        assert isinstance(reference, ReferenceScreen)
        if reference.splitter_moved:
            self._settings.setValue("reference/splitter", reference.splitter.saveState())
        self._settings.sync()
        super().closeEvent(event)


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
