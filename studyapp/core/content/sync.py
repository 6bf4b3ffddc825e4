"""Bring the database's content tables in line with the content files.

The sync is all or nothing (one transaction, and nothing starts unless every file is
valid), idempotent, and skipped entirely when the files' fingerprint matches the one
recorded at the last sync, so a normal start-up only hashes a few hundred kilobytes.
User state is never written here: a prompt or section that disappears from the files
is marked retired, never deleted, so cards, history, notes and bookmarks keep pointing
at it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from studyapp.core.bank.areas import OWN_AREA_ID, OWN_AREA_TITLE
from studyapp.core.content import search_index
from studyapp.core.content.files import DIGEST_KEY, content_files, digest_of
from studyapp.core.content.report import SyncReport
from studyapp.core.errors import ContentError
from studyapp.core.models import (
    Area,
    Card,
    Meta,
    Question,
    QuestionSection,
    QuestionSource,
    Section,
    SectionLink,
    SectionSource,
    Source,
)
from studyapp.core.storage.paths import ContentDirs

if TYPE_CHECKING:
    from studyapp.core.content.loader import ContentBundle
from studyapp.core.srs.scheduler import create_cards

MANAGED_ORIGINS = ("bundled", "pyq")


def sync_content(session: Session, dirs: ContentDirs, *, force: bool = False) -> SyncReport:
    """Sync the content in `dirs` into the database, unless it is already current.

    Raises `ContentError` (and changes nothing) when any file has a problem.
    """
    digest = digest_of(content_files(dirs), dirs.resources.parent)
    recorded = session.get(Meta, DIGEST_KEY)
    if not force and recorded is not None and recorded.value == digest:
        return SyncReport(skipped=True)
    from studyapp.core.content.loader import load_content  # parsing is needed only now

    bundle = load_content(dirs)
    if bundle.problems:
        raise ContentError(bundle.problems)
    return apply_bundle(session, bundle)


def apply_bundle(session: Session, bundle: ContentBundle) -> SyncReport:
    """Write a valid bundle into the content tables (the caller owns the transaction)."""
    _sync_sources(session, bundle)
    session.execute(delete(Area))
    areas = [
        {"id": a.id, "title": a.title, "section_key": a.section, "position": i}
        for i, a in enumerate(bundle.areas)
    ]
    if not any(a.id == OWN_AREA_ID for a in bundle.areas):
        # The student's own and imported prompts that name no area are filed here.
        areas.append(
            {"id": OWN_AREA_ID, "title": OWN_AREA_TITLE, "section_key": None, "position": 1000}
        )
    session.execute(insert(Area), areas)
    sections, retired_sections = _sync_sections(session, bundle)
    retired_prompts = _sync_questions(session, bundle, sections)
    session.merge(Meta(key=DIGEST_KEY, value=bundle.digest))
    session.flush()
    return SyncReport(
        skipped=False,
        sections=len(bundle.sections),
        prompts=len(bundle.prompts),
        retired_sections=retired_sections,
        retired_prompts=retired_prompts,
    )


def _sync_sources(session: Session, bundle: ContentBundle) -> None:
    for position, doc in enumerate(bundle.sources):
        session.merge(Source(position=position, **doc.model_dump()))
    session.flush()


Row = TypeVar("Row", Section, Question)


def _upsert_by_key(
    session: Session,
    model: type[Row],
    existing: dict[str, Row],
    wanted: list[tuple[str, dict[str, Any]]],
) -> tuple[list[Row], int]:
    """Insert or update each (stable id, fields) and retire every row whose id is no
    longer wanted (rows are never deleted: user state points at them).

    `existing` gains the new rows. Returns the rows that changed and how many retired.
    """
    changed: list[Row] = []
    for key, fields in wanted:
        row = existing.get(key)
        if row is None:
            row = model(key=key, **fields)
            session.add(row)
            existing[key] = row
            changed.append(row)
        elif any(getattr(row, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(row, name, value)
            changed.append(row)
    keys = {key for key, _ in wanted}
    retired = 0
    for key, row in existing.items():
        if key not in keys and not row.retired:
            row.retired = True
            changed.append(row)
            retired += 1
    session.flush()
    return changed, retired


def _sync_sections(session: Session, bundle: ContentBundle) -> tuple[dict[str, int], int]:
    existing = {s.key: s for s in session.scalars(select(Section))}
    wanted = [
        (
            rec.doc.id,
            {
                "parent_key": rec.doc.parent,
                "kind": rec.doc.kind,
                "title": rec.doc.title,
                "summary": rec.doc.summary,
                "body": rec.body,
                "position": rec.doc.order,
                "date": rec.doc.date,
                "date_label": rec.doc.date_label,
                "aliases": list(rec.doc.aliases),
                "key_figures": [k.model_dump() for k in rec.doc.key_figures],
                "disagreements": [d.model_dump() for d in rec.doc.disagreements],
                "partnerships": [p.model_dump() for p in rec.doc.partnerships],
                "retired": False,
            },
        )
        for rec in bundle.sections
    ]
    _, retired = _upsert_by_key(session, Section, existing, wanted)
    ids = {key: s.id for key, s in existing.items()}

    session.execute(delete(SectionSource))
    session.execute(delete(SectionLink))
    source_rows = [
        {"section_id": ids[r.doc.id], "source_id": src}
        for r in bundle.sections
        for src in dict.fromkeys(r.doc.sources)
    ]
    link_rows = [
        {"section_id": ids[r.doc.id], "target_id": ids[target], "position": i}
        for r in bundle.sections
        for i, target in enumerate(dict.fromkeys(r.doc.related))
        if target != r.doc.id
    ]
    if source_rows:
        session.execute(insert(SectionSource), source_rows)
    if link_rows:
        session.execute(insert(SectionLink), link_rows)
    search_index.replace_sections(session, existing.values())
    return ids, retired


def _sync_questions(session: Session, bundle: ContentBundle, section_ids: dict[str, int]) -> int:
    existing = {
        q.key: q
        for q in session.scalars(select(Question).where(Question.origin.in_(MANAGED_ORIGINS)))
    }
    wanted = [
        (
            rec.doc.id,
            {
                "type": rec.doc.type,
                "stem": rec.doc.stem,
                "options": rec.doc.options(),
                "answer_index": rec.doc.answer_index(),
                "details": rec.doc.details(),
                "explanation": rec.doc.explanation,
                "area": rec.doc.area,
                "difficulty": rec.doc.difficulty,
                "origin": rec.doc.origin,
                "year": rec.doc.year,
                "tags": list(rec.doc.tags),
                "retired": False,
            },
        )
        for rec in bundle.prompts
    ]
    touched, retired = _upsert_by_key(session, Question, existing, wanted)

    managed_ids = [q.id for q in existing.values()]
    session.execute(delete(QuestionSection).where(QuestionSection.question_id.in_(managed_ids)))
    session.execute(delete(QuestionSource).where(QuestionSource.question_id.in_(managed_ids)))
    section_rows = [
        {"question_id": existing[r.doc.id].id, "section_id": section_ids[s]}
        for r in bundle.prompts
        for s in dict.fromkeys(r.doc.sections)
    ]
    source_rows = [
        {"question_id": existing[r.doc.id].id, "source_id": s}
        for r in bundle.prompts
        for s in dict.fromkeys(r.doc.sources)
    ]
    if section_rows:
        session.execute(insert(QuestionSection), section_rows)
    if source_rows:
        session.execute(insert(QuestionSource), source_rows)
    # A source the content no longer lists is dropped, unless one of the student's own
    # prompts still cites it: their prompts are never changed by a content update.
    current_sources = {s.id for s in bundle.sources}
    session.execute(
        delete(Source).where(
            Source.id.not_in(current_sources),
            Source.id.not_in(select(QuestionSource.source_id)),
        )
    )
    search_index.index_questions(session, touched)
    _give_new_questions_cards(session, bundle, existing)
    return retired


def _give_new_questions_cards(
    session: Session, bundle: ContentBundle, questions: dict[str, Question]
) -> None:
    """New prompts join the end of the new queue, interleaved across areas so that a
    day's new prompts are a mix rather than one area at a time; within an area the
    objective prompts come before the mains ones, which take far longer."""
    ids = [q.id for q in questions.values()]  # (the student's own prompts are not read)
    have_cards = set(session.scalars(select(Card.question_id).where(Card.question_id.in_(ids))))
    area_order = {a.id: i for i, a in enumerate(bundle.areas)}
    rank_in_area: dict[str, int] = {}
    fresh = []
    for rec in sorted(bundle.prompts, key=lambda r: r.doc.type == "mains"):
        question = questions[rec.doc.id]
        if question.id in have_cards:
            continue
        rank = rank_in_area.get(rec.doc.area, 0)
        rank_in_area[rec.doc.area] = rank + 1
        fresh.append((rank, area_order.get(rec.doc.area, len(area_order)), question.id))
    create_cards(session, [qid for *_, qid in sorted(fresh)])
