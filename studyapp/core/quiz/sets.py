"""Practice sets and timed mock tests.

A practice set gives feedback after every prompt; a mock test behaves like the
prelims paper: a countdown, a palette, answers that can change until submission,
and UPSC marking — +2 for a right answer, −2/3 for a wrong one, 0 for a blank —
kept as exact fractions so thirds never drift into 0.66.

Both are stored as a `QuizSession` with one `QuizItem` per prompt, written as the
student goes, so a test interrupted by a crash resumes where it was with the time
that remained. Graded answers feed the review log and FSRS (right → Good,
wrong → Again) with mode "practice" or "mock".
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from fractions import Fraction
from typing import Any

from sqlalchemy import Integer, Select, delete, exists, func, or_, select
from sqlalchemy.orm import Session

from studyapp.core.clock import from_ms, to_ms
from studyapp.core.content.prompt_body import body_from_details
from studyapp.core.models import (
    Area,
    Bookmark,
    Card,
    Question,
    QuestionSection,
    QuizItem,
    QuizSession,
    ReviewLog,
    Section,
)
from studyapp.core.quiz.grading import SELF_GRADED, Verdict, grade
from studyapp.core.settings import load_settings
from studyapp.core.srs.queue import day_window
from studyapp.core.srs.scheduler import answer, default_rating

MARK_RIGHT = Fraction(2)
MARK_WRONG = Fraction(-2, 3)
SECONDS_PER_PROMPT = 72  # the prelims pace: 100 questions in two hours
DEFAULT_MOCK_SIZE = 25

# Prelims papers are four-option questions; practice sets take every objective type
# and the student's front/back cards (graded by the student).
PRELIMS_TYPES = ("mcq", "statements", "match", "assertion")
PRACTICE_TYPES = (*PRELIMS_TYPES, "true_false", "fill_blank", "basic")
DIFFICULTIES = ("easy", "medium", "hard")
# A paper's difficulty mix: mostly prompts that connect two facts, with recall and
# inference on either side.
PAPER_MIX = {"easy": 0.3, "medium": 0.45, "hard": 0.25}
FILTERS = {
    "all": "All prompts",
    "new": "Not seen yet",
    "due": "Due for review",
    "wrong": "Answered wrong before",
    "bookmarked": "From bookmarked sections",
    "flagged": "Bookmarked prompts",  # a prompt's bookmark is its card's flag
}
# How sure the student was of a mock answer (tagged with S, F, G in the mock).
CONFIDENCE = {"sure": "Sure", "fifty": "50-50", "guess": "Guess"}


class QuizError(Exception):
    """A quiz action that does not fit the quiz's state (e.g. answering after submission)."""


# --- choosing prompts -----------------------------------------------------------------


@dataclass(frozen=True)
class Criteria:
    """What a practice set or mock test draws from; empty tuples mean "any"."""

    areas: tuple[str, ...] = ()
    section_keys: tuple[str, ...] = ()  # a key includes the sections below it
    types: tuple[str, ...] = PRACTICE_TYPES
    difficulties: tuple[str, ...] = ()
    which: str = "all"  # a key of FILTERS


def _matching(
    session: Session, criteria: Criteria, now: datetime, local: tzinfo | None
) -> Select[int, str, str]:
    if criteria.which not in FILTERS:
        raise ValueError(f"unknown filter {criteria.which!r}")
    query = (
        select(Question.id, Question.area, Question.difficulty)
        .join(Card, Card.question_id == Question.id)
        .where(Question.retired.is_(False), Card.suspended.is_(False))
    )
    if criteria.types:
        query = query.where(Question.type.in_(criteria.types))
    if criteria.areas:
        query = query.where(Question.area.in_(criteria.areas))
    if criteria.difficulties:
        query = query.where(Question.difficulty.in_(criteria.difficulties))
    if criteria.section_keys:
        in_sections = or_(
            *(
                or_(Section.key == key, Section.key.startswith(key + ".", autoescape=True))
                for key in criteria.section_keys
            )
        )
        query = query.where(
            exists()
            .where(QuestionSection.question_id == Question.id)
            .where(QuestionSection.section_id == Section.id)
            .where(in_sections)
        )
    if criteria.which == "new":
        query = query.where(Card.last_review_ms.is_(None))
    elif criteria.which == "due":
        end_ms = day_window(now, local, load_settings(session)).end_ms
        query = query.where(Card.last_review_ms.is_not(None), Card.due_ms < end_ms)
    elif criteria.which == "wrong":
        query = query.where(
            exists().where(ReviewLog.question_id == Question.id, ReviewLog.correct.is_(False))
        )
    elif criteria.which == "bookmarked":
        query = query.where(
            exists()
            .where(QuestionSection.question_id == Question.id)
            .where(QuestionSection.section_id == Bookmark.section_id)
        )
    elif criteria.which == "flagged":
        query = query.where(Card.flag != 0)
    return query.order_by(Question.id)


