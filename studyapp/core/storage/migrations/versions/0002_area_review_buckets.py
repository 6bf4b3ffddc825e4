"""Review buckets per study area, so that every progress chart can be filtered by area;
the per-slot totals of every area together are kept as review_slots

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 02:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_COUNTERS = (
    "reviews",
    "time_ms",
    "lapses",
    "graded",
    "correct",
    "mature_graded",
    "mature_correct",
    "new_cards",
)

# What one review-log row adds to its bucket, column for column with _COUNTERS.
_ROW_VALUES = """
    1, NEW_OR_OLD.duration_ms,
    NEW_OR_OLD.state_before IS 2 AND NEW_OR_OLD.rating = 1,
    NEW_OR_OLD.correct IS NOT NULL, coalesce(NEW_OR_OLD.correct, 0),
    NEW_OR_OLD.state_before IS 2 AND NEW_OR_OLD.correct IS NOT NULL,
    NEW_OR_OLD.state_before IS 2 AND coalesce(NEW_OR_OLD.correct, 0),
    NEW_OR_OLD.state_before IS NULL
"""
# The same totals over many review-log rows (alias r), for rebuilding buckets.
_SUMS = (
    "count(*)",
    "sum(r.duration_ms)",
    "sum(r.state_before IS 2 AND r.rating = 1)",
    "sum(r.correct IS NOT NULL)",
    "sum(coalesce(r.correct, 0))",
    "sum(r.state_before IS 2 AND r.correct IS NOT NULL)",
    "sum(r.state_before IS 2 AND coalesce(r.correct, 0))",
    "sum(r.state_before IS NULL)",
)
_SUMMED = ", ".join(_SUMS)
_SUMMED_AS = ", ".join(f"{expr} AS {name}" for expr, name in zip(_SUMS, _COUNTERS, strict=True))
_COLUMNS = ", ".join(_COUNTERS)
_ADD_EXCLUDED = ",\n".join(f"{c} = {c} + excluded.{c}" for c in _COUNTERS)
_AREA_OF = "(SELECT area FROM questions WHERE id = NEW_OR_OLD.question_id)"

_SUBTRACT_OLD = """
    reviews = reviews - 1,
    time_ms = time_ms - OLD.duration_ms,
    lapses = lapses - (OLD.state_before IS 2 AND OLD.rating = 1),
    graded = graded - (OLD.correct IS NOT NULL),
    correct = correct - coalesce(OLD.correct, 0),
    mature_graded = mature_graded - (OLD.state_before IS 2 AND OLD.correct IS NOT NULL),
    mature_correct = mature_correct - (OLD.state_before IS 2 AND coalesce(OLD.correct, 0)),
    new_cards = new_cards - (OLD.state_before IS NULL)
