"""A mains answer written through its controller with a fake clock and no Qt: the
timer, the draft saved once typing stops, the word count, resuming after a restart
with the time taken, submitting (typed or on paper), discarding, deleting and the
self-assessment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from studyapp.core.models import MainsAnswer, Question, ReviewLog
from studyapp.core.quiz.mains import MainsAnswerView, load_answer, unfinished_answer
from studyapp.core.startup import open_study_database
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import ContentDirs, DataDir
from studyapp.core.study.clock import FakeClock
from studyapp.core.study.mains_draft import AnswerTime, MainsDraft, WordCount
from studyapp.core.study.store import DatabaseStore

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


@dataclass
class WritingScreen:
    """What a screen would show, as the controller tells it."""

    answers: list[MainsAnswerView] = field(default_factory=list)
    time: AnswerTime | None = None
    words: WordCount | None = None
    asked: list[tuple[int, int]] = field(default_factory=list)
    closed: int = 0

    def show_answer(self, answer: MainsAnswerView) -> None:
        self.answers.append(answer)

    def show_time(self, time: AnswerTime) -> None:
        self.time = time

    def show_words(self, count: WordCount) -> None:
        self.words = count

    def confirm_short_answer(self, words: int, limit: int) -> None:
        self.asked.append((words, limit))

    def answer_closed(self) -> None:
        self.closed += 1


def mains_id(db: Database) -> int:
    with db.begin() as s:
        return s.scalars(select(Question.id).where(Question.key == "q.trade.0501")).one()


def stored(db: Database, answer_id: int) -> MainsAnswerView:
    with db.begin() as s:
        return load_answer(s, answer_id)


def writer(db: Database, clock: FakeClock) -> tuple[MainsDraft, WritingScreen]:
    screen = WritingScreen()
    return MainsDraft(DatabaseStore(db), clock, screen, fuzz=False), screen


def tick_for(draft: MainsDraft, clock: FakeClock, seconds: float, every: float = 0.25) -> None:
    for _ in range(round(seconds / every)):
        clock.advance(every)
        draft.tick()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


def test_a_draft_is_written_autosaved_resumed_submitted_and_assessed(
    db: Database, clock: FakeClock, data_dir: DataDir, content: ContentDirs
) -> None:
    draft, screen = writer(db, clock)
    draft.begin(mains_id(db), 7 * 60)
    answer_id = draft.answer_id
    assert answer_id is not None and draft.writing
    assert screen.time == AnswerTime(taken_s=0, limit_s=420, writing=True)
    assert screen.words == WordCount(0, 150, on_paper=False)

    # Typing for five seconds, a word a second: nothing is saved while it goes on.
    text = ""
    for word in ("The", "gap", "is", "wide", "and"):
        text += word + " "
        draft.edit(text)
        tick_for(draft, clock, 1)
    assert stored(db, answer_id).text == "" and draft.unsaved
    assert screen.words == WordCount(5, 150, on_paper=False)
    # Saved 1.5 s after the last keystroke, with the time taken so far.
    tick_for(draft, clock, 0.25)
    assert stored(db, answer_id).text == ""
    tick_for(draft, clock, 0.25)
    saved = stored(db, answer_id)
    assert (saved.text, saved.word_count, saved.time_taken_s) == (text, 5, 5)
    assert not draft.unsaved
    tick_for(draft, clock, 54.5)
    assert screen.time == AnswerTime(taken_s=60, limit_s=420, writing=True)
    draft.edit(text + "sources differ.")
    clock.advance(10)
    draft.leave()  # back to the list: kept, with 70 s taken
    assert screen.closed == 1 and draft.answer is None
    assert stored(db, answer_id).time_taken_s == 70
    db.close()

    reopened, _ = open_study_database(data_dir, content)
    try:
        later = FakeClock(T0.replace(hour=9))
        draft, screen = writer(reopened, later)
        with reopened.begin() as s:
            assert unfinished_answer(s) == answer_id
        draft.open(answer_id)
        assert screen.answers[-1].text == "The gap is wide and sources differ."
        assert screen.time == AnswerTime(taken_s=70, limit_s=420, writing=True)
        tick_for(draft, later, 30)
        assert screen.time is not None and screen.time.left_ms == (420 - 100) * 1000

        draft.submit()  # seven words of 150: asks first, submits nothing
        assert screen.asked == [(7, 150)] and draft.writing
        later.advance(5)
        draft.submit(confirmed=True)
        answer = stored(reopened, answer_id)
        assert answer.submitted == later.now() and answer.time_taken_s == 105
        assert screen.answers[-1].submitted is not None and not draft.writing
        assert screen.time == AnswerTime(taken_s=105, limit_s=420, writing=False)
        draft.edit("changed after submitting")  # a submitted answer is read, not edited
        assert stored(reopened, answer_id).text == "The gap is wide and sources differ."

        assert draft.score_of([0, 1, 2]) == 7.5
        draft.assess([0, 1, 2])
        assessed = stored(reopened, answer_id)
        assert assessed.points_covered == [0, 1, 2] and assessed.score == 7.5
        assert screen.answers[-1].assessed
        with reopened.begin() as s:
            logs = s.execute(select(ReviewLog.mode, ReviewLog.duration_ms)).all()
        assert logs == [("mains", 105_000)]
    finally:
        reopened.close()


def test_the_timer_runs_over_the_limit_and_says_so(db: Database, clock: FakeClock) -> None:
    draft, screen = writer(db, clock)
    draft.begin(mains_id(db), 120)
    tick_for(draft, clock, 59)
    assert screen.time is not None and not screen.time.running_out
    tick_for(draft, clock, 1)
    assert screen.time.left_ms == 60_000 and screen.time.running_out
    tick_for(draft, clock, 75)
    assert screen.time.left_ms == -15_000 and screen.time.over


def test_the_word_count_warns_past_the_limit(db: Database, clock: FakeClock) -> None:
    draft, screen = writer(db, clock)
    draft.begin(mains_id(db), 420)
    draft.edit("word " * 160)
    assert screen.words == WordCount(160, 150, on_paper=False) and screen.words.over
    draft.edit("word " * 150)
    assert screen.words is not None and not screen.words.over


def test_an_answer_on_paper_takes_the_students_count_and_asks_nothing(
    db: Database, clock: FakeClock
) -> None:
    draft, screen = writer(db, clock)
    draft.begin(mains_id(db), 420, on_paper=True)
    assert screen.words == WordCount(0, 150, on_paper=True)
    tick_for(draft, clock, 400)
    draft.set_paper_words(140)
    assert screen.words == WordCount(140, 150, on_paper=True)
    draft.submit()
    assert screen.asked == []
    assert draft.answer_id is not None
    answer = stored(db, draft.answer_id)
    assert answer.on_paper and answer.word_count == 140 and answer.time_taken_s == 400
    assert answer.text == ""


def test_a_draft_can_be_discarded_and_an_answer_deleted(db: Database, clock: FakeClock) -> None:
    draft, screen = writer(db, clock)
    draft.begin(mains_id(db), 420)
    draft.edit("Half an answer")
    draft.discard()
    assert screen.closed == 1
    draft.begin(mains_id(db), 420)
    draft.submit(confirmed=True)
    draft.delete()
    assert screen.closed == 2
    with db.begin() as s:
        assert s.scalars(select(MainsAnswer)).all() == []
