"""A daily review driven whole, without Qt: the controller over a real database, a
clock that moves only when told, and a view that keeps what it was shown."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.core.clock import to_ms
from studyapp.core.models import Card, Question, ReviewLog
from studyapp.core.settings import update_settings
from studyapp.core.srs.scheduler import Rating
from studyapp.core.startup import open_study_database
from studyapp.core.storage import db as dbmod
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import ContentDirs, resolve_data_dir
from studyapp.core.study.clock import FakeClock
from studyapp.core.study.review import ReviewSession
from studyapp.core.study.store import DatabaseStore
from studyapp.core.study.turn import Phase
from tests.core.study.views import ReviewShown
from tests.full_disk import fill

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
CARD_COLUMNS = ("state", "step", "stability", "difficulty", "due_ms", "last_review_ms", "reps")


def review(db: Database, clock: FakeClock) -> tuple[ReviewSession, ReviewShown]:
    shown = ReviewShown()
    session = ReviewSession(DatabaseStore(db), clock, shown)
    session.load_next()
    return session, shown


def logs(db: Database) -> list[ReviewLog]:
    with db.begin() as s:
        return list(s.scalars(select(ReviewLog).order_by(ReviewLog.id)))


def card_of(s: Session, key: str) -> dict[str, Any]:
    qid = s.scalars(select(Question.id).where(Question.key == key)).one()
    card = s.get(Card, qid)
    assert card is not None
    return {name: getattr(card, name) for name in (*CARD_COLUMNS, "lapses", "suspended")}


def test_a_review_of_several_prompts_stores_each_answer_with_its_time(db: Database) -> None:
    clock = FakeClock(T0)
    session, shown = review(db, clock)
    assert shown.prompts == ["q.trade.0001"]  # mcq, (a) is the key
    assert shown.counts[-1][0].new == 4 and shown.counts[-1][1] == 0

    clock.advance(12)
    session.respond(0)  # right
    assert shown.answers[-1].verdict.correct is True
    assert [a.suggested for a in shown.answers] == [Rating.GOOD]
    session.accept()

    assert session.prompt is not None and session.prompt.key == "q.trade.0003"
    clock.advance(30)
    session.respond(1)  # "False": wrong
    assert [a.suggested for a in shown.answers] == [Rating.GOOD, Rating.AGAIN]
    session.accept()

    assert session.prompt is not None and session.prompt.key == "q.trade.0002"
    clock.advance(5)
    session.respond(0)  # statements, (a): right
    clock.advance(2)  # reading the explanation counts too
    session.rate(Rating.EASY)

    stored = logs(db)
    assert [(log.rating, log.correct, log.duration_ms) for log in stored] == [
        (3, True, 12_000),
        (1, False, 30_000),
        (4, True, 7_000),
    ]
    # Each review is dated when its answer was given (the outcomes' moment).
    assert [log.reviewed_ms for log in stored] == [
        to_ms(T0 + timedelta(seconds=12)),
        to_ms(T0 + timedelta(seconds=42)),
        to_ms(T0 + timedelta(seconds=47)),
    ]
    t = session.tally
    assert (t.answered, t.right, t.graded, t.seconds) == (3, 2, 3, 49.0)
    assert shown.counts[-1][1] == 3  # the header's "done this session"
    assert shown.undo[-1] is not None and shown.undo[-1].rating == Rating.EASY


def test_the_stored_interval_is_the_one_shown(db: Database) -> None:
    clock = FakeClock(T0)
    session, shown = review(db, clock)
    session.respond(0)
    promised = shown.answers[-1].outcomes.by_rating[Rating.GOOD].due
    clock.advance(40)  # rated a while later: the interval shown still holds
    session.rate(Rating.GOOD)
    with db.begin() as s:
        assert card_of(s, "q.trade.0001")["due_ms"] == to_ms(promised)


def test_answers_reach_the_database_file_while_the_next_prompt_is_read(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every so many answers, the WAL is copied into the database file on a thread of
    its own once the next prompt is up, so no answer's commit has to do it."""
    monkeypatch.setattr(dbmod, "DIRECT_UNITS_PER_CHECKPOINT", 2)
    db.checkpoints_finished()
    written = db.path.read_bytes()
    clock = FakeClock(T0)
    session, shown = review(db, clock)
    session.respond(0)
    session.accept()
    db.checkpoints_finished()
    assert db.path.read_bytes() == written and len(logs(db)) == 1
    session.respond(0)
    session.accept()
    assert len(shown.prompts) == 3  # the next prompt was up first
    db.checkpoints_finished()
    assert db.path.read_bytes() != written


