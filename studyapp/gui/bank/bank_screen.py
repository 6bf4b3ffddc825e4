"""The question bank: every prompt — the study pack's, previous-year, imported and the
student's own — in a table sorted by any column, narrowed by a filter bar and a
search, with a preview of the selected prompt and its history, and actions on the
selection (Anki's browser, for this subject).

All reading and writing goes through `studyapp.core.bank`; the table reads its rows a
block at a time as they scroll into view.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.bank import actions
from studyapp.core.bank.authoring import EDITABLE_ORIGINS, duplicate_prompt
from studyapp.core.bank.documents import document_of
from studyapp.core.bank.query import (
    FLAGS,
    ORIGINS,
    STATES,
    BankFilter,
    BankRow,
    bank_areas,
    bank_ids,
    bank_rows,
    bank_size,
    prompt_history,
)
from studyapp.core.content.prompts import TYPE_LABELS, load_prompt
from studyapp.core.quiz.selection import DIFFICULTIES
from studyapp.core.wording import counted
from studyapp.gui.bank.preview import BankPreview
from studyapp.gui.bank.table_model import BankTableModel
from studyapp.gui.context import CONTENT, QUIZZES, REVIEWS, AppContext
from studyapp.gui.widgets.lazy import RefreshedWhenShown
from studyapp.gui.widgets.screen_parts import scrolled, shortcut

if TYPE_CHECKING:
    from studyapp.gui.bank.editor import PromptEditor

ANY = "__any__"


def _filter_combo(label: str, items: Sequence[tuple[object, str]]) -> QComboBox:
    combo = QComboBox()
    combo.addItem(label, ANY)
    for value, text in items:
        combo.addItem(text, value)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setMaximumWidth(170)  # long area titles are elided, not pushing the bar wide
    return combo


class BankScreen(RefreshedWhenShown):
    open_section = Signal(str)
    practise = Signal(str, list)  # title, question ids
    watches = frozenset({CONTENT, REVIEWS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.filter = BankFilter()
        self.total = 0
        self._announcing = False

        title = QLabel("Question bank")
        title.setObjectName("ScreenTitle")
        self.count = QLabel()
        self.count.setObjectName("Muted")
        self.add_button = QPushButton("Add a prompt…")
        self.add_button.setObjectName("Primary")
        self.add_button.setToolTip("Write your own prompt of any type (Ctrl+N)")
        self.add_button.clicked.connect(lambda: self.add_prompt())
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(12)
        header.addWidget(self.count, 1, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.add_button)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the prompts  (Ctrl+F)")
        self.search.setMinimumWidth(150)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_filters)
        self.area = _filter_combo("All areas", [])
        self.type = _filter_combo("All types", list(TYPE_LABELS.items()))
        self.origin = _filter_combo("Any origin", list(ORIGINS.items()))
        self.state = _filter_combo("Any state", list(STATES.items()))
        self.difficulty = _filter_combo(
            "Any difficulty", [(d, d.capitalize()) for d in DIFFICULTIES]
        )
        self.flag = _filter_combo("Any flag", [(n, f"{name} flag") for n, name in FLAGS.items()])
        # Two rows, so that the search keeps its room in a small window.
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        narrow = QHBoxLayout()
        for n, combo in enumerate(self.filter_combos()):
            combo.currentIndexChanged.connect(self._on_filters)
            (filters if n < 2 else narrow).addWidget(combo)
        narrow.addStretch(1)

        self.model = BankTableModel(self._fetch_rows, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        # Unsorted at first: prompts in the order they arrived, read off an index.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(False)
        head.resizeSection(0, 340)
        for column, width in enumerate((340, 120, 170, 170, 80, 95, 95, 95, 70, 80, 60, 105, 60)):
            head.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

        self.preview = BankPreview()
        self.preview.open_section.connect(self.open_section)

        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_current)
        self.duplicate_button = QPushButton("Duplicate")
        self.duplicate_button.setToolTip("Make your own copy, which you can edit")
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.suspend_button = QPushButton("Suspend")
        self.suspend_button.setToolTip("Suspend or restore the selection (Ctrl+J)")
        self.suspend_button.clicked.connect(self.toggle_suspended)
        self.flag_button = QPushButton("Flag")
        self.flag_menu = QMenu(self)
        for number, name in FLAGS.items():
            action = self.flag_menu.addAction(f"{name}  (Ctrl+Alt+{number})")
            action.triggered.connect(lambda _=False, n=number: self.set_flag(n))
        self.flag_menu.addSeparator()
        clear = self.flag_menu.addAction("No flag")
        clear.triggered.connect(lambda: self.set_flag(0))
        self.flag_button.setMenu(self.flag_menu)
        self.reset_button = QPushButton("Reset…")
        self.reset_button.setToolTip("Make the selection new again (its history stays)")
        self.reset_button.clicked.connect(self.reset_selected)
        self.section_button = QPushButton("Open section")
        self.section_button.clicked.connect(self.open_current_section)
        self.practise_button = QPushButton("Practise")
        self.practise_button.setToolTip("A practice set of the selected prompts")
        self.practise_button.clicked.connect(self.practise_selected)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save the selection as CSV or as YAML content")
        self.export_button.clicked.connect(self.choose_export_file)
        # Two rows of four: at 1024 wide and a large font one row cannot hold them all.
        bar = QGridLayout()
        bar.setHorizontalSpacing(8)
        self.action_buttons = (
            self.edit_button,
            self.duplicate_button,
            self.suspend_button,
            self.flag_button,
            self.reset_button,
            self.section_button,
            self.practise_button,
            self.export_button,
        )
        for n, button in enumerate(self.action_buttons):
            bar.addWidget(button, n // 4, n % 4)
        bar.setColumnStretch(4, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.table)
        preview_pane = scrolled(self.preview)
        preview_pane.setMinimumWidth(330)  # a prompt stays readable beside the table
        self.table.setMinimumWidth(380)
        self.splitter.addWidget(preview_pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 400])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addLayout(header)
        layout.addLayout(filters)
        layout.addLayout(narrow)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bar)

        shortcut(self, QKeySequence.StandardKey.Find, self.focus_search)
        shortcut(self, "Ctrl+N", lambda: self.add_prompt())
        shortcut(self, "Ctrl+J", self.toggle_suspended)
        shortcut(self, "Ctrl+E", self.edit_current)
        for number in FLAGS:
            shortcut(self, f"Ctrl+Alt+{number}", partial(self.set_flag, number))
        # Connected last: setting up the header's sort indicator asks for a sort.
        self.model.sort_requested.connect(self._on_sort)
        self._update_actions()

    def filter_combos(self) -> tuple[QComboBox, ...]:
        return (self.area, self.type, self.origin, self.state, self.difficulty, self.flag)

    # --- reading ------------------------------------------------------------------------

    def _fetch_rows(self, ids: Sequence[int]) -> list[BankRow]:
        with self.ctx.read() as session:
            return bank_rows(session, ids, self.ctx.now())

    def load(self) -> None:
        self._fill_areas()
        self.requery()
        self._on_selection(reload=True)  # the prompt or its history may have changed

    def _fill_areas(self) -> None:
        with self.ctx.read() as session:
            areas = bank_areas(session)
            # Unfiltered, the list itself is the count (the first opening is so).
            unfiltered = self.filter.with_changes(sort="added", descending=False) == BankFilter()
            self.total = -1 if unfiltered else bank_size(session)
        chosen = self.area.currentData()
        self.area.blockSignals(True)
        self.area.clear()
        self.area.addItem("All areas", ANY)
        for area_id, title in areas:
            self.area.addItem(title, area_id)
        self.area.setCurrentIndex(max(0, self.area.findData(chosen)))
        self.area.blockSignals(False)

    def _value(self, combo: QComboBox) -> object:
        value = combo.currentData()
        return None if value == ANY else value

    def _on_filters(self) -> None:
        self.filter = self.filter.with_changes(
            text=self.search.text(),
            area=self._value(self.area),
            type=self._value(self.type),
            origin=self._value(self.origin),
            state=self._value(self.state),
            difficulty=self._value(self.difficulty),
            flag=self._value(self.flag),
        )
        self.requery()

    def _on_sort(self, column: str, descending: bool) -> None:
        self.filter = self.filter.with_changes(sort=column, descending=descending)
        self.requery()

    def requery(self) -> None:
        """Read the matching ids in order; keep the current prompt selected if it is
        still there."""
        keep = self.current_id()
        with self.ctx.read() as session:
            ids = bank_ids(session, self.filter, self.ctx.now())
        if self.total < 0:
            self.total = len(ids)
        # The preview stays as it is while the table is rebuilt: the current prompt is
        # usually still there, and redrawing it would cost more than the query.
        self.table.selectionModel().blockSignals(True)
        self.model.set_ids(ids)
        self.table.selectionModel().blockSignals(False)
        shown = f"{len(ids):,} of {self.total:,} prompts" if self.total else "No prompts"
        self.count.setText(shown.replace(",", " "))
        if keep is not None and self.select_prompt(keep):
            return
        self.preview.show_nothing()
        self._update_actions()

    # --- selection ----------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """The prompts selected, in table order (the "current bank selection")."""
        rows: list[int] = []
        selection = self.table.selectionModel().selection()
        for n in range(selection.size()):
            span = selection.at(n)  # ranges, so selecting 100 000 rows stays cheap
            rows.extend(range(span.top(), span.bottom() + 1))
        return [self.model.ids[r] for r in sorted(set(rows)) if r < len(self.model.ids)]

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.ids):
            return None
        return self.model.ids[index.row()]

    def select_prompt(self, question_id: int) -> bool:
        row = self.model.row_of(question_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def open_prompt(self, question_id: int) -> None:
        """Show one prompt (from search or review): filters that hide it are cleared."""
        if self.stale:
            self.refresh()
        if not self.select_prompt(question_id):
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            for combo in self.filter_combos():
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self._on_filters()
            self.select_prompt(question_id)

    def _on_selection(self, *_args: object, reload: bool = False) -> None:
        qid = self.current_id()
        shown = self.preview.view.id if self.preview.view is not None else None
        if qid is None or not self.table.selectionModel().hasSelection():
            self.preview.show_nothing()
        elif qid != shown or reload:
            row = self.model.bank_row(self.model.row_of(qid))
            with self.ctx.read() as session:
                view = load_prompt(session, qid)
                history = prompt_history(session, qid)
            if row is not None:
                self.preview.show_prompt(view, row, history)
        self._update_actions()

    def _update_actions(self) -> None:
        chosen = bool(self.table.selectionModel().hasSelection())
        for button in self.action_buttons:
            button.setEnabled(chosen)
        view = self.preview.view
        single = chosen and len(self.selected_ids()) == 1 and view is not None
        self.edit_button.setEnabled(single and view is not None and view.origin in EDITABLE_ORIGINS)
        self.duplicate_button.setEnabled(single)
        self.section_button.setEnabled(single and view is not None and bool(view.sections))
        if chosen and view is not None:
            self.suspend_button.setText("Restore" if view.suspended else "Suspend")

    def _context_menu(self, position: object) -> None:
        menu = QMenu(self)
        for button in self.action_buttons:
            if button is self.flag_button:
                menu.addMenu(self.flag_menu).setText("Flag")
                continue
            action = QAction(button.text(), menu)
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
            menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(position))  # type: ignore[call-overload]

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- actions --------------------------------------------------------------------------

    def _changed(self, *what: str) -> None:
        """After an action: the rows show the new state in place (as in Anki, the list
        itself is re-read on the next search); other screens hear of it."""
        self.model.refresh_rows()
        self._announcing = True
        try:
            self.ctx.changed.emit(set(what))
        finally:
            self._announcing = False
        self._on_selection(reload=True)

    def _on_context_changed(self, what: set[str]) -> None:
        if not self._announcing:  # our own action has already updated the table
            super()._on_context_changed(what)

    def toggle_suspended(self) -> None:
        ids = self.selected_ids()
        view = self.preview.view
        if not ids:
            return
        suspend = not (view is not None and view.suspended)
        with self.ctx.db.begin() as session:
            actions.set_suspended(session, ids, suspend)
        self._changed(REVIEWS)

    def set_flag(self, flag: int) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        with self.ctx.db.begin() as session:
            actions.set_flag(session, ids, flag)
        self._changed(REVIEWS)

    def confirm_reset(self, count: int) -> bool:
        answer = QMessageBox.question(
            self,
            "Reset progress",
            f"Make {counted(count, 'prompt')} new again? Their memory state is forgotten and they "
            "rejoin the new prompts; the answers you gave stay in their history.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def reset_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or not self.confirm_reset(len(ids)):
            return
        with self.ctx.db.begin() as session:
            actions.reset_progress(session, ids)
        self._changed(REVIEWS)

    def open_current_section(self) -> None:
        view = self.preview.view
        if view is not None and view.sections:
            self.open_section.emit(view.sections[0][0])

    def practise_selected(self) -> None:
        with self.ctx.read() as session:
            ids = actions.practisable(session, self.selected_ids())
        if ids:
            self.practise.emit("Question bank selection", ids)

    def choose_export_file(self) -> None:
        name, chosen = QFileDialog.getSaveFileName(
            self,
            "Export the selection",
            str(Path.home() / "setu-prompts.csv"),
            "CSV, for import (*.csv);;YAML content (*.yaml)",
        )
        if name:
            as_yaml = name.endswith((".yaml", ".yml")) or "yaml" in chosen.casefold()
            self.export_to(Path(name), as_yaml=as_yaml)

    def export_to(self, path: Path, *, as_yaml: bool = False) -> bool:
        ids = self.selected_ids()
        with self.ctx.read() as session:
            text = (
                actions.export_yaml(session, ids) if as_yaml else actions.export_csv(session, ids)
            )
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(
                self, "Export", f"Could not write {path}: {exc.strerror or exc}. Nothing was saved."
            )
            return False
        return True

    # --- authoring ------------------------------------------------------------------------

    def editor(
        self, question_id: int | None = None, doc: dict[str, Any] | None = None
    ) -> PromptEditor:
        """The editor dialog (opened by the caller); loaded only when first needed,
        with the content schema it checks against."""
        from studyapp.gui.bank.editor import PromptEditor

        dialog = PromptEditor(self.ctx, doc, question_id, self)
        dialog.saved.connect(self._on_saved)
        return dialog

    def add_prompt(self) -> None:
        self.editor().open()

    def edit_current(self) -> None:
        qid = self.current_id()
        view = self.preview.view
        if qid is None or view is None or view.origin not in EDITABLE_ORIGINS:
            return
        with self.ctx.read() as session:
            doc = document_of(session, qid)
        self.editor(qid, doc).open()

    def duplicate_current(self) -> None:
        qid = self.current_id()
        if qid is None:
            return
        with self.ctx.write(CONTENT, QUIZZES) as session:
            copy = duplicate_prompt(session, qid, self.ctx.now())
        self.refresh()
        self.select_prompt(copy)

    def _on_saved(self, question_id: int) -> None:
        self.refresh()
        self.select_prompt(question_id)
