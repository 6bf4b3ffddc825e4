"""When the database cannot be opened: say which file and why, and offer to restore
the newest good backup or (for a damaged file) to check and repair it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from studyapp import APP_NAME
from studyapp.core.clock import utc_now
from studyapp.core.errors import UserFacingError
from studyapp.core.storage.backup import backup_info, newest_good_backup, restore_backup
from studyapp.core.storage.check import check_file
from studyapp.core.storage.inspect import DatabaseRefused
from studyapp.core.storage.paths import DataDir
from studyapp.gui.backups_dialog import taken_label

RESTORE = "Restore the newest backup"
REPAIR = "Check and repair"
QUIT = "Quit"


class RecoveryDialog(QMessageBox):
    """The refusal sentence, with what the student can do about it."""

    def __init__(self, exc: DatabaseRefused, data: DataDir, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} cannot open your database")
        self.setIcon(QMessageBox.Icon.Warning)
        self.backup = newest_good_backup(data.backups)
        text = f"{exc} Nothing was changed."
        if self.backup is not None:
            info = backup_info(self.backup)
            text += (
                f"\n\nThe newest good backup is from {taken_label(info.taken_at)} "
                f"({info.answers or 0:,} answers); restoring it keeps the current file "
                f"in {data.backups}."
            )
        self.setText(text)
        self.restore_button: QPushButton | None = None
        self.repair_button: QPushButton | None = None
        if self.backup is not None:
            self.restore_button = self.addButton(RESTORE, QMessageBox.ButtonRole.AcceptRole)
        if exc.kind == "damaged":
            self.repair_button = self.addButton(REPAIR, QMessageBox.ButtonRole.ActionRole)
        self.setDefaultButton(self.addButton(QUIT, QMessageBox.ButtonRole.RejectRole))

    @classmethod
    def ask(cls, exc: DatabaseRefused, data: DataDir) -> str:
        """RESTORE, REPAIR or QUIT."""
        dialog = cls(exc, data)
        dialog.exec()
        clicked = dialog.clickedButton()
        if clicked is not None and clicked is dialog.restore_button:
            return RESTORE
        if clicked is not None and clicked is dialog.repair_button:
            return REPAIR
        return QUIT


def recover(exc: DatabaseRefused, data: DataDir) -> bool:
    """Offer recovery; True when the database was restored or repaired (open again)."""
    choice = RecoveryDialog.ask(exc, data)
    try:
        if choice == RESTORE:
            backup = newest_good_backup(data.backups)
            if backup is None:
                return False
            restore_backup(data.database, data.backups, backup, utc_now())
            return True
        if choice == REPAIR:
            report = check_file(data.database, data.backups, utc_now())
            QMessageBox.information(None, "Check database", "\n".join(report.lines()))
            return report.sound
    except UserFacingError as failure:
        QMessageBox.critical(None, APP_NAME, str(failure))
    return False
