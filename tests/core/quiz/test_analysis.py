"""What a mock teaches: accuracy and marks by type, difficulty, time and confidence in
exact thirds, and the negative-marking break-even advice from the student's record."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction

from sqlalchemy import select

from studyapp.core.models import Question
from studyapp.core.quiz.analysis import (
    BREAK_EVEN,
    MIN_ANSWERS_FOR_ADVICE,
    Answer,
    Tally,
    analyse,
    analysis_across_mocks,
    break_even_advice,
    mock_analysis,
)
from studyapp.core.quiz.mocks import set_confidence, set_response, start_mock, submit_mock
from studyapp.core.quiz.practice import start_practice
from studyapp.core.quiz.records import QuizError, spend_time
from studyapp.core.storage.db import Database

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def answers(level: str, right: int, wrong: int, blank: int = 0) -> list[Answer]:
    return (
        [Answer("mcq", "medium", level, True, 40_000)] * right
        + [Answer("mcq", "medium", level, False, 40_000)] * wrong
        + [Answer("mcq", "medium", level, None, 40_000)] * blank
    )


def test_the_break_even_is_a_quarter_right() -> None:
    # 2p − ⅔(1 − p) = 0 at p = 1/4: one right pays for three wrong.
    assert Fraction(1, 4) == BREAK_EVEN
    assert Tally("x", "x", 4, 1, 3, 0).marks == 0


def test_a_student_right_60_percent_on_50_50s_is_told_to_keep_attempting() -> None:
    advice = break_even_advice(analyse(answers("fifty", 12, 8)).by_confidence[1])
    assert advice.level == "fifty" and advice.verdict == "attempt"
    assert advice.tally.accuracy == Fraction(3, 5)
    assert advice.tally.marks == Fraction(56, 3)  # 24 − 16/3
    assert "Keep attempting your 50-50 answers: 12 of 20 right (60 %)" in advice.text
    assert "earned +18.67 marks" in advice.text
    assert advice.arithmetic == (
        "12 × 2 − 8 × ⅔ = 24.00 − 5.33 = +18.67 over 20 answers (+0.93 each; a blank scores 0)"
    )


def test_a_student_right_15_percent_on_guesses_is_told_to_leave_them() -> None:
    advice = break_even_advice(analyse(answers("guess", 3, 17, blank=5)).by_confidence[2])
    assert advice.verdict == "leave"
    assert advice.tally.marks == Fraction(-16, 3)  # 6 − 34/3
    assert "Leave your guesses blank unless you can rule out options" in advice.text
    assert "3 of 20 right (15 %), below the 25 % break-even" in advice.text
    assert "cost 5.33 marks" in advice.text
    assert advice.arithmetic.startswith("3 × 2 − 17 × ⅔ = 6.00 − 11.33 = −5.33 over 20 answers")


def test_exactly_a_quarter_right_is_called_even() -> None:
    advice = break_even_advice(analyse(answers("guess", 3, 9)).by_confidence[2])
    assert advice.verdict == "even" and advice.tally.marks == 0


def test_too_few_answers_at_a_level_get_a_hedge_not_advice() -> None:
    few = answers("sure", 1, 8)  # 11 % right, but only 9 answers
    assert len(few) < MIN_ANSWERS_FOR_ADVICE
    advice = break_even_advice(analyse(few).by_confidence[0])
    assert advice.verdict == "too_few"
    assert "advice needs at least 10" in advice.text and "1 of 9 right (11 %)" in advice.text
    assert break_even_advice(analyse([]).by_confidence[0]).verdict == "none"


def test_figures_by_type_difficulty_and_time_are_exact() -> None:
    result = analyse(
        [
            Answer("statements", "hard", None, True, 95_000),
            Answer("statements", "hard", None, False, 130_000),
            Answer("statements", "medium", None, False, 70_000),
            Answer("mcq", "easy", "sure", True, 20_000),
            Answer("mcq", "easy", "sure", None, 10_000),
        ]
    )
    by_type = {t.key: t for t in result.by_type}
    assert list(by_type) == ["mcq", "statements"]  # in the prelims order of types
    assert (by_type["statements"].right, by_type["statements"].wrong) == (1, 2)
    assert by_type["statements"].marks == Fraction(2, 3)  # 2 − 4/3
    assert by_type["statements"].accuracy == Fraction(1, 3)
    assert by_type["mcq"].label == "Single answer" and by_type["mcq"].blank == 1
    by_level = {t.key: t.marks for t in result.by_difficulty}
    assert by_level == {"easy": 2, "medium": Fraction(-2, 3), "hard": Fraction(4, 3)}
    by_time = {t.label: (t.right, t.wrong, t.blank) for t in result.by_time}
    assert by_time == {
        "under 30 s": (1, 0, 1),
        "60–90 s": (0, 1, 0),
        "90 s – 2 min": (1, 0, 0),
        "over 2 min": (0, 1, 0),
    }
    assert result.average_right_ms == 57_500 and result.average_wrong_ms == 100_000
    assert result.total.marks == Fraction(8, 3)
    assert result.tagged == 2


def test_confidence_tags_in_a_mock_reach_its_analysis_and_the_record(db: Database) -> None:
    with db.begin() as s:
        ids = list(s.scalars(select(Question.id).where(Question.type.in_(["mcq", "statements"]))))
        keys = dict(s.execute(select(Question.id, Question.answer_index)).all())
        quiz = start_mock(s, ids, T0)
        set_response(s, quiz, 0, str(keys[ids[0]]))  # right, sure
        set_confidence(s, quiz, 0, "sure")
        set_response(s, quiz, 1, str((keys[ids[1]] + 1) % 4))  # wrong, a guess
        set_confidence(s, quiz, 1, "guess")
        set_confidence(s, quiz, 1, None)  # untagged again …
        set_confidence(s, quiz, 1, "guess")  # … and tagged once more
        spend_time(s, quiz, 1, 45_000)
        submit_mock(s, quiz, T0, fuzz=False)
        with_tags = {
            t.key: (t.right, t.wrong, t.marks) for t in mock_analysis(s, quiz).by_confidence
        }
        assert with_tags["sure"] == (1, 0, 2)
        assert with_tags["guess"] == (0, 1, Fraction(-2, 3))
        assert with_tags["fifty"] == (0, 0, 0)
        across = analysis_across_mocks(s)
        assert across.total.marks == Fraction(4, 3)
        assert analysis_across_mocks(s, area="links").total.prompts == 0
        practice = start_practice(s, ids, T0)
        try:
            set_confidence(s, practice, 0, "sure")
        except QuizError:
            pass
        else:
            raise AssertionError("a practice set takes no confidence tag")
