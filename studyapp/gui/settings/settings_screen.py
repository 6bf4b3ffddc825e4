"""Settings: study limits and FSRS options (they apply to the very next prompt),
the start of the study day, and the look of the app."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.settings import StudySettings, load_settings, save_settings
from studyapp.core.srs import LEECH_LAPSES
from studyapp.gui.context import SETTINGS, AppContext
from studyapp.gui.theme import apply_theme


def _minutes_text(steps: tuple[int, ...]) -> str:
    return " ".join(str(s) for s in steps)


def _parse_minutes(text: str) -> tuple[int, ...]:
    parts = text.replace(",", " ").split()
    if not parts or not all(p.isdigit() for p in parts):
        raise ValueError("learning steps are whole minutes separated by spaces, e.g. 1 10")
    return tuple(int(p) for p in parts)


class SettingsScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel("Settings")
        title.setObjectName("ScreenTitle")

        self.retention = QDoubleSpinBox()
        self.retention.setRange(0.70, 0.99)
        self.retention.setSingleStep(0.01)
        self.retention.setDecimals(2)
        self.new_per_day = QSpinBox()
        self.new_per_day.setRange(0, 9999)
        self.max_interval = QSpinBox()
        self.max_interval.setRange(1, 36500)
        self.max_interval.setSuffix(" days")
        self.learning = QLineEdit()
        self.relearning = QLineEdit()
        self.day_start = QSpinBox()
        self.day_start.setRange(0, 23)
        self.day_start.setSuffix(":00")
        self.theme = QComboBox()
        self.theme.addItems(["system", "light", "dark"])
        self.font_size = QSpinBox()
        self.font_size.setRange(0, 24)
        self.font_size.setSpecialValueText("default")
        self.font_size.setSuffix(" pt")
        self.suspend_leeches = QCheckBox(
            f"Also suspend a prompt forgotten {LEECH_LAPSES} times (a leech)"
        )
        self.suspend_leeches.setToolTip(
            "Leeches are listed in the Question bank (State: Leech) either way."
        )
        self.message = QLabel()
        self.message.setObjectName("Muted")

        study = QGroupBox("Study")
        form = QFormLayout(study)
        form.addRow("Desired retention", self.retention)
        form.addRow("New prompts per day", self.new_per_day)
        form.addRow("Maximum interval", self.max_interval)
        form.addRow("Learning steps (minutes)", self.learning)
        form.addRow("Relearning steps (minutes)", self.relearning)
        form.addRow("The study day starts at", self.day_start)
        form.addRow("Leeches", self.suspend_leeches)
        look = QGroupBox("Appearance")
        look_form = QFormLayout(look)
        look_form.addRow("Theme", self.theme)
        look_form.addRow("Font size", self.font_size)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(QLabel("Changes are saved as you make them and apply to the next prompt."))
        layout.addWidget(study)
        layout.addWidget(look)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self._loading = True
        self.load()
        for spin in (self.retention, self.new_per_day, self.max_interval, self.day_start):
            spin.valueChanged.connect(self.save)
        self.font_size.valueChanged.connect(self.save)
        self.suspend_leeches.toggled.connect(self.save)
        self.theme.currentTextChanged.connect(self.save)
        self.learning.editingFinished.connect(self.save)
        self.relearning.editingFinished.connect(self.save)

    def load(self) -> None:
        self._loading = True
        with self.ctx.read() as session:
            s = load_settings(session)
        self.retention.setValue(s.desired_retention)
        self.new_per_day.setValue(s.new_per_day)
        self.max_interval.setValue(s.maximum_interval_days)
        self.learning.setText(_minutes_text(s.learning_steps_min))
        self.relearning.setText(_minutes_text(s.relearning_steps_min))
        self.day_start.setValue(s.day_start_hour)
        self.theme.setCurrentText(s.theme)
        self.font_size.setValue(s.font_size)
        self.suspend_leeches.setChecked(s.suspend_leeches)
        self._loading = False

    def current(self) -> StudySettings:
        return replace(
            StudySettings(),
            desired_retention=round(self.retention.value(), 2),
            new_per_day=self.new_per_day.value(),
            maximum_interval_days=self.max_interval.value(),
            learning_steps_min=_parse_minutes(self.learning.text()),
            relearning_steps_min=_parse_minutes(self.relearning.text()),
            day_start_hour=self.day_start.value(),
            theme=self.theme.currentText(),
            font_size=self.font_size.value(),
            suspend_leeches=self.suspend_leeches.isChecked(),
        ).validated()

    def save(self) -> None:
        if self._loading:
            return
        try:
            settings = self.current()
        except ValueError as exc:
            self.message.setText(f"Not saved: {exc}.")
            return
        with self.ctx.write(SETTINGS) as session:
            before = load_settings(session)
            save_settings(session, settings)
        if (before.theme, before.font_size) != (settings.theme, settings.font_size):
            from studyapp.gui.app import application

            apply_theme(application(), settings.theme, settings.font_size)
        self.message.setText("Saved.")
