"""The section tree as a Qt item model, grouped as the study pack is organised, with
the number of prompts on each section."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from studyapp.core.content.reference import TreeNode
from studyapp.core.wording import counted

KeyRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class ReferenceTreeModel(QAbstractItemModel):
    def __init__(self, nodes: dict[str, TreeNode] | None = None) -> None:
        super().__init__()
        self._nodes: dict[str, TreeNode] = {}
        self._keys: list[str] = []  # internal ids index into this list
        self._ids: dict[str, int] = {}
        self.bookmarked: set[str] = set()
        self.set_nodes(nodes or {"": TreeNode("", "", "root", None, "", 0)})

    def set_nodes(self, nodes: dict[str, TreeNode]) -> None:
        self.beginResetModel()
        self._nodes = nodes
        self._keys = list(nodes)
        self._ids = {k: i for i, k in enumerate(self._keys)}
        self.endResetModel()

    def _key(self, index: Index) -> str:
        return self._keys[index.internalId()] if index.isValid() else ""

    def index_of(self, key: str) -> QModelIndex:
        node = self._nodes.get(key)
        if node is None or not key:
            return QModelIndex()
        parent = node.parent if node.parent in self._nodes else ""
        row = self._nodes[parent or ""].children.index(key)
        return self.createIndex(row, 0, self._ids[key])

    def key_of(self, index: Index) -> str:
        return self._key(index)

    def set_bookmarked(self, keys: set[str]) -> None:
        """Mark these sections with a star (the student's bookmarks)."""
        changed = keys ^ self.bookmarked
        self.bookmarked = set(keys)
        for key in changed:
            index = self.index_of(key)
            if index.isValid():
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    # --- QAbstractItemModel -----------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        children = self._nodes[self._key(parent)].children
        if column != 0 or not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, 0, self._ids[children[row]])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self._nodes[self._key(index)]
        parent = node.parent if node.parent in self._nodes else ""
        return self.index_of(parent) if parent else QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        return len(self._nodes[self._key(parent)].children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._nodes[self._key(index)]
        if role == Qt.ItemDataRole.DisplayRole:
            star = "★ " if node.key in self.bookmarked else ""
            if node.children:
                return f"{star}{node.title}  ({len(node.children)})"
            return f"{star}{node.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            prompts = counted(node.prompts, "prompt") if node.prompts else "no prompts"
            return f"{node.summary}\n{prompts}" if node.summary else prompts
        if role == KeyRole:
            return node.key
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