def count_matching(
    session: Session, criteria: Criteria, now: datetime, local: tzinfo | None = None
) -> int:
    """How many prompts the builder's current choices would draw from."""
    sub = _matching(session, criteria, now, local).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def pick_prompts(
    session: Session,
    criteria: Criteria,
    count: int,
    now: datetime,
    local: tzinfo | None = None,
    rng: random.Random | None = None,
    mix: Mapping[str, float] | None = None,
) -> list[int]:
    """Up to `count` matching prompts, drawn at random and spread evenly over areas
    (a paper that is all one area tests little).

    `mix` asks for shares of each difficulty (a paper, like the prelims, mixes easy
    recall with prompts that connect facts); a level with too few prompts leaves its
    places to the others rather than shortening the paper.
    """
    rng = rng or random.Random()
    pools: dict[str, dict[str, list[int]]] = {}
    for qid, area, difficulty in session.execute(_matching(session, criteria, now, local)):
        level = difficulty if mix else ""
        pools.setdefault(level, {}).setdefault(area, []).append(qid)
    for by_area in pools.values():
        for pool in by_area.values():
            rng.shuffle(pool)
    picked: list[int] = []
    if mix:
        for level, quota in _quotas(mix, count).items():
            picked += _spread(pools.get(level, {}), quota, rng)
    # What the mix could not fill (or all of it, without a mix) comes from any level.
    leftovers: dict[str, list[int]] = {}
    for by_area in pools.values():
        for area, pool in by_area.items():
            leftovers.setdefault(area, []).extend(pool)
    for pool in leftovers.values():
        rng.shuffle(pool)
    picked += _spread(leftovers, count - len(picked), rng)
    rng.shuffle(picked)
    return picked


def _quotas(mix: Mapping[str, float], count: int) -> dict[str, int]:
    """Whole places per level in proportion to `mix` (largest remainders)."""
    total = sum(mix.values())
    exact = {level: count * share / total for level, share in mix.items()}
    quotas = {level: int(value) for level, value in exact.items()}
    by_remainder = sorted(exact, key=lambda level: exact[level] - quotas[level], reverse=True)
    for level in by_remainder[: count - sum(quotas.values())]:
        quotas[level] += 1
    return quotas


def _spread(by_area: dict[str, list[int]], count: int, rng: random.Random) -> list[int]:
    """Take `count` prompts round-robin over areas in random order, popping them from
    the pools so a later draw cannot take them again."""
    pools = [pool for pool in by_area.values() if pool]
    rng.shuffle(pools)
    taken: list[int] = []
    while len(taken) < count and pools:
        for pool in list(pools):
            if len(taken) == count:
                break
            taken.append(pool.pop())
            if not pool:
                pools.remove(pool)
    return taken


# --- marks ----------------------------------------------------------------------------


def marks_for(correct: bool | None) -> Fraction:
    """UPSC prelims marks for one prompt: None is a blank."""
    if correct is None:
        return Fraction(0)
    return MARK_RIGHT if correct else MARK_WRONG


def paper_score(right: int, wrong: int) -> Fraction:
    return MARK_RIGHT * right + MARK_WRONG * wrong


def format_marks(value: Fraction | float) -> str:
    """Two decimals, as the results show them: 16.67, −3.33, 0.00."""
    text = f"{float(value):.2f}"
    return text.replace("-", "−") if float(value) < 0 else text


# --- quiz records -----------------------------------------------------------------------


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


