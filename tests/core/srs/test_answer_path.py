"""The fast paths: an answer stored from the outcomes its buttons showed, the next
prompt in one statement, and `studyapp due`, which counts without the ORM. Fixed UTC
times; fuzz on where the shown outcomes are what is stored."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from studyapp.cli import main
from studyapp.core.models import Card, Question, ReviewLog
from studyapp.core.srs.queue import count_queue
from studyapp.core.srs.scheduler import (
    Rating,
    answer,
    build_queue,
    next_due_question,
    next_outcomes,
    queue_counts,
    undo_last_answer,
)
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import DataDir

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
FIELDS = ("state", "step", "stability", "difficulty", "due_ms", "last_review_ms", "reps", "lapses")


def card_fields(db: Database, question_id: int) -> dict[str, object]:
    with db.begin() as s:
        card = s.get(Card, question_id)
        assert card is not None
        return {name: getattr(card, name) for name in FIELDS}


def first_prompt(db: Database) -> int:
    with db.begin() as s:
        return s.scalars(select(Question.id).order_by(Question.id)).first() or 0


def test_the_rating_shown_is_stored_and_undo_restores_the_card(db: Database) -> None:
    question = first_prompt(db)
    with db.write() as s:
        answer(s, question, Rating.GOOD, T0, correct=True)
    before = card_fields(db, question)
    later = T0 + timedelta(days=3)
    with db.write() as s:
        outcomes = next_outcomes(s, question, later)
        result = answer(s, question, Rating.EASY, later, correct=True, outcomes=outcomes)
    assert result.due == outcomes.by_rating[Rating.EASY].due
    assert card_fields(db, question)["due_ms"] == outcomes.by_rating[Rating.EASY].due_ms
    with db.write() as s:
        assert undo_last_answer(s) == question
    assert card_fields(db, question) == before


def test_outcomes_shown_before_another_answer_are_not_stored(db: Database) -> None:
    """A practice answer given while the review screen showed the prompt: the review
    answer is then computed from the card as it is, and undo returns to that card."""
    question = first_prompt(db)
    with db.write() as s:
        shown = next_outcomes(s, question, T0)
    with db.write() as s:
        answer(s, question, Rating.AGAIN, T0, correct=False, mode="practice", fuzz=False)
    in_between = card_fields(db, question)
    later = T0 + timedelta(minutes=30)
    with db.write() as s:
        result = answer(s, question, Rating.GOOD, later, correct=True, outcomes=shown, fuzz=False)
    with db.write() as s:
        assert undo_last_answer(s, modes=("review",)) == question
    assert card_fields(db, question) == in_between
    with db.write() as s:
        fresh = next_outcomes(s, question, later, fuzz=False)
        again = answer(s, question, Rating.GOOD, later, correct=True, fuzz=False)
    assert result.due == again.due != shown.by_rating[Rating.GOOD].due
    assert fresh.by_rating[Rating.GOOD].due == again.due
    with db.begin() as s:
        snapshots = s.scalars(select(ReviewLog.card_before).order_by(ReviewLog.id)).all()
    assert snapshots[-1] == in_between


def test_the_next_prompt_is_the_head_of_the_queue_through_a_session(db: Database) -> None:
    moment = T0
    for _ in range(40):
        with db.write() as s:
            queue = build_queue(s, moment)
            question = next_due_question(s, moment)
            assert question == (queue[0] if queue else None)
            if question is None:
                break
            outcomes = next_outcomes(s, question, moment)
            rating = Rating.AGAIN if question % 3 == 0 else Rating.GOOD
            answer(s, question, rating, moment, correct=True, outcomes=outcomes)
        moment += timedelta(minutes=7)


def test_counts_on_the_driver_connection_equal_the_session_counts(db: Database) -> None:
    with db.write() as s:
        answered = build_queue(s, T0)[:5]
        for question in answered:
            answer(s, question, Rating.AGAIN, T0, correct=False)
    with db.begin() as s:
        expected = queue_counts(s, T0 + timedelta(minutes=15))
    with db.read() as connection:
        assert count_queue(connection, T0 + timedelta(minutes=15)) == expected
    assert expected.learning == len(answered) > 0


def test_answers_on_the_direct_connection_match_answers_in_a_session(
    db: Database, data_dir: DataDir
) -> None:
    """The review screen's answers (each its own unit on the DB-API connection kept
    for them) store what the same answers store through a Session, and are on disk
    for the next process to read."""
    other = Database(data_dir.database.with_name("twin.sqlite3"))
    with sqlite3.connect(data_dir.database) as source, sqlite3.connect(other.path) as target:
        source.backup(target)
    moment, answered = T0, 0
    while answered < 12:
        with db.write_direct() as connection:
            question = next_due_question(connection, moment)
            if question is None:
                break
            outcomes = next_outcomes(connection, question, moment)
            answer(connection, question, Rating.GOOD, moment, correct=True, outcomes=outcomes)
        with other.write() as s:
            assert next_due_question(s, moment) == question
            outcomes = next_outcomes(s, question, moment)
            answer(s, question, Rating.GOOD, moment, correct=True, outcomes=outcomes)
        moment += timedelta(minutes=4)
        answered += 1
    assert answered > 3
    db.close()
    other.close()
    stored = []
    for path in (data_dir.database, other.path):
        with sqlite3.connect(path) as connection:
            stored.append(
                connection.execute(
                    "SELECT question_id, reviewed_ms, rating, card_before FROM review_log"
                    " ORDER BY id"
                ).fetchall()
                + connection.execute("SELECT * FROM cards ORDER BY question_id").fetchall()
            )
    assert len(stored[0]) > answered
    assert stored[0] == stored[1]


def test_a_failed_answer_on_the_direct_connection_leaves_nothing(db: Database) -> None:
    question = first_prompt(db)
    before = card_fields(db, question)
    with pytest.raises(DBAPIError), db.write_direct() as connection:
        answer(connection, question, Rating.GOOD, T0, correct=True)
        connection.execute("INSERT INTO review_log (id) VALUES (NULL)")  # NOT NULL fails
    assert card_fields(db, question) == before
    with db.begin() as s:
        assert s.scalars(select(ReviewLog.id)).first() is None
    with db.write_direct() as connection:  # the connection is usable again
        answer(connection, question, Rating.GOOD, T0, correct=True)
    assert card_fields(db, question) != before


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    rows = ["front,back,tags"] + [f"Prompt {i},Answer {i},trade" for i in range(30)]
    csv_path = tmp_path / "mine.csv"
    csv_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "import", str(csv_path)]) == 0
    return data


def test_due_reports_todays_counts(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--data-dir", str(imported), "due", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["review"] == figures["learning"] == 0
    assert figures["new"] == 20  # the default limit of new prompts a day
    assert figures["total"] == 20
    assert main(["--data-dir", str(imported), "due"]) == 0
    assert capsys.readouterr().out == "Due today: 0 to review, 0 in learning, 20 new.\n"


def test_due_never_loads_the_orm(imported: Path) -> None:
    code = (
        "import sys; from studyapp.cli import main; "
        f"main(['--data-dir', {str(imported)!r}, 'due', '--json']); "
        "print(sorted(m for m in ('sqlalchemy', 'fsrs', 'alembic') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
