"""Mains answer-writing: a prompt, a timer, the student's text, then a self-assessment
against the prompt's key points.

The draft is saved as the student writes (a crash loses at most the last few
seconds), the score follows from the key points ticked, and the assessment is a
review event (mode "mains") so FSRS schedules the prompt like any other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.core.clock import from_ms, to_ms
from studyapp.core.content.prompt_body import MainsBody, body_from_details
from studyapp.core.models import Area, MainsAnswer, Question
from studyapp.core.quiz.keypoints import PointHint, key_point_hints
from studyapp.core.srs.scheduler import Rating, answer

# Minutes the exam allows, roughly: 3 hours for 20 answers of 150 and 250 words.
DEFAULT_MINUTES = {150: 7, 250: 11}
_WORD = re.compile(r"\S*[^\W_]\S*")  # a run without spaces holding a letter or digit
# An answer under this share of the word limit is "very short": submitting it asks first.
SHORT_SHARE = Fraction(1, 5)
_SLUG_WORDS = 6  # words of the prompt in an export's file name


class MainsError(Exception):
    """A mains action that does not fit the answer's state."""


def count_words(text: str) -> int:
    """Words as an examiner counts them: "Indo-Pacific" and "India's" are one each,
    numbers count, bullets and stray punctuation do not."""
    return len(_WORD.findall(text))


def too_short(word_count: int, word_limit: int) -> bool:
    """Empty, or under a fifth of the word limit (30 words of 150): worth a second
    thought before it is submitted and kept."""
    return word_count == 0 or word_count < word_limit * SHORT_SHARE


def default_time_limit_s(word_limit: int) -> int:
    return DEFAULT_MINUTES.get(word_limit, round(word_limit / 150 * 7)) * 60


@dataclass(frozen=True)
class MainsPrompt:
    id: int
    key: str
    stem: str
    directive: str
    word_limit: int
    marks: int
    area: str
    area_title: str
    key_points: list[str]
    model_outline: str
    attempts: int


def _mains_body(key: str, details: Mapping[str, Any] | None) -> MainsBody:
    body = body_from_details(key, "mains", details)
    assert isinstance(body, MainsBody)  # the mains conversion builds nothing else
    return body


def _prompt_rows(session: Session, where: object = None) -> list[MainsPrompt]:
    attempts = (
        select(MainsAnswer.question_id, func.count().label("n"))
        .where(MainsAnswer.submitted_ms.is_not(None))
        .group_by(MainsAnswer.question_id)
        .subquery()
    )
    query = (
        select(Question, func.coalesce(Area.title, Question.area), attempts.c.n)
        .outerjoin(Area, Area.id == Question.area)
        .outerjoin(attempts, attempts.c.question_id == Question.id)
        .where(Question.type == "mains", Question.retired.is_(False))
        .order_by(func.coalesce(Area.position, 999), Question.key)
    )
    if where is not None:
        query = query.where(where)  # type: ignore[arg-type]
    result = []
    for q, area_title, n in session.execute(query):
        body = _mains_body(q.key, q.details)
        result.append(
            MainsPrompt(
                id=q.id,
                key=q.key,
                stem=q.stem,
                directive=body.directive,
                word_limit=body.word_limit,
                marks=body.marks,
                area=q.area,
                area_title=area_title,
                key_points=list(body.key_points),
                model_outline=body.model_outline,
                attempts=int(n or 0),
            )
        )
    return result


def mains_prompts(session: Session) -> list[MainsPrompt]:
    """Every live mains prompt with how often it has been answered."""
    return _prompt_rows(session)


def mains_prompt(session: Session, question_id: int) -> MainsPrompt:
    rows = _prompt_rows(session, Question.id == question_id)
    if not rows:
        raise LookupError(f"no mains prompt {question_id}")
    return rows[0]


@dataclass(frozen=True)
class MainsAnswerView:
    id: int
    prompt: MainsPrompt
    text: str
    word_count: int
    started: datetime
    submitted: datetime | None
    time_limit_s: int
    time_taken_s: int
    points_covered: list[int]
    score: float | None
    on_paper: bool = False  # written by hand; `word_count` is the student's own count

    @property
    def assessed(self) -> bool:
        return self.score is not None

    @property
    def over_time(self) -> bool:
        return self.time_taken_s > self.time_limit_s

    @property
    def over_words(self) -> bool:
        return self.word_count > self.prompt.word_limit


