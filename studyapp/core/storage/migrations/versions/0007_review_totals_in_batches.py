"""The review totals take in new answers a batch at a time instead of one by one

Until now each answer's insert fired a trigger that added it to its slot's row in
`review_slots` and its area's in `review_buckets`: two more pages for every answer's
commit to write and sync, a third of what an answer writes. The totals now hold the
answers up to a mark (`review_totals_mark.through_id`, a review-log id); readers add
the few answers logged since (the review log's last rows, read by rowid) and the
answering code folds them in every so often (`studyapp.core.srs.totals`).

The triggers keep the totals exact for the answers at or below the mark: an undo of
one of them takes it out again, a prompt moving area takes those along, and an
answer given an id at or below the mark (SQLite reuses the largest id after an undo
of the newest answer) is added at once. The review log's index on the time of an
answer goes: no query reads the log by time (the totals serve every time range).

Revision ID: 0007_review_totals_in_batches
Revises: 0006_search_text_once
Create Date: 2026-12-03 04:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0007_review_totals_in_batches"
down_revision = "0006_search_text_once"
branch_labels = None
depends_on = None

# Kept here rather than imported: a migration must not change when the code does.
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
_COLUMNS = ", ".join(_COUNTERS)
# What one review-log row (ROW) adds to each of _COUNTERS.
_ADDS = (
    "1",
    "ROW.duration_ms",
    "(ROW.state_before IS 2 AND ROW.rating = 1)",
    "(ROW.correct IS NOT NULL)",
    "coalesce(ROW.correct, 0)",
    "(ROW.state_before IS 2 AND ROW.correct IS NOT NULL)",
    "(ROW.state_before IS 2 AND coalesce(ROW.correct, 0))",
    "(ROW.state_before IS NULL)",
)
_SUMMED = ", ".join(f"sum({a.replace('ROW.', 'r.')})" for a in _ADDS)
_SUMMED_AS = ", ".join(
    f"sum({a.replace('ROW.', 'r.')}) AS {c}" for a, c in zip(_ADDS, _COUNTERS, strict=True)
)
_ADD_EXCLUDED = ", ".join(f"{c} = {c} + excluded.{c}" for c in _COUNTERS)
_SUBTRACT_OLD = ", ".join(
    f"{c} = {c} - {a.replace('ROW.', 'OLD.')}" for a, c in zip(_ADDS, _COUNTERS, strict=True)
)
_AREA_OF = "(SELECT area FROM questions WHERE id = ROW.question_id)"
# Without its row (a new database, before its first fold) the mark is 0: no answer yet.
_MARK = "coalesce((SELECT through_id FROM review_totals_mark), 0)"


def _triggers(new_counted: str, old_counted: str, history: str) -> list[str]:
    """The review totals' triggers, counting an inserted row when `new_counted`, a
    deleted one when `old_counted`, and moving the rows `history` selects (alias r)
    with their prompt's area."""
    new_values = ", ".join(a.replace("ROW.", "NEW.") for a in _ADDS)
    return [
        f"""
    CREATE TRIGGER review_log_bucket_add AFTER INSERT ON review_log{new_counted} BEGIN
        INSERT INTO review_slots (bucket, {_COLUMNS})
        VALUES (NEW.reviewed_ms / 900000, {new_values})
        ON CONFLICT (bucket) DO UPDATE SET {_ADD_EXCLUDED};
        INSERT INTO review_buckets (area, bucket, {_COLUMNS})
        VALUES ({_AREA_OF.replace("ROW.", "NEW.")}, NEW.reviewed_ms / 900000, {new_values})
        ON CONFLICT (area, bucket) DO UPDATE SET {_ADD_EXCLUDED};
    END
    """,
        f"""
    CREATE TRIGGER review_log_bucket_remove AFTER DELETE ON review_log{old_counted} BEGIN
        UPDATE review_slots SET {_SUBTRACT_OLD}
        WHERE bucket = OLD.reviewed_ms / 900000;
        UPDATE review_buckets SET {_SUBTRACT_OLD}
        WHERE area = {_AREA_OF.replace("ROW.", "OLD.")} AND bucket = OLD.reviewed_ms / 900000;
    END
    """,
        f"""
    CREATE TRIGGER questions_area_moves_buckets AFTER UPDATE OF area ON questions
    WHEN OLD.area IS NOT NEW.area BEGIN
        UPDATE review_buckets SET
            {", ".join(f"{c} = review_buckets.{c} - moved.{c}" for c in _COUNTERS)}
        FROM (
            SELECT r.reviewed_ms / 900000 AS bucket, {_SUMMED_AS}
            FROM review_log r WHERE r.question_id = NEW.id{history} GROUP BY bucket
        ) AS moved
        WHERE review_buckets.area = OLD.area AND review_buckets.bucket = moved.bucket;
        INSERT INTO review_buckets (area, bucket, {_COLUMNS})
        SELECT NEW.area, r.reviewed_ms / 900000, {_SUMMED}
        FROM review_log r WHERE r.question_id = NEW.id{history}
        GROUP BY r.reviewed_ms / 900000
        ON CONFLICT (area, bucket) DO UPDATE SET {_ADD_EXCLUDED};
    END
    """,
    ]


_TRIGGER_NAMES = (
    "review_log_bucket_add",
    "review_log_bucket_remove",
    "questions_area_moves_buckets",
)


def _fold_tail() -> None:
    """Add the answers after the mark to the totals (the downgrade's last fold)."""
    tail = f"FROM review_log r WHERE r.id > {_MARK}"
    op.execute(
        f"INSERT INTO review_slots (bucket, {_COLUMNS}) "
        f"SELECT r.reviewed_ms / 900000, {_SUMMED} {tail} GROUP BY 1 "
        f"ON CONFLICT (bucket) DO UPDATE SET {_ADD_EXCLUDED}"
    )
    op.execute(
        f"INSERT INTO review_buckets (area, bucket, {_COLUMNS}) "
        f"SELECT q.area, r.reviewed_ms / 900000, {_SUMMED} "
        f"FROM review_log r JOIN questions q ON q.id = r.question_id WHERE r.id > {_MARK} "
        f"GROUP BY 1, 2 ON CONFLICT (area, bucket) DO UPDATE SET {_ADD_EXCLUDED}"
    )


def upgrade() -> None:
    for name in _TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER {name}")
    op.execute(
        "CREATE TABLE review_totals_mark (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), "
        "through_id INTEGER NOT NULL)"
    )
    # The totals hold every answer so far.
    op.execute(
        "INSERT INTO review_totals_mark (id, through_id) "
        "VALUES (1, coalesce((SELECT max(id) FROM review_log), 0))"
    )
    for statement in _triggers(
        f"\n    WHEN NEW.id <= {_MARK}", f"\n    WHEN OLD.id <= {_MARK}", f" AND r.id <= {_MARK}"
    ):
        op.execute(statement)
    op.execute("DROP INDEX ix_review_log_reviewed_ms")


def downgrade() -> None:
    op.execute("CREATE INDEX ix_review_log_reviewed_ms ON review_log (reviewed_ms)")
    _fold_tail()
    for name in _TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE review_totals_mark")
    for statement in _triggers("", "", ""):
        op.execute(statement)
