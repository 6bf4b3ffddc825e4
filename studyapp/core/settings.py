"""The student's settings, stored in the `settings` table as JSON values.

Each setting is checked on its own (`CHECKS`, one entry per key): a hand-edited or
damaged value falls back to that setting's default alone, is logged, and is left in
the table as it is until the student changes that setting.
"""

from __future__ import annotations

import functools
import json
import logging
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from studyapp.core.srs.days import zone_named

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

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
    suspend_leeches: bool = False  # a prompt failed LEECH_LAPSES times is also suspended

    def validated(self) -> StudySettings:
        """Raise `ValueError` naming the first setting that is out of range."""
        for key, value in asdict(self).items():
            CHECKS[key](value)
        return self


# A check takes a stored (JSON) value and returns it in the setting's type, or raises
# ValueError with a sentence for the student.
Check = Callable[[Any], Any]


def _number(low: float, high: float, message: str, kind: type = int) -> Check:
    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(message)
        if kind is int and value != int(value):
            raise ValueError(message)
        if not low <= value <= high:
            raise ValueError(message)
        return kind(value)

    return check


def _steps(value: Any) -> tuple[int, ...]:
    message = "learning steps must be positive numbers of minutes"
    if not isinstance(value, list | tuple):
        raise ValueError(message)
    steps = tuple(_number(1, 10**6, message)(v) for v in value)
    return steps


def _choice(allowed: tuple[str, ...], message: str) -> Check:
    def check(value: Any) -> Any:
        if value not in allowed:
            raise ValueError(message)
        return str(value)

    return check


def _time_zone(value: Any) -> str:
    if not isinstance(value, str) or (value and zone_named(value) is None):
        raise ValueError(f"{value!r} is not a time zone Setu knows")
    return value


def _yes_no(message: str) -> Check:
    def check(value: Any) -> Any:
        if not isinstance(value, bool):
            raise ValueError(message)
        return value

    return check


def _parameters_in_bounds(parameters: tuple[float, ...]) -> bool:
    """Whether the `fsrs` scheduler accepts these parameters (it checks the same)."""
    # Loaded here, not at start-up: only fitted parameters need the bounds.
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    return len(parameters) == FSRS_PARAMETER_COUNT and all(
        isinstance(w, int | float) and math.isfinite(w) and low <= w <= high
        for w, low, high in zip(
            parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    )


def _fsrs_parameters(value: Any) -> tuple[float, ...]:
    message = f"FSRS parameters must be {FSRS_PARAMETER_COUNT} numbers within FSRS-6's bounds"
    if not isinstance(value, list | tuple):
        raise ValueError(message)
    parameters = tuple(value)
    if parameters and not _parameters_in_bounds(parameters):
        raise ValueError(message)
    return tuple(float(w) for w in parameters)


CHECKS: dict[str, Check] = {
    "desired_retention": _number(
        0.70, 0.99, "desired retention must be between 0.70 and 0.99", float
    ),
    "new_per_day": _number(0, 9999, "new prompts per day must be between 0 and 9999"),
    "maximum_interval_days": _number(
        1, 36500, "the maximum interval must be between 1 and 36500 days"
    ),
    "learning_steps_min": _steps,
    "relearning_steps_min": _steps,
    "day_start_hour": _number(0, 23, "the day must start at an hour from 0 to 23"),
    "theme": _choice(("system", "light", "dark"), "theme must be system, light or dark"),
    "font_size": _number(0, 72, "the font size must be between 0 and 72 points"),
    "time_zone": _time_zone,
    "new_order": _choice(NEW_ORDERS, "the order of new prompts must be mixed, area or bank"),
    "fsrs_parameters": _fsrs_parameters,
    "suspend_leeches": _yes_no("suspending leeches is on (true) or off (false)"),
}


def load_settings(session: Session) -> StudySettings:
    from studyapp.core.storage.db import driver

    # Read on every review step, so plain SQL on the DB-API connection: neither ORM
    # objects nor Core's per-statement machinery.
    return read_settings(driver(session))


def read_settings(connection: sqlite3.Connection) -> StudySettings:
    """The settings in effect, read on a DB-API connection (`load_settings`)."""
    return _settings_from(tuple(connection.execute("SELECT key, value FROM settings")))


@functools.lru_cache(maxsize=4)
def _settings_from(rows: tuple[tuple[str, Any], ...]) -> StudySettings:
    """The settings these stored rows hold (cached: a study session reads them before
    every prompt, and they rarely change; StudySettings is immutable)."""
    values: dict[str, Any] = {}
    for key, raw in rows:
        check = CHECKS.get(key)
        if check is None:
            continue
        try:
            # The JSON column has NUMERIC affinity, so SQLite hands numbers back as numbers.
            values[key] = check(json.loads(raw) if isinstance(raw, str) else raw)
        except ValueError as exc:
            log.warning(
                "setting %s: stored value %r ignored (%s); using the default", key, raw, exc
            )
    return StudySettings(**values)


def save_settings(session: Session, settings: StudySettings) -> None:
    """Store the settings that differ from what is in effect now; a stored value that
    was ignored as invalid stays as it is unless this changes that setting."""
    from studyapp.core.models import Setting  # the ORM is not needed to read settings

    settings.validated()
    current = asdict(load_settings(session))
    for key, value in asdict(settings).items():
        if value != current[key]:
            stored = list(value) if isinstance(value, tuple) else value
            session.merge(Setting(key=key, value=stored))


def update_settings(session: Session, **changes: Any) -> StudySettings:
    updated = replace(load_settings(session), **changes).validated()
    save_settings(session, updated)
    return updated
