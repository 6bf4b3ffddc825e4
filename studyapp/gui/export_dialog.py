"""File › Export…: an Anki package, printable revision notes, or a question paper (prelims
or mains), for everything, one area, the bookmarked sections or the question bank's
selection. The export runs off the GUI thread, can be cancelled, and never leaves a
half-written file under the chosen name."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.exchange.anki_export import AnkiExportReport, export_apkg, select_prompts
from studyapp.core.exchange.printable import build_printable
from studyapp.core.quiz.selection import area_choices
from studyapp.core.wording import counted
from studyapp.gui.background import BackgroundJob
from studyapp.gui.context import AppContext
from studyapp.gui.printing import write_pdf

KINDS = {
    "apkg": "Anki package (.apkg)",
    "notes": "Revision notes (PDF)",
    "paper": "Prelims question paper with key (PDF)",
    "mains": "Mains question paper (PDF)",
}
EVERYTHING, BOOKMARKED, SELECTION = "", "@bookmarked", "@selection"
Progress = Callable[[int, int], bool]


class ExportDialog(QDialog):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, selection: Sequence[int] = ()
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.selection = list(selection)
        self.setWindowTitle("Export")
        self.kind = QComboBox()
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.kind.setAccessibleName("What to export")
        self.scope = QComboBox()
        self.scope.setAccessibleName("Which part")
        self.with_scheduling = QCheckBox("Include my scheduling and review history")
        self.with_scheduling.setToolTip(
            "Your FSRS memory state, due dates and every answer, so that review can "
            "continue in Anki where Setu left off"
        )
        self.prompts = QSpinBox()
        self.prompts.setRange(5, 100)
        self.prompts.setValue(25)
        self.prompts.setAccessibleName("Number of questions")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("Muted")
        form = QFormLayout()
        form.addRow("Export", self.kind)
        form.addRow("From", self.scope)
        form.addRow("", self.with_scheduling)
        form.addRow("Questions", self.prompts)
        self.form = form
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        with ctx.read() as session:
            self.areas = [(area, title) for area, title, _ in area_choices(session)]
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def choose(self, kind: str, scope: str = EVERYTHING) -> None:
        """Pick what to export (as the student would with the two lists)."""
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.scope.setCurrentIndex(self.scope.findData(scope))

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.scope.clear()
        self.scope.addItem("Everything", EVERYTHING)
        if kind == "notes":
            self.scope.addItem("Bookmarked sections", BOOKMARKED)
        if kind == "apkg" and self.selection:
            self.scope.addItem(f"Selected in the question bank ({len(self.selection)})", SELECTION)
        for area_id, title in self.areas:
            self.scope.addItem(title, area_id)
        self.form.setRowVisible(self.with_scheduling, kind == "apkg")
        self.form.setRowVisible(self.prompts, kind in ("paper", "mains"))
        self.prompts.setValue(25 if kind == "paper" else 3)
        self.hint.setText(
            {
                "apkg": "A deck per area under one “Setu” deck; exporting again updates the "
                "notes in Anki instead of adding copies.",
                "notes": "Each section with its key figures, where the sources disagree, its "
                "sources and your own notes; a contents page and page numbers. A4.",
                "paper": "Prompts drawn as a mock test draws them (a mix of difficulties, "
                "spread over areas), numbered as in the examination, with an answer sheet, "
                "the key and the explanations at the end. A4.",
                "mains": "Mains prompts with space to write by hand, and the key points to "
                "check your answers against at the end. A4.",
            }[kind]
        )

    def suggested_name(self) -> str:
        kind, scope = self.kind.currentData(), self.scope.currentData()
        part = {EVERYTHING: "all", BOOKMARKED: "bookmarked", SELECTION: "selection"}.get(
            scope, scope
        )
        stamp = self.ctx.now().astimezone().strftime("%Y-%m-%d")
        suffix = ".apkg" if kind == "apkg" else ".pdf"
        return re.sub(r"[^\w.-]+", "-", f"Setu-{kind}-{part}-{stamp}") + suffix

    def export_to(self, path: Path) -> BackgroundJob:
        """Start writing the chosen export to `path` in the background."""
        kind, scope = self.kind.currentData(), self.scope.currentData()
        db, now = self.ctx.db, self.ctx.now()
        selection = self.selection if scope == SELECTION else None
        area = scope if scope not in (EVERYTHING, BOOKMARKED, SELECTION) else None
        count, with_scheduling = self.prompts.value(), self.with_scheduling.isChecked()

        def work(progress: Progress) -> str:
            with db.begin() as session:
                if kind == "apkg":
                    ids = select_prompts(session, area=area, ids=selection)
                    report: AnkiExportReport = export_apkg(
                        session, ids, path, now, with_scheduling=with_scheduling, progress=progress
                    )
                    return f"Exported {counted(report.notes, 'prompt')} to {path}."
                printable = build_printable(
                    session, now, kind, area=area, bookmarked=scope == BOOKMARKED, count=count
                )
            pages = write_pdf(printable, path, progress)
            return f"Saved {counted(pages, 'page')} to {path}."

        job = BackgroundJob(
            self.parentWidget() or self, "Export", f"Exporting to {path.name}…", work
        )
        job.start()
        return job

    @classmethod
    def ask(
        cls, ctx: AppContext, parent: QWidget, selection: Sequence[int] = ()
    ) -> BackgroundJob | None:
        dialog = cls(ctx, parent, selection)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        kind = dialog.kind.currentData()
        pattern = "Anki packages (*.apkg)" if kind == "apkg" else "PDF documents (*.pdf)"
        name, _ = QFileDialog.getSaveFileName(
            parent, "Export", str(Path.home() / dialog.suggested_name()), pattern
        )
        return dialog.export_to(Path(name)) if name else None
