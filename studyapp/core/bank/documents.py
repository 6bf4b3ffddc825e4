"""A stored prompt as the document of questions/FORMAT.md — the form the content
files use — so that the editor, duplication and the YAML export all speak the
validator's language. Also the CSV form of a prompt (front,back,tags), which Setu's
own import reads back."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any, assert_never

from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.core.content.prompt_body import (
    AssertionBody,
    FillBlankBody,
    FrontBackBody,
    MainsBody,
    MatchCodesBody,
    MatchPairsBody,
    McqBody,
    PromptBody,
    StatementsBody,
    TrueFalseBody,
    body_from_details,
)
from studyapp.core.content.prompts import LETTERS, PromptView
from studyapp.core.models import Question, QuestionSection, QuestionSource, Section

_NUMBERS = re.compile(r"\d+")


def _numbers_of(label: str) -> list[int]:
    """Statement or pair numbers back from their printed label ("1 and 3 only")."""
    if label.startswith(("Neither", "None")):
        return []
    return [int(n) for n in _NUMBERS.findall(label)]


def _code_of(label: str) -> list[int]:
    """A List-I/List-II code back from its label ("A–2  B–1  C–3")."""
    return [int(n) for n in re.findall(r"–(\d+)", label)]


def document_of(session: Session, question_id: int) -> dict[str, Any]:
    """The prompt as a FORMAT.md document (its `id` is the stored key)."""
    q = session.get(Question, question_id)
    if q is None:
        raise LookupError(f"no question {question_id}")
    sections = list(
        session.scalars(
            select(Section.key)
            .join(QuestionSection, QuestionSection.section_id == Section.id)
            .where(QuestionSection.question_id == question_id)
            .order_by(Section.position, Section.title)
        )
    )
    sources = list(
        session.scalars(
            select(QuestionSource.source_id).where(QuestionSource.question_id == question_id)
        )
    )
    doc: dict[str, Any] = {"id": q.key, "type": q.type, "stem": q.stem}
    body = body_from_details(q.key, q.type, q.details)
    doc.update(_type_fields(body, list(q.options or []), q.answer_index))
    doc.update(
        {
            "explanation": q.explanation,
            "sections": sections,
            "sources": sources,
            "area": q.area,
            "difficulty": q.difficulty,
            "origin": q.origin,
            "year": q.year,
            "tags": list(q.tags or []),
        }
    )
    return doc


def _letter(index: int | None) -> str:
    return LETTERS[index] if index is not None and 0 <= index < len(LETTERS) else "a"


def _type_fields(body: PromptBody, options: list[str], answer_index: int | None) -> dict[str, Any]:
    match body:
        case McqBody():
            return {"options": options, "answer": _letter(answer_index)}
        case StatementsBody(ask=ask, statements=statements):
            fields: dict[str, Any] = {"ask": ask, "statements": [asdict(s) for s in statements]}
            if ask == "which":
                fields["options"] = [_numbers_of(o) for o in options]
            return {**fields, "answer": _letter(answer_index)}
        case MatchCodesBody(list_1=list_1, list_2=list_2, key=key):
            return {
                "ask": "codes",
                "list_1": list(list_1),
                "list_2": list(list_2),
                "key": list(key),
                "options": [_code_of(o) for o in options],
                "answer": _letter(answer_index),
            }
        case MatchPairsBody(ask=ask, pairs=pairs, header=header):
            fields = {"pairs": [asdict(p) for p in pairs]}
            if header:
                fields["header"] = list(header)
            if ask == "which":
                fields["options"] = [_numbers_of(o) for o in options]
            return {"ask": ask, **fields, "answer": _letter(answer_index)}
        case AssertionBody():
            return {**asdict(body), "answer": _letter(answer_index)}
        case TrueFalseBody():
            return {"answer": answer_index == 0}
        case FillBlankBody(answer=answer, accept=accept):
            return {"answer": answer, "accept": list(accept)}
        case MainsBody():
            return {**asdict(body), "key_points": list(body.key_points)}
        case FrontBackBody(back=back):
            return {"back": back}
    assert_never(body)


def csv_row(view: PromptView) -> tuple[str, str, str]:
    """(front, back, tags) as Setu's CSV import reads them: four-option prompts carry
    their options on the front and the key's letter first on the back, so they are
    imported again as single-answer prompts."""
    lines = [view.stem]
    match view.body:
        case StatementsBody(statements=statements):
            lines += [f"{n}. {s.text}" for n, s in enumerate(statements, start=1)]
        case MatchCodesBody(list_1=list_1, list_2=list_2):
            lines += [f"List-I {chr(65 + i)}. {t}" for i, t in enumerate(list_1)]
            lines += [f"List-II {i}. {t}" for i, t in enumerate(list_2, start=1)]
        case MatchPairsBody(pairs=pairs):
            lines += [f"{n}. {p.left} : {p.right}" for n, p in enumerate(pairs, start=1)]
        case AssertionBody(statement_1=one, statement_2=two):
            lines += [f"Statement-I: {one}", f"Statement-II: {two}"]
    if view.question_line:
        lines.append(view.question_line)
    match view.body:
        case FrontBackBody(back=card_back):
            back = card_back
        case MainsBody(key_points=key_points):
            back = "\n".join(f"- {p}" for p in key_points)
        case FillBlankBody() | TrueFalseBody():
            back = view.key_text()
        case _:
            lines += [f"({LETTERS[i]}) {o}" for i, o in enumerate(view.options)]
            back = f"({_letter(view.answer_index)})"
    if view.explanation and view.type != "basic":
        back += f" {view.explanation}"
    # The area's id as the tag: importing the row again files it under the same area.
    return "\n".join(lines), back.strip(), view.area
