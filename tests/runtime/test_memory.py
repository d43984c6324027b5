"""The allocator settings that keep memory flat (bot/runtime/memory.py): glibc's mmap threshold
fixed and its arenas capped at start, and the chart pool giving free memory back each time its
last task is done (not while another still runs). How much memory that keeps is
bench/memory.py's to measure, never a test's."""

from __future__ import annotations

import platform
import threading

import pytest

from bot.runtime.executors import ContextExecutor
from bot.runtime.memory import TrimmingExecutor, release_free_memory, tune_allocator

glibc_only = pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc", reason="the settings are glibc's; elsewhere nothing to set"
)


@glibc_only
def test_glibc_takes_the_settings_and_gives_free_memory_back() -> None:
    assert tune_allocator() is True
    release_free_memory()  # returns whether anything was released: either is fine


def test_the_chart_pool_trims_once_when_its_last_task_is_done() -> None:
    trimmed = threading.Event()
    trims: list[int] = []
    first_may_end = threading.Event()
    second_done = threading.Event()

    def trim() -> None:
        trims.append(1)
        trimmed.set()

    pool = TrimmingExecutor(2, "test-chart", max_pending=4, trim=trim)
    try:
        assert isinstance(pool, ContextExecutor)  # the chart pool's bounded queue stays
        first = pool.submit(first_may_end.wait, 10)
        second = pool.submit(second_done.set)
        assert second_done.wait(10)
        second.result(timeout=10)
        assert trims == []  # the first is still drawing: no trim under its feet
        first_may_end.set()
        assert first.result(timeout=10) is True
        assert trimmed.wait(10)
        assert trims == [1]
    finally:
        pool.shutdown(wait=True)
    assert trims == [1]
