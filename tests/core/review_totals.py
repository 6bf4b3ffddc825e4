"""The review totals as every figure reads them: the folded tables and the tail of
answers logged since (`studyapp.core.srs.totals`), summed per slot."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.core.srs.rules import COUNTER_NAMES
from studyapp.core.srs.totals import AREA_SLOT_ROWS, SLOT_ROWS

Totals = dict[tuple[str, ...], tuple[int, ...]]
_SUMS = ", ".join(f"sum({c})" for c in COUNTER_NAMES)


def slot_totals(s: Session) -> Totals:
    """Per slot (every area), leaving out slots an undo emptied."""
    rows = s.execute(
        text(f"SELECT bucket, {_SUMS} FROM ({SLOT_ROWS}) GROUP BY bucket HAVING sum(reviews)")
    )
    return {(str(bucket),): tuple(values) for bucket, *values in rows}


def area_totals(s: Session) -> Totals:
    """Per area and slot, for every area a prompt is filed under."""
    found: Totals = {}
    for (area,) in s.execute(text("SELECT DISTINCT area FROM questions")).all():
        rows = s.execute(
            text(
                f"SELECT bucket, {_SUMS} FROM ({AREA_SLOT_ROWS}) "
                "GROUP BY bucket HAVING sum(reviews)"
            ),
            {"area": area},
        )
        found.update({(str(area), str(bucket)): tuple(values) for bucket, *values in rows})
    return found
