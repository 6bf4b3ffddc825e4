"""Deciding whether a response is right, for every prompt type.

Typed answers are matched tolerantly where it is safe: case, spacing, punctuation
and diacritics are ignored, currency signs are dropped, and numbers are compared by
value across the ways Indian and international writing express them ("5 lakh" =
"500,000", "₹5.96 lakh crore" = "59,60,00,00,00,000", "68bn" = "68 billion").
Numbers must be exactly right and words match as words ("US-2" is not "2", "1 2" is
not "12"); a small typo in a longer word is forgiven (`rapidfuzz`'s edit distance,
adjacent swaps counting as one), never in its first letter, where a prefix such as
"de-" or "un-" would turn the answer into its opposite.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from rapidfuzz.distance import OSA

from studyapp.core.content.prompt_body import FillBlankBody, PromptBody

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
# "US" alone is no currency word ("US-2" is an aircraft); "US$" is read as "usd".
_CURRENCY_WORDS = {"rs", "inr", "rupee", "rupees", "yen", "jpy", "usd", "dollar", "dollars"}
_ARTICLES = {"the", "a", "an"}
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Verdict:
    correct: bool | None  # None: the student grades it (mains, flashcards)
    response: str  # what is stored in the review log


def normalise_text(text: str) -> str:
    """Lower-case, without diacritics, punctuation or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", re.sub(r"(?i)\bus\s?\$", "usd ", text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = stripped.casefold().replace("–", "-").replace("—", "-")
    # Keep decimal points between digits; drop other punctuation (and ₹ ¥ $).
    folded = re.sub(r"(?<=\d)[,\s](?=\d{2,3}\b)", "", folded)  # 5,00,000 and 500,000
    folded = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", folded)
    folded = re.sub(r"[^\w.\s-]", " ", folded)
    folded = folded.replace("-", " ")
    return " ".join(folded.split())


def words_and_numbers(text: str) -> list[str | Decimal]:
    """A text's words (normalised) and numbers (as values: "5 lakh" is 500000), the
    way typed answers are compared; the key-point hints read mains answers so too."""
    return _tokens_with_numbers(text)


def same_word(given: str, wanted: str) -> bool:
    """Two words the same but for a small typo (never in the first letter)."""
    return _close(given, wanted)


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
    return any(_same_answer(given, _tokens_with_numbers(c)) for c in (expected, *also))


def _same_answer(given: list[Any], wanted: list[Any]) -> bool:
    if _numbers(given) != _numbers(wanted):
        return False
    if len(given) == len(wanted) and all(map(_same_token, given, wanted)):
        return True
    # Joined comparison: "E-10" = "E10", "Data Free-Flow" = "data freeflow".
    return _close(_joined(given), _joined(wanted))


def _numbers(tokens: list[Any]) -> list[Decimal]:
    """Every number in the answer, in order, including those inside words ("E10")."""
    found: list[Decimal] = []
    for token in tokens:
        if isinstance(token, Decimal):
            found.append(token)
        else:
            found.extend(Decimal(d).normalize() for d in _DIGITS.findall(token))
    return found


def _same_token(given: Any, wanted: Any) -> bool:
    if isinstance(given, Decimal) or isinstance(wanted, Decimal):
        return bool(given == wanted)
    return _close(str(given), str(wanted))


def _typos_allowed(length: int) -> int:
    """Edits forgiven in a word of this length: none up to 5 letters ("Trust" is not
    "Truss"), one up to 11, two beyond."""
    return 0 if length <= 5 else 1 if length <= 11 else 2


def _close(given: str, wanted: str) -> bool:
    if given == wanted:
        return True
    if not given or not wanted or given[0] != wanted[0]:
        return False
    allowed = _typos_allowed(len(wanted))
    return allowed > 0 and OSA.distance(given, wanted, score_cutoff=allowed) <= allowed


def _joined(tokens: list[Any]) -> str:
    # Adjacent numbers keep a separator, so "1 2" never joins into "12".
    parts: list[str] = []
    for previous, token in zip([None, *tokens], tokens, strict=False):
        if isinstance(token, Decimal):
            if isinstance(previous, Decimal):
                parts.append("|")
            parts.append(format(token, "f"))
        else:
            parts.append(token)
    return "".join(parts)


def grade(body: PromptBody, answer_index: int | None, response: Any) -> Verdict:
    """Grade `response` to a prompt with this body and key: an option index for choice
    prompts, text for typed ones."""
    if body.type in SELF_GRADED:
        return Verdict(None, "" if response is None else str(response))
    if response is None or response == "":
        return Verdict(False, "")
    if isinstance(body, FillBlankBody):
        text = str(response)
        return Verdict(typed_answer_matches(text, body.answer, body.accept), text)
    index = int(response)
    return Verdict(index == answer_index, str(index))
