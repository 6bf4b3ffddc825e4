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
from studyapp.core.srs.scheduler import NewCards, plan_new_cards, write_new_cards
from studyapp.core.storage.db import driver


def add_to_new_queue(
    session: Session,
    question_ids: Sequence[int],
    described: Sequence[tuple[int, str, str]] | None = None,
) -> None:
    """Give these prompts new cards, ordered together with the prompts waiting
    (`described`: their (id, type, area), when the caller has them)."""
    if question_ids:
        cards = new_queue_cards(session, question_ids, described)
        write_new_cards(session, cards, cards.ordered())


def new_queue_cards(
    session: Session,
    question_ids: Sequence[int],
    described: Sequence[tuple[int, str, str]] | None = None,
) -> NewCards:
    """`add_to_new_queue`'s reads: the cards to order and write (`write_new_cards`)."""
    first_waiting = (
        driver(session)
        .execute(
            "SELECT min(new_position) FROM cards INDEXED BY ix_cards_new"
            " WHERE suspended = 0 AND last_review_ms IS NULL"
        )
        .fetchone()[0]
    )
    order = load_settings(session).new_order
    # "Bank order" means the order prompts arrived in: then they stay at the end.
    reorder_from = None if order == "bank" or first_waiting is None else int(first_waiting)
    return plan_new_cards(session, question_ids, reorder_from=reorder_from, described=described)
