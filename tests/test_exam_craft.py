"""The prompt bank is written the way the UPSC sets its paper (EXAM-CRAFT rules that a
machine can check): prompts test the subject rather than which document said what, keys
cannot be guessed from their position, Statement-I/II items test cause and effect,
study aids stay a minority, and no sentence of a source is copied."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from studyapp.core.content.export import content_as_dict
from studyapp.core.content.loader import load_content
from studyapp.core.storage.paths import bundled_content
from tests.fixtures.source_phrases import load_fingerprints, runs

# Words that point at a document rather than at the subject.
NAMES_A_SOURCE = re.compile(
    r"according to|drishti|\bians\b|editorial|\barticle\b|op-ed|\bijbc\b|connect india japan"
    r"|a shared past|a new chapter|the hindu|\bthe report\b|the author|\bsource\b|japan calling",
    re.I,
)
PRELIMS = ("mcq", "statements", "match", "assertion")


@pytest.fixture(scope="module")
def prompts() -> list[dict[str, Any]]:
    return list(content_as_dict(load_content(bundled_content()))["questions"])


@pytest.fixture(scope="module")
def objective(prompts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [q for q in prompts if q["type"] != "mains"]


def student_facing(q: dict[str, Any]) -> list[str]:
    """What the student reads before answering."""
    out = [q["stem"], q.get("statement_1") or "", q.get("statement_2") or ""]
    out += [s["text"] for s in q.get("statements") or []]
    out += [f"{p['left']} {p['right']}" for p in q.get("pairs") or []]
    out += [o for o in q.get("options") or [] if isinstance(o, str)]
    return out


def top_share(counter: Counter[Any]) -> float:
    total = sum(counter.values())
    return max(counter.values()) / total if total else 0.0


def test_at_most_one_objective_prompt_in_ten_names_a_source(
    objective: list[dict[str, Any]],
) -> None:
    named = [q["id"] for q in objective if any(map(NAMES_A_SOURCE.search, student_facing(q)))]
    assert len(named) <= 0.10 * len(objective), named


def test_which_statements_keys_are_spread(objective: list[dict[str, Any]]) -> None:
    which = [q for q in objective if q["type"] == "statements" and q.get("ask") == "which"]
    keys = Counter(q["options"][q["answer_index"]] for q in which)
    assert len(which) >= 20 and top_share(keys) <= 0.35, keys.most_common(3)


def test_how_many_keys_are_spread(objective: list[dict[str, Any]]) -> None:
    keys = Counter(q["answer_index"] for q in objective if q.get("ask") == "how_many")
    assert sum(keys.values()) >= 20 and top_share(keys) <= 0.45, keys


def test_mcq_keys_sit_in_every_position(objective: list[dict[str, Any]]) -> None:
    keys = Counter(q["answer_index"] for q in objective if q["type"] == "mcq")
    total = sum(keys.values())
    assert len(keys) == 4 and min(keys.values()) >= 0.15 * total, keys
    assert top_share(keys) <= 0.35, keys


def test_a_lone_false_statement_is_not_usually_the_last(objective: list[dict[str, Any]]) -> None:
    lone = [
        [s["correct"] for s in q["statements"]]
        for q in objective
        if q["type"] == "statements"
        and len(q["statements"]) >= 3
        and [s["correct"] for s in q["statements"]].count(False) == 1
    ]
    last = sum(flags[-1] is False for flags in lone)
    assert len(lone) >= 5 and last <= 0.5 * len(lone), (last, len(lone))


def test_statement_one_two_items_test_cause_and_effect(objective: list[dict[str, Any]]) -> None:
    items = [q for q in objective if q["type"] == "assertion"]
    both = [q for q in items if q["statement_1_correct"] and q["statement_2_correct"]]
    explains = sum(bool(q["explains"]) for q in both)
    assert len(both) >= 0.6 * len(items), (len(both), len(items))
    # Keys (a) and (b) both used, neither swamping the other.
    assert 0.3 * len(both) <= explains <= 0.7 * len(both), (explains, len(both))


def test_study_aids_stay_a_quarter_of_the_objective_bank(objective: list[dict[str, Any]]) -> None:
    aids = sum(q["type"] in ("fill_blank", "true_false") for q in objective)
    assert aids <= 0.25 * len(objective), aids


def test_the_bank_is_large_enough(prompts: list[dict[str, Any]]) -> None:
    types = Counter(q["type"] for q in prompts)
    assert sum(types[t] for t in PRELIMS) + types["fill_blank"] + types["true_false"] >= 350
    assert types["mains"] >= 36


def test_no_prompt_or_section_copies_twelve_words_of_a_source(
    prompts: list[dict[str, Any]],
) -> None:
    fingerprints = load_fingerprints()
    copied = []
    for q in prompts:
        if q["origin"] == "pyq":
            continue  # a previous-year question is quoted as it was set
        texts = [*student_facing(q), q.get("explanation") or "", *(q.get("key_points") or [])]
        texts.append(q.get("model_outline") or "")
        if any(runs(t) & fingerprints for t in texts):
            copied.append(q["id"])
    for section in content_as_dict(load_content(bundled_content()))["sections"]:
        if (runs(section["body"]) | runs(section.get("summary") or "")) & fingerprints:
            copied.append(section["id"])
    assert copied == []


def test_the_fingerprints_recognise_a_quoted_run(prompts: list[dict[str, Any]]) -> None:
    # Guards the check above against a fingerprint file that matches nothing: a
    # previous-year question is quoted word for word from a source, so it must match.
    fingerprints = load_fingerprints()
    quoted = [q for q in prompts if q["origin"] == "pyq"]
    assert quoted and all(runs(q["stem"]) & fingerprints for q in quoted)
