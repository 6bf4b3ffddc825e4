"""The question bank's table in SQL: which prompts match the filters and the search,
in the order the student sorts them (one query returning ids), and the displayed
fields of a page of them (one query per page, never one per row).

This is how Anki's browser stays fast on a large collection: the search yields the
ordered ids, and rows are read only when they scroll into view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from studyapp.core.clock import from_ms
from studyapp.core.search import fts_query
from studyapp.core.settings import load_settings
from studyapp.core.srs import (
    LEECH_LAPSES,
    RETRIEVABILITY_SQL,
    day_window,
    retrievability_params,
)

FLAGS = {1: "Red", 2: "Orange", 3: "Green", 4: "Blue", 5: "Purple"}
ORIGINS = {
    "bundled": "Study pack",
    "pyq": "Previous year",
    "user": "Mine",
    "imported": "Imported",
}
STATES = {
    "new": "New",
    "learning": "Learning",
    "review": "Review",
    "due": "Due",
    "suspended": "Suspended",
    "flagged": "Flagged",
    "leech": "Leech",
}
COLUMNS = {
    "prompt": "Prompt",
    "type": "Type",
    "area": "Area",
    "section": "Section",
    "difficulty": "Difficulty",
    "origin": "Origin",
    "state": "State",
    "due": "Due",
    "interval": "Interval",
    "recall": "Recall now",
    "lapses": "Lapses",
    "last_answered": "Last answered",
    "flag": "Flag",
}

_FIRST_SECTION = (
    "(SELECT s.title FROM question_sections qs JOIN sections s ON s.id = qs.section_id "
    "WHERE qs.question_id = q.id ORDER BY s.position, s.title LIMIT 1)"
)
# New 0, learning 1, due 2, review (not due) 3, suspended 4: the State column's order.
_STATE_RANK = (
    "(CASE WHEN c.suspended THEN 4 WHEN c.last_review_ms IS NULL THEN 0 "
    "WHEN c.state IN (1, 3) THEN 1 WHEN c.due_ms < :day_end THEN 2 ELSE 3 END)"
)
_REVIEWED = "c.last_review_ms IS NOT NULL"
_SORT_SQL = {
    "prompt": "q.stem COLLATE NOCASE",
    "type": "q.type",
    "area": "coalesce((SELECT position FROM areas WHERE id = q.area), 9999)",
    "section": _FIRST_SECTION,
    "difficulty": "(CASE q.difficulty WHEN 'easy' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END)",
    "origin": "q.origin",
    "state": _STATE_RANK,
    "due": f"(CASE WHEN {_REVIEWED} THEN c.due_ms END)",
    "interval": f"(CASE WHEN {_REVIEWED} THEN c.due_ms - c.last_review_ms END)",
    "recall": f"(CASE WHEN {_REVIEWED} THEN {RETRIEVABILITY_SQL} END)",
    "lapses": "c.lapses",
    "last_answered": "c.last_review_ms",
    "flag": "nullif(c.flag, 0)",
}
_STATE_SQL = {
    "new": "c.last_review_ms IS NULL AND NOT c.suspended",
    "learning": f"{_REVIEWED} AND c.state IN (1, 3) AND NOT c.suspended",
    "review": f"{_REVIEWED} AND c.state = 2 AND NOT c.suspended",
    "due": f"{_REVIEWED} AND c.due_ms < :day_end AND NOT c.suspended",
    "suspended": "c.suspended",
    "flagged": "c.flag != 0",
    "leech": f"c.lapses >= {LEECH_LAPSES}",
}


@dataclass(frozen=True)
class BankFilter:
    """The bank's filter bar and search field; None means "any"."""

    text: str = ""
    area: str | None = None
    type: str | None = None
    origin: str | None = None
    state: str | None = None  # a key of STATES
    difficulty: str | None = None
    flag: int | None = None  # one colour (a key of FLAGS)
    sort: str = "prompt"  # a key of COLUMNS
    descending: bool = False

    def with_changes(self, **changes: Any) -> BankFilter:
        return replace(self, **changes)


@dataclass(frozen=True)
class BankRow:
    id: int
    key: str
    stem: str
    type: str
    area_title: str
    section: str
    difficulty: str
    origin: str
    state: str  # a label: New, Learning, Due, Review, Suspended
    due: datetime | None
    interval_days: float | None
    recall: float | None
    lapses: int
    last_answered: datetime | None
    flag: int

    @property
    def leech(self) -> bool:
        return self.lapses >= LEECH_LAPSES


def _params(session: Session, now: datetime, local: tzinfo | None) -> dict[str, Any]:
    settings = load_settings(session)
    return {
        "day_end": day_window(now, local, settings).end_ms,
        **retrievability_params(settings, now),
    }


