"""Logging to a rotating file in the data folder; bugs are logged with a traceback."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path


def setup_logging(folder: Path, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if any(getattr(h, "_setu", False) for h in root.handlers):
        return
    handler = RotatingFileHandler(
        folder / "setu.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._setu = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
