"""What a content sync did (`studyapp.core.content.sync`), in a module of its own so
that start-up can report "nothing to do" without loading the sync."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SyncReport:
    skipped: bool
    sections: int = 0
    prompts: int = 0
    retired_sections: int = 0
    retired_prompts: int = 0


# The content in the database was already current.
SKIPPED = SyncReport(skipped=True)
