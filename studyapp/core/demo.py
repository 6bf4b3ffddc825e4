"""A realistic, reproducible study history for screenshots and demonstrations.

It is made the way a student would make it — through the real review engine, one
answer at a time over past days — so every card state is a genuine FSRS state.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.core.models import Paper, Question, QuizSession
from studyapp.core.quiz.mains import (
    default_time_limit_s,
    mains_prompts,
    self_assess,
    start_answer,
    submit_answer,
)
from studyapp.core.quiz.mocks import DEFAULT_MOCK_SIZE, set_confidence, set_response, submit_mock
from studyapp.core.quiz.papers import make_custom_paper, sit_paper
from studyapp.core.quiz.records import load_quiz, spend_time, visit
from studyapp.core.quiz.selection import PRELIMS_TYPES, Criteria
from studyapp.core.srs.scheduler import Rating, answer, next_due_question

# Share of right answers by difficulty, so that harder areas show up as weaker.
_ACCURACY = {"easy": 0.92, "medium": 0.8, "hard": 0.62}
# In a mock: how sure the student feels, and how often such an answer is right.
_HUNCHES = (("sure", 0.9), ("fifty", 0.6), ("guess", 0.2))


def seed_demo_history(
    session: Session, now: datetime, days: int = 120, per_day: int = 18, seed: int = 7
) -> int:
    """Answer prompts on each of the past `days` days (skipping a few, as people do),
    sit a mock test most weekends and write a mains answer now and then; returns the
    number of review answers recorded."""
    rng = random.Random(seed)
    difficulty = dict(session.execute(select(Question.id, Question.difficulty)).all())
    total = 0
    for back in range(days, 0, -1):
        if rng.random() < 0.12 and back > 3:
            continue  # a missed day
        moment = (now - timedelta(days=back)).replace(hour=13, minute=30, second=0, microsecond=0)
        if back % 7 == 0 and back <= 70:
            _sit_mock(session, moment.replace(hour=10), rng, difficulty)
        if back % 10 == 5 and back <= 60:
            _write_mains(session, moment.replace(hour=18), rng)
        seen: list[int] = []
        for _ in range(per_day + rng.randint(-5, 5)):
            qid = next_due_question(session, moment, exclude=seen)
            if qid is None:
                break
            seen.append(qid)
            right = rng.random() < _ACCURACY.get(difficulty.get(qid, "medium"), 0.8)
            rating = Rating.GOOD if right else Rating.AGAIN
            if right and rng.random() < 0.15:
                rating = Rating.EASY if rng.random() < 0.5 else Rating.HARD
            took = rng.randint(12, 75)
            answer(
                session,
                qid,
                rating,
                moment,
                correct=right,
                response=None,
                duration_ms=took * 1000,
                mode="review",
                fuzz=False,
            )
            moment += timedelta(seconds=took + rng.randint(2, 8))
            total += 1
    return total


def _sit_mock(
    session: Session, when: datetime, rng: random.Random, difficulty: dict[int, str]
) -> None:
    """A 25-prompt paper at about the prelims pace, a few left blank, accuracy
    improving a little with each weekend; every third weekend the last paper is sat
    again. Answers are tagged sure / 50-50 / guess the way a student's hunches go:
    sure ones mostly right, guesses mostly not."""
    last_paper = session.scalar(select(Paper.id).order_by(Paper.id.desc()).limit(1))
    sat = session.scalar(select(func.count()).select_from(QuizSession)) or 0
    if last_paper is not None and sat % 3 == 2:
        paper = last_paper  # sit last weekend's paper again
    else:
        criteria = Criteria(types=PRELIMS_TYPES)
        paper = make_custom_paper(session, criteria, DEFAULT_MOCK_SIZE, when, rng)
    quiz = sit_paper(session, paper, when)
    for item in load_quiz(session, quiz).items:
        position, qid = item.position, item.question_id
        visit(session, quiz, position)
        spend_time(session, quiz, position, rng.randint(40, 95) * 1000)
        if rng.random() < 0.15:
            continue  # left blank rather than risk −2/3
        key = session.scalar(select(Question.answer_index).where(Question.id == qid)) or 0
        hunch = rng.random()
        level, odds = _HUNCHES[0 if hunch < 0.55 else 1 if hunch < 0.85 else 2]
        harder = _ACCURACY["medium"] - _ACCURACY.get(difficulty.get(qid, "medium"), 0.8)
        right = rng.random() < odds - harder / 2
        set_response(session, quiz, position, str(key if right else (key + 1) % 4))
        if rng.random() < 0.8:
            set_confidence(session, quiz, position, level)
    submit_mock(session, quiz, when + timedelta(minutes=30), fuzz=False)


def _write_mains(session: Session, when: datetime, rng: random.Random) -> None:
    prompts = mains_prompts(session)
    if not prompts:
        return
    prompt = rng.choice(prompts)
    answer_id = start_answer(session, prompt.id, when)
    words = " ".join(["point"] * int(prompt.word_limit * rng.uniform(0.8, 1.05)))
    taken = int(default_time_limit_s(prompt.word_limit) * rng.uniform(0.85, 1.15))
    submit_answer(session, answer_id, words, taken, when + timedelta(seconds=taken))
    covered = [n for n in range(len(prompt.key_points)) if rng.random() < 0.7]
    self_assess(session, answer_id, covered, when + timedelta(seconds=taken + 120), fuzz=False)
