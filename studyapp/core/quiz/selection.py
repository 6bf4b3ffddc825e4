"""Choosing prompts for a practice set, a mock test or a paper: what the builders
offer (types, difficulties, filters, areas), how many prompts match, and the random
draw spread over areas with a paper's difficulty mix."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session

from studyapp.core.models import Area, Bookmark, Card, Question, QuestionSection, ReviewLog, Section
from studyapp.core.settings import load_settings
from studyapp.core.srs.queue import day_window

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
    sub = _matching(session, criteria, now, local).order_by(None).subquery()  # no sort to count
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
