"""The practice-set builder: areas or a section, prompt types, difficulty, a filter on
the student's history, and how many — with a live count of what matches."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.content.prompts import TYPE_LABELS
from studyapp.core.content.reference import section_tree
from studyapp.core.quiz.selection import (
    DIFFICULTIES,
    FILTERS,
    PRACTICE_TYPES,
    Criteria,
    area_choices,
    count_matching,
    pick_prompts,
)
from studyapp.core.wording import counted
from studyapp.gui.context import CONTENT, REVIEWS, AppContext
from studyapp.gui.practice.area_picker import AreaPicker
from studyapp.gui.widgets.lazy import RefreshedWhenShown


class PracticeBuilder(RefreshedWhenShown):
    start = Signal(str, list)  # title, question ids
    watches = frozenset({CONTENT, REVIEWS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.matching = 0  # prompts the current choices draw from
        intro = QLabel(
            "Pick what to practise. Each answer is marked at once with the explanation, and "
            "it counts towards your reviews: right → Good, wrong → Again."
        )
        intro.setWordWrap(True)
        intro.setObjectName("Muted")

        self.areas = AreaPicker(show_counts=True)
        self.areas.changed.connect(self._update_count)

        self.section = QComboBox()
        self.section.currentIndexChanged.connect(self._update_count)
        self.types: dict[str, QCheckBox] = {}
        type_grid = QGridLayout()
        for n, qtype in enumerate(PRACTICE_TYPES):
            box = QCheckBox(TYPE_LABELS[qtype])
            box.setChecked(True)
            box.toggled.connect(self._update_count)
            self.types[qtype] = box
            type_grid.addWidget(box, n, 0)  # one column: narrow enough for 1024 px
        self.difficulties: dict[str, QCheckBox] = {}
        difficulty_row = QHBoxLayout()
        for level in DIFFICULTIES:
            box = QCheckBox(level.capitalize())
            box.setChecked(True)
            box.toggled.connect(self._update_count)
            self.difficulties[level] = box
            difficulty_row.addWidget(box)
        difficulty_row.addStretch(1)
        self.which = QComboBox()
        for key, label in FILTERS.items():
            self.which.addItem(label, key)
        self.which.currentIndexChanged.connect(self._update_count)
        self.count = QSpinBox()
        self.count.setRange(1, 200)
        self.count.setValue(10)
        self.count.valueChanged.connect(self._show_count)  # the matches stay the same

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.addRow("Section", self.section)
        form.addRow("Prompt types", type_grid)
        form.addRow("Difficulty", difficulty_row)
        form.addRow("Which prompts", self.which)
        form.addRow("How many", self.count)

        self.matches = QLabel()
        self.matches.setObjectName("Muted")
        self.matches.setWordWrap(True)
        self.start_button = QPushButton("Start practice set")
        self.start_button.setObjectName("Primary")
        self.start_button.clicked.connect(self.start_set)
        action = QHBoxLayout()
        action.addWidget(self.start_button)
        action.addWidget(self.matches, 1)

        right = QVBoxLayout()
        right.addLayout(form)
        right.addSpacing(12)
        right.addLayout(action)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(self.areas, 2)
        columns.addSpacing(16)
        columns.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)

    def load(self) -> None:
        """Fill the area list and section menu from the content, keeping the choices."""
        chosen_section = self.section.currentData()
        with self.ctx.read() as session:
            areas = area_choices(session)
            tree = section_tree(session)
        self.areas.set_areas(areas)
        self.section.blockSignals(True)
        self.section.clear()
        self.section.addItem("Any section", None)

        def add(key: str, depth: int) -> int:
            # Depth first; a branch without prompts anywhere below is left out.
            node = tree[key]
            index = self.section.count()
            if key:
                self.section.addItem("    " * depth + node.title, key)
            total = node.prompts + sum(add(child, depth + 1) for child in node.children)
            if key and total == 0:
                self.section.removeItem(index)
            return total

        add("", -1)
        found = self.section.findData(chosen_section)
        self.section.setCurrentIndex(max(0, found))
        self.section.blockSignals(False)
        self._update_count()

    def criteria(self) -> Criteria:
        section = self.section.currentData()
        return Criteria(
            areas=self.areas.chosen(),
            section_keys=(str(section),) if section else (),
            types=tuple(k for k, box in self.types.items() if box.isChecked()),
            difficulties=tuple(k for k, box in self.difficulties.items() if box.isChecked()),
            which=str(self.which.currentData()),
        )

    def _update_count(self) -> None:
        criteria = self.criteria()
        if not criteria.types or not criteria.difficulties:
            self.matching = 0
        else:
            with self.ctx.read() as session:
                self.matching = count_matching(session, criteria, self.ctx.now())
        self._show_count()

    def _show_count(self) -> None:
        n = self.matching
        take = min(n, self.count.value())
        if n == 0:
            self.matches.setText("No prompts match these choices.")
        else:
            self.matches.setText(f"{counted(n, 'prompt')} match — the set will have {take}.")
        self.start_button.setEnabled(n > 0)

    def title(self) -> str:
        section = self.section.currentText().strip() if self.section.currentData() else ""
        areas = self.areas.chosen_titles()
        which = "" if self.which.currentData() == "all" else f" · {self.which.currentText()}"
        subject = section or (", ".join(areas[:3]) + ("…" if len(areas) > 3 else "")) or "All areas"
        return subject + which

    def start_set(self) -> None:
        with self.ctx.read() as session:
            ids = pick_prompts(
                session, self.criteria(), self.count.value(), self.ctx.now(), rng=random.Random()
            )
        if ids:
            self.start.emit(self.title(), ids)
