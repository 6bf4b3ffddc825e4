"""Shared fixtures. Every test gets its own data folder; GUI tests run offscreen."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("STUDYAPP_DATA_DIR", None)

from studyapp.core.startup import open_study_database
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import ContentDirs, DataDir, resolve_data_dir
from tests.full_disk import small_volume  # noqa: F401  (a fixture for every test)

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture
def content(tmp_path: Path) -> ContentDirs:
    """A small, valid copy of the content files that a test may edit."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, root)
    return ContentDirs(resources=root / "resources", questions=root / "questions")


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return resolve_data_dir(tmp_path / "data")


@pytest.fixture
def db(data_dir: DataDir, content: ContentDirs) -> Iterator[Database]:
    database, _ = open_study_database(data_dir, content)
    yield database
    database.close()
