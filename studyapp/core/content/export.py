"""Content as plain JSON-ready data, for review and tooling (`studyapp content --json`)."""

from __future__ import annotations

from typing import Any

from studyapp.core.content.loader import ContentBundle


def prompt_as_dict(doc: Any) -> dict[str, Any]:
    """Every field of a prompt, with its options as the student sees them."""
    index = doc.answer_index()
    return {
        "id": doc.id,
        "type": doc.type,
        "stem": doc.stem,
        **doc.details(),
        "options": doc.options(),
        "answer": doc.answer if doc.type != "mains" else None,
        "answer_index": index,
        "explanation": doc.explanation,
        "sections": list(doc.sections),
        "sources": list(doc.sources),
        "area": doc.area,
        "difficulty": doc.difficulty,
        "origin": doc.origin,
        "year": doc.year,
        "tags": list(doc.tags),
    }


def content_as_dict(bundle: ContentBundle) -> dict[str, Any]:
    return {
        "sources": [s.model_dump() for s in bundle.sources],
        "areas": [a.model_dump() for a in bundle.areas],
        "sections": [
            {**rec.doc.model_dump(), "body": rec.body, "file": rec.file} for rec in bundle.sections
        ],
        "questions": [{**prompt_as_dict(p.doc), "file": p.file} for p in bundle.prompts],
    }
