"""The schema comes only from the Alembic migrations, and they match the models; a
new database's one-step schema (`storage.schema`) is exactly what they produce."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from studyapp.core.models import Base
from studyapp.core.storage import db as dbmod
from studyapp.core.storage.schema import SCHEMA_FILE, create_schema, migrated_script


def _schema(path: Path) -> list[tuple[str, str, str, str | None]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    finally:
        connection.close()


def test_schema_head_constant_is_the_newest_migration() -> None:
    script = ScriptDirectory.from_config(dbmod._alembic_config())
    assert script.get_current_head() == dbmod.SCHEMA_HEAD


def test_schema_file_is_what_the_migrations_make() -> None:
    # After a new migration: `python -m studyapp.core.storage.schema` writes it again.
    assert SCHEMA_FILE.read_text(encoding="utf-8") == migrated_script()


def test_new_database_has_the_migrated_schema_and_revision(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.sqlite3"
    engine = dbmod.make_engine(migrated)
    dbmod.upgrade(engine)
    engine.dispose()
    created = tmp_path / "created.sqlite3"
    dbmod.open_database(created).close()
    assert _schema(created) == _schema(migrated)
    connection = sqlite3.connect(created)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (dbmod.SCHEMA_HEAD,)
        ]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        connection.close()


def test_a_failed_creation_leaves_a_database_without_tables(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE cards (x)")  # the script's own CREATE then fails
    connection.close()
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        create_schema(path)
    assert {row[1] for row in _schema(path)} == {"cards"}


def test_migrated_database_matches_the_models(tmp_path: Path) -> None:
    database = dbmod.Database(tmp_path / "x.sqlite3")
    dbmod.upgrade(database.engine)
    try:
        with database.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_object": dbmod.include_object, "compare_type": True}
            )
            assert compare_metadata(context, Base.metadata) == []
            tables = set(inspect(conn).get_table_names())
            assert "search_index" in tables  # the FTS5 index is created by the migration
    finally:
        database.close()


def test_downgrade_then_upgrade_round_trips(tmp_path: Path) -> None:
    database = dbmod.open_database(tmp_path / "x.sqlite3")
    try:
        from alembic import command

        config = dbmod._alembic_config()
        with database.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        with database.engine.connect() as conn:
            names = (
                conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
                .scalars()
                .all()
            )
            assert set(names) <= {"alembic_version"}
        dbmod.upgrade(database.engine)
        with database.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                == dbmod.SCHEMA_HEAD
            )
    finally:
        database.close()


def test_connection_settings_are_applied(tmp_path: Path) -> None:
    database = dbmod.open_database(tmp_path / "x.sqlite3")
    try:
        with database.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert (
                conn.execute(text("PRAGMA synchronous")).scalar() == 2
            )  # FULL: an acknowledged answer survives a power cut
    finally:
        database.close()


def _insert_prompt(conn: Connection, qid: int, area: str) -> None:
    conn.execute(
        text(
            "INSERT INTO questions (id, key, type, stem, options, answer_index, details, "
            "explanation, area, difficulty, origin, tags, retired) "
            "VALUES (:id, :key, 'true_false', 'A stem', '[]', NULL, '{}', '', :area, "
            "'easy', 'bundled', '[]', 0)"
        ),
        {"id": qid, "key": f"q.{area}.{qid:04d}", "area": area},
    )


def test_a_history_survives_the_upgrade_to_area_buckets(tmp_path: Path) -> None:
    """A student's database from schema 0001, with answers over several days and
    areas, upgrades with the same figures per day, and per area as in the log."""
    from studyapp.core.stats.daily import reviews_per_day

    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    ist = timezone(timedelta(hours=5, minutes=30))
    path = tmp_path / "old.sqlite3"
    engine = dbmod.make_engine(path)
    dbmod.upgrade(engine, "0001")
    areas = {1: "trade", 2: "trade", 3: "links", 4: "defence"}
    with engine.begin() as conn:
        for qid, area in areas.items():
            _insert_prompt(conn, qid, area)
        for i in range(56):  # every 5 h 7 min over twelve days, prompts in turn
            when = now - timedelta(days=12) + timedelta(minutes=307 * i)
            conn.execute(
                text(
                    "INSERT INTO review_log (question_id, reviewed_ms, rating, correct, "
                    "duration_ms, mode, state_before) VALUES (:q, :ms, :rating, :correct, "
                    ":duration, 'review', :before)"
                ),
                {
                    "q": i % 4 + 1,
                    "ms": int(when.timestamp() * 1000),
                    "rating": 1 if i % 5 == 0 else 3,
                    "correct": i % 5 != 0,
                    "duration": 1000 + 37 * i,
                    "before": None if i < 4 else 2,
                },
            )
        conn.execute(text("DELETE FROM review_log WHERE id = 7"))  # an undo
        old_slots = conn.execute(text("SELECT * FROM review_buckets ORDER BY bucket")).all()
    database = dbmod.open_database(path)  # upgrades, as Setu does at start-up
    engine.dispose()
    try:
        with database.begin() as s:
            # Expected from the log itself: answers, lapses and time per local day.
            expected: dict[str, list[int]] = {}
            for ms, rating, before, duration in s.execute(
                text("SELECT reviewed_ms, rating, state_before, duration_ms FROM review_log")
            ):
                when = datetime.fromtimestamp(ms / 1000, UTC).astimezone(ist) - timedelta(hours=4)
                day = expected.setdefault(when.date().isoformat(), [0, 0, 0])
                day[0] += 1
                day[1] += int(before == 2 and rating == 1)
                day[2] += duration
            per_day = reviews_per_day(s, now, ist, days=30)
            assert {d.day.isoformat(): [d.reviews, d.lapses, d.time_ms] for d in per_day} == (
                expected
            )
            assert len(per_day) == 13  # 26 February to 10 March
            slots = s.execute(text("SELECT * FROM review_slots ORDER BY bucket")).all()
            assert [tuple(r) for r in slots] == [tuple(r) for r in old_slots]
            per_area = s.execute(
                text(
                    "SELECT r.reviewed_ms / 900000, q.area, count(*), sum(r.duration_ms), "
                    "sum(r.state_before IS 2 AND r.rating = 1), sum(r.correct IS NOT NULL), "
                    "sum(r.correct), sum(r.state_before IS 2 AND r.correct IS NOT NULL), "
                    "sum(r.state_before IS 2 AND r.correct), sum(r.state_before IS NULL) "
                    "FROM review_log r JOIN questions q ON q.id = r.question_id "
                    "GROUP BY 1, 2 ORDER BY 1, 2"
                )
            ).all()
            buckets = s.execute(
                text(
                    "SELECT bucket, area, reviews, time_ms, lapses, graded, correct, "
                    "mature_graded, mature_correct, new_cards FROM review_buckets "
                    "WHERE reviews > 0 ORDER BY bucket, area"
                )
            ).all()
            assert [tuple(r) for r in buckets] == [tuple(r) for r in per_area]

        # And back: the downgrade restores schema 0001's per-slot totals exactly.
        from alembic import command

        config = dbmod._alembic_config()
        with database.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0001")
            restored = conn.execute(text("SELECT * FROM review_buckets ORDER BY bucket")).all()
            assert [tuple(r) for r in restored] == [tuple(r) for r in old_slots]
            conn.execute(text("DELETE FROM review_log WHERE id = 8"))  # 0001's triggers work
            assert conn.execute(text("SELECT sum(reviews) FROM review_buckets")).scalar() == 54
    finally:
        database.close()


def test_mock_tests_and_mains_answers_survive_the_upgrade_to_papers(tmp_path: Path) -> None:
    """A database from schema 0002 with a submitted mock and a mains answer upgrades
    with both intact: the mock has no paper, its answers no confidence tag, the
    answer was typed."""
    from studyapp.core.quiz.mains import load_answer
    from studyapp.core.quiz.mocks import mock_history
    from studyapp.core.quiz.papers import earlier_attempts, list_papers
    from studyapp.core.quiz.records import load_quiz

    path = tmp_path / "old.sqlite3"
    engine = dbmod.make_engine(path)
    dbmod.upgrade(engine, "0002")
    with engine.begin() as conn:
        _insert_prompt(conn, 1, "trade")
        conn.execute(
            text(
                "INSERT INTO questions (id, key, type, stem, options, answer_index, details, "
                "explanation, area, difficulty, origin, tags, retired) VALUES (2, "
                "'q.trade.0501', 'mains', 'Discuss.', '[]', NULL, "
                '\'{"directive": "Discuss", "word_limit": 150, "marks": 10, '
                '"key_points": ["A"], "model_outline": "A."}\', \'\', '
                "'trade', 'hard', 'bundled', '[]', 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO quiz_sessions (id, kind, config, status, created_ms, finished_ms, "
                "time_limit_s, time_used_ms, current_position, score, max_score) VALUES "
                "(5, 'mock', '{\"title\": \"Mock test · 1 prompts\"}', 'submitted', 1000, "
                "2000, 72, 30000, 0, 2.0, 2.0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO quiz_items (session_id, position, question_id, response, marked, "
                "visited, time_ms, correct, marks) VALUES (5, 0, 1, '0', 0, 1, 30000, 1, 2.0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO mains_answers (id, question_id, text, word_count, started_ms, "
                "submitted_ms, time_limit_s, time_taken_s, points_covered, score) VALUES "
                "(3, 2, 'Line one.\nLine two.', 4, 1000, 5000, 420, 300, '[0]', 5.0)"
            )
        )
    database = dbmod.open_database(path)
    engine.dispose()
    try:
        with database.begin() as s:
            (history,) = mock_history(s)
            assert (history.quiz_id, history.title, history.score) == (
                5,
                "Mock test · 1 prompts",
                2.0,
            )
            item = load_quiz(s, 5).items[0]
            assert (item.response, item.correct, item.confidence) == ("0", True, None)
            assert earlier_attempts(s, 5) == [] and list_papers(s) == []
            answer = load_answer(s, 3)
            assert (answer.text, answer.score, answer.on_paper) == (
                "Line one.\nLine two.",
                5.0,
                False,
            )
    finally:
        database.close()


def test_search_finds_the_same_after_the_index_stops_copying_the_texts(tmp_path: Path) -> None:
    """A database from schema 0005, whose index held its own copy of every text,
    upgrades to one that reads the prompts' words from the prompts and keeps only the
    sections' and notes' texts: the same searches find the same things."""
    from studyapp.core.content.search import matching_question_ids, search

    path = tmp_path / "old.sqlite3"
    engine = dbmod.make_engine(path)
    dbmod.upgrade(engine, "0005_bank_sort")
    details = '{"statements": [{"text": "Kyoto pairs with Varanasi", "correct": true}]}'
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO questions (id, key, type, stem, options, answer_index, details, "
                "explanation, area, difficulty, origin, tags, retired) VALUES (7, 'q.links.0007', "
                "'statements', 'Consider the following statements.', '[\"1 only\", \"Neither\"]', "
                "0, :details, 'Both cities are old.', 'links', 'easy', 'bundled', '[\"cities\"]', 0)"
            ),
            {"details": details},
        )
        conn.execute(
            text(
                "INSERT INTO sections (id, key, kind, title, summary, body, position, date_label, "
                "aliases, key_figures, disagreements, partnerships, retired) VALUES (3, "
                "'links.culture', 'topic', 'Cultural links', 'Summary.', 'Temples and festivals.', "
                "1, '', '[]', '[]', '[]', '[]', 0)"
            )
        )
        conn.execute(
            text("INSERT INTO notes (id, section_id, body, updated_ms) VALUES (2, 3, 'Revise', 1)")
        )
        for rowid, kind, item, title, body in (
            (7, "question", 7, "Consider the following statements.", "Kyoto pairs with Varanasi"),
            ((1 << 40) + 3, "section", 3, "Cultural links", "Summary.\nTemples and festivals."),
            ((2 << 40) + 2, "note", 2, "Cultural links", "Revise"),
        ):
            conn.execute(
                text(
                    "INSERT INTO search_index (rowid, kind, item_id, title, body) "
                    "VALUES (:r, :k, :i, :t, :b)"
                ),
                {"r": rowid, "k": kind, "i": item, "t": title, "b": body},
            )
    database = dbmod.open_database(path)
    engine.dispose()
    try:
        with database.begin() as s:
            assert matching_question_ids(s, "varanasi") == [7]
            assert matching_question_ids(s, "neither cities") == [7]  # options and tags
            assert [(h.kind, h.id) for h in search(s, "temples")] == [("section", "links.culture")]
            assert [(h.kind, h.id) for h in search(s, "revise")] == [("note", "links.culture")]
            (hit,) = search(s, "kyoto")
            assert (hit.kind, hit.id) == ("question", "q.links.0007")
            assert "\x02Kyoto\x03" in hit.snippet
            assert s.execute(text("SELECT count(*) FROM search_text")).scalar_one() == 2
    finally:
        database.close()


def test_the_totals_keep_their_answers_across_the_change_to_batches(tmp_path: Path) -> None:
    """A database whose triggers added every answer to the totals upgrades with its
    totals holding every answer (the mark at the newest); later answers wait in the
    tail, and a downgrade folds them in before the old triggers return."""
    from studyapp.core.srs.rules import summed_sql

    path = tmp_path / "old.sqlite3"
    engine = dbmod.make_engine(path)
    dbmod.upgrade(engine, "0006_search_text_once")
    insert = text(
        "INSERT INTO review_log (question_id, reviewed_ms, rating, correct, duration_ms, "
        "mode, state_before) VALUES (:q, :ms, 3, 1, 1000, 'review', NULL)"
    )
    start = int(datetime(2026, 3, 1, tzinfo=UTC).timestamp() * 1000)

    def answers(conn: Connection, first: int, count: int) -> None:
        for i in range(first, first + count):
            conn.execute(insert, {"q": i % 3 + 1, "ms": start + 3_600_000 * i})

    def kept(conn: Connection) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        slots = conn.execute(text("SELECT * FROM review_slots ORDER BY bucket")).all()
        areas = conn.execute(text("SELECT * FROM review_buckets ORDER BY area, bucket")).all()
        return [tuple(r) for r in slots], [tuple(r) for r in areas]

    def from_log(conn: Connection) -> list[tuple[object, ...]]:
        rows = conn.execute(
            text(f"SELECT r.reviewed_ms / 900000, {summed_sql()} FROM review_log r GROUP BY 1")
        )
        return [tuple(r) for r in rows]

    with engine.begin() as conn:
        for qid, area in enumerate(("trade", "links", "defence"), start=1):
            _insert_prompt(conn, qid, area)
        answers(conn, 0, 10)
        before = kept(conn)
    dbmod.upgrade(engine)
    try:
        with engine.begin() as conn:
            assert kept(conn) == before
            assert conn.execute(text("SELECT through_id FROM review_totals_mark")).scalar() == 10
            answers(conn, 10, 5)  # after the mark: the tables do not change
            assert kept(conn) == before
        from alembic import command

        config = dbmod._alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0006_search_text_once")
            assert kept(conn)[0] == from_log(conn)  # the tail folded in
            answers(conn, 15, 1)  # 0006's triggers count each answer again
            assert kept(conn)[0] == from_log(conn)
            assert sum(r[2] for r in kept(conn)[1]) == 16  # every area's rows too
    finally:
        engine.dispose()