def _conditions(f: BankFilter, params: dict[str, Any]) -> list[str]:
    where = ["q.retired = 0"]
    for name in ("area", "type", "origin", "difficulty"):
        value = getattr(f, name)
        if value is not None:
            where.append(f"q.{name} = :{name}")
            params[name] = value
    if f.state is not None:
        if f.state not in _STATE_SQL:
            raise ValueError(f"unknown state {f.state!r}")
        where.append(_STATE_SQL[f.state])
    if f.flag is not None:
        where.append("c.flag = :flag")
        params["flag"] = f.flag
    match = fts_query(f.text)
    if match is not None:
        # The reference search's own safe query; the prompts' rows are in rowid range
        # [0, 2^40) of the index, so no scan of the other kinds.
        where.append(
            "q.id IN (SELECT rowid FROM search_index WHERE search_index MATCH :match "
            "AND rowid < 1099511627776)"
        )
        params["match"] = match
    return where


def bank_ids(
    session: Session, f: BankFilter, now: datetime, local: tzinfo | None = None
) -> list[int]:
    """Every live prompt matching `f`, in its sort order (ties by id)."""
    if f.sort not in _SORT_SQL:
        raise ValueError(f"unknown column {f.sort!r}")
    params = _params(session, now, local)
    where = _conditions(f, params)
    direction = "DESC" if f.descending else "ASC"
    expr = _SORT_SQL[f.sort]
    # Blanks (a new prompt's due date, say) go last in either direction.
    order = f"{expr} IS NULL, {expr} {direction}, q.id {direction}"
    sql = (
        "SELECT q.id FROM questions q JOIN cards c ON c.question_id = q.id "
        f"WHERE {' AND '.join(where)} ORDER BY {order}"
    )
    return list(session.connection().exec_driver_sql(sql, params).scalars())


_ROW_SQL = (
    "SELECT q.id, q.key, q.stem, q.type, coalesce(a.title, q.area), "
    f"{_FIRST_SECTION}, q.difficulty, q.origin, {_STATE_RANK}, "
    f"CASE WHEN {_REVIEWED} THEN c.due_ms END, "
    f"CASE WHEN {_REVIEWED} THEN c.due_ms - c.last_review_ms END, "
    f"CASE WHEN {_REVIEWED} THEN {RETRIEVABILITY_SQL} END, "
    "c.lapses, c.last_review_ms, c.flag "
    "FROM questions q JOIN cards c ON c.question_id = q.id "
    "LEFT JOIN areas a ON a.id = q.area WHERE q.id IN ({ids})"
)
_STATE_LABELS = ("New", "Learning", "Due", "Review", "Suspended")


def bank_rows(
    session: Session, ids: Sequence[int], now: datetime, local: tzinfo | None = None
) -> list[BankRow]:
    """The displayed fields of these prompts, in the order given (one query)."""
    if not ids:
        return []
    params = _params(session, now, local)
    sql = _ROW_SQL.format(ids=",".join(str(int(i)) for i in ids))
    found: dict[int, BankRow] = {}
    for row in session.connection().exec_driver_sql(sql, params):
        (qid, key, stem, qtype, area, section, difficulty, origin, rank) = row[:9]
        due_ms, interval_ms, recall, lapses, last_ms, flag = row[9:]
        found[qid] = BankRow(
            id=qid,
            key=key,
            stem=stem,
            type=qtype,
            area_title=area,
            section=section or "",
            difficulty=difficulty,
            origin=origin,
            state=_STATE_LABELS[rank],
            due=None if due_ms is None else from_ms(due_ms),
            interval_days=None if interval_ms is None else interval_ms / 86_400_000,
            recall=recall,
            lapses=lapses,
            last_answered=None if last_ms is None else from_ms(last_ms),
            flag=flag,
        )
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    mode: str
    rating: int
    correct: bool | None
    duration_ms: int
    response: str | None


def prompt_history(session: Session, question_id: int, limit: int = 100) -> list[HistoryEntry]:
    """The prompt's graded answers, newest first."""
    rows = session.connection().exec_driver_sql(
        "SELECT reviewed_ms, mode, rating, correct, duration_ms, response FROM review_log "
        "WHERE question_id = ? ORDER BY reviewed_ms DESC, id DESC LIMIT ?",
        (question_id, limit),
    )
    return [
        HistoryEntry(from_ms(ms), mode, rating, None if ok is None else bool(ok), dur, response)
        for ms, mode, rating, ok, dur, response in rows
    ]


def find_prompt(session: Session, key: str) -> int | None:
    """A prompt's row id from its stable id (what search hits carry), to open it in
    the bank."""
    found = (
        session.connection()
        .exec_driver_sql("SELECT id FROM questions WHERE key = ?", (key,))
        .scalar()
    )
    return None if found is None else int(found)
