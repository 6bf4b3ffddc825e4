"""New prompts the student adds (imported or written) join the queue of prompts not
yet seen mixed in with those already waiting, rather than after all of them — a
student who imports a deck sees some of it tomorrow, not after the whole study pack.

The mixing itself is the scheduler's (`order_new_cards`, the order chosen in
Settings); this only decides that the prompts already waiting take part in it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from studyapp.core.settings import load_settings
from studyapp.core.srs import order_new_cards


def add_to_new_queue(session: Session, question_ids: Sequence[int]) -> None:
    """Give these prompts new cards, ordered together with the prompts waiting."""
    if not question_ids:
        return
    connection = session.connection()
    first_waiting, last = connection.exec_driver_sql(
        "SELECT (SELECT min(new_position) FROM cards INDEXED BY ix_cards_new"
        " WHERE suspended = 0 AND last_review_ms IS NULL),"
        " (SELECT coalesce(max(new_position), 0) FROM cards)"
    ).one()
    start = int(last) + 1
    # Plain executemany: an import may create 100 000 cards at once.
    connection.exec_driver_sql(
        "INSERT INTO cards (question_id, state, step, due_ms, new_position, reps, lapses, "
        "suspended, flag) VALUES (?, 1, 0, 0, ?, 0, 0, 0, 0)",
        [(qid, start + n) for n, qid in enumerate(question_ids)],
    )
    order = load_settings(session).new_order
    # "Bank order" means the order prompts arrived in: then they stay at the end.
    from_position = start if order == "bank" or first_waiting is None else int(first_waiting)
    order_new_cards(session, order, from_position=from_position)
