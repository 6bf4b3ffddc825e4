"""Key-point hints for a mains answer: which of the prompt's key points the answer
seems to cover, and why — an offline lexical match the student confirms or corrects.

A key point's *distinctive terms* are its content words and figures, less what every
answer on the prompt would say anyway: the words of the prompt itself, words shared
by half of the other key points, names of the two countries, and the source
attributions in brackets. Each term is looked for in the answer with `rapidfuzz`
(inflections and typos: "tariff" finds "tariffs", "semiconductor" finds
"semicondutors"), through a word's stem ("disagree" finds "disagreement"), or
through a short list of equivalents examiners accept ("gap" finds "deficit"). A
point counts as covered when enough of its terms are found: half of a short point's,
three of a long one's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# Similarity (0–100) at which two words count as the same word.
WORD_SIMILARITY = 85
# A long key point is covered once this many of its terms are found.
ENOUGH_TERMS = 3
TERMS_SHOWN = 6  # terms listed as found, and as not found, at most

_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
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
    found: list[tuple[str, str]]  # (term of the point, word of the answer that matched it)
    missing: list[str]
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
            found = ", ".join(t if t == w else f"“{w}” for {t}" for t, w in shown)
            text += f" Found {found}" + ("…" if len(self.found) > TERMS_SHOWN else ".")
        if self.missing:
            shown_missing = self.missing[:TERMS_SHOWN]
            more = "…" if len(self.missing) > TERMS_SHOWN else "."
            text += " Not found: " + ", ".join(shown_missing) + more
        return text


def _tokens(text: str) -> list[str]:
    """Lower-case words and figures; "India's" is "india", "vision's" is "vision"."""
    return [re.sub(r"['’]s$", "", t.lower()).strip("'’-") for t in _TOKEN.findall(text)]


def _is_figure(token: str) -> bool:
    return token[0].isdigit()


def _figure(token: str) -> str:
    """A figure as written without separators: "500,000" and "500000" match."""
    return token.replace(",", "").rstrip(".")


def terms_of(point: str) -> list[str]:
    """A key point's content words and figures, in order, without repeats."""
    text = _ATTRIBUTION.sub(" ", point)
    seen: dict[str, None] = {}
    for token in _tokens(text):
        if _is_figure(token):
            seen.setdefault(_figure(token), None)
        elif (len(token) > 2 or token in _SHORT_TERMS) and token not in _STOPWORDS | _GENERIC:
            seen.setdefault(token, None)
    return list(seen)


def distinctive_terms(point: str, others: Sequence[str], stem: str = "") -> list[str]:
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


def _find(term: str, words: Sequence[str], figures: set[str]) -> str | None:
    """The answer's word that carries this term, if any."""
    if _is_figure(term):
        return term if term in figures else None
    present = set(words)
    for candidate in _equivalents(term):
        if candidate in present:
            return candidate
        stems = [w for w in words if _same_stem(candidate, w)]
        if stems:
            return stems[0]
        if len(candidate) < 5:
            continue  # short words differ by a letter too often ("over" / "rover")
        for word, _score, _n in process.extract(
            candidate, words, scorer=fuzz.ratio, score_cutoff=WORD_SIMILARITY, limit=3
        ):
            if word[0] == candidate[0] and len(word) >= 5:  # typos keep the first letter
                return str(word)
    return None


def needed_terms(total: int) -> int:
    """Half of a short point's terms (rounded up), at most ENOUGH_TERMS."""
    return max(1, min(math.ceil(total / 2), ENOUGH_TERMS)) if total else 0


def key_point_hints(key_points: Sequence[str], answer: str, stem: str = "") -> list[PointHint]:
    """For each key point, whether the answer seems to cover it and which terms say so."""
    tokens = _tokens(answer)
    words = sorted({t for t in tokens if not _is_figure(t)})
    figures = {_figure(t) for t in tokens if _is_figure(t)}
    hints = []
    for n, point in enumerate(key_points):
        others = [p for m, p in enumerate(key_points) if m != n]
        terms = distinctive_terms(point, others, stem)
        found: list[tuple[str, str]] = []
        missing: list[str] = []
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
