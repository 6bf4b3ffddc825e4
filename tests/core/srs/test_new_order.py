"""New prompts are introduced mixed across prompt types and areas from the first day,
or area by area, or in bank order, as the student chooses."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.core.models import Question
from studyapp.core.settings import update_settings
from studyapp.core.srs.scheduler import build_queue, order_new_cards
from studyapp.core.startup import open_study_database
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import DataDir

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
OBJECTIVE = {"mcq", "statements", "match", "assertion", "true_false", "fill_blank"}


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A fresh profile on the bundled question bank."""
    from studyapp.core.storage.paths import resolve_data_dir

    data: DataDir = resolve_data_dir(tmp_path_factory.mktemp("bank"))
    database, _ = open_study_database(data)
    yield database
    database.close()


def _first(s: Session, count: int = 20) -> list[tuple[int, str, str]]:
    queue = build_queue(s, NOW)[:count]
    rows = {
        q.id: (q.id, q.type, q.area)
        for q in s.scalars(select(Question).where(Question.id.in_(queue)))
    }
    return [rows[i] for i in queue]


def test_the_first_day_mixes_every_objective_type_and_several_areas(bank: Database) -> None:
    with bank.begin() as s:
        first = _first(s)
        types = {t for _, t, _ in first}
        bank_types = set(s.scalars(select(Question.type).distinct())) & OBJECTIVE
        assert types == bank_types == OBJECTIVE
        assert len({a for *_, a in first}) >= 3
        # Each type in about its share of the bank, none crowding the others out.
        in_bank = Counter(s.scalars(select(Question.type).where(Question.type.in_(OBJECTIVE))))
        total = sum(in_bank.values())
        for qtype, count in Counter(t for _, t, _ in first).items():
            assert count <= 20 * in_bank[qtype] / total + 2, qtype


def test_the_order_setting_gives_areas_in_turn_or_the_bank_order(bank: Database) -> None:
    with bank.begin() as s:
        update_settings(s, new_order="area")
        order_new_cards(s, "area")
    with bank.begin() as s:
        first = _first(s, 40)
        first_area = s.scalars(select(Question.area).where(Question.id == first[0][0])).one()
        assert {a for *_, a in first} == {first_area}  # one area at a time …
        assert len({t for _, t, _ in first[:10]}) >= 5  # … its types still mixed
        update_settings(s, new_order="bank")
        order_new_cards(s, "bank")
    with bank.begin() as s:
        first = _first(s, 40)
        assert [i for i, *_ in first] == sorted(i for i, *_ in first)
        update_settings(s, new_order="mixed")
        order_new_cards(s, "mixed")
    with bank.begin() as s:
        assert {t for _, t, _ in _first(s)} == OBJECTIVE
