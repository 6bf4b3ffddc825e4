"""Progress: mastery per area and section, a year of study as a calendar, reviews
and time per day, true retention per week, the next month's workload, mock-test
scores and mains answers, and every mock together by question type, difficulty,
time and confidence with the break-even advice — filterable by area.

Figures come from one `progress_snapshot` read; the screen recomputes them when it
is shown after something changed, not on every answer given elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from studyapp.core.quiz.analysis import Analysis, analysis_across_mocks
from studyapp.core.quiz.marking import format_marks
from studyapp.core.settings import load_settings
from studyapp.core.stats.progress import ProgressSnapshot, progress_snapshot
from studyapp.core.wording import counted, figure
from studyapp.gui import routes
from studyapp.gui.background import BackgroundJob
from studyapp.gui.context import CONTENT, QUIZZES, REVIEWS, SETTINGS, AppContext
from studyapp.gui.practice.analysis_view import BreakdownTables, ConfidencePanel
from studyapp.gui.progress.charts import BarChart, HeatMap, LineChart, MasteryBars, MasteryRow
from studyapp.gui.widgets.lazy import RefreshedWhenShown
from studyapp.gui.widgets.stat_card import CardRow, StatCard

SPANS = {30: "Last 30 days", 90: "Last 90 days", 365: "Last 365 days"}


def _duration(ms: int) -> str:
    minutes = round(ms / 60000)
    return f"{minutes // 60}h {minutes % 60:02d}m" if minutes >= 60 else f"{minutes} min"


class ChartCard(QFrame):
    """A titled card holding one chart and a line of explanation under the title."""

    def __init__(self, title: str, chart: QWidget) -> None:
        super().__init__()
        self.setObjectName("Card")
        self.title = QLabel(title)
        self.title.setObjectName("CardTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("Muted")
        self.subtitle.setWordWrap(True)
        self.chart = chart
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(chart, 1)


@dataclass(frozen=True)
class Figures:
    """Everything the page shows, read in one unit of work."""

    snapshot: ProgressSnapshot
    target_retention: float
    mocks: Analysis


def read_figures(session: Session, now: datetime, area: str | None) -> Figures:
    return Figures(
        progress_snapshot(session, now, area=area),
        load_settings(session).desired_retention,
        analysis_across_mocks(session, area=area),
    )


class ProgressScreen(RefreshedWhenShown):
    watches = frozenset({REVIEWS, QUIZZES, CONTENT, SETTINGS})
    loaded = Signal()  # the figures on the page are the ones just read

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.snapshot: ProgressSnapshot | None = None
        # The figures take seconds on a large collection: they are read on a worker
        # thread, and only the newest read asked for is shown.
        self.reading: BackgroundJob | None = None
        # Under the header, not in it: the header row is full at a large font size.
        self.reading_note = QLabel("Reading your figures…")
        self.reading_note.setObjectName("Muted")
        self.reading_note.hide()

        title = QLabel("Progress")
        title.setObjectName("ScreenTitle")
        self.area = QComboBox()
        self.area.addItem("All areas", None)
        self.area.setMinimumWidth(240)
        self.area.currentIndexChanged.connect(self.refresh)
        self.span = QComboBox()
        for days, label in SPANS.items():
            self.span.addItem(label, days)
        self.span.setCurrentIndex(0)
        self.span.currentIndexChanged.connect(self._show_span)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(QLabel("Area"))
        header.addWidget(self.area)
        header.addSpacing(12)
        header.addWidget(self.span)

        self.streak = StatCard("day streak")
        self.answers = StatCard("answers")
        self.time = StatCard("time studying")
        self.retention_card = StatCard("true retention, last 4 weeks")
        self.mains_card = StatCard("mains answers written")
        self.cards = CardRow(
            (self.streak, self.answers, self.time, self.retention_card, self.mains_card)
        )

        self.heatmap = HeatMap("Your study days will fill this calendar as you answer prompts.")
        self.reviews = BarChart("No answers in this period yet.")
        self.minutes = BarChart("No study time in this period yet.", colour="good")
        self.retention = LineChart(
            "True retention appears once prompts you know come back for review."
        )
        self.forecast = BarChart(
            "Nothing is scheduled yet: answer some prompts and their reviews appear here.",
            colour="mark",
        )
        self.mastery = MasteryBars("No prompts in this area yet.")
        self.mastery.clicked.connect(self._on_mastery_clicked)
        self.mocks = LineChart("Sit a mock test to see your scores here.", height=170)

        self.heat_card = ChartCard("A year of study", self.heatmap)
        self.reviews_card = ChartCard("Answers per day", self.reviews)
        self.time_card = ChartCard("Minutes per day", self.minutes)
        self.retention_chart_card = ChartCard("True retention per week", self.retention)
        self.forecast_card = ChartCard("Reviews due, next 30 days", self.forecast)
        self.mastery_card = ChartCard("Mastery", self.mastery)
        self.mocks_card = ChartCard("Mock tests and mains answers", self.mocks)
        self.breakdown = BreakdownTables()
        self.breakdown_card = ChartCard(
            "Mock tests by question type, difficulty and time", self.breakdown
        )
        self.confidence = ConfidencePanel()
        self.confidence_card = ChartCard("Confidence and the break-even", self.confidence)

        grid = QGridLayout()
        grid.setSpacing(14)
        grid.addWidget(self.heat_card, 0, 0, 1, 2)
        grid.addWidget(self.mastery_card, 1, 0, 1, 2)
        grid.addWidget(self.reviews_card, 2, 0)
        grid.addWidget(self.time_card, 2, 1)
        grid.addWidget(self.retention_chart_card, 3, 0)
        grid.addWidget(self.forecast_card, 3, 1)
        grid.addWidget(self.mocks_card, 4, 0, 1, 2)
        grid.addWidget(self.breakdown_card, 5, 0, 1, 2)
        grid.addWidget(self.confidence_card, 6, 0, 1, 2)

        self.body = body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 12, 0)
        body_layout.setSpacing(14)
        body_layout.addWidget(self.cards)
        body_layout.addLayout(grid)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 20)
        layout.addLayout(header)
        layout.addWidget(self.reading_note)
        layout.addWidget(scroll, 1)

    # --- refreshing ---------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self.reading is not None

    def load(self) -> None:
        area, now = self.area.currentData(), self.ctx.now()
        self.reading_note.show()
        job: BackgroundJob | None = None

        def show(figures: Figures) -> None:
            if job is self.reading:  # else the area changed meanwhile: a newer read comes
                self._fill(figures.snapshot, figures.target_retention, figures.mocks)

        job = self.ctx.read_later(
            self, "Progress", lambda session: read_figures(session, now, area), show
        )
        job.done.connect(lambda _result: self._read_over(job))
        self.reading = job

    def _read_over(self, job: BackgroundJob) -> None:
        if job is self.reading:
            self.reading = None
            self.reading_note.hide()
            self.loaded.emit()

    def _fill(self, snapshot: ProgressSnapshot, target: float, mocks: Analysis) -> None:
        self.snapshot = snapshot
        self._fill_areas(snapshot)
        self._show_summary(snapshot)
        self._show_heatmap(snapshot)
        self._show_mastery(snapshot)
        self._show_retention(snapshot, target)
        self._show_forecast(snapshot)
        self._show_mocks(snapshot)
        self._show_mock_analysis(mocks)
        self._show_span()
        # Row counts change with the filter: lay the page out again now, not on a later pass.
        body_layout = self.body.layout()
        if body_layout is not None:
            body_layout.invalidate()
            body_layout.activate()

    def _fill_areas(self, s: ProgressSnapshot) -> None:
        chosen = self.area.currentData()
        self.area.blockSignals(True)
        self.area.clear()
        self.area.addItem("All areas", None)
        for m in s.mastery:
            self.area.addItem(m.title, m.area)
        self.area.setCurrentIndex(max(0, self.area.findData(chosen)))
        self.area.blockSignals(False)

    def _show_summary(self, s: ProgressSnapshot) -> None:
        a = s.activity
        self.streak.set_value(figure(a.streak))
        self.streak.caption.setText("day streak" if a.streak == 1 else "days in a row")
        recent = s.retention[-4:]
        graded = sum(w.mature_graded for w in recent)
        right = sum(w.mature_correct for w in recent)
        self.retention_card.set_value(f"{right / graded:.0%}" if graded else "–")
        self.retention_card.caption.setText(
            "true retention, 4 weeks" if graded else "true retention: no reviews yet"
        )
        self.retention_card.setToolTip(
            f"{figure(right)} of {figure(graded)} answers right on prompts in review,"
            " over the last 4 weeks"
        )
        m = s.mains
        self.mains_card.set_value(figure(m.written))
        self.mains_card.caption.setText(f"mains answers, {m.written_recently} in 30 days")

    def _show_heatmap(self, s: ProgressSnapshot) -> None:
        days = s.activity.days
        self.heatmap.set_data({d.day: d.reviews for d in days}, days[0].day, days[-1].day)
        a = s.activity
        scope = "" if s.area is None else " (this area)"
        self.heat_card.subtitle.setText(
            f"Studied on {a.studied_days} of the last {len(days)} days{scope} · "
            f"{counted(a.reviews, 'answer')} · {_duration(a.time_ms)} · "
            f"current streak {counted(a.streak, 'day')}"
        )

    def _show_span(self) -> None:
        s = self.snapshot
        if s is None:
            return
        span = int(self.span.currentData())
        days = s.activity.days[-span:]
        reviews = sum(d.reviews for d in days)
        time_ms = sum(d.time_ms for d in days)
        self.answers.set_value(figure(reviews))
        self.answers.caption.setText(f"answers, {SPANS[span].lower()}")
        self.time.set_value(_duration(time_ms))
        self.time.caption.setText(f"studying, {SPANS[span].lower()}")
        labels = [d.day.strftime("%a %d %b") for d in days]
        self.reviews.set_data(
            [d.day for d in days],
            [d.reviews for d in days],
            [f"{label}: {d.reviews} answers" for label, d in zip(labels, days, strict=True)],
        )
        self.minutes.set_data(
            [d.day for d in days],
            [d.time_ms / 60000 for d in days],
            [f"{label}: {_duration(d.time_ms)}" for label, d in zip(labels, days, strict=True)],
        )
        active = sum(1 for d in days if d.reviews)
        self.reviews_card.subtitle.setText(
            f"{reviews} answers on {active} days · {reviews / max(1, active):.0f} per study day"
        )
        self.time_card.subtitle.setText(
            f"{_duration(time_ms)} in all · {_duration(time_ms // max(1, active))} per study day"
        )

    def _show_mastery(self, s: ProgressSnapshot) -> None:
        if s.area is None:
            self.mastery_card.title.setText("Mastery by area")
            rows = [
                MasteryRow(m.area, m.title, m.prompts, m.seen, m.seen_share, m.recall)
                for m in s.mastery
            ]
            hint = "Click to see this area's sections."
            self.mastery_card.subtitle.setText(
                "Bar length: share of prompts seen. Colour and figure: average predicted "
                "recall now (FSRS). Click an area for its sections."
            )
        else:
            title = self.area.currentText()
            self.mastery_card.title.setText(f"Mastery by section: {title}")
            rows = [
                MasteryRow(m.key, m.title, m.prompts, m.seen, m.seen_share, m.recall)
                for m in s.sections
            ]
            hint = "Click to read this section."
            self.mastery_card.subtitle.setText(
                "Bar length: share of prompts seen. Colour and figure: average predicted "
                "recall now. Click a section to read it."
            )
        self.mastery.set_rows(rows, hint)

    def _on_mastery_clicked(self, key: str) -> None:
        if self.area.currentData() is None:
            self.area.setCurrentIndex(self.area.findData(key))
        else:
            self.ctx.router.go(routes.Reference(key))

    def _show_retention(self, s: ProgressSnapshot, target: float) -> None:
        weeks = s.retention
        self.retention.set_data(
            [w.retention for w in weeks],
            [w.week_start.strftime("%d %b") for w in weeks],
            [
                f"Week of {w.week_start.strftime('%d %b')}: "
                + (
                    f"{w.retention:.0%} ({w.mature_correct} of {w.mature_graded} right)"
                    if w.retention is not None
                    else "no review answers"
                )
                for w in weeks
            ],
            target=target,
        )
        self.retention_chart_card.subtitle.setText(
            "Share of answers right on prompts that had left the learning steps. "
            f"The dashed line is your desired retention ({target:.0%})."
        )

    def _show_forecast(self, s: ProgressSnapshot) -> None:
        days = s.forecast
        total = sum(d.due for d in days)
        self.forecast.set_data(
            [d.day for d in days],
            [d.due for d in days],
            [
                f"{d.day.strftime('%a %d %b')}: {d.due} due"
                + (" (incl. overdue)" if n == 0 else "")
                for n, d in enumerate(days)
            ],
        )
        week = sum(d.due for d in days[:7])
        self.forecast_card.subtitle.setText(
            f"{total} reviews over the next {len(days)} days · {week} in the coming week"
        )

    def _show_mock_analysis(self, a: Analysis) -> None:
        scope = "" if self.area.currentData() is None else " (this area's prompts)"
        t = a.total
        self.breakdown_card.subtitle.setText(
            f"Every mock together{scope}: {t.prompts} prompts, {t.right} right, "
            f"{t.wrong} wrong, {t.blank} blank — where the marks come from and go."
            if t.prompts
            else "Sit a mock test to see how you do by question type, difficulty and time."
        )
        self.breakdown.show_analysis(a)
        self.confidence_card.subtitle.setText(
            f"{a.tagged} answers tagged sure, 50-50 or guess{scope}."
        )
        self.confidence.show_analysis(a)

    def _show_mocks(self, s: ProgressSnapshot) -> None:
        mocks = s.mocks
        self.mocks.set_data(
            [m.share for m in mocks],
            [m.finished.astimezone().strftime("%d %b") for m in mocks],
            [
                f"{m.finished.astimezone().strftime('%d %b %Y %H:%M')}: "
                f"{format_marks(m.score)} / {format_marks(m.max_score)} ({m.prompts} prompts)"
                for m in mocks
            ],
        )
        last = mocks[-1] if mocks else None
        text = (
            f"{counted(len(mocks), 'mock test')} · last {format_marks(last.score)} / "
            f"{format_marks(last.max_score)}"
            if last
            else "No mock tests yet"
        )
        m = s.mains
        text += f" · {counted(m.written, 'mains answer')} written"
        if m.average_share is not None:
            text += f", self-assessed at {m.average_share:.0%} of the marks on average"
        self.mocks_card.subtitle.setText(
            text + ". The line shows each score as a share of the maximum."
        )
