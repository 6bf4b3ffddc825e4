"""Figures about the student's study, computed in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from studyapp.core.clock import to_ms
from studyapp.core.days import study_day_bounds
from studyapp.core.models import Card, Question, ReviewLog
from studyapp.core.settings import load_settings


@dataclass(frozen=True)
class TodayCounts:
    prompts_available: int
    due_today: int
    new_available: int
    reviewed_today: int
    time_today_ms: int


def today_counts(session: Session, now: datetime, local: tzinfo | None = None) -> TodayCounts:
    settings = load_settings(session)
    start, end = study_day_bounds(now, local, settings.day_start_hour)
    start_ms, end_ms = to_ms(start), to_ms(end)
    active = Question.retired.is_(False)
    available = session.scalar(select(func.count()).select_from(Question).where(active)) or 0
    due = session.scalar(
        select(func.count())
        .select_from(Card)
        .join(Question, Question.id == Card.question_id)
        .where(Card.suspended.is_(False), Card.last_review_ms.is_not(None), Card.due_ms < end_ms, active)
    ) or 0
    unseen = session.scalar(
        select(func.count())
        .select_from(Question)
        .outerjoin(Card, Card.question_id == Question.id)
        .where(active, Card.last_review_ms.is_(None), Card.suspended.is_not(True))
    ) or 0
    reviewed, time_ms = session.execute(
        select(func.count(), func.coalesce(func.sum(ReviewLog.duration_ms), 0)).where(
            and_(ReviewLog.reviewed_ms >= start_ms, ReviewLog.reviewed_ms < end_ms)
        )
    ).one()
    introduced = session.scalar(
        select(func.count(func.distinct(ReviewLog.question_id))).where(
            ReviewLog.reviewed_ms >= start_ms,
            ReviewLog.reviewed_ms < end_ms,
            ReviewLog.card_before.is_(None),
        )
    ) or 0
    new_left = max(0, settings.new_per_day - introduced)
    return TodayCounts(
        prompts_available=available,
        due_today=due,
        new_available=min(unseen, new_left),
        reviewed_today=int(reviewed),
        time_today_ms=int(time_ms),
    )
