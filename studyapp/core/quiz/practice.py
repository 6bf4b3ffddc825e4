"""Practice sets: feedback after every prompt. Each graded answer feeds the review log
and FSRS at once (right → Good, wrong → Again) with mode "practice"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from studyapp.core.clock import to_ms
from studyapp.core.models import Question
from studyapp.core.quiz.grading import SELF_GRADED, Verdict, grade
from studyapp.core.quiz.records import (
    QuizError,
    feed_answer,
    load_quiz,
    open_quiz,
    quiz_item,
    start_quiz,
)


def start_practice(
    session: Session, question_ids: Sequence[int], now: datetime, title: str = "Practice set"
) -> int:
    return start_quiz(session, "practice", question_ids, now, None, {"title": title})


def answer_practice(
    session: Session,
    quiz_id: int,
    position: int,
    response: object,
    now: datetime,
    duration_ms: int = 0,
    *,
    knew: bool | None = None,
    fuzz: bool = True,
) -> Verdict:
    """Grade a practice answer at once and feed it to FSRS (right → Good, wrong → Again).

    A front/back card is graded by the student: `knew` says whether they knew it."""
    quiz = open_quiz(session, quiz_id)
    if quiz.kind != "practice":
        raise QuizError("mock answers are graded on submission")
    item = quiz_item(session, quiz_id, position)
    if item.correct is not None or item.response is not None:
        raise QuizError(f"prompt {position + 1} is already answered")
    question = session.get(Question, item.question_id)
    assert question is not None  # quiz items keep their prompts (ON DELETE RESTRICT)
    verdict = grade(question.type, question.answer_index, question.details or {}, response)
    if question.type in SELF_GRADED:
        if knew is None:
            raise QuizError(f"prompt {position + 1} is graded by the student: say if you knew it")
        verdict = Verdict(knew, verdict.response)
    item.response = verdict.response
    item.correct = verdict.correct
    item.visited = True
    item.time_ms += max(0, int(duration_ms))
    quiz.current_position = position + 1
    session.flush()
    feed_answer(session, item.question_id, verdict, now, duration_ms, "practice", fuzz=fuzz)
    return verdict


@dataclass(frozen=True)
class PracticeSummary:
    answered: int
    right: int
    wrong: int
    time_ms: int
    wrong_question_ids: list[int]


def finish_practice(session: Session, quiz_id: int, now: datetime) -> PracticeSummary:
    quiz = open_quiz(session, quiz_id)
    quiz.status = "submitted"
    quiz.finished_ms = to_ms(now)
    items = load_quiz(session, quiz_id).items
    answered = [i for i in items if i.response is not None]
    right = sum(i.correct is True for i in answered)
    quiz.score = float(right)
    quiz.max_score = float(len(answered))
    return PracticeSummary(
        answered=len(answered),
        right=right,
        wrong=sum(i.correct is False for i in answered),
        time_ms=sum(i.time_ms for i in items),
        wrong_question_ids=[i.question_id for i in answered if i.correct is False],
    )
