"""Counts read as English, and large ones at a glance."""

from __future__ import annotations

from studyapp.core.wording import counted, figure


def test_counts_agree_with_their_noun() -> None:
    assert counted(0, "prompt") == "0 prompts"
    assert counted(1, "prompt") == "1 prompt"
    assert counted(2, "copy", "copies") == "2 copies"


def test_large_counts_group_their_thousands() -> None:
    assert figure(999) == "999"
    assert figure(20_000) == "20,000"
    assert counted(100_399, "prompt") == "100,399 prompts"
