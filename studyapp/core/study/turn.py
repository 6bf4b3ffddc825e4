"""One prompt at a time, from showing it to its answer on disk: the part of the
review and practice flows that is the same in both.

A `PromptFlow` shows a prompt and starts counting its time on the injected clock,
grades the response once, and saves the answer in one unit of work. A save that
fails (a full disk, a busy database) keeps nothing, leaves the prompt where it is
for another try and gives the view one sentence. The tally of a run of answers
(how many, how many right, the time they took) is kept here too. What an answer
stores and what comes after it is the subclass's (`ReviewSession`,
`PracticeSession`).
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from studyapp.core.content.prompts import PromptView
from studyapp.core.errors import UserFacingError
from studyapp.core.quiz.grading import Verdict, grade
from studyapp.core.storage.alongside import ReadMeanwhile
from studyapp.core.study.clock import Clock
from studyapp.core.study.store import Store

T = TypeVar("T")
U = TypeVar("U")


class Phase(Enum):
    IDLE = "idle"  # no prompt on screen (nothing due, or a summary)
    ASKING = "asking"  # a prompt waits for the student's response
    SELF_GRADING = "self_grading"  # a front/back card's back is shown: known or not?
    ANSWERED = "answered"  # graded: review waits for a rating, practice for "Next"


@dataclass
class Tally:
    """A run of answers: how many, how many of the graded ones were right, and the
    seconds they took (self-graded prompts count as answered, not as graded)."""

    answered: int = 0
    right: int = 0
    graded: int = 0
    seconds: float = 0.0

    def add(self, correct: bool | None, seconds: float) -> None:
        self.answered += 1
        self.seconds += seconds
        if correct is not None:
            self.graded += 1
            self.right += int(correct)

    def take_back(self, correct: bool | None, seconds: float) -> None:
        """Forget one answer counted by `add` (Undo)."""
        self.answered = max(0, self.answered - 1)
        self.seconds = max(0.0, self.seconds - seconds)
        if correct is not None:
            self.graded = max(0, self.graded - 1)
            self.right = max(0, self.right - int(correct))


@dataclass
class Turn:
    """The prompt on screen: when it was shown (the clock's monotonic reading), the
    student's response as given, and its verdict once graded."""

    prompt: PromptView
    shown_at: float
    response: object = None
    verdict: Verdict | None = None


class StudyView(Protocol):
    """What every study screen shows for a prompt."""

    def show_prompt(self, prompt: PromptView) -> None:
        """A new prompt, waiting for a response (any earlier error is gone)."""
        ...

    def show_save_error(self, sentence: str) -> None:
        """The answer was not saved; `sentence` says why. The prompt stays."""
        ...


class PromptFlow:
    """Show a prompt, take its response, grade it, save the answer."""

    def __init__(self, store: Store, clock: Clock, view: StudyView) -> None:
        self.store = store
        self.clock = clock
        self._view = view
        self.turn: Turn | None = None
        self.phase = Phase.IDLE
        self.tally = Tally()
        # True while our own write runs: the change it announces is ours, not news.
        self.saving = False

    @property
    def prompt(self) -> PromptView | None:
        """The prompt on screen, if any."""
        return self.turn.prompt if self.turn is not None else None

    def _show_prompt(self, prompt: PromptView) -> None:
        self.turn = Turn(prompt, self.clock.monotonic())
        self.phase = Phase.ASKING
        self._view.show_prompt(prompt)

    def _clear_prompt(self) -> None:
        self.turn = None
        self.phase = Phase.IDLE

    def _grade(self, response: object) -> Verdict | None:
        """Grade the response to the prompt on screen (None when none is waiting)."""
        turn = self.turn
        if turn is None or self.phase is not Phase.ASKING:
            return None
        p = turn.prompt
        turn.response = response
        turn.verdict = grade(p.body, p.answer_index, response)
        return turn.verdict

    def _seconds(self) -> float:
        """How long the prompt on screen has been shown."""
        assert self.turn is not None
        return max(0.0, self.clock.monotonic() - self.turn.shown_at)

    def _save(self, what: tuple[str, ...], work: Callable[[Session], T]) -> T | None:
        """Run `work` in one unit of work that writes; None (with the sentence shown)
        if it could not be saved, and then nothing of it was kept."""
        return self._saved(self.store.write, what, work)

    def _save_answer(
        self,
        what: tuple[str, ...],
        work: Callable[[sqlite3.Connection], T],
        meanwhile: ReadMeanwhile[Any] | None = None,
    ) -> T | None:
        """`_save` on the connection kept for answers (`Store.write_direct`), with
        `meanwhile` read while the commit is synced."""
        opener = functools.partial(self.store.write_direct, meanwhile=meanwhile)
        return self._saved(opener, what, work)

    def _saved(
        self,
        opener: Callable[..., AbstractContextManager[U]],
        what: tuple[str, ...],
        work: Callable[[U], T],
    ) -> T | None:
        self.saving = True
        try:
            with opener(*what) as unit:
                return work(unit)
        except UserFacingError as exc:
            self._view.show_save_error(str(exc))
            return None
        finally:
            self.saving = False
