"""The student's own prompts: checked with the content validator's rules and
messages, stored as their own, kept through a content sync, edited in place."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from studyapp.core.bank.authoring import (
    PromptRefused,
    ReadOnlyPrompt,
    check_prompt,
    duplicate_prompt,
    save_prompt,
)
from studyapp.core.content.loader import load_content
from studyapp.core.content.prompts import load_prompt
from studyapp.core.content.search import matching_question_ids
from studyapp.core.content.sync import sync_content
from studyapp.core.models import Card, Question, ReviewLog
from studyapp.core.srs.scheduler import Rating, answer
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import ContentDirs

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def mcq(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "type": "mcq",
        "stem": "Which city hosts the new rail depot?",
        "options": ["Ahmedabad", "Pune", "Surat", "Vadodara"],
        "answer": "c",
        "explanation": "The Beta review places the depot at Surat, not the other three.",
        "sections": ["links.rail"],
        "sources": ["beta"],
        "area": "links",
        "difficulty": "medium",
    }
    doc.update(changes)
    return doc


def test_an_own_prompt_is_stored_as_the_students_with_a_new_card(db: Database) -> None:
    with db.begin() as s:
        qid = save_prompt(s, mcq(), T0)
    with db.begin() as s:
        view = load_prompt(s, qid)
        assert (view.key, view.origin, view.type) == ("q.mine.0001", "user", "mcq")
        assert view.options[view.answer_index or 0] == "Surat"
        assert [key for key, _ in view.sections] == ["links.rail"]
        card = s.get(Card, qid)
        assert card is not None and card.last_review_ms is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"options": ["Ahmedabad", "Pune", "Surat"]}, "options", "at least 4 items"),
        ({"options": ["Pune", "pune", "Surat", "Goa"]}, "options", "must be different"),
        ({"explanation": "Surat."}, "explanation", "say why the key is right"),
        ({"sections": ["nowhere"]}, "sections", "unknown section 'nowhere'"),
        ({"stem": "  "}, "stem", "at least 1 character"),
    ],
)
def test_a_broken_prompt_is_refused_naming_the_field_as_the_validator_does(
    db: Database,
    content: ContentDirs,
    tmp_path: Path,
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    with db.begin() as s:
        with pytest.raises(PromptRefused) as refused:
            save_prompt(s, mcq(**changes), T0)
        assert s.scalars(select(Question).where(Question.origin == "user")).all() == []
    problem = refused.value.problems[0]
    assert problem.field == field and message in problem.message
    # The content validator says exactly the same about the same prompt in a file.
    import yaml

    extra = tmp_path / "extra.yaml"
    extra.write_text(yaml.safe_dump([{"id": "q.links.0900", **mcq(**changes)}]))
    bundle = load_content(content, [extra])
    from_file = [(p.field, p.message) for p in bundle.problems if p.file.endswith("extra.yaml")]
    assert (problem.field, problem.message) in from_file


def test_own_prompts_and_their_history_survive_a_content_sync(
    db: Database, content: ContentDirs
) -> None:
    with db.begin() as s:
        qid = save_prompt(s, mcq(), T0)
        answer(s, qid, Rating.GOOD, T0, correct=True, fuzz=False)
    (content.questions / "trade.yaml").write_text(
        (content.questions / "trade.yaml").read_text().replace("trade gap.", "trade gap now.")
    )
    with db.begin() as s:
        report = sync_content(s, content, force=True)
        assert not report.skipped
    with db.begin() as s:
        view = load_prompt(s, qid)
        assert view.stem == "Which city hosts the new rail depot?" and view.origin == "user"
        card = s.get(Card, qid)
        assert card is not None and card.reps == 1
        assert len(s.scalars(select(ReviewLog).where(ReviewLog.question_id == qid)).all()) == 1


def test_editing_keeps_the_card_and_the_history(db: Database) -> None:
    with db.begin() as s:
        qid = save_prompt(s, mcq(), T0)
        answer(s, qid, Rating.GOOD, T0, correct=True, fuzz=False)
        before = s.get(Card, qid)
        assert before is not None
        due_before = before.due_ms
    with db.begin() as s:
        assert save_prompt(s, mcq(stem="Which city hosts the depot?", area="trade"), T0, qid) == qid
    with db.begin() as s:
        view = load_prompt(s, qid)
        assert view.stem == "Which city hosts the depot?" and view.area == "trade"
        card = s.get(Card, qid)
        assert card is not None and (card.reps, card.due_ms) == (1, due_before)
        assert s.scalars(select(ReviewLog.question_id)).all() == [qid]
        # Search finds it by its new words only, edit after edit.
        assert matching_question_ids(s, "hosts depot") == [qid]
        assert matching_question_ids(s, "new rail depot") == []
    with db.begin() as s:
        save_prompt(s, mcq(stem="Which port receives the ferry?", area="trade"), T0, qid)
    with db.begin() as s:
        assert matching_question_ids(s, "ferry") == [qid]
        assert matching_question_ids(s, "hosts depot") == []


def test_bundled_prompts_are_read_only_but_can_be_duplicated(db: Database) -> None:
    with db.begin() as s:
        bundled = s.scalars(select(Question.id).where(Question.key == "q.trade.0002")).one()
        with pytest.raises(ReadOnlyPrompt):
            save_prompt(s, mcq(), T0, bundled)
        copy = duplicate_prompt(s, bundled, T0)
    with db.begin() as s:
        original, mine = load_prompt(s, bundled), load_prompt(s, copy)
        assert mine.origin == "user" and mine.key != original.key
        assert (mine.stem, mine.options, mine.answer_index, mine.body) == (
            original.stem,
            original.options,
            original.answer_index,
            original.body,
        )
        assert s.get(Card, copy) is not None


def test_every_bundled_prompt_round_trips_through_its_document(db: Database) -> None:
    """The editor opens a prompt as its document; saving it unchanged must give back
    exactly the stored prompt, for every type."""
    with db.begin() as s:
        ids = s.scalars(select(Question.id).where(Question.origin == "bundled")).all()
        for qid in ids:
            copy = duplicate_prompt(s, qid, T0)
            a, b = load_prompt(s, qid), load_prompt(s, copy)
            assert (a.type, a.options, a.answer_index, a.body, a.sections) == (
                b.type,
                b.options,
                b.answer_index,
                b.body,
                b.sections,
            )


def test_a_valid_document_checks_clean(db: Database) -> None:
    with db.begin() as s:
        assert check_prompt(s, mcq()).ok


def test_a_source_dropped_from_the_content_stays_for_the_own_prompt_citing_it(
    db: Database, content: ContentDirs
) -> None:
    sources = content.resources / "sources.yaml"
    bundled_sources = sources.read_text()
    sources.write_text(bundled_sources + "- id: gamma\n  title: Gamma notes\n  publisher: Gamma\n")
    with db.begin() as s:
        sync_content(s, content, force=True)
        qid = save_prompt(s, mcq(sources=["gamma"]), T0)
    sources.write_text(bundled_sources)  # the next content release no longer has it
    with db.begin() as s:
        assert not sync_content(s, content, force=True).skipped
    with db.begin() as s:
        assert load_prompt(s, qid).sources == ["Gamma notes"]
