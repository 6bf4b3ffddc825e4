"""Personal FSRS parameters: fitted with fsrs-rs-python to a history, they predict the
student's recall on reviews they were not fitted to better than the defaults; the
scheduler and the recall figures then use them; the workload estimate follows the
desired retention."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest
from sqlalchemy import select

from studyapp.core.clock import from_ms
from studyapp.core.models import Card, Question
from studyapp.core.settings import load_settings, update_settings
from studyapp.core.srs.days import day_scale
from studyapp.core.srs.personal_parameters import (
    NotEnoughReviews,
    as_fsrs6,
    estimate_workload,
    evaluate,
    fit_parameters,
    fsrs_items,
    read_history,
)
from studyapp.core.srs.scheduler import Rating, answer
from studyapp.core.stats.mastery import mastery_by_area
from studyapp.core.storage.db import Database
from tests.core.synthetic_history import START, TRUE_PARAMETERS, synthetic_history

SCALE = day_scale(START, ZoneInfo("Asia/Kolkata"), 4)
DEFAULTS = fsrs.scheduler.DEFAULT_PARAMETERS


@pytest.fixture(scope="module")
def history() -> list[tuple[int, int, int]]:
    return synthetic_history(1200)


def test_a_fit_lowers_log_loss_on_held_out_reviews(history: list[tuple[int, int, int]]) -> None:
    train = [row for row in history if row[0] % 10 < 7]
    held_out = fsrs_items([row for row in history if row[0] % 10 >= 7], SCALE)
    result = fit_parameters(train, SCALE)
    assert len(result.parameters) == 21
    assert result.reviews > 400 and result.better
    assert result.after.rmse_bins < result.before.rmse_bins
    default_fit = evaluate(DEFAULTS, held_out)
    personal_fit = evaluate(result.parameters, held_out)
    assert personal_fit.log_loss < default_fit.log_loss
    assert personal_fit.rmse_bins < default_fit.rmse_bins
    # The student forgets new prompts faster than the defaults assume; the fit sees it.
    assert result.parameters[2] < DEFAULTS[2] and result.parameters[3] < DEFAULTS[3]
    # The fitted parameters are accepted by the scheduler as they are.
    fsrs.Scheduler(parameters=result.parameters)
    assert evaluate(TRUE_PARAMETERS, held_out).log_loss <= personal_fit.log_loss + 0.01


def test_too_short_a_history_is_refused_with_a_sentence(
    history: list[tuple[int, int, int]],
) -> None:
    with pytest.raises(NotEnoughReviews, match="at least 400 reviews"):
        fit_parameters(history[:300], SCALE)


def test_same_day_answers_count_zero_days_and_train_nothing() -> None:
    day = 3_600_000 * 24
    t0 = SCALE.start_ms(SCALE.today) + 3_600_000
    rows = [(1, t0, 3), (1, t0 + 600_000, 3), (1, t0 + 2 * day, 1), (1, t0 + 2 * day + 60_000, 3)]
    items = fsrs_items(rows, SCALE)
    # The bindings show a review only through its repr.
    assert [repr(item) for item in items] == [
        "FSRSItem { reviews: [FSRSReview { rating: 3, delta_t: 0 }, "
        "FSRSReview { rating: 3, delta_t: 0 }, FSRSReview { rating: 1, delta_t: 2 }] }"
    ]


def test_older_parameter_vectors_become_fsrs6() -> None:
    fsrs5 = as_fsrs6(DEFAULTS[:19])
    assert len(fsrs5) == 21 and fsrs5[20] == 0.5  # FSRS-5's fixed decay
    fsrs.Scheduler(parameters=fsrs5)


def test_stored_parameters_drive_the_scheduler_and_the_recall_figures(db: Database) -> None:
    with db.begin() as s:
        qid = s.scalars(select(Question.id).where(Question.key == "q.trade.0001")).one()
        answer(s, qid, Rating.GOOD, START, correct=True, fuzz=False)
        answer(s, qid, Rating.GOOD, START + timedelta(minutes=10), correct=True, fuzz=False)
        default_card = s.get(Card, qid)
        assert default_card is not None
        default_due = default_card.due_ms
        default_recall = mastery_by_area(s, START + timedelta(days=20))[0].recall
        s.rollback()
    with db.begin() as s:
        update_settings(s, fsrs_parameters=TRUE_PARAMETERS)
    with db.begin() as s:
        assert load_settings(s).fsrs_parameters == TRUE_PARAMETERS
        answer(s, qid, Rating.GOOD, START, correct=True, fuzz=False)
        answer(s, qid, Rating.GOOD, START + timedelta(minutes=10), correct=True, fuzz=False)
        card = s.get(Card, qid)
        assert card is not None
        expected = fsrs.Card(card_id=qid)
        scheduler = fsrs.Scheduler(parameters=TRUE_PARAMETERS, enable_fuzzing=False)
        expected, _ = scheduler.review_card(expected, fsrs.Rating.Good, START)
        later = START + timedelta(minutes=10)
        expected, _ = scheduler.review_card(expected, fsrs.Rating.Good, later)
        assert from_ms(card.due_ms) == expected.due and card.due_ms < default_due
        recall = mastery_by_area(s, START + timedelta(days=20))[0].recall
        assert recall is not None and default_recall is not None
        assert recall < default_recall  # a steeper forgetting curve
        assert recall == pytest.approx(
            # The app's memory model computes in float32.
            scheduler.get_card_retrievability(expected, START + timedelta(days=20)),
            rel=1e-6,
        )
        assert len(read_history(s)) == 2


def test_the_workload_estimate_grows_with_the_desired_retention() -> None:
    low = estimate_workload(DEFAULTS, 0.80, 2000, 20, 36500)
    high = estimate_workload(DEFAULTS, 0.95, 2000, 20, 36500)
    assert 0 < low.reviews_per_day < high.reviews_per_day
    assert 0 < low.minutes_per_day < high.minutes_per_day
    assert estimate_workload(DEFAULTS, 0.90, 2000, 20, 36500) == estimate_workload(
        DEFAULTS, 0.90, 2000, 20, 36500
    )
