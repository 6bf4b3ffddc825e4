"""Anki packages both ways, checked with Anki's own library: Setu's export opens in Anki
with every prompt as a note laid out as the paper does, re-exporting updates instead of
duplicating, and scheduling comes across when asked; a deck made in Anki imports as
searchable, practisable prompts, and a bad package changes nothing."""

from __future__ import annotations

import random
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from studyapp.core.content.search import matching_question_ids
from studyapp.core.exchange.anki_export import export_apkg, select_prompts
from studyapp.core.exchange.anki_import import (
    AnkiPackageRefused,
    import_anki_notes,
    read_anki_package,
)
from studyapp.core.models import Question, ReviewLog
from studyapp.core.quiz.selection import PRACTICE_TYPES, Criteria, pick_prompts
from studyapp.core.srs.scheduler import Rating, answer, next_due_question
from studyapp.core.startup import open_study_database
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import DataDir, bundled_content

anki_collection = pytest.importorskip(
    "anki.collection", reason="Anki's library (the `anki` package) is not installed"
)
Collection = anki_collection.Collection
UPDATE_ALWAYS = pytest.importorskip(
    "anki.import_export_pb2"
).ImportAnkiPackageUpdateCondition.Value("IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS")

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


@pytest.fixture
def bundled(data_dir: DataDir) -> Iterator[Database]:
    database, _ = open_study_database(data_dir, bundled_content())
    yield database
    database.close()


def open_in_anki(package: Path, tmp: Path, *, with_scheduling: bool = False) -> object:
    col = Collection(str(tmp / f"anki-{random.random():.8f}.anki2"))
    request = anki_collection.ImportAnkiPackageRequest(
        package_path=str(package),
        options=anki_collection.ImportAnkiPackageOptions(
            with_scheduling=with_scheduling,
            update_notes=UPDATE_ALWAYS,
        ),
    )
    col.import_anki_package(request)
    return col


def card_html(col: object, kind: str) -> str:
    nid = col.find_notes(f'"note:Setu · {kind}"')[0]  # type: ignore[attr-defined]
    card = col.get_note(nid).cards()[0]  # type: ignore[attr-defined]
    return str(card.question()) + str(card.answer())


# --- out to Anki -------------------------------------------------------------------------


def test_every_prompt_becomes_a_note_laid_out_as_the_paper(
    bundled: Database, tmp_path: Path
) -> None:
    with bundled.begin() as s:
        ids = select_prompts(s)
        report = export_apkg(s, ids, tmp_path / "setu.apkg", T0)
        statements = s.scalars(
            select(Question).where(Question.type == "statements").order_by(Question.id)
        ).first()
        codes = s.scalars(
            select(Question).where(Question.type == "match").order_by(Question.id)
        ).all()
        assertion = s.scalars(select(Question).where(Question.type == "assertion")).first()
        assert statements is not None and assertion is not None
        first_statement = statements.details["statements"][0]["text"]
        a_pair = next(q for q in codes if q.details.get("pairs")).details["pairs"][0]["left"]
        statement_1 = assertion.details["statement_1"]
    assert report.notes == len(ids) >= 386
    col = open_in_anki(tmp_path / "setu.apkg", tmp_path)
    assert col.note_count() == len(ids)  # type: ignore[attr-defined]
    decks = {name for name, _ in ((d.name, d.id) for d in col.decks.all_names_and_ids())}  # type: ignore[attr-defined]
    assert "Setu — India–Japan relations::Areas of friction" in decks
    html = card_html(col, "Single answer")
    assert "(a)" in html and "(d)" in html
    html = card_html(col, "Statements")
    assert '<ol class="statements">' in html and "correct?" in html
    assert any(
        first_statement[:40] in card_html_for(col, nid)
        for nid in col.find_notes('"note:Setu · Statements"')  # type: ignore[attr-defined]
    )
    html = card_html(col, "Match the pairs")
    assert '<table class="pairs">' in html
    assert any(
        a_pair in card_html_for(col, nid)
        for nid in col.find_notes('"note:Setu · Match the pairs"')  # type: ignore[attr-defined]
    )
    html = card_html(col, "Statement-I and Statement-II")
    assert "Statement-II" in html and "(b)" in html
    assert col.find_notes(f'"Statement I:{statement_1[:30]}*"')  # type: ignore[attr-defined]
    html = card_html(col, "Mains answer")
    assert "Key points" in html and "words" in html
    tags = set(col.tags.all())  # type: ignore[attr-defined]
    assert {"setu::type::mcq", "setu::area::friction", "setu::origin::pyq"} <= tags


def card_html_for(col: object, nid: int) -> str:
    card = col.get_note(nid).cards()[0]  # type: ignore[attr-defined]
    return str(card.question())


def test_exporting_again_updates_notes_instead_of_adding_copies(
    bundled: Database, tmp_path: Path
) -> None:
    with bundled.begin() as s:
        ids = select_prompts(s, area="culture")
        export_apkg(s, ids, tmp_path / "one.apkg", T0)
        first = s.get(Question, ids[0])
        assert first is not None
        first.explanation = "A corrected explanation, exported again."
        export_apkg(s, ids, tmp_path / "two.apkg", T0 + timedelta(days=1))
    col = open_in_anki(tmp_path / "one.apkg", tmp_path)
    request = anki_collection.ImportAnkiPackageRequest(
        package_path=str(tmp_path / "two.apkg"),
        options=anki_collection.ImportAnkiPackageOptions(
            update_notes=UPDATE_ALWAYS,
        ),
    )
    col.import_anki_package(request)  # type: ignore[attr-defined]
    assert col.note_count() == len(ids)  # type: ignore[attr-defined]
    assert col.find_notes('"Explanation:A corrected explanation*"')  # type: ignore[attr-defined]


