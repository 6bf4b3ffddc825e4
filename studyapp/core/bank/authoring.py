"""The student's own prompts: written in the bank's editor, checked exactly as the
content validator checks the bundled files (the same pydantic schema, the same
messages naming the field), stored with origin "user".

A content sync never touches them (it manages only bundled and previous-year
prompts), and editing one keeps its card and review history: only the content
changes. Bundled prompts are read-only; duplicating one makes an own copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from studyapp.core.bank.areas import OWN_AREA_ID
from studyapp.core.bank.documents import document_of
from studyapp.core.bank.new_queue import add_to_new_queue
from studyapp.core.content import search_index
from studyapp.core.content.prompts import PromptView
from studyapp.core.errors import Problem, UserFacingError
from studyapp.core.models import (
    Area,
    Question,
    QuestionSection,
    QuestionSource,
    Section,
    Source,
)

OWN_ORIGIN = "user"
EDITABLE_ORIGINS = (OWN_ORIGIN, "imported")
FORM_NAME = "prompt"  # stands for the file name in the validator's problem lines
_OWN_KEY = re.compile(r"^q\.mine(\d*)\.(\d{4})$")


class PromptRefused(UserFacingError):
    """The editor's prompt breaks a content rule; nothing was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"The prompt was not saved:\n{lines}")


class ReadOnlyPrompt(UserFacingError):
    def __init__(self, key: str) -> None:
        super().__init__(
            f"{key} comes with the study pack and cannot be edited; duplicate it to make "
            "your own version."
        )


