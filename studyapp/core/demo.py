"""A realistic, reproducible study history for screenshots and demonstrations.

It is made the way a student would make it — through the real review engine, one
answer at a time over past days — so every card state is a genuine FSRS state.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.core.models import Question
from studyapp.core.srs import Rating, answer, next_due_question

# Share of right answers by difficulty, so that harder areas show up as weaker.
_ACCURACY = {"easy": 0.92, "medium": 0.8, "hard": 0.62}


def seed_demo_history(
    session: Session, now: datetime, days: int = 30, per_day: int = 18, seed: int = 7
) -> int:
    """Answer prompts on each of the past `days` days (skipping a few, as people do);
    returns the number of answers recorded."""
    rng = random.Random(seed)
    difficulty = dict(session.execute(select(Question.id, Question.difficulty)).all())
    total = 0
    for back in range(days, 0, -1):
        if rng.random() < 0.12 and back > 3:
            continue  # a missed day
        moment = (now - timedelta(days=back)).replace(hour=13, minute=30, second=0, microsecond=0)
        seen: list[int] = []
        for _ in range(per_day + rng.randint(-5, 5)):
            qid = next_due_question(session, moment, exclude=seen)
            if qid is None:
                break
            seen.append(qid)
            right = rng.random() < _ACCURACY.get(difficulty.get(qid, "medium"), 0.8)
            rating = Rating.GOOD if right else Rating.AGAIN
            if right and rng.random() < 0.15:
                rating = Rating.EASY if rng.random() < 0.5 else Rating.HARD
            took = rng.randint(12, 75)
            answer(
                session,
                qid,
                rating,
                moment,
                correct=right,
                response=None,
                duration_ms=took * 1000,
                mode="review",
                fuzz=False,
            )
            moment += timedelta(seconds=took + rng.randint(2, 8))
            total += 1
    return total
