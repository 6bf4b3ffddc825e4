"""The study pack that ships with Setu: valid, linked, balanced and complete."""

from __future__ import annotations

from collections import Counter

import pytest

from studyapp.core.content.loader import ContentBundle, load_content
from studyapp.core.content.schema import LETTERS
from studyapp.core.storage.paths import bundled_content

OBJECTIVE = ("mcq", "statements", "match", "assertion", "true_false", "fill_blank")


@pytest.fixture(scope="module")
def bundle() -> ContentBundle:
    return load_content(bundled_content())


def test_bundled_content_is_valid(bundle: ContentBundle) -> None:
    assert [str(p) for p in bundle.problems] == []


def test_enough_prompts_of_every_type(bundle: ContentBundle) -> None:
    types = Counter(p.doc.type for p in bundle.prompts)
    assert sum(types[t] for t in OBJECTIVE) >= 350
    # Exam formats carry the bank; fill-in and true/false stay as study aids.
    assert all(types[t] >= 40 for t in ("mcq", "statements", "match", "assertion")), types
    assert all(types[t] >= 10 for t in ("true_false", "fill_blank")), types
    assert types["mains"] >= 36
    asks = Counter(p.doc.ask for p in bundle.prompts if p.doc.type == "statements")
    assert asks["which"] >= 20 and asks["how_many"] >= 20


def test_every_prompt_links_sections_and_sources_that_exist(bundle: ContentBundle) -> None:
    sections = {s.doc.id for s in bundle.sections}
    sources = {s.id for s in bundle.sources}
    for prompt in bundle.prompts:
        assert prompt.doc.sections and set(prompt.doc.sections) <= sections, prompt.doc.id
        assert prompt.doc.sources and set(prompt.doc.sources) <= sources, prompt.doc.id


def test_options_are_distinct_and_explanations_present(bundle: ContentBundle) -> None:
    for prompt in bundle.prompts:
        options = prompt.doc.options()
        assert len({o.casefold() for o in options}) == len(options), prompt.doc.id
        if prompt.doc.type != "mains":
            assert len(prompt.doc.explanation) >= 60, prompt.doc.id


def test_statement_and_pair_keys_agree_with_truth_values(bundle: ContentBundle) -> None:
    checked = 0
    for prompt in bundle.prompts:
        doc = prompt.doc
        if doc.type == "statements" or (doc.type == "match" and doc.ask != "codes"):
            items = doc.statements if doc.type == "statements" else doc.pairs
            right = [i + 1 for i, item in enumerate(items) if item.correct]
            chosen = doc.options()[doc.answer_index()]
            if doc.ask == "how_many":
                expected = doc.options()[len(right) - 1] if right else doc.options()[-1]
                assert chosen == expected, doc.id
            else:
                assert sorted(doc.options_[doc.answer_index()]) == right, doc.id
            checked += 1
        elif doc.type == "match":
            assert list(doc.options_[doc.answer_index()]) == list(doc.key), doc.id
            checked += 1
    assert checked >= 80


def test_answer_positions_are_balanced(bundle: ContentBundle) -> None:
    positions = Counter(
        LETTERS[p.doc.answer_index()]
        for p in bundle.prompts
        if p.doc.type in ("mcq", "statements", "match", "assertion")
    )
    total = sum(positions.values())
    assert max(positions.values()) / total <= 0.35, positions


def test_the_previous_year_question_is_marked(bundle: ContentBundle) -> None:
    pyqs = [p.doc for p in bundle.prompts if p.doc.origin == "pyq"]
    assert any(d.year == 2020 and "Quad" in d.stem for d in pyqs)


def test_every_area_and_group_has_content(bundle: ContentBundle) -> None:
    areas = Counter(p.doc.area for p in bundle.prompts)
    assert set(areas) == {a.id for a in bundle.areas}
    kinds = Counter(s.doc.kind for s in bundle.sections)
    assert kinds["vision_pillar"] == 8
    assert kinds["friction_area"] == 5
    assert kinds["cooperation_area"] == 7
    assert kinds["glossary_term"] >= 27 and kinds["timeline_event"] >= 10


def test_known_disagreements_are_shown(bundle: ContentBundle) -> None:
    with_callouts = {s.doc.id for s in bundle.sections if s.doc.disagreements}
    for section in ("summit.investment", "summit.hr-action-plan", "summit.security-declaration"):
        assert section in with_callouts
