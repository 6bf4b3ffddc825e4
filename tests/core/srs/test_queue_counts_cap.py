"""The review screen's header counts stop at a cap, so reading them after every answer
costs the same however large the backlog; without a cap they are exact."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from studyapp.core.models import Question
from studyapp.core.srs.scheduler import Rating, answer, queue_counts
from studyapp.core.storage.db import Database

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def test_capped_counts_stop_at_the_cap_and_uncapped_ones_are_exact(db: Database) -> None:
    with db.begin() as s:
        ids = s.scalars(select(Question.id).order_by(Question.id)).all()
        assert len(ids) == 4
        for qid in ids[:3]:  # three prompts in learning, due again within minutes
            answer(s, qid, Rating.AGAIN, T0, correct=False, fuzz=False)
    with db.begin() as s:
        exact = queue_counts(s, T0)
        capped = queue_counts(s, T0, cap=2)
        roomy = queue_counts(s, T0, cap=1000)
    assert (exact.learning, exact.new) == (3, 1)
    assert (capped.learning, capped.new) == (2, 1)
    assert roomy == exact  # below the cap, the counts are the exact ones