def test_undo_restores_the_exact_card_and_the_tally(db: Database) -> None:
    clock = FakeClock(T0)
    session, shown = review(db, clock)
    session.respond(0)
    session.accept()  # q.trade.0001: Good
    with db.begin() as s:
        before = card_of(s, "q.trade.0003")
    clock.advance(20)
    session.respond(1)
    clock.advance(3)
    session.rate(Rating.AGAIN)  # q.trade.0003: Again, 23 s
    assert session.tally.answered == 2 and session.tally.seconds == 23.0

    session.undo()
    with db.begin() as s:
        assert card_of(s, "q.trade.0003") == before
    assert len(logs(db)) == 1
    assert session.prompt is not None and session.prompt.key == "q.trade.0003"
    assert session.phase is Phase.ASKING  # asked afresh
    t = session.tally
    assert (t.answered, t.right, t.graded, t.seconds) == (1, 1, 1, 0.0)
    assert shown.counts[-1][1] == 1
    assert shown.undo[-1] is not None and shown.undo[-1].rating == Rating.GOOD

    session.undo()  # and the one before it
    assert session.prompt is not None and session.prompt.key == "q.trade.0001"
    assert logs(db) == [] and session.tally.answered == 0
    assert shown.undo[-1] is None
    session.undo()  # nothing left: nothing changes
    assert session.prompt.key == "q.trade.0001"


def test_a_wrong_answer_rated_easy_is_asked_about_once_before_it_is_stored(
    db: Database,
) -> None:
    clock = FakeClock(T0)
    session, shown = review(db, clock)
    session.respond(2)  # (c): wrong
    session.rate(Rating.EASY)
    assert shown.confirmations == [Rating.EASY]
    assert logs(db) == [] and session.prompt is not None and session.prompt.key == "q.trade.0001"
    session.rate(Rating.HARD)  # a different rating is asked about in its turn
    assert shown.confirmations == [Rating.EASY, Rating.HARD] and logs(db) == []
    session.rate(Rating.HARD)
    [log] = logs(db)
    assert (log.rating, log.correct, log.response) == (2, False, "2")
    assert session.prompt is not None and session.prompt.key == "q.trade.0003"


def test_again_after_a_wrong_answer_needs_no_confirmation(db: Database) -> None:
    session, shown = review(db, FakeClock(T0))
    session.respond(3)
    session.rate(Rating.AGAIN)
    assert shown.confirmations == [] and [log.rating for log in logs(db)] == [1]


def test_keys_before_an_answer_store_nothing(db: Database) -> None:
    session, shown = review(db, FakeClock(T0))
    session.rate(Rating.GOOD)
    session.accept()
    assert logs(db) == [] and session.phase is Phase.ASKING and shown.answers == []


def test_a_failed_write_keeps_the_prompt_to_retry(
    small_volume: Path, tmp_path: Path, content: ContentDirs
) -> None:
    data = resolve_data_dir(small_volume / "data")
    shutil.rmtree(data.backups)  # only the database's own disk fills up
    (tmp_path / "backups").mkdir()
    data.backups.symlink_to(tmp_path / "backups")
    db, _ = open_study_database(data, content)
    try:
        with db.engine.connect() as conn:  # no reusable space left in the -wal
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        clock = FakeClock(T0)
        session, shown = review(db, clock)
        first = session.prompt
        session.respond(0)
        filler = fill(small_volume)
        session.accept()
        assert len(shown.errors) == 1
        assert shown.errors[0].startswith("The disk holding") and "is full" in shown.errors[0]
        assert session.prompt is first and session.phase is Phase.ANSWERED
        assert session.tally.answered == 0 and logs(db) == []
        filler.unlink()
        session.accept()  # the retry
        assert len(logs(db)) == 1 and session.tally.answered == 1
        assert session.prompt is not first and len(shown.errors) == 1
    finally:
        db.close()


