"""Study days in the student's real time zone: day bounds, due-today, reviewed-today,
the new-prompt limit, the streak and per-day figures across both daylight-saving
changes in New York and Auckland and on an ordinary day in India, each checked
against an independent computation with `zoneinfo`. Stored times stay UTC."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from studyapp.core.clock import from_ms, to_ms
from studyapp.core.settings import update_settings
from studyapp.core.srs.days import study_day_bounds
from studyapp.core.srs.scheduler import queue_counts
from studyapp.core.startup import open_study_database
from studyapp.core.stats.daily import daily_activity, reviews_per_day, study_streak
from studyapp.core.stats.summary import today_counts
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import ContentDirs, DataDir

# (zone, the local date of a clock change or, for India, an ordinary day)
CHANGES = [
    ("America/New_York", date(2026, 3, 8)),  # 02:00 → 03:00, a 23-hour day
    ("America/New_York", date(2026, 11, 1)),  # 02:00 → 01:00, a 25-hour day
    ("Pacific/Auckland", date(2026, 4, 5)),  # 03:00 → 02:00
    ("Pacific/Auckland", date(2026, 9, 27)),  # 02:00 → 03:00
    ("Asia/Kolkata", date(2026, 3, 8)),  # no change
]
IDS = [f"{zone}-{day}" for zone, day in CHANGES]


def expected_bounds(moment: datetime, zone: ZoneInfo, hour: int) -> tuple[datetime, datetime]:
    """Independently: the study day is the one whose start — its local date at `hour`,
    as zoneinfo resolves it — is the latest start not after the moment."""
    local_date = moment.astimezone(zone).date()
    starts = [
        datetime.combine(local_date + timedelta(days=k), datetime.min.time(), zone).replace(
            hour=hour
        )
        for k in range(-2, 3)
    ]
    for start, end in itertools.pairwise(starts):
        if start.astimezone(UTC) <= moment < end.astimezone(UTC):
            return start, end
    raise AssertionError("no day holds the moment")


def moments_around(zone: ZoneInfo, day: date, step_minutes: int = 15) -> Iterator[datetime]:
    first = datetime.combine(day - timedelta(days=1), datetime.min.time(), zone)
    moment = first.astimezone(UTC)
    while moment < first.astimezone(UTC) + timedelta(days=3):
        yield moment
        moment += timedelta(minutes=step_minutes)


@pytest.mark.parametrize(("zone_name", "day"), CHANGES, ids=IDS)
@pytest.mark.parametrize("hour", [4, 0, 2, 3])
def test_day_bounds_follow_each_days_own_offset(zone_name: str, day: date, hour: int) -> None:
    zone = ZoneInfo(zone_name)
    lengths = set()
    for moment in moments_around(zone, day):
        start, end = study_day_bounds(moment, zone, hour)
        want_start, want_end = expected_bounds(moment, zone, hour)
        assert (to_ms(start), to_ms(end)) == (to_ms(want_start), to_ms(want_end)), moment
        lengths.add(to_ms(end) - to_ms(start))
    if zone_name != "Asia/Kolkata":
        assert 86_400_000 in lengths and len(lengths) == 2  # and a 23- or 25-hour day


def _prompts(count: int) -> str:
    return "".join(
        f"""- id: q.links.{1000 + i}
  type: true_false
  stem: The rail link number {i} joins two cities.
  answer: true
  explanation: The Beta review says a fast train joins the two cities, so this is true.
  sections: [links.rail]
  sources: [beta]
  area: links
  difficulty: easy
