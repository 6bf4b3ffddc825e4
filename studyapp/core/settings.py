"""The student's settings, stored in the `settings` table as JSON values."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS
from sqlalchemy.orm import Session

from studyapp.core.days import zone_named
from studyapp.core.models import Setting

# The orders in which new prompts are introduced: mixed across prompt types and
# areas (Anki's "mix new cards"), one area after another, or as the bank lists them.
NEW_ORDERS = ("mixed", "area", "bank")
# FSRS-6 has 21 parameters (py-fsrs and fsrs-rs-python alike).
FSRS_PARAMETER_COUNT = 21


@dataclass(frozen=True)
class StudySettings:
    desired_retention: float = 0.90
    new_per_day: int = 20
    maximum_interval_days: int = 36500
    learning_steps_min: tuple[int, ...] = (1, 10)
    relearning_steps_min: tuple[int, ...] = (10,)
    day_start_hour: int = 4
    theme: str = "system"  # system | light | dark
    font_size: int = 0  # 0 = the platform's default
    time_zone: str = ""  # an IANA zone such as "Asia/Kolkata"; "" = the computer's
    new_order: str = "mixed"  # one of NEW_ORDERS
    fsrs_parameters: tuple[float, ...] = ()  # fitted to the student; () = FSRS-6 defaults

    def validated(self) -> StudySettings:
        if not 0.70 <= self.desired_retention <= 0.99:
            raise ValueError("desired retention must be between 0.70 and 0.99")
        if not 0 <= self.new_per_day <= 9999:
            raise ValueError("new prompts per day must be between 0 and 9999")
        if not 1 <= self.maximum_interval_days <= 36500:
            raise ValueError("the maximum interval must be between 1 and 36500 days")
        if not 0 <= self.day_start_hour <= 23:
            raise ValueError("the day must start at an hour from 0 to 23")
        if any(s <= 0 for s in (*self.learning_steps_min, *self.relearning_steps_min)):
            raise ValueError("learning steps must be positive numbers of minutes")
        if self.theme not in ("system", "light", "dark"):
            raise ValueError("theme must be system, light or dark")
        if self.time_zone and zone_named(self.time_zone) is None:
            raise ValueError(f"{self.time_zone!r} is not a time zone Setu knows")
        if self.new_order not in NEW_ORDERS:
            raise ValueError("the order of new prompts must be mixed, area or bank")
        if self.fsrs_parameters and not _parameters_in_bounds(self.fsrs_parameters):
            raise ValueError(
                f"FSRS parameters must be {FSRS_PARAMETER_COUNT} numbers within FSRS-6's bounds"
            )
        return self


def _parameters_in_bounds(parameters: tuple[float, ...]) -> bool:
    """Whether the `fsrs` scheduler accepts these parameters (it checks the same)."""
    return len(parameters) == FSRS_PARAMETER_COUNT and all(
        isinstance(w, int | float) and math.isfinite(w) and low <= w <= high
        for w, low, high in zip(
            parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    )


_TUPLES = {"learning_steps_min", "relearning_steps_min", "fsrs_parameters"}


def load_settings(session: Session) -> StudySettings:
    # Read on every review step, so plain SQL rather than ORM objects.
    rows = session.connection().exec_driver_sql("SELECT key, value FROM settings").all()
    # The JSON column has NUMERIC affinity, so SQLite hands numbers back as numbers.
    stored = {key: json.loads(v) if isinstance(v, str) else v for key, v in rows}
    known = {f.name for f in fields(StudySettings)}
    values: dict[str, Any] = {}
    for key, value in stored.items():
        if key in known:
            values[key] = tuple(value) if key in _TUPLES else value
    try:
        return StudySettings(**values).validated()
    except (TypeError, ValueError):
        # A hand-edited or damaged value falls back to the defaults rather than
        # keeping Setu from starting.
        return StudySettings()


def save_settings(session: Session, settings: StudySettings) -> None:
    settings.validated()
    for key, value in asdict(settings).items():
        session.merge(Setting(key=key, value=list(value) if key in _TUPLES else value))


def update_settings(session: Session, **changes: Any) -> StudySettings:
    updated = replace(load_settings(session), **changes).validated()
    save_settings(session, updated)
    return updated
