"""A mock test sat through its controller with a fake clock and no Qt: the countdown,
time per prompt exactly as the clock moved, saving every five seconds and no more
often, time-up, pause, resume after a restart, abandon, marks and confidence."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.core.content.prompts import PromptView
from studyapp.core.models import Question, QuizSession, ReviewLog
from studyapp.core.quiz.mocks import mock_result, start_mock
from studyapp.core.quiz.pending import unfinished_mock
from studyapp.core.quiz.records import QuizView, discard, load_quiz, spend_time
from studyapp.core.startup import open_study_database
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import ContentDirs, DataDir
from studyapp.core.study.clock import FakeClock
from studyapp.core.study.exam import ExamEnd, MockExam, SubmitCheck
from studyapp.core.study.store import DatabaseStore

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
MCQ, STATEMENTS = "q.trade.0001", "q.trade.0002"  # both answered "a" (index 0)


@dataclass
class ExamScreen:
    """What a screen would show, as the controller tells it."""

    shown: list[tuple[int, str]] = field(default_factory=list)  # position, prompt key
    quiz: QuizView | None = None
    position: int = -1
    time_left: list[int] = field(default_factory=list)
    ended: list[tuple[int, ExamEnd]] = field(default_factory=list)

    def show_question(self, quiz: QuizView, position: int, prompt: PromptView) -> None:
        self.shown.append((position, prompt.key))
        self.quiz, self.position = quiz, position

    def show_answers(self, quiz: QuizView, position: int) -> None:
        self.quiz, self.position = quiz, position

    def show_time_left(self, remaining_ms: int) -> None:
        self.time_left.append(remaining_ms)

    def exam_ended(self, quiz_id: int, how: ExamEnd) -> None:
        self.ended.append((quiz_id, how))

    def status(self, position: int) -> str:
        assert self.quiz is not None
        return self.quiz.items[position].status


def new_mock(db: Database, seconds_per_prompt: int = 72) -> int:
    with db.write() as s:
        ids = [
            s.scalars(select(Question.id).where(Question.key == k)).one() for k in (MCQ, STATEMENTS)
        ]
        return start_mock(s, ids, T0, seconds_per_prompt=seconds_per_prompt)


def stored(db: Database, quiz_id: int) -> QuizView:
    with db.begin() as s:
        return load_quiz(s, quiz_id)


def sit(db: Database, clock: FakeClock, quiz_id: int) -> tuple[MockExam, ExamScreen]:
    screen = ExamScreen()
    exam = MockExam(DatabaseStore(db), clock, screen, fuzz=False)
    exam.open(quiz_id)
    return exam, screen


def tick_for(exam: MockExam, clock: FakeClock, seconds: float, every: float = 1.0) -> None:
    """The screen's timer firing every `every` seconds for `seconds`."""
    steps = round(seconds / every)
    for _ in range(steps):
        clock.advance(every)
        exam.tick()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


def test_a_mock_from_start_to_time_up_times_each_prompt_as_the_clock_moved(
    db: Database, clock: FakeClock
) -> None:
    quiz_id = new_mock(db, seconds_per_prompt=30)  # one minute for two prompts
    exam, screen = sit(db, clock, quiz_id)
    assert screen.shown == [(0, MCQ)] and screen.time_left == [60_000]
    assert screen.status(0) == "not_answered" and screen.status(1) == "not_visited"

    tick_for(exam, clock, 12)
    clock.advance(0.4)
    exam.go(1)  # after 12.4 s on the first
    exam.respond("0")
    assert screen.shown[-1] == (1, STATEMENTS) and screen.status(1) == "answered"
    tick_for(exam, clock, 47)
    assert screen.time_left[-1] == 600 and screen.ended == []
    clock.advance(0.6)
    exam.tick()  # the last 0.6 s

    assert screen.ended == [(quiz_id, ExamEnd.TIMED_OUT)] and not exam.running
    with db.begin() as s:
        result = mock_result(s, quiz_id)
        assert result.timed_out
        assert [item.time_ms for item in result.items] == [12_400, 47_600]
        assert result.time_used_ms == 60_000
        assert (result.right, result.wrong, result.blank) == (1, 0, 1)
        assert s.execute(select(ReviewLog.mode, ReviewLog.duration_ms)).all() == [("mock", 47_600)]
        assert unfinished_mock(s) is None
    exam.tick()  # the screen's timer may fire once more: nothing happens
    assert len(screen.ended) == 1


