"""The study day: it starts at a configurable hour (4 a.m. by default), local time, so
a late-night session counts toward the day it began in."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

DEFAULT_DAY_START_HOUR = 4


def study_day_start(
    now: datetime, local: tzinfo | None, start_hour: int = DEFAULT_DAY_START_HOUR
) -> datetime:
    """The moment the current study day began, as an aware datetime in `local`."""
    here = now.astimezone(local)
    start = datetime.combine(here.date(), time(hour=start_hour), tzinfo=here.tzinfo)
    if here < start:
        start -= timedelta(days=1)
    return start


def study_day_bounds(
    now: datetime, local: tzinfo | None, start_hour: int = DEFAULT_DAY_START_HOUR
) -> tuple[datetime, datetime]:
    """[start, end) of the current study day."""
    start = study_day_start(now, local, start_hour)
    # Add a calendar day in local time, then re-resolve the offset (DST changes).
    end = (start.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=start.tzinfo)
    return start, end
