"""Full-text search over sections, prompts and the student's notes (SQLite FTS5).

Whatever the student types is turned into a safe FTS5 query: it is split into words
and each word becomes a quoted phrase, so quotes, `*`, `AND`, `NEAR(`, brackets and
any script can never be read as query syntax. All words must match; the last one
also matches as a prefix, so results appear while typing. Results are ranked by
bm25 (title matches weigh more) and carry a snippet with the matches marked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.core.content.search_index import kind_condition, kind_of

MAX_QUERY_CHARS = 500
MAX_TERMS = 12
KINDS = ("section", "question", "note")
HIT_START, HIT_END = "\x02", "\x03"  # marks around matched words in snippets


@dataclass(frozen=True)
class SearchHit:
    kind: str  # section | question | note
    id: str  # the section's or prompt's stable id; for notes, the section's id
    title: str
    snippet: str  # matched words wrapped in HIT_START/HIT_END
    score: float  # bm25: lower is better

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# A link's target, closed or cut off by the snippet's end ("](section:glossary…"),
# and a bare target whose "[text]" fell before the snippet's start.
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)?|\((?:section|https?|mailto):[^)\s]*\)?")
# Marks inside a line of text (emphasis, code, a link's brackets) go without a trace;
# those between cells or lines (table rules and bars, headings, quotes) leave a space.
_INLINE_MARKS = re.compile(r"\*\*|__|[`\[\]]")
_BLOCK_MARKS = re.compile(r"^#+\s|\s#+\s|\|?-{3,}\|?|[|>]", re.MULTILINE)


def plain_snippet(snippet: str) -> str:
    """The snippet without Markdown syntax (links, emphasis, table rules, headings),
    on one line; the matches keep their marks."""
    text = _INLINE_MARKS.sub("", _LINK_TARGET.sub("", snippet))
    return " ".join(_BLOCK_MARKS.sub(" ", text).split())


def _is_token_char(char: str) -> bool:
    # Like FTS5's unicode61 tokenizer: letters, digits and combining marks (the
    # vowel signs of Devanagari, for one) belong to words; everything else separates.
    return char.isalnum() or unicodedata.category(char).startswith("M")


def search_terms(query: str) -> list[str]:
    """The words of a query, as FTS5 will see them."""
    terms: list[str] = []
    word = ""
    for char in query[:MAX_QUERY_CHARS] + " ":
        if _is_token_char(char):
            word += char
        elif word:
            terms.append(word)
            word = ""
    return terms[:MAX_TERMS]


def fts_query(query: str, prefix_last: bool = True) -> str | None:
    """A safe FTS5 MATCH expression for what was typed, or None when it has no words."""
    terms = search_terms(query)
    if not terms:
        return None
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    if prefix_last and _is_token_char(query[-1]):
        quoted[-1] += "*"
    return " ".join(quoted)


def search(
    session: Session, query: str, limit: int = 50, kinds: tuple[str, ...] = KINDS
) -> list[SearchHit]:
    """Ranked hits for `query` (an empty list for a query with no words)."""
    match = fts_query(query)
    if match is None:
        return []
    # Kinds are told apart by rowid: reading `kind` would read each hit's text.
    rows = session.execute(
        text(
            "SELECT rowid, title, "
            f"snippet(search_index, -1, '{HIT_START}', '{HIT_END}', ' … ', 12) AS snip, "
            "bm25(search_index, 0, 0, 4.0, 1.0) AS score "
            f"FROM search_index WHERE search_index MATCH :match AND {kind_condition(kinds)} "
            "ORDER BY score LIMIT :limit"
        ),
        {"match": match, "limit": limit},
    ).all()
    return _with_stable_ids(session, rows)


def count_matches(session: Session, query: str, kind: str = "question") -> int:
    """How many items of `kind` contain every word of `query` (no prefix matching)."""
    match = fts_query(query, prefix_last=False)
    if match is None:
        return 0
    return int(
        session.execute(
            text(
                "SELECT count(*) FROM search_index "
                f"WHERE search_index MATCH :m AND {kind_condition([kind])}"
            ),
            {"m": match},
        ).scalar_one()
    )


def matching_question_ids(session: Session, query: str, origin: str | None = None) -> list[int]:
    """Every prompt containing all the words of `query` (whole words), optionally only
    those of one origin (bundled, pyq, user, imported)."""
    match = fts_query(query, prefix_last=False)
    if match is None:
        return []
    # A prompt's rowid is its id.
    prompts = kind_condition(["question"])
    sql = f"SELECT rowid FROM search_index WHERE search_index MATCH :m AND {prompts}"
    if origin is not None:
        sql = (
            "SELECT q.id FROM search_index s JOIN questions q ON q.id = s.rowid "
            f"WHERE search_index MATCH :m AND {kind_condition(['question'], 's.rowid')} "
            "AND q.origin = :origin"
        )
    return list(session.scalars(text(sql), {"m": match, "origin": origin}))


def _with_stable_ids(session: Session, rows: Sequence[Any]) -> list[SearchHit]:
    ids: dict[str, list[int]] = {"section": [], "question": [], "note": []}
    for row in rows:
        kind, item = kind_of(row.rowid)
        ids[kind].append(item)
    keys: dict[tuple[str, int], str] = {}
    for kind, table, column in (
        ("section", "sections", "key"),
        ("question", "questions", "key"),
    ):
        if ids[kind]:
            wanted = ",".join(map(str, ids[kind]))
            found = session.execute(
                text(f"SELECT id, {column} FROM {table} WHERE id IN ({wanted})")
            )
            keys.update({(kind, i): k for i, k in found})
    if ids["note"]:
        found = session.execute(
            text(
                "SELECT notes.id, sections.key FROM notes "
                "JOIN sections ON sections.id = notes.section_id "
                f"WHERE notes.id IN ({','.join(map(str, ids['note']))})"
            )
        )
        keys.update({("note", i): k for i, k in found})
    hits = []
    for row in rows:
        kind, item = kind_of(row.rowid)
        hits.append(
            SearchHit(
                kind, keys.get((kind, item), str(item)), row.title, row.snip, float(row.score)
            )
        )
    return hits
