"""Settings are checked one by one: a damaged value costs only that setting."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from studyapp.core.settings import CHECKS, StudySettings, load_settings, update_settings
from studyapp.core.storage.db import Database


def stored(db: Database) -> dict[str, str]:
    with db.begin() as s:
        return {k: str(v) for k, v in s.execute(text("SELECT key, value FROM settings"))}


def test_every_setting_has_its_check() -> None:
    assert set(CHECKS) == set(StudySettings.__dataclass_fields__)


def test_one_bad_value_falls_back_alone_and_is_not_written_back(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    with db.write() as s:
        update_settings(s, new_per_day=35, theme="dark")
        s.execute(text("UPDATE settings SET value = '\"lots\"' WHERE key = 'new_per_day'"))
        s.execute(text("INSERT INTO settings (key, value) VALUES ('day_start_hour', '31')"))
    with caplog.at_level(logging.WARNING), db.begin() as s:
        settings = load_settings(s)
    assert settings.new_per_day == StudySettings().new_per_day  # fell back
    assert settings.day_start_hour == StudySettings().day_start_hour
    assert settings.theme == "dark"  # kept
    assert "new_per_day" in caplog.text and "day_start_hour" in caplog.text
    with db.write() as s:  # the student changes something else
        update_settings(s, desired_retention=0.85)
    after = stored(db)
    assert after["new_per_day"] == '"lots"' and after["day_start_hour"] == "31"
    assert after["desired_retention"] == "0.85"
    with db.write() as s:  # and then that setting itself
        update_settings(s, new_per_day=12)
    assert stored(db)["new_per_day"] == "12"


def test_out_of_range_values_are_still_refused_when_saving(db: Database) -> None:
    with db.write() as s, pytest.raises(ValueError, match=r"between 0\.70 and 0\.99"):
        update_settings(s, desired_retention=1.5)
