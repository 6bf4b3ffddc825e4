"""A practice set or a mock test as it is stored: a `QuizSession` with one `QuizItem`
per prompt, written as the student goes, so a test interrupted by a crash resumes
where it was with the time that remained. Starting one, reading it back, and what
both kinds share: opening a prompt, marking it for review, time spent, discarding."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from studyapp.core.clock import from_ms, to_ms
from studyapp.core.models import QuizItem, QuizSession
from studyapp.core.quiz.grading import Verdict
from studyapp.core.srs.scheduler import answer, default_rating


class QuizError(Exception):
    """A quiz action that does not fit the quiz's state (e.g. answering after submission)."""


@dataclass(frozen=True)
class ItemView:
    position: int
    question_id: int
    response: str | None
    marked: bool
    visited: bool
    time_ms: int
    correct: bool | None
    marks: float | None
    confidence: str | None = None  # a key of CONFIDENCE, or None when not tagged

    @property
    def answered(self) -> bool:
        return self.response not in (None, "")

    @property
    def status(self) -> str:
        """The palette's state: not_visited | not_answered | answered | marked |
        answered_marked."""
        if self.marked:
            return "answered_marked" if self.answered else "marked"
        if self.answered:
            return "answered"
        return "not_answered" if self.visited else "not_visited"


@dataclass(frozen=True)
class QuizView:
    id: int
    kind: str
    title: str
    status: str
    created: datetime
    time_limit_s: int | None
    time_used_ms: int
    current_position: int
    items: list[ItemView]

    @property
    def remaining_ms(self) -> int | None:
        if self.time_limit_s is None:
            return None
        return max(0, self.time_limit_s * 1000 - self.time_used_ms)

    @property
    def unanswered(self) -> int:
        return sum(not item.answered for item in self.items)

    @property
    def finished(self) -> bool:
        return self.status == "submitted"


def start_quiz(
    session: Session,
    kind: str,
    question_ids: Sequence[int],
    now: datetime,
    time_limit_s: int | None,
    config: dict[str, Any],
    paper_id: int | None = None,
) -> int:
    if not question_ids:
        raise QuizError("no prompts match these choices")
    quiz = QuizSession(
        kind=kind,
        config=config,
        status="in_progress",
        created_ms=to_ms(now),
        time_limit_s=time_limit_s,
        time_used_ms=0,
        current_position=0,
        paper_id=paper_id,
        items=[
            QuizItem(position=n, question_id=qid, visited=False, marked=False, time_ms=0)
            for n, qid in enumerate(question_ids)
        ],
    )
    session.add(quiz)
    session.flush()
    return quiz.id


def load_quiz(session: Session, quiz_id: int) -> QuizView:
    quiz = session.get(QuizSession, quiz_id)
    if quiz is None:
        raise LookupError(f"no quiz {quiz_id}")
    items = session.execute(
        select(
            QuizItem.position,
            QuizItem.question_id,
            QuizItem.response,
            QuizItem.marked,
            QuizItem.visited,
            QuizItem.time_ms,
            QuizItem.correct,
            QuizItem.marks,
            QuizItem.confidence,
        )
        .where(QuizItem.session_id == quiz_id)
        .order_by(QuizItem.position)
    ).all()
    return QuizView(
        id=quiz.id,
        kind=quiz.kind,
        title=str((quiz.config or {}).get("title", "")),
        status=quiz.status,
        created=from_ms(quiz.created_ms),
        time_limit_s=quiz.time_limit_s,
        time_used_ms=quiz.time_used_ms,
        current_position=quiz.current_position,
        items=[ItemView(*row) for row in items],
    )


def open_quiz(session: Session, quiz_id: int) -> QuizSession:
    quiz = session.get(QuizSession, quiz_id)
    if quiz is None:
        raise LookupError(f"no quiz {quiz_id}")
    if quiz.status != "in_progress":
        raise QuizError("this test has already been submitted")
    return quiz


def quiz_item(session: Session, quiz_id: int, position: int) -> QuizItem:
    item = session.scalar(
        select(QuizItem).where(QuizItem.session_id == quiz_id, QuizItem.position == position)
    )
    if item is None:
        raise LookupError(f"quiz {quiz_id} has no prompt {position + 1}")
    return item


def visit(session: Session, quiz_id: int, position: int) -> None:
    """The student opened this prompt (the palette stops showing it as not visited)."""
    quiz = open_quiz(session, quiz_id)
    quiz_item(session, quiz_id, position).visited = True
    quiz.current_position = position


def set_marked(session: Session, quiz_id: int, position: int, marked: bool) -> None:
    open_quiz(session, quiz_id)
    quiz_item(session, quiz_id, position).marked = marked


def spend_time(session: Session, quiz_id: int, position: int, elapsed_ms: int) -> int | None:
    """Add time spent on a prompt to it and to the paper; returns the milliseconds
    left (None for an untimed set). Called every few seconds while a test is on
    screen, so a crash costs at most that much of the record."""
    quiz = open_quiz(session, quiz_id)
    elapsed_ms = max(0, int(elapsed_ms))
    quiz.time_used_ms += elapsed_ms
    quiz_item(session, quiz_id, position).time_ms += elapsed_ms
    if quiz.time_limit_s is None:
        return None
    return max(0, quiz.time_limit_s * 1000 - quiz.time_used_ms)


def discard(session: Session, quiz_id: int) -> None:
    """Throw away an unfinished quiz (a submitted one is history and stays)."""
    quiz = open_quiz(session, quiz_id)
    session.execute(delete(QuizItem).where(QuizItem.session_id == quiz.id))
    session.delete(quiz)


def feed_answer(
    session: Session,
    question_id: int,
    verdict: Verdict,
    now: datetime,
    duration_ms: int,
    mode: str,
    *,
    fuzz: bool = True,
) -> None:
    """A graded answer of a set or test joins the review log and moves the prompt's
    card, as a review would: right → Good, wrong → Again."""
    answer(
        session,
        question_id,
        default_rating(verdict.correct),
        now,
        correct=verdict.correct,
        response=verdict.response,
        duration_ms=duration_ms,
        mode=mode,
        fuzz=fuzz,
    )
