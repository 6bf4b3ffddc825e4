"""Keeping the FTS5 `search_index` in step with sections, prompts and notes.

Each row's rowid encodes what it is, so one kind can be replaced, or searched, by a
rowid range instead of a scan: prompts use their own id, sections and notes are
offset. The index holds no copy of the text it indexes (an external-content FTS5
table): a prompt's words are read from the prompt itself through the
`prompt_search_text` view, those of sections and notes from `search_text`. Triggers
keep both in step when a prompt changes or a `search_text` row does; a new prompt is
indexed by whoever adds it (`index_questions`, or an import's batch written with
`prompt_search_body`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.core.models import Note, Question, Section

_KIND_BASE = {"question": 0, "section": 1 << 40, "note": 2 << 40}
_KIND_SPAN = 1 << 40
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


def prompt_search_body(
    options: Sequence[str], detail_texts: Sequence[str], explanation: str, tags: Sequence[str]
) -> str:
    """The body the `prompt_search_text` view gives a prompt, for a writer that indexes
    many prompts from values it already holds (an import). It must be the view's text
    to the character: FTS5 removes an entry by the words the view gives when the
    prompt later changes, and snippets are cut from the view's text."""
    parts = ("\n".join(options), "\n".join(detail_texts), explanation, "\n".join(tags))
    return "\n".join(parts).strip("\n")


def section_text(s: Section) -> tuple[str, str]:
    figures = [f"{f['label']}: {f['value']}" for f in s.key_figures or []]
    return s.title, "\n".join([s.summary, *s.aliases, s.body, *figures])


def replace_sections(session: Session, sections: Iterable[Section]) -> None:
    _clear_kind(session, "section")
    rows = [
        _row("section", section.id, *section_text(section))
        for section in sections
        if not section.retired
    ]
    if rows:
        session.execute(_ADD_TEXT, rows)


def index_questions(session: Session, questions: Iterable[Question]) -> None:
    """Index these prompts if they are not yet: new ones (a changed prompt is indexed
    again by the triggers, a retired one left out by the view)."""
    ids = ",".join(str(int(q.id)) for q in questions)
    if ids:
        # A prompt in the index has a row of its token counts in FTS5's docsize table.
        session.execute(
            text(
                "INSERT INTO search_index (rowid, kind, item_id, title, body) "
                "SELECT id, kind, item_id, title, body FROM prompt_search_text "
                f"WHERE id IN ({ids}) AND id NOT IN (SELECT id FROM search_index_docsize)"
            )
        )


def index_note(session: Session, note: Note, section_title: str) -> None:
    rowid = rowid_for("note", note.id)
    session.execute(text("DELETE FROM search_text WHERE id = :rowid"), {"rowid": rowid})
    if note.body.strip():
        session.execute(_ADD_TEXT, _row("note", note.id, section_title, note.body))


def rebuild(session: Session) -> None:
    """Index everything again from the texts (FTS5's own 'rebuild' refuses a content
    view that reads JSON)."""
    session.execute(text("INSERT INTO search_index (search_index) VALUES ('delete-all')"))
    session.execute(
        text(
            "INSERT INTO search_index (rowid, kind, item_id, title, body) "
            "SELECT id, kind, item_id, title, body FROM search_source"
        )
    )


def kind_condition(kinds: Iterable[str], rowid: str = "rowid") -> str:
    """An SQL condition on the index's `rowid` true for the rows of these kinds."""
    ranges = [
        f"({rowid} >= {_KIND_BASE[k]} AND {rowid} < {_KIND_BASE[k] + _KIND_SPAN})"
        for k in dict.fromkeys(kinds)
        if k in _KIND_BASE
    ]
    return "(" + " OR ".join(ranges) + ")" if ranges else "0"


_ADD_TEXT = text(
    "INSERT INTO search_text (id, kind, item_id, title, body) "
    "VALUES (:rowid, :kind, :item_id, :title, :body)"
)


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
        text("DELETE FROM search_text WHERE id >= :low AND id < :high"),
        {"low": low, "high": low + _KIND_SPAN},
    )


__all__ = [
    "index_note",
    "index_questions",
    "kind_condition",
    "kind_of",
    "prompt_search_body",
    "rebuild",
    "replace_sections",
    "rowid_for",
]