@dataclass(frozen=True)
class Checked:
    doc: Any  # the schema model (McqPrompt, …) when valid
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def _for_validation(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as the validator sees a content file's prompt: an own prompt is
    checked as a bundled one (its origin is stored, not typed), with a placeholder
    id when it has none yet."""
    item = {k: v for k, v in doc.items() if k not in ("origin",) and v is not None}
    item.setdefault("id", "q.mine.0000")
    if item["id"].startswith("imp."):
        item["id"] = "q.mine.0000"  # imported prompts keep their content-derived key
    return item


def check_prompt(session: Session, doc: dict[str, Any]) -> Checked:
    """Every problem with `doc`, as `studyapp validate` would report it in a file."""
    from studyapp.core.content.loader import check_prompt as validate
    from studyapp.core.content.loader import unknown_references

    model, problems = validate(_for_validation(doc), FORM_NAME)
    if model is None:
        return Checked(None, problems)
    known_sections = set(session.scalars(select(Section.key).where(Section.retired.is_(False))))
    known_sources = set(session.scalars(select(Source.id)))
    known_areas = set(session.scalars(select(Area.id)))
    refs = unknown_references(model, known_sections, known_sources, known_areas)
    problems = [Problem(FORM_NAME, 1, fld, message) for fld, message in refs]
    return Checked(None if problems else model, problems)


def next_own_key(session: Session) -> str:
    """A fresh id in the content files' pattern, e.g. q.mine.0007."""
    keys = session.scalars(select(Question.key).where(Question.key.like("q.mine%"))).all()
    numbers = [
        int(m.group(1) or 0) * 10_000 + int(m.group(2)) for k in keys if (m := _OWN_KEY.match(k))
    ]
    n = max(numbers, default=0) + 1
    return f"q.mine{n // 10_000 or ''}.{n % 10_000:04d}"


def _fields(model: Any) -> dict[str, Any]:
    return {
        "type": model.type,
        "stem": model.stem,
        "options": model.options(),
        "answer_index": model.answer_index(),
        "details": model.details(),
        "explanation": model.explanation,
        "area": model.area,
        "difficulty": model.difficulty,
        "year": None,
        "tags": list(model.tags),
    }


def _link(session: Session, question: Question, model: Any) -> None:
    session.execute(delete(QuestionSection).where(QuestionSection.question_id == question.id))
    session.execute(delete(QuestionSource).where(QuestionSource.question_id == question.id))
    section_ids = dict(
        session.execute(
            select(Section.key, Section.id).where(Section.key.in_(model.sections))
        ).all()
    )
    rows = [{"question_id": question.id, "section_id": section_ids[k]} for k in model.sections]
    if rows:
        session.execute(insert(QuestionSection), list({r["section_id"]: r for r in rows}.values()))
    sources = [{"question_id": question.id, "source_id": s} for s in dict.fromkeys(model.sources)]
    if sources:
        session.execute(insert(QuestionSource), sources)


def _store(
    session: Session,
    fields: dict[str, Any],
    question_id: int | None,
    new_only: dict[str, Any] | None = None,
) -> Question:
    """Write the student's prompt: a new one (with `new_only`'s defaults, and a place
    in the new queue) or `question_id` edited in place.

    An edit changes only the content: the card (memory state, suspension, flag) and
    the review log stay as they are, and a new area takes the history along (trigger).
    """
    if question_id is None:
        question = Question(key=next_own_key(session), origin=OWN_ORIGIN, retired=False)
        for name, value in {**(new_only or {}), **fields}.items():
            setattr(question, name, value)
        session.add(question)
        session.flush()
        add_to_new_queue(session, [question.id])
        return question
    found = session.get(Question, question_id)
    if found is None:
        raise LookupError(f"no question {question_id}")
    if found.origin not in EDITABLE_ORIGINS:
        raise ReadOnlyPrompt(found.key)
    for name, value in fields.items():
        setattr(found, name, value)
    session.flush()
    return found


def save_prompt(
    session: Session, doc: dict[str, Any], now: datetime, question_id: int | None = None
) -> int:
    """Store the student's prompt (a new one, or `question_id` edited in place).

    Raises `PromptRefused` listing every problem, and changes nothing, when the
    document breaks a content rule; `ReadOnlyPrompt` for a bundled prompt.
    """
    checked = check_prompt(session, doc)
    if not checked.ok:
        raise PromptRefused(checked.problems)
    model = checked.doc
    question = _store(session, _fields(model), question_id)
    _link(session, question, model)
    search_index.index_questions(session, [question])
    return question.id


def duplicate_prompt(session: Session, question_id: int, now: datetime) -> int:
    """An own copy of any prompt (bundled ones included), with a card of its own."""
    doc = document_of(session, question_id)
    doc.pop("id")
    doc["year"] = None
    if doc["type"] == "basic":
        return save_front_back(session, doc["stem"], doc["back"], doc["area"], doc["tags"])
    return save_prompt(session, doc, now)


def save_front_back(
    session: Session,
    front: str,
    back: str,
    area: str = OWN_AREA_ID,
    tags: list[str] | None = None,
    question_id: int | None = None,
) -> int:
    """A front/back card the student grades themselves (as imported from CSV)."""
    problems = []
    if not front.strip():
        problems.append(Problem(FORM_NAME, 1, "front", "is empty"))
    if session.get(Area, area) is None:
        problems.append(Problem(FORM_NAME, 1, "area", f"unknown area {area!r}"))
    if problems:
        raise PromptRefused(problems)
    fields = {
        "type": "basic",
        "stem": front.strip(),
        "options": [],
        "answer_index": None,
        "details": {"back": back.strip()},
        "explanation": "",
        "area": area,
        "tags": list(tags or []),
    }
    question = _store(session, fields, question_id, new_only={"difficulty": "medium", "year": None})
    search_index.index_questions(session, [question])
    return question.id


@dataclass(frozen=True)
class EditorChoices:
    """What the editor's pickers offer: areas, live sections and sources, by id."""

    areas: list[tuple[str, str]]
    sections: list[tuple[str, str]]
    sources: list[tuple[str, str]]


def editor_choices(session: Session) -> EditorChoices:
    return EditorChoices(
        areas=[
            (a, t) for a, t in session.execute(select(Area.id, Area.title).order_by(Area.position))
        ],
        sections=[
            (k, t)
            for k, t in session.execute(
                select(Section.key, Section.title)
                .where(Section.retired.is_(False))
                .order_by(Section.position, Section.title)
            )
        ],
        sources=[
            (i, t)
            for i, t in session.execute(select(Source.id, Source.title).order_by(Source.position))
        ],
    )


def preview_view(doc: dict[str, Any], model: Any, choices: EditorChoices) -> PromptView:
    """The prompt as the review screen would show it, before it is saved."""
    titles = dict(choices.sections)
    sources = dict(choices.sources)
    areas = dict(choices.areas)
    if model is None:  # a front/back card: no schema model
        return PromptView(
            id=0,
            key=str(doc.get("id") or "new"),
            type="basic",
            stem=str(doc.get("stem", "")),
            options=[],
            answer_index=None,
            details={"back": str(doc.get("back", ""))},
            explanation="",
            area=str(doc.get("area", "")),
            area_title=areas.get(str(doc.get("area", "")), ""),
            difficulty=str(doc.get("difficulty", "medium")),
            origin=OWN_ORIGIN,
            year=None,
        )
    return PromptView(
        id=0,
        key=str(doc.get("id") or "new"),
        type=model.type,
        stem=model.stem,
        options=model.options(),
        answer_index=model.answer_index(),
        details=model.details(),
        explanation=model.explanation,
        area=model.area,
        area_title=areas.get(model.area, model.area),
        difficulty=model.difficulty,
        origin=OWN_ORIGIN,
        year=None,
        sections=[(k, titles.get(k, k)) for k in model.sections],
        sources=[sources.get(s, s) for s in model.sources],
    )
