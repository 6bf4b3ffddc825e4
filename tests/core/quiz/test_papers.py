"""Fixed papers: full-length (the prelims pattern), sectional, and mistakes papers that
keep their prompts and order across sittings, with earlier scores set beside a re-sit."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.core.models import Question, QuizSession, ReviewLog
from studyapp.core.quiz.mocks import delete_mock, mock_history, set_response, submit_mock
from studyapp.core.quiz.papers import (
    FULL_LENGTH,
    PaperError,
    attempts_of,
    delete_paper,
    earlier_attempts,
    list_papers,
    make_full_paper,
    make_mistakes_paper,
    make_sectional_paper,
    paper_of_wrong_answers,
    sit_paper,
    still_wrong,
)
from studyapp.core.quiz.records import load_quiz
from studyapp.core.srs.scheduler import Rating, answer
from studyapp.core.startup import open_study_database
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import ContentDirs, DataDir

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def write_bank(questions_dir: Path, trade: int, links: int) -> None:
    """Four-option prompts, a third each easy, medium and hard, in two areas."""
    prompts = []
    for area, section, n in (("trade", "trade.gap", trade), ("links", "links.rail", links)):
        for i in range(n):
            prompts.append(
                {
                    "id": f"q.bulk-{area}.{i:04d}",
                    "type": "mcq",
                    "stem": f"Bulk prompt {i} about {area}?",
                    "options": ["First", "Second", "Third", "Fourth"],
                    "answer": "abcd"[i % 4],
                    "explanation": f"Option {'abcd'[i % 4]} is right for prompt {i}.",
                    "sections": [section],
                    "sources": ["alpha"],
                    "area": area,
                    "difficulty": ("easy", "medium", "hard")[i % 3],
                }
            )
    (questions_dir / "bulk.yaml").write_text(yaml.safe_dump(prompts), encoding="utf-8")


@pytest.fixture
def bank(data_dir: DataDir, content: ContentDirs) -> Iterator[Database]:
    write_bank(content.questions, trade=70, links=40)
    database, _ = open_study_database(data_dir, content)
    yield database
    database.close()


def key_of(s: Session, question_id: int) -> int:
    return int(s.scalar(select(Question.answer_index).where(Question.id == question_id)) or 0)


def sit(s: Session, paper_id: int, right: int, wrong: int, when: datetime) -> int:
    """Sit a paper: the first `right` prompts right, the next `wrong` wrong, the rest blank."""
    quiz = sit_paper(s, paper_id, when)
    for item in load_quiz(s, quiz).items:
        n = item.position
        if n < right + wrong:
            key = key_of(s, item.question_id)
            set_response(s, quiz, n, str(key if n < right else (key + 1) % 4))
    submit_mock(s, quiz, when + timedelta(minutes=30), fuzz=False)
    return quiz


def test_a_full_length_paper_is_the_prelims_pattern_and_re_sits_identically(
    bank: Database,
) -> None:
    with bank.begin() as s:
        paper = make_full_paper(s, T0, rng=random.Random(4))
        first = sit_paper(s, paper, T0)
        view = load_quiz(s, first)
        assert len(view.items) == FULL_LENGTH
        assert view.time_limit_s == 120 * 60  # two hours
        order = [i.question_id for i in view.items]
        assert len(set(order)) == FULL_LENGTH
        difficulties = dict(
            s.execute(
                select(Question.difficulty, func.count())
                .where(Question.id.in_(order))
                .group_by(Question.difficulty)
            ).all()
        )
        # The mix asks 30 easy, 45 medium, 25 hard; the bank has only 37 medium prompts,
        # so every one of them is in, and the other levels fill the nine places left.
        assert difficulties["medium"] == 37
        assert difficulties["easy"] >= 30 and difficulties["hard"] >= 25
        submit_mock(s, first, T0 + timedelta(hours=2), fuzz=False)
        again = sit_paper(s, paper, T0 + timedelta(days=7))
        assert [i.question_id for i in load_quiz(s, again).items] == order
        (summary,) = list_papers(s)
        assert (summary.kind_label, summary.prompts, summary.minutes) == ("Full-length", 100, 120)
        assert summary.title == "Full-length paper 1"


def test_a_full_length_paper_needs_a_hundred_prompts(db: Database) -> None:
    with (
        db.begin() as s,
        pytest.raises(PaperError, match="needs 100 four-option prompts; the bank has 2"),
    ):
        make_full_paper(s, T0)


def test_a_sectional_paper_keeps_to_one_area_and_ten_to_twenty_five_prompts(
    bank: Database,
) -> None:
    with bank.begin() as s:
        paper = make_sectional_paper(s, "links", 20, T0, rng=random.Random(2))
        quiz = sit_paper(s, paper, T0)
        ids = [i.question_id for i in load_quiz(s, quiz).items]
        assert len(ids) == 20
        areas = set(s.scalars(select(Question.area).where(Question.id.in_(ids))))
        assert areas == {"links"}
        assert list_papers(s)[0].title == "Sectional: Links · 1"
        with pytest.raises(PaperError, match="10 to 25 prompts, not 30"):
            make_sectional_paper(s, "links", 30, T0)
        with pytest.raises(PaperError, match="10 to 25 prompts, not 9"):
            make_sectional_paper(s, "links", 9, T0)


def test_a_sectional_paper_needs_ten_prompts_in_its_area(db: Database) -> None:
    with db.begin() as s, pytest.raises(PaperError, match="“Trade” has 2"):
        make_sectional_paper(s, "trade", 10, T0)


def test_a_re_sit_shows_the_earlier_scores_beside_it(bank: Database) -> None:
    with bank.begin() as s:
        paper = make_sectional_paper(s, "trade", 10, T0, rng=random.Random(1))
        first = sit(s, paper, right=4, wrong=3, when=T0)  # 8 − 2 = 6
        second = sit(s, paper, right=7, wrong=0, when=T0 + timedelta(days=3))  # 14
        third = sit(s, paper, right=9, wrong=1, when=T0 + timedelta(days=6))  # 18 − ⅔
        assert earlier_attempts(s, first) == []
        assert [a.quiz_id for a in earlier_attempts(s, third)] == [first, second]
        assert [a.score for a in attempts_of(s, paper)] == [6, 14, Fraction(52, 3)]  # exact
        (summary,) = list_papers(s)
        assert summary.best is not None and summary.best.quiz_id == third
        assert summary.last is not None and summary.last.quiz_id == third
        # A mock not sat from a paper has no earlier attempts to show.
        assert s.get(QuizSession, first).paper_id == paper  # type: ignore[union-attr]


def test_a_mistakes_paper_holds_the_prompts_still_answered_wrong(bank: Database) -> None:
    with bank.begin() as s:
        ids = list(s.scalars(select(Question.id).where(Question.key.like("q.bulk-trade.%"))))
        wrong_then_right, wrong_still, right_only = ids[0], ids[1], ids[2]
        answer(s, wrong_then_right, Rating.AGAIN, T0, correct=False, fuzz=False)
        answer(s, wrong_still, Rating.AGAIN, T0, correct=False, fuzz=False)
        answer(s, right_only, Rating.GOOD, T0, correct=True, fuzz=False)
        answer(s, wrong_then_right, Rating.GOOD, T0 + timedelta(days=2), correct=True, fuzz=False)
        assert still_wrong(s) == [wrong_still]
        paper = make_mistakes_paper(s, T0 + timedelta(days=3))
        quiz = sit_paper(s, paper, T0 + timedelta(days=3))
        assert [i.question_id for i in load_quiz(s, quiz).items] == [wrong_still]
        assert list_papers(s)[0].title == "My mistakes 1"


def test_no_mistakes_means_no_mistakes_paper(bank: Database) -> None:
    with bank.begin() as s, pytest.raises(PaperError, match="No mistakes"):
        make_mistakes_paper(s, T0)


def test_a_paper_of_one_mocks_wrong_answers_keeps_their_order(bank: Database) -> None:
    with bank.begin() as s:
        paper = make_sectional_paper(s, "links", 12, T0, rng=random.Random(5))
        quiz = sit(s, paper, right=5, wrong=4, when=T0)
        wrong = [i.question_id for i in load_quiz(s, quiz).items if i.correct is False]
        mistakes = paper_of_wrong_answers(s, quiz, T0)
        retry = sit_paper(s, mistakes, T0 + timedelta(hours=1))
        assert [i.question_id for i in load_quiz(s, retry).items] == wrong
        assert list_papers(s)[0].title == "My mistakes from Sectional: Links · 1"
        assert list_papers(s)[0].kind == "mistakes"


def test_deleting_a_mock_removes_it_from_the_history_but_not_the_schedule(
    bank: Database,
) -> None:
    with bank.begin() as s:
        paper = make_sectional_paper(s, "links", 10, T0, rng=random.Random(5))
        kept = sit(s, paper, right=2, wrong=1, when=T0)
        dropped = sit(s, paper, right=1, wrong=0, when=T0 + timedelta(days=1))
        logs = s.scalar(select(func.count()).select_from(ReviewLog))
        delete_mock(s, dropped)
        assert [h.quiz_id for h in mock_history(s)] == [kept]
        assert [a.quiz_id for a in attempts_of(s, paper)] == [kept]
        assert s.scalar(select(func.count()).select_from(ReviewLog)) == logs
        delete_paper(s, paper)
        assert list_papers(s) == []
        assert [h.quiz_id for h in mock_history(s)] == [kept]  # attempts outlive their paper


def test_custom_papers_are_numbered_and_keep_their_pace(bank: Database) -> None:
    from studyapp.core.quiz.papers import make_custom_paper
    from studyapp.core.quiz.selection import Criteria

    with bank.begin() as s:
        first = make_custom_paper(s, Criteria(areas=("links",)), 10, T0, random.Random(1), 90)
        make_custom_paper(s, Criteria(), 5, T0 + timedelta(minutes=1), random.Random(2))
        assert [p.title for p in list_papers(s)] == [
            "Mock test 2 · 5 prompts",
            "Mock test 1 · 10 prompts",
        ]
        assert load_quiz(s, sit_paper(s, first, T0)).time_limit_s == 10 * 90
