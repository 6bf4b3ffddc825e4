"""Settings: study limits and FSRS options (they apply to the very next prompt),
the start of the study day, and the look of the app."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QApplication,
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
from studyapp.gui.context import SETTINGS, AppContext
from studyapp.gui.theme import FONT_SIZES, apply_theme, base_font_size, system_font_size
from studyapp.gui.widgets.screen_parts import scrolled


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
        self.theme = QComboBox()
        self.theme.addItems(["system", "light", "dark"])
        # A list, not a spin box: every choice is readable, and "default" names its size.
        self.font_size = QComboBox()
        self.font_size.addItem(f"System default ({system_font_size(application())} pt)", 0)
        for size in FONT_SIZES:
            self.font_size.addItem(f"{size} pt", size)
        self.font_size.setAccessibleName("Font size")
        self.theme.setAccessibleName("Theme")
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
        look = QGroupBox("Appearance")
        look_form = QFormLayout(look)
        look_form.addRow("Theme", self.theme)
        look_form.addRow("Font size", self.font_size)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        page = QVBoxLayout(self)
        page.setContentsMargins(32, 28, 20, 20)
        page.addWidget(title)
        page.addWidget(scrolled(body), 1)  # taller than the window at a large font
        saved = QLabel("Changes are saved as you make them and apply to the next prompt.")
        saved.setWordWrap(True)
        layout.addWidget(saved)
        layout.addWidget(study)
        layout.addWidget(look)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self._loading = True
        self.load()
        for spin in (self.retention, self.new_per_day, self.max_interval, self.day_start):
            spin.valueChanged.connect(self.save)
        self.font_size.currentIndexChanged.connect(self.save)
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
        index = self.font_size.findData(s.font_size)
        if index < 0:  # a size outside the list (an older release allowed 1–24 pt)
            index = self.font_size.findData(base_font_size(application(), s.font_size))
        self.font_size.setCurrentIndex(max(0, index))
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
            font_size=int(self.font_size.currentData()),
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
            apply_theme(application(), settings.theme, settings.font_size)
        self.message.setText("Saved.")
