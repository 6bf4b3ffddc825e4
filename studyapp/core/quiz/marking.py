"""UPSC prelims marking: +2 for a right answer, −2/3 for a wrong one, 0 for a blank,
kept as exact fractions so thirds never drift into 0.66."""

from __future__ import annotations

from fractions import Fraction

MARK_RIGHT = Fraction(2)
MARK_WRONG = Fraction(-2, 3)


def marks_for(correct: bool | None) -> Fraction:
    """UPSC prelims marks for one prompt: None is a blank."""
    if correct is None:
        return Fraction(0)
    return MARK_RIGHT if correct else MARK_WRONG


def paper_score(right: int, wrong: int) -> Fraction:
    return MARK_RIGHT * right + MARK_WRONG * wrong


def format_marks(value: Fraction | float) -> str:
    """Two decimals, as the results show them: 16.67, −3.33, 0.00."""
    text = f"{float(value):.2f}"
    return text.replace("-", "−") if float(value) < 0 else text


class Marked:
    """The marks of a paper, or of one area of it, from its counts: a frozen dataclass
    with these three fields takes its score from here."""

    prompts: int
    right: int
    wrong: int

    @property
    def score(self) -> Fraction:
        return paper_score(self.right, self.wrong)

    @property
    def max_score(self) -> Fraction:
        return MARK_RIGHT * self.prompts
