"""What a mock test (or every mock together) teaches: accuracy and marks by question
type, by difficulty, by time spent on a prompt and by how sure the student said they
were — and, from their own record, when attempting pays under negative marking.

Marks are exact `Fraction`s (+2, −2/3, 0 each), so a level's net marks and the
break-even arithmetic show no 0.66 drift.

The break-even: an answer right with probability p is worth on average
2·p − ⅔·(1 − p) marks against 0 for a blank, which is positive exactly when
p > ⅔ / (2 + ⅔) = 1/4. A student whose 50-50 answers are right 60 % of the time
gains by attempting them; one whose guesses are right 15 % of the time loses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.core.content.prompts import TYPE_LABELS
from studyapp.core.models import Question, QuizItem, QuizSession
from studyapp.core.quiz.marking import MARK_RIGHT, MARK_WRONG, format_marks, paper_score
from studyapp.core.quiz.mocks import CONFIDENCE
from studyapp.core.quiz.selection import DIFFICULTIES, PRELIMS_TYPES

# The share of right answers above which attempting gains marks on average.
BREAK_EVEN = -MARK_WRONG / (MARK_RIGHT - MARK_WRONG)  # = 1/4
# Answers at one confidence level needed before the advice is given without a hedge.
MIN_ANSWERS_FOR_ADVICE = 10
# Time spent on a prompt, in bands of seconds: (upper bound, label).
TIME_BANDS: tuple[tuple[float, str], ...] = (
    (30, "under 30 s"),
    (60, "30–60 s"),
    (90, "60–90 s"),
    (120, "90 s – 2 min"),
    (float("inf"), "over 2 min"),
)
UNTAGGED = "untagged"


@dataclass(frozen=True)
class Answer:
    """One mock prompt as the analysis needs it."""

    type: str
    difficulty: str
    confidence: str | None
    correct: bool | None  # None: left blank
    time_ms: int


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    prompts: int
    right: int
    wrong: int
    time_ms: int

    @property
    def blank(self) -> int:
        return self.prompts - self.right - self.wrong

    @property
    def attempted(self) -> int:
        return self.right + self.wrong

    @property
    def accuracy(self) -> Fraction | None:
        """Share of attempted prompts answered right."""
        return Fraction(self.right, self.attempted) if self.attempted else None

    @property
    def marks(self) -> Fraction:
        return paper_score(self.right, self.wrong)

    @property
    def marks_per_attempt(self) -> Fraction | None:
        return self.marks / self.attempted if self.attempted else None

    @property
    def seconds_per_prompt(self) -> float:
        return self.time_ms / 1000 / self.prompts if self.prompts else 0.0


def _tally(key: str, label: str, answers: Sequence[Answer]) -> Tally:
    return Tally(
        key=key,
        label=label,
        prompts=len(answers),
        right=sum(a.correct is True for a in answers),
        wrong=sum(a.correct is False for a in answers),
        time_ms=sum(a.time_ms for a in answers),
    )


def time_band(time_ms: int) -> str:
    seconds = time_ms / 1000
    return next(label for bound, label in TIME_BANDS if seconds < bound)


@dataclass(frozen=True)
class Advice:
    level: str  # a key of CONFIDENCE
    tally: Tally
    verdict: str  # attempt | leave | even | too_few | none
    text: str
    arithmetic: str


# How the advice names each level's answers.
_LEVEL_NAMES = {"sure": "“sure” answers", "fifty": "50-50 answers", "guess": "guesses"}


def _percent(value: Fraction) -> str:
    return f"{round(float(value) * 100)} %"


def _signed(value: Fraction) -> str:
    return ("+" if value > 0 else "") + format_marks(value)


def arithmetic_of(t: Tally) -> str:
    """The sum behind a level's net marks, e.g. "12 × 2 − 8 × ⅔ = 24.00 − 5.33 = +18.67
    over 20 answers (+0.93 each; a blank scores 0)"."""
    gained, lost = MARK_RIGHT * t.right, -MARK_WRONG * t.wrong
    per = t.marks_per_attempt or Fraction(0)
    return (
        f"{t.right} × 2 − {t.wrong} × ⅔ = {format_marks(gained)} − {format_marks(lost)} "
        f"= {_signed(t.marks)} over {t.attempted} answers "
        f"({_signed(per)} each; a blank scores 0)"
    )


