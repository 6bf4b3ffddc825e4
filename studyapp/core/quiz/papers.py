"""Fixed papers: a set of prompts in a fixed order that the student sits and sits
again, the way a test series hands out numbered papers.

Kinds: a **full-length** paper follows the prelims pattern (100 prompts, 120 minutes)
when the bank holds enough four-option prompts; a **sectional** paper takes 10–25
prompts of one area; a **mistakes** paper is made of prompts the student got wrong
(from the whole record, or from one mock's results); a **custom** paper is whatever
the mock setup's choices drew. Every sitting is a mock test (`quiz.mocks`) linked to
its paper, so a re-sit is marked like any mock and its score is set beside the
earlier ones.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.core.clock import from_ms, to_ms
from studyapp.core.models import Area, Card, Paper, Question, QuizItem, QuizSession, ReviewLog
from studyapp.core.quiz.mocks import SECONDS_PER_PROMPT, MockAttempt, start_mock, submitted_mocks
from studyapp.core.quiz.selection import (
    PAPER_MIX,
    PRELIMS_TYPES,
    Criteria,
    count_matching,
    pick_prompts,
)

FULL_LENGTH = 100  # the prelims paper: 100 prompts in 120 minutes (72 s each)
SECTIONAL_MIN, SECTIONAL_MAX = 10, 25
MISTAKES_MAX = 25
KINDS = {
    "full": "Full-length",
    "sectional": "Sectional",
    "mistakes": "My mistakes",
    "custom": "Custom",
}


class PaperError(Exception):
    """A paper that cannot be made from the bank as it is (the message says why)."""


def create_paper(
    session: Session,
    title: str,
    kind: str,
    question_ids: Sequence[int],
    now: datetime,
    *,
    area: str | None = None,
    seconds_per_prompt: int = SECONDS_PER_PROMPT,
) -> int:
    if kind not in KINDS:
        raise ValueError(f"unknown paper kind {kind!r}")
    if not question_ids:
        raise PaperError("There are no prompts to make this paper from.")
    paper = Paper(
        title=title,
        kind=kind,
        question_ids=[int(q) for q in question_ids],
        area=area,
        seconds_per_prompt=seconds_per_prompt,
        created_ms=to_ms(now),
    )
    session.add(paper)
    session.flush()
    return paper.id


def _numbered(session: Session, kind: str, stem: str) -> str:
    made = session.scalar(select(func.count()).select_from(Paper).where(Paper.kind == kind)) or 0
    return f"{stem} {made + 1}"


def full_length_available(session: Session, now: datetime) -> int:
    """How many four-option prompts the bank offers a full-length paper."""
    return count_matching(session, Criteria(types=PRELIMS_TYPES), now)


def make_full_paper(session: Session, now: datetime, rng: random.Random | None = None) -> int:
    """100 prompts over every area with the paper's difficulty mix, 120 minutes."""
    available = full_length_available(session, now)
    if available < FULL_LENGTH:
        raise PaperError(
            f"A full-length paper needs {FULL_LENGTH} four-option prompts; "
            f"the bank has {available}."
        )
    ids = pick_prompts(
        session, Criteria(types=PRELIMS_TYPES), FULL_LENGTH, now, rng=rng, mix=PAPER_MIX
    )
    title = _numbered(session, "full", "Full-length paper")
    return create_paper(session, title, "full", ids, now)


def make_sectional_paper(
    session: Session, area: str, count: int, now: datetime, rng: random.Random | None = None
) -> int:
    """`count` (10–25) prompts of one area, with the paper's difficulty mix."""
    if not SECTIONAL_MIN <= count <= SECTIONAL_MAX:
        raise PaperError(
            f"A sectional paper has {SECTIONAL_MIN} to {SECTIONAL_MAX} prompts, not {count}."
        )
    title_of_area = session.scalar(select(Area.title).where(Area.id == area)) or area
    criteria = Criteria(areas=(area,), types=PRELIMS_TYPES)
    available = count_matching(session, criteria, now)
    if available < SECTIONAL_MIN:
        raise PaperError(
            f"A sectional paper needs at least {SECTIONAL_MIN} four-option prompts; "
            f"“{title_of_area}” has {available}."
        )
    ids = pick_prompts(session, criteria, count, now, rng=rng, mix=PAPER_MIX)
    title = _numbered(session, "sectional", f"Sectional: {title_of_area} ·")
    return create_paper(session, title, "sectional", ids, now, area=area)


def make_custom_paper(
    session: Session,
    criteria: Criteria,
    count: int,
    now: datetime,
    rng: random.Random | None = None,
    seconds_per_prompt: int = SECONDS_PER_PROMPT,
) -> int:
    """A paper of the mock setup's own choices (areas, size, pace), numbered."""
    ids = pick_prompts(session, criteria, count, now, rng=rng, mix=PAPER_MIX)
    if not ids:
        raise PaperError("No prompts match these choices.")
    title = _numbered(session, "custom", "Mock test") + f" · {len(ids)} prompts"
    return create_paper(session, title, "custom", ids, now, seconds_per_prompt=seconds_per_prompt)


