"""Views that remember what a study controller asked them to show, as a screen would
have shown it: the controllers are driven whole, without Qt."""

from __future__ import annotations

from dataclasses import dataclass, field

from studyapp.core.content.prompts import PromptView
from studyapp.core.quiz.grading import Verdict
from studyapp.core.srs.queue import QueueCounts
from studyapp.core.srs.scheduler import Outcomes, Rating, UndoStep
from studyapp.core.study.practice import SetPosition, SetSummary
from studyapp.core.study.review import ReviewSummary


@dataclass
class ShownAnswer:
    verdict: Verdict
    outcomes: Outcomes
    suggested: Rating


@dataclass
class ReviewShown:
    prompts: list[str] = field(default_factory=list)  # keys, in the order shown
    answers: list[ShownAnswer] = field(default_factory=list)
    confirmations: list[Rating] = field(default_factory=list)
    counts: list[tuple[QueueCounts, int]] = field(default_factory=list)
    undo: list[UndoStep | None] = field(default_factory=list)
    summaries: list[ReviewSummary] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def show_prompt(self, prompt: PromptView) -> None:
        self.prompts.append(prompt.key)

    def show_answer(
        self, verdict: Verdict, response: object, outcomes: Outcomes, suggested: Rating
    ) -> None:
        self.answers.append(ShownAnswer(verdict, outcomes, suggested))

    def ask_to_confirm(self, rating: Rating) -> None:
        self.confirmations.append(rating)

    def show_counts(self, counts: QueueCounts, answered: int) -> None:
        self.counts.append((counts, answered))

    def show_undo(self, step: UndoStep | None) -> None:
        self.undo.append(step)

    def show_summary(self, summary: ReviewSummary) -> None:
        self.summaries.append(summary)

    def show_save_error(self, sentence: str) -> None:
        self.errors.append(sentence)


@dataclass
class PracticeShown:
    prompts: list[str] = field(default_factory=list)
    positions: list[SetPosition] = field(default_factory=list)
    self_grades_asked: int = 0
    marked: list[Verdict] = field(default_factory=list)
    summaries: list[SetSummary] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def show_prompt(self, prompt: PromptView) -> None:
        self.prompts.append(prompt.key)

    def show_position(self, where: SetPosition) -> None:
        self.positions.append(where)

    def ask_self_grade(self) -> None:
        self.self_grades_asked += 1

    def show_marked(self, verdict: Verdict, response: object, where: SetPosition) -> None:
        self.marked.append(verdict)
        self.positions.append(where)

    def show_summary(self, summary: SetSummary) -> None:
        self.summaries.append(summary)

    def show_save_error(self, sentence: str) -> None:
        self.errors.append(sentence)
