"""The rules of what an answer counts as, against the triggers a freshly migrated
database installs: the review totals the Progress screen reads must be exactly what
the rules make of the review log, after answers, undos and prompts changing area."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import fsrs
from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.core.clock import BUCKET_MS, to_ms
from studyapp.core.models import Card
from studyapp.core.srs import totals
from studyapp.core.srs.rules import (
    AGAIN,
    COUNTER_NAMES,
    LEARNING_STATES,
    REVIEW_STATE,
    LoggedAnswer,
    counted,
    is_lapse,
    is_mature,
)
from studyapp.core.srs.scheduler import Rating, answer
from studyapp.core.storage.check import check_database
from studyapp.core.storage.db import Database, driver
from tests.core.review_totals import Totals, area_totals, slot_totals

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


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
        for kept in (
            per_slot[(str(reviewed_ms // BUCKET_MS),)],
            per_area[(area, str(reviewed_ms // BUCKET_MS))],
        ):
            for i, n in enumerate(adds):
                kept[i] += n
    return (
        {k: tuple(v) for k, v in per_slot.items()},
        {k: tuple(v) for k, v in per_area.items()},
    )


def _stored(session: Session) -> tuple[Totals, Totals]:
    """The totals as the figures read them (a slot emptied by undo counts as absent)."""
    return slot_totals(session), area_totals(session)


def _log(s: Session, rng: random.Random, prompts: list[tuple[int, str]], combos: list[Any]) -> None:
    for n, (state, rating, correct) in enumerate(combos):
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


def _undo_some(s: Session, rng: random.Random, count: int) -> None:
    ids = [int(i) for (i,) in s.execute(text("SELECT id FROM review_log ORDER BY id"))]
    for review_id in rng.sample(ids, count):
        s.execute(text("DELETE FROM review_log WHERE id = :id"), {"id": review_id})


def test_the_totals_hold_what_the_rules_define(db: Database) -> None:
    """Folded in batches or still in the tail, through undos of either, a prompt moving
    area, and an id reused at or below the mark: every total is the rules' sum."""
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
        _log(s, rng, prompts, combinations * 2)
        totals.fold(driver(s))
        _log(s, rng, prompts, combinations)  # these stay in the tail for now
    with db.write() as s:
        # Undo takes answers back on both sides of the mark; a content release moves a
        # prompt, whose answers lie on both sides too, to another area.
        _undo_some(s, rng, 20)
        (moved, area), (_, other_area) = (
            prompts[0],
            next(p for p in prompts if p[1] != prompts[0][1]),
        )
        s.execute(
            text("UPDATE questions SET area = :a WHERE id = :q"), {"a": other_area, "q": moved}
        )
        assert area != other_area
        # The newest answer folded, then undone: the next answer takes its id again,
        # at the mark, and counts at once.
        totals.fold(driver(s))
        newest = s.execute(text("SELECT max(id) FROM review_log")).scalar_one()
        s.execute(text("DELETE FROM review_log WHERE id = :id"), {"id": newest})
        _log(s, rng, prompts, combinations[:1])
        assert s.execute(text("SELECT max(id) FROM review_log")).scalar_one() == newest

    with db.begin() as s:
        expected_slots, expected_areas = _expected(s)
        assert _stored(s) == (expected_slots, expected_areas)
    # Every rule fired somewhere, so the comparison covered each counter.
    assert all(sum(v[i] for v in expected_slots.values()) for i in range(len(COUNTER_NAMES)))

    # The database check rebuilds the totals from the same rules: nothing to correct.
    with db.write() as s:
        assert check_database(s).review_totals_fixed == 0
        # ... and it folded the tail in: the tables alone now hold every answer.
        assert (slot_totals(s), area_totals(s)) == (expected_slots, expected_areas)
        assert (
            s.execute(
                text("SELECT count(*) FROM review_log WHERE id > :m"),
                {"m": s.execute(text("SELECT through_id FROM review_totals_mark")).scalar_one()},
            ).scalar_one()
            == 0
        )


