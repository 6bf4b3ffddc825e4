"""The Progress screen's and Home's figures, checked exactly against a known history:
mastery and recall (as FSRS computes it), the weakest areas, daily activity with its
empty days and the study day's start hour, true retention per week, the reviews
coming due, mock-test scores and mains answers — each also narrowed to one area.

Now is Tuesday 10 March 2026, 17:30 in India; the study day starts at 04:00."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from studyapp.core.clock import to_ms
from studyapp.core.exchange.csv_import import CsvRow, import_rows
from studyapp.core.models import Card, MainsAnswer, Question, QuizItem, QuizSession
from studyapp.core.settings import load_settings, update_settings
from studyapp.core.srs import totals
from studyapp.core.srs.recall import RETRIEVABILITY_SQL, retrievability_params
from studyapp.core.srs.rules import COUNTER_NAMES
from studyapp.core.srs.scheduler import Rating, answer, set_suspended, undo_last_answer
from studyapp.core.stats import progress
from studyapp.core.stats.daily import DayActivity, WeekRetention, daily_activity, retention_by_week
from studyapp.core.stats.mastery import (
    AreaMastery,
    SectionMastery,
    mastery_by_area,
    mastery_by_section,
    rank_weakest,
    weakest_areas,
)
from studyapp.core.stats.progress import (
    DueDay,
    MainsProgress,
    due_forecast,
    last_mock,
    mains_written,
    mock_scores,
    progress_snapshot,
    progress_summary,
)
from studyapp.core.storage import db as dbmod
from studyapp.core.storage.db import Database, driver
from tests.core.review_totals import area_totals

IST = timezone(timedelta(hours=5, minutes=30))
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # Tuesday, 17:30 IST
SCHEDULER = fsrs.Scheduler(enable_fuzzing=False)


def qid(s: Session, key: str) -> int:
    return s.scalars(select(Question.id).where(Question.key == key)).one()


def ist(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=IST)


def set_card(
    s: Session,
    key: str,
    *,
    stability: float | None,
    last_review: datetime,
    due: datetime,
    state: int = 2,
    suspended: bool = False,
) -> None:
    """A card exactly as wanted: answered, in `state`, with this memory."""
    s.execute(
        update(Card)
        .where(Card.question_id == qid(s, key))
        .values(
            state=state,
            step=None if state == 2 else 0,
            stability=stability,
            difficulty=5.0,
            last_review_ms=to_ms(last_review),
            due_ms=to_ms(due),
            suspended=suspended,
        )
    )


def fsrs_recall(stability: float, last_review: datetime, now: datetime = NOW) -> float:
    card = fsrs.Card(
        card_id=1,
        state=fsrs.State.Review,
        stability=stability,
        difficulty=5.0,
        due=last_review + timedelta(days=stability),
        last_review=last_review.astimezone(UTC),
    )
    return float(SCHEDULER.get_card_retrievability(card, now))


def retire(s: Session, key: str) -> None:
    s.execute(update(Question).where(Question.key == key).values(retired=True))


# The cards of the mastery tests: two trade prompts answered, one not; the links one
# answered long ago.
MEMORY = {
    "q.trade.0001": (3.2, NOW - timedelta(days=1, hours=12)),
    "q.trade.0002": (10.0, NOW - timedelta(days=5, hours=2)),
    "q.trade.0003": (2.0, NOW - timedelta(days=30, minutes=5)),
}


def remember(s: Session) -> None:
    for key, (stability, last) in MEMORY.items():
        set_card(s, key, stability=stability, last_review=last, due=last + timedelta(days=3))


def recall_of(*keys: str) -> float:
    values = [fsrs_recall(*MEMORY[k]) for k in keys]
    return sum(values) / len(values)


# --- recall in SQL --------------------------------------------------------------------


RECALL_CASES = [
    ("q.trade.0001", 0.5, NOW - timedelta(hours=21)),  # less than a day: 0 days
    ("q.trade.0002", 3.2, NOW - timedelta(days=1, hours=12)),  # 1 day
    ("q.trade.0003", 120.7, NOW - timedelta(days=40, seconds=1)),  # 40 days
    ("q.trade.0501", 7.0, NOW + timedelta(hours=2)),  # a clock set back: 0 days
]


def sql_recalls(s: Session, now: datetime) -> dict[int, float]:
    params = retrievability_params(load_settings(s), now)
    rows = s.execute(text(f"SELECT c.question_id, {RETRIEVABILITY_SQL} FROM cards c"), params)
    return {int(q): float(r) for q, r in rows}


@pytest.mark.parametrize("later", [timedelta(0), timedelta(days=17, hours=5)])
def test_recall_computed_in_sql_equals_fsrs(db: Database, later: timedelta) -> None:
    now = NOW + later
    with db.begin() as s:
        for key, stability, last in RECALL_CASES:
            set_card(s, key, stability=stability, last_review=last, due=last)
    with db.begin() as s:
        got = sql_recalls(s, now)
        for key, stability, last in RECALL_CASES:
            assert got[qid(s, key)] == pytest.approx(fsrs_recall(stability, last, now), abs=1e-9)
        # A prompt never answered has no recall to speak of, as in fsrs.
        s.execute(update(Card).values(last_review_ms=None, stability=None))
        assert set(sql_recalls(s, now).values()) == {0.0}


def test_recall_uses_a_python_pow_where_sqlite_has_none(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.begin() as s:
        for key, stability, last in RECALL_CASES:
            set_card(s, key, stability=stability, last_review=last, due=last)
        ids = {key: qid(s, key) for key, _, _ in RECALL_CASES}
    calls: list[tuple[float, float]] = []
    real_pow = dbmod.sql_pow

    def counting_pow(base: float | None, exponent: float | None) -> float | None:
        calls.append((base or 0.0, exponent or 0.0))
        return real_pow(base, exponent)

    monkeypatch.setattr(dbmod, "sqlite_has_pow", lambda: False)
    monkeypatch.setattr(dbmod, "sql_pow", counting_pow)
    fallback = dbmod.open_database(db.path)
    try:
        with fallback.begin() as s:
            got = sql_recalls(s, NOW)
    finally:
        fallback.close()
    assert len(calls) == len(RECALL_CASES)
    for key, stability, last in RECALL_CASES:
        assert got[ids[key]] == pytest.approx(fsrs_recall(stability, last), abs=1e-9)
    assert dbmod.sql_pow(None, 2.0) is None
    assert dbmod.sql_pow(-8.0, 1 / 3) is None  # no real result: NULL, as in SQLite


# --- mastery ----------------------------------------------------------------------------


def test_mastery_by_area_counts_live_prompts_and_averages_recall(db: Database) -> None:
    with db.begin() as s:
        remember(s)
    with db.begin() as s:
        trade, links = mastery_by_area(s, NOW)
        assert (trade.area, trade.title, trade.prompts, trade.seen) == ("trade", "Trade", 3, 2)
        assert trade.seen_share == 2 / 3
        assert trade.recall == pytest.approx(recall_of("q.trade.0001", "q.trade.0002"), abs=1e-9)
        assert (links.area, links.title, links.prompts, links.seen) == ("links", "Links", 1, 1)
        assert links.seen_share == 1.0
        assert links.recall == pytest.approx(recall_of("q.trade.0003"), abs=1e-9)
        # Suspended and retired prompts are not part of what is to be learnt.
        set_suspended(s, qid(s, "q.trade.0002"), True)
        retire(s, "q.trade.0003")
        # A student's own deck whose tags name no area is filed under "My prompts",
        # which comes last and is listed only once it has prompts.
        import_rows(s, [CsvRow(1, "Capital of Japan?", "Tokyo", ())])
    with db.begin() as s:
        trade, links, imported = mastery_by_area(s, NOW)
        assert (trade.prompts, trade.seen, trade.seen_share) == (2, 1, 0.5)
        assert trade.recall == pytest.approx(recall_of("q.trade.0001"), abs=1e-9)
        assert links == AreaMastery("links", "Links", 0, 0, 0.0, None)
        assert imported == AreaMastery("mine", "My prompts", 1, 0, 0.0, None)


def test_mastery_by_section_follows_the_reference_tree(db: Database) -> None:
    with db.begin() as s:
        remember(s)
    with db.begin() as s:
        # q.trade.0501 (never answered) is linked to both sections; the other trade
        # prompts to the trade gap only.
        rail, gap = mastery_by_section(s, NOW, "trade")
        assert rail == SectionMastery("links.rail", "The rail link", 1, 0, 0.0, None)
        assert (gap.key, gap.title, gap.prompts, gap.seen) == ("trade.gap", "The trade gap", 3, 2)
        assert gap.seen_share == 2 / 3
        assert gap.recall == pytest.approx(recall_of("q.trade.0001", "q.trade.0002"), abs=1e-9)
        [rail] = mastery_by_section(s, NOW, "links")
        assert (rail.key, rail.prompts, rail.seen, rail.seen_share) == ("links.rail", 1, 1, 1.0)
        assert rail.recall == pytest.approx(recall_of("q.trade.0003"), abs=1e-9)
        assert mastery_by_section(s, NOW, "no-such-area") == []


def test_weakest_areas_put_the_least_recalled_first_and_untouched_ones_after(
    db: Database,
) -> None:
    with db.begin() as s:
        # A new student: suggestions in the content's order.
        assert [m.area for m in weakest_areas(s, NOW)] == ["trade", "links"]
        set_card(
            s,
            "q.trade.0003",
            stability=2.0,
            last_review=NOW - timedelta(days=30),
            due=NOW - timedelta(days=28),
        )
    with db.begin() as s:
        # Links is started (however badly); trade is not, so it follows.
        assert [m.area for m in weakest_areas(s, NOW)] == ["links", "trade"]
        set_card(
            s,
            "q.trade.0001",
            stability=50.0,
            last_review=NOW - timedelta(days=1),
            due=NOW + timedelta(days=49),
        )
    with db.begin() as s:
        assert [m.area for m in weakest_areas(s, NOW)] == ["links", "trade"]
        assert [m.area for m in weakest_areas(s, NOW, limit=1)] == ["links"]
        set_card(
            s,
            "q.trade.0003",
            stability=80.0,
            last_review=NOW - timedelta(hours=2),
            due=NOW + timedelta(days=80),
        )
    with db.begin() as s:
        # Now links is fully recalled (1.0) and trade slightly less.
        assert [m.area for m in weakest_areas(s, NOW)] == ["trade", "links"]


def test_ranking_breaks_ties_on_the_share_seen_and_skips_empty_areas() -> None:
    areas = [
        AreaMastery("a", "A", 10, 10, 1.0, 0.8),
        AreaMastery("b", "B", 10, 2, 0.2, 0.8),  # same recall, less seen: first
        AreaMastery("c", "C", 0, 0, 0.0, None),  # nothing to study
        AreaMastery("d", "D", 5, 0, 0.0, None),
        AreaMastery("e", "E", 4, 4, 1.0, 0.95),
    ]
    assert [m.area for m in rank_weakest(areas, limit=5)] == ["b", "a", "e", "d"]
    assert [m.area for m in rank_weakest(areas)] == ["b", "a", "e"]
    assert rank_weakest(areas, limit=0) == []


# --- activity -----------------------------------------------------------------------------


def answer_at(
    s: Session,
    key: str,
    when: datetime,
    *,
    correct: bool | None = True,
    duration_ms: int = 0,
    rating: Rating | None = None,
) -> None:
    chosen = rating or (Rating.GOOD if correct is not False else Rating.AGAIN)
    answer(s, qid(s, key), chosen, when, correct=correct, duration_ms=duration_ms, fuzz=False)


def activity_history(s: Session) -> None:
    answer_at(s, "q.trade.0001", ist(3, 7, 9), duration_ms=4000)
    answer_at(s, "q.trade.0002", ist(3, 9, 9), duration_ms=3000)
    answer_at(s, "q.trade.0003", ist(3, 10, 3, 59), duration_ms=7000)  # the night of the 9th
    answer_at(s, "q.trade.0501", ist(3, 10, 4, 0), duration_ms=5000)  # the 10th begins


def test_daily_activity_has_every_day_and_honours_the_day_start(db: Database) -> None:
    with db.begin() as s:
        activity_history(s)
    with db.begin() as s:
        activity = daily_activity(s, NOW, IST, days=5)
        assert activity.days == [
            DayActivity(date(2026, 3, 6), 0, 0),
            DayActivity(date(2026, 3, 7), 1, 4000),
            DayActivity(date(2026, 3, 8), 0, 0),
            DayActivity(date(2026, 3, 9), 2, 10000),
            DayActivity(date(2026, 3, 10), 1, 5000),
        ]
        assert (activity.streak, activity.studied_days) == (2, 3)
        assert (activity.reviews, activity.time_ms) == (4, 19000)

        links = daily_activity(s, NOW, IST, days=5, area="links")
        assert [(d.reviews, d.time_ms) for d in links.days] == [
            (0, 0),
            (0, 0),
            (0, 0),
            (1, 7000),
            (0, 0),
        ]
        assert links.streak == 2  # a day of study counts whatever was studied
        assert (links.studied_days, links.reviews, links.time_ms) == (1, 1, 7000)

        year = daily_activity(s, NOW, IST)
        assert len(year.days) == 365
        assert year.days[0].day == date(2025, 3, 11) and year.days[-1].day == date(2026, 3, 10)
        assert (year.reviews, year.studied_days) == (4, 3)

        update_settings(s, day_start_hour=0)
    with db.begin() as s:
        midnight = daily_activity(s, NOW, IST, days=2)
        assert midnight.days == [
            DayActivity(date(2026, 3, 9), 1, 3000),
            DayActivity(date(2026, 3, 10), 2, 12000),
        ]


def test_the_streak_waits_for_today_and_breaks_on_a_missed_day(db: Database) -> None:
    with db.begin() as s:
        activity_history(s)
    with db.begin() as s:
        # 11 March, nothing yet: yesterday's streak of two still stands.
        assert daily_activity(s, NOW + timedelta(days=1), IST, days=3).streak == 2
        assert daily_activity(s, NOW + timedelta(days=2), IST, days=3).streak == 0


# --- retention ------------------------------------------------------------------------------


def mature_answer(s: Session, key: str, when: datetime, correct: bool | None) -> None:
    """An answer on a prompt in the Review state (it counts toward true retention)."""
    set_card(s, key, stability=10.0, last_review=when - timedelta(days=10), due=when)
    answer_at(s, key, when, correct=correct, rating=Rating.GOOD if correct is None else None)


def retention_history(s: Session) -> None:
    mature_answer(s, "q.trade.0001", ist(3, 3, 10), correct=False)
    mature_answer(s, "q.trade.0002", ist(3, 4, 10), correct=True)
    mature_answer(s, "q.trade.0003", ist(3, 9, 2), correct=True)  # Sunday night's study
    mature_answer(s, "q.trade.0001", ist(3, 9, 10), correct=True)
    answer_at(s, "q.trade.0501", ist(3, 9, 11), correct=True)  # a first answer: not mature
    mature_answer(s, "q.trade.0002", ist(3, 10, 9), correct=None)  # self-rated: not graded


def test_retention_by_week_counts_answers_on_mature_prompts(db: Database) -> None:
    with db.begin() as s:
        retention_history(s)
    with db.begin() as s:
        assert retention_by_week(s, NOW, IST, weeks=3) == [
            WeekRetention(date(2026, 2, 23), 0, 0, None),
            WeekRetention(date(2026, 3, 2), 3, 2, 2 / 3),
            WeekRetention(date(2026, 3, 9), 1, 1, 1.0),
        ]
        assert retention_by_week(s, NOW, IST, weeks=3, area="links") == [
            WeekRetention(date(2026, 2, 23), 0, 0, None),
            WeekRetention(date(2026, 3, 2), 1, 1, 1.0),
            WeekRetention(date(2026, 3, 9), 0, 0, None),
        ]
        assert retention_by_week(s, NOW, IST, weeks=3, area="trade") == [
            WeekRetention(date(2026, 2, 23), 0, 0, None),
            WeekRetention(date(2026, 3, 2), 2, 1, 0.5),
            WeekRetention(date(2026, 3, 9), 1, 1, 1.0),
        ]
        weeks = retention_by_week(s, NOW, IST)
        assert len(weeks) == 26 and weeks[-1].week_start == date(2026, 3, 9)
        assert all(w.week_start.weekday() == 0 for w in weeks)


# --- forecast -------------------------------------------------------------------------------


def test_due_forecast_counts_overdue_on_today_and_leaves_out_suspended(db: Database) -> None:
    with db.begin() as s:
        last = NOW - timedelta(days=5)
        set_card(s, "q.trade.0001", stability=4.0, last_review=last, due=NOW - timedelta(days=3))
        # 03:00 on the 11th still belongs to the study day of the 10th.
        set_card(s, "q.trade.0002", stability=6.0, last_review=last, due=ist(3, 11, 3))
        set_card(s, "q.trade.0003", stability=6.0, last_review=last, due=ist(3, 11, 5))
        # q.trade.0501 was never answered: not in the forecast, however "due".
    with db.begin() as s:
        assert due_forecast(s, NOW, IST, days=3) == [
            DueDay(date(2026, 3, 10), 2),
            DueDay(date(2026, 3, 11), 1),
            DueDay(date(2026, 3, 12), 0),
        ]
        set_card(
            s, "q.trade.0501", stability=6.0, last_review=last, due=ist(3, 12, 10), suspended=True
        )
    with db.begin() as s:
        assert [d.due for d in due_forecast(s, NOW, IST, days=3)] == [2, 1, 0]
        set_suspended(s, qid(s, "q.trade.0501"), False)
    with db.begin() as s:
        assert [d.due for d in due_forecast(s, NOW, IST, days=3)] == [2, 1, 1]
        assert [d.due for d in due_forecast(s, NOW, IST, days=2)] == [2, 1]
        assert [d.due for d in due_forecast(s, NOW, IST, days=3, area="trade")] == [2, 0, 1]
        assert [d.due for d in due_forecast(s, NOW, IST, days=3, area="links")] == [0, 1, 0]
        month = due_forecast(s, NOW, IST)
        assert len(month) == 30 and month[-1].day == date(2026, 4, 8)
        assert sum(d.due for d in month) == 4
        retire(s, "q.trade.0003")
    with db.begin() as s:
        assert [d.due for d in due_forecast(s, NOW, IST, days=3, area="links")] == [0, 0, 0]


# --- mock tests and mains ---------------------------------------------------------------------


def add_quiz(
    s: Session,
    kind: str,
    status: str,
    finished: datetime | None,
    score: float | None,
    max_score: float | None,
    prompts: list[str],
) -> int:
    quiz = QuizSession(
        kind=kind,
        status=status,
        created_ms=to_ms(NOW - timedelta(days=30)),
        finished_ms=None if finished is None else to_ms(finished),
        score=score,
        max_score=max_score,
        items=[QuizItem(position=i, question_id=qid(s, k)) for i, k in enumerate(prompts)],
    )
    s.add(quiz)
    s.flush()
    return quiz.id


def test_mock_scores_list_submitted_mocks_oldest_first(db: Database) -> None:
    with db.begin() as s:
        assert mock_scores(s) == [] and last_mock(s) is None
        later = add_quiz(
            s, "mock", "submitted", ist(3, 8, 11), -4 / 3, 4.0, ["q.trade.0001", "q.trade.0002"]
        )
        first = add_quiz(
            s,
            "mock",
            "submitted",
            ist(3, 1, 11),
            2 + 2 + 2 - 2 / 3,
            6.0,
            ["q.trade.0001", "q.trade.0002", "q.trade.0003"],
        )
        add_quiz(s, "mock", "in_progress", None, None, None, ["q.trade.0001"])
        add_quiz(s, "practice", "submitted", ist(3, 5, 11), 1.0, 1.0, ["q.trade.0001"])
    with db.begin() as s:
        scores = mock_scores(s)
        assert [(m.quiz_id, m.finished, m.prompts) for m in scores] == [
            (first, ist(3, 1, 11).astimezone(UTC), 3),
            (later, ist(3, 8, 11).astimezone(UTC), 2),
        ]
        assert scores[0].score == pytest.approx(16 / 3) and scores[0].max_score == 6.0
        assert scores[0].share == pytest.approx(8 / 9)
        assert scores[1].score == pytest.approx(-4 / 3) and scores[1].share == pytest.approx(-1 / 3)
        assert mock_scores(s, limit=1) == [scores[1]]
        assert last_mock(s) == scores[1]


def test_mains_written_counts_submissions_and_their_share_of_marks(db: Database) -> None:
    with db.begin() as s:
        assert mains_written(s, NOW) == MainsProgress(0, 0, 0, None)
        mains = qid(s, "q.trade.0501")  # a 10-mark prompt
        for submitted, score in (
            (NOW - timedelta(days=40), 5.0),
            (NOW - timedelta(days=2), 7.5),
            (NOW - timedelta(days=1), None),  # written, not yet self-assessed
            (None, None),  # a draft
        ):
            s.add(
                MainsAnswer(
                    question_id=mains,
                    text="…",
                    started_ms=to_ms(NOW - timedelta(days=50)),
                    submitted_ms=None if submitted is None else to_ms(submitted),
                    time_limit_s=420,
                    score=score,
                )
            )
    with db.begin() as s:
        assert mains_written(s, NOW) == MainsProgress(3, 2, 2, 0.625)
        assert mains_written(s, NOW, area="trade") == MainsProgress(3, 2, 2, 0.625)
        assert mains_written(s, NOW, area="links") == MainsProgress(0, 0, 0, None)


# --- the whole screen -----------------------------------------------------------------------------


def test_snapshot_agrees_with_each_figure(db: Database) -> None:
    with db.begin() as s:
        retention_history(s)
        add_quiz(s, "mock", "submitted", ist(3, 8, 11), 2.0, 2.0, ["q.trade.0001"])
    with db.begin() as s:
        for area in (None, "links", "trade"):
            snap = progress_snapshot(s, NOW, IST, area=area)
            assert snap.area == area and snap.now == NOW
            assert snap.mastery == mastery_by_area(s, NOW)
            assert snap.weakest == weakest_areas(s, NOW)
            assert snap.sections == ([] if area is None else mastery_by_section(s, NOW, area))
            assert snap.activity == daily_activity(s, NOW, IST, 365, area)
            assert snap.retention == retention_by_week(s, NOW, IST, 26, area)
            assert snap.forecast == due_forecast(s, NOW, IST, 30, area)
            assert snap.mocks == mock_scores(s)
            assert snap.mains == mains_written(s, NOW, area)
        assert progress_snapshot(s, NOW, IST, span_days=30).activity == daily_activity(
            s, NOW, IST, 30
        )


def test_an_empty_database_gives_empty_figures(tmp_path: Path) -> None:
    database = dbmod.open_database(tmp_path / "empty.sqlite3")  # no content at all
    try:
        with database.begin() as s:
            snap = progress_snapshot(s, NOW, IST, area="trade")
            assert snap.mastery == [] and snap.weakest == [] and snap.sections == []
            assert len(snap.activity.days) == 365
            assert {(d.reviews, d.time_ms) for d in snap.activity.days} == {(0, 0)}
            assert (snap.activity.streak, snap.activity.studied_days) == (0, 0)
            assert len(snap.retention) == 26
            assert {(w.mature_graded, w.retention) for w in snap.retention} == {(0, None)}
            assert len(snap.forecast) == 30 and {d.due for d in snap.forecast} == {0}
            assert snap.mocks == [] and last_mock(s) is None
            assert snap.mains == MainsProgress(0, 0, 0, None)
            assert weakest_areas(s, NOW) == []
            assert progress_summary(s, NOW, IST)["mastery"] == []
    finally:
        database.close()


def test_fresh_content_shows_every_area_unstarted(db: Database) -> None:
    with db.begin() as s:
        snap = progress_snapshot(s, NOW, IST, area="trade")
        assert snap.mastery == [
            AreaMastery("trade", "Trade", 3, 0, 0.0, None),
            AreaMastery("links", "Links", 1, 0, 0.0, None),
        ]
        assert [m.area for m in snap.weakest] == ["trade", "links"]
        assert [(m.key, m.seen, m.recall) for m in snap.sections] == [
            ("links.rail", 0, None),
            ("trade.gap", 0, None),
        ]


def test_progress_summary_is_plain_json(db: Database) -> None:
    with db.begin() as s:
        remember(s)
        retention_history(s)
    with db.begin() as s:
        summary = progress_summary(s, NOW, IST)
        recall = mastery_by_area(s, NOW)
    assert summary["mastery"] == [
        {
            "id": m.area,
            "title": m.title,
            "prompts": m.prompts,
            "seen": m.seen,
            "recall": round(m.recall, 4) if m.recall is not None else None,
        }
        for m in recall
    ]
    assert summary["retention"][-2:] == [
        {"week": "2026-03-02", "graded": 3, "correct": 2, "share": 0.6667},
        {"week": "2026-03-09", "graded": 1, "correct": 1, "share": 1.0},
    ]
    assert len(summary["retention"]) == 26
    assert len(summary["forecast"]) == 30
    assert summary["forecast"][0]["date"] == "2026-03-10"


# --- the area buckets follow the prompts ------------------------------------------------------


def buckets_match_the_log(s: Session) -> None:
    direct = s.execute(
        text(
            "SELECT q.area, r.reviewed_ms / 900000, count(*), sum(r.duration_ms), "
            "sum(r.state_before IS 2 AND r.correct IS NOT NULL), sum(r.state_before IS NULL) "
            "FROM review_log r JOIN questions q ON q.id = r.question_id GROUP BY 1, 2"
        )
    ).all()
    kept = area_totals(s)
    picked = [COUNTER_NAMES.index(c) for c in ("reviews", "time_ms", "mature_graded", "new_cards")]
    assert {key: tuple(kept[key][i] for i in picked) for key in kept} == {
        (area, str(bucket)): tuple(values) for area, bucket, *values in direct
    }


def test_a_prompt_moved_to_another_area_takes_its_history_along(db: Database) -> None:
    with db.begin() as s:
        answer_at(s, "q.trade.0001", ist(3, 9, 10, 1), duration_ms=1000)
        answer_at(s, "q.trade.0003", ist(3, 9, 10), duration_ms=2000)
        # The totals take these in (the moved prompt's answer at the mark itself); the
        # next answer stays in the tail.
        totals.fold(driver(s))
        answer_at(s, "q.trade.0003", ist(3, 10, 10), duration_ms=3000)
        s.execute(update(Question).where(Question.key == "q.trade.0003").values(area="trade"))
    with db.begin() as s:
        buckets_match_the_log(s)
        assert [d.reviews for d in daily_activity(s, NOW, IST, days=2, area="trade").days] == [
            2,
            1,
        ]
        assert {d.reviews for d in daily_activity(s, NOW, IST, days=2, area="links").days} == {0}
        assert undo_last_answer(s) == qid(s, "q.trade.0003")
    with db.begin() as s:
        buckets_match_the_log(s)
        assert [d.reviews for d in daily_activity(s, NOW, IST, days=2).days] == [2, 0]


def test_no_figure_reads_review_log_rows() -> None:
    # The figures come from the review totals (`srs.totals`, which adds the few answers
    # since its last fold) and the cards; reading the review log would cost a scan of
    # a million rows on a long-used collection.
    modules = sorted(Path(progress.__file__).parent.glob("*.py"))
    assert len(modules) >= 5  # daily, mastery, progress, summary and the package
    for module in modules:
        source = module.read_text()
        assert "review_log" not in source and "ReviewLog" not in source, module.name
