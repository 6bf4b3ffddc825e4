"""Predicted recall (FSRS retrievability) computed inside SQLite.

DB-API only, like `queue`: Home's weakest areas read it at start-up, before
SQLAlchemy has loaded.
"""

from __future__ import annotations

from datetime import datetime

from fsrs.scheduler import DEFAULT_PARAMETERS

from studyapp.core.clock import to_ms
from studyapp.core.settings import StudySettings

# FSRS-6 retrievability of the card `c` at :recall_now, computed as
# `Scheduler.get_card_retrievability` does (whole days since the last review; 0 for a
# card never reviewed), but in SQL, so that an average over a whole collection never
# leaves SQLite. `retrievability_params` gives the named parameters.
RETRIEVABILITY_SQL = (
    "(CASE WHEN c.last_review_ms IS NULL OR coalesce(c.stability, 0) <= 0 THEN 0.0"
    " ELSE pow(1.0 + :recall_factor * max(0, (:recall_now - c.last_review_ms) / 86400000)"
    " / c.stability, :recall_decay) END)"
)


def retrievability_params(settings: StudySettings, now: datetime) -> dict[str, float]:
    """The parameters of RETRIEVABILITY_SQL: the moment, and the forgetting curve's
    decay and factor from the student's parameters (or FSRS's defaults) exactly as
    `fsrs.Scheduler` derives them (`_DECAY`, `_FACTOR`)."""
    decay = -float((settings.fsrs_parameters or DEFAULT_PARAMETERS)[20])
    return {
        "recall_now": to_ms(now),
        "recall_factor": 0.9 ** (1 / decay) - 1,
        "recall_decay": decay,
    }