def test_scheduling_comes_across_when_asked(bundled: Database, tmp_path: Path) -> None:
    with bundled.begin() as s:
        for day in range(3):
            for _ in range(4):
                qid = next_due_question(s, T0 + timedelta(days=day * 5))
                assert qid is not None
                answer(s, qid, Rating.GOOD, T0 + timedelta(days=day * 5), correct=True)
        reviews = s.scalar(select(func.count()).select_from(ReviewLog))
        ids = select_prompts(s)
        plain = export_apkg(s, ids, tmp_path / "plain.apkg", T0 + timedelta(days=11))
        report = export_apkg(
            s, ids, tmp_path / "sched.apkg", T0 + timedelta(days=11), with_scheduling=True
        )
    assert plain.reviews == 0 and report.reviews == reviews == 12
    col = open_in_anki(tmp_path / "sched.apkg", tmp_path, with_scheduling=True)
    seen = col.find_cards("-is:new")  # type: ignore[attr-defined]
    assert len(seen) >= 4
    card = col.get_card(seen[0])  # type: ignore[attr-defined]
    assert card.memory_state is not None and card.memory_state.stability > 0
    assert col.db.scalar("SELECT count() FROM revlog") == reviews  # type: ignore[attr-defined]
    fresh = open_in_anki(tmp_path / "plain.apkg", tmp_path, with_scheduling=True)
    assert fresh.find_cards("-is:new") == []  # type: ignore[attr-defined]


def test_a_failed_export_leaves_no_file_under_the_chosen_name(
    bundled: Database, tmp_path: Path
) -> None:
    target = tmp_path / "cancelled.apkg"
    with bundled.begin() as s:
        ids = select_prompts(s)
        with pytest.raises(Exception, match="cancelled"):
            export_apkg(s, ids, target, T0, progress=lambda done, total: done < 200)
    assert not target.exists()
    assert list(tmp_path.glob("*.partial")) == []


# --- in from Anki ----------------------------------------------------------------------------


def make_deck(tmp: Path, *, legacy: bool = False) -> Path:
    col = Collection(str(tmp / "maker.anki2"))
    deck = col.decks.id("Japan")
    basic = col.models.by_name("Basic")
    note = col.new_note(basic)
    note["Front"] = "Which Japanese city hosts the <b>Kansai</b> business corridor?"
    note["Back"] = "Osaka &amp; the Kansai region<br><img src='map.png'>"
    note.tags = ["climate", "Japan"]
    col.add_note(note, deck)
    reversed_type = col.models.by_name("Basic (and reversed card)")
    note = col.new_note(reversed_type)
    note["Front"] = "Shinkansen"
    note["Back"] = "Japan's high-speed rail"
    col.add_note(note, deck)
    cloze = col.models.by_name("Cloze")
    note = col.new_note(cloze)
    note["Text"] = (
        "The {{c1::Quad}} brings together India, Japan, {{c2::Australia::a continent}} and the US."
    )
    col.add_note(note, deck)
    out = tmp / ("legacy.apkg" if legacy else "deck.apkg")
    col.export_anki_package(
        out_path=str(out),
        options=anki_collection.ExportAnkiPackageOptions(
            with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy
        ),
        limit=None,
    )
    col.close()
    return out


@pytest.mark.parametrize("legacy", [False, True], ids=["current", "legacy"])
def test_an_anki_deck_imports_as_searchable_practisable_prompts(
    db: Database, tmp_path: Path, legacy: bool
) -> None:
    package = make_deck(tmp_path, legacy=legacy)
    notes = read_anki_package(package)
    with db.begin() as s:
        report = import_anki_notes(s, notes)
    assert (report.added, report.duplicates) == (4, 0)  # two basic, two cloze deletions
    with db.begin() as s:
        prompts = {
            q.stem: q for q in s.scalars(select(Question).where(Question.origin == "imported"))
        }
        assert prompts["Which Japanese city hosts the Kansai business corridor?"].details == {
            "back": "Osaka & the Kansai region"
        }
        quad = prompts["The ____ brings together India, Japan, Australia and the US."]
        assert quad.type == "fill_blank" and quad.details["answer"] == "Quad"
        assert "The Quad brings together India, Japan, ____ (a continent) and the US." in prompts
        assert set(matching_question_ids(s, "Shinkansen")) == {prompts["Shinkansen"].id}
        practisable = pick_prompts(s, Criteria(types=PRACTICE_TYPES), 100, T0)
        assert quad.id in practisable
    # Importing the same package again adds nothing.
    with db.begin() as s:
        again = import_anki_notes(s, read_anki_package(package))
    assert (again.added, again.duplicates) == (0, 4)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"front,back\nq,a\n", "is not an Anki package"),
        (b"PK\x03\x04 truncated zip", "is not an Anki package"),
    ],
)
def test_a_file_that_is_not_an_anki_package_is_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "notes.apkg"
    path.write_bytes(content)
    with pytest.raises(AnkiPackageRefused, match=message):
        read_anki_package(path)


def test_a_damaged_or_empty_package_is_refused_and_changes_nothing(
    db: Database, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.apkg"
    with zipfile.ZipFile(damaged, "w") as z:
        z.writestr("collection.anki21", b"SQLite format 3\x00" + b"\x13" * 4000)
    empty = tmp_path / "empty.apkg"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("media", "{}")
    with db.begin() as s:
        before = s.scalar(select(func.count()).select_from(Question))
    with pytest.raises(AnkiPackageRefused, match="is damaged"):
        read_anki_package(damaged)
    with pytest.raises(AnkiPackageRefused, match="holds no Anki collection"):
        read_anki_package(empty)
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Question)) == before
