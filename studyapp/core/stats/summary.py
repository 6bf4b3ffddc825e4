"""Today's figures, as Home shows them and `studyapp stats --json` prints them: what
is due, what is new, what has been done today, and the streak."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from studyapp.core.settings import read_settings
from studyapp.core.srs.queue import count_queue, next_due_time
from studyapp.core.stats.daily import day_totals, scale_for, study_streak
from studyapp.core.storage.db import UnitOfWork, dbapi


@dataclass(frozen=True)
class TodayCounts:
    prompts_available: int
    due_today: int
    new_available: int
    reviewed_today: int
    time_today_ms: int
    learning_due: int = 0  # of due_today: prompts still in their learning steps


def today_counts(unit: UnitOfWork, now: datetime, local: tzinfo | None = None) -> TodayCounts:
    """What is due and new today, and the answers and time of today so far (from the
    review totals, as every per-day figure is)."""
    connection = dbapi(unit)
    settings = read_settings(connection)
    scale = scale_for(settings, now, local)
    (available,) = connection.execute("SELECT count(*) FROM questions WHERE retired = 0").fetchone()
    queue = count_queue(connection, now, local, settings=settings)
    reviewed, time_ms = day_totals(
        connection, scale, scale.today, scale.today, ("reviews", "time_ms")
    ).get(scale.today, (0, 0))
    return TodayCounts(
        prompts_available=available or 0,
        due_today=queue.review + queue.learning,
        new_available=queue.new,
        reviewed_today=reviewed,
        time_today_ms=time_ms,
        learning_due=queue.learning,
    )


def stats_summary(unit: UnitOfWork, now: datetime, local: tzinfo | None = None) -> dict[str, Any]:
    """What `studyapp stats --json` prints about today (`progress_summary` adds the rest)."""
    counts = today_counts(unit, now, local)
    due_at = next_due_time(dbapi(unit))
    return {
        "due_today": counts.due_today,
        "new_available_today": counts.new_available,
        "reviewed_today": counts.reviewed_today,
        "time_today_s": round(counts.time_today_ms / 1000),
        "prompts_available": counts.prompts_available,
        "streak_days": study_streak(unit, now, local),
        "next_due": due_at.isoformat() if due_at else None,
    }
