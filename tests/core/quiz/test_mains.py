"""Mains answer-writing: word counts, timers, drafts that survive, self-assessment
scores and the list of answers written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.core.models import Question, ReviewLog
from studyapp.core.quiz.mains import (
    MainsError,
    answers_written,
    count_words,
    default_time_limit_s,
    load_answer,
    mains_prompts,
    save_draft,
    score_for,
    self_assess,
    start_answer,
    submit_answer,
    to_markdown,
    unfinished_answer,
)
from studyapp.core.srs.scheduler import Rating
from studyapp.core.storage.db import Database

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def mains_id(s: Session) -> int:
    return s.scalars(select(Question.id).where(Question.key == "q.trade.0501")).one()


def test_words_are_counted_as_an_examiner_would() -> None:
    assert count_words("") == 0
    assert count_words("  India's Indo-Pacific vision, in 2025: ₹5 lakh crore!  ") == 8
    assert count_words("- first point\n- second point\n\n1. third") == 6
    assert count_words("भारत और जापान") == 3


def test_the_timer_defaults_follow_the_word_limit() -> None:
    assert default_time_limit_s(150) == 7 * 60
    assert default_time_limit_s(250) == 11 * 60


def test_scores_follow_the_points_covered_to_half_marks() -> None:
    assert score_for(4, 4, 10) == 10
    assert score_for(3, 4, 10) == Fraction(15, 2)
    assert score_for(1, 6, 15) == Fraction(5, 2)
    assert score_for(0, 5, 10) == 0


def test_an_answer_is_written_submitted_assessed_and_listed(db: Database) -> None:
    with db.begin() as s:
        prompts = mains_prompts(s)
        assert [(p.directive, p.word_limit, p.marks, p.attempts) for p in prompts] == [
            ("Discuss", 150, 10, 0)
        ]
        answer_id = start_answer(s, mains_id(s), T0)
        save_draft(s, answer_id, "The gap is wide", 60)
    with db.begin() as s:
        # A draft left open (the app closed) is found again with its text.
        assert unfinished_answer(s) == answer_id
        assert load_answer(s, answer_id).text == "The gap is wide"
        text = "The gap is wide and the sources differ on its size. A way forward: more exports."
        submit_answer(s, answer_id, text, 400, T0 + timedelta(minutes=7))
        score = self_assess(s, answer_id, [0, 1, 3], T0 + timedelta(minutes=8), fuzz=False)
        assert score == 7.5
        with pytest.raises(MainsError):
            save_draft(s, answer_id, "rewritten", 500)
    with db.begin() as s:
        assert unfinished_answer(s) is None
        view = load_answer(s, answer_id)
        assert (view.word_count, view.time_taken_s, view.time_limit_s) == (16, 400, 420)
        assert view.points_covered == [0, 1, 3] and not view.over_time
        listed = answers_written(s)
        assert [(r.id, r.score, r.word_count) for r in listed] == [(answer_id, 7.5, 16)]
        assert mains_prompts(s)[0].attempts == 1
        log = s.scalars(select(ReviewLog)).one()
        assert (log.mode, log.rating, log.correct, log.duration_ms) == (
            "mains",
            Rating.GOOD,
            None,
            400_000,
        )
        # Changing the ticks corrects the score without a second review.
        assert self_assess(s, answer_id, [0], T0 + timedelta(minutes=9)) == 2.5
        assert len(s.scalars(select(ReviewLog)).all()) == 1


def test_an_answer_cannot_be_assessed_before_it_is_submitted(db: Database) -> None:
    with db.begin() as s:
        answer_id = start_answer(s, mains_id(s), T0, time_limit_s=600)
        with pytest.raises(MainsError):
            self_assess(s, answer_id, [0], T0)


def test_the_markdown_export_holds_prompt_answer_ticks_and_outline(db: Database) -> None:
    with db.begin() as s:
        answer_id = start_answer(s, mains_id(s), T0)
        submit_answer(s, answer_id, "My answer text.", 300, T0)
        self_assess(s, answer_id, [2], T0, fuzz=False)
        md = to_markdown(load_answer(s, answer_id), local_time=T0)
    assert md.startswith("# Discuss: mains answer")
    assert "> Discuss the trade gap and the rail link." in md
    assert "My answer text." in md
    assert "## Self-assessment: 2.5 / 10" in md
    assert "- [x] The rail link" in md and "- [ ] The gap is wide" in md
    assert "Introduction, body, conclusion." in md
    assert "5:00 of 7:00 minutes" in md


# --- closer to the exam: short answers, deleting, exports, hints, answers on paper ----------


def test_an_empty_or_very_short_answer_is_flagged_before_submission() -> None:
    from studyapp.core.quiz.mains import too_short

    assert too_short(0, 150) and too_short(29, 150) and too_short(49, 250)
    assert not too_short(30, 150) and not too_short(50, 250)


def test_exports_keep_the_students_paragraphs_and_line_breaks(db: Database) -> None:
    from markdown_it import MarkdownIt

    from studyapp.core.quiz.mains import export_file_name

    text = "Introduction line.\nSecond line of it.\n\nBody:\n- first\n- second\n\nConclusion."
    with db.begin() as s:
        answer_id = start_answer(s, mains_id(s), T0)
        submit_answer(s, answer_id, text, 300, T0)
        view = load_answer(s, answer_id)
    markdown = to_markdown(view, local_time=T0)
    html = MarkdownIt().render(markdown)
    assert "<p>Introduction line.<br />\nSecond line of it.</p>" in html
    assert "<li>first</li>" in html and "<p>Conclusion.</p>" in html
    assert export_file_name(view, "pdf", local_time=T0) == (
        "mains-discuss-the-trade-gap-and-the-2026-03-02.pdf"
    )


def test_a_submitted_answer_can_be_deleted(db: Database) -> None:
    from studyapp.core.quiz.mains import delete_answer

    with db.begin() as s:
        answer_id = start_answer(s, mains_id(s), T0)
        submit_answer(s, answer_id, "Some words", 60, T0)
        self_assess(s, answer_id, [0], T0, fuzz=False)
        delete_answer(s, answer_id)
        assert answers_written(s) == []
        assert mains_prompts(s)[0].attempts == 0
        # The assessment stays in the review log: it already shaped the schedule.
        assert s.scalars(select(ReviewLog.mode)).all() == ["mains"]


def test_hints_pre_tick_the_points_a_typed_answer_covers(db: Database) -> None:
    from studyapp.core.quiz.mains import hints_for

    answer = "The trade deficit stays large. Sources differ on how big it is. Way forward: talks."
    with db.begin() as s:
        answer_id = start_answer(s, mains_id(s), T0)
        submit_answer(s, answer_id, answer, 200, T0)
        hints = hints_for(load_answer(s, answer_id))
    assert [h.covered for h in hints] == [True, True, False, True]


def test_an_answer_written_on_paper_keeps_the_words_counted_and_no_text(db: Database) -> None:
    from studyapp.core.quiz.mains import hints_for, submit_on_paper

    with db.begin() as s:
        answer_id = start_answer(s, mains_id(s), T0)
        submit_on_paper(s, answer_id, 162, 7 * 60 + 30, T0 + timedelta(minutes=8))
        score = self_assess(s, answer_id, [0, 2, 3], T0 + timedelta(minutes=9), fuzz=False)
        view = load_answer(s, answer_id)
    assert view.on_paper and view.text == "" and view.word_count == 162
    assert view.over_words and view.over_time and score == 7.5
    assert hints_for(view) == []  # nothing typed to match: the student ticks
    assert "*Written by hand on paper, about 162 words.*" in to_markdown(view, local_time=T0)
