"""Fixed papers that can be sat again, the paper a mock attempts, a confidence tag per
mock answer, and mains answers written by hand on paper

Revision ID: 0003_series
Revises: 0002
Create Date: 2026-12-02 04:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_series"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "papers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("question_ids", sa.JSON(), nullable=False),
        sa.Column("area", sa.String(), nullable=True),
        sa.Column("seconds_per_prompt", sa.Integer(), nullable=False),
        sa.Column("created_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # Plain ADD COLUMN (no batch copy): copying quiz_sessions would cascade-delete
    # its items, and the new columns need no constraint SQLite cannot add in place.
    op.add_column("quiz_sessions", sa.Column("paper_id", sa.Integer(), nullable=True))
    op.create_index("ix_quiz_sessions_paper_id", "quiz_sessions", ["paper_id"], unique=False)
    op.add_column("quiz_items", sa.Column("confidence", sa.String(), nullable=True))
    op.add_column(
        "mains_answers",
        sa.Column("on_paper", sa.Boolean(), nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE mains_answers DROP COLUMN on_paper")
    op.execute("ALTER TABLE quiz_items DROP COLUMN confidence")
    op.drop_index("ix_quiz_sessions_paper_id", table_name="quiz_sessions")
    op.execute("ALTER TABLE quiz_sessions DROP COLUMN paper_id")
    op.drop_table("papers")