def start_answer(
    session: Session,
    question_id: int,
    now: datetime,
    time_limit_s: int | None = None,
    *,
    on_paper: bool = False,
) -> int:
    """Begin an answer; `on_paper` for one written by hand against the clock."""
    prompt = mains_prompt(session, question_id)
    row = MainsAnswer(
        on_paper=on_paper,
        question_id=question_id,
        text="",
        word_count=0,
        started_ms=to_ms(now),
        time_limit_s=time_limit_s or default_time_limit_s(prompt.word_limit),
        time_taken_s=0,
        points_covered=[],
    )
    session.add(row)
    session.flush()
    return row.id


def submit_on_paper(
    session: Session, answer_id: int, words_written: int, time_taken_s: int, now: datetime
) -> None:
    """Close an answer written by hand: no text, the words the student counted."""
    row = _answer_row(session, answer_id)
    if row.submitted_ms is not None:
        raise MainsError("this answer has been submitted")
    row.on_paper = True
    row.text = ""
    row.word_count = max(0, int(words_written))
    row.time_taken_s = max(0, int(time_taken_s))
    row.submitted_ms = to_ms(now)


def delete_answer(session: Session, answer_id: int) -> None:
    """Remove an answer, submitted or not. Its self-assessment stays in the review log,
    where it already shaped the prompt's schedule."""
    session.delete(_answer_row(session, answer_id))


def hints_for(view: MainsAnswerView) -> list[PointHint]:
    """Which key points the typed answer seems to cover (none for a handwritten one)."""
    if view.on_paper:
        return []
    return key_point_hints(view.prompt.key_points, view.text, view.prompt.stem)


def export_file_name(view: MainsAnswerView, suffix: str, local_time: datetime | None = None) -> str:
    """A file name after the prompt and the day it was written:
    "mains-the-15th-india-japan-annual-summit-2026-03-02.pdf"."""
    words = re.findall(r"[^\W_]+", view.prompt.stem.lower())[:_SLUG_WORDS]
    when = local_time or (view.submitted or view.started).astimezone()
    return "-".join(["mains", *words, when.strftime("%Y-%m-%d")]) + "." + suffix.lstrip(".")


def _answer_row(session: Session, answer_id: int) -> MainsAnswer:
    row = session.get(MainsAnswer, answer_id)
    if row is None:
        raise LookupError(f"no mains answer {answer_id}")
    return row


def save_draft(session: Session, answer_id: int, text: str, time_taken_s: int) -> None:
    row = _answer_row(session, answer_id)
    if row.submitted_ms is not None:
        raise MainsError("this answer has been submitted")
    row.text = text
    row.word_count = count_words(text)
    row.time_taken_s = max(0, int(time_taken_s))


def submit_answer(
    session: Session, answer_id: int, text: str, time_taken_s: int, now: datetime
) -> None:
    save_draft(session, answer_id, text, time_taken_s)
    _answer_row(session, answer_id).submitted_ms = to_ms(now)


def score_for(covered: int, total: int, marks: int) -> Fraction:
    """Marks in proportion to the key points covered, to the nearest half mark (the
    way mains scripts are marked)."""
    if total <= 0:
        return Fraction(0)
    return Fraction(round(Fraction(covered * marks * 2, total)), 2)


def rating_for(covered: int, total: int) -> Rating:
    """Most points → Good, half or more → Hard, fewer → Again."""
    share = Fraction(covered, total) if total else Fraction(0)
    if share >= Fraction(3, 4):
        return Rating.GOOD
    return Rating.HARD if share >= Fraction(1, 2) else Rating.AGAIN


def self_assess(
    session: Session, answer_id: int, points: list[int], now: datetime, *, fuzz: bool = True
) -> float:
    """Record which key points the answer covers; returns the score. The first
    assessment of an answer is a review of its prompt; changing the ticks later
    corrects the score without reviewing twice."""
    row = _answer_row(session, answer_id)
    if row.submitted_ms is None:
        raise MainsError("submit the answer before assessing it")
    prompt = mains_prompt(session, row.question_id)
    total = len(prompt.key_points)
    chosen = sorted({p for p in points if 0 <= p < total})
    first_time = row.score is None
    row.points_covered = chosen
    row.score = float(score_for(len(chosen), total, prompt.marks))
    if first_time:
        session.flush()
        answer(
            session,
            row.question_id,
            rating_for(len(chosen), total),
            now,
            correct=None,
            response=f"mains answer {row.id}",
            duration_ms=row.time_taken_s * 1000,
            mode="mains",
            fuzz=fuzz,
        )
    return row.score


