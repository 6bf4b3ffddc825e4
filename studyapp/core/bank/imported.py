"""Imported rows that are really four-option questions.

A CSV front that lists four options marked (a) to (d) — inline or one per line,
as "(a) …" or "a) …" — with a back that starts with the key's letter ("b", "(b)",
"b) because …") is imported as a single-answer prompt, so it can be marked and can
appear in mock tests; the rest of the back is its explanation. Any other row stays a
front/back card that the student grades themselves.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_OPTION = re.compile(r"(?:^|\s)\(?([a-d])\)\s+", re.MULTILINE)
_KEY = re.compile(r"^\s*(?:answer\s*[:\-]?\s*)?\(?([a-d])\)?(?=[\s.,:;–-]|$)[\s.,:;–-]*", re.I)


class FourOptions(NamedTuple):
    stem: str
    options: list[str]
    answer_index: int
    explanation: str


def four_options(front: str, back: str) -> FourOptions | None:
    """The row as a four-option prompt, or None when it is not one."""
    if "a)" not in front or "d)" not in front:  # cheap test first: most rows are not
        return None
    marks = list(_OPTION.finditer(front))
    if [m.group(1) for m in marks] != ["a", "b", "c", "d"]:
        return None
    stem = front[: marks[0].start()].strip()
    options = [
        front[m.end() : (marks[i + 1].start() if i < 3 else len(front))].strip()
        for i, m in enumerate(marks)
    ]
    key = _KEY.match(back)
    if not stem or not all(options) or key is None:
        return None
    return FourOptions(stem, options, "abcd".index(key.group(1).lower()), back[key.end() :].strip())
