"""Initial schema: content tables, user-state tables, the FTS5 search index and the
review statistics kept by triggers

Revision ID: 0001
Revises:
Create Date: 2026-11-22 00:45:30.617832
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


# Keep review_buckets equal to the totals of review_log per 15-minute slot, on every
# insert and delete (undo), inside the same transaction as the change itself.
_BUCKET_VALUES = """
    NEW_OR_OLD.reviewed_ms / 900000, 1, NEW_OR_OLD.duration_ms,
    NEW_OR_OLD.state_before IS 2 AND NEW_OR_OLD.rating = 1,
    NEW_OR_OLD.correct IS NOT NULL, coalesce(NEW_OR_OLD.correct, 0),
    NEW_OR_OLD.state_before IS 2 AND NEW_OR_OLD.correct IS NOT NULL,
    NEW_OR_OLD.state_before IS 2 AND coalesce(NEW_OR_OLD.correct, 0),
    NEW_OR_OLD.state_before IS NULL
"""
REVIEW_BUCKET_TRIGGERS = [
    f"""
    CREATE TRIGGER review_log_bucket_add AFTER INSERT ON review_log BEGIN
        INSERT INTO review_buckets (bucket, reviews, time_ms, lapses, graded, correct,
                                    mature_graded, mature_correct, new_cards)
        VALUES ({_BUCKET_VALUES.replace("NEW_OR_OLD", "NEW")})
        ON CONFLICT (bucket) DO UPDATE SET
            reviews = reviews + excluded.reviews,
            time_ms = time_ms + excluded.time_ms,
            lapses = lapses + excluded.lapses,
            graded = graded + excluded.graded,
            correct = correct + excluded.correct,
            mature_graded = mature_graded + excluded.mature_graded,
            mature_correct = mature_correct + excluded.mature_correct,
            new_cards = new_cards + excluded.new_cards;
    END
    """,
    """
    CREATE TRIGGER review_log_bucket_remove AFTER DELETE ON review_log BEGIN
        UPDATE review_buckets SET
            reviews = reviews - 1,
            time_ms = time_ms - OLD.duration_ms,
            lapses = lapses - (OLD.state_before IS 2 AND OLD.rating = 1),
            graded = graded - (OLD.correct IS NOT NULL),
            correct = correct - coalesce(OLD.correct, 0),
            mature_graded = mature_graded - (OLD.state_before IS 2 AND OLD.correct IS NOT NULL),
            mature_correct = mature_correct - (OLD.state_before IS 2 AND coalesce(OLD.correct, 0)),
            new_cards = new_cards - (OLD.state_before IS NULL)
        WHERE bucket = OLD.reviewed_ms / 900000;
    END
    """,
]


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "areas",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("section_key", sa.String(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("stem", sa.Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("answer_index", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("area", sa.String(), nullable=False),
        sa.Column("difficulty", sa.String(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_questions_area"), ["area"], unique=False)
        batch_op.create_index(
            "ix_questions_retired", ["id"], unique=False, sqlite_where=sa.text("retired = 1")
        )

    op.create_table(
        "quiz_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_ms", sa.Integer(), nullable=False),
        sa.Column("finished_ms", sa.Integer(), nullable=True),
        sa.Column("time_limit_s", sa.Integer(), nullable=True),
        sa.Column("time_used_ms", sa.Integer(), nullable=False),
        sa.Column("current_position", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("max_score", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "review_buckets",
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("time_ms", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("graded", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("mature_graded", sa.Integer(), nullable=False),
        sa.Column("mature_correct", sa.Integer(), nullable=False),
        sa.Column("new_cards", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket"),
    )
    op.create_table(
        "sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("parent_key", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("date", sa.String(), nullable=True),
        sa.Column("date_label", sa.Text(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("key_figures", sa.JSON(), nullable=False),
        sa.Column("disagreements", sa.JSON(), nullable=False),
        sa.Column("partnerships", sa.JSON(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sections_parent_key"), ["parent_key"], unique=False)

    op.create_table(
        "settings",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("date", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "bookmarks",
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("created_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["section_id"], ["sections.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("section_id"),
    )
    op.create_table(
        "cards",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due_ms", sa.Integer(), nullable=False),
        sa.Column("last_review_ms", sa.Integer(), nullable=True),
        sa.Column("new_position", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("question_id"),
    )
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cards_due",
            ["state", "due_ms"],
            unique=False,
            sqlite_where=sa.text("suspended = 0 AND last_review_ms IS NOT NULL"),
        )
        batch_op.create_index(
            "ix_cards_new",
            ["new_position"],
            unique=False,
            sqlite_where=sa.text("suspended = 0 AND last_review_ms IS NULL"),
        )

    op.create_table(
        "mains_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("started_ms", sa.Integer(), nullable=False),
        sa.Column("submitted_ms", sa.Integer(), nullable=True),
        sa.Column("time_limit_s", sa.Integer(), nullable=False),
        sa.Column("time_taken_s", sa.Integer(), nullable=False),
        sa.Column("points_covered", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mains_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mains_answers_question_id"), ["question_id"], unique=False
        )

    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["section_id"], ["sections.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("section_id"),
    )
    op.create_table(
        "question_sections",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["section_id"], ["sections.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("question_id", "section_id"),
    )
    with op.batch_alter_table("question_sections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_question_sections_section_id"), ["section_id"], unique=False
        )

    op.create_table(
        "question_sources",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
        ),
        sa.PrimaryKeyConstraint("question_id", "source_id"),
    )
    op.create_table(
        "quiz_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("marked", sa.Boolean(), nullable=False),
        sa.Column("visited", sa.Boolean(), nullable=False),
        sa.Column("time_ms", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("marks", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["session_id"], ["quiz_sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "position"),
    )
    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_ms", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(), nullable=False),
        sa.Column("state_before", sa.Integer(), nullable=True),
        sa.Column("card_before", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_log_question_id"), ["question_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_review_log_reviewed_ms"), ["reviewed_ms"], unique=False
        )

    op.create_table(
        "section_links",
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["section_id"], ["sections.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["target_id"], ["sections.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("section_id", "target_id"),
    )
    op.create_table(
        "section_sources",
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["section_id"], ["sections.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
        ),
        sa.PrimaryKeyConstraint("section_id", "source_id"),
    )
    # One full-text index over sections, prompts and the student's notes. `kind` and
    # `item_id` say what a row is. No prefix indexes: prefix queries on whole terms are
    # fast without them, and they would triple the cost of importing prompts.
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, item_id UNINDEXED, title, body, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    for statement in REVIEW_BUCKET_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TRIGGER review_log_bucket_add")
    op.execute("DROP TRIGGER review_log_bucket_remove")
    op.execute("DROP TABLE search_index")
    op.drop_table("section_sources")
    op.drop_table("section_links")
    with op.batch_alter_table("review_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_log_reviewed_ms"))
        batch_op.drop_index(batch_op.f("ix_review_log_question_id"))

    op.drop_table("review_log")
    op.drop_table("quiz_items")
    op.drop_table("question_sources")
    with op.batch_alter_table("question_sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_sections_section_id"))

    op.drop_table("question_sections")
    op.drop_table("notes")
    with op.batch_alter_table("mains_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mains_answers_question_id"))

    op.drop_table("mains_answers")
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_cards_new", sqlite_where=sa.text("suspended = 0 AND last_review_ms IS NULL")
        )
        batch_op.drop_index(
            "ix_cards_due", sqlite_where=sa.text("suspended = 0 AND last_review_ms IS NOT NULL")
        )

    op.drop_table("cards")
    op.drop_table("bookmarks")
    op.drop_table("sources")
    op.drop_table("settings")
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sections_parent_key"))

    op.drop_table("sections")
    op.drop_table("review_buckets")
    op.drop_table("quiz_sessions")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index("ix_questions_retired", sqlite_where=sa.text("retired = 1"))
        batch_op.drop_index(batch_op.f("ix_questions_area"))

    op.drop_table("questions")
    op.drop_table("areas")
    op.drop_table("app_meta")
