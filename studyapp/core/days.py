"""The study day: it starts at a configurable hour (4 a.m. by default), local time, so
a late-night session counts toward the day it began in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from studyapp.core.clock import to_ms

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


DAY_MS = 86_400_000
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class DayScale:
    """Study days numbered from the epoch, so SQL can group stored times by day with
    integer arithmetic: day `n` runs from `n * DAY_MS - shift_ms` for 24 hours.

    The shift is today's UTC offset less the start hour. Where clocks change for
    summer time, days on the other side of the change are placed by today's offset
    (an hour off at their edges); India and Japan keep one offset all year.
    """

    shift_ms: int
    today: int  # the number of the current study day

    def start_ms(self, day: int) -> int:
        return day * DAY_MS - self.shift_ms

    def date_of(self, day: int) -> date:
        """The local calendar date on which study day `day` begins."""
        return _EPOCH + timedelta(days=day)


def day_scale(
    now: datetime, local: tzinfo | None, start_hour: int = DEFAULT_DAY_START_HOUR
) -> DayScale:
    start = study_day_start(now, local, start_hour)
    offset = start.utcoffset()
    shift_ms = (int(offset.total_seconds()) if offset else 0) * 1000 - start_hour * 3_600_000
    return DayScale(shift_ms, (to_ms(start) + shift_ms) // DAY_MS)
