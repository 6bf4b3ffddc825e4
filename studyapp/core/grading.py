"""Deciding whether a response is right, for every prompt type.

Typed answers are matched tolerantly: case, spacing, punctuation and diacritics are
ignored, currency signs are dropped, and numbers are compared by value across the
ways Indian and international writing express them ("5 lakh" = "500,000",
"₹5.96 lakh crore" = "5,96,00,00,00,00,000", "68bn" = "68 billion").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

SELF_GRADED = frozenset({"mains", "basic"})
_MULTIPLIERS = {
    "thousand": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
    "lakh": Decimal(10) ** 5,
    "lakhs": Decimal(10) ** 5,
    "lac": Decimal(10) ** 5,
    "million": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "crore": Decimal(10) ** 7,
    "crores": Decimal(10) ** 7,
    "cr": Decimal(10) ** 7,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
}
_CURRENCY_WORDS = {"rs", "inr", "rupee", "rupees", "yen", "jpy", "usd", "us", "dollar", "dollars"}
_ARTICLES = {"the", "a", "an"}
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Verdict:
    correct: bool | None  # None: the student grades it (mains, flashcards)
    response: str  # what is stored in the review log


def normalise_text(text: str) -> str:
    """Lower-case, without diacritics, punctuation or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = stripped.casefold().replace("–", "-").replace("—", "-")
    # Keep decimal points between digits; drop other punctuation (and ₹ ¥ $).
    folded = re.sub(r"(?<=\d)[,\s](?=\d{2,3}\b)", "", folded)  # 5,00,000 and 500,000
    folded = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", folded)
    folded = re.sub(r"[^\w.\s-]", " ", folded)
    folded = folded.replace("-", " ")
    return " ".join(folded.split())


def _tokens_with_numbers(text: str) -> list[Any]:
    """Words, with each number and its multiplier words folded into one value."""
    spaced = re.sub(r"(\d)([a-z])", r"\1 \2", normalise_text(text))
    tokens: list[Any] = []
    for word in spaced.split():
        if word in _CURRENCY_WORDS or word in _ARTICLES:
            continue
        if _NUMBER.match(word):
            try:
                tokens.append(Decimal(word))
            except InvalidOperation:  # pragma: no cover - the pattern rules it out
                tokens.append(word)
        elif word in _MULTIPLIERS and tokens and isinstance(tokens[-1], Decimal):
            tokens[-1] = tokens[-1] * _MULTIPLIERS[word]
        else:
            tokens.append(word)
    return [t.normalize() if isinstance(t, Decimal) else t for t in tokens]


def typed_answer_matches(response: str, expected: str, also: Iterable[str] = ()) -> bool:
    """Whether a typed response says the same as the key or one of its alternatives."""
    given = _tokens_with_numbers(response)
    if not given:
        return False
    for candidate in (expected, *also):
        wanted = _tokens_with_numbers(candidate)
        # Joined comparison: "E-10" = "E10", "Data Free-Flow" = "data freeflow".
        if given == wanted or _joined(given) == _joined(wanted):
            return True
    return False


def _joined(tokens: list[Any]) -> str:
    return "".join(format(t, "f") if isinstance(t, Decimal) else t for t in tokens)


def grade(qtype: str, answer_index: int | None, details: dict[str, Any], response: Any) -> Verdict:
    """Grade `response`: an option index for choice prompts, text for typed ones."""
    if qtype in SELF_GRADED:
        return Verdict(None, "" if response is None else str(response))
    if response is None or response == "":
        return Verdict(False, "")
    if qtype == "fill_blank":
        text = str(response)
        ok = typed_answer_matches(text, str(details.get("answer", "")), details.get("accept", []))
        return Verdict(ok, text)
    index = int(response)
    return Verdict(index == answer_index, str(index))
