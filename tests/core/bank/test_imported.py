"""Imported prompts are first-class: filed under real areas, practisable (graded by
the student when they are front/back cards), in mocks when they have four options,
and spread through the new queue."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, text

from studyapp.core.bank.areas import AreaLookup, tag_mapping
from studyapp.core.bank.import_plan import plan_import
from studyapp.core.exchange.csv_import import import_csv, read_csv
from studyapp.core.models import Question, ReviewLog
from studyapp.core.quiz.practice import answer_practice, start_practice
from studyapp.core.quiz.records import QuizError
from studyapp.core.quiz.selection import PRELIMS_TYPES, Criteria, pick_prompts
from studyapp.core.settings import update_settings
from studyapp.core.srs.scheduler import build_queue, order_new_cards
from studyapp.core.storage import db as dbmod
from studyapp.core.storage.db import Database

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
CSV = (
    "front,back,tags\n"
    '"Which city hosts the depot? (a) Pune (b) Surat (c) Goa (d) Agra","(b) Beta says so.",Links\n'
    "What does Setu mean?,Bridge,climate words\n"
    "Name the rail corridor,Western,TRADE\n"
)
BUNDLED_AREAS = [
    ("energy", "Clean energy & climate"),
    ("economy", "Economy & investment"),
    ("subnational", "State–prefecture diplomacy"),
]


def imported(db: Database, tmp_path: Path) -> dict[str, Question]:
    path = tmp_path / "mine.csv"
    path.write_text(CSV, encoding="utf-8")
    with db.begin() as s:
        import_csv(s, path)
    with db.begin() as s:
        rows = s.scalars(select(Question).where(Question.origin == "imported")).all()
        return {q.stem: q for q in rows}


def test_tags_map_to_areas_by_id_title_or_synonym_else_my_prompts() -> None:
    lookup = AreaLookup(BUNDLED_AREAS)
    assert lookup.area_for(["Economy"]) == "economy"
    assert lookup.area_for(["Clean energy & climate"]) == "energy"
    assert lookup.area_for(["climate"]) == "energy"
    assert lookup.area_for(["#trade"]) == "economy"
    assert lookup.area_for(["sister-city"]) == "subnational"
    assert lookup.area_for(["vocab", "climate"]) == "energy"  # the first tag that names one
    assert lookup.area_for(["imported"]) == "mine"
    assert lookup.area_for([]) == "mine"
    mapping = tag_mapping(lookup, [("climate",), ("climate", "x"), ("vocab",), ()])
    assert [(m.tag, m.area_title, m.prompts) for m in mapping] == [
        ("climate", "Clean energy & climate", 2),
        ("", "My prompts", 1),
        ("vocab", "My prompts", 1),
    ]


def test_imported_prompts_are_filed_under_real_areas(db: Database, tmp_path: Path) -> None:
    rows = imported(db, tmp_path)
    assert rows["Which city hosts the depot?"].area == "links"  # the title, any case
    assert rows["Name the rail corridor"].area == "trade"  # the id, any case
    assert rows["What does Setu mean?"].area == "mine"  # no area named: My prompts
    with db.begin() as s:
        areas: dict[str, str] = dict(s.execute(text("SELECT id, title FROM areas")).all())
        assert areas["mine"] == "My prompts" and "climate" not in areas


def test_the_import_plan_shows_the_mapping_before_anything_is_written(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(CSV, encoding="utf-8")
    with db.begin() as s:
        plan = plan_import(s, read_csv(path))
        assert s.scalars(select(Question).where(Question.origin == "imported")).all() == []
    assert (plan.rows, plan.new, plan.duplicates, plan.four_option) == (3, 3, 0, 1)
    assert {(m.tag, m.area_title) for m in plan.mapping} == {
        ("Links", "Links"),
        ("TRADE", "Trade"),
        ("climate", "My prompts"),
    }


def test_a_four_option_import_is_practisable_and_mock_eligible(
    db: Database, tmp_path: Path
) -> None:
    rows = imported(db, tmp_path)
    four = rows["Which city hosts the depot?"]
    assert (four.type, four.options, four.answer_index) == (
        "mcq",
        ["Pune", "Surat", "Goa", "Agra"],
        1,
    )
    assert four.explanation == "Beta says so."
    with db.begin() as s:
        mock = set(pick_prompts(s, Criteria(types=PRELIMS_TYPES), 50, T0, rng=random.Random(1)))
        practice = set(pick_prompts(s, Criteria(), 50, T0, rng=random.Random(1)))
    assert four.id in mock and four.id in practice
    cards = [rows["What does Setu mean?"].id, rows["Name the rail corridor"].id]
    assert not set(cards) & mock  # front/back cards are not exam questions
    assert set(cards) <= practice


def test_a_front_back_card_in_practice_is_graded_by_the_student(
    db: Database, tmp_path: Path
) -> None:
    card = imported(db, tmp_path)["What does Setu mean?"]
    with db.begin() as s:
        quiz = start_practice(s, [card.id], T0)
        try:
            answer_practice(s, quiz, 0, None, T0)
        except QuizError as refused:
            assert "graded by the student" in str(refused)
        verdict = answer_practice(s, quiz, 0, None, T0, knew=False, fuzz=False)
        assert verdict.correct is False
        log = s.scalars(select(ReviewLog).where(ReviewLog.question_id == card.id)).one()
        assert (log.rating, log.correct, log.mode) == (1, False, "practice")


def test_imported_prompts_are_spread_through_the_new_queue(db: Database, tmp_path: Path) -> None:
    with db.begin() as s:
        update_settings(s, new_per_day=100)
        bundled = set(s.scalars(select(Question.id).where(Question.origin == "bundled")))
    rows = imported(db, tmp_path)
    with db.begin() as s:
        queue = build_queue(s, T0)
    mine = {q.id for q in rows.values()}
    assert set(queue) == bundled | mine
    assert queue[-1] in bundled and queue[0] in bundled  # interleaved, not appended
    assert any(qid in mine for qid in queue[: len(queue) // 2 + 1])


def test_an_import_orders_its_new_cards_as_reordering_the_queue_would(
    db: Database, tmp_path: Path
) -> None:
    """The import hands over each prompt's type and area instead of reading them back:
    the queue it leaves is the one the new-order setting would give."""
    random.seed(3)
    lines = ["front,back,tags"]
    for i in range(60):
        tags = random.choice(["economy", "climate", "trade links", "vocab", ""])
        if i % 4 == 0:
            lines.append(f"Q{i} (a) one (b) two (c) three (d) four,c,{tags}")
        else:
            lines.append(f"Card {i},Back {i},{tags}")
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def positions() -> list[tuple[int, int]]:
        with db.engine.connect() as conn:
            sql = "SELECT question_id, new_position FROM cards ORDER BY new_position"
            return [(int(q), int(p)) for q, p in conn.execute(text(sql))]

    with db.begin() as s:
        import_csv(s, path)
    after_import = positions()
    with db.begin() as s:
        order_new_cards(s, "mixed")
    assert positions() == after_import
    assert len(after_import) > 60


def test_an_older_database_upgrades_its_flags_and_raw_tag_areas(tmp_path: Path) -> None:
    from alembic import command

    database = dbmod.open_database(tmp_path / "old.sqlite3")
    config = dbmod._alembic_config()  # back to the previous release's schema
    with database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
    with database.engine.begin() as conn:
        conn.execute(text("INSERT INTO areas VALUES ('energy', 'Clean energy & climate', NULL, 0)"))
        for qid, area in ((1, "clean energy & climate"), (2, "climate-ish")):
            conn.execute(
                text(
                    "INSERT INTO questions (id, key, type, stem, options, details, explanation,"
                    " area, difficulty, origin, tags, retired) VALUES (:id, :key, 'basic', 's',"
                    " '[]', '{}', '', :area, 'medium', 'imported', '[]', 0)"
                ),
                {"id": qid, "key": f"imp.{qid}", "area": area},
            )
            conn.execute(
                text(
                    "INSERT INTO cards (question_id, state, step, due_ms, new_position, reps,"
                    " lapses, suspended, flagged) VALUES (:id, 1, 0, 0, :id, 0, 0, 0, :flag)"
                ),
                {"id": qid, "flag": qid == 1},
            )
    dbmod.upgrade(database.engine)
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT area FROM questions ORDER BY id")).scalars().all() == [
            "energy",
            "mine",
        ]
        assert conn.execute(
            text("SELECT flag FROM cards ORDER BY question_id")
        ).scalars().all() == [
            1,
            0,
        ]
    database.close()
