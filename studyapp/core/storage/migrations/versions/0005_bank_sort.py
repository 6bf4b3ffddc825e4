"""The question bank sorted by its prompts' text without sorting them: an index of the
live prompts' stems in the bank's order (case ignored, as the Prompt column sorts)

Revision ID: 0005_bank_sort
Revises: 0004_qbank
Create Date: 2026-12-02 08:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0005_bank_sort"
down_revision = "0004_qbank"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_questions_prompt_sort ON questions (stem COLLATE NOCASE) WHERE retired = 0"
    )


def downgrade() -> None:
    op.drop_index("ix_questions_prompt_sort", "questions")
