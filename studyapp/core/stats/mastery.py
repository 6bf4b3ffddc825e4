"""How well each study area and reference section is known: how much of it has been
seen and its average FSRS recall now, an SQL aggregate over the cards; and the areas
to work on next (Home's suggestions, the Progress screen's weakest areas)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from studyapp.core.bank.areas import OWN_AREA_ID
from studyapp.core.settings import StudySettings, read_settings
from studyapp.core.srs.queue import NOT_RETIRED
from studyapp.core.srs.recall import RETRIEVABILITY_SQL, retrievability_params
from studyapp.core.storage.db import UnitOfWork, dbapi

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class AreaMastery:
    area: str  # the area's id (`questions.area`)
    title: str
    prompts: int  # live prompts: not retired, not suspended
    seen: int  # … of them answered at least once
    seen_share: float  # seen / prompts (0.0 for an area without prompts)
    recall: float | None  # average FSRS retrievability now of the seen ones


@dataclass(frozen=True)
class SectionMastery:
    key: str  # opens the section in the reference browser
    title: str
    prompts: int  # live prompts of the area linked to this section
    seen: int
    seen_share: float
    recall: float | None


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# Live prompts (not retired, not suspended) and their cards; the area index is read as
# a covering index, and retired prompts are left out through their own small index.
_LIVE_CARDS = (
    "FROM questions q INDEXED BY ix_questions_area "
    f"JOIN cards c ON c.question_id = q.id WHERE c.suspended = 0{NOT_RETIRED}"
)
# Prompts, answered prompts, and the sum of recall (0 for prompts never answered).
_MASTERY_COLUMNS = f"count(*), count(c.last_review_ms), sum({RETRIEVABILITY_SQL})"


def mastery_by_area(
    unit: UnitOfWork, now: datetime, settings: StudySettings | None = None
) -> list[AreaMastery]:
    """Every study area with how much of it has been seen and how well it is recalled
    now, in the content's order of areas."""
    connection = dbapi(unit)
    settings = settings or read_settings(connection)
    totals = {
        str(area): (int(prompts), int(seen), float(recall_sum or 0.0))
        for area, prompts, seen, recall_sum in connection.execute(
            f"SELECT q.area, {_MASTERY_COLUMNS} {_LIVE_CARDS} GROUP BY q.area",
            retrievability_params(settings, now),
        )
    }
    known = connection.execute("SELECT id, title FROM areas ORDER BY position, id").fetchall()
    # Areas of the content first, in their order; then areas only the student's own
    # prompts use (an imported deck's tags), by name. "My prompts" shows once it has any.
    areas = [(str(a), str(t)) for a, t in known if a != OWN_AREA_ID or a in totals]
    listed = {a for a, _ in areas}
    areas += [(a, a.title()) for a in sorted(totals) if a not in listed]
    result = []
    for area, title in areas:
        prompts, seen, recall_sum = totals.get(area, (0, 0, 0.0))
        recall = recall_sum / seen if seen else None
        result.append(AreaMastery(area, title, prompts, seen, _share(seen, prompts), recall))
    return result


def _reading_order(session: Session) -> dict[str, int]:
    """Each live section's place in the reference browser's tree, read depth first."""
    from studyapp.core.content.reference import section_tree

    tree = section_tree(session)
    order: dict[str, int] = {}
    stack = [""]
    while stack:
        key = stack.pop()
        order[key] = len(order)
        stack.extend(reversed(tree[key].children))
    return order


def mastery_by_section(
    session: Session, now: datetime, area: str, settings: StudySettings | None = None
) -> list[SectionMastery]:
    """The reference sections linked to an area's prompts, each with the mastery of
    those prompts, in the reference browser's reading order."""
    settings = settings or read_settings(dbapi(session))
    rows = (
        dbapi(session)
        .execute(
            f"SELECT s.key, s.title, {_MASTERY_COLUMNS} "
            "FROM questions q INDEXED BY ix_questions_area "
            "JOIN question_sections qs ON qs.question_id = q.id "
            "JOIN sections s ON s.id = qs.section_id "
            "JOIN cards c ON c.question_id = q.id "
            f"WHERE q.area = :area AND c.suspended = 0 AND s.retired = 0{NOT_RETIRED} "
            "GROUP BY s.id",
            {"area": area, **retrievability_params(settings, now)},
        )
        .fetchall()
    )
    if not rows:
        return []
    order = _reading_order(session)
    result = [
        SectionMastery(
            str(key),
            str(title),
            int(prompts),
            int(seen),
            _share(int(seen), int(prompts)),
            float(recall_sum) / int(seen) if seen else None,
        )
        for key, title, prompts, seen, recall_sum in rows
    ]
    return sorted(result, key=lambda m: (order.get(m.key, len(order)), m.key))


def rank_weakest(mastery: Sequence[AreaMastery], limit: int = 3) -> list[AreaMastery]:
    """The areas to work on next: the lowest recall first among areas with answered
    prompts (on a tie, the one less seen), then areas not yet started, in the content's
    order, so a new student still gets suggestions. Areas without prompts never."""
    started = sorted(
        (m for m in mastery if m.seen and m.recall is not None),
        key=lambda m: (m.recall, m.seen_share),
    )
    untouched = [m for m in mastery if m.prompts and not m.seen]
    return [*started, *untouched][: max(0, limit)]


def weakest_areas(unit: UnitOfWork, now: datetime, limit: int = 3) -> list[AreaMastery]:
    """Home's suggestions of what to study (see `rank_weakest`)."""
    return rank_weakest(mastery_by_area(unit, now), limit)
