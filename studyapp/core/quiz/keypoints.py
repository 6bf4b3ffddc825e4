"""Key-point hints for a mains answer: which of the prompt's key points the answer
seems to cover, and why — an offline lexical match the student confirms or corrects.

A key point's *distinctive terms* are its content words and figures, less what every
answer on the prompt would say anyway: the words of the prompt itself, words shared
by half of the other key points, names of the two countries, and the source
attributions in brackets. Words and figures are read as typed answers are graded
(`core.grading`): figures by value ("500,000" is "5 lakh"), words forgiving a small
typo by `rapidfuzz`'s edit distance ("semicondutors", "tariffs"). A term is also
found through a word's stem ("disagree" finds "disagreement") or a short list of
equivalents examiners accept ("gap" finds "deficit"). A point counts as covered
when enough of its terms are found: half of a short point's, three of a long one's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from studyapp.core.quiz.grading import same_word, words_and_numbers

Term = str | Decimal  # a word, or a figure by value
# A long key point is covered once this many of its terms are found.
ENOUGH_TERMS = 3
TERMS_SHOWN = 6  # terms listed as found, and as not found, at most

# Brackets naming a source: ('A Shared Past'), (Drishti), (IJBC article; 'A New Chapter').
_ATTRIBUTION = re.compile(r"\((?:[^()]*['‘’“”][^()]*|[A-Z][\w-]*(?: (?:article|report))?)\)")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_STOPWORDS = _word_set(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers him his how i if in into is
    it its itself just me more most my no nor not now of off on once only or other our
    out over own same she should so some such than that the their them then there these
    they this those through to too under until up very was we were what when where which
    while who whom why will with would you your vs via per among amid within without
    upon whether either neither yet still already even ever well may might must shall
    one two three four five six seven eight nine ten next last new given gives set sets
    way ways part parts use used using make made makes say says said"""
)
# Words every answer on India–Japan relations uses; they tell no point apart.
_GENERIC = _word_set(
    """india japan indian japanese india's japan's indians both countries country nations
    bilateral relations relationship ties tokyo delhi new-delhi"""
)
_SHORT_TERMS = _word_set("ai eu un")  # two-letter words that carry meaning
# Words an examiner takes as saying the same thing (each group is one meaning).
_EQUIVALENTS: tuple[frozenset[str], ...] = tuple(
    _word_set(group)
    for group in (
        "gap deficit imbalance shortfall",
        "wide large big huge widening sizeable significant",
        "disagree differ differs dispute disputed vary varies diverge contested",
        "size scale extent magnitude big",
        "sources reports estimates accounts",
        "link connection connectivity corridor",
        "rail railway railways train trains",
        "rise increase growth grow grows growing rising",
        "fall decline decrease drop shrink shrinking",
        "aim goal target objective",
        "invest investment investments capital funds funding",
        "cooperation collaboration partnership",
        "security defence defense",
        "agreement pact accord treaty deal mou",
        "china chinese beijing",
        "people mobility personnel workers professionals talent",
        "forward ahead future recommendations measures",
        "climate decarbonisation decarbonization emissions green",
        "moon lunar",
        "chips semiconductor semiconductors",
    )
)


@dataclass(frozen=True)
class PointHint:
    index: int
    point: str
    covered: bool
    found: list[tuple[Term, Term]]  # (term of the point, what matched it in the answer)
    missing: list[Term]
    needed: int

    @property
    def why(self) -> str:
        """One line for the checklist: what was found and what was not."""
        total = len(self.found) + len(self.missing)
        if not total:
            return "Nothing distinctive to look for: judge this one yourself."
        head = "Seems covered" if self.covered else "Seems missing"
        text = f"{head}: {len(self.found)} of its {total} terms found, {self.needed} needed."
        if self.found:
            shown = self.found[:TERMS_SHOWN]
            found = ", ".join(
                show_term(t) if t == w else f"“{show_term(w)}” for {show_term(t)}" for t, w in shown
            )
            text += f" Found {found}" + ("…" if len(self.found) > TERMS_SHOWN else ".")
        if self.missing:
            shown_missing = self.missing[:TERMS_SHOWN]
            more = "…" if len(self.missing) > TERMS_SHOWN else "."
            text += " Not found: " + ", ".join(map(show_term, shown_missing)) + more
        return text


