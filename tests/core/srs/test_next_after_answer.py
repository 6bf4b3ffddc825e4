"""The next prompt found while an answer's commit is synced: read on the database as it
was before the commit or after it, it is the prompt the queue gives once the answer
is in, or None (read it after the commit then); and the unit of work that reads it
alongside its commit keeps nothing of a failed answer."""

from __future__ import annotations

import logging
import random
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import DBAPIError

from studyapp.core.exchange.csv_import import CsvRow, import_rows
from studyapp.core.settings import update_settings
from studyapp.core.srs.queue import next_after_answer, next_in_queue
from studyapp.core.srs.scheduler import Rating, answer, next_due_question, next_outcomes
from studyapp.core.storage.alongside import ReadMeanwhile
from studyapp.core.storage.db import Database, configure_connection

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


@pytest.fixture
def reader(db: Database) -> Iterator[sqlite3.Connection]:
    """Another connection: it sees an answer only once it is committed."""
    connection = sqlite3.connect(db.path)
    configure_connection(connection)
    yield connection
    connection.close()


def add_prompts(db: Database, count: int, new_per_day: int) -> None:
    rows = [CsvRow(i + 2, f"Prompt {i}", f"Answer {i}", ("trade",)) for i in range(count)]
    with db.write() as s:
        import_rows(s, rows)
        update_settings(s, new_per_day=new_per_day)


def test_the_prompt_found_before_the_commit_is_the_one_the_queue_gives_after_it(
    db: Database, reader: sqlite3.Connection
) -> None:
    """A long session of every rating, rated at once or minutes later, across days,
    with today's new prompts running out: whenever the read before the commit names
    a prompt, it is the queue's head after the commit, and the read after the commit
    names the same."""
    add_prompts(db, 40, new_per_day=12)
    pick = random.Random(7)
    moment, found, unknown = T0, 0, 0
    for _ in range(300):
        with db.write_direct() as connection:
            question = next_due_question(connection, moment)
            if question is not None:
                outcomes = next_outcomes(connection, question, moment)
                rating = pick.choice(list(Rating))
                result = answer(
                    connection, question, rating, moment, correct=True, outcomes=outcomes
                )
                # Rated at once, or after reading for a while (a learning step may be
                # due again by then).
                rated = moment + timedelta(seconds=pick.choice((2, 30, 90, 700)))
                before = next_after_answer(reader, result.card, rated)
        if question is None:
            moment += timedelta(hours=pick.choice((1, 9, 30)))
            continue
        after = next_after_answer(reader, result.card, rated)
        head = next_in_queue(reader, rated)
        assert before == after
        assert before is None or before == head
        found += before is not None
        unknown += before is None and head is not None
        moment = rated
    assert found > 200  # the read alongside the commit nearly always answers
    assert unknown > 0  # and does not guess when the answered prompt may come next


@pytest.mark.parametrize("new_per_day", [1, 2])
def test_todays_new_prompts_are_counted_once_whichever_state_is_read(
    db: Database, reader: sqlite3.Connection, new_per_day: int
) -> None:
    """The first answer of the day is a new prompt: read before its commit it must be
    counted, read after it not again. With one new prompt a day none follows it (only
    its own learning step is left, a few minutes ahead); with two, the next one does."""
    add_prompts(db, 5, new_per_day=new_per_day)
    with db.write_direct() as connection:
        question = next_due_question(connection, T0)
        assert question is not None
        outcomes = next_outcomes(connection, question, T0)
        result = answer(connection, question, Rating.GOOD, T0, correct=True, outcomes=outcomes)
        before = next_after_answer(reader, result.card, T0)
    after = next_after_answer(reader, result.card, T0)
    head = next_in_queue(reader, T0)
    if new_per_day == 1:
        assert before is after is None and head == question
    else:
        assert before == after == head and head not in (None, question)


def answered_with(db: Database, meanwhile: ReadMeanwhile[int]) -> int:
    """Answer the next prompt in one unit that reads `meanwhile`; its id."""
    with db.write_direct(meanwhile) as connection:
        question = next_due_question(connection, T0)
        assert question is not None
        result = answer(connection, question, Rating.GOOD, T0, correct=True)
        meanwhile.read = lambda reader: next_after_answer(reader, result.card, T0)
    return question


