"""A prompt as a screen shows it: text, choices, key, explanation and where to read
more, loaded in one go, with its type-specific part as a typed body
(`prompt_body`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.core.content.prompt_body import (
    AssertionBody,
    FillBlankBody,
    MatchCodesBody,
    MatchPairsBody,
    PromptBody,
    StatementsBody,
    body_from_details,
)
from studyapp.core.models import (
    Area,
    Card,
    Question,
    QuestionSection,
    QuestionSource,
    Section,
    Source,
)

TYPE_LABELS = {
    "mcq": "Single answer",
    "statements": "Statements",
    "match": "Match the pairs",
    "assertion": "Statement-I / Statement-II",
    "true_false": "True or false",
    "fill_blank": "Fill in the blank",
    "mains": "Mains answer",
    "basic": "Front / back",
}
LETTERS = "abcd"


@dataclass(frozen=True)
class PromptView:
    id: int
    key: str
    stem: str
    options: list[str]
    answer_index: int | None
    body: PromptBody  # statements, pairs, key points …: one dataclass per prompt type
    explanation: str
    area: str
    area_title: str
    difficulty: str
    origin: str
    year: int | None
    sections: list[tuple[str, str]] = field(default_factory=list)  # (key, title)
    sources: list[str] = field(default_factory=list)  # titles
    flagged: bool = False
    suspended: bool = False
    flag: int = 0  # the flag's colour (0: none)

    @property
    def type(self) -> str:
        """The prompt type as stored ("mcq", "statements", …), always its body's."""
        return self.body.type

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def question_line(self) -> str:
        """The closing question UPSC prints under statements and pairs."""
        match self.body:
            case StatementsBody(ask="how_many"):
                return "How many of the above statements are correct?"
            case StatementsBody():
                return "Which of the statements given above is/are correct?"
            case MatchCodesBody():
                return "Select the correct answer using the code given below:"
            case MatchPairsBody(ask="which"):
                return "Which of the pairs given above is/are correctly matched?"
            case MatchPairsBody():
                return "How many of the pairs given above are correctly matched?"
            case AssertionBody():
                return "Which one of the following is correct in respect of the above statements?"
        return ""

    def key_text(self) -> str:
        """The right answer in words, for feedback."""
        if isinstance(self.body, FillBlankBody):
            return self.body.answer
        if self.answer_index is None:
            return ""
        if self.type == "true_false":
            return self.options[self.answer_index]
        return f"({LETTERS[self.answer_index]}) {self.options[self.answer_index]}"


def load_prompt(session: Session, question_id: int) -> PromptView:
    found = load_prompts(session, [question_id])
    if not found:
        raise LookupError(f"no question {question_id}")
    return found[0]


def load_prompts(session: Session, question_ids: Sequence[int]) -> list[PromptView]:
    """Many prompts at once, in the order given, in a few statements whatever their
    number (an export of a whole collection cannot afford four queries a prompt).

    Raises `DamagedPrompt`, naming the prompt, when a stored row does not fit its type."""
    ids = list(question_ids)
    titles = dict(session.execute(select(Area.id, Area.title)).all())
    sections: dict[int, list[tuple[str, str]]] = {}
    sources: dict[int, list[str]] = {}
    questions: dict[int, Any] = {}
    cards: dict[int, tuple[int, bool]] = {}
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        # Plain rows, not ORM objects: a whole collection's worth of objects costs more
        # than the queries.
        questions.update(
            (row.id, row)
            for row in session.execute(select(*_COLUMNS).where(Question.id.in_(batch)))
        )
        for qid, key, title in session.execute(
            select(QuestionSection.question_id, Section.key, Section.title)
            .join(Section, Section.id == QuestionSection.section_id)
            .where(QuestionSection.question_id.in_(batch))
            .order_by(Section.position, Section.title)
        ):
            sections.setdefault(qid, []).append((key, title))
        for qid, title in session.execute(
            select(QuestionSource.question_id, Source.title)
            .join(Source, Source.id == QuestionSource.source_id)
            .where(QuestionSource.question_id.in_(batch))
            .order_by(Source.position)
        ):
            sources.setdefault(qid, []).append(title)
        for qid, flag, suspended in session.execute(
            select(Card.question_id, Card.flag, Card.suspended).where(Card.question_id.in_(batch))
        ):
            cards[qid] = (int(flag), bool(suspended))
    return [
        _view(questions[qid], titles, sections.get(qid, []), sources.get(qid, []), cards.get(qid))
        for qid in ids
        if qid in questions
    ]


_BATCH = 900  # ids per IN (…): under SQLite's default limit on bound parameters
_COLUMNS = (
    Question.id,
    Question.key,
    Question.type,
    Question.stem,
    Question.options,
    Question.answer_index,
    Question.details,
    Question.explanation,
    Question.area,
    Question.difficulty,
    Question.origin,
    Question.year,
)


def _view(
    q: Any,  # a row of _COLUMNS
    titles: dict[str, str],
    sections: list[tuple[str, str]],
    sources: list[str],
    card: tuple[int, bool] | None,  # (flag colour, suspended)
) -> PromptView:
    flag, suspended = card or (0, False)
    return PromptView(
        id=q.id,
        key=q.key,
        stem=q.stem,
        options=list(q.options or []),
        answer_index=q.answer_index,
        body=body_from_details(q.key, q.type, q.details),
        explanation=q.explanation,
        area=q.area,
        area_title=titles.get(q.area, q.area.title()),
        difficulty=q.difficulty,
        origin=q.origin,
        year=q.year,
        sections=sections,
        sources=sources,
        flagged=flag != 0,
        flag=flag,
        suspended=suspended,
    )


def load_prompt_by_key(session: Session, key: str) -> PromptView:
    """A prompt by its stable id (`q.friction.0007`), as search hits name it."""
    qid = session.scalar(select(Question.id).where(Question.key == key))
    if qid is None:
        raise LookupError(f"no prompt {key}")
    return load_prompt(session, qid)
