"""Settings › Personal parameters: "Optimize for me" fits FSRS parameters to the
student's own answers on a worker thread, shows how well the parameters in use and
the fitted ones predict those answers (log-loss and RMSE), applies the fitted ones
when the student confirms, and resets to FSRS-6's defaults. Beside it, an estimate
of the daily workload at the chosen desired retention, also computed off the GUI
thread.

The history is read in the GUI thread (one query, in the screen's transaction); the
worker gets plain values and never touches the database.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import text

from studyapp.core.errors import UserFacingError
from studyapp.core.settings import load_settings, update_settings
from studyapp.core.srs.personal_parameters import (
    MIN_REVIEWS,
    FitResult,
    NotEnoughReviews,
    Workload,
    estimate_workload,
    fit_parameters,
    read_history,
)
from studyapp.core.stats.daily import scale_for
from studyapp.gui.context import SETTINGS, AppContext


class _Refused(UserFacingError):
    """A computation that could not give a result, in a sentence for the panel."""


def _percent(value: float) -> str:
    return f"{100 * value:.1f} %"


class ParametersPanel(QGroupBox):
    fitted = Signal(object)  # FitResult
    fit_failed = Signal(str)
    workload_ready = Signal(object)  # Workload

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Personal scheduling", parent)
        self.ctx = ctx
        self.minimum = MIN_REVIEWS
        self.result: FitResult | None = None

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.optimize_button = QPushButton("Optimize for me")
        self.optimize_button.setToolTip(
            "Fit FSRS's parameters to your own answers (needs at least "
            f"{MIN_REVIEWS} reviews on later days)."
        )
        self.optimize_button.clicked.connect(self.optimize)
        self.reset_button = QPushButton("Reset to defaults")
        self.reset_button.clicked.connect(self.reset)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setObjectName("Muted")
        self.apply_button = QPushButton("Apply these parameters")
        self.apply_button.clicked.connect(self.apply)
        self.discard_button = QPushButton("Keep the current ones")
        self.discard_button.clicked.connect(self._discard)
        self.workload = QLabel()
        self.workload.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.optimize_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        confirm = QHBoxLayout()
        confirm.addWidget(self.apply_button)
        confirm.addWidget(self.discard_button)
        confirm.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(self.outcome)
        layout.addLayout(confirm)
        layout.addWidget(self.workload)

        # Spin boxes change in steps; estimate once the value settles.
        self.workload_timer = QTimer(self)
        self.workload_timer.setSingleShot(True)
        self.workload_timer.setInterval(250)
        self.workload_timer.timeout.connect(self.estimate)
        self._show_confirm(False)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.schedule_estimate()

    # --- parameters -----------------------------------------------------------------

    def refresh(self) -> None:
        with self.ctx.read() as session:
            personal = bool(load_settings(session).fsrs_parameters)
        self.status.setText(
            "Scheduling with parameters fitted to your own answers."
            if personal
            else "Scheduling with FSRS-6's default parameters. Once you have answered "
            f"enough ({MIN_REVIEWS} reviews on later days), fit them to your memory."
        )
        self.reset_button.setEnabled(personal)
        if self.isVisible():
            self.schedule_estimate()

    def _compute(
        self,
        work: Callable[[], object],
        done: Callable[[object], None],
        failed: Callable[[str], None],
    ) -> None:
        """Run `work` off the GUI thread; `done(result)` or `failed(sentence)` is then
        called here, on the GUI thread."""

        def run() -> object:
            try:
                return work()
            except NotEnoughReviews as exc:
                raise _Refused(str(exc)) from exc
            except (ValueError, RuntimeError) as exc:  # the Rust fit reports as these
                raise _Refused(f"The computation did not finish: {exc}.") from exc

        self.ctx.compute(self, "Personal scheduling", run, done, failed)

    def optimize(self) -> None:
        now = self.ctx.now()
        with self.ctx.read() as session:
            settings = load_settings(session)
            history = read_history(session)
        scale = scale_for(settings, now, None)
        current, minimum = settings.fsrs_parameters, self.minimum
        self.optimize_button.setEnabled(False)
        self._show_confirm(False)
        self.outcome.setText(f"Fitting to your {len(history)} answers…")
        self._compute(
            lambda: fit_parameters(history, scale, current, minimum),
            self._on_fitted,
            self._on_fit_failed,
        )

    def _on_fitted(self, result: object) -> None:
        assert isinstance(result, FitResult)
        self.result = result
        self.optimize_button.setEnabled(True)
        b, a = result.before, result.after
        lines = [
            f"Fitted to {result.reviews} reviews in {result.seconds:.2f} s. "
            "How well each set predicts your answers (lower is better):",
            f"log-loss {b.log_loss:.4f} → {a.log_loss:.4f}; "
            f"RMSE {_percent(b.rmse_bins)} → {_percent(a.rmse_bins)}.",
        ]
        if not result.better:
            lines.append("They predict no better than the ones in use; keep the current ones.")
        self.outcome.setText("\n".join(lines))
        self._show_confirm(True)
        self.apply_button.setEnabled(result.better)
        self.fitted.emit(result)

    def _on_fit_failed(self, message: str) -> None:
        self.optimize_button.setEnabled(True)
        self.outcome.setText(message)
        self.fit_failed.emit(message)

    def _show_confirm(self, shown: bool) -> None:
        self.apply_button.setVisible(shown)
        self.discard_button.setVisible(shown)

    def apply(self) -> None:
        if self.result is None:
            return
        with self.ctx.write(SETTINGS) as session:
            update_settings(session, fsrs_parameters=self.result.parameters)
        self.result = None
        self._show_confirm(False)
        self.outcome.setText("Applied: your next answers are scheduled with them.")
        self.refresh()

    def _discard(self) -> None:
        self.result = None
        self._show_confirm(False)
        self.outcome.setText("Kept the parameters in use.")

    def reset(self) -> None:
        with self.ctx.write(SETTINGS) as session:
            update_settings(session, fsrs_parameters=())
        self.outcome.setText("Back to FSRS-6's default parameters.")
        self.refresh()

    # --- workload -------------------------------------------------------------------

    def schedule_estimate(self) -> None:
        self.workload_timer.start()

    def estimate(self) -> None:
        with self.ctx.read() as session:
            settings = load_settings(session)
            prompts = (
                session.connection()
                .execute(
                    text(
                        "SELECT count(*) FROM cards c WHERE c.suspended = 0 AND c.question_id "
                        "NOT IN (SELECT id FROM questions WHERE retired = 1)"
                    )
                )
                .scalar_one()
            )
        s = settings
        self._compute(
            lambda: estimate_workload(
                s.fsrs_parameters,
                s.desired_retention,
                int(prompts),
                s.new_per_day,
                s.maximum_interval_days,
            ),
            self._on_workload,
            self.workload.setText,
        )

    def _on_workload(self, workload: object) -> None:
        assert isinstance(workload, Workload)
        self.workload.setText(
            f"At {round(100 * workload.desired_retention)} % desired retention: about "
            f"{workload.reviews_per_day:.0f} answers a day (≈ {workload.minutes_per_day:.0f} "
            "min) on average over the next year, new prompts included — an estimate "
            "from FSRS's simulator."
        )
        self.workload_ready.emit(workload)
