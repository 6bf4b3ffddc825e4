"""The database schema as typed SQLAlchemy models.

Two kinds of tables, kept apart on purpose:

* **content** (sources, areas, sections, questions and their links) is rebuilt from the
  files in `resources/` and `questions/` whenever they change;
* **user state** (cards, review log, quizzes, mains answers, notes, bookmarks,
  settings) belongs to the student and is never overwritten by a content re-sync.
  Questions are never deleted, only retired, so user state can always point at them.

Times are stored as integer milliseconds since the Unix epoch, in UTC: SQLite has no
time-zone-aware type, integers compare and index fast, and `fsrs` needs exactly
`timezone.utc` datetimes, which `studyapp.core.clock` converts to and from.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    column,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from studyapp.core import clock


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


# --- content --------------------------------------------------------------------------


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(Text)
    date: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Area(Base):
    __tablename__ = "areas"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    section_key: Mapped[str | None] = mapped_column(String)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SectionSource(Base):
    __tablename__ = "section_sources"

    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), primary_key=True)


class SectionLink(Base):
    """A "related" link from one section to another."""

    __tablename__ = "section_links"

    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True
    )
    target_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class Section(Base):
    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String, unique=True)
    parent_key: Mapped[str | None] = mapped_column(String, index=True)
    kind: Mapped[str] = mapped_column(String)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    date: Mapped[str | None] = mapped_column(String)
    date_label: Mapped[str] = mapped_column(Text, default="")
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    key_figures: Mapped[list[Any]] = mapped_column(default=list)
    disagreements: Mapped[list[Any]] = mapped_column(default=list)
    partnerships: Mapped[list[Any]] = mapped_column(default=list)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    sources: Mapped[list[Source]] = relationship(
        secondary="section_sources", order_by=Source.position
    )


class QuestionSection(Base):
    __tablename__ = "question_sections"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class QuestionSource(Base):
    __tablename__ = "question_sources"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), primary_key=True)


class Question(Base):
    """An exam-style prompt. `key` is the stable id from the content files."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String, unique=True)
    type: Mapped[str] = mapped_column(String)
    stem: Mapped[str] = mapped_column(Text)
    options: Mapped[list[Any]] = mapped_column(default=list)
    answer_index: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    explanation: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[str] = mapped_column(String, index=True)
    difficulty: Mapped[str] = mapped_column(String, default="medium")
    origin: Mapped[str] = mapped_column(String, default="bundled")
    year: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[list[Any]] = mapped_column(default=list)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    sections: Mapped[list[Section]] = relationship(
        secondary="question_sections", order_by=Section.position
    )

    # Queue queries leave retired prompts out through this (tiny) index. The question
    # bank lists live prompts in the order they arrived through the second, and
    # filters them through the third, which covers its filter columns: a filter change
    # never reads the (wide) prompt rows themselves. The fourth holds the live prompts
    # in the order of their text (case ignored), so sorting the bank by its Prompt
    # column reads an index in order instead of sorting 100 000 texts.
    __table_args__ = (
        Index("ix_questions_retired", "id", sqlite_where=sql_text("retired = 1")),
        Index("ix_questions_live", "id", sqlite_where=sql_text("retired = 0")),
        Index("ix_questions_bank", "retired", "area", "type", "origin", "difficulty"),
        Index(
            "ix_questions_prompt_sort",
            column("stem").collate("NOCASE"),
            sqlite_where=sql_text("retired = 0"),
        ),
    )
    sources: Mapped[list[Source]] = relationship(
        secondary="question_sources", order_by=Source.position
    )


# --- user state -----------------------------------------------------------------------


class Card(Base):
    """The FSRS memory state of one question for this student.

    Every question gets a card when it first arrives; a card never reviewed
    (`last_review_ms` is NULL) is "new" and waits its turn by `new_position`.
    """

    __tablename__ = "cards"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="RESTRICT"), primary_key=True
    )
    state: Mapped[int] = mapped_column(Integer, default=1)  # fsrs.State
    step: Mapped[int | None] = mapped_column(Integer, default=0)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due_ms: Mapped[int] = mapped_column(Integer, default=0)
    last_review_ms: Mapped[int | None] = mapped_column(Integer)
    new_position: Mapped[int] = mapped_column(Integer, default=0)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    # The student's flag, as Anki's: 0 none, else a colour (studyapp.core.bank.FLAGS).
    flag: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # Two partial indexes keep the hot queries ("next due", "next new", the counts on
    # Home) to an index range, whatever the size of the collection.
    __table_args__ = (
        Index(
            "ix_cards_due",
            "state",
            "due_ms",
            sqlite_where=sql_text("suspended = 0 AND last_review_ms IS NOT NULL"),
        ),
        Index(
            "ix_cards_new",
            "new_position",
            sqlite_where=sql_text("suspended = 0 AND last_review_ms IS NULL"),
        ),
    )


class ReviewLog(Base):
    """One graded answer. `card_before` keeps the card as it was, for an exact undo."""

    __tablename__ = "review_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="RESTRICT"), index=True
    )
    reviewed_ms: Mapped[int] = mapped_column(Integer)
    rating: Mapped[int] = mapped_column(Integer)  # 1 Again, 2 Hard, 3 Good, 4 Easy
    correct: Mapped[bool | None] = mapped_column(Boolean)
    response: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    mode: Mapped[str] = mapped_column(String)  # review | practice | mock | mains
    # The card's FSRS state before this answer; NULL for a prompt's first answer
    # (which counts against the daily new limit). Again on state 2 is a lapse.
    state_before: Mapped[int | None] = mapped_column(Integer)
    card_before: Mapped[dict[str, Any] | None] = mapped_column(JSON)


