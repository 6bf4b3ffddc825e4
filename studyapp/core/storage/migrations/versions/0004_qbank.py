"""The question bank: a flag colour per card instead of a yes/no flag, indexes for
the bank's list and filters, the "My prompts" area, and imported prompts re-filed from raw
tag areas under real ones

Revision ID: 0004_qbank
Revises: 0003_series
Create Date: 2026-12-02 04:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_qbank"
down_revision = "0003_series"
branch_labels = None
depends_on = None

# Kept here rather than imported: a migration must not change when the code does.
_OWN_AREA_ID, _OWN_AREA_TITLE = "mine", "My prompts"


def upgrade() -> None:
    op.create_index("ix_questions_live", "questions", ["id"], sqlite_where=sa.text("retired = 0"))
    op.create_index(
        "ix_questions_bank", "questions", ["retired", "area", "type", "origin", "difficulty"]
    )
    op.add_column("cards", sa.Column("flag", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE cards SET flag = 1 WHERE flagged")
    # SQLite (3.35+) drops a column that no index or constraint uses in place.
    op.execute("ALTER TABLE cards DROP COLUMN flagged")
    op.execute(
        "INSERT OR IGNORE INTO areas (id, title, section_key, position) "
        f"VALUES ('{_OWN_AREA_ID}', '{_OWN_AREA_TITLE}', NULL, 1000)"
    )
    # Imported prompts used to be filed under their first tag verbatim ("climate",
    # "imported"): file each under the area that tag names (by id or title, in any
    # case), or under "My prompts". The area trigger moves their history along.
    op.execute(
        "UPDATE questions SET area = coalesce("
        " (SELECT a.id FROM areas a WHERE lower(a.id) = lower(questions.area)"
        "  OR lower(a.title) = lower(questions.area) LIMIT 1),"
        f" '{_OWN_AREA_ID}') "
        "WHERE origin = 'imported' AND area NOT IN (SELECT id FROM areas)"
    )


def downgrade() -> None:
    op.drop_index("ix_questions_live", "questions")
    op.drop_index("ix_questions_bank", "questions")
    op.add_column("cards", sa.Column("flagged", sa.Boolean(), nullable=False, server_default="0"))
    op.execute("UPDATE cards SET flagged = flag != 0")
    op.execute("ALTER TABLE cards DROP COLUMN flag")
    op.execute(
        f"DELETE FROM areas WHERE id = '{_OWN_AREA_ID}' "
        f"AND NOT EXISTS (SELECT 1 FROM questions WHERE area = '{_OWN_AREA_ID}')"
    )
