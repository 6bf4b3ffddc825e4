"""A timed mock test being sat: the countdown, the time spent on each prompt, the
saving cadence, time-up, and every answer, mark and tag — the screen only renders
what this says and forwards the student's input.

Time is counted from the injected clock's monotonic reading, credited to the prompt
on screen, and written to the database every `SAVE_EVERY_MS` and on every move, so a
test interrupted by a crash resumes with the time that remained (give or take one
save). The screen's timer only calls `tick()`; this decides when a save is due.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from studyapp.core.changes import QUIZZES, REVIEWS
from studyapp.core.content.prompts import PromptView, load_prompt
from studyapp.core.quiz.mocks import (
    set_confidence,
    set_response,
    submit_if_timed_out,
    submit_mock,
)
from studyapp.core.quiz.pending import unfinished_mock
from studyapp.core.quiz.records import QuizView, discard, load_quiz, set_marked, spend_time, visit
from studyapp.core.study.clock import Clock
from studyapp.core.study.store import Store

SAVE_EVERY_MS = 5000


class ExamEnd(Enum):
    SUBMITTED = "submitted"  # the student submitted it
    TIMED_OUT = "timed_out"  # time ran out; submitted as it stood
    ABANDONED = "abandoned"  # discarded here without a score
    GONE = "gone"  # no longer in progress (discarded on the setup page, restored away)


class MockExamView(Protocol):
    """What a screen sitting a mock test shows."""

    def show_question(self, quiz: QuizView, position: int, prompt: PromptView) -> None:
        """A prompt is now on screen (with its saved response, if any)."""
        ...

    def show_answers(self, quiz: QuizView, position: int) -> None:
        """Responses, marks or tags changed; the prompt on screen is the same."""
        ...

    def show_time_left(self, remaining_ms: int) -> None: ...

    def exam_ended(self, quiz_id: int, how: ExamEnd) -> None:
        """The test is over; a submitted one has its result in the database."""
        ...


@dataclass(frozen=True)
class SubmitCheck:
    """What the "Submit now?" question says."""

    remaining_ms: int
    prompts: int
    blank: int
    marked: int


class MockExam:
    """One mock test at a time, opened with `open(quiz_id)` (new or resumed)."""

    def __init__(
        self, store: Store, clock: Clock, view: MockExamView, *, fuzz: bool = True
    ) -> None:
        self.store = store
        self.clock = clock
        self.view = view
        self.fuzz = fuzz  # off in tests: FSRS then schedules the answers exactly
        self.quiz: QuizView | None = None
        self.position = 0
        self.remaining_ms = 0
        self.paused = False
        self._counted_to = clock.monotonic()  # time before this is already counted
        self._unsaved_ms = 0

    @property
    def running(self) -> bool:
        return self.quiz is not None

    @property
    def last_position(self) -> int:
        return len(self.quiz.items) - 1 if self.quiz is not None else 0

    # --- opening ----------------------------------------------------------------------

    def open(self, quiz_id: int) -> None:
        """Show a test in progress at the prompt it was on; the clock starts. One
        whose time has already run out is submitted at once."""
        with self.store.read() as session:
            self.quiz = load_quiz(session, quiz_id)
        self.remaining_ms = self.quiz.remaining_ms or 0
        self._counted_to = self.clock.monotonic()
        self._unsaved_ms = 0
        self.paused = False
        self.go(self.quiz.current_position, save=False)
        if self.remaining_ms <= 0:
            self._time_up()

    def still_open(self) -> bool:
        """After a change elsewhere: is this test still the one in progress? If it
        was discarded (from the setup page), it stops here too."""
        if self.quiz is None:
            return False
        with self.store.read() as session:
            gone = unfinished_mock(session) != self.quiz.id
        if gone:
            quiz_id, self.quiz = self.quiz.id, None
            self.view.exam_ended(quiz_id, ExamEnd.GONE)
        return not gone

    # --- time -------------------------------------------------------------------------

    def _count_elapsed(self) -> None:
        """Move the time since the last count onto the prompt on screen (unsaved)."""
        now = self.clock.monotonic()
        if self.paused:
            self._counted_to = now
            return
        # Whole milliseconds; the fraction left over is counted next time, not lost.
        elapsed_ms = max(0, math.floor((now - self._counted_to) * 1000 + 1e-6))
        self._counted_to += elapsed_ms / 1000
        self._unsaved_ms += elapsed_ms
        self.remaining_ms -= elapsed_ms

    def tick(self) -> None:
        """Called about once a second while the test is on screen."""
        if self.quiz is None or self.paused:
            return
        self._count_elapsed()
        self.view.show_time_left(self.remaining_ms)
        if self.remaining_ms <= 0:
            self._time_up()
        elif self._unsaved_ms >= SAVE_EVERY_MS:
            self._save_time()

    def _save_time(self) -> None:
        """Write the time counted since the last save against the prompt on screen."""
        if self.quiz is None or self._unsaved_ms <= 0:
            return
        with self.store.write() as session:
            left = spend_time(session, self.quiz.id, self.position, self._unsaved_ms)
        self._unsaved_ms = 0
        if left is not None:
            self.remaining_ms = left

    def _count_and_save(self) -> None:
        self._count_elapsed()
        self._save_time()

    def _time_up(self) -> None:
        """Time has run out: the paper is submitted as it stands."""
        if self.quiz is None:
            return
        self._count_and_save()
        quiz_id = self.quiz.id
        with self.store.write(QUIZZES, REVIEWS) as session:
            result = submit_if_timed_out(session, quiz_id, self.clock.now(), fuzz=self.fuzz)
        if result is None:  # the clock here ran ahead of the record; carry on
            self.open(quiz_id)
            return
        self.quiz = None
        self.view.exam_ended(quiz_id, ExamEnd.TIMED_OUT)

    def pause(self) -> None:
        """Stop the clock with the time so far saved (the app is closing, or the
        test leaves the screen); `resume` starts it again."""
        if self.quiz is None or self.paused:
            return
        self._count_and_save()
        self.paused = True

    def resume(self) -> None:
        if self.quiz is None or not self.paused:
            return
        self.paused = False
        self._counted_to = self.clock.monotonic()

    # --- moving and answering ------------------------------------------------------------

    def go(self, position: int, save: bool = True) -> None:
        """Show the prompt at `position` (0-based); the time so far goes to the one
        being left."""
        if self.quiz is None or not 0 <= position < len(self.quiz.items):
            return
        if save:
            self._count_and_save()
        with self.store.write() as session:
            visit(session, self.quiz.id, position)
            self.quiz = load_quiz(session, self.quiz.id)
            prompt = load_prompt(session, self.quiz.items[position].question_id)
        self.position = position
        self.view.show_question(self.quiz, position, prompt)
        self.view.show_time_left(self.remaining_ms)

    def _reload(self) -> None:
        assert self.quiz is not None
        with self.store.read() as session:
            self.quiz = load_quiz(session, self.quiz.id)
        self.view.show_answers(self.quiz, self.position)

    def respond(self, response: str) -> None:
        """Choose (or change) the answer to the prompt on screen; not marked yet."""
        if self.quiz is None:
            return
        with self.store.write() as session:
            set_response(session, self.quiz.id, self.position, response)
        self._reload()

    def clear(self) -> None:
        """Clear the response on screen, and its tag (a blank has nothing to be sure of)."""
        if self.quiz is None:
            return
        with self.store.write() as session:
            set_response(session, self.quiz.id, self.position, None)
            set_confidence(session, self.quiz.id, self.position, None)
        self._reload()

    def tag(self, level: str) -> None:
        """Tag the answer on screen sure / fifty / guess; the same level again untags.
        A blank takes no tag."""
        if self.quiz is None:
            return
        item = self.quiz.items[self.position]
        if not item.answered:
            self.view.show_answers(self.quiz, self.position)
            return
        with self.store.write() as session:
            set_confidence(
                session, self.quiz.id, self.position, None if item.confidence == level else level
            )
        self._reload()

    def mark_and_next(self) -> None:
        """Mark the prompt on screen for review and go to the next; on a marked one,
        unmark it and stay."""
        if self.quiz is None:
            return
        marked = not self.quiz.items[self.position].marked
        with self.store.write() as session:
            set_marked(session, self.quiz.id, self.position, marked)
        self._reload()
        if marked and self.position < self.last_position:
            self.go(self.position + 1)
        else:
            self.go(self.position)

    # --- ending -------------------------------------------------------------------------

    def submit_check(self) -> SubmitCheck | None:
        """What is blank and marked, for the question before submitting."""
        if self.quiz is None:
            return None
        with self.store.read() as session:
            self.quiz = load_quiz(session, self.quiz.id)
        return SubmitCheck(
            remaining_ms=self.remaining_ms,
            prompts=len(self.quiz.items),
            blank=self.quiz.unanswered,
            marked=sum(item.marked for item in self.quiz.items),
        )

    def submit(self) -> None:
        """Mark the paper now (the student confirmed)."""
        if self.quiz is None:
            return
        self._count_and_save()
        quiz_id = self.quiz.id
        with self.store.write(QUIZZES, REVIEWS) as session:
            submit_mock(session, quiz_id, self.clock.now(), fuzz=self.fuzz)
        self.quiz = None
        self.view.exam_ended(quiz_id, ExamEnd.SUBMITTED)

    def abandon(self) -> None:
        """Discard the test without a score (the student confirmed)."""
        if self.quiz is None:
            return
        self._count_and_save()
        quiz_id = self.quiz.id
        with self.store.write(QUIZZES) as session:
            discard(session, quiz_id)
        self.quiz = None  # only now: a discard that failed leaves the test running
        self.view.exam_ended(quiz_id, ExamEnd.ABANDONED)
