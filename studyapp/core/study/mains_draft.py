"""A mains answer being written, then self-assessed: its timer, the draft saved
shortly after typing stops, the word count against the limit, submitting (typed or on
paper), discarding, deleting and scoring the key points — the screen renders what
this says and forwards what the student types and ticks.

The time taken is counted from the injected clock's monotonic reading while the
answer is open for writing, and kept with the draft, so a draft resumed after the app
closed carries on from the time it had. The screen's timer only calls `tick()`; this
decides when the draft is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from studyapp.core.changes import QUIZZES, REVIEWS
from studyapp.core.quiz.mains import (
    MainsAnswerView,
    count_words,
    delete_answer,
    discard_draft,
    load_answer,
    save_draft,
    score_for,
    self_assess,
    start_answer,
    submit_answer,
    submit_on_paper,
    too_short,
)
from studyapp.core.study.clock import Clock
from studyapp.core.study.store import Store

SAVE_AFTER_TYPING_S = 1.5  # the draft is saved this long after the last keystroke
LOW_TIME_MS = 60_000  # the last minute of the timer is shown as running out


@dataclass(frozen=True)
class AnswerTime:
    """The timer: time taken against the limit (counting down while writing)."""

    taken_s: int
    limit_s: int
    writing: bool

    @property
    def left_ms(self) -> int:
        """Negative once over the limit."""
        return (self.limit_s - self.taken_s) * 1000

    @property
    def over(self) -> bool:
        return self.taken_s > self.limit_s

    @property
    def running_out(self) -> bool:
        return self.over or (self.writing and self.left_ms <= LOW_TIME_MS)


@dataclass(frozen=True)
class WordCount:
    """Words written against the limit; on paper, the student's own rough count."""

    words: int
    limit: int
    on_paper: bool

    @property
    def over(self) -> bool:
        return self.words > self.limit


class MainsDraftView(Protocol):
    """What a screen writing a mains answer shows."""

    def show_answer(self, answer: MainsAnswerView) -> None:
        """An answer was opened, submitted or assessed: a draft is shown for writing,
        a submitted answer for reading and assessing."""
        ...

    def show_time(self, time: AnswerTime) -> None: ...

    def show_words(self, count: WordCount) -> None: ...

    def confirm_short_answer(self, words: int, limit: int) -> None:
        """Ask before submitting an empty or very short answer; "submit anyway"
        calls `submit(confirmed=True)`."""
        ...

    def answer_closed(self) -> None:
        """Back to the list: the answer was left, discarded or deleted."""
        ...


