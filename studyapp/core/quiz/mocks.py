"""Timed mock tests, which behave like the prelims paper: a countdown, a palette,
answers that can change until submission, confidence tags, and UPSC marking on
submission, when every attempted prompt feeds the review log and FSRS with mode
"mock". Then the results, and the record of every mock submitted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from sqlalchemy import Integer, func, select
from sqlalchemy.orm import Session

from studyapp.core.clock import from_ms, to_ms
from studyapp.core.content.prompt_body import body_from_details
from studyapp.core.models import Area, Question, QuizItem, QuizSession
from studyapp.core.quiz.grading import Verdict, grade
from studyapp.core.quiz.marking import MARK_RIGHT, MARK_WRONG, Marked, marks_for, paper_score
from studyapp.core.quiz.records import (
    ItemView,
    QuizError,
    feed_answer,
    load_quiz,
    open_quiz,
    quiz_item,
    start_quiz,
)

# A group of quiz items' prompts, right answers and wrong ones (typed: a sum of
# booleans would come back as a boolean).
_MARKED_COUNTS = (
    func.count(),
    func.sum(QuizItem.correct.is_(True), type_=Integer),
    func.sum(QuizItem.correct.is_(False), type_=Integer),
)
SECONDS_PER_PROMPT = 72  # the prelims pace: 100 questions in two hours


DEFAULT_MOCK_SIZE = 25


# How sure the student was of a mock answer (tagged with S, F, G in the mock).
CONFIDENCE = {"sure": "Sure", "fifty": "50-50", "guess": "Guess"}


def start_mock(
    session: Session,
    question_ids: Sequence[int],
    now: datetime,
    seconds_per_prompt: int = SECONDS_PER_PROMPT,
    title: str = "Mock test",
    areas: Sequence[str] = (),
    paper_id: int | None = None,
) -> int:
    """A timed paper over these prompts; the clock runs only while it is on screen.
    `paper_id` links the attempt to the fixed paper it sits (see `quiz.papers`)."""
    config = {"title": title, "areas": list(areas), "seconds_per_prompt": seconds_per_prompt}
    limit = seconds_per_prompt * len(question_ids)
    return start_quiz(session, "mock", question_ids, now, limit, config, paper_id)


def set_response(session: Session, quiz_id: int, position: int, response: str | None) -> None:
    """Choose, change or (with None) clear a mock answer; nothing is graded yet."""
    if open_quiz(session, quiz_id).kind != "mock":
        raise QuizError("practice answers are graded at once: use answer_practice")
    item = quiz_item(session, quiz_id, position)
    item.response = None if response in (None, "") else str(response)
    item.visited = True


def set_confidence(session: Session, quiz_id: int, position: int, level: str | None) -> None:
    """Tag a mock answer sure / 50-50 / guess (a key of CONFIDENCE), or untag it with
    None. Optional; the results weigh each level against the break-even."""
    if level is not None and level not in CONFIDENCE:
        raise ValueError(f"unknown confidence {level!r}")
    if open_quiz(session, quiz_id).kind != "mock":
        raise QuizError("confidence is tagged in a mock test")
    quiz_item(session, quiz_id, position).confidence = level


def delete_mock(session: Session, quiz_id: int) -> None:
    """Remove a mock test from the history (an abandoned or unwanted attempt). The
    answers it gave to the review log stay: they are part of the prompts' schedule."""
    quiz = session.get(QuizSession, quiz_id)
    if quiz is None or quiz.kind != "mock":
        raise LookupError(f"no mock test {quiz_id}")
    session.delete(quiz)  # its items go with it (the relationship cascades)


@dataclass(frozen=True)
class AreaResult(Marked):
    area: str
    title: str
    prompts: int
    right: int
    wrong: int
    blank: int


@dataclass(frozen=True)
class MockResult(Marked):
    id: int
    title: str
    finished: datetime
    timed_out: bool
    prompts: int
    right: int
    wrong: int
    blank: int  # prompts - right - wrong
    time_used_ms: int
    time_limit_s: int
    areas: list[AreaResult]
    items: list[ItemView] = field(default_factory=list)

    @property
    def negative_marks(self) -> Fraction:
        """What wrong answers cost (a positive number)."""
        return -MARK_WRONG * self.wrong

    @property
    def accuracy(self) -> float | None:
        """Share of attempted prompts answered right."""
        attempted = self.right + self.wrong
        return self.right / attempted if attempted else None

    @property
    def seconds_per_prompt(self) -> float:
        return self.time_used_ms / 1000 / self.prompts if self.prompts else 0.0


