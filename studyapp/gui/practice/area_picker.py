"""The list of study areas with a tick box each, shared by the practice-set builder and
the mock-test setup (nothing ticked means every area)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from studyapp.core.wording import figure

KeyRole = Qt.ItemDataRole.UserRole


class AreaPicker(QGroupBox):
    changed = Signal()

    def __init__(self, show_counts: bool, parent: QWidget | None = None) -> None:
        super().__init__("Areas (none ticked: all)", parent)
        self.show_counts = show_counts
        self.titles: dict[str, str] = {}
        self.list = QListWidget()
        self.list.setWordWrap(True)  # long area names wrap rather than being cut off
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName("Areas")
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        QVBoxLayout(self).addWidget(self.list)

    def set_areas(self, areas: list[tuple[str, str, int]]) -> None:
        """(id, title, prompts) rows; ticks on areas still listed are kept, and the
        refill itself is not announced as a change."""
        ticked = set(self.chosen())
        self.titles = {key: title for key, title, _ in areas}
        self.list.blockSignals(True)
        self.list.clear()
        for key, title, n in areas:
            item = QListWidgetItem(f"{title}  ({figure(n)})" if self.show_counts else title)
            item.setData(KeyRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def chosen(self) -> tuple[str, ...]:
        """The ticked areas' ids, in list order."""
        return tuple(
            str(self.list.item(i).data(KeyRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        )

    def chosen_titles(self) -> list[str]:
        return [self.titles[key] for key in self.chosen()]
