"""Settings: study limits and FSRS options (they apply to the very next prompt),
the order of new prompts, the study day's start and time zone, personal FSRS
parameters with the workload they imply, and the look of the app."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import available_timezones

from PySide6.QtWidgets import (
    QApplication,
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
from studyapp.core.srs.days import system_zone_name
from studyapp.core.srs.rules import LEECH_LAPSES
from studyapp.core.srs.scheduler import order_new_cards
from studyapp.gui.context import SETTINGS, AppContext
from studyapp.gui.settings.parameters_panel import ParametersPanel
from studyapp.gui.theme import FONT_SIZES, apply_theme, base_font_size, system_font_size
from studyapp.gui.widgets.screen_parts import scrolled

NEW_ORDER_NAMES = {
    "mixed": "Mixed across prompt types and areas",
    "area": "One area at a time",
    "bank": "In question-bank order",
}


def application() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


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
        self.new_order = QComboBox()
        for key, name in NEW_ORDER_NAMES.items():
            self.new_order.addItem(name, key)
        self.time_zone = QComboBox()
        self.time_zone.addItem(f"This computer's ({system_zone_name()})", "")
        for name in sorted(available_timezones()):
            self.time_zone.addItem(name, name)
        self.theme = QComboBox()
        self.theme.addItems(["system", "light", "dark"])
        # A list, not a spin box: every choice is readable, and "default" names its size.
        self.font_size = QComboBox()
        self.font_size.addItem(f"System default ({system_font_size(application())} pt)", 0)
        for size in FONT_SIZES:
            self.font_size.addItem(f"{size} pt", size)
        self.font_size.setAccessibleName("Font size")
        self.theme.setAccessibleName("Theme")
        # Short, so the form fits at 1024 wide in a large font; the tooltip says more.
        self.suspend_leeches = QCheckBox("Suspend them too")
        self.suspend_leeches.setToolTip(
            f"A prompt forgotten {LEECH_LAPSES} times is a leech. Leeches are listed in the "
            "Question bank (State: Leech) either way; this also suspends them."
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
        form.addRow("New prompts come", self.new_order)
        form.addRow("The study day starts at", self.day_start)
        form.addRow("Time zone", self.time_zone)
        self.parameters = ParametersPanel(ctx)
        form.addRow("Leeches", self.suspend_leeches)
        look = QGroupBox("Appearance")
        look_form = QFormLayout(look)
        look_form.addRow("Theme", self.theme)
        look_form.addRow("Font size", self.font_size)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        saved = QLabel("Changes are saved as you make them and apply to the next prompt.")
        saved.setWordWrap(True)
        layout.addWidget(saved)
        layout.addWidget(study)
        layout.addWidget(self.parameters)
        layout.addWidget(look)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 28, 32, 28)
        outer.setSpacing(14)
        outer.addWidget(title)
        outer.addWidget(scrolled(body), 1)
        outer.addWidget(self.message)

        self._loading = True
        self.load()
        for spin in (self.retention, self.new_per_day, self.max_interval, self.day_start):
            spin.valueChanged.connect(self.save)
        self.font_size.currentIndexChanged.connect(self.save)
        self.suspend_leeches.toggled.connect(self.save)
        self.theme.currentTextChanged.connect(self.save)
        self.new_order.currentIndexChanged.connect(self.save)
        self.time_zone.currentIndexChanged.connect(self.save)
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
        index = self.font_size.findData(s.font_size)
        if index < 0:  # a size outside the list (an older release allowed 1–24 pt)
            index = self.font_size.findData(base_font_size(application(), s.font_size))
        self.font_size.setCurrentIndex(max(0, index))
        self.new_order.setCurrentIndex(max(0, self.new_order.findData(s.new_order)))
        self.time_zone.setCurrentIndex(max(0, self.time_zone.findData(s.time_zone)))
        self.suspend_leeches.setChecked(s.suspend_leeches)
        self._loading = False

    def current(self, stored: StudySettings) -> StudySettings:
        """The settings as the form shows them (the fitted parameters are kept)."""
        return replace(
            stored,
            desired_retention=round(self.retention.value(), 2),
            new_per_day=self.new_per_day.value(),
            maximum_interval_days=self.max_interval.value(),
            learning_steps_min=_parse_minutes(self.learning.text()),
            relearning_steps_min=_parse_minutes(self.relearning.text()),
            day_start_hour=self.day_start.value(),
            theme=self.theme.currentText(),
            font_size=int(self.font_size.currentData()),
            new_order=str(self.new_order.currentData()),
            time_zone=str(self.time_zone.currentData()),
            suspend_leeches=self.suspend_leeches.isChecked(),
        ).validated()

    def save(self) -> None:
        if self._loading:
            return
        with self.ctx.read() as session:
            stored = load_settings(session)
        try:
            settings = self.current(stored)
        except ValueError as exc:
            self.message.setText(f"Not saved: {exc}.")
            return
        with self.ctx.write(SETTINGS) as session:
            before = load_settings(session)
            save_settings(session, settings)
            if before.new_order != settings.new_order:
                order_new_cards(session, settings.new_order)
        if (before.theme, before.font_size) != (settings.theme, settings.font_size):
            apply_theme(application(), settings.theme, settings.font_size)
        if (before.desired_retention, before.new_per_day, before.maximum_interval_days) != (
            settings.desired_retention,
            settings.new_per_day,
            settings.maximum_interval_days,
        ):
            self.parameters.schedule_estimate()
        self.message.setText("Saved.")
