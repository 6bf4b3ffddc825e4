"""Typed answers: words match as whole words, numbers exactly (by value, however
written), and a small typo in a longer name is forgiven."""

from __future__ import annotations

import pytest

from studyapp.core.content.prompt_body import FillBlankBody
from studyapp.core.quiz.grading import grade, typed_answer_matches


@pytest.mark.parametrize(
    ("typed", "key", "accepted"),
    [
        # Tokens are tokens: no "2" inside "US-2", no "12" out of "1 2".
        ("US-2", "2", False),
        ("2", "US-2", False),
        ("US 2", "US-2", True),
        ("1 2", "12", False),
        ("12", "1 2", False),
        # Hyphens and spacing inside names and codes still do not matter.
        ("E10", "E-10", True),
        ("data freeflow", "Data Free-Flow", True),
        # Numbers exact, by value.
        ("5 lakh", "500,000", True),
        ("500000", "5 lakh", True),
        ("₹5.96 lakh crore", "59,60,00,00,00,000", True),
        ("68bn", "68 billion", True),
        ("US$ 17.69 billion", "17.69 billion", True),
        ("17.68", "17.69", False),
        ("5 lakh", "50,000", False),
        # Small typos in longer names are forgiven, by length …
        ("Maharastra", "Maharashtra", True),
        ("Kisihda", "Kishida", True),  # two letters swapped: one typo
        ("Decentralised", "Decentralized", True),
        ("Natinal Securty Adviser", "National Security Adviser", True),
        # … but not in short words, not two in a mid-length one, not a first letter.
        ("Truss", "Trust", False),
        ("Abbe", "Abe", False),
        ("Mahrastra", "Maharashtra", False),
        ("Centralized", "Decentralized", False),
        ("Unilateral", "Bilateral", False),
    ],
)
def test_typed_answers(typed: str, key: str, accepted: bool) -> None:
    assert typed_answer_matches(typed, key) is accepted


def test_alternatives_and_the_stored_response() -> None:
    body = FillBlankBody(answer="National Security Adviser", accept=("NSA",))
    assert grade(body, None, "nsa").correct is True
    verdict = grade(body, None, " National Security Advisor ")
    assert verdict.correct is True and verdict.response == " National Security Advisor "
    assert grade(body, None, "").correct is False