def _start(
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


def start_practice(
    session: Session, question_ids: Sequence[int], now: datetime, title: str = "Practice set"
) -> int:
    return _start(session, "practice", question_ids, now, None, {"title": title})


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
    `paper_id` links the attempt to the fixed paper it sits (see `core.papers`)."""
    config = {"title": title, "areas": list(areas), "seconds_per_prompt": seconds_per_prompt}
    limit = seconds_per_prompt * len(question_ids)
    return _start(session, "mock", question_ids, now, limit, config, paper_id)


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


def unfinished_mock(session: Session) -> int | None:
    """The mock test left in progress (the app was closed or crashed), if any."""
    return session.scalar(
        select(QuizSession.id)
        .where(QuizSession.kind == "mock", QuizSession.status == "in_progress")
        .order_by(QuizSession.id.desc())
        .limit(1)
    )


def _open_quiz(session: Session, quiz_id: int) -> QuizSession:
    quiz = session.get(QuizSession, quiz_id)
    if quiz is None:
        raise LookupError(f"no quiz {quiz_id}")
    if quiz.status != "in_progress":
        raise QuizError("this test has already been submitted")
    return quiz


def _item(session: Session, quiz_id: int, position: int) -> QuizItem:
    item = session.scalar(
        select(QuizItem).where(QuizItem.session_id == quiz_id, QuizItem.position == position)
    )
    if item is None:
        raise LookupError(f"quiz {quiz_id} has no prompt {position + 1}")
    return item


def visit(session: Session, quiz_id: int, position: int) -> None:
    """The student opened this prompt (the palette stops showing it as not visited)."""
    quiz = _open_quiz(session, quiz_id)
    _item(session, quiz_id, position).visited = True
    quiz.current_position = position


def set_response(session: Session, quiz_id: int, position: int, response: str | None) -> None:
    """Choose, change or (with None) clear a mock answer; nothing is graded yet."""
    if _open_quiz(session, quiz_id).kind != "mock":
        raise QuizError("practice answers are graded at once: use answer_practice")
    item = _item(session, quiz_id, position)
    item.response = None if response in (None, "") else str(response)
    item.visited = True


def set_marked(session: Session, quiz_id: int, position: int, marked: bool) -> None:
    _open_quiz(session, quiz_id)
    _item(session, quiz_id, position).marked = marked


def set_confidence(session: Session, quiz_id: int, position: int, level: str | None) -> None:
    """Tag a mock answer sure / 50-50 / guess (a key of CONFIDENCE), or untag it with
    None. Optional; the results weigh each level against the break-even."""
    if level is not None and level not in CONFIDENCE:
        raise ValueError(f"unknown confidence {level!r}")
    if _open_quiz(session, quiz_id).kind != "mock":
        raise QuizError("confidence is tagged in a mock test")
    _item(session, quiz_id, position).confidence = level


def spend_time(session: Session, quiz_id: int, position: int, elapsed_ms: int) -> int | None:
    """Add time spent on a prompt to it and to the paper; returns the milliseconds
    left (None for an untimed set). Called every few seconds while a test is on
    screen, so a crash costs at most that much of the record."""
    quiz = _open_quiz(session, quiz_id)
    elapsed_ms = max(0, int(elapsed_ms))
    quiz.time_used_ms += elapsed_ms
    _item(session, quiz_id, position).time_ms += elapsed_ms
    if quiz.time_limit_s is None:
        return None
    return max(0, quiz.time_limit_s * 1000 - quiz.time_used_ms)


def discard(session: Session, quiz_id: int) -> None:
    """Throw away an unfinished quiz (a submitted one is history and stays)."""
    quiz = _open_quiz(session, quiz_id)
    session.execute(delete(QuizItem).where(QuizItem.session_id == quiz.id))
    session.delete(quiz)


def delete_mock(session: Session, quiz_id: int) -> None:
    """Remove a mock test from the history (an abandoned or unwanted attempt). The
    answers it gave to the review log stay: they are part of the prompts' schedule."""
    quiz = session.get(QuizSession, quiz_id)
    if quiz is None or quiz.kind != "mock":
        raise LookupError(f"no mock test {quiz_id}")
    session.delete(quiz)  # its items go with it (the relationship cascades)


# --- practice ---------------------------------------------------------------------------


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
    quiz = _open_quiz(session, quiz_id)
    if quiz.kind != "practice":
        raise QuizError("mock answers are graded on submission")
    item = _item(session, quiz_id, position)
    if item.correct is not None or item.response is not None:
        raise QuizError(f"prompt {position + 1} is already answered")
    question = session.get(Question, item.question_id)
    assert question is not None  # quiz items keep their prompts (ON DELETE RESTRICT)
    body = body_from_details(question.key, question.type, question.details)
    verdict = grade(body, question.answer_index, response)
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
    answer(
        session,
        item.question_id,
        default_rating(verdict.correct),
        now,
        correct=verdict.correct,
        response=verdict.response,
        duration_ms=duration_ms,
        mode="practice",
        fuzz=fuzz,
    )
    return verdict


@dataclass(frozen=True)
class PracticeSummary:
    answered: int
    right: int
    wrong: int
    time_ms: int
    wrong_question_ids: list[int]


def finish_practice(session: Session, quiz_id: int, now: datetime) -> PracticeSummary:
    quiz = _open_quiz(session, quiz_id)
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


# --- mock results -----------------------------------------------------------------------


@dataclass(frozen=True)
class AreaResult:
    area: str
    title: str
    prompts: int
    right: int
    wrong: int
    blank: int

    @property
    def score(self) -> Fraction:
        return paper_score(self.right, self.wrong)


@dataclass(frozen=True)
class MockResult:
    id: int
    title: str
    finished: datetime
    timed_out: bool
    right: int
    wrong: int
    blank: int
    time_used_ms: int
    time_limit_s: int
    areas: list[AreaResult]
    items: list[ItemView] = field(default_factory=list)

    @property
    def prompts(self) -> int:
        return self.right + self.wrong + self.blank

    @property
    def score(self) -> Fraction:
        return paper_score(self.right, self.wrong)

    @property
    def max_score(self) -> Fraction:
        return MARK_RIGHT * self.prompts

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
    quiz = _open_quiz(session, quiz_id)
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
        answer(
            session,
            item.question_id,
            default_rating(verdict.correct),
            now,
            correct=verdict.correct,
            response=verdict.response,
            duration_ms=item.time_ms,
            mode="mock",
            fuzz=fuzz,
        )
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
            func.count(),
            # typed: a sum of booleans would come back as a boolean
            func.sum(QuizItem.correct.is_(True), type_=Integer),
            func.sum(QuizItem.correct.is_(False), type_=Integer),
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
        right=sum(a.right for a in areas),
        wrong=sum(a.wrong for a in areas),
        blank=sum(a.blank for a in areas),
        time_used_ms=view.time_used_ms,
        time_limit_s=view.time_limit_s or 0,
        areas=areas,
        items=view.items,
    )


