"""gc_paused: the collector is off inside, restored after (nested, on error, across threads)."""

from __future__ import annotations

import gc
import threading

import pytest

from lrc_api.core.bulk import gc_paused, without_gc


def test_pause_nests_and_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_pause_ends_on_error_and_keeps_a_disabled_collector_disabled() -> None:
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: stays off
    finally:
        gc.enable()


def test_overlapping_pauses_in_threads_restore_once_the_last_ends() -> None:
    inside, release = threading.Event(), threading.Event()

    @without_gc
    def slow() -> None:
        inside.set()
        release.wait(5)

    t = threading.Thread(target=slow)
    t.start()
    inside.wait(5)
    with gc_paused():
        pass
    assert not gc.isenabled()  # the thread's pause is still running
    release.set()
    t.join(5)
    assert gc.isenabled()
