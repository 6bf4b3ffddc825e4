"""Search results as a list model: sections first, then prompts, then the student's
notes, each ranked, with the snippet's matches in bold."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from studyapp.core.content.search import HIT_END, HIT_START, SearchHit, plain_snippet

HitRole = Qt.ItemDataRole.UserRole + 1
KIND_ORDER = {"section": 0, "question": 1, "note": 2}
KIND_LABEL = {"section": "Section", "question": "Prompt", "note": "Your note"}


def snippet_html(snippet: str) -> str:
    text = html.escape(plain_snippet(snippet))
    return text.replace(HIT_START, "<b>").replace(HIT_END, "</b>")


class SearchResultsModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = sorted(hits, key=lambda h: (KIND_ORDER.get(h.kind, 9), h.score))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{KIND_LABEL.get(hit.kind, hit.kind)} · {hit.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_snippet(hit.snippet).replace(HIT_START, "").replace(HIT_END, "")
        if role == HitRole:
            return hit
        return None
