"""The question bank's table in SQL: which prompts match the filters and the search,
in the order the student sorts them (one query returning ids), and the displayed
fields of a page of them (one query per page, never one per row).

This is how Anki's browser stays fast on a large collection: the search yields the
ordered ids, and rows are read only when they scroll into view.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from studyapp.core.clock import from_ms
from studyapp.core.content.prompt_body import (
    AssertionBody,
    DamagedPrompt,
    MatchCodesBody,
    MatchPairsBody,
    StatementsBody,
    body_from_details,
)
from studyapp.core.content.search import fts_query
from studyapp.core.settings import load_settings
from studyapp.core.srs.queue import day_window
from studyapp.core.srs.recall import RETRIEVABILITY_SQL, retrievability_params
from studyapp.core.srs.rules import LEARNING_STATES, LEECH_LAPSES, REVIEW_STATE

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
    f"WHEN c.state IN {LEARNING_STATES} THEN 1 WHEN c.due_ms < :day_end THEN 2 ELSE 3 END)"
)
_REVIEWED = "c.last_review_ms IS NOT NULL"
# Orders by the prompt's own fields ("added" is the order prompts arrived in: the
# default, read straight off the bank's index) …
_PROMPT_SORTS = {
    "added": "q.id",
    "prompt": "q.stem COLLATE NOCASE",
    "type": "q.type",
    "area": "coalesce((SELECT position FROM areas WHERE id = q.area), 9999)",
    "section": _FIRST_SECTION,
    "difficulty": "(CASE q.difficulty WHEN 'easy' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END)",
    "origin": "q.origin",
}
# … and by the card's, read from the (narrow) cards table.
_CARD_SORTS = {
    "state": _STATE_RANK,
    "due": f"(CASE WHEN {_REVIEWED} THEN c.due_ms END)",
    "interval": f"(CASE WHEN {_REVIEWED} THEN c.due_ms - c.last_review_ms END)",
    "recall": f"(CASE WHEN {_REVIEWED} THEN {RETRIEVABILITY_SQL} END)",
    "lapses": "c.lapses",
    "last_answered": "c.last_review_ms",
    "flag": "nullif(c.flag, 0)",
}
# Sorting by these reads the prompt rows (or, for the text, its own index), so they
# cannot use the bank's filter index alone.
_WIDE_SORTS = {"prompt", "section"}
# Columns that are never blank, so their order needs no "blanks last" term.
_NEVER_BLANK = {"prompt", "type", "area", "difficulty", "origin", "state", "lapses"}
_STATE_SQL = {
    "new": "c.last_review_ms IS NULL AND NOT c.suspended",
    "learning": f"{_REVIEWED} AND c.state IN {LEARNING_STATES} AND NOT c.suspended",
    "review": f"{_REVIEWED} AND c.state = {REVIEW_STATE} AND NOT c.suspended",
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
    sort: str = "added"  # a key of COLUMNS, or "added" (the order prompts arrived in)
    descending: bool = False

    def with_changes(self, **changes: Any) -> BankFilter:
        return replace(self, **changes)

    @property
    def whole_bank(self) -> bool:
        """No filter and no search: every live prompt, in some order."""
        return self.with_changes(sort="added", descending=False) == BankFilter()

    @property
    def order_is_the_prompts(self) -> bool:
        """Whether the order depends on the prompts alone (not on their cards or on the
        time), so that it changes only when the prompts do."""
        return self.sort in _PROMPT_SORTS


@dataclass(frozen=True)
class BankRow:
    id: int
    key: str
    stem: str
    gist: str  # the prompt as the bank lists it (`prompt_gist`)
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


def _prompt_conditions(f: BankFilter, params: dict[str, Any]) -> list[str]:
    where = ["q.retired = 0"]
    for name in ("area", "type", "origin", "difficulty"):
        value = getattr(f, name)
        if value is not None:
            where.append(f"q.{name} = :{name}")
            params[name] = value
    match = fts_query(f.text)
    if match is not None:
        params["match"] = match  # read by _prompts_from
    return where


# A search starts from its hits (the reference search's own safe query; prompts are
# rowids [0, 2^40) of the index) and looks each prompt up by id: CROSS JOIN keeps
# SQLite from scanning every prompt to test membership instead.
_SEARCH_HITS = (
    "(SELECT rowid AS id FROM search_index WHERE search_index MATCH :match "
    "AND rowid < 1099511627776) AS hits CROSS JOIN questions q ON q.id = hits.id"
)


def _card_conditions(f: BankFilter, params: dict[str, Any]) -> list[str]:
    where = []
    if f.state is not None:
        if f.state not in _STATE_SQL:
            raise ValueError(f"unknown state {f.state!r}")
        where.append(_STATE_SQL[f.state])
    if f.flag is not None:
        where.append("c.flag = :flag")
        params["flag"] = f.flag
    return where


def bank_ids(
    session: Session, f: BankFilter, now: datetime, local: tzinfo | None = None
) -> list[int]:
    """Every live prompt matching `f`, in its sort order (ties by id).

    The statement is shaped so that it reads as little as it can: the prompts' filter
    columns come from the bank's covering index and the card's from the narrow cards
    table; the whole bank sorted by its text is read off the index of the texts; only
    a filtered bank sorted by text, or any sorted by section, reads the prompt rows.
    """
    if f.sort not in _PROMPT_SORTS and f.sort not in _CARD_SORTS:
        raise ValueError(f"unknown column {f.sort!r}")
    params = _params(session, now, local)
    q_conditions = _prompt_conditions(f, params)
    q_where = " AND ".join(q_conditions)
    c_where = _card_conditions(f, params)
    direction = "DESC" if f.descending else "ASC"
    searching = "match" in params
    if searching:
        prompts = _SEARCH_HITS
    elif f.sort in _WIDE_SORTS:
        prompts = "questions q"
    elif len(q_conditions) == 1 and f.sort == "added":
        prompts = "questions q INDEXED BY ix_questions_live"  # in order: nothing to sort
    else:
        prompts = "questions q INDEXED BY ix_questions_bank"
    every_live = len(q_conditions) == 1 and not searching
    if f.sort == "prompt" and every_live:
        # The live prompts already in the order of their text: read, not sorted.
        prompts = "questions q INDEXED BY ix_questions_prompt_sort"
    if f.sort in _CARD_SORTS or (c_where and f.sort == "added"):
        expr = _CARD_SORTS.get(f.sort, "c.question_id")
        key = "c.question_id"
        if every_live:
            # Every live prompt: leave out the few retired ones (their small index).
            live = "c.question_id NOT IN (SELECT id FROM questions WHERE retired = 1)"
        else:
            live = f"c.question_id IN (SELECT q.id FROM {prompts} WHERE {q_where})"
        sql = f"SELECT {key} AS id FROM cards c WHERE {' AND '.join([*c_where, live])}"
    else:
        expr = _PROMPT_SORTS[f.sort]
        key = "q.id"
        join = " JOIN cards c ON c.question_id = q.id" if c_where else ""
        sql = f"SELECT {key} AS id FROM {prompts}{join} WHERE {' AND '.join([q_where, *c_where])}"
    python_sort = expr == key and prompts.endswith("ix_questions_bank")
    if python_sort:
        pass  # the index yields them grouped by area; sorting ints in Python is cheaper
    elif expr == key:
        sql += f" ORDER BY {key} {direction}"
    elif f.sort in _NEVER_BLANK:
        # No blanks to put last, so an index in this order is read as it is.
        sql += f" ORDER BY {expr} {direction}, {key} {direction}"
    elif f.sort in _CARD_SORTS:
        # Blanks (a new prompt's due date, say) go last in either direction: the card's
        # figures are numbers, so a blank counts as an infinity past every one of them
        # (one sort key, the figure computed once per card).
        blank = "-9e999" if f.descending else "9e999"
        sql += f" ORDER BY coalesce({expr}, {blank}) {direction}, {key} {direction}"
    else:
        # Blanks (a prompt in no section) go last in either direction.
        sql += f" ORDER BY {expr} IS NULL, {expr} {direction}, {key} {direction}"
    # The ids come back as one JSON array (kept in the inner query's order: SQLite
    # keeps a subquery's ORDER BY under an aggregate such as this one): a whole bank is
    # 100 000 ids, and a result row for each would cost several times SQLite's part.
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        (found,) = cursor.execute(f"SELECT json_group_array(id) FROM ({sql})", params).fetchone()
    finally:
        cursor.close()
    ids: list[int] = json.loads(found)
    if python_sort:
        ids.sort(reverse=f.descending)
    return ids


def bank_size(session: Session) -> int:
    """How many live prompts the bank holds (read off its index)."""
    return int(
        session.connection()
        .exec_driver_sql(
            "SELECT count(*) FROM questions INDEXED BY ix_questions_live WHERE retired = 0"
        )
        .scalar_one()
    )


_ROW_SQL = (
    "SELECT q.id, q.key, q.stem, q.details, q.type, coalesce(a.title, q.area), "
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
        (qid, key, stem, details, qtype, area, section, difficulty, origin, rank) = row[:10]
        due_ms, interval_ms, recall, lapses, last_ms, flag = row[10:]
        found[qid] = BankRow(
            id=qid,
            key=key,
            stem=stem,
            gist=prompt_gist(stem, qtype, details),
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


def prompt_gist(stem: str, qtype: str, details: str | None) -> str:
    """The stem, and for the types whose stem the paper words alike from prompt to
    prompt ("Consider the following statements:") the first statement or pair as
    well: a list of prompts can then be told apart row by row. (A prompt whose
    details are damaged shows its stem; opening it says what is wrong.)"""
    if qtype not in ("statements", "assertion", "match"):
        return stem
    try:
        body = body_from_details("", qtype, json.loads(details) if details else None)
    except DamagedPrompt:
        return stem
    if isinstance(body, StatementsBody) and body.statements:
        first = f"1. {body.statements[0].text}"
    elif isinstance(body, AssertionBody):
        first = f"Statement-I: {body.statement_1}"
    elif isinstance(body, MatchPairsBody) and body.pairs:
        first = f"1. {body.pairs[0].left} – {body.pairs[0].right}"
    elif isinstance(body, MatchCodesBody) and body.list_1:
        first = f"A. {body.list_1[0]}"
    else:
        return stem
    return f"{stem} {first}"


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


def bank_areas(session: Session) -> list[tuple[str, str]]:
    """(id, title) of every study area, for the bank's area filter."""
    rows = session.connection().exec_driver_sql("SELECT id, title FROM areas ORDER BY position, id")
    return [(str(a), str(t)) for a, t in rows]
