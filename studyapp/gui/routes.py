"""Where the student can be sent: one small value per place, named by the screen that
shows it and what it opens there. Screens ask the router (`AppContext.router`) for a
route instead of reaching into each other's widgets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Route:
    screen: ClassVar[str]  # the key of the screen in the main window


@dataclass(frozen=True)
class Home(Route):
    screen = "home"


@dataclass(frozen=True)
class Review(Route):
    screen = "review"


@dataclass(frozen=True)
class Reference(Route):
    """The reference browser, on one section (None: where the student left it)."""

    screen = "reference"
    section_key: str | None = None


@dataclass(frozen=True)
class Practice(Route):
    """Practice sets: the builder, or a set over these prompts, or a short set from
    one area (Home's "Practise" on a weak area)."""

    screen = "tests"
    title: str = ""
    question_ids: tuple[int, ...] = ()
    area: str | None = None


@dataclass(frozen=True)
class MockSetup(Route):
    """Setting up a mock test (on one fixed paper if given)."""

    screen = "tests"
    paper_id: int | None = None


@dataclass(frozen=True)
class Mock(Route):
    """A mock test in progress, opened or resumed."""

    screen = "tests"
    quiz_id: int


@dataclass(frozen=True)
class MockResult(Route):
    screen = "tests"
    quiz_id: int


@dataclass(frozen=True)
class Mains(Route):
    screen = "tests"


@dataclass(frozen=True)
class Bank(Route):
    """The question bank, searching for `search`, or showing one prompt selected."""

    screen = "bank"
    search: str = ""
    question_id: int | None = None


@dataclass(frozen=True)
class Progress(Route):
    screen = "progress"


@dataclass(frozen=True)
class Settings(Route):
    screen = "settings"
