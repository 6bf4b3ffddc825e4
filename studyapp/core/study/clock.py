"""The clock a study flow reads: wall time for what is stored, a monotonic count for
durations (so a change of the computer's clock never makes an answer take minus ten
minutes)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Protocol

from studyapp.core.clock import utc_now


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds from an arbitrary start; only differences mean anything."""
        ...

    def now(self) -> datetime:
        """The current moment, timezone-aware UTC."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return utc_now()


class FakeClock:
    """A clock that moves only when told to: `advance(90)` is a minute and a half."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("a naive datetime has no time zone; pass an aware one")
        self._now = start
        self._monotonic = 0.0

    def monotonic(self) -> float:
        return self._monotonic

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._monotonic += seconds
        self._now += timedelta(seconds=seconds)
