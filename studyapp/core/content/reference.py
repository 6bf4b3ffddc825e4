"""The reference browser's data: the section tree, one section with everything shown
beside it, the student's notes and bookmarks, and how well a section is known."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from studyapp.core.clock import from_ms, to_ms
from studyapp.core.content import search_index
from studyapp.core.models import (
    Bookmark,
    Card,
    Note,
    Question,
    QuestionSection,
    Section,
    SectionLink,
    SectionSource,
    Setting,
    Source,
)

LAST_SECTION_KEY = "reference.last_section"


@dataclass(frozen=True)
class TreeNode:
    key: str
    title: str
    kind: str
    parent: str | None
    summary: str
    prompts: int  # prompts linked to this section
    children: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SectionView:
    key: str
    title: str
    kind: str
    summary: str
    body: str
    date: str | None
    date_label: str
    key_figures: list[dict[str, str]]
    disagreements: list[dict[str, Any]]
    partnerships: list[dict[str, str]]
    sources: list[tuple[str, str, str]]  # (id, title, publisher)
    related: list[tuple[str, str]]  # (key, title)
    children: list[tuple[str, str]]
    parent: tuple[str, str] | None
    source_titles: dict[str, str]
    bookmarked: bool
    note: str
    prompts: int
    seen: int
    recall: float | None  # average predicted recall now of the prompts seen


def section_tree(session: Session) -> dict[str, TreeNode]:
    """Every live section keyed by id, children in reading order ("" is the root)."""
    counts = dict(
        session.execute(
            select(QuestionSection.section_id, func.count())
            .join(Question, Question.id == QuestionSection.question_id)
            .where(Question.retired.is_(False))
            .group_by(QuestionSection.section_id)
        ).all()
    )
    rows = session.execute(
        select(
            Section.id,
            Section.key,
            Section.title,
            Section.kind,
            Section.parent_key,
            Section.summary,
        )
        .where(Section.retired.is_(False))
        .order_by(Section.position, Section.date, Section.title)
    ).all()
    nodes = {
        key: TreeNode(key, title, kind, parent, summary, counts.get(sid, 0))
        for sid, key, title, kind, parent, summary in rows
    }
    root = TreeNode("", "", "root", None, "", 0)
    nodes[""] = root
    for node in list(nodes.values()):
        if node.key:
            parent = node.parent if node.parent in nodes else ""
            nodes[parent].children.append(node.key)
    return nodes


def predicted_recall(session: Session, question_ids: list[int], now: datetime) -> float | None:
    """Average FSRS retrievability now of the given prompts that have been answered."""
    from studyapp.core.settings import load_settings
    from studyapp.core.srs.recall import RETRIEVABILITY_SQL, retrievability_params

    if not question_ids:
        return None
    # A section links a few prompts; their ids, made integers, go into the statement.
    ids = ", ".join(str(int(q)) for q in question_ids)
    value = session.execute(
        text(
            f"SELECT avg({RETRIEVABILITY_SQL}) FROM cards c "
            f"WHERE c.question_id IN ({ids}) AND c.last_review_ms IS NOT NULL"
        ),
        retrievability_params(load_settings(session), now),
    ).scalar()
    return None if value is None else float(value)


def load_section(session: Session, key: str, now: datetime | None = None) -> SectionView:
    section = session.scalars(select(Section).where(Section.key == key)).one_or_none()
    if section is None:
        raise LookupError(f"no section {key!r}")
    sources = session.execute(
        select(Source.id, Source.title, Source.publisher)
        .join(SectionSource, SectionSource.source_id == Source.id)
        .where(SectionSource.section_id == section.id)
        .order_by(Source.position)
    ).all()
    related = session.execute(
        select(Section.key, Section.title)
        .join(SectionLink, SectionLink.target_id == Section.id)
        .where(SectionLink.section_id == section.id, Section.retired.is_(False))
        .order_by(SectionLink.position)
    ).all()
    children = session.execute(
        select(Section.key, Section.title)
        .where(Section.parent_key == key, Section.retired.is_(False))
        .order_by(Section.position, Section.date, Section.title)
    ).all()
    parent = None
    if section.parent_key:
        title = session.scalar(select(Section.title).where(Section.key == section.parent_key))
        parent = (section.parent_key, title) if title else None
    note = session.scalar(select(Note.body).where(Note.section_id == section.id)) or ""
    prompts, seen = session.execute(
        select(func.count(), func.count(Card.last_review_ms))
        .select_from(QuestionSection)
        .join(Question, Question.id == QuestionSection.question_id)
        .outerjoin(Card, Card.question_id == Question.id)
        .where(QuestionSection.section_id == section.id, Question.retired.is_(False))
    ).one()
    all_sources = dict(session.execute(select(Source.id, Source.title)).all())
    recall = None
    if now is not None and seen:
        recall = predicted_recall(session, section_question_ids(session, key), now)
    return SectionView(
        key=section.key,
        title=section.title,
        kind=section.kind,
        summary=section.summary,
        body=section.body,
        date=section.date,
        date_label=section.date_label,
        key_figures=list(section.key_figures),
        disagreements=list(section.disagreements),
        partnerships=list(section.partnerships),
        sources=[tuple(r) for r in sources],  # type: ignore[misc]
        related=[tuple(r) for r in related],  # type: ignore[misc]
        children=[tuple(r) for r in children],  # type: ignore[misc]
        parent=parent,
        source_titles=all_sources,
        bookmarked=session.get(Bookmark, section.id) is not None,
        note=note,
        prompts=int(prompts),
        seen=int(seen),
        recall=recall,
    )


def _section_id(session: Session, key: str) -> int:
    found = session.scalar(select(Section.id).where(Section.key == key))
    if found is None:
        raise LookupError(f"no section {key!r}")
    return found


def set_bookmark(session: Session, key: str, on: bool, now: datetime) -> None:
    sid = _section_id(session, key)
    existing = session.get(Bookmark, sid)
    if on and existing is None:
        session.add(Bookmark(section_id=sid, created_ms=to_ms(now)))
    elif not on and existing is not None:
        session.delete(existing)


def bookmarked_keys(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(Section.key)
            .join(Bookmark, Bookmark.section_id == Section.id)
            .order_by(Bookmark.created_ms)
        )
    )


def save_note(session: Session, key: str, body: str, now: datetime) -> None:
    """Keep the student's note on a section (an empty note is removed from search)."""
    sid = _section_id(session, key)
    note = session.scalars(select(Note).where(Note.section_id == sid)).one_or_none()
    if note is None:
        note = Note(section_id=sid, body=body, updated_ms=to_ms(now))
        session.add(note)
    else:
        note.body, note.updated_ms = body, to_ms(now)
    session.flush()
    title = session.scalar(select(Section.title).where(Section.id == sid)) or key
    search_index.index_note(session, note, title)


