"""The chart pool's queue is bounded: at most `max_pending` tasks wait or run; beyond that a
place is refused at once (never waited for), and a place comes back when its task is done,
fails, or is given back unused."""

from __future__ import annotations

import threading

import pytest

from bot.runtime.executors import ContextExecutor, DrainableExecutor, PoolFull


def test_beyond_max_pending_submit_refuses_at_once_and_room_comes_back() -> None:
    gate = threading.Event()
    with ContextExecutor(max_workers=1, max_pending=3) as pool:
        held = [pool.submit(gate.wait, 20) for _ in range(3)]  # one running, two waiting
        with pytest.raises(PoolFull):
            pool.submit(print, "never")
        assert pool.reserve() is None
        gate.set()
        assert all(f.result(timeout=20) for f in held)
        places = [pool.reserve() for _ in range(3)]  # every place is free again
        assert all(p is not None for p in places) and pool.reserve() is None
        for place in places:
            assert place is not None
            place.release()
            place.release()  # twice is once
        assert pool.submit(lambda: 42).result(timeout=20) == 42


def test_a_reserved_place_is_used_once_and_a_failing_task_frees_it() -> None:
    with ContextExecutor(max_workers=1, max_pending=1) as pool:
        place = pool.reserve()
        assert place is not None and pool.reserve() is None
        failed = place.submit(lambda: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            failed.result(timeout=20)
        with pytest.raises(RuntimeError):
            place.submit(print, "again")
        assert pool.submit(lambda: "free").result(timeout=20) == "free"


def test_a_pool_shutting_down_gives_the_place_back() -> None:
    pool = ContextExecutor(max_workers=1, max_pending=1)
    pool.shutdown(wait=True)
    place = pool.reserve()
    assert place is not None
    with pytest.raises(RuntimeError):
        place.submit(print, "too late")
    assert pool.reserve() is not None


def test_without_max_pending_the_pool_is_unbounded_and_drainable_counts_what_ran() -> None:
    gate = threading.Event()
    with DrainableExecutor(max_workers=1) as pool:
        futures = [pool.submit(gate.wait, 20) for _ in range(50)]
        place = pool.reserve()
        assert place is not None
        futures.append(place.submit(lambda: True))
        assert pool.submitted == 51
        gate.set()
        assert pool.drain() == 0
        assert all(f.result() for f in futures)
