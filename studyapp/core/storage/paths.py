"""Where Setu keeps the student's data and where its bundled content lives."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from studyapp.core.errors import DataDirError

ENV_DATA_DIR = "STUDYAPP_DATA_DIR"
_PACKAGE_DIR = Path(__file__).resolve().parents[2]  # studyapp/


@dataclass(frozen=True)
class DataDir:
    """The student's data folder: database, backups and logs."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "setu.sqlite3"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"


def default_data_dir() -> Path:
    """The platform's per-user data folder (e.g. ~/.local/share/Setu on Linux)."""
    # Imported here: platformdirs is only needed when no folder was given.
    from platformdirs import user_data_dir

    return Path(user_data_dir("Setu", appauthor=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> DataDir:
    """Pick the data folder (`--data-dir`, then `STUDYAPP_DATA_DIR`, then the platform
    default), create it, and make sure it can be written."""
    raw = cli_value or os.environ.get(ENV_DATA_DIR) or default_data_dir()
    root = Path(raw).expanduser()
    # backups/ and logs/ are made when they can be: a problem with either is reported
    # when a backup or the log is written, and does not keep Setu from starting.
    for folder in (root / "backups", root / "logs"):
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DataDirError(
            f"Setu cannot use the data folder {root}: {reason}. "
            f"Choose another with --data-dir or {ENV_DATA_DIR}."
        ) from exc
    return DataDir(root)


@dataclass(frozen=True)
class ContentDirs:
    resources: Path
    questions: Path


def bundled_content() -> ContentDirs:
    """The reference sections and prompts that ship with Setu.

    An installed wheel carries them inside the package (`studyapp/_content`); a source
    checkout has them at the top of the repository.
    """
    installed = _PACKAGE_DIR / "_content"
    base = installed if installed.is_dir() else _PACKAGE_DIR.parent
    return ContentDirs(resources=base / "resources", questions=base / "questions")
