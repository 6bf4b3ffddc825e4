"""The daily review as a controller: the queue of due and new prompts, one at a time.

The four outcomes are computed once, when the answer is shown: the view shows their
intervals and the chosen one is stored exactly. After a wrong objective answer Again
is suggested; Hard, Good or Easy is asked about once ("press it again") before it is
stored, since a misclick there would tell FSRS a forgotten prompt was known. Each
answer is committed, durably, before the next prompt is shown (which is found while
the commit is synced: `next_after_answer`); Undo takes back the newest answer of
this study session. A study session runs from when the controller starts (Setu
opening) or a new study day begins.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from studyapp.core.changes import CONTENT, REVIEWS, SETTINGS
from studyapp.core.content.prompts import PromptView, load_prompt
from studyapp.core.quiz.grading import Verdict
from studyapp.core.settings import load_settings
from studyapp.core.srs.queue import QueueCounts, day_window, next_after_answer, next_due_time
from studyapp.core.srs.scheduler import (
    Outcomes,
    Rating,
    StudySessionAnswers,
    UndoStep,
    answer,
    default_rating,
    next_due_question,
    next_outcomes,
    queue_counts,
)
from studyapp.core.storage.alongside import ReadMeanwhile
from studyapp.core.storage.db import dbapi
from studyapp.core.study.clock import Clock
from studyapp.core.study.store import Store
from studyapp.core.study.turn import Phase, PromptFlow, StudyView, Tally

HEADER_COUNT_CAP = 1000  # the header's counts stop here ("1000+"): same cost at any size


def capped(count: int) -> str:
    """A header count as shown: "1000+" from the cap on."""
    return f"{HEADER_COUNT_CAP}+" if count >= HEADER_COUNT_CAP else str(count)


@dataclass(frozen=True)
class ReviewSummary:
    """What the page says when nothing is left for now."""

    tally: Tally  # this study session's answers (a copy)
    next_due: datetime | None  # when the earliest scheduled prompt falls due (UTC)


@dataclass(frozen=True)
class _Page:
    prompt: PromptView | None
    counts: QueueCounts
    undo: UndoStep | None
    next_due: datetime | None


class ReviewView(StudyView, Protocol):
    def show_answer(
        self, verdict: Verdict, response: object, outcomes: Outcomes, suggested: Rating
    ) -> None:
        """The prompt is answered: the key and why, and the four ratings with what
        each would store (`suggested` is what Space or Enter gives)."""
        ...

    def ask_to_confirm(self, rating: Rating) -> None:
        """The answer was wrong and `rating` is not Again: press it again to store it."""
        ...

    def show_counts(self, counts: QueueCounts, answered: int) -> None:
        """Today's queue (capped at `HEADER_COUNT_CAP`) and the answers given in this
        study session."""
        ...

    def show_undo(self, step: UndoStep | None) -> None:
        """What Undo would take back now, or None."""
        ...

    def show_summary(self, summary: ReviewSummary) -> None: ...


class ReviewSession(PromptFlow):
    """The review flow; `load_next()` shows the first prompt."""

    def __init__(self, store: Store, clock: Clock, view: ReviewView) -> None:
        super().__init__(store, clock, view)
        self.view = view
        self.answers = StudySessionAnswers()
        self.study_day_ms: int | None = None
        self.outcomes: Outcomes | None = None
        self.suggested = Rating.GOOD
        self.confirming: Rating | None = None  # a rating waiting for its second press

    # --- moving through the queue ------------------------------------------------------

    def load_next(self, found: int | None = None) -> None:
        """Show the next prompt due (`found`, if it is already known), or the summary
        when none is left for now."""
        now = self.clock.now()
        with self.store.read() as session:
            day_ms = day_window(now, None, load_settings(session)).start_ms
            if day_ms != self.study_day_ms:
                # A new study day begins a new study session: its own tally, and Undo
                # no longer reaches the answers of the day before.
                self.study_day_ms = day_ms
                self.tally = Tally()
                self.answers = StudySessionAnswers()
            qid = found if found is not None else next_due_question(session, now)
            prompt = load_prompt(session, qid) if qid is not None else None
            page = self._page(session, prompt)
        self._show(page)

    def show(self, question_id: int | None) -> None:
        """Show this prompt now, out of the queue's order (None: the summary), as the
        screenshots do."""
        with self.store.read() as session:
            prompt = load_prompt(session, question_id) if question_id is not None else None
            page = self._page(session, prompt)
        self._show(page)

    def _page(self, session: Session, prompt: PromptView | None) -> _Page:
        """What goes on screen with `prompt`, read in the caller's unit of work."""
        return _Page(
            prompt,
            # Read after every answer: capped, so it costs the same whatever the backlog.
            queue_counts(session, self.clock.now(), cap=HEADER_COUNT_CAP),
            self.answers.undoable(session),
            next_due_time(dbapi(session)) if prompt is None else None,
        )

    def _show(self, page: _Page) -> None:
        """Show the page's prompt (or the summary) with the header and Undo."""
        self.outcomes = None
        self.confirming = None
        self.suggested = Rating.GOOD
        self.view.show_counts(page.counts, self.tally.answered)
        self.view.show_undo(page.undo)
        if page.prompt is None:
            self._clear_prompt()
            self.view.show_summary(ReviewSummary(replace(self.tally), page.next_due))
        else:
            self._show_prompt(page.prompt)

    def changed(self, what: set[str]) -> None:
        """Something was written elsewhere: content or settings may add or remove
        work, and answers given elsewhere may bring a prompt due when none was. A
        prompt already answered stays until it is rated; our own writes are no news."""
        if self.saving:
            return
        outside = what & {CONTENT, SETTINGS} or (REVIEWS in what and self.turn is None)
        if outside and self.phase is not Phase.ANSWERED:
            self.load_next()

    # --- answering -----------------------------------------------------------------------

    def respond(self, response: object) -> None:
        """The student chose an option, typed an answer or revealed a self-graded one."""
        turn = self.turn
        verdict = self._grade(response)
        if turn is None or verdict is None:
            return
        self.phase = Phase.ANSWERED
        self.suggested = default_rating(verdict.correct)
        with self.store.read() as session:
            # Computed once, fuzz included: what the view shows is what is stored.
            self.outcomes = next_outcomes(session, turn.prompt.id, self.clock.now())
        self.view.show_answer(verdict, response, self.outcomes, self.suggested)

    def rate(self, rating: Rating) -> None:
        """Store `rating` for the answered prompt and move on; after a wrong answer a
        rating other than Again needs a second press. A failed save keeps the prompt
        (rated again, it retries)."""
        turn = self.turn
        if turn is None or turn.verdict is None or self.phase is not Phase.ANSWERED:
            return
        correct = turn.verdict.correct
        if correct is False and rating != Rating.AGAIN and self.confirming != rating:
            self.confirming = rating
            self.view.ask_to_confirm(rating)
            return
        seconds = self._seconds()
        response = turn.verdict.response
        qid, now, outcomes = turn.prompt.id, self.clock.now(), self.outcomes
        # The next prompt is found while the answer's commit is synced.
        following: ReadMeanwhile[int] = ReadMeanwhile()

        def record(connection: sqlite3.Connection) -> int:
            result = answer(
                connection,
                qid,
                rating,
                now,
                correct=correct,
                response=response,
                duration_ms=int(seconds * 1000),
                mode="review",
                outcomes=outcomes,
            )
            following.read = functools.partial(next_after_answer, answered=result.card, now=now)
            return result.review_id

        # Each answer its own durable unit, on the connection kept for answers.
        review_id = self._save_answer((REVIEWS,), record, following)
        if review_id is None:
            return
        self.answers.record(UndoStep(review_id, qid, rating, correct, seconds))
        self.tally.add(correct, seconds)
        self.load_next(following.result)
        self.store.checkpoint_if_due()  # while the student reads the next prompt

    def accept(self) -> None:
        """Space or Enter on an answered prompt: the suggested rating."""
        self.rate(self.suggested)

    def undo(self) -> None:
        """Take back the newest answer of this study session (if no later answer on
        its prompt exists) and show that prompt again."""

        def take_back(session: Session) -> tuple[UndoStep, PromptView] | None:
            step = self.answers.undo(session)
            return None if step is None else (step, load_prompt(session, step.question_id))

        undone = self._save((REVIEWS,), take_back)
        if undone is None:
            with self.store.read() as session:
                step = self.answers.undoable(session)
            self.view.show_undo(step)
            return
        step, prompt = undone
        self.tally.take_back(step.correct, step.seconds)
        with self.store.read() as session:
            page = self._page(session, prompt)
        self._show(page)
