"""Small pieces of English the screens and the command line share."""

from __future__ import annotations

from collections.abc import Sequence


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """`1 prompt`, `2 prompts`, `0 prompts`, `100,399 prompts` — never `prompt(s)`."""
    return f"{figure(n)} {singular if n == 1 else (plural or singular + 's')}"


def figure(n: int) -> str:
    """A count as the screens show it: thousands grouped (`20,000`), as a large
    collection's figures are read at a glance."""
    return f"{n:,}"


def clock_text(ms: int) -> str:
    """A timer's reading: `07:05`, or `1:02:03` past an hour."""
    seconds = max(0, ms) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"{hours}:{minutes}" if hours else minutes


def matched_lists(list_1: Sequence[str], list_2: Sequence[str]) -> list[tuple[str, str]]:
    """The rows of a match-the-lists prompt as the exam prints them: List-I lettered
    A, B, … beside List-II numbered 1, 2, …, the shorter list's cells left empty.
    Plain text: a caller writing HTML escapes each cell."""
    return [
        (
            f"{chr(65 + i)}. {list_1[i]}" if i < len(list_1) else "",
            f"{i + 1}. {list_2[i]}" if i < len(list_2) else "",
        )
        for i in range(max(len(list_1), len(list_2)))
    ]
