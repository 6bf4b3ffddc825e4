"""What a prompt shows besides its stem and options — its statements, pairs, lists,
the two statements of a Statement-I/II item, the accepted answers, key points or the
back of a card — as one frozen dataclass per prompt type.

The stored `Question.details` JSON is exactly what the content schema's models
(`schema.py`, `details()`) wrote, and it is turned into these typed bodies in one
place, `body_from_details`, so that screens and exports are checked by mypy against
the format. A stored row that does not fit is reported there, naming the prompt,
instead of failing deep inside a widget.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from studyapp.core.errors import UserFacingError

if TYPE_CHECKING:
    from pydantic import TypeAdapter

_T = TypeVar("_T")


def _forbid(cls: _T) -> _T:
    """Unknown keys are refused, as the content files refuse them: a row that carries
    a field no body has was not written by Setu. This is what pydantic's
    `with_config(ConfigDict(extra="forbid"))` does (it sets the class's
    `__pydantic_config__`), without loading pydantic with the module: screens that
    show no prompt (Home, at start-up) never need it."""
    cls.__pydantic_config__ = {"extra": "forbid"}  # type: ignore[attr-defined]
    return cls


@_forbid
@dataclass(frozen=True, slots=True)
class StatementItem:
    """A numbered statement and whether it is correct."""

    text: str
    correct: bool


@_forbid
@dataclass(frozen=True, slots=True)
class PairItem:
    """A numbered pair (left : right) and whether it is correctly matched."""

    left: str
    right: str
    correct: bool


@_forbid
@dataclass(frozen=True, slots=True)
class McqBody:
    """A single-answer prompt: everything is in the common options and key."""

    type: ClassVar[str] = "mcq"


@_forbid
@dataclass(frozen=True, slots=True)
class TrueFalseBody:
    """True or false: the options are "True" and "False", the key is the common one."""

    type: ClassVar[str] = "true_false"


@_forbid
@dataclass(frozen=True, slots=True)
class StatementsBody:
    """ "Consider the following statements": which ones, or how many, are correct."""

    type: ClassVar[str] = "statements"
    statements: tuple[StatementItem, ...]
    ask: Literal["which", "how_many"] = "which"


@_forbid
@dataclass(frozen=True, slots=True)
class MatchPairsBody:
    """Match the pairs: which, or how many, of the numbered pairs are correct."""

    type: ClassVar[str] = "match"
    pairs: tuple[PairItem, ...]
    ask: Literal["which", "how_many"] = "how_many"
    header: tuple[str, str] | None = None  # the two column headings, if printed


@_forbid
@dataclass(frozen=True, slots=True)
class MatchCodesBody:
    """List-I (A, B, …) against List-II (1, 2, …), answered with a code."""

    type: ClassVar[str] = "match"
    list_1: tuple[str, ...]
    list_2: tuple[str, ...]
    key: tuple[int, ...]  # the List-II number of each List-I item
    ask: Literal["codes"] = "codes"


@_forbid
@dataclass(frozen=True, slots=True)
class AssertionBody:
    """Statement-I / Statement-II with the four standard options."""

    type: ClassVar[str] = "assertion"
    statement_1: str
    statement_2: str
    statement_1_correct: bool
    statement_2_correct: bool
    explains: bool = False


@_forbid
@dataclass(frozen=True, slots=True)
class FillBlankBody:
    """A typed answer, matched tolerantly against the answer and its alternatives."""

    type: ClassVar[str] = "fill_blank"
    answer: str
    accept: tuple[str, ...] = ()


@_forbid
@dataclass(frozen=True, slots=True)
class MainsBody:
    """A mains prompt: what to do, in how many words, for how many marks."""

    type: ClassVar[str] = "mains"
    directive: str
    word_limit: int
    marks: int
    key_points: tuple[str, ...]
    model_outline: str


@_forbid
@dataclass(frozen=True, slots=True)
class FrontBackBody:
    """A front/back card (imported or written by the student), graded by the student."""

    type: ClassVar[str] = "basic"
    back: str


PromptBody = (
    McqBody
    | StatementsBody
    | MatchPairsBody
    | MatchCodesBody
    | AssertionBody
    | TrueFalseBody
    | FillBlankBody
    | MainsBody
    | FrontBackBody
)

# The body of each stored type; a match prompt that asks for codes has its own.
_BODIES: dict[str, type[PromptBody]] = {
    **{
        body.type: body
        for body in (
            McqBody,
            StatementsBody,
            MatchPairsBody,
            AssertionBody,
            TrueFalseBody,
            FillBlankBody,
            MainsBody,
            FrontBackBody,
        )
    },
    "match:codes": MatchCodesBody,
}


@functools.cache
def _adapter(kind: str) -> TypeAdapter[Any]:
    """The validator of one kind of body, built the first time that kind is read."""
    from pydantic import TypeAdapter

    return TypeAdapter(_BODIES[kind])


class DamagedPrompt(UserFacingError):
    """A stored prompt's type-specific data does not fit its type."""

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        super().__init__(
            f"The stored prompt {key} cannot be shown because {problem}; restoring an "
            "earlier backup brings it back."
        )


def body_from_details(key: str, qtype: str, details: Mapping[str, Any] | None) -> PromptBody:
    """The typed body of prompt `key` from its stored type and details JSON.

    Raises `DamagedPrompt` naming the prompt and the first field at fault when the
    type is unknown or the details do not fit it."""
    data = {} if details is None else details
    if not isinstance(data, Mapping):
        raise DamagedPrompt(key, f"its {qtype} data is damaged (details: not a JSON object)")
    kind = "match:codes" if qtype == "match" and data.get("ask") == "codes" else qtype
    if kind not in _BODIES:
        raise DamagedPrompt(key, f"its type {qtype!r} is not one Setu knows")
    from pydantic import ValidationError

    try:
        body: PromptBody = _adapter(kind).validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "details"
        what = first["msg"].lower()
        if first["type"] in ("unexpected_keyword_argument", "extra_forbidden"):
            what = "no such field"
        problem = f"its {qtype} data is damaged ({where}: {what})"
        raise DamagedPrompt(key, problem) from None
    return body


__all__ = [
    "AssertionBody",
    "DamagedPrompt",
    "FillBlankBody",
    "FrontBackBody",
    "MainsBody",
    "MatchCodesBody",
    "MatchPairsBody",
    "McqBody",
    "PairItem",
    "PromptBody",
    "StatementItem",
    "StatementsBody",
    "TrueFalseBody",
    "body_from_details",
]
