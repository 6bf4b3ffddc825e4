"""Syncing content: all or nothing, idempotent, skipped when unchanged, and never at
the expense of the student's own data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from studyapp.core.clock import to_ms
from studyapp.core.content.search import matching_question_ids
from studyapp.core.content.sync import sync_content
from studyapp.core.errors import ContentError
from studyapp.core.models import Card, Meta, Note, Question, ReviewLog, Section
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import ContentDirs

NOW = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def snapshot(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to compare a database before and after."""
    with db.engine.connect() as conn:
        names = conn.execute(
            text(
                "SELECT name FROM sqlite_master "
                "WHERE type='table' AND name NOT LIKE 'search_index_%'"
            )
        ).scalars()
        return {
            n: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{n}"')).all()), key=repr)
            for n in names
        }


def add_user_state(db: Database, key: str) -> int:
    with db.begin() as s:
        q = s.scalars(select(Question).where(Question.key == key)).one()
        s.merge(
            Card(
                question_id=q.id,
                state=2,
                step=None,
                stability=3.2,
                difficulty=5.1,
                due_ms=to_ms(NOW),
                last_review_ms=to_ms(NOW),
                reps=1,
            )
        )
        s.add(
            ReviewLog(
                question_id=q.id,
                reviewed_ms=to_ms(NOW),
                rating=3,
                correct=True,
                response="a",
                duration_ms=4000,
                mode="review",
            )
        )
        return q.id


def test_first_open_loads_everything(db: Database) -> None:
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Question)) == 4
        assert s.scalar(select(func.count()).select_from(Section)) == 3
        rows = s.execute(text("SELECT kind, count(*) FROM search_index GROUP BY kind")).all()
        assert dict(rows) == {"question": 4, "section": 3}


def test_unchanged_content_is_skipped_and_forced_sync_changes_nothing(
    db: Database, content: ContentDirs
) -> None:
    before = snapshot(db)
    with db.begin() as s:
        assert sync_content(s, content).skipped
    with db.begin() as s:
        report = sync_content(s, content, force=True)
    assert not report.skipped
    assert snapshot(db) == before


def test_changed_question_keeps_card_and_history(db: Database, content: ContentDirs) -> None:
    qid = add_user_state(db, "q.trade.0001")
    path = content.questions / "trade.yaml"
    path.write_text(
        path.read_text().replace(
            "Which report gives the export figure?", "Which report gives the figure?"
        )
    )
    with db.begin() as s:
        assert not sync_content(s, content).skipped
    with db.begin() as s:
        q = s.get(Question, qid)
        assert q is not None and q.stem == "Which report gives the figure?"
        card = s.get(Card, qid)
        assert card is not None and card.stability == 3.2
        assert (
            s.scalar(
                select(func.count()).select_from(ReviewLog).where(ReviewLog.question_id == qid)
            )
            == 1
        )


def test_removed_question_is_retired_not_deleted(db: Database, content: ContentDirs) -> None:
    qid = add_user_state(db, "q.trade.0003")
    path = content.questions / "trade.yaml"
    kept = path.read_text().split("- id: q.trade.0003")[0]
    path.write_text(kept)
    with db.begin() as s:
        report = sync_content(s, content)
    assert report.retired_prompts == 1
    with db.begin() as s:
        q = s.get(Question, qid)
        assert q is not None and q.retired
        assert s.get(Card, qid) is not None
        assert qid not in matching_question_ids(s, "rail link")  # it leaves the index
    # Putting it back revives the same row, with its card.
    path.write_text(
        kept + "- id: q.trade.0003\n  type: true_false\n  stem: The rail link joins two cities.\n"
        "  answer: true\n  explanation: The Beta review says so, hence the claim is true.\n"
        "  sections: [links.rail]\n  sources: [beta]\n  area: links\n  difficulty: easy\n"
    )
    with db.begin() as s:
        sync_content(s, content)
    with db.begin() as s:
        q = s.get(Question, qid)
        assert q is not None and not q.retired
        assert qid in matching_question_ids(s, "rail link")  # and is found again


def test_removed_section_keeps_the_students_note(db: Database, content: ContentDirs) -> None:
    with db.begin() as s:
        section = s.scalars(select(Section).where(Section.key == "links.rail")).one()
        s.add(Note(section_id=section.id, body="my own words", updated_ms=to_ms(NOW)))
    (content.resources / "sections" / "rail.md").unlink()
    for name in ("trade.md", "trade-gap.md"):
        p = content.resources / "sections" / name
        p.write_text(
            p.read_text()
            .replace("(section:links.rail)", "(section:trade.gap)")
            .replace("related: [links.rail]", "related: []")
        )
    areas = content.resources / "areas.yaml"
    areas.write_text(areas.read_text().replace("section: links.rail", "section: trade"))
    q = content.questions / "trade.yaml"
    q.write_text(q.read_text().replace("sections: [links.rail]", "sections: [trade.gap]"))
    m = content.questions / "mains.yaml"
    m.write_text(
        m.read_text().replace("sections: [trade.gap, links.rail]", "sections: [trade.gap]")
    )
    with db.begin() as s:
        assert sync_content(s, content).retired_sections == 1
    with db.begin() as s:
        section = s.scalars(select(Section).where(Section.key == "links.rail")).one()
        assert section.retired
        assert s.scalars(select(Note.body)).one() == "my own words"


@pytest.mark.parametrize(
    "breakage",
    [
        lambda c: (c.questions / "trade.yaml").write_text("- id: [oops\n"),
        lambda c: (c.resources / "sections" / "rail.md").write_text("no front matter"),
        lambda c: (c.questions / "extra.yaml").write_text(
            (c.questions / "trade.yaml").read_text()
        ),  # duplicate ids
    ],
)
def test_a_bad_file_changes_nothing(db: Database, content: ContentDirs, breakage) -> None:  # type: ignore[no-untyped-def]
    add_user_state(db, "q.trade.0001")
    # A valid change elsewhere must not be half-applied either.
    gap = content.resources / "sections" / "trade-gap.md"
    gap.write_text(gap.read_text().replace("The gap is wide", "The gap is very wide"))
    before = snapshot(db)
    breakage(content)
    with pytest.raises(ContentError) as caught, db.begin() as s:
        sync_content(s, content)
    assert str(caught.value).startswith("The study content has")
    assert snapshot(db) == before
    with db.begin() as s:
        assert s.get(Meta, "content_digest") is not None


def test_opening_refuses_bad_content_and_leaves_database_alone(
    tmp_path: Path, db: Database, content: ContentDirs
) -> None:
    from studyapp.core.startup import open_study_database
    from studyapp.core.storage.paths import resolve_data_dir

    before = snapshot(db)
    db.close()
    (content.questions / "trade.yaml").write_text("- id: q.trade.0001\n  type: nonsense\n")
    with pytest.raises(
        ContentError, match=r"questions/trade.yaml:2: type: unknown type 'nonsense'"
    ):
        open_study_database(resolve_data_dir(Path(db.path).parent), content)
    assert snapshot(db) == before