def section_question_ids(
    session: Session, key: str, types: Sequence[str] | None = None
) -> list[int]:
    """The live prompts linked to a section (of the given types), in a stable order."""
    query = (
        select(Question.id)
        .join(QuestionSection, QuestionSection.question_id == Question.id)
        .join(Section, Section.id == QuestionSection.section_id)
        .where(Section.key == key, Question.retired.is_(False))
        .order_by(Question.id)
    )
    if types is not None:
        query = query.where(Question.type.in_(types))
    return list(session.scalars(query))


def last_section(session: Session) -> str | None:
    stored = session.get(Setting, LAST_SECTION_KEY)
    value = stored.value if stored is not None else None
    if isinstance(value, str) and value.startswith('"'):
        value = json.loads(value)
    return value if isinstance(value, str) else None


def remember_section(session: Session, key: str) -> None:
    session.merge(Setting(key=LAST_SECTION_KEY, value=key))


@dataclass(frozen=True)
class PartnershipLink:
    section: str  # the section that describes the partnership
    india: str
    japan: str
    status: str  # established | in_motion | proposed | framework
    focus: str
    source: str


def partnerships(session: Session) -> list[PartnershipLink]:
    """Every state/city–prefecture partnership the content names, for the map."""
    links = []
    for key, items in session.execute(
        select(Section.key, Section.partnerships)
        .where(Section.retired.is_(False))
        .order_by(Section.position)
    ).all():
        for p in items or []:
            links.append(
                PartnershipLink(
                    key, p["india"], p["japan"], p["status"], p.get("focus", ""), p["source"]
                )
            )
    return links


@dataclass(frozen=True)
class TimelineEvent:
    section: str
    title: str
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD (for ordering)
    label: str  # how to print it


def timeline(session: Session) -> list[TimelineEvent]:
    """Dated events, earliest first."""
    rows = session.execute(
        select(Section.key, Section.title, Section.date, Section.date_label)
        .where(
            Section.retired.is_(False), Section.kind == "timeline_event", Section.date.is_not(None)
        )
        .order_by(Section.date, Section.position)
    ).all()
    return [TimelineEvent(k, t, d or "", label or _date_label(d or "")) for k, t, d, label in rows]


_MONTHS = "January February March April May June July August September October November December"


def _date_label(value: str) -> str:
    parts = value.split("-")
    months = _MONTHS.split()
    if len(parts) == 3:
        return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


@dataclass(frozen=True)
class SavedEntry:
    """A bookmark or a note in the reference browser's lists."""

    key: str
    title: str
    when: datetime
    text: str  # the note's first line ("" for a bookmark)


def bookmark_list(session: Session) -> list[SavedEntry]:
    """Bookmarked live sections, the newest first."""
    rows = session.execute(
        select(Section.key, Section.title, Bookmark.created_ms)
        .join(Bookmark, Bookmark.section_id == Section.id)
        .where(Section.retired.is_(False))
        .order_by(Bookmark.created_ms.desc())
    ).all()
    return [SavedEntry(k, t, from_ms(ms), "") for k, t, ms in rows]


def note_list(session: Session) -> list[SavedEntry]:
    """Sections with a note, the most recently edited first."""
    rows = session.execute(
        select(Section.key, Section.title, Note.updated_ms, Note.body)
        .join(Note, Note.section_id == Section.id)
        .where(Section.retired.is_(False), func.trim(Note.body) != "")
        .order_by(Note.updated_ms.desc())
    ).all()
    return [
        SavedEntry(k, t, from_ms(ms), body.strip().splitlines()[0][:120]) for k, t, ms, body in rows
    ]
