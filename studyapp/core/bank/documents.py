"""A stored prompt as the document of questions/FORMAT.md — the form the content
files use — so that the editor, duplication and the YAML export all speak the
validator's language. Also the CSV form of a prompt (front,back,tags), which Setu's
own import reads back."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

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
    doc.update(_type_fields(q.type, list(q.options or []), q.answer_index, dict(q.details or {})))
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


def _type_fields(
    qtype: str, options: list[str], answer_index: int | None, d: dict[str, Any]
) -> dict[str, Any]:
    if qtype == "mcq":
        return {"options": options, "answer": _letter(answer_index)}
    if qtype == "statements":
        fields: dict[str, Any] = {"ask": d.get("ask", "which"), "statements": d["statements"]}
        if fields["ask"] == "which":
            fields["options"] = [_numbers_of(o) for o in options]
        return {**fields, "answer": _letter(answer_index)}
    if qtype == "match":
        ask = d.get("ask", "how_many")
        if ask == "codes":
            fields = {k: d[k] for k in ("list_1", "list_2", "key")}
            fields["options"] = [_code_of(o) for o in options]
        else:
            fields = {"pairs": d["pairs"]}
            if d.get("header"):
                fields["header"] = d["header"]
            if ask == "which":
                fields["options"] = [_numbers_of(o) for o in options]
        return {"ask": ask, **fields, "answer": _letter(answer_index)}
    if qtype == "assertion":
        return {**d, "answer": _letter(answer_index)}
    if qtype == "true_false":
        return {"answer": answer_index == 0}
    if qtype == "fill_blank":
        return {"answer": d.get("answer", ""), "accept": list(d.get("accept", []))}
    if qtype == "mains":
        return dict(d)
    return {"back": d.get("back", "")}  # a front/back card


def csv_row(view: PromptView) -> tuple[str, str, str]:
    """(front, back, tags) as Setu's CSV import reads them: four-option prompts carry
    their options on the front and the key's letter first on the back, so they are
    imported again as single-answer prompts."""
    d = view.details
    lines = [view.stem]
    if view.type == "statements":
        lines += [f"{n}. {s['text']}" for n, s in enumerate(d.get("statements", []), start=1)]
    elif view.type == "match" and d.get("ask") == "codes":
        lines += [f"List-I {chr(65 + i)}. {t}" for i, t in enumerate(d.get("list_1", []))]
        lines += [f"List-II {i}. {t}" for i, t in enumerate(d.get("list_2", []), start=1)]
    elif view.type == "match":
        lines += [
            f"{n}. {p['left']} : {p['right']}" for n, p in enumerate(d.get("pairs", []), start=1)
        ]
    elif view.type == "assertion":
        lines += [f"Statement-I: {d['statement_1']}", f"Statement-II: {d['statement_2']}"]
    if view.question_line:
        lines.append(view.question_line)
    if view.type == "basic":
        back = str(d.get("back", ""))
    elif view.type == "mains":
        back = "\n".join(f"- {p}" for p in d.get("key_points", []))
    elif view.type == "fill_blank" or view.type == "true_false":
        back = view.key_text()
    else:
        lines += [f"({LETTERS[i]}) {o}" for i, o in enumerate(view.options)]
        back = f"({_letter(view.answer_index)})"
    if view.explanation and view.type != "basic":
        back += f" {view.explanation}"
    # The area's id as the tag: importing the row again files it under the same area.
    return "\n".join(lines), back.strip(), view.area