def submit_mock(
    session: Session, quiz_id: int, now: datetime, *, timed_out: bool = False, fuzz: bool = True
) -> MockResult:
    """Mark the paper, record it, and feed every attempted prompt to FSRS (a blank is
    not an answer, so it leaves the card alone)."""
    quiz = open_quiz(session, quiz_id)
    if quiz.kind != "mock":
        raise QuizError("only a mock test is submitted")
    items = session.scalars(
        select(QuizItem).where(QuizItem.session_id == quiz_id).order_by(QuizItem.position)
    ).all()
    questions = {
        q.id: q
        for q in session.scalars(
            select(Question).where(Question.id.in_([i.question_id for i in items]))
        )
    }
    right = wrong = 0
    graded: list[tuple[QuizItem, Verdict]] = []
    for item in items:
        q = questions[item.question_id]
        if item.response in (None, ""):
            item.correct = None
        else:
            body = body_from_details(q.key, q.type, q.details)
            verdict = grade(body, q.answer_index, item.response)
            item.correct = verdict.correct
            graded.append((item, verdict))
            right += verdict.correct is True
            wrong += verdict.correct is False
        item.marks = float(marks_for(item.correct))
    quiz.status = "submitted"
    quiz.finished_ms = to_ms(now)
    if quiz.time_limit_s is not None and timed_out:
        quiz.time_used_ms = max(quiz.time_used_ms, quiz.time_limit_s * 1000)
    quiz.score = float(paper_score(right, wrong))
    quiz.max_score = float(MARK_RIGHT * len(items))
    quiz.config = {**(quiz.config or {}), "timed_out": timed_out}
    session.flush()
    for item, verdict in graded:
        feed_answer(session, item.question_id, verdict, now, item.time_ms, "mock", fuzz=fuzz)
    return mock_result(session, quiz_id)


def submit_if_timed_out(
    session: Session, quiz_id: int, now: datetime, *, fuzz: bool = True
) -> MockResult | None:
    """Submit a mock whose time has run out (on a tick, or when resuming one that
    was interrupted in its last seconds); None while time remains."""
    view = load_quiz(session, quiz_id)
    if view.finished or view.remaining_ms is None or view.remaining_ms > 0:
        return None
    return submit_mock(session, quiz_id, now, timed_out=True, fuzz=fuzz)


def mock_result(session: Session, quiz_id: int) -> MockResult:
    view = load_quiz(session, quiz_id)
    if view.kind != "mock" or not view.finished:
        raise QuizError("results exist once a mock test is submitted")
    quiz = session.get(QuizSession, quiz_id)
    assert quiz is not None and quiz.finished_ms is not None
    rows = session.execute(
        select(
            Question.area,
            func.coalesce(Area.title, Question.area),
            *_MARKED_COUNTS,
        )
        .select_from(QuizItem)
        .join(Question, Question.id == QuizItem.question_id)
        .outerjoin(Area, Area.id == Question.area)
        .where(QuizItem.session_id == quiz_id)
        .group_by(Question.area)
        .order_by(func.coalesce(Area.position, 999), Question.area)
    ).all()
    areas = [
        AreaResult(area, title, n, int(r or 0), int(w or 0), n - int(r or 0) - int(w or 0))
        for area, title, n, r, w in rows
    ]
    return MockResult(
        id=view.id,
        title=view.title,
        finished=from_ms(quiz.finished_ms),
        timed_out=bool((quiz.config or {}).get("timed_out")),
        prompts=sum(a.prompts for a in areas),
        right=sum(a.right for a in areas),
        wrong=sum(a.wrong for a in areas),
        blank=sum(a.blank for a in areas),
        time_used_ms=view.time_used_ms,
        time_limit_s=view.time_limit_s or 0,
        areas=areas,
        items=view.items,
    )


@dataclass(frozen=True)
class MockAttempt(Marked):
    """A submitted mock test, marked from its prompts: the mock history lists these,
    and a fixed paper's attempts are these too."""

    quiz_id: int
    title: str
    finished: datetime
    prompts: int
    right: int
    wrong: int


def submitted_mocks(
    session: Session, paper_ids: Sequence[int] | None = None
) -> list[tuple[int | None, MockAttempt]]:
    """Every submitted mock test (with `paper_ids`, those sitting one of these papers),
    newest first, each with the paper it sat (None for a mock not made from one)."""
    query = (
        select(
            QuizSession.paper_id,
            QuizSession.id,
            QuizSession.config,
            QuizSession.finished_ms,
            *_MARKED_COUNTS,
        )
        .join(QuizItem, QuizItem.session_id == QuizSession.id)
        .where(QuizSession.kind == "mock", QuizSession.status == "submitted")
        .group_by(QuizSession.id)
        .order_by(QuizSession.finished_ms.desc(), QuizSession.id.desc())
    )
    if paper_ids is not None:
        query = query.where(QuizSession.paper_id.in_(paper_ids))
    return [
        (
            paper_id,
            MockAttempt(
                quiz_id=int(qid),
                title=str((config or {}).get("title", "Mock test")),
                finished=from_ms(int(finished or 0)),
                prompts=int(n),
                right=int(right or 0),
                wrong=int(wrong or 0),
            ),
        )
        for paper_id, qid, config, finished, n, right, wrong in session.execute(query)
    ]


def mock_history(session: Session) -> list[MockAttempt]:
    """Every submitted mock test, newest first."""
    return [attempt for _, attempt in submitted_mocks(session)]
