"""Keeping the FTS5 `search_index` in step with sections, prompts and notes.

Each row's rowid encodes what it is, so one kind can be replaced by a rowid range
instead of a scan: prompts use their own id, sections and notes are offset.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress

from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.core.content.prompt_body import (
    AssertionBody,
    DamagedPrompt,
    FillBlankBody,
    FrontBackBody,
    MainsBody,
    MatchCodesBody,
    MatchPairsBody,
    PromptBody,
    StatementsBody,
    body_from_details,
)
from studyapp.core.models import Note, Question, Section

_KIND_BASE = {"question": 0, "section": 1 << 40, "note": 2 << 40}
_KIND_SPAN = 1 << 40
_INSERT = text(
    "INSERT INTO search_index(rowid, kind, item_id, title, body) "
    "VALUES (:rowid, :kind, :item_id, :title, :body)"
)


# FTS5 keeps new index entries in memory up to this many bytes before writing them
# out as a segment (its `hashsize`; 1 MiB by default). A bulk import raises it, so
# 100 000 prompts make a few large segments instead of a hundred small ones that
# FTS5 would then merge again and again.
DEFAULT_HASHSIZE = 1 << 20
BULK_HASHSIZE = 1 << 25


@contextmanager
def bulk_indexing(cursor: sqlite3.Cursor) -> Iterator[None]:
    """Index many rows at once (inside the caller's transaction); the usual setting
    is restored afterwards, in the same transaction."""
    cursor.execute(_HASHSIZE, (BULK_HASHSIZE,))
    try:
        yield
    finally:
        cursor.execute(_HASHSIZE, (DEFAULT_HASHSIZE,))


_HASHSIZE = "INSERT INTO search_index(search_index, rank) VALUES ('hashsize', ?)"


def rowid_for(kind: str, item_id: int) -> int:
    return _KIND_BASE[kind] + item_id


def kind_of(rowid: int) -> tuple[str, int]:
    base = rowid - rowid % _KIND_SPAN
    kind = next(k for k, v in _KIND_BASE.items() if v == base)
    return kind, rowid - base


def question_text(q: Question) -> tuple[str, str]:
    """(title, body) indexed for a prompt: its stem, choices, statements and key."""
    parts = [*map(str, q.options or [])]
    # A damaged prompt stays findable by its stem and explanation (opening it then says
    # what is wrong), where a failed index rebuild would hide every other prompt too.
    with suppress(DamagedPrompt):
        parts += _body_words(body_from_details(q.key, q.type, q.details))
    parts.append(q.explanation)
    parts += [str(t) for t in q.tags or []]
    return q.stem, "\n".join(p for p in parts if p)


def _body_words(body: PromptBody) -> list[str]:
    match body:
        case StatementsBody(statements=statements):
            return [s.text for s in statements]
        case MatchPairsBody(pairs=pairs):
            return [text for p in pairs for text in (p.left, p.right)]
        case MatchCodesBody(list_1=list_1, list_2=list_2):
            return [*list_1, *list_2]
        case AssertionBody(statement_1=one, statement_2=two):
            return [one, two]
        case FillBlankBody(answer=answer, accept=accept):
            return [answer, *accept]
        case MainsBody(model_outline=outline, key_points=key_points):
            return [outline, *key_points]
        case FrontBackBody(back=back):
            return [back]
    return []


def section_text(s: Section) -> tuple[str, str]:
    figures = [f"{f['label']}: {f['value']}" for f in s.key_figures or []]
    return s.title, "\n".join([s.summary, *s.aliases, s.body, *figures])


def replace_sections(session: Session, sections: Iterable[Section]) -> None:
    _clear_kind(session, "section")
    rows = []
    for section in sections:
        if section.retired:
            continue
        title, body = section_text(section)
        rows.append(_row("section", section.id, title, body))
    if rows:
        session.execute(_INSERT, rows)


def index_questions(session: Session, questions: Iterable[Question]) -> None:
    """(Re)index prompts; retired ones are dropped from the index."""
    questions = list(questions)
    if not questions:
        return
    session.execute(
        text("DELETE FROM search_index WHERE rowid = :rowid"),
        [{"rowid": rowid_for("question", q.id)} for q in questions],
    )
    rows = [_row("question", q.id, *question_text(q)) for q in questions if not q.retired]
    if rows:
        session.execute(_INSERT, rows)


def index_note(session: Session, note: Note, section_title: str) -> None:
    rowid = rowid_for("note", note.id)
    session.execute(text("DELETE FROM search_index WHERE rowid = :rowid"), {"rowid": rowid})
    if note.body.strip():
        session.execute(_INSERT, _row("note", note.id, section_title, note.body))


def _row(kind: str, item_id: int, title: str, body: str) -> dict[str, object]:
    return {
        "rowid": rowid_for(kind, item_id),
        "kind": kind,
        "item_id": item_id,
        "title": title,
        "body": body,
    }


def _clear_kind(session: Session, kind: str) -> None:
    low = _KIND_BASE[kind]
    session.execute(
        text("DELETE FROM search_index WHERE rowid >= :low AND rowid < :high"),
        {"low": low, "high": low + _KIND_SPAN},
    )


__all__ = [
    "index_note",
    "index_questions",
    "kind_of",
    "replace_sections",
    "rowid_for",
]