class MainsDraft:
    """One answer at a time: `begin` a new one or `open` one already started."""

    def __init__(
        self, store: Store, clock: Clock, view: MainsDraftView, *, fuzz: bool = True
    ) -> None:
        self.store = store
        self.clock = clock
        self.view = view
        self.fuzz = fuzz  # off in tests: FSRS then schedules the assessment exactly
        self.answer: MainsAnswerView | None = None
        self.text = ""
        self.paper_words = 0
        self._taken_before_s = 0.0  # time taken in earlier sittings of this draft
        self._writing_since: float | None = None  # monotonic, while the timer runs
        self._edited_at: float | None = None  # monotonic; None when the draft is saved

    @property
    def answer_id(self) -> int | None:
        return self.answer.id if self.answer is not None else None

    @property
    def writing(self) -> bool:
        return self.answer is not None and self.answer.submitted is None

    @property
    def unsaved(self) -> bool:
        return self._edited_at is not None

    # --- opening ----------------------------------------------------------------------

    def begin(self, question_id: int, time_limit_s: int, on_paper: bool = False) -> None:
        with self.store.write(QUIZZES) as session:
            answer_id = start_answer(
                session, question_id, self.clock.now(), time_limit_s, on_paper=on_paper
            )
        self.open(answer_id)

    def open(self, answer_id: int) -> None:
        """A draft opens for writing with its timer running on from the time it had;
        a submitted answer opens for reading and assessing."""
        with self.store.read() as session:
            answer = load_answer(session, answer_id)
        self.answer = answer
        self.text = answer.text
        self.paper_words = answer.word_count
        self._taken_before_s = float(answer.time_taken_s)
        self._writing_since = self.clock.monotonic() if self.writing else None
        self._edited_at = None
        self.view.show_answer(answer)
        self._show_time()
        self._show_words()

    # --- writing ----------------------------------------------------------------------

    def time_taken_s(self) -> int:
        running = (
            self.clock.monotonic() - self._writing_since if self._writing_since is not None else 0
        )
        return int(self._taken_before_s + running)

    def answer_time(self) -> AnswerTime | None:
        if self.answer is None:
            return None
        if not self.writing:
            return AnswerTime(self.answer.time_taken_s, self.answer.time_limit_s, writing=False)
        return AnswerTime(self.time_taken_s(), self.answer.time_limit_s, writing=True)

    def word_count(self) -> WordCount | None:
        if self.answer is None:
            return None
        limit = self.answer.prompt.word_limit
        if self.answer.on_paper:
            words = self.paper_words if self.writing else self.answer.word_count
            return WordCount(words, limit, on_paper=True)
        return WordCount(count_words(self.text), limit, on_paper=False)

    def _show_time(self) -> None:
        time = self.answer_time()
        if time is not None:
            self.view.show_time(time)

    def _show_words(self) -> None:
        count = self.word_count()
        if count is not None:
            self.view.show_words(count)

    def tick(self) -> None:
        """Called a few times a second while the answer is on screen: the timer, and
        the draft saved once typing has stopped for `SAVE_AFTER_TYPING_S`."""
        if not self.writing:
            return
        self._show_time()
        if (
            self._edited_at is not None
            and self.clock.monotonic() - self._edited_at >= SAVE_AFTER_TYPING_S
        ):
            self.save()

    def edit(self, text: str) -> None:
        """The student typed: the text as it now stands."""
        if not self.writing:
            return
        self.text = text
        self._edited_at = self.clock.monotonic()
        self._show_words()

    def set_paper_words(self, words: int) -> None:
        """On paper: the student's rough count of the words written."""
        if not self.writing:
            return
        self.paper_words = max(0, words)
        self._show_words()

    def save(self, *, announce: bool = False) -> None:
        """Keep the draft with its time (after typing stops, on leaving, on closing).
        `announce` tells the other screens (the list shows the draft's words)."""
        if self.answer is None or not self.writing:
            return
        with self.store.write(*((QUIZZES,) if announce else ())) as session:
            save_draft(session, self.answer.id, self.text, self.time_taken_s())
        self._edited_at = None

    def submit(self, *, confirmed: bool = False) -> None:
        """Submit the answer; an empty or very short typed one asks first."""
        if self.answer is None or not self.writing:
            return
        words, limit = count_words(self.text), self.answer.prompt.word_limit
        if not self.answer.on_paper and too_short(words, limit) and not confirmed:
            self.view.confirm_short_answer(words, limit)  # the timer keeps running
            return
        answer_id = self.answer.id
        with self.store.write(QUIZZES) as session:
            if self.answer.on_paper:
                submit_on_paper(
                    session, answer_id, self.paper_words, self.time_taken_s(), self.clock.now()
                )
            else:
                submit_answer(session, answer_id, self.text, self.time_taken_s(), self.clock.now())
        self.open(answer_id)

    def leave(self) -> None:
        """Back to the list; a draft is kept and its timer pauses."""
        self.save(announce=True)
        self._close()

    def discard(self) -> None:
        """Throw the unsubmitted draft away (the screen asks first if it has text)."""
        if self.answer is None or not self.writing:
            return
        with self.store.write(QUIZZES) as session:
            discard_draft(session, self.answer.id)
        self._close()

    def delete(self) -> None:
        """Delete the answer, submitted or not (the student confirmed)."""
        if self.answer is None:
            return
        with self.store.write(QUIZZES) as session:
            delete_answer(session, self.answer.id)
        self._close()

    def reopen(self) -> None:
        """The database was replaced (a backup restored): the answer open here as it
        now stands there, its timer running on from the time kept there; closed if it
        is not there."""
        if self.answer is None:
            return
        try:
            self.open(self.answer.id)
        except LookupError:
            self._close()

    def _close(self) -> None:
        self.answer = None
        self._writing_since = self._edited_at = None
        self.view.answer_closed()

    # --- assessing --------------------------------------------------------------------

    def score_of(self, points: list[int]) -> Fraction:
        """The marks these ticked key points earn."""
        assert self.answer is not None
        prompt = self.answer.prompt
        return score_for(len(points), len(prompt.key_points), prompt.marks)

    def assess(self, points: list[int]) -> None:
        """Save which key points the answer covers; the first time also reviews the
        prompt."""
        if self.answer is None:
            return
        answer_id = self.answer.id
        with self.store.write(QUIZZES, REVIEWS) as session:
            self_assess(session, answer_id, points, self.clock.now(), fuzz=self.fuzz)
        self.open(answer_id)
