"""The shape of every content file, as pydantic models (see resources/FORMAT.md and
questions/FORMAT.md for the prose version).

Models forbid unknown fields so that a typo ("explaination") is reported rather than
silently ignored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Letter = Literal["a", "b", "c", "d"]
LETTERS: tuple[str, ...] = ("a", "b", "c", "d")

SECTION_KINDS = (
    "overview",
    "summit_outcome",
    "vision_pillar",
    "cooperation_area",
    "friction_area",
    "measure",
    "sub_national",
    "timeline_event",
    "glossary_term",
    "figure",
)
QUESTION_TYPES = ("mcq", "statements", "match", "assertion", "true_false", "fill_blank", "mains")
DIRECTIVES = (
    "Discuss",
    "Examine",
    "Analyse",
    "Critically analyse",
    "Critically examine",
    "Evaluate",
    "Comment",
    "Explain",
    "Elucidate",
)
ASSERTION_OPTIONS = (
    "Both Statement-I and Statement-II are correct and Statement-II explains Statement-I",
    "Both Statement-I and Statement-II are correct, but Statement-II does not explain Statement-I",
    "Statement-I is correct, but Statement-II is incorrect",
    "Statement-I is incorrect, but Statement-II is correct",
)
_COUNT_WORDS = {2: "two", 3: "three", 4: "four"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- reference content -------------------------------------------------------------


class SourceDoc(_Strict):
    id: Id
    title: Text
    publisher: Text
    date: str = ""
    note: str = ""


class AreaDoc(_Strict):
    id: Id
    title: Text
    section: Id | None = None


class KeyFigure(_Strict):
    label: Text
    value: Text
    source: Id


class View(_Strict):
    source: Id
    says: Text


class Disagreement(_Strict):
    topic: Text
    views: list[View] = Field(min_length=2)


class Partnership(_Strict):
    india: Text
    japan: Text
    status: Literal["established", "in_motion", "proposed", "framework"]
    focus: str = ""
    source: Id


class SectionDoc(_Strict):
    id: Id
    title: Text
    kind: Literal[SECTION_KINDS]  # type: ignore[valid-type]
    parent: Id | None = None
    order: int = 0
    summary: str = ""
    sources: list[Id] = Field(default_factory=list)
    related: list[Id] = Field(default_factory=list)
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    date_label: str = ""
    aliases: list[Text] = Field(default_factory=list)
    key_figures: list[KeyFigure] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)
    partnerships: list[Partnership] = Field(default_factory=list)

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        # YAML reads 2025-08-29 as a date; keep the text form.
        return value.isoformat() if isinstance(value, dt.date) else value

    @model_validator(mode="after")
    def _needs(self) -> SectionDoc:
        if self.kind != "overview" and not self.sources:
            raise ValueError("sources: a section must cite at least one source")
        if self.kind == "timeline_event" and not self.date:
            raise ValueError("date: a timeline event needs a date")
        return self


# --- prompts -------------------------------------------------------------------------


class _PromptBase(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^q\.[a-z0-9-]+\.\d{4}$")]
    stem: Text
    explanation: str = ""
    sections: list[Id] = Field(min_length=1)
    sources: list[Id] = Field(min_length=1)
    area: Id
    difficulty: Literal["easy", "medium", "hard"]
    origin: Literal["bundled", "pyq"] = "bundled"
    year: int | None = Field(default=None, ge=1950, le=2100)
    tags: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _common(self) -> _PromptBase:
        if self.origin == "pyq" and self.year is None:
            raise ValueError("year: a previous-year question needs its year")
        if self.origin != "pyq" and self.year is not None:
            raise ValueError("year: only previous-year questions (origin: pyq) have a year")
        if getattr(self, "type", "") != "mains" and len(self.explanation.strip()) < 20:
            raise ValueError("explanation: say why the key is right and the others wrong")
        return self

    def options(self) -> list[str]:
        """The answer choices as the student sees them (empty when typed or written)."""
        return []

    def answer_index(self) -> int | None:
        answer = getattr(self, "answer", None)
        return LETTERS.index(answer) if isinstance(answer, str) and answer in LETTERS else None

    def details(self) -> dict[str, Any]:
        """Type-specific data stored with the prompt (statements, pairs, key points …)."""
        return {}

    def _check_answer(self, expected: int | None, why: str) -> None:
        options = self.options()
        index = self.answer_index()
        if index is None or index >= len(options):
            raise ValueError(f"answer: must be one of {', '.join(LETTERS[: len(options)])}")
        if expected is None:
            raise ValueError(f"answer: no option fits {why}")
        if index != expected:
            raise ValueError(
                f"answer: {LETTERS[index]} disagrees with {why} "
                f"(that makes the key {LETTERS[expected]})"
            )


class McqPrompt(_PromptBase):
    type: Literal["mcq"]
    options_: list[Text] = Field(alias="options", min_length=4, max_length=4)
    answer: Letter

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def options(self) -> list[str]:
        return list(self.options_)

    @model_validator(mode="after")
    def _distinct(self) -> McqPrompt:
        if len({o.casefold() for o in self.options_}) != len(self.options_):
            raise ValueError("options: the four options must be different")
        return self


class Statement(_Strict):
    text: Text
    correct: bool


def numbers_label(numbers: list[int], total: int) -> str:
    """Print a set of statement or pair numbers the way UPSC papers do."""
    nums = sorted(numbers)
    if not nums:
        return "Neither 1 nor 2" if total == 2 else "None of the above"
    if len(nums) == 1:
        return f"{nums[0]} only"
    listed = ", ".join(str(n) for n in nums[:-1]) + f" and {nums[-1]}"
    if nums == list(range(1, total + 1)):
        return f"Both {listed}" if total == 2 else listed
    return f"{listed} only"


def count_options(total: int) -> list[str]:
    """The fixed "How many … ?" options for `total` statements or pairs."""
    if total == 2:
        return ["Only one", "Both", "None"]
    words = ["one", "two", "three", "four"]
    options = [f"Only {words[i]}" for i in range(total - 1)]
    options.append(f"All {_COUNT_WORDS[total]}")
    if total == 3:
        options.append("None")
    return options


def count_answer(correct: int, total: int) -> int | None:
    """Index of the "How many" option that `correct` true items select."""
    if correct == 0:
        return len(count_options(total)) - 1 if total in (2, 3) else None
    return correct - 1


class _NumberedChoice(_PromptBase):
    """Shared by statements and pairs: options are sets of item numbers or counts."""

    ask: Literal["which", "how_many"] = "which"
    options_: list[list[int]] | None = Field(default=None, alias="options")
    answer: Letter

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def _truths(self) -> list[bool]:
        raise NotImplementedError

    def options(self) -> list[str]:
        total = len(self._truths())
        if self.ask == "how_many":
            return count_options(total)
        return [numbers_label(o, total) for o in self.options_ or []]

    def _expected(self) -> int | None:
        truths = self._truths()
        if self.ask == "how_many":
            return count_answer(sum(truths), len(truths))
        right = sorted(i + 1 for i, t in enumerate(truths) if t)
        for index, option in enumerate(self.options_ or []):
            if sorted(option) == right:
                return index
        return None

    @model_validator(mode="after")
    def _consistent(self) -> _NumberedChoice:
        total = len(self._truths())
        if self.ask == "how_many":
            if self.options_ is not None:
                raise ValueError("options: a how_many prompt has fixed options; leave them out")
        else:
            opts = self.options_ or []
            if len(opts) != 4:
                raise ValueError("options: give four lists of item numbers")
            if len({tuple(sorted(o)) for o in opts}) != 4:
                raise ValueError("options: the four options must be different")
            if any(n < 1 or n > total for o in opts for n in o):
                raise ValueError(f"options: item numbers run from 1 to {total}")
        self._check_answer(self._expected(), "the correct flags")
        return self


class StatementsPrompt(_NumberedChoice):
    type: Literal["statements"]
    statements: list[Statement] = Field(min_length=2, max_length=4)

    def _truths(self) -> list[bool]:
        return [s.correct for s in self.statements]

    def details(self) -> dict[str, Any]:
        return {"ask": self.ask, "statements": [s.model_dump() for s in self.statements]}


class Pair(_Strict):
    left: Text
    right: Text
    correct: bool


class MatchPrompt(_PromptBase):
    type: Literal["match"]
    ask: Literal["which", "how_many", "codes"] = "how_many"
    header: list[Text] | None = Field(default=None, min_length=2, max_length=2)
    pairs: list[Pair] | None = Field(default=None, min_length=3, max_length=4)
    list_1: list[Text] | None = Field(default=None, min_length=3, max_length=4)
    list_2: list[Text] | None = Field(default=None, min_length=3, max_length=6)
    key: list[int] | None = None
    options_: list[list[int]] | None = Field(default=None, alias="options")
    answer: Letter

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def _truths(self) -> list[bool]:
        return [p.correct for p in self.pairs or []]

    def options(self) -> list[str]:
        if self.ask == "codes":
            return [
                "  ".join(f"{chr(65 + i)}–{n}" for i, n in enumerate(o))
                for o in self.options_ or []
            ]
        total = len(self._truths())
        if self.ask == "how_many":
            return count_options(total)
        return [numbers_label(o, total) for o in self.options_ or []]

    @model_validator(mode="after")
    def _consistent(self) -> MatchPrompt:
        if self.ask == "codes":
            self._check_codes()
        else:
            if not self.pairs or self.list_1 or self.list_2 or self.key:
                raise ValueError("pairs: a which/how_many match prompt lists `pairs` only")
            truths = self._truths()
            if self.ask == "how_many":
                if self.options_ is not None:
                    raise ValueError("options: a how_many prompt has fixed options; leave them out")
                expected = count_answer(sum(truths), len(truths))
            else:
                opts = self.options_ or []
                if len(opts) != 4 or len({tuple(sorted(o)) for o in opts}) != 4:
                    raise ValueError("options: give four different lists of pair numbers")
                right = sorted(i + 1 for i, t in enumerate(truths) if t)
                expected = next((i for i, o in enumerate(opts) if sorted(o) == right), None)
            self._check_answer(expected, "the correct flags of the pairs")
        return self

    def _check_codes(self) -> None:
        if self.pairs or not self.list_1 or not self.list_2 or not self.key:
            raise ValueError("list_1: a codes prompt needs list_1, list_2 and key (no pairs)")
        if len(self.key) != len(self.list_1):
            raise ValueError("key: give one List-II number for each List-I item")
        if any(n < 1 or n > len(self.list_2) for n in self.key):
            raise ValueError(f"key: List-II numbers run from 1 to {len(self.list_2)}")
        opts = self.options_ or []
        if len(opts) != 4 or any(len(o) != len(self.list_1) for o in opts):
            raise ValueError("options: give four codes, each one number per List-I item")
        if len({tuple(o) for o in opts}) != 4:
            raise ValueError("options: the four codes must be different")
        expected = next((i for i, o in enumerate(opts) if list(o) == list(self.key)), None)
        self._check_answer(expected, "the key")

    def details(self) -> dict[str, Any]:
        if self.ask == "codes":
            return {
                "ask": "codes",
                "list_1": list(self.list_1 or []),
                "list_2": list(self.list_2 or []),
                "key": list(self.key or []),
            }
        return {
            "ask": self.ask,
            "header": list(self.header) if self.header else None,
            "pairs": [p.model_dump() for p in self.pairs or []],
        }


class AssertionPrompt(_PromptBase):
    type: Literal["assertion"]
    statement_1: Text
    statement_2: Text
    statement_1_correct: bool
    statement_2_correct: bool
    explains: bool = False
    answer: Letter

    def options(self) -> list[str]:
        return list(ASSERTION_OPTIONS)

    @model_validator(mode="after")
    def _consistent(self) -> AssertionPrompt:
        one, two = self.statement_1_correct, self.statement_2_correct
        if one and two:
            expected: int | None = 0 if self.explains else 1
        elif one:
            expected = 2
        elif two:
            expected = 3
        else:
            expected = None
        if self.explains and not (one and two):
            raise ValueError("explains: only when both statements are correct")
        self._check_answer(expected, "the correct flags of the two statements")
        return self

    def details(self) -> dict[str, Any]:
        return {
            "statement_1": self.statement_1,
            "statement_2": self.statement_2,
            "statement_1_correct": self.statement_1_correct,
            "statement_2_correct": self.statement_2_correct,
            "explains": self.explains,
        }


class TrueFalsePrompt(_PromptBase):
    type: Literal["true_false"]
    answer: bool

    def options(self) -> list[str]:
        return ["True", "False"]

    def answer_index(self) -> int | None:
        return 0 if self.answer else 1


class FillBlankPrompt(_PromptBase):
    type: Literal["fill_blank"]
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    accept: list[Text] = Field(default_factory=list)

    @field_validator("answer", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("accept", mode="before")
    @classmethod
    def _numbers_as_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [str(v) if isinstance(v, int | float) else v for v in value]
        return value

    @model_validator(mode="after")
    def _has_blank(self) -> FillBlankPrompt:
        if "___" not in self.stem:
            raise ValueError("stem: mark the blank with three or more underscores (____)")
        return self

    def details(self) -> dict[str, Any]:
        return {"answer": self.answer, "accept": list(self.accept)}


class MainsPrompt(_PromptBase):
    type: Literal["mains"]
    directive: Literal[DIRECTIVES]  # type: ignore[valid-type]
    word_limit: Literal[150, 250]
    marks: Literal[10, 15]
    key_points: list[Text] = Field(min_length=4, max_length=8)
    model_outline: Text

    @model_validator(mode="after")
    def _limit_matches_marks(self) -> MainsPrompt:
        if (self.word_limit, self.marks) not in ((150, 10), (250, 15)):
            raise ValueError("marks: 150 words carry 10 marks and 250 words carry 15")
        return self

    def details(self) -> dict[str, Any]:
        return {
            "directive": self.directive,
            "word_limit": self.word_limit,
            "marks": self.marks,
            "key_points": list(self.key_points),
            "model_outline": self.model_outline,
        }


PromptDoc = Annotated[
    McqPrompt
    | StatementsPrompt
    | MatchPrompt
    | AssertionPrompt
    | TrueFalsePrompt
    | FillBlankPrompt
    | MainsPrompt,
    Field(discriminator="type"),
]
