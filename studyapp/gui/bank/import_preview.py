"""File › Import's confirmation: before anything is written, the student sees how many
rows are new, how many become four-option questions, and which area each tag files
its prompts under ("My prompts" when a tag names no area)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from studyapp.core.bank.import_plan import ImportPlan
from studyapp.core.wording import counted
from studyapp.gui.widgets.rows_model import RowsModel, table_view


class ImportPreview(QDialog):
    def __init__(self, name: str, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {name}")
        self.resize(620, 460)
        summary = QLabel(
            f"{counted(plan.new, 'new prompt')} from {counted(plan.rows, 'row')}"
            + (f", {plan.duplicates} already in your bank" if plan.duplicates else "")
            + (
                f"; {plan.four_option} with four options become single-answer questions"
                " (in practice sets and mock tests), the rest front/back cards you grade"
                " yourself."
                if plan.four_option
                else "; each is a front/back card you grade yourself."
            )
        )
        summary.setWordWrap(True)
        intro = QLabel("Each prompt is filed under the area its tags name:")
        self.mapping = RowsModel(["Tag", "Area", "Prompts"], numeric=(2,))
        self.mapping.set_rows(
            [[m.tag or "(no tag)", m.area_title, m.prompts] for m in plan.mapping]
        )
        table = table_view(self.mapping, stretch=1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(plan.new > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(intro)
        layout.addWidget(table, 1)
        layout.addWidget(self.buttons)
