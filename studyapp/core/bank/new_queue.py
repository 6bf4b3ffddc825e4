"""New prompts the student adds (imported or written) join the new-prompt queue
spread evenly among the prompts already waiting, rather than after all of them: a
student who imports a deck sees some of it tomorrow, not after the whole study pack."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session


def spread(waiting: Sequence[int], fresh: Sequence[int]) -> list[int]:
    """`waiting` and `fresh` merged so that each keeps its order and the fresh ones are
    evenly spaced through the whole (Bresenham's line over the two counts)."""
    total = len(waiting) + len(fresh)
    merged: list[int] = []
    w = f = 0
    for step in range(1, total + 1):
        # Take a fresh one whenever it falls behind its share of the merged list
        # (measured at its middle, so the fresh ones sit centred in their stretch).
        due = (2 * f + 1) * total <= 2 * step * len(fresh)
        if f < len(fresh) and (w >= len(waiting) or due):
            merged.append(fresh[f])
            f += 1
        else:
            merged.append(waiting[w])
            w += 1
    return merged


def add_to_new_queue(session: Session, question_ids: Sequence[int]) -> None:
    """Give these prompts new cards, interleaved with the prompts already waiting."""
    if not question_ids:
        return
    connection = session.connection()
    waiting = [
        int(qid)
        for qid in connection.exec_driver_sql(
            "SELECT question_id FROM cards INDEXED BY ix_cards_new "
            "WHERE suspended = 0 AND last_review_ms IS NULL ORDER BY new_position"
        ).scalars()
    ]
    # Every waiting prompt is renumbered past the positions in use, so positions stay
    # unique however the cards were numbered before.
    base = 1 + int(
        connection.exec_driver_sql("SELECT coalesce(max(new_position), 0) FROM cards").scalar_one()
    )
    order = spread(waiting, list(question_ids))
    fresh = set(question_ids)
    positions = {qid: base + n for n, qid in enumerate(order)}
    # Plain executemany: an import may create 100 000 cards at once.
    connection.exec_driver_sql(
        "INSERT INTO cards (question_id, state, step, due_ms, new_position, reps, lapses, "
        "suspended, flag) VALUES (?, 1, 0, 0, ?, 0, 0, 0, 0)",
        [(qid, positions[qid]) for qid in question_ids],
    )
    moved = [(positions[qid], qid) for qid in waiting if qid not in fresh]
    if moved:
        connection.exec_driver_sql("UPDATE cards SET new_position = ? WHERE question_id = ?", moved)
