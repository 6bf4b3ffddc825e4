"""The mock test left in progress (the app was closed or crashed mid-test).

DB-API only, like `srs.queue`: Home shows it at start-up, before SQLAlchemy loads.
"""

from __future__ import annotations

from dataclasses import dataclass

from studyapp.core.storage.db import UnitOfWork, dbapi

_IN_PROGRESS = (
    "FROM quiz_sessions s WHERE s.kind = 'mock' AND s.status = 'in_progress' "
    "ORDER BY s.id DESC LIMIT 1"
)


@dataclass(frozen=True)
class PendingMock:
    quiz_id: int
    prompts: int
    answered: int
    remaining_ms: int | None  # None: untimed


def unfinished_mock(unit: UnitOfWork) -> int | None:
    """The mock test left in progress, if any (the latest, should there be several)."""
    row = dbapi(unit).execute(f"SELECT s.id {_IN_PROGRESS}").fetchone()
    return None if row is None else int(row[0])


def pending_mock(unit: UnitOfWork) -> PendingMock | None:
    """That mock test with how far it got: its prompts, those answered, and the time
    left (what Home offers to resume)."""
    row = (
        dbapi(unit)
        .execute(
            "SELECT s.id, s.time_limit_s, s.time_used_ms, "
            "(SELECT count(*) FROM quiz_items i WHERE i.session_id = s.id), "
            "(SELECT count(*) FROM quiz_items i WHERE i.session_id = s.id "
            "AND coalesce(i.response, '') != '') "
            f"{_IN_PROGRESS}"
        )
        .fetchone()
    )
    if row is None:
        return None
    quiz_id, limit_s, used_ms, prompts, answered = row
    remaining = None if limit_s is None else max(0, int(limit_s) * 1000 - int(used_ms or 0))
    return PendingMock(int(quiz_id), int(prompts), int(answered), remaining)
