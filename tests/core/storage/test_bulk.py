"""The cycle collector's pause, as imports and background work take it: blocks on
several threads may overlap, and it resumes only when the last one ends."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from studyapp.core.storage.bulk import collector_paused


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_overlapping_pauses_on_two_threads_resume_the_collector_after_the_last(
    collector_on: None,
) -> None:
    inside, leave = threading.Event(), threading.Event()

    def worker() -> None:
        with collector_paused():
            inside.set()
            assert leave.wait(10)

    thread = threading.Thread(target=worker)
    with collector_paused():
        thread.start()
        assert inside.wait(10)
        assert not gc.isenabled()
    # This thread's block is over; the worker's is not.
    assert not gc.isenabled()
    leave.set()
    thread.join()
    assert gc.isenabled()


def test_a_pause_leaves_a_collector_that_was_off_off(collector_on: None) -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_the_collector_resumes_when_the_block_raises(collector_on: None) -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("stop")
    assert gc.isenabled()