def break_even_advice(t: Tally) -> Advice:
    """Advice on attempting answers at one confidence level, from the student's record."""
    name = _LEVEL_NAMES.get(t.key, t.label)
    n = t.attempted
    if n == 0:
        return Advice(t.key, t, "none", f"No {name} yet: tag answers in a mock to see this.", "")
    accuracy = t.accuracy
    assert accuracy is not None
    arithmetic = arithmetic_of(t)
    record = f"{t.right} of {n} right ({_percent(accuracy)})"
    if n < MIN_ANSWERS_FOR_ADVICE:
        side = "above" if accuracy > BREAK_EVEN else "not above"
        return Advice(
            t.key,
            t,
            "too_few",
            f"Too few {name} to judge yet: {record}, {side} the 25 % break-even so far, "
            f"but advice needs at least {MIN_ANSWERS_FOR_ADVICE}.",
            arithmetic,
        )
    if accuracy > BREAK_EVEN:
        text = (
            f"Keep attempting your {name}: {record}, above the 25 % at which an answer "
            f"starts to pay. Attempting them earned {_signed(t.marks)} marks."
        )
        verdict = "attempt"
    elif accuracy < BREAK_EVEN:
        text = (
            f"Leave your {name} blank unless you can rule out options: {record}, below "
            f"the 25 % break-even. Attempting them cost {format_marks(-t.marks)} marks."
        )
        verdict = "leave"
    else:
        text = (
            f"Your {name} are exactly at the break-even: {record}. Attempting them "
            "neither gains nor loses on average; rule out one option before answering."
        )
        verdict = "even"
    return Advice(t.key, t, verdict, text, arithmetic)


@dataclass(frozen=True)
class Analysis:
    total: Tally
    by_type: list[Tally]
    by_difficulty: list[Tally]
    by_time: list[Tally]
    by_confidence: list[Tally]  # sure, 50-50, guess, untagged (empty levels included)
    average_right_ms: int | None  # time on a prompt answered right, on average
    average_wrong_ms: int | None

    def advice(self) -> list[Advice]:
        return [break_even_advice(t) for t in self.by_confidence if t.key in CONFIDENCE]

    @property
    def tagged(self) -> int:
        return sum(t.prompts for t in self.by_confidence if t.key in CONFIDENCE)


def _average_ms(answers: Iterable[Answer]) -> int | None:
    times = [a.time_ms for a in answers]
    return round(sum(times) / len(times)) if times else None


def analyse(answers: Sequence[Answer]) -> Analysis:
    def group(
        keys: Iterable[str], key_of: Callable[[Answer], str], label_of: dict[str, str]
    ) -> list[Tally]:
        return [
            _tally(k, label_of.get(k, k), [a for a in answers if key_of(a) == k])
            for k in keys
            if any(key_of(a) == k for a in answers)
        ]

    types = list(PRELIMS_TYPES) + sorted({a.type for a in answers} - set(PRELIMS_TYPES))
    levels = list(DIFFICULTIES) + sorted({a.difficulty for a in answers} - set(DIFFICULTIES))
    bands = [label for _, label in TIME_BANDS]
    confidence_of = {**CONFIDENCE, UNTAGGED: "Not tagged"}
    by_confidence = [
        _tally(k, confidence_of[k], [a for a in answers if (a.confidence or UNTAGGED) == k])
        for k in confidence_of
    ]
    return Analysis(
        total=_tally("all", "All prompts", answers),
        by_type=group(types, lambda a: a.type, TYPE_LABELS),
        by_difficulty=group(levels, lambda a: a.difficulty, {d: d.title() for d in DIFFICULTIES}),
        by_time=group(bands, lambda a: time_band(a.time_ms), {}),
        by_confidence=by_confidence,
        average_right_ms=_average_ms(a for a in answers if a.correct is True),
        average_wrong_ms=_average_ms(a for a in answers if a.correct is False),
    )


def _answers(session: Session, quiz_id: int | None, area: str | None) -> list[Answer]:
    query = (
        select(
            Question.type,
            Question.difficulty,
            QuizItem.confidence,
            QuizItem.correct,
            QuizItem.time_ms,
        )
        .select_from(QuizItem)
        .join(QuizSession, QuizSession.id == QuizItem.session_id)
        .join(Question, Question.id == QuizItem.question_id)
        .where(QuizSession.kind == "mock", QuizSession.status == "submitted")
    )
    if quiz_id is not None:
        query = query.where(QuizSession.id == quiz_id)
    if area is not None:
        query = query.where(Question.area == area)
    return [Answer(*row) for row in session.execute(query)]


def mock_analysis(session: Session, quiz_id: int) -> Analysis:
    """The analysis of one submitted mock test."""
    return analyse(_answers(session, quiz_id, None))


def analysis_across_mocks(session: Session, area: str | None = None) -> Analysis:
    """Every submitted mock together (optionally one area's prompts): the Progress view."""
    return analyse(_answers(session, None, area))
