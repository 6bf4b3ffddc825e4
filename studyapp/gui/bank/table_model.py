"""The question bank's table: every matching prompt's id in sort order, and a cache
of displayed rows filled a block at a time as rows scroll into view — one query per
block, never one per row, whatever the size of the bank (Anki's browser works so).
The cache is kept by prompt, so a new filter or sort reads only prompts not seen yet."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from studyapp.core.bank.query import COLUMNS, FLAGS, ORIGINS, BankRow
from studyapp.core.content.prompts import TYPE_LABELS

Index = QModelIndex | QPersistentModelIndex
IdRole = Qt.ItemDataRole.UserRole + 1
BLOCK = 120  # rows read per query: a screenful or two
ROWS_KEPT = 20_000  # rows kept between filters (a few MB); past it they are read again

# Flag colours, as Anki's; used for the Flag column and a tint on the row.
FLAG_COLOURS = {1: "#e5484d", 2: "#f76b15", 3: "#30a46c", 4: "#3e63dd", 5: "#8e4ec6"}
NUMERIC = {"due", "interval", "recall", "lapses", "last_answered"}
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ROLES = frozenset(
    {_DISPLAY, _TOOLTIP, _FOREGROUND, _ALIGNMENT, int(Qt.ItemDataRole.BackgroundRole), int(IdRole)}
)


def _date(value: datetime | None) -> str:
    return "" if value is None else value.astimezone().strftime("%d %b %Y")


def _days(value: float | None) -> str:
    if value is None:
        return ""
    if value < 1:
        return f"{max(1, round(value * 24))}h"
    return f"{round(value)}d" if value < 365 else f"{value / 365:.1f}y"


def cell_text(row: BankRow, column: str) -> str:
    """What the table shows for one field of one prompt."""
    if column == "prompt":
        return " ".join(row.gist.split())[:200]
    if column == "type":
        return TYPE_LABELS.get(row.type, row.type)
    if column == "area":
        return row.area_title
    if column == "section":
        return row.section
    if column == "difficulty":
        return row.difficulty.capitalize()
    if column == "origin":
        return ORIGINS.get(row.origin, row.origin)
    if column == "state":
        return f"{row.state} · Leech" if row.leech else row.state
    if column == "due":
        return _date(row.due)
    if column == "interval":
        return _days(row.interval_days)
    if column == "recall":
        return "" if row.recall is None else f"{round(100 * row.recall)}%"
    if column == "lapses":
        return str(row.lapses)
    if column == "last_answered":
        return _date(row.last_answered)
    if column == "flag":
        return FLAGS.get(row.flag, "")
    raise KeyError(column)


class BankTableModel(QAbstractTableModel):
    sort_requested = Signal(str, bool)  # column key, descending

    def __init__(self, fetch: Callable[[Sequence[int]], list[BankRow]], parent: Any = None) -> None:
        super().__init__(parent)
        self.fetch = fetch
        self.columns = list(COLUMNS)
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._alignments = [right if c in NUMERIC else None for c in self.columns]
        self.ids: list[int] = []
        # Rows read so far, by prompt id: a new filter, search or sort shows the prompts
        # already read without reading them again (going back to the whole bank, say).
        self._rows: dict[int, BankRow] = {}
        self._texts: dict[int, list[str]] = {}  # each row's cells, formatted once
        self.queries = 0  # reads of a block (the bank's tests and benchmark count them)

    def set_ids(self, ids: list[int]) -> None:
        """Show these prompts in this order; rows read before are kept (they have not
        changed: `forget_rows` is for when they may have)."""
        self.beginResetModel()
        self.ids = ids
        if len(self._rows) > ROWS_KEPT:
            self._rows, self._texts = {}, {}
        self.endResetModel()

    def forget_rows(self) -> None:
        """The prompts or their cards may have changed: read rows again when shown."""
        self._rows, self._texts = {}, {}

    def refresh_rows(self) -> None:
        """Re-read the displayed fields (after an action changed them), same order."""
        self.forget_rows()
        if self.ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.ids) - 1, len(self.columns) - 1)
            )

    def row_of(self, question_id: int) -> int:
        try:
            return self.ids.index(question_id)
        except ValueError:
            return -1

    def bank_row(self, row: int) -> BankRow | None:
        if not 0 <= row < len(self.ids):
            return None
        cached = self._rows.get(self.ids[row])
        if cached is None:
            start = row - row % BLOCK
            block = [i for i in self.ids[start : start + BLOCK] if i not in self._rows]
            self.queries += 1
            for found in self.fetch(block):
                self._rows[found.id] = found
                self._texts[found.id] = [cell_text(found, c) for c in self.columns]
            cached = self._rows.get(self.ids[row])
        return cached

    # --- QAbstractTableModel ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every visible cell and a dozen roles on each repaint: the roles
        # the table does not use are refused before anything else is looked at.
        if role not in _ROLES:
            return None
        number = index.row()
        if not 0 <= number < len(self.ids):  # an invalid index has row -1
            return None
        if role == _ALIGNMENT:
            return self._alignments[index.column()]
        if role == IdRole:
            return self.ids[number]
        row = self._rows.get(self.ids[number]) or self.bank_row(number)
        if row is None:
            return None
        if role == _DISPLAY:
            return self._texts[row.id][index.column()]
        if role == _TOOLTIP:
            column = self.columns[index.column()]
            return row.gist if column == "prompt" else self._texts[row.id][index.column()]
        if role == _FOREGROUND:
            if row.flag and self.columns[index.column()] == "flag":
                return QColor(FLAG_COLOURS[row.flag])
            if row.state == "Suspended":
                return QColor("#8a8f98")
            return None
        # Background: a flagged row is tinted with its colour, as in Anki.
        if row.flag:
            tint = QColor(FLAG_COLOURS[row.flag])
            tint.setAlpha(40)
            return tint
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return COLUMNS[self.columns[section]]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Sorting is SQL's job: the screen re-reads the ids in the new order; no
        # column (-1) is the order the prompts arrived in.
        if column < 0:
            self.sort_requested.emit("added", False)
        elif column < len(self.columns):
            self.sort_requested.emit(self.columns[column], order == Qt.SortOrder.DescendingOrder)