def load_answer(session: Session, answer_id: int) -> MainsAnswerView:
    row = _answer_row(session, answer_id)
    return MainsAnswerView(
        id=row.id,
        prompt=mains_prompt(session, row.question_id),
        text=row.text,
        word_count=row.word_count,
        started=from_ms(row.started_ms),
        submitted=from_ms(row.submitted_ms) if row.submitted_ms is not None else None,
        time_limit_s=row.time_limit_s,
        time_taken_s=row.time_taken_s,
        points_covered=[int(p) for p in row.points_covered or []],
        score=row.score,
        on_paper=bool(row.on_paper),
    )


def unfinished_answer(session: Session) -> int | None:
    """A draft left unsubmitted when the app closed."""
    return session.scalar(
        select(MainsAnswer.id)
        .where(MainsAnswer.submitted_ms.is_(None))
        .order_by(MainsAnswer.id.desc())
        .limit(1)
    )


def discard_draft(session: Session, answer_id: int) -> None:
    row = _answer_row(session, answer_id)
    if row.submitted_ms is not None:
        raise MainsError("a submitted answer is kept")
    session.delete(row)


@dataclass(frozen=True)
class MainsListRow:
    id: int
    question_id: int
    stem: str
    directive: str
    word_limit: int
    marks: int
    submitted: datetime
    word_count: int
    time_taken_s: int
    score: float | None
    on_paper: bool = False


def answers_written(session: Session) -> list[MainsListRow]:
    """Every submitted answer, newest first, for re-reading."""
    rows = session.execute(
        select(MainsAnswer, Question.key, Question.stem, Question.details)
        .join(Question, Question.id == MainsAnswer.question_id)
        .where(MainsAnswer.submitted_ms.is_not(None))
        .order_by(MainsAnswer.submitted_ms.desc(), MainsAnswer.id.desc())
    ).all()
    result = []
    for a, key, stem, details in rows:
        body = _mains_body(key, details)
        assert a.submitted_ms is not None
        result.append(
            MainsListRow(
                id=a.id,
                question_id=a.question_id,
                stem=stem,
                directive=body.directive,
                word_limit=body.word_limit,
                marks=body.marks,
                submitted=from_ms(a.submitted_ms),
                word_count=a.word_count,
                time_taken_s=a.time_taken_s,
                score=a.score,
                on_paper=bool(a.on_paper),
            )
        )
    return result


def keep_line_breaks(text: str) -> str:
    """The student's text as Markdown that shows their lines as they wrote them:
    blank lines stay paragraph breaks, a single line break becomes a hard break (two
    trailing spaces) instead of running into the line before."""
    paragraphs = re.split(r"\n\s*\n", text.strip().replace("\r\n", "\n"))
    return "\n\n".join("  \n".join(line.rstrip() for line in p.split("\n")) for p in paragraphs)


def _minutes(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def to_markdown(view: MainsAnswerView, local_time: datetime | None = None) -> str:
    """The answer as a Markdown document: prompt, the student's text, the
    self-assessment and the model outline."""
    p = view.prompt
    when = (local_time or (view.submitted or view.started).astimezone()).strftime("%d %B %Y, %H:%M")
    lines = [
        f"# {p.directive}: mains answer",
        "",
        f"> {p.stem}",
        "",
        f"*{p.word_limit} words · {p.marks} marks · {p.area_title}*",
        "",
        f"Written {when} · {view.word_count} words · "
        f"{_minutes(view.time_taken_s)} of {_minutes(view.time_limit_s)} minutes",
        "",
        "## My answer",
        "",
        (
            f"*Written by hand on paper, about {view.word_count} words.*"
            if view.on_paper
            else keep_line_breaks(view.text) or "*(empty)*"
        ),
        "",
    ]
    if view.score is not None:
        lines += [
            f"## Self-assessment: {view.score:g} / {p.marks}",
            "",
            *(
                f"- [{'x' if n in view.points_covered else ' '}] {point}"
                for n, point in enumerate(p.key_points)
            ),
            "",
        ]
    lines += ["## Model outline", "", p.model_outline.strip(), ""]
    return "\n".join(lines)
