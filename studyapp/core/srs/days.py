"""The study day: it starts at a configurable hour (4 a.m. by default), local time, so
a late-night study session counts toward the day it began in.

"Local" is the student's real time zone with its daylight-saving rules (a
`zoneinfo` zone: the computer's own unless a zone is pinned in Settings), never
just today's UTC offset. One rule places every moment: it belongs to the study day
of the local calendar date of its wall-clock time less the start hour. Each day is
therefore measured with the offset in force on that day, so days around a clock
change are 23 or 25 hours long, as the student lives them.
"""

from __future__ import annotations

import functools
import itertools
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studyapp.core.clock import from_ms, to_ms

DEFAULT_DAY_START_HOUR = 4
DAY_MS = 86_400_000
HOUR_MS = 3_600_000
_EPOCH = date(1970, 1, 1)
_LOCALTIME = Path("/etc/localtime")


# --- which zone -------------------------------------------------------------------------


def zone_named(name: str) -> ZoneInfo | None:
    """The IANA zone called `name` ("Asia/Kolkata"), or None if there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


@functools.lru_cache(maxsize=4)
def _system_zone(tz_variable: str | None) -> tzinfo:
    if tz_variable:
        # POSIX TZ: a zone name or, after a colon, a zone file's name or path.
        name = tz_variable.removeprefix(":")
        if name.startswith("/"):
            try:
                with Path(name).open("rb") as file:
                    return ZoneInfo.from_file(file, key=name)
            except (OSError, ValueError):
                pass
        elif (zone := zone_named(name)) is not None:
            return zone
    if _LOCALTIME.exists():
        # Usually a link into the zone database, whose path names the zone.
        target = str(_LOCALTIME.resolve())
        if "zoneinfo/" in target and (zone := zone_named(target.split("zoneinfo/", 1)[1])):
            return zone
        try:
            with _LOCALTIME.open("rb") as file:
                return ZoneInfo.from_file(file, key="localtime")
        except (OSError, ValueError):
            pass
    # Neither (Windows without a pinned zone): today's offset, the best the platform
    # tells without a zone database. Settings can pin the real zone.
    fallback = datetime.now().astimezone().tzinfo
    return fallback if fallback is not None else UTC


def system_zone() -> tzinfo:
    """The computer's time zone, with its daylight-saving rules where it has any."""
    return _system_zone(os.environ.get("TZ"))


def system_zone_name() -> str:
    """A name for the computer's zone, to show beside the setting."""
    zone = system_zone()
    return getattr(zone, "key", None) or str(zone)


def study_zone(local: tzinfo | None, pinned: str = "") -> tzinfo:
    """The zone study days follow: `local` when the caller gives one, else the zone
    pinned in Settings, else the computer's."""
    if local is not None:
        return local
    if pinned and (zone := zone_named(pinned)) is not None:
        return zone
    return system_zone()


# --- the day of a moment -------------------------------------------------------------------


def _day_start(day: date, zone: tzinfo, start_hour: int) -> datetime:
    # A start hour that a spring-forward change skips resolves with the offset before
    # the change (zoneinfo's fold=0): the day starts the moment the clocks jump.
    return datetime.combine(day, time(hour=start_hour), tzinfo=zone)


def study_date(now: datetime, local: tzinfo | None, start_hour: int) -> date:
    """The local calendar date of the study day `now` falls in."""
    here = now.astimezone(local or system_zone())
    return here.date() - timedelta(days=1) if here.hour < start_hour else here.date()


def study_day_bounds(
    now: datetime, local: tzinfo | None, start_hour: int = DEFAULT_DAY_START_HOUR
) -> tuple[datetime, datetime]:
    """[start, end) of the current study day (23 or 25 hours on a clock change)."""
    zone = local or system_zone()
    day = study_date(now, zone, start_hour)
    return _day_start(day, zone, start_hour), _day_start(day + timedelta(days=1), zone, start_hour)


# --- numbered days, for figures grouped by day in SQL -----------------------------------


@dataclass(frozen=True)
class DayScale:
    """Study days numbered by their local date (day `n` is `n` days after 1 January
    1970), so SQL can group stored UTC times by day: `day_sql` turns a column of
    epoch milliseconds into day numbers using the offset in force at each moment,
    and `start_ms` gives any day's first moment, each with its own offset."""

    zone: tzinfo
    start_hour: int
    today: int  # the number of the current study day

    def date_of(self, day: int) -> date:
        """The local calendar date on which study day `day` begins."""
        return _EPOCH + timedelta(days=day)

    def start_ms(self, day: int) -> int:
        return to_ms(_day_start(self.date_of(day), self.zone, self.start_hour))

    def day_of_ms(self, ms: int) -> int:
        return (study_date(from_ms(ms), self.zone, self.start_hour) - _EPOCH).days

    def _shift_ms(self, ms: int) -> int:
        offset = from_ms(ms).astimezone(self.zone).utcoffset()
        return (int(offset.total_seconds() * 1000) if offset else 0) - self.start_hour * HOUR_MS

    def _shifts(self, low_ms: int, high_ms: int) -> list[tuple[int, int]]:
        """(from when, shift) for each stretch of one UTC offset in [low, high)."""
        step = DAY_MS // 2  # zones never change their clocks twice in twelve hours
        shifts = [(low_ms, self._shift_ms(low_ms))]
        probe = low_ms
        while probe < high_ms:
            following = min(probe + step, high_ms)
            shift = self._shift_ms(following)
            if shift != shifts[-1][1]:
                lo, hi = probe, following  # the change is in (lo, hi]
                while hi - lo > 1000:
                    mid = (lo + hi) // 2
                    lo, hi = (mid, hi) if self._shift_ms(mid) == shifts[-1][1] else (lo, mid)
                shifts.append((hi - hi % 1000, shift))
            probe = following
        return shifts

    def day_sql(self, column: str, low_ms: int, high_ms: int) -> str:
        """An SQL expression for the study day of `column` (epoch milliseconds; an SQL
        expression of trusted text), exact for moments in [low_ms, high_ms]: a moment's
        wall-clock time less the start hour, divided into days. Between clock changes
        the offset is one number; across them a CASE picks the stretch's."""
        shifts = self._shifts(low_ms, high_ms)
        if len(shifts) == 1:
            shift = str(shifts[0][1])
        else:
            cases = " ".join(
                f"WHEN {column} < {until} THEN {value}"
                for (_, value), (until, _) in itertools.pairwise(shifts)
            )
            shift = f"CASE {cases} ELSE {shifts[-1][1]} END"
        return f"(({column}) + {shift}) / {DAY_MS}"


def day_scale(
    now: datetime, local: tzinfo | None, start_hour: int = DEFAULT_DAY_START_HOUR
) -> DayScale:
    zone = local or system_zone()
    return DayScale(zone, start_hour, (study_date(now, zone, start_hour) - _EPOCH).days)