BUCKET_MS = clock.BUCKET_MS  # a review bucket's slot: 15 minutes


class ReviewCounters:
    """Review-log totals of one slot, for the answers up to `ReviewTotalsMark`
    (`studyapp.core.srs.totals` adds those since when it reads them, and folds them
    in every so often). Statistics over a year of answers read these rows instead of
    every answer; 15 minutes divides every time zone's offset, so slots regroup
    exactly into the student's local study days."""

    reviews: Mapped[int] = mapped_column(Integer, default=0)
    time_ms: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    graded: Mapped[int] = mapped_column(Integer, default=0)  # answers marked right or wrong
    correct: Mapped[int] = mapped_column(Integer, default=0)
    mature_graded: Mapped[int] = mapped_column(Integer, default=0)  # … of cards in review
    mature_correct: Mapped[int] = mapped_column(Integer, default=0)
    new_cards: Mapped[int] = mapped_column(Integer, default=0)


class ReviewBucket(ReviewCounters, Base):
    """Review totals per 15-minute slot and study area (the answered prompt's), so
    that every chart of the Progress screen can be narrowed to one area. A prompt
    moved to another area takes its history along (a trigger on `questions`)."""

    __tablename__ = "review_buckets"

    area: Mapped[str] = mapped_column(String, primary_key=True)  # questions.area
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)  # reviewed_ms // 900 000

    # Read one area at a time (every area at once reads `review_slots`), so the rows
    # are stored without a rowid, in (area, bucket) order: an area's range of slots is
    # contiguous on disk.
    __table_args__ = (PrimaryKeyConstraint("area", "bucket"), {"sqlite_with_rowid": False})


class ReviewSlot(ReviewCounters, Base):
    """Review totals per 15-minute slot over all areas: the sums of the slot's area
    buckets. Figures for every area at once read these, far fewer rows than the area
    buckets when a day's answers span many areas."""

    __tablename__ = "review_slots"

    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)  # reviewed_ms // 900 000


class ReviewTotalsMark(Base):
    """The one row saying which answers the review totals hold: those with a review-log
    id up to `through_id`. Triggers keep the totals exact for those (an undo, a prompt
    moving area, an id reused at or below the mark)."""

    __tablename__ = "review_totals_mark"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    through_id: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("id = 1"),)


class QuizSession(Base):
    """A practice set or a timed mock test."""

    __tablename__ = "quiz_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)  # practice | mock
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String, default="in_progress")  # … | submitted
    created_ms: Mapped[int] = mapped_column(Integer)
    finished_ms: Mapped[int | None] = mapped_column(Integer)
    time_limit_s: Mapped[int | None] = mapped_column(Integer)
    time_used_ms: Mapped[int] = mapped_column(Integer, default=0)
    current_position: Mapped[int] = mapped_column(Integer, default=0)
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    # The fixed paper this is an attempt at (None for a practice set or an older mock).
    # No foreign key: SQLite could add one only by copying the table, and a deleted
    # paper leaves its attempts in the history.
    paper_id: Mapped[int | None] = mapped_column(Integer, index=True)

    items: Mapped[list[QuizItem]] = relationship(
        back_populates="session", order_by="QuizItem.position", cascade="all, delete-orphan"
    )


class Paper(Base):
    """A fixed paper the student can sit again and again: its prompts, in order."""

    __tablename__ = "papers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String)  # full | sectional | mistakes | custom
    question_ids: Mapped[list[Any]] = mapped_column(default=list)
    area: Mapped[str | None] = mapped_column(String)  # a sectional paper's area
    seconds_per_prompt: Mapped[int] = mapped_column(Integer, default=72)
    created_ms: Mapped[int] = mapped_column(Integer)


class QuizItem(Base):
    __tablename__ = "quiz_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("quiz_sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="RESTRICT"))
    response: Mapped[str | None] = mapped_column(Text)
    marked: Mapped[bool] = mapped_column(Boolean, default=False)
    visited: Mapped[bool] = mapped_column(Boolean, default=False)
    time_ms: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[bool | None] = mapped_column(Boolean)
    marks: Mapped[float | None] = mapped_column(Float)
    confidence: Mapped[str | None] = mapped_column(String)  # sure | fifty | guess

    session: Mapped[QuizSession] = relationship(back_populates="items")

    __table_args__ = (UniqueConstraint("session_id", "position"),)


class MainsAnswer(Base):
    __tablename__ = "mains_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="RESTRICT"), index=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    started_ms: Mapped[int] = mapped_column(Integer)
    submitted_ms: Mapped[int | None] = mapped_column(Integer)
    time_limit_s: Mapped[int] = mapped_column(Integer)
    time_taken_s: Mapped[int] = mapped_column(Integer, default=0)
    points_covered: Mapped[list[Any]] = mapped_column(default=list)
    score: Mapped[float | None] = mapped_column(Float)
    # Written by hand on paper: the text stays empty, the word count is the student's own.
    on_paper: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sql_text("0"))


class Note(Base):
    """The student's own note on a reference section (one per section)."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="RESTRICT"), unique=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    updated_ms: Mapped[int] = mapped_column(Integer)


class Bookmark(Base):
    __tablename__ = "bookmarks"

    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="RESTRICT"), primary_key=True
    )
    created_ms: Mapped[int] = mapped_column(Integer)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Meta(Base):
    """Book-keeping such as the fingerprint of the content last synced."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)