def still_wrong(session: Session, areas: Sequence[str] = ()) -> list[int]:
    """Four-option prompts whose latest marked answer was wrong, latest mistakes first."""
    latest = (
        select(ReviewLog.question_id, func.max(ReviewLog.id).label("last_id"))
        .where(ReviewLog.correct.is_not(None))
        .group_by(ReviewLog.question_id)
        .subquery()
    )
    query = (
        select(Question.id)
        .join(latest, latest.c.question_id == Question.id)
        .join(ReviewLog, ReviewLog.id == latest.c.last_id)
        .join(Card, Card.question_id == Question.id)
        .where(
            ReviewLog.correct.is_(False),
            Question.retired.is_(False),
            Card.suspended.is_(False),
            Question.type.in_(PRELIMS_TYPES),
        )
        .order_by(ReviewLog.reviewed_ms.desc(), Question.id)
    )
    if areas:
        query = query.where(Question.area.in_(areas))
    return list(session.scalars(query))


def make_mistakes_paper(
    session: Session,
    now: datetime,
    rng: random.Random | None = None,
    count: int = MISTAKES_MAX,
    areas: Sequence[str] = (),
) -> int:
    """Up to `count` prompts still answered wrong (latest mistakes first), shuffled."""
    ids = still_wrong(session, areas)[:count]
    if not ids:
        raise PaperError("No mistakes to practise: every prompt you got wrong is right since.")
    (rng or random.Random()).shuffle(ids)
    title = _numbered(session, "mistakes", "My mistakes")
    return create_paper(session, title, "mistakes", ids, now)


def paper_of_wrong_answers(session: Session, quiz_id: int, now: datetime) -> int:
    """A mistakes paper of the prompts one mock test marked wrong, in its order."""
    quiz = session.get(QuizSession, quiz_id)
    if quiz is None:
        raise LookupError(f"no mock test {quiz_id}")
    ids = list(
        session.scalars(
            select(QuizItem.question_id)
            .where(QuizItem.session_id == quiz_id, QuizItem.correct.is_(False))
            .order_by(QuizItem.position)
        )
    )
    if not ids:
        raise PaperError("This paper has no wrong answers to make a paper of.")
    source = str((quiz.config or {}).get("title", "Mock test"))
    title = f"My mistakes from {source}"
    return create_paper(session, title, "mistakes", ids, now)


def sit_paper(session: Session, paper_id: int, now: datetime) -> int:
    """Start an attempt at a paper: a mock test over its prompts in its order (a
    prompt since retired from the bank is left out)."""
    paper = session.get(Paper, paper_id)
    if paper is None:
        raise LookupError(f"no paper {paper_id}")
    wanted = [int(q) for q in paper.question_ids]
    live = set(
        session.scalars(
            select(Question.id).where(Question.id.in_(wanted), Question.retired.is_(False))
        )
    )
    ids = [q for q in wanted if q in live]
    if not ids:
        raise PaperError(f"Every prompt of “{paper.title}” has been retired from the bank.")
    return start_mock(
        session,
        ids,
        now,
        seconds_per_prompt=paper.seconds_per_prompt,
        title=paper.title,
        areas=[paper.area] if paper.area else [],
        paper_id=paper.id,
    )


# --- attempts ---------------------------------------------------------------------------


def _attempts(session: Session, paper_ids: Sequence[int]) -> dict[int, list[MockAttempt]]:
    result: dict[int, list[MockAttempt]] = {}
    for paper_id, attempt in reversed(submitted_mocks(session, paper_ids)):
        result.setdefault(int(paper_id or 0), []).append(attempt)
    return result


def attempts_of(session: Session, paper_id: int) -> list[MockAttempt]:
    """Submitted attempts at a paper, oldest first."""
    return _attempts(session, [paper_id]).get(paper_id, [])


def earlier_attempts(session: Session, quiz_id: int) -> list[MockAttempt]:
    """Attempts at the same paper submitted before this one, oldest first (empty for a
    first sitting or a mock not made from a paper)."""
    quiz = session.get(QuizSession, quiz_id)
    if quiz is None or quiz.paper_id is None:
        return []
    attempts = attempts_of(session, quiz.paper_id)
    if quiz.finished_ms is None:  # still being sat: every submitted one came before
        return attempts
    return [a for a in attempts if (to_ms(a.finished), a.quiz_id) < (quiz.finished_ms, quiz.id)]


@dataclass(frozen=True)
class PaperSummary:
    id: int
    title: str
    kind: str
    prompts: int
    minutes: int
    created: datetime
    attempts: list[MockAttempt]

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def best(self) -> MockAttempt | None:
        return max(self.attempts, key=lambda a: a.score, default=None)

    @property
    def last(self) -> MockAttempt | None:
        return self.attempts[-1] if self.attempts else None


def list_papers(session: Session) -> list[PaperSummary]:
    """Every paper, newest first, with its attempts."""
    papers = session.scalars(select(Paper).order_by(Paper.created_ms.desc(), Paper.id.desc())).all()
    attempts = _attempts(session, [p.id for p in papers])
    return [
        PaperSummary(
            id=p.id,
            title=p.title,
            kind=p.kind,
            prompts=len(p.question_ids),
            minutes=round(len(p.question_ids) * p.seconds_per_prompt / 60),
            created=from_ms(p.created_ms),
            attempts=attempts.get(p.id, []),
        )
        for p in papers
    ]


def delete_paper(session: Session, paper_id: int) -> None:
    """Remove a paper from the list; its attempts stay in the mock history."""
    paper = session.get(Paper, paper_id)
    if paper is None:
        raise LookupError(f"no paper {paper_id}")
    session.delete(paper)
