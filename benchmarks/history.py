"""Turning the shared synthetic history into Setu's review log and card states.

The workload gives SM-2 style rows (rating, interval, ease factor). Setu stores the
review-log rows as they are and derives each card's FSRS memory state from its
final interval and ease factor: stability = the interval in days (at 90 % desired
retention FSRS schedules a card roughly one stability ahead), difficulty maps the
ease factor onto FSRS's 1–10 scale (2.5 → 5, lower ease → harder). Replaying every
review through the FSRS scheduler instead would cost about a minute per 100 000
cards and change none of the measured queries. The derivation is timed separately.
"""

from __future__ import annotations

import time
from typing import Any

DAY_MS = 86_400_000


def apply_synthetic_history(data: Any, bench_dir: str | None = None) -> dict[str, Any]:
    from workload_history import synthetic_history  # type: ignore[import-not-found]  # the shared bench folder's

    from studyapp.core.clock import to_ms, utc_now
    from studyapp.core.srs.days import study_day_bounds
    from studyapp.core.srs.totals import fold
    from studyapp.core.startup import open_study_database

    db, _ = open_study_database(data)
    from studyapp.core.storage.db import driver

    with db.begin() as session:
        conn = driver(session)
        ids = [
            r[0]
            for r in conn.execute("SELECT id FROM questions WHERE origin = 'imported' ORDER BY id")
        ]
        start, _ = study_day_bounds(utc_now(), None)
        today_start_ms = to_ms(start)
        t0 = time.perf_counter()
        history = synthetic_history(len(ids), today_start_ms // 1000)
        generate_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        seen: set[int] = set()
        rows = []
        for id_ms, index, ease, _ivl, _last, _factor, time_ms, kind in sorted(history["revlog"]):
            first = index not in seen
            seen.add(index)
            state_before = None if first else (1 if kind == 0 else 2)
            rows.append((ids[index], id_ms, ease, ease > 1, time_ms, state_before))
        conn.executemany(
            "INSERT INTO review_log (question_id, reviewed_ms, rating, correct, response, "
            "duration_ms, mode, state_before, card_before) "
            "VALUES (?, ?, ?, ?, NULL, ?, 'review', ?, NULL)",
            rows,
        )
        fold(conn)  # the totals take in the whole history at once
        log_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        last_review: dict[int, int] = {}
        for id_ms, index, *_ in history["revlog"]:
            if id_ms > last_review.get(index, 0):
                last_review[index] = id_ms
        cards = []
        for index, due_days, ivl, factor, reps, lapses in history["cards"]:
            difficulty = min(10.0, max(1.0, 5.0 + (2500 - factor) / 240))
            due_ms = today_start_ms + due_days * DAY_MS + 12 * 3_600_000
            cards.append(
                (
                    2,
                    None,
                    float(ivl),
                    difficulty,
                    due_ms,
                    last_review[index],
                    reps,
                    lapses,
                    ids[index],
                )
            )
        conn.executemany(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due_ms = ?, "
            "last_review_ms = ?, reps = ?, lapses = ? WHERE question_id = ?",
            cards,
        )
        derive_s = time.perf_counter() - t0
    with db.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {
        "generate_s": round(generate_s, 2),
        "review_log_s": round(log_s, 2),
        "derive_s": round(derive_s, 2),
        "review_log_rows": len(rows),
        "due_today_expected": history["due_today"],
    }


__all__ = ["apply_synthetic_history"]
