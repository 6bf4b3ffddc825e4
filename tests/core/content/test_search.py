"""Search: ranked, prefix-matching, and safe for anything a student types."""

from __future__ import annotations

import time

import pytest

from studyapp.core.content.search import HIT_END, HIT_START, count_matches, plain_snippet, search
from studyapp.core.storage.db import Database

HOSTILE = [
    '"',
    '"unbalanced',
    "*",
    "trade*",
    "AND",
    "OR NOT",
    "NEAR(",
    "NEAR(trade gap, 2)",
    "((((",
    ")",
    "col:trade",
    "^gap",
    "x" * 10_000,
    "trade " * 2_000,
    "भारत जापान संबंध",
    "日本とインドの関係",
    "'; DROP TABLE questions; --",
    "\x00\x01",
    "",
    "   ",
]


def test_prefix_search_finds_sections_and_prompts_ranked(db: Database) -> None:
    with db.begin() as s:
        hits = search(s, "trade ga")
    assert hits[0].kind == "section" and hits[0].id == "trade.gap"
    assert {h.kind for h in hits} >= {"section", "question"}
    assert HIT_START in hits[0].snippet
    assert hits == sorted(hits, key=lambda h: h.score)


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise_or_hang(db: Database, query: str) -> None:
    with db.begin() as s:
        started = time.monotonic()
        hits = search(s, query)
        assert time.monotonic() - started < 2  # a guard against hangs, not a speed test
    assert isinstance(hits, list)


def test_whole_word_counts(db: Database) -> None:
    with db.begin() as s:
        assert count_matches(s, "rail link") == 2  # the true/false and the mains prompt
        assert count_matches(s, "rail linkage") == 0


def test_a_snippet_reads_as_plain_text_with_its_matches_marked() -> None:
    hit = f"{HIT_START}Tokyo{HIT_END}"
    snippet = (
        f"## Meeting\nOn **30 August 2025**, in **{hit}**, see [the CEPA](section:glossary.cepa)"
        f".\n| Flow | Value |\n|---|---|\n| Japan → India | `USD 17.69 billion` |\n> quoted"
    )
    assert plain_snippet(snippet) == (
        f"Meeting On 30 August 2025, in {hit}, see the CEPA. Flow Value Japan → India "
        "USD 17.69 billion quoted"
    )
    # A link cut off by the snippet's start or end leaves no stray target either.
    assert plain_snippet("see [CEPA](sect") == "see CEPA"
    assert plain_snippet("CEPA](section:glossary.cepa) is") == "CEPA is"