"""

# On every insert and delete (undo) of a review-log row, inside the same transaction:
# review_slots stays equal to the totals of review_log per 15-minute slot, and
# review_buckets to the totals per slot and area of the prompt answered (the area is
# one primary-key lookup of the prompt).
AREA_BUCKET_TRIGGERS = [
    f"""
    CREATE TRIGGER review_log_bucket_add AFTER INSERT ON review_log BEGIN
        INSERT INTO review_slots (bucket, {_COLUMNS})
        VALUES (NEW.reviewed_ms / 900000, {_ROW_VALUES.replace("NEW_OR_OLD", "NEW")})
        ON CONFLICT (bucket) DO UPDATE SET {_ADD_EXCLUDED};
        INSERT INTO review_buckets (area, bucket, {_COLUMNS})
        VALUES ({_AREA_OF.replace("NEW_OR_OLD", "NEW")}, NEW.reviewed_ms / 900000,
                {_ROW_VALUES.replace("NEW_OR_OLD", "NEW")})
        ON CONFLICT (area, bucket) DO UPDATE SET {_ADD_EXCLUDED};
    END
    """,
    f"""
    CREATE TRIGGER review_log_bucket_remove AFTER DELETE ON review_log BEGIN
        UPDATE review_slots SET {_SUBTRACT_OLD}
        WHERE bucket = OLD.reviewed_ms / 900000;
        UPDATE review_buckets SET {_SUBTRACT_OLD}
        WHERE area = {_AREA_OF.replace("NEW_OR_OLD", "OLD")}
          AND bucket = OLD.reviewed_ms / 900000;
    END
    """,
    # A prompt filed under another area (a content release, or the student editing
    # their own prompt) takes its history along: the buckets always add up to the
    # review log grouped by each prompt's current area, which keeps undo exact too.
    f"""
    CREATE TRIGGER questions_area_moves_buckets AFTER UPDATE OF area ON questions
    WHEN OLD.area IS NOT NEW.area BEGIN
        UPDATE review_buckets SET
            {", ".join(f"{c} = review_buckets.{c} - moved.{c}" for c in _COUNTERS)}
        FROM (
            SELECT r.reviewed_ms / 900000 AS bucket, {_SUMMED_AS}
            FROM review_log r WHERE r.question_id = NEW.id GROUP BY bucket
        ) AS moved
        WHERE review_buckets.area = OLD.area AND review_buckets.bucket = moved.bucket;
        INSERT INTO review_buckets (area, bucket, {_COLUMNS})
        SELECT NEW.area, r.reviewed_ms / 900000, {_SUMMED}
        FROM review_log r WHERE r.question_id = NEW.id GROUP BY r.reviewed_ms / 900000
        ON CONFLICT (area, bucket) DO UPDATE SET {_ADD_EXCLUDED};
    END
    """,
]

# Schema 0001's triggers, restored by a downgrade (its per-slot table was review_buckets).
_SLOT_TRIGGERS = [
    f"""
    CREATE TRIGGER review_log_bucket_add AFTER INSERT ON review_log BEGIN
        INSERT INTO review_buckets (bucket, {_COLUMNS})
        VALUES (NEW.reviewed_ms / 900000, {_ROW_VALUES.replace("NEW_OR_OLD", "NEW")})
        ON CONFLICT (bucket) DO UPDATE SET {_ADD_EXCLUDED};
    END
    """,
    f"""
    CREATE TRIGGER review_log_bucket_remove AFTER DELETE ON review_log BEGIN
        UPDATE review_buckets SET {_SUBTRACT_OLD}
        WHERE bucket = OLD.reviewed_ms / 900000;
    END
    """,
]


def upgrade() -> None:
    op.execute("DROP TRIGGER review_log_bucket_add")
    op.execute("DROP TRIGGER review_log_bucket_remove")
    # The per-slot totals stay as they are, under a name that says what they are.
    op.rename_table("review_buckets", "review_slots")
    # Figures for every area read review_slots; these rows are read one area at a
    # time, so they are stored without a rowid in (area, bucket) order, which makes an
    # area's range of slots contiguous on disk.
    op.create_table(
        "review_buckets",
        sa.Column("area", sa.String(), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in _COUNTERS),
        sa.PrimaryKeyConstraint("area", "bucket"),
        sqlite_with_rowid=False,
    )
    # The student's whole history, regrouped by area in one pass over the review log.
    op.execute(
        f"INSERT INTO review_buckets (area, bucket, {_COLUMNS}) "
        f"SELECT q.area, r.reviewed_ms / 900000, {_SUMMED} "
        "FROM review_log r JOIN questions q ON q.id = r.question_id GROUP BY 1, 2"
    )
    for statement in AREA_BUCKET_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TRIGGER questions_area_moves_buckets")
    op.execute("DROP TRIGGER review_log_bucket_add")
    op.execute("DROP TRIGGER review_log_bucket_remove")
    op.drop_table("review_buckets")
    op.rename_table("review_slots", "review_buckets")
    for statement in _SLOT_TRIGGERS:
        op.execute(statement)