@pytest.mark.parametrize("every", [1.0, 0.25])
def test_time_is_saved_every_five_seconds_of_the_clock_and_not_more_often(
    db: Database, clock: FakeClock, every: float
) -> None:
    quiz_id = new_mock(db)
    exam, screen = sit(db, clock, quiz_id)
    saved: list[int] = []
    for _ in range(12):
        tick_for(exam, clock, 1, every)
        saved.append(stored(db, quiz_id).time_used_ms)
    assert saved == [0, 0, 0, 0, 5000, 5000, 5000, 5000, 5000, 10_000, 10_000, 10_000]
    assert screen.time_left[-1] == 144_000 - 12_000  # the countdown moves every tick


def test_moving_saves_the_time_at_once_against_the_prompt_left(
    db: Database, clock: FakeClock
) -> None:
    quiz_id = new_mock(db)
    exam, _ = sit(db, clock, quiz_id)
    clock.advance(2.5)
    exam.go(1)
    clock.advance(1.25)
    exam.go(0)
    assert [item.time_ms for item in stored(db, quiz_id).items] == [2500, 1250]
    assert exam.remaining_ms == 144_000 - 3750


def test_a_mock_resumes_after_a_restart_with_the_time_already_spent(
    db: Database, clock: FakeClock, data_dir: DataDir, content: ContentDirs
) -> None:
    quiz_id = new_mock(db)
    exam, _ = sit(db, clock, quiz_id)
    exam.go(1)
    exam.respond("2")
    exam.mark_and_next()  # on the last prompt: marked, and it stays
    tick_for(exam, clock, 3)
    clock.advance(0.2)
    exam.pause()  # the app closes
    clock.advance(600)  # ten minutes with the app closed count for nothing
    exam.tick()
    db.close()

    reopened, _ = open_study_database(data_dir, content)
    try:
        later = FakeClock(T0.replace(hour=9))
        with reopened.begin() as s:
            assert unfinished_mock(s) == quiz_id
        exam, screen = sit(reopened, later, quiz_id)
        assert screen.shown == [(1, STATEMENTS)]  # where it was left
        assert screen.status(1) == "answered_marked"
        assert screen.quiz is not None and screen.quiz.items[1].response == "2"
        assert screen.time_left == [144_000 - 3200]
        tick_for(exam, later, 5)
        assert stored(reopened, quiz_id).items[1].time_ms == 8200
    finally:
        reopened.close()


def test_a_crash_loses_at_most_the_time_since_the_last_save(db: Database, clock: FakeClock) -> None:
    quiz_id = new_mock(db)
    exam, _ = sit(db, clock, quiz_id)
    tick_for(exam, clock, 7)
    del exam  # the app dies: no pause, nothing more written
    _, screen = sit(db, FakeClock(T0), quiz_id)
    assert screen.time_left == [144_000 - 5000]


def test_pause_stops_the_clock_and_resume_starts_it_again(db: Database, clock: FakeClock) -> None:
    quiz_id = new_mock(db)
    exam, screen = sit(db, clock, quiz_id)
    tick_for(exam, clock, 2)
    exam.pause()
    tick_for(exam, clock, 30)
    assert screen.time_left[-1] == 142_000 and stored(db, quiz_id).time_used_ms == 2000
    exam.resume()
    tick_for(exam, clock, 3)
    exam.go(1)
    assert stored(db, quiz_id).items[0].time_ms == 5000
    assert exam.remaining_ms == 139_000


def test_a_test_whose_time_ran_out_while_closed_is_submitted_on_opening(
    db: Database, clock: FakeClock
) -> None:
    quiz_id = new_mock(db)
    with db.write() as s:
        spend_time(s, quiz_id, 0, 144_000)
    _, screen = sit(db, clock, quiz_id)
    assert screen.ended == [(quiz_id, ExamEnd.TIMED_OUT)]
    assert stored(db, quiz_id).finished


