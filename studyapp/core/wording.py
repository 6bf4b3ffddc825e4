"""Small pieces of English the screens and the command line share."""

from __future__ import annotations


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """`1 prompt`, `2 prompts`, `0 prompts` — never `prompt(s)`."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
