"""A prompt as a screen shows it: text, choices, key, explanation and where to read
more, loaded in one go."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

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
    "basic": "Flashcard",
}
LETTERS = "abcd"


@dataclass(frozen=True)
class PromptView:
    id: int
    key: str
    type: str
    stem: str
    options: list[str]
    answer_index: int | None
    details: dict[str, Any]
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

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def question_line(self) -> str:
        """The closing question UPSC prints under statements and pairs."""
        ask = self.details.get("ask")
        if self.type == "statements":
            if ask == "how_many":
                return "How many of the above statements are correct?"
            return "Which of the statements given above is/are correct?"
        if self.type == "match":
            if ask == "codes":
                return "Select the correct answer using the code given below:"
            if ask == "which":
                return "Which of the pairs given above is/are correctly matched?"
            return "How many of the pairs given above are correctly matched?"
        if self.type == "assertion":
            return "Which one of the following is correct in respect of the above statements?"
        return ""

    def key_text(self) -> str:
        """The right answer in words, for feedback."""
        if self.type == "fill_blank":
            return str(self.details.get("answer", ""))
        if self.answer_index is None:
            return ""
        if self.type == "true_false":
            return self.options[self.answer_index]
        return f"({LETTERS[self.answer_index]}) {self.options[self.answer_index]}"


def load_prompt(session: Session, question_id: int) -> PromptView:
    q = session.get(Question, question_id)
    if q is None:
        raise LookupError(f"no question {question_id}")
    area_title = session.scalar(select(Area.title).where(Area.id == q.area)) or q.area.title()
    sections = session.execute(
        select(Section.key, Section.title)
        .join(QuestionSection, QuestionSection.section_id == Section.id)
        .where(QuestionSection.question_id == question_id)
        .order_by(Section.position, Section.title)
    ).all()
    sources = session.scalars(
        select(Source.title)
        .join(QuestionSource, QuestionSource.source_id == Source.id)
        .where(QuestionSource.question_id == question_id)
        .order_by(Source.position)
    ).all()
    card = session.get(Card, question_id)
    return PromptView(
        id=q.id,
        key=q.key,
        type=q.type,
        stem=q.stem,
        options=list(q.options or []),
        answer_index=q.answer_index,
        details=dict(q.details or {}),
        explanation=q.explanation,
        area=q.area,
        area_title=area_title,
        difficulty=q.difficulty,
        origin=q.origin,
        year=q.year,
        sections=[(k, t) for k, t in sections],
        sources=list(sources),
        flagged=bool(card and card.flagged),
        suspended=bool(card and card.suspended),
    )


def load_prompt_by_key(session: Session, key: str) -> PromptView:
    """A prompt by its stable id (`q.friction.0007`), as search hits name it."""
    qid = session.scalar(select(Question.id).where(Question.key == key))
    if qid is None:
        raise LookupError(f"no prompt {key}")
    return load_prompt(session, qid)
