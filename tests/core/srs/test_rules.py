"""The rules of what an answer counts as, against the triggers a freshly migrated
database installs: the review totals the Progress screen reads must be exactly what
the rules make of the review log, after answers, undos and prompts changing area."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.core.clock import BUCKET_MS, to_ms
from studyapp.core.models import Card
from studyapp.core.srs.rules import (
    COUNTER_NAMES,
    REVIEW_STATE,
    LoggedAnswer,
    counted,
    is_lapse,
    is_mature,
)
from studyapp.core.srs.scheduler import Rating, answer
from studyapp.core.storage.check import check_database
from studyapp.core.storage.db import Database

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
Totals = dict[tuple[str, ...], tuple[int, ...]]


def _expected(session: Session) -> tuple[Totals, Totals]:
    """The totals per slot and per (area, slot), made by the rules in Python."""
    per_slot: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0] * len(COUNTER_NAMES))
    per_area: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0] * len(COUNTER_NAMES))
    rows = session.execute(
        text(
            "SELECT q.area, r.reviewed_ms, r.state_before, r.rating, r.correct, r.duration_ms "
            "FROM review_log r JOIN questions q ON q.id = r.question_id"
        )
    )
    for area, reviewed_ms, state, rating, correct, duration_ms in rows:
        adds = counted(
            LoggedAnswer(state, rating, None if correct is None else bool(correct), duration_ms)
        )
        for totals in (
            per_slot[(str(reviewed_ms // BUCKET_MS),)],
            per_area[(area, str(reviewed_ms // BUCKET_MS))],
        ):
            for i, n in enumerate(adds):
                totals[i] += n
    return (
        {k: tuple(v) for k, v in per_slot.items()},
        {k: tuple(v) for k, v in per_area.items()},
    )


def _stored(session: Session) -> tuple[Totals, Totals]:
    """The totals the triggers kept (a slot emptied by undo counts as absent)."""
    columns = ", ".join(COUNTER_NAMES)
    slots: Totals = {
        (str(bucket),): tuple(values)
        for bucket, *values in session.execute(
            text(f"SELECT bucket, {columns} FROM review_slots WHERE reviews != 0")
        )
    }
    areas: Totals = {
        (str(area), str(bucket)): tuple(values)
        for area, bucket, *values in session.execute(
            text(f"SELECT area, bucket, {columns} FROM review_buckets WHERE reviews != 0")
        )
    }
    return slots, areas


def test_triggers_keep_the_totals_the_rules_define(db: Database) -> None:
    rng = random.Random(13)
    with db.write() as s:
        prompts = [
            (int(qid), str(area))
            for qid, area in s.execute(text("SELECT id, area FROM questions ORDER BY id"))
        ]
        assert len({area for _, area in prompts}) >= 2
        # Every combination of state before, rating and marking, several times over,
        # spread over a few days of 15-minute slots and every prompt.
        combinations = list(itertools.product((None, 1, 2, 3), (1, 2, 3, 4), (None, False, True)))
        for n, (state, rating, correct) in enumerate(combinations * 3):
            qid, _ = prompts[n % len(prompts)]
            when = NOW + timedelta(minutes=rng.randrange(3 * 24 * 60))
            s.execute(
                text(
                    "INSERT INTO review_log (question_id, reviewed_ms, rating, correct, "
                    "duration_ms, mode, state_before) "
                    "VALUES (:q, :at, :rating, :correct, :ms, 'review', :state)"
                ),
                {
                    "q": qid,
                    "at": to_ms(when),
                    "rating": rating,
                    "correct": correct,
                    "ms": rng.randrange(60_000),
                    "state": state,
                },
            )
    with db.write() as s:
        # Undo takes some answers back; a content release moves a prompt to another area.
        ids = [int(i) for (i,) in s.execute(text("SELECT id FROM review_log ORDER BY id"))]
        for review_id in rng.sample(ids, 20):
            s.execute(text("DELETE FROM review_log WHERE id = :id"), {"id": review_id})
        (moved, area), (_, other_area) = (
            prompts[0],
            next(p for p in prompts if p[1] != prompts[0][1]),
        )
        s.execute(
            text("UPDATE questions SET area = :a WHERE id = :q"), {"a": other_area, "q": moved}
        )
        assert area != other_area

    with db.begin() as s:
        expected_slots, expected_areas = _expected(s)
        stored_slots, stored_areas = _stored(s)
    assert stored_slots == expected_slots
    assert stored_areas == expected_areas
    # Every rule fired somewhere, so the comparison covered each counter.
    assert all(sum(v[i] for v in expected_slots.values()) for i in range(len(COUNTER_NAMES)))

    # The database check rebuilds the totals from the same rules: nothing to correct.
    with db.write() as s:
        assert check_database(s).review_totals_fixed == 0


def test_a_lapse_counts_on_the_card_and_in_the_totals_alike(db: Database) -> None:
    """Again on a prompt in review is a lapse: the card's lapse count, the leech rule and
    the Progress totals all see the same one."""
    with db.write() as s:
        qid = int(s.execute(text("SELECT min(id) FROM questions")).scalar_one())
    when = NOW
    states = []
    for _ in range(6):  # Good until the prompt has reached the Review state
        with db.write() as s:
            card = s.get(Card, qid)
            assert card is not None
            states.append(None if card.last_review_ms is None else card.state)
            result = answer(s, qid, Rating.GOOD, when, correct=True, fuzz=False)
        when = result.due + timedelta(minutes=1)
    with db.write() as s:
        card = s.get(Card, qid)
        assert card is not None and card.state == REVIEW_STATE and card.lapses == 0
        answer(s, qid, Rating.AGAIN, when, correct=False, fuzz=False)
    with db.begin() as s:
        card = s.get(Card, qid)
        assert card is not None and card.lapses == 1
        lapses, mature_graded, mature_correct, new_cards = s.execute(
            text(
                "SELECT sum(lapses), sum(mature_graded), sum(mature_correct), sum(new_cards) "
                "FROM review_slots"
            )
        ).one()
    mature_before = sum(is_mature(state) for state in states)
    assert is_lapse(REVIEW_STATE, Rating.AGAIN) and not is_lapse(None, Rating.AGAIN)
    assert (lapses, new_cards) == (1, 1)
    assert (mature_graded, mature_correct) == (mature_before + 1, mature_before)
