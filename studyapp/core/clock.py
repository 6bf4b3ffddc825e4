"""Conversions between stored epoch milliseconds and UTC datetimes.

Core functions never read the clock themselves; callers pass `now`. The GUI and CLI
get it from `utc_now()`.
"""

from __future__ import annotations

from datetime import UTC, datetime

# A review-total slot (`review_slots`, `review_buckets`): 15 minutes, which divides
# every time zone's offset.
BUCKET_MS = 900_000


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_ms(moment: datetime) -> int:
    """Epoch milliseconds of an aware datetime (naive ones are refused: ambiguous)."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no time zone; pass an aware one")
    return int(moment.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    """The UTC datetime of epoch milliseconds, with `tzinfo` exactly `UTC`."""
    return datetime.fromtimestamp(ms / 1000, UTC)