@dataclass(frozen=True)
class MockSummary:
    id: int
    title: str
    finished: datetime
    prompts: int
    score: float
    max_score: float


def mock_history(session: Session) -> list[MockSummary]:
    """Every submitted mock test, newest first."""
    counts = (
        select(QuizItem.session_id, func.count().label("n"))
        .group_by(QuizItem.session_id)
        .subquery()
    )
    rows = session.execute(
        select(
            QuizSession.id,
            QuizSession.config,
            QuizSession.finished_ms,
            counts.c.n,
            QuizSession.score,
            QuizSession.max_score,
        )
        .join(counts, counts.c.session_id == QuizSession.id)
        .where(QuizSession.kind == "mock", QuizSession.status == "submitted")
        .order_by(QuizSession.finished_ms.desc(), QuizSession.id.desc())
    ).all()
    return [
        MockSummary(
            id=qid,
            title=str((config or {}).get("title", "Mock test")),
            finished=from_ms(finished),
            prompts=int(n),
            score=float(score or 0),
            max_score=float(maximum or 0),
        )
        for qid, config, finished, n, score, maximum in rows
    ]


def area_choices(session: Session) -> list[tuple[str, str, int]]:
    """(area id, title, live prompts) for the builders' area lists, in reading order."""
    counts = (
        select(Question.area, func.count().label("n"))
        .where(Question.retired.is_(False), Question.type != "mains")
        .group_by(Question.area)
        .subquery()
    )
    rows = session.execute(
        select(counts.c.area, func.coalesce(Area.title, counts.c.area), counts.c.n)
        .outerjoin(Area, Area.id == counts.c.area)
        .order_by(func.coalesce(Area.position, 999), counts.c.area)
    ).all()
    return [(str(a), str(t), int(n)) for a, t, n in rows]
