"""FSRS parameters fitted to the student's own answers, and the daily workload they
imply, with `fsrs-rs-python` (the Rust FSRS that Anki uses; no PyTorch).

Reading the history is one SQL query (`read_history`, in the caller's transaction);
everything after it (`fit_parameters`, `estimate_workload`) is pure computation on
plain values, so the GUI runs it off its thread with no database session crossing
threads.

Both libraries speak FSRS-6: `fsrs-rs-python` fits and returns 21 parameters, the
vector `fsrs.Scheduler` takes. Should it ever hand back an older shape (FSRS-5's 19
or FSRS-4.5's 17), `fsrs_rs_python.check_and_fill_parameters` migrates it to 21 the
way Anki does (an FSRS-5 vector gets w19 = 0 and a decay w20 of 0.5, which is
FSRS-5's own curve), and every value is clamped into the bounds `fsrs` accepts.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

import fsrs_rs_python as rs
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS
from sqlalchemy.orm import Session

from studyapp.core.settings import FSRS_PARAMETER_COUNT
from studyapp.core.srs.days import DayScale

# Anki asks for a few hundred reviews before it fits parameters; with fewer the fit
# follows noise. Counted as trainable reviews: answers on a later study day than the
# prompt's previous answer (FSRS items), not raw answers.
MIN_REVIEWS = 400
WORKLOAD_DAYS = 365  # the span the workload estimate averages over

HistoryRow = tuple[int, int, int]  # question id, reviewed (epoch ms), rating 1–4


class NotEnoughReviews(ValueError):
    """Too little history to fit parameters to."""


def read_history(session: Session) -> list[HistoryRow]:
    """Every answer, prompt by prompt in the order given: what the fit learns from.
    Practice and mock answers count too; they moved the same cards."""
    rows = session.connection().exec_driver_sql(
        "SELECT question_id, reviewed_ms, rating FROM review_log "
        "WHERE rating BETWEEN 1 AND 4 ORDER BY question_id, reviewed_ms, id"
    )
    return [(int(q), int(ms), int(r)) for q, ms, r in rows]


def fsrs_items(history: Sequence[HistoryRow], scale: DayScale) -> list[rs.FSRSItem]:
    """The history as FSRS training items: for each answer on a later study day than
    the one before it, the prompt's answers up to it, with the study days between
    them (same-day answers have 0, as in Anki)."""
    items: list[rs.FSRSItem] = []
    for _, answers in groupby(history, key=lambda row: row[0]):
        reviews: list[rs.FSRSReview] = []
        last_day: int | None = None
        for _, reviewed_ms, rating in answers:
            day = scale.day_of_ms(reviewed_ms)
            delta = 0 if last_day is None else day - last_day
            reviews.append(rs.FSRSReview(rating, delta))
            last_day = day
            if delta > 0:
                item = rs.FSRSItem(list(reviews))
                if item.long_term_review_cnt() > 0:
                    items.append(item)
    return items


def as_fsrs6(parameters: Sequence[float]) -> tuple[float, ...]:
    """A parameter vector `fsrs.Scheduler` accepts (see the module's note)."""
    values = list(parameters)
    if len(values) != FSRS_PARAMETER_COUNT:
        values = rs.check_and_fill_parameters(values)
    return tuple(
        min(max(float(w), low), high)
        for w, low, high in zip(
            values, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    )


@dataclass(frozen=True)
class Evaluation:
    log_loss: float  # lower is better
    rmse_bins: float  # calibration error over bins of predicted recall; lower is better


def evaluate(parameters: Sequence[float], items: Sequence[rs.FSRSItem]) -> Evaluation:
    """How well `parameters` predict the recall seen in `items`."""
    result = rs.FSRS(list(parameters)).evaluate(list(items))
    return Evaluation(float(result.log_loss), float(result.rmse_bins))


@dataclass(frozen=True)
class FitResult:
    parameters: tuple[float, ...]  # FSRS-6, ready for `fsrs.Scheduler`
    before: Evaluation  # the parameters in use, on the student's history
    after: Evaluation  # the fitted ones, on the same history
    reviews: int  # trainable reviews the fit used
    seconds: float

    @property
    def better(self) -> bool:
        return self.after.log_loss < self.before.log_loss


def fit_parameters(
    history: Sequence[HistoryRow],
    scale: DayScale,
    current: Sequence[float] = (),
    minimum: int = MIN_REVIEWS,
) -> FitResult:
    """Fit FSRS-6 parameters to `history` (see `read_history`) and compare them with
    `current` (the defaults when empty) on it. Raises NotEnoughReviews below
    `minimum` trainable reviews."""
    started = time.perf_counter()
    items = fsrs_items(history, scale)
    if len(items) < minimum:
        raise NotEnoughReviews(
            f"Personal parameters need at least {minimum} reviews on a later day than the "
            f"prompt's previous answer; your history has {len(items)} so far."
        )
    in_use = as_fsrs6(current or DEFAULT_PARAMETERS)
    fitted = as_fsrs6(rs.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items))
    return FitResult(
        parameters=fitted,
        before=evaluate(in_use, items),
        after=evaluate(fitted, items),
        reviews=len(items),
        seconds=time.perf_counter() - started,
    )


@dataclass(frozen=True)
class Workload:
    desired_retention: float
    reviews_per_day: float  # answers a day on average: reviews and new prompts
    new_per_day: float
    minutes_per_day: float


def estimate_workload(
    parameters: Sequence[float],
    desired_retention: float,
    prompts: int,
    new_per_day: int,
    maximum_interval_days: int,
) -> Workload:
    """The average daily workload over the next year at `desired_retention`, as
    Anki's simulator estimates it: `prompts` to learn at `new_per_day` a day, with
    FSRS's typical answer times and rating habits. Deterministic (fixed seed)."""
    config = rs.default_simulator_config()
    config.deck_size = max(1, prompts)
    config.learn_span = WORKLOAD_DAYS
    config.learn_limit = max(0, new_per_day)
    config.max_ivl = float(maximum_interval_days)
    config.max_cost_perday = 86_400.0  # no cap: the estimate is of what would be due
    result = rs.simulate(as_fsrs6(parameters or DEFAULT_PARAMETERS), desired_retention, config, 1)
    days = max(1, len(result.review_cnt_per_day))
    learned = sum(result.learn_cnt_per_day) / days
    return Workload(
        desired_retention=desired_retention,
        reviews_per_day=sum(result.review_cnt_per_day) / days + learned,
        new_per_day=learned,
        minutes_per_day=sum(result.cost_per_day) / days / 60,
    )