def test_abandoning_discards_the_test_without_a_score(db: Database, clock: FakeClock) -> None:
    quiz_id = new_mock(db)
    exam, screen = sit(db, clock, quiz_id)
    exam.respond("0")
    tick_for(exam, clock, 3)
    exam.abandon()
    assert screen.ended == [(quiz_id, ExamEnd.ABANDONED)] and not exam.running
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(QuizSession)) == 0
        assert s.scalars(select(ReviewLog)).all() == []
    exam.submit()  # nothing left to submit
    assert len(screen.ended) == 1


def test_a_test_discarded_elsewhere_stops_here(db: Database, clock: FakeClock) -> None:
    quiz_id = new_mock(db)
    exam, screen = sit(db, clock, quiz_id)
    assert exam.still_open()
    with db.write() as s:
        discard(s, quiz_id)  # the setup page's "Discard"
    assert not exam.still_open()
    assert screen.ended == [(quiz_id, ExamEnd.GONE)]
    tick_for(exam, clock, 10)  # the clock no longer writes anything
    assert screen.time_left == [144_000]


def test_marks_responses_and_confidence_follow_the_student(db: Database, clock: FakeClock) -> None:
    quiz_id = new_mock(db)
    exam, screen = sit(db, clock, quiz_id)
    exam.tag("sure")  # a blank takes no tag
    assert screen.quiz is not None and screen.quiz.items[0].confidence is None
    exam.respond("1")
    exam.tag("sure")
    exam.tag("guess")
    assert screen.quiz.items[0].confidence == "guess"
    exam.tag("guess")  # the same tag again untags
    assert screen.quiz.items[0].confidence is None
    exam.tag("fifty")
    exam.clear()  # the response and its tag go together
    assert screen.quiz.items[0].response is None and screen.quiz.items[0].confidence is None
    assert screen.status(0) == "not_answered"

    exam.respond("0")
    exam.tag("sure")
    exam.mark_and_next()  # marked, and on to the next
    assert screen.position == 1 and screen.status(0) == "answered_marked"
    exam.mark_and_next()  # the last one: marked, and it stays
    assert screen.position == 1 and screen.status(1) == "marked"
    exam.go(0)
    exam.mark_and_next()  # unmarking stays put
    assert screen.position == 0 and screen.status(0) == "answered"
    exam.go(5)  # no such prompt
    assert screen.position == 0

    assert exam.submit_check() == SubmitCheck(remaining_ms=144_000, prompts=2, blank=1, marked=1)
    exam.submit()
    assert screen.ended == [(quiz_id, ExamEnd.SUBMITTED)]
    with db.begin() as s:
        result = mock_result(s, quiz_id)
        assert not result.timed_out and (result.right, result.blank) == (1, 1)
        assert [item.confidence for item in result.items] == ["sure", None]


class DiskFullOnce(DatabaseStore):
    """A database whose next write fails (a full disk), then works again."""

    full = False

    def write(self, *what: str) -> AbstractContextManager[Session]:
        if self.full:
            self.full = False
            raise OSError(28, "No space left on device")
        return super().write(*what)


def test_a_save_that_fails_loses_no_time(db: Database, clock: FakeClock) -> None:
    quiz_id = new_mock(db)
    store = DiskFullOnce(db)
    exam = MockExam(store, clock, ExamScreen(), fuzz=False)
    exam.open(quiz_id)
    tick_for(exam, clock, 4)
    store.full = True
    clock.advance(1)
    with pytest.raises(OSError):
        exam.tick()  # the five-second save fails (the screen says so once)
    assert stored(db, quiz_id).time_used_ms == 0
    tick_for(exam, clock, 1)  # the next tick saves all of it
    assert stored(db, quiz_id).items[0].time_ms == 6000


def test_an_abandon_that_fails_leaves_the_test_running(db: Database, clock: FakeClock) -> None:
    quiz_id = new_mock(db)
    store = DiskFullOnce(db)
    screen = ExamScreen()
    exam = MockExam(store, clock, screen, fuzz=False)
    exam.open(quiz_id)
    store.full = True
    with pytest.raises(OSError):
        exam.abandon()
    assert exam.running and screen.ended == []
    exam.abandon()  # tried again, it goes
    assert screen.ended == [(quiz_id, ExamEnd.ABANDONED)]
    with db.begin() as s:
        assert unfinished_mock(s) is None
