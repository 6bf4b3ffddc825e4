"""A practice set as a controller: its prompts in order, each marked at once (right →
Good, wrong → Again in the reviews), then a summary and "practise the wrong ones".

A front/back card is graded by the student once its back is shown. A failed save
leaves the prompt open to answer again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from studyapp.core.changes import QUIZZES, REVIEWS
from studyapp.core.content.prompts import load_prompt
from studyapp.core.quiz.grading import SELF_GRADED, Verdict
from studyapp.core.quiz.practice import (
    PracticeSummary,
    answer_practice,
    finish_practice,
    start_practice,
)
from studyapp.core.quiz.records import QuizError, load_quiz
from studyapp.core.study.clock import Clock
from studyapp.core.study.store import Store
from studyapp.core.study.turn import Phase, PromptFlow, StudyView, Tally

WRONG_ONES_TITLE = "the ones I got wrong"


@dataclass(frozen=True)
class SetPosition:
    """Where the student is in the set."""

    title: str
    position: int  # 0-based
    total: int
    right: int
    answered: int

    @property
    def last(self) -> bool:
        return self.position + 1 >= self.total


@dataclass(frozen=True)
class SetSummary:
    title: str
    total: int  # prompts in the set
    result: PracticeSummary


class PracticeView(StudyView, Protocol):
    def show_position(self, where: SetPosition) -> None: ...

    def ask_self_grade(self) -> None:
        """A front/back card's back is shown: did the student know it?"""
        ...

    def show_marked(self, verdict: Verdict, response: object, where: SetPosition) -> None:
        """The answer is saved and marked; "Next" goes on (the summary after the last)."""
        ...

    def show_summary(self, summary: SetSummary) -> None: ...


class PracticeSession(PromptFlow):
    """One practice set at a time, begun with `start(title, question_ids)`."""

    def __init__(self, store: Store, clock: Clock, view: PracticeView) -> None:
        super().__init__(store, clock, view)
        self.view = view
        self.quiz_id: int | None = None
        self.title = ""
        self.question_ids: list[int] = []
        self.position = 0
        self.wrong_ids: list[int] = []  # of the last summary

    @property
    def where(self) -> SetPosition:
        return SetPosition(
            self.title, self.position, len(self.question_ids), self.tally.right, self.tally.answered
        )

    def start(self, title: str, question_ids: Sequence[int]) -> None:
        """Begin a set over exactly these prompts (`QuizError` if there are none)."""
        ids = list(question_ids)
        now = self.clock.now()
        quiz_id = self._save((QUIZZES,), lambda s: start_practice(s, ids, now, title))
        if quiz_id is None:
            return
        self.quiz_id, self.title, self.question_ids = quiz_id, title, ids
        self.position = 0
        self.tally = Tally()
        self._show_current()

    def practise_wrong(self) -> None:
        """A new set of the prompts answered wrongly in the set just finished."""
        if self.wrong_ids:
            self.start(WRONG_ONES_TITLE, self.wrong_ids)

    def _show_current(self) -> None:
        if self.position >= len(self.question_ids):
            self.end()
            return
        with self.store.read() as session:
            prompt = load_prompt(session, self.question_ids[self.position])
        self._show_prompt(prompt)
        self.view.show_position(self.where)

    def respond(self, response: object) -> None:
        """An option chosen, an answer typed, or the back of a card revealed."""
        turn = self.turn
        verdict = self._grade(response)
        if turn is None or verdict is None:
            return
        if turn.prompt.type in SELF_GRADED:
            self.phase = Phase.SELF_GRADING
            self.view.ask_self_grade()
            return
        self._record(response, None)

    def self_grade(self, knew: bool) -> None:
        """The student's verdict on a front/back card whose back is shown."""
        if self.phase is Phase.SELF_GRADING:
            self._record(None, knew)

    def _record(self, response: object, knew: bool | None) -> None:
        assert self.quiz_id is not None and self.turn is not None
        quiz_id, position, now = self.quiz_id, self.position, self.clock.now()
        seconds = self._seconds()

        def record(session: Session) -> Verdict | None:
            try:
                return answer_practice(
                    session, quiz_id, position, response, now, int(seconds * 1000), knew=knew
                )
            except QuizError:
                return None  # already answered (a double click): nothing new to save

        verdict = self._save((QUIZZES, REVIEWS), record)
        if verdict is None:
            if knew is None:  # not saved: open again for the same or another answer
                self.turn.verdict = None
            return
        self.turn.verdict = verdict
        self.phase = Phase.ANSWERED
        self.tally.add(verdict.correct, seconds)
        self.view.show_marked(verdict, response, self.where)

    def next(self) -> None:
        """On to the next prompt once this one is marked (the summary after the last)."""
        if self.phase is Phase.ANSWERED:
            self.position += 1
            self._show_current()

    def end(self) -> None:
        """Finish the set where it stands and show its summary."""
        quiz_id = self.quiz_id
        if quiz_id is None:
            return
        now = self.clock.now()

        def finish(session: Session) -> tuple[PracticeSummary, str]:
            return finish_practice(session, quiz_id, now), load_quiz(session, quiz_id).title

        finished = self._save((QUIZZES,), finish)
        if finished is None:
            return
        result, title = finished
        self.quiz_id = None
        self._clear_prompt()
        self.wrong_ids = list(result.wrong_question_ids)
        self.view.show_summary(SetSummary(title, len(self.question_ids), result))
