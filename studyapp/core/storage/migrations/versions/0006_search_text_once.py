"""The full-text index reads the prompts' words from the prompts themselves: an
external-content FTS5 table over a view, instead of a second copy of every prompt's
text inside the index (a third of a large bank's database file). Sections and notes,
whose indexed text is not a column of their own tables, keep theirs in `search_text`.

FTS5 removes an entry by the words it was indexed with, so the index is kept in step
by triggers: a prompt leaves the index before a change to its indexed columns (while
the view still gives its old words) and joins it again after; `search_text` rows do
the same from their own old and new values. New prompts are indexed by whoever adds
them (an import writes a large batch at once).

Revision ID: 0006_search_text_once
Revises: 0005_bank_sort
Create Date: 2026-12-02 22:30:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0006_search_text_once"
down_revision = "0005_bank_sort"
branch_labels = None
depends_on = None

# Kept here rather than imported: a migration must not change when the code does.
_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"
_SECTIONS_START = 1 << 40  # rowids below this are prompts (their own id)


def _texts(column: str, where: str = "") -> str:
    """The text values of a prompt's JSON column joined by line feeds ('' for none). The
    details are an object whose texts lie at any depth; the others are lists. A value
    that is not JSON counts as empty, so one damaged row cannot break search."""
    if column == "details":
        walk, value, empty = "json_tree", "atom", "'{}'"
    else:
        walk, value, empty = "json_each", "value", "'[]'"
    source = f"{walk}(CASE WHEN json_valid(q.{column}) THEN q.{column} ELSE {empty} END)"
    return f"coalesce((SELECT group_concat({value}, char(10)) FROM {source}{where}), '')"


# A prompt's indexed words: its stem as the title; its options, the texts of its
# details (statements, pairs, lists, the back of a card…, but not the `ask` word that
# only says how it is asked), its explanation and its tags as the body, a line each.
_DETAIL_TEXTS = _texts("details", " WHERE type = 'text' AND key IS NOT 'ask'")
PROMPT_SEARCH_TEXT = (
    "CREATE VIEW prompt_search_text (id, kind, item_id, title, body) AS "
    "SELECT q.id, 'question', q.id, q.stem, trim("
    f"{_texts('options')} || char(10) || {_DETAIL_TEXTS} || char(10) || "
    f"q.explanation || char(10) || {_texts('tags')}, char(10)) "
    "FROM questions q WHERE q.retired = 0"
)

_DELETE = "INSERT INTO search_index (search_index, rowid, kind, item_id, title, body)"
_INSERT = "INSERT INTO search_index (rowid, kind, item_id, title, body)"
_INDEXED = "stem, options, details, explanation, tags, retired"

TRIGGERS = (
    "CREATE TRIGGER search_text_added AFTER INSERT ON search_text BEGIN "
    f"{_INSERT} VALUES (NEW.id, NEW.kind, NEW.item_id, NEW.title, NEW.body); END",
    "CREATE TRIGGER search_text_removed AFTER DELETE ON search_text BEGIN "
    f"{_DELETE} VALUES ('delete', OLD.id, OLD.kind, OLD.item_id, OLD.title, OLD.body); END",
    "CREATE TRIGGER search_text_changed AFTER UPDATE ON search_text BEGIN "
    f"{_DELETE} VALUES ('delete', OLD.id, OLD.kind, OLD.item_id, OLD.title, OLD.body); "
    f"{_INSERT} VALUES (NEW.id, NEW.kind, NEW.item_id, NEW.title, NEW.body); END",
    f"CREATE TRIGGER questions_leave_search BEFORE UPDATE OF {_INDEXED} ON questions BEGIN "
    f"{_DELETE} SELECT 'delete', id, kind, item_id, title, body FROM prompt_search_text "
    "WHERE id = OLD.id; END",
    f"CREATE TRIGGER questions_rejoin_search AFTER UPDATE OF {_INDEXED} ON questions BEGIN "
    f"{_INSERT} SELECT id, kind, item_id, title, body FROM prompt_search_text "
    "WHERE id = NEW.id; END",
    "CREATE TRIGGER questions_removed_from_search BEFORE DELETE ON questions BEGIN "
    f"{_DELETE} SELECT 'delete', id, kind, item_id, title, body FROM prompt_search_text "
    "WHERE id = OLD.id; END",
)


def upgrade() -> None:
    op.execute(
        "CREATE TABLE search_text (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
        "item_id INTEGER NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL)"
    )
    op.execute(
        "INSERT INTO search_text SELECT rowid, kind, item_id, title, body FROM search_index "
        f"WHERE rowid >= {_SECTIONS_START}"
    )
    op.execute("DROP TABLE search_index")
    op.execute(PROMPT_SEARCH_TEXT)
    op.execute(
        "CREATE VIEW search_source AS "
        "SELECT id, kind, item_id, title, body FROM search_text UNION ALL "
        "SELECT id, kind, item_id, title, body FROM prompt_search_text"
    )
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, item_id UNINDEXED, "
        f"title, body, {_TOKENIZE}, content = 'search_source', content_rowid = 'id')"
    )
    for statement in TRIGGERS:
        op.execute(statement)
    # Not FTS5's 'rebuild', which refuses a content view that reads JSON (it reads the
    # content without table-valued functions); the same rows, inserted.
    op.execute(f"{_INSERT} SELECT id, kind, item_id, title, body FROM search_source")


def downgrade() -> None:
    op.execute("CREATE TEMP TABLE search_copy AS SELECT * FROM search_source")
    for name in (
        "search_text_added",
        "search_text_removed",
        "search_text_changed",
        "questions_leave_search",
        "questions_rejoin_search",
        "questions_removed_from_search",
    ):
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE search_index")
    op.execute("DROP VIEW search_source")
    op.execute("DROP VIEW prompt_search_text")
    op.execute("DROP TABLE search_text")
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, item_id UNINDEXED, "
        f"title, body, {_TOKENIZE})"
    )
    op.execute(f"{_INSERT} SELECT id, kind, item_id, title, body FROM temp.search_copy")
    op.execute("DROP TABLE temp.search_copy")
