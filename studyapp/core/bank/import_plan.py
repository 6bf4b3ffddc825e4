"""What a CSV import will do, shown before it is committed: how many rows are new,
which are four-option questions, and where each tag files its prompts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.core.bank.areas import TagMapping, area_lookup, tag_mapping
from studyapp.core.bank.imported import four_options
from studyapp.core.exchange.csv_import import CsvRow
from studyapp.core.models import Question


@dataclass(frozen=True)
class ImportPlan:
    rows: int
    new: int
    duplicates: int
    four_option: int  # rows that become single-answer prompts
    mapping: list[TagMapping]


def plan_import(session: Session, rows: list[CsvRow]) -> ImportPlan:
    """The import of `rows` as `import_rows` would do it, without writing anything."""
    existing = set(session.scalars(select(Question.key).where(Question.origin == "imported")))
    fresh: dict[str, CsvRow] = {}
    for row in rows:
        if row.key not in existing:
            fresh.setdefault(row.key, row)
    new = list(fresh.values())
    return ImportPlan(
        rows=len(rows),
        new=len(new),
        duplicates=len(rows) - len(new),
        four_option=sum(four_options(r.front, r.back) is not None for r in new),
        mapping=tag_mapping(area_lookup(session), (r.tags for r in new)),
    )