def show_term(term: Term) -> str:
    """A term as the checklist names it: large figures with thousands separators."""
    if isinstance(term, Decimal):  # "2025" stays a year; "500,000" is grouped
        return f"{term:f}" if abs(term) < 10_000 else f"{term:,f}"
    return term


def terms_of(point: str) -> list[Term]:
    """A key point's content words and figures, in order, without repeats."""
    seen: dict[Term, None] = {}
    for token in words_and_numbers(_ATTRIBUTION.sub(" ", point)):
        if isinstance(token, Decimal) or (
            (len(token) > 2 or token in _SHORT_TERMS) and token not in _STOPWORDS | _GENERIC
        ):
            seen.setdefault(token, None)
    return list(seen)


def distinctive_terms(point: str, others: Sequence[str], stem: str = "") -> list[Term]:
    """The terms that set this point apart: not in the prompt, not in half of the other
    points. A point left with nothing keeps all its terms."""
    terms = terms_of(point)
    asked = set(terms_of(stem))
    other_terms = [set(terms_of(o)) for o in others]
    common = {t for t in terms if 2 * sum(t in o for o in other_terms) >= max(2, len(others))}
    kept = [t for t in terms if t not in asked and t not in common]
    return kept or terms


def _same_stem(term: str, word: str) -> bool:
    """One word is the other with an ending: "disagree" / "disagreement", "invest" /
    "investors" (words of five letters or more, so "rail" is not found in "trail")."""
    shorter, longer = sorted((term, word), key=len)
    return len(shorter) >= 5 and longer.startswith(shorter[: max(5, len(shorter) - 2)])


def _equivalents(term: str) -> list[str]:
    """The term first, then the words that say the same thing."""
    words = [term]
    for group in _EQUIVALENTS:
        if term in group or any(_same_stem(term, w) for w in group):
            words += sorted(group - {term})
    return words


def _find(term: Term, words: Sequence[str], figures: set[Decimal]) -> Term | None:
    """The answer's word (or figure) that carries this term, if any."""
    if isinstance(term, Decimal):
        return term if term in figures else None
    present = set(words)
    for candidate in _equivalents(term):
        if candidate in present:
            return candidate
        for word in words:
            if _same_stem(candidate, word) or same_word(word, candidate):
                return word
    return None


def needed_terms(total: int) -> int:
    """Half of a short point's terms (rounded up), at most ENOUGH_TERMS."""
    return max(1, min(math.ceil(total / 2), ENOUGH_TERMS)) if total else 0


def key_point_hints(key_points: Sequence[str], answer: str, stem: str = "") -> list[PointHint]:
    """For each key point, whether the answer seems to cover it and which terms say so."""
    tokens = words_and_numbers(answer)
    words = sorted({t for t in tokens if isinstance(t, str)})
    figures = {t for t in tokens if isinstance(t, Decimal)}
    hints = []
    for n, point in enumerate(key_points):
        others = [p for m, p in enumerate(key_points) if m != n]
        terms = distinctive_terms(point, others, stem)
        found: list[tuple[Term, Term]] = []
        missing: list[Term] = []
        for term in terms:
            word = _find(term, words, figures) if words or figures else None
            if word is None:
                missing.append(term)
            else:
                found.append((term, word))
        needed = needed_terms(len(terms))
        hints.append(
            PointHint(
                index=n,
                point=point,
                covered=bool(terms) and len(found) >= needed,
                found=found,
                missing=missing,
                needed=needed,
            )
        )
    return hints