def test_a_new_study_day_begins_a_new_study_session(db: Database) -> None:
    clock = FakeClock(T0)
    session, shown = review(db, clock)
    session.respond(0)
    session.accept()
    assert session.tally.answered == 1 and shown.undo[-1] is not None

    clock.advance(24 * 3600)
    session.load_next()  # the next prompt, a day later
    assert session.tally.answered == 0 and shown.counts[-1][1] == 0
    assert shown.undo[-1] is None  # yesterday's answer is out of Undo's reach
    session.undo()
    assert len(logs(db)) == 1
    # The review goes on where the queue stands: yesterday's prompt is due again.
    assert session.prompt is not None and session.prompt.key == "q.trade.0001"
    session.respond(0)
    session.accept()
    assert len(logs(db)) == 2 and session.tally.answered == 1


def test_the_next_prompt_respects_todays_new_limit_and_a_step_due_again(
    db: Database,
) -> None:
    """The next prompt is found while an answer is saved: once the day's only new
    prompt is answered no other new one follows, and a prompt rated Again long after
    its answer was shown is due again at once, ahead of new prompts."""
    with db.write() as s:
        update_settings(s, new_per_day=1)
    clock = FakeClock(T0)
    session, shown = review(db, clock)
    session.respond(0)
    session.accept()
    # Only its learning step is left today, a few minutes ahead.
    assert shown.prompts == ["q.trade.0001", "q.trade.0001"]
    with db.write() as s:
        update_settings(s, new_per_day=9)
    session.respond(1)  # wrong
    clock.advance(15 * 60)  # rated a quarter of an hour later: the 1-minute step is due
    session.accept()
    assert shown.prompts[-1] == "q.trade.0001"


def test_setu_reopened_resumes_the_queue_without_the_old_undo(db: Database) -> None:
    clock = FakeClock(T0)
    session, _ = review(db, clock)
    session.respond(0)
    session.accept()
    again, shown = review(db, clock)  # a new controller: Setu opened again
    assert again.prompt is not None and again.prompt.key == "q.trade.0003"
    assert shown.undo == [None] and again.tally.answered == 0
    again.undo()
    assert len(logs(db)) == 1


def test_nothing_due_says_when_the_next_prompt_is(db: Database) -> None:
    clock = FakeClock(T0)
    session, shown = review(db, clock)
    answered = 0
    while session.prompt is not None and answered < 10:
        session.respond(session.prompt.answer_index)
        session.rate(Rating.EASY)  # easy: out of today's queue at once
        answered += 1
    assert session.prompt is None and session.phase is Phase.IDLE
    [summary] = shown.summaries
    assert summary.tally.answered == answered == 4
    assert summary.next_due is not None and summary.next_due > T0
    with db.begin() as s:
        keys = ("q.trade.0001", "q.trade.0002", "q.trade.0003", "q.trade.0501")
        first_due = min(card_of(s, key)["due_ms"] for key in keys)
    assert to_ms(summary.next_due) == first_due


def test_changes_elsewhere_bring_new_work_but_never_replace_an_answered_prompt(
    db: Database,
) -> None:
    clock = FakeClock(T0)
    session, shown = review(db, clock)
    session.respond(0)
    session.changed({"content"})
    assert shown.prompts == ["q.trade.0001"] and session.phase is Phase.ANSWERED
    session.accept()
    session.changed({"settings"})  # reloaded: the same prompt is next
    assert shown.prompts == ["q.trade.0001", "q.trade.0003", "q.trade.0003"]
