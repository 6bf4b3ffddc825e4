"""The bank's table: filters, search, sort, rows, history; and the actions on a
selection (suspend, flag, reset, export); leeches."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.core.bank.actions import (
    export_csv,
    export_yaml,
    practisable,
    reset_progress,
    set_flag,
    set_suspended,
)
from studyapp.core.bank.authoring import save_front_back
from studyapp.core.bank.query import (
    BankFilter,
    bank_ids,
    bank_rows,
    prompt_gist,
    prompt_history,
)
from studyapp.core.exchange.csv_import import import_csv
from studyapp.core.models import Card, Question
from studyapp.core.settings import update_settings
from studyapp.core.srs.rules import LEECH_LAPSES
from studyapp.core.srs.scheduler import (
    Rating,
    answer,
    next_due_question,
    undo_last_answer,
)
from studyapp.core.storage.db import Database

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
MCQ, STATEMENTS, TRUE_FALSE, MAINS = "q.trade.0001", "q.trade.0002", "q.trade.0003", "q.trade.0501"


def qid(s: Session, key: str) -> int:
    return s.scalars(select(Question.id).where(Question.key == key)).one()


def keys(s: Session, f: BankFilter, now: datetime = T0) -> list[str]:
    by_id = dict(s.execute(select(Question.id, Question.key)).all())
    return [by_id[i] for i in bank_ids(s, f, now)]


def test_filters_narrow_the_bank(db: Database) -> None:
    with db.begin() as s:
        assert set(keys(s, BankFilter())) == {MCQ, STATEMENTS, TRUE_FALSE, MAINS}
        assert keys(s, BankFilter(area="links")) == [TRUE_FALSE]
        assert keys(s, BankFilter(type="mains")) == [MAINS]
        assert set(keys(s, BankFilter(difficulty="easy"))) == {MCQ, TRUE_FALSE}
        assert keys(s, BankFilter(origin="user")) == []
        answer(s, qid(s, MCQ), Rating.GOOD, T0, correct=True, fuzz=False)
        set_suspended(s, [qid(s, STATEMENTS)], True)
        set_flag(s, [qid(s, TRUE_FALSE)], 3)
        assert set(keys(s, BankFilter(state="new"))) == {TRUE_FALSE, MAINS}
        assert keys(s, BankFilter(state="learning")) == [MCQ]
        assert keys(s, BankFilter(state="suspended")) == [STATEMENTS]
        assert keys(s, BankFilter(state="flagged")) == [TRUE_FALSE]
        assert keys(s, BankFilter(flag=3)) == [TRUE_FALSE] and keys(s, BankFilter(flag=1)) == []
        assert keys(s, BankFilter(state="due"), T0 + timedelta(minutes=30)) == [MCQ]


def test_search_uses_the_full_text_index_and_is_safe(db: Database) -> None:
    with db.begin() as s:
        found = keys(s, BankFilter(text="rail link"))
        assert TRUE_FALSE in found and MCQ not in found
        assert keys(s, BankFilter(text="tra")) != []  # the last word matches as a prefix
        assert keys(s, BankFilter(text='"); DROP TABLE cards; --')) == []
        assert keys(s, BankFilter(text="   ")) != []  # no words: no search


def test_sorting_by_each_column_in_both_directions(db: Database) -> None:
    with db.begin() as s:
        stems = [r.stem for r in bank_rows(s, bank_ids(s, BankFilter(sort="prompt"), T0), T0)]
        assert stems == sorted(stems, key=str.casefold)
        backwards = bank_ids(s, BankFilter(sort="prompt", descending=True), T0)
        assert backwards == list(reversed(bank_ids(s, BankFilter(sort="prompt"), T0)))
        answer(s, qid(s, MCQ), Rating.EASY, T0, correct=True, fuzz=False)
        answer(s, qid(s, TRUE_FALSE), Rating.AGAIN, T0, correct=False, fuzz=False)
        # Blanks (never answered) go last both ways.
        due = keys(s, BankFilter(sort="due"))
        assert due[:2] == [TRUE_FALSE, MCQ] and set(due[2:]) == {STATEMENTS, MAINS}
        assert keys(s, BankFilter(sort="due", descending=True))[:2] == [MCQ, TRUE_FALSE]
        assert keys(s, BankFilter(sort="difficulty"))[-1] in {STATEMENTS, MAINS}
        for column in (
            "type",
            "area",
            "section",
            "origin",
            "state",
            "interval",
            "recall",
            "lapses",
            "last_answered",
            "flag",
        ):
            assert len(bank_ids(s, BankFilter(sort=column), T0)) == 4


def test_the_cards_figures_sort_both_ways_with_the_blanks_last(db: Database) -> None:
    fields = {
        "due": "due",
        "interval": "interval_days",
        "recall": "recall",
        "last_answered": "last_answered",
    }
    with db.begin() as s:
        answer(s, qid(s, MCQ), Rating.EASY, T0, correct=True, fuzz=False)
        answer(s, qid(s, TRUE_FALSE), Rating.AGAIN, T0, correct=False, fuzz=False)
        answer(s, qid(s, TRUE_FALSE), Rating.GOOD, T0 + timedelta(hours=2), correct=True)
        later = T0 + timedelta(days=3)
        for column, field in fields.items():
            for descending in (False, True):
                ids = bank_ids(s, BankFilter(sort=column, descending=descending), later)
                values = [getattr(r, field) for r in bank_rows(s, ids, later)]
                shown = [v for v in values if v is not None]
                assert values == [*shown, None, None], (column, descending)
                assert shown == sorted(shown, reverse=descending) and len(set(shown)) == 2


def test_rows_show_what_the_student_sorts_by(db: Database) -> None:
    with db.begin() as s:
        mcq = qid(s, MCQ)
        answer(s, mcq, Rating.EASY, T0, correct=True, fuzz=False)
        set_flag(s, [mcq], 2)
        (row,) = bank_rows(s, [mcq], T0 + timedelta(days=1))
        assert (row.key, row.type, row.area_title, row.section) == (
            MCQ,
            "mcq",
            "Trade",
            "The trade gap",
        )
        assert (row.state, row.flag, row.lapses, row.origin) == ("Review", 2, 0, "bundled")
        assert row.last_answered == T0 and row.due is not None and row.due > T0
        assert row.interval_days is not None and row.interval_days >= 1
        assert row.recall is not None and 0.8 < row.recall <= 1.0
        history = prompt_history(s, mcq)
        assert [(h.rating, h.correct, h.mode) for h in history] == [(4, True, "review")]


def test_rows_tell_alike_worded_prompts_apart_by_their_first_statement(db: Database) -> None:
    with db.begin() as s:
        mcq, statements = bank_rows(s, [qid(s, MCQ), qid(s, STATEMENTS)], T0)
    assert mcq.gist == mcq.stem == "Which report gives the export figure?"
    assert statements.stem == "Consider the following statements about the trade gap."
    assert statements.gist == f"{statements.stem} 1. It is wide."


def test_the_gist_of_each_kind_of_prompt_the_paper_words_alike() -> None:
    assertion = (
        '{"statement_1": "Trade is lopsided.", "statement_2": "Tariffs are high.", '
        '"statement_1_correct": true, "statement_2_correct": true}'
    )
    assert prompt_gist("Consider the following statements:", "assertion", assertion) == (
        "Consider the following statements: Statement-I: Trade is lopsided."
    )
    pairs = '{"pairs": [{"left": "Pune", "right": "Okayama", "correct": true}]}'
    assert prompt_gist("Consider the following pairs:", "match", pairs) == (
        "Consider the following pairs: 1. Pune – Okayama"
    )
    lists = (
        '{"ask": "codes", "list_1": ["CEPA", "JBIC"], "list_2": ["Trade pact", "Lender"], '
        '"key": [1, 2]}'
    )
    assert prompt_gist("Match List-I with List-II:", "match", lists) == (
        "Match List-I with List-II: A. CEPA"
    )
    assert prompt_gist("Fill in: ___ GW.", "fill_blank", '{"answer": "500"}') == "Fill in: ___ GW."
    # Damaged details do not stop the list: the prompt shows its stem.
    assert prompt_gist("Consider the following pairs:", "match", '{"pairs": [{}]}') == (
        "Consider the following pairs:"
    )


def test_reset_makes_a_prompt_new_again_and_keeps_its_history(db: Database) -> None:
    with db.begin() as s:
        mcq = qid(s, MCQ)
        answer(s, mcq, Rating.GOOD, T0, correct=True, fuzz=False)
        reset_progress(s, [mcq])
        s.expire_all()
        card = s.get(Card, mcq)
        assert card is not None and card.last_review_ms is None and card.reps == 0
        assert keys(s, BankFilter(state="new")).count(MCQ) == 1
        assert len(prompt_history(s, mcq)) == 1


def test_suspended_prompts_leave_the_queue(db: Database) -> None:
    with db.begin() as s:
        set_suspended(s, bank_ids(s, BankFilter(), T0), True)
        assert next_due_question(s, T0) is None
        set_suspended(s, [qid(s, MCQ)], False)
        assert next_due_question(s, T0) == qid(s, MCQ)


def test_a_prompt_forgotten_eight_times_is_a_leech_and_may_be_suspended(db: Database) -> None:
    with db.begin() as s:
        update_settings(s, suspend_leeches=True)
        mcq = qid(s, MCQ)
        now = T0
        for lapse in range(LEECH_LAPSES):
            for _ in range(3):  # learn it again …
                answer(s, mcq, Rating.EASY, now, correct=True, fuzz=False)
                now += timedelta(days=40)
            answer(s, mcq, Rating.AGAIN, now, correct=False, fuzz=False)  # … and forget it
            now += timedelta(days=1)
            s.expire_all()  # the answers were written in plain SQL
            card = s.get(Card, mcq)
            assert card is not None and card.lapses == lapse + 1
            assert card.suspended == (lapse + 1 == LEECH_LAPSES)
        assert keys(s, BankFilter(state="leech")) == [MCQ]
        (row,) = bank_rows(s, [mcq], now)
        assert row.leech and row.state == "Suspended"
        undo_last_answer(s)  # taking the answer back takes the suspension back too
        s.expire_all()
        card = s.get(Card, mcq)
        assert card is not None and not card.suspended and card.lapses == LEECH_LAPSES - 1


def test_the_selection_exports_to_csv_that_imports_again_and_to_yaml(
    db: Database, tmp_path: Path
) -> None:
    with db.begin() as s:
        ids = [qid(s, MCQ), qid(s, STATEMENTS), qid(s, MAINS)]
        text = export_csv(s, ids)
        docs = yaml.safe_load(export_yaml(s, ids))
        assert practisable(s, ids) == ids[:2]
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["front", "back", "tags"] and len(rows) == 4
    assert rows[1][0].endswith("(d) Delta brief") and rows[1][1].startswith("(a) ")
    assert [d["id"] for d in docs] == [MCQ, STATEMENTS, MAINS]
    assert docs[1]["options"] == [[1], [2], [1, 2], []] and docs[1]["answer"] == "a"
    path = tmp_path / "out.csv"
    path.write_text(text, encoding="utf-8")
    with db.begin() as s:
        import_csv(s, path)
        again = s.scalars(select(Question).where(Question.origin == "imported")).all()
        mcq = next(q for q in again if q.type == "mcq")
        assert mcq.stem == "Which report gives the export figure?" and mcq.area == "trade"
        assert mcq.options == ["Alpha report", "Beta review", "Gamma notes", "Delta brief"]


def test_sorting_by_the_prompt_text_orders_own_imported_and_bundled_prompts(
    db: Database, tmp_path: Path
) -> None:
    """The text order comes off an index on the whole bank and from a sort when the
    bank is filtered: both give the same order, case ignored, ties by arrival."""
    rows = ["zebra crossings in Osaka,b,trade", "Tariff lines,a,trade", "tariff LINES,c,trade"]
    path = tmp_path / "mine.csv"
    path.write_text("front,back,tags\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with db.begin() as s:
        import_csv(s, path)
        save_front_back(s, "apple exports to Japan", "Its answer")
        save_front_back(s, "Apple exports to Japan", "Another answer")
        s.get(Question, qid(s, MAINS)).retired = True  # type: ignore[union-attr]
        s.flush()
        set_suspended(s, [qid(s, MCQ)], True)
        live = s.execute(select(Question.id, Question.stem).where(Question.retired.is_(False)))
        stem_of: dict[int, str] = dict(live.all())
        expected = sorted(stem_of, key=lambda i: (stem_of[i].lower(), i))
        assert len(expected) == 8

        def in_order(f: BankFilter) -> list[int]:
            return bank_ids(s, f, T0)

        assert in_order(BankFilter(sort="prompt")) == expected
        assert in_order(BankFilter(sort="prompt", descending=True)) == expected[::-1]
        [first, second] = expected[:2]  # the two apples, equal but for case: by arrival
        assert stem_of[first] == "apple exports to Japan" and first < second
        not_suspended = [i for i in expected if i != qid(s, MCQ)]
        assert in_order(BankFilter(sort="prompt", state="new")) == not_suspended
        imported = [i for i in expected if "tariff" in stem_of[i].lower() or "zebra" in stem_of[i]]
        assert in_order(BankFilter(sort="prompt", origin="imported")) == imported
        assert in_order(BankFilter(sort="prompt", text="tariff", descending=True)) == [
            i for i in reversed(expected) if "tariff" in stem_of[i].lower()
        ]
