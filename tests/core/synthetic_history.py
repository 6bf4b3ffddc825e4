"""A synthetic student for tests of the parameter fit: FSRS with known "true"
parameters decides what is recalled, Setu's default scheduler decides when each
prompt comes back, and the answers are the review-log rows that would result."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import fsrs

from studyapp.core.clock import to_ms
from studyapp.core.srs.personal_parameters import HistoryRow

START = datetime(2025, 1, 6, 3, 30, tzinfo=UTC)  # 09:00 in India

# A student who forgets new prompts faster than FSRS's defaults assume and whose
# memories decay more steeply over time.
TRUE_PARAMETERS = tuple(
    w * 0.35 if i < 4 else (0.35 if i == 20 else w)
    for i, w in enumerate(fsrs.scheduler.DEFAULT_PARAMETERS)
)


def synthetic_history(cards: int, days: int = 240, seed: int = 7) -> list[HistoryRow]:
    rng = random.Random(seed)
    truth = fsrs.Scheduler(parameters=TRUE_PARAMETERS, enable_fuzzing=False)
    app = fsrs.Scheduler(enable_fuzzing=False)
    end = START + timedelta(days=days)
    rows: list[HistoryRow] = []
    for card_id in range(1, cards + 1):
        when = START + timedelta(days=rng.randrange(days // 2), minutes=rng.randrange(600))
        remembered, scheduled = fsrs.Card(card_id=card_id), fsrs.Card(card_id=card_id)
        while when < end:
            if remembered.last_review is None:
                rating = rng.choices(list(fsrs.Rating), weights=(25, 10, 50, 15))[0]
            elif rng.random() > truth.get_card_retrievability(remembered, when):
                rating = fsrs.Rating.Again
            else:
                rating = rng.choices(
                    (fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy), weights=(15, 75, 10)
                )[0]
            rows.append((card_id, to_ms(when), int(rating)))
            remembered, _ = truth.review_card(remembered, rating, when)
            scheduled, _ = app.review_card(scheduled, rating, when)
            assert scheduled.due is not None
            when = max(scheduled.due, when + timedelta(minutes=1)) + timedelta(
                minutes=rng.randrange(180)
            )
    return rows