def review_count(db: Database) -> int:
    with db.read() as connection:
        return int(connection.execute("SELECT count(*) FROM review_log").fetchone()[0])


def test_the_read_alongside_the_commit_is_made_on_its_own_connection_and_thread(
    db: Database,
) -> None:
    add_prompts(db, 5, new_per_day=9)
    threads: list[threading.Thread] = []
    meanwhile: ReadMeanwhile[int] = ReadMeanwhile()
    with db.write_direct(meanwhile) as connection:
        question = next_due_question(connection, T0)
        assert question is not None
        result = answer(connection, question, Rating.GOOD, T0, correct=True)

        def read(reader: sqlite3.Connection) -> int | None:
            threads.append(threading.current_thread())
            with pytest.raises(sqlite3.OperationalError):  # it only reads
                reader.execute("DELETE FROM review_log")
            return next_after_answer(reader, result.card, T0)

        meanwhile.read = read
    assert meanwhile.result is not None and meanwhile.result != question
    with db.read() as connection:
        assert meanwhile.result == next_in_queue(connection, T0)
    assert threads and threads[0] is not threading.current_thread()
    db.close()
    assert not threads[0].is_alive()


def test_a_unit_that_fails_keeps_nothing_and_its_read_is_not_given(db: Database) -> None:
    add_prompts(db, 5, new_per_day=9)
    meanwhile: ReadMeanwhile[int] = ReadMeanwhile()
    with pytest.raises(DBAPIError), db.write_direct(meanwhile) as connection:
        question = next_due_question(connection, T0)
        assert question is not None
        answer(connection, question, Rating.GOOD, T0, correct=True)
        meanwhile.read = lambda reader: 1
        connection.execute("INSERT INTO review_log (id) VALUES (NULL)")  # NOT NULL fails
    assert meanwhile.result is None and review_count(db) == 0


def test_a_commit_that_fails_keeps_nothing_and_its_read_is_not_given(db: Database) -> None:
    """The commit itself refuses (a foreign key checked only then): the read made
    alongside it is dropped, and the connection answers again afterwards."""
    add_prompts(db, 5, new_per_day=9)
    meanwhile: ReadMeanwhile[int] = ReadMeanwhile()
    with pytest.raises(DBAPIError, match="FOREIGN KEY"), db.write_direct(meanwhile) as connection:
        connection.execute("PRAGMA defer_foreign_keys = ON")
        question = next_due_question(connection, T0)
        assert question is not None
        result = answer(connection, question, Rating.GOOD, T0, correct=True)
        connection.execute(
            "UPDATE review_log SET question_id = -1 WHERE id = ?", (result.review_id,)
        )
        meanwhile.read = lambda reader: next_after_answer(reader, result.card, T0)
    assert meanwhile.result is None and review_count(db) == 0
    again: ReadMeanwhile[int] = ReadMeanwhile()
    answered_with(db, again)
    assert again.result is not None and review_count(db) == 1


def test_a_read_that_fails_loses_no_answer(db: Database, caplog: pytest.LogCaptureFixture) -> None:
    add_prompts(db, 5, new_per_day=9)
    meanwhile: ReadMeanwhile[int] = ReadMeanwhile()
    with caplog.at_level(logging.ERROR), db.write_direct(meanwhile) as connection:
        question = next_due_question(connection, T0)
        assert question is not None
        answer(connection, question, Rating.GOOD, T0, correct=True)

        def read(reader: sqlite3.Connection) -> int:
            reader.execute("SELECT * FROM no_such_table")
            return 1

        meanwhile.read = read
    assert meanwhile.result is None and review_count(db) == 1
    assert "the read alongside a commit failed" in caplog.text
    again: ReadMeanwhile[int] = ReadMeanwhile()
    assert answered_with(db, again) != question and again.result is not None


def test_an_answer_is_saved_when_no_read_can_be_made_alongside(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_prompts(db, 5, new_per_day=9)
    with db.write_direct():
        pass  # the answers' own connection is open; none reads alongside yet

    def refused(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refused)
    meanwhile: ReadMeanwhile[int] = ReadMeanwhile()
    answered_with(db, meanwhile)
    monkeypatch.undo()
    assert meanwhile.result is None and review_count(db) == 1
    again: ReadMeanwhile[int] = ReadMeanwhile()
    answered_with(db, again)  # and the next answer reads alongside again
    assert again.result is not None and review_count(db) == 2