"""
        for i in range(count)
    )


@pytest.fixture
def big_db(data_dir: DataDir, content: ContentDirs) -> Iterator[Database]:
    (content.questions / "many.yaml").write_text(_prompts(60))
    database, _ = open_study_database(data_dir, content)
    yield database
    database.close()


def _ids(s: Session) -> list[int]:
    return [int(r[0]) for r in s.connection().exec_driver_sql("SELECT question_id FROM cards")]


@pytest.mark.parametrize(("zone_name", "day"), CHANGES, ids=IDS)
def test_due_reviewed_and_new_today_count_by_the_local_day(
    big_db: Database, zone_name: str, day: date
) -> None:
    zone = ZoneInfo(zone_name)
    with big_db.begin() as s:
        update_settings(s, time_zone=zone_name, new_per_day=40)  # pinned: no `local` below
        ids = _ids(s)
        reviewed, due = ids[:30], ids[30:]
        base = to_ms(datetime.combine(day - timedelta(days=1), datetime.min.time(), zone))
        # Answers every 2½ hours over three days (each a prompt's first answer) ...
        answers = [base + i * 9_000_000 for i in range(len(reviewed))]
        s.connection().exec_driver_sql(
            "INSERT INTO review_log (question_id, reviewed_ms, rating, correct, duration_ms, "
            "mode) VALUES (?, ?, 3, 1, 1000, 'review')",
            list(zip(reviewed, answers, strict=True)),
        )
        # ... and reviews falling due every 2¼ hours.
        dues = [base + i * 8_100_000 for i in range(len(due))]
        s.connection().exec_driver_sql(
            "UPDATE cards SET state = 2, stability = 5, difficulty = 5, due_ms = ?, "
            "last_review_ms = ? WHERE question_id = ?",
            [(ms, base - 86_400_000, qid) for ms, qid in zip(dues, due, strict=True)],
        )
    with big_db.begin() as s:
        for moment in moments_around(zone, day, step_minutes=45):
            start, end = expected_bounds(moment, zone, 4)
            low, high = to_ms(start), to_ms(end)
            counts = today_counts(s, moment)
            assert counts.reviewed_today == sum(low <= a < high for a in answers), moment
            assert queue_counts(s, moment).review == sum(d < high for d in dues), moment
            # Today's first answers use up the new limit; later days' do not yet.
            introduced = sum(a >= low for a in answers)
            unseen = len(ids) - len(due)  # the raw rows above leave those cards unseen
            assert counts.new_available == min(unseen, max(0, 40 - introduced)), moment


@pytest.mark.parametrize(("zone_name", "day"), CHANGES, ids=IDS)
def test_a_daily_early_riser_keeps_the_streak_across_the_change(
    db: Database, zone_name: str, day: date
) -> None:
    zone = ZoneInfo(zone_name)
    days = [day + timedelta(days=k) for k in range(-20, 22)]
    # Every day at 4:30 a.m. local, half an hour into the study day.
    moments = [
        datetime.combine(d, datetime.min.time(), zone).replace(hour=4, minute=30) for d in days
    ]
    with db.begin() as s:
        s.connection().exec_driver_sql(
            "INSERT INTO review_log (question_id, reviewed_ms, rating, correct, duration_ms, "
            "mode, state_before) VALUES (1, ?, 3, 1, 1000, 'review', 2)",
            [(to_ms(m),) for m in moments],
        )
    now = moments[-1] + timedelta(hours=2)
    with db.begin() as s:
        assert study_streak(s, now, zone) == len(days)
        per_day = reviews_per_day(s, now, zone, days=60)
        assert [(d.day, d.reviews) for d in per_day] == [(d, 1) for d in days]
        activity = daily_activity(s, now, zone, days=len(days))
        assert [(a.day, a.reviews) for a in activity.days] == [(d, 1) for d in days]
        assert activity.streak == len(days)
    # A day missed just after the change breaks the streak there.
    with db.begin() as s:
        s.connection().exec_driver_sql(
            "DELETE FROM review_log WHERE reviewed_ms = ?", (to_ms(moments[21]),)
        )
    with db.begin() as s:
        assert study_streak(s, now, zone) == len(days) - 22


@pytest.mark.parametrize("zone_name", ["America/New_York", "Pacific/Auckland"])
def test_the_computers_zone_comes_from_tz_with_its_rules(zone_name: str) -> None:
    script = textwrap.dedent(
        """
        from datetime import UTC, datetime, timedelta
        from studyapp.core.srs.days import study_day_bounds, system_zone_name
        moment = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
        print(system_zone_name())
        for k in range(0, 24 * 200, 7):
            start, end = study_day_bounds(moment + timedelta(hours=k), None, 4)
            print(int(start.timestamp()), int(end.timestamp()))
        """
    )
    env = {**os.environ, "TZ": zone_name}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    name, *lines = result.stdout.split("\n")
    assert name == zone_name
    zone = ZoneInfo(zone_name)
    moment = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    for k, line in zip(range(0, 24 * 200, 7), lines, strict=False):
        start, end = expected_bounds(moment + timedelta(hours=k), zone, 4)
        assert line == f"{int(start.timestamp())} {int(end.timestamp())}"


def test_a_pinned_zone_wins_over_the_computers(db: Database) -> None:
    # 03:30 UTC on 2 March is 09:00 in India but still the night of 1 March in New York.
    moment = datetime(2026, 3, 2, 3, 30, tzinfo=UTC)
    with db.begin() as s:
        s.connection().exec_driver_sql(
            "INSERT INTO review_log (question_id, reviewed_ms, rating, correct, duration_ms, "
            "mode) VALUES (1, ?, 3, 1, 1000, 'review')",
            (to_ms(datetime(2026, 3, 1, 20, 0, tzinfo=UTC)),),  # 1 March, 15:00 in New York
        )
        update_settings(s, time_zone="Asia/Kolkata")
    with db.begin() as s:
        assert today_counts(s, moment).reviewed_today == 0
        update_settings(s, time_zone="America/New_York")
    with db.begin() as s:
        assert today_counts(s, moment).reviewed_today == 1
        assert from_ms(to_ms(moment)) == moment
