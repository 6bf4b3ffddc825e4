"""File › Backups…: every backup with its date, kind, size, answers and prompts; make
one now, or restore the chosen one after a confirmation (the window then reopens the
database and every screen refreshes)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.storage.backup import (
    BackupCancelled,
    BackupInfo,
    backup_info,
    list_backups,
    make_backup,
)
from studyapp.core.storage.db import Database
from studyapp.gui.background import BackgroundJob, Progress
from studyapp.gui.context import EVERYTHING, AppContext

_KINDS = {
    "daily": "Daily",
    "manual": "Made by you",
    "before-import": "Before an import",
    "before-restore": "Before a restore",
    "before-check": "Before a database check",
}
_Index = QModelIndex | QPersistentModelIndex


def kind_label(reason: str) -> str:
    if reason.startswith("before-upgrade"):
        return "Before an upgrade"
    return _KINDS.get(reason, reason)


def size_label(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024**2 else f"{size / 1024**2:.1f} MB"


def taken_label(taken: datetime) -> str:
    """When a backup was taken, in the student's time zone."""
    return f"{taken.astimezone():%a %d %b %Y, %H:%M}"


class BackupsModel(QAbstractTableModel):
    COLUMNS = ("Taken", "Kind", "Size", "Answers", "Prompts")

    def __init__(self, backups: list[BackupInfo] | None = None) -> None:
        super().__init__()
        self.backups = backups or []

    def set_backups(self, backups: list[BackupInfo]) -> None:
        self.beginResetModel()
        self.backups = backups
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.backups)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.backups):
            return None
        info = self.backups[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return taken_label(info.taken_at)
            if column == 1:
                return kind_label(info.reason)
            if column == 2:
                return size_label(info.size)
            count = info.answers if column == 3 else info.prompts
            return "damaged" if count is None else f"{count:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        if role == Qt.ItemDataRole.UserRole:
            return info.path
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None


class BackupsDialog(QDialog):
    restore_requested = Signal(Path)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Backups")
        self.resize(720, 420)
        intro = QLabel(
            f"Setu backs up your database on the first start of each day and before an "
            f"import, an upgrade or a restore, and keeps the last 7 days, 4 weeks and 6 "
            f"months. Folder: {ctx.data.backups}"
        )
        intro.setWordWrap(True)
        intro.setObjectName("Muted")
        self.model = BackupsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.backup_button = QPushButton("Back up now")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.reload()
        # A restore (and a database check) back up first: the list shows it after.
        ctx.changed.connect(self._database_replaced)

    def _database_replaced(self, what: set[str]) -> None:
        if what >= set(EVERYTHING):
            self.reload()

    def reload(self) -> None:
        self.model.set_backups([backup_info(p) for p in list_backups(self.ctx.data.backups)])
        if self.model.backups:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(self.model.backups))

    def selected(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        path = self.model.data(rows[0], Qt.ItemDataRole.UserRole)
        return path if isinstance(path, Path) else None

    def back_up_now(self) -> BackgroundJob:
        """Copy the database now, off the GUI thread (a large one takes a while), with
        progress and Cancel; the list shows the new backup when it is made."""
        folder, now = self.ctx.data.backups, self.ctx.now()

        def work(db: Database, progress: Progress) -> Path:
            def copied(remaining: int, total: int) -> None:
                if not progress(total - remaining, total):
                    raise BackupCancelled()

            return make_backup(db.path, folder, "manual", now, progress=copied)

        self.backup_button.setEnabled(False)
        self.message.setText("Backing up…")
        job = self.ctx.run_op(
            self.parentWidget() or self,  # the window: it outlives this dialog
            "Back up",
            "Backing up your database…",
            work,
            failure="No backup was made",
            done=self._backed_up,
        )
        job.done.connect(self._backup_over)
        return job

    def _backed_up(self, path: Path) -> None:
        self.message.setText(f"Backed up to {path.name}.")
        self.reload()

    def _backup_over(self, result: Path | None) -> None:
        self.backup_button.setEnabled(True)
        if result is None:
            self.message.setText("No backup was made.")

    def restore_selected(self) -> None:
        path = self.selected()
        if path is None:
            return
        info = backup_info(path)
        answers = "?" if info.answers is None else f"{info.answers:,}"
        sure = QMessageBox.question(
            self,
            "Restore this backup?",
            f"Go back to the backup of {taken_label(info.taken_at)} "
            f"({answers} answers)? Your database as it is now is backed up first, so "
            f"you can come back to it from this list.",
        )
        if sure == QMessageBox.StandardButton.Yes:
            self.restore_requested.emit(path)
