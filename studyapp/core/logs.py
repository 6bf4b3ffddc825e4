"""Logging to a rotating file in the data folder; bugs are logged with a traceback."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "setu.log"


def setup_logging(folder: Path, level: int = logging.INFO) -> str | None:
    """Log to `folder`/setu.log; returns a sentence for the student when the folder
    cannot be written (Setu then runs on, logging nowhere but the console)."""
    root = logging.getLogger()
    if any(getattr(h, "_setu", False) for h in root.handlers):
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            folder / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return f"Setu cannot write its log in {folder} ({reason}); problems will not be recorded."
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._setu = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return None


def log_file() -> Path | None:
    """Where Setu's log is being written, if anywhere."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_setu", False) and isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return None