def test_answers_fold_into_the_totals_every_batch(db: Database) -> None:
    """The answering code folds the tail every FOLD_EVERY answers, so it never grows
    past a batch however long the session; the figures are the same on either side."""
    with db.write() as s:
        qids = [int(q) for (q,) in s.execute(text("SELECT id FROM questions ORDER BY id"))]
    when, tails = NOW, []
    for n in range(totals.FOLD_EVERY * 2 + 5):
        with db.write() as s:
            answer(s, qids[n % len(qids)], Rating.GOOD, when, correct=True, fuzz=False)
            mark = s.execute(text("SELECT through_id FROM review_totals_mark")).scalar()
            tails.append(
                s.execute(
                    text("SELECT count(*) FROM review_log WHERE id > :m"), {"m": mark or 0}
                ).scalar_one()
            )
        when += timedelta(minutes=7)
    assert max(tails) == totals.FOLD_EVERY - 1
    assert tails.count(0) == 2  # the two answers whose ids are multiples of FOLD_EVERY
    with db.begin() as s:
        expected_slots, _ = _expected(s)
        assert slot_totals(s) == expected_slots
        assert sum(v[0] for v in expected_slots.values()) == totals.FOLD_EVERY * 2 + 5


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
        summed = [sum(column) for column in zip(*slot_totals(s).values(), strict=True)]
        lapses, mature_graded, mature_correct, new_cards = (
            summed[COUNTER_NAMES.index(c)]
            for c in ("lapses", "mature_graded", "mature_correct", "new_cards")
        )
    mature_before = sum(is_mature(state) for state in states)
    assert is_lapse(REVIEW_STATE, Rating.AGAIN) and not is_lapse(None, Rating.AGAIN)
    assert (lapses, new_cards) == (1, 1)
    assert (mature_graded, mature_correct) == (mature_before + 1, mature_before)


def test_the_rules_use_fsrs_own_numbers() -> None:
    assert (int(fsrs.State.Review), int(fsrs.Rating.Again)) == (REVIEW_STATE, AGAIN)
    assert (int(fsrs.State.Learning), int(fsrs.State.Relearning)) == LEARNING_STATES


def test_the_new_limit_reads_the_tail_only_where_it_can_matter(db: Database) -> None:
    """Whether today's new prompts are under a limit comes out the same whether the
    tail is read (a limit within reach) or skipped (a limit no tail could reach)."""
    from studyapp.core.settings import read_settings
    from studyapp.core.srs.queue import day_window, introduced_today
    from studyapp.core.srs.totals import fewer_new_today

    with db.write() as s:
        qids = [int(q) for (q,) in s.execute(text("SELECT id FROM questions ORDER BY id"))]
    yesterday = NOW - timedelta(days=1)
    assert len(qids) >= 3
    for n, qid in enumerate(qids):
        with db.write() as s:
            # First answers yesterday and today, a second answer today; some folded.
            answer(s, qid, Rating.AGAIN, yesterday if n == 0 else NOW, correct=False, fuzz=False)
            if n == 1:
                answer(s, qid, Rating.GOOD, NOW + timedelta(minutes=5), correct=True, fuzz=False)
                totals.fold(driver(s))

    def holds(expected: int) -> None:
        with db.begin() as s:
            connection = driver(s)
            window = day_window(NOW + timedelta(minutes=10), UTC, read_settings(connection))
            assert introduced_today(connection, window) == expected
            for limit in [*range(expected + totals.FOLD_EVERY + 3), 9999]:
                under = connection.execute(
                    f"SELECT {fewer_new_today(':limit')}",
                    {"limit": limit, "day_slot": window.start_ms // BUCKET_MS},
                ).fetchone()[0]
                assert bool(under) == (limit > expected), limit

    holds(len(qids) - 1)  # some answers folded, the rest in the tail
    with db.write() as s:
        # Everything folded, then the newest answer undone: the mark is past the log.
        totals.fold(driver(s))
        s.execute(text("DELETE FROM review_log WHERE id = (SELECT max(id) FROM review_log)"))
    holds(len(qids) - 2)
