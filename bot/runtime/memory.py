"""The memory allocator set so `strategy-coach run`'s resident memory stays flat under load.

What grew (bench/memory.py: 2,000 requests and 100 charts) was not objects the coach keeps
(its caches are bounded), but memory no longer used and not yet given back:

- glibc maps a block of 128 KiB or more on its own and unmaps it when freed, but each such
  block freed raises that threshold to its size (up to 32 MiB). After the first chart, whose
  pixel buffer, PNG and arrays are such blocks, they come from the heap instead, and what a
  heap frees stays resident: about 25 MB after a few dozen charts on one thread.
- every thread that allocates gets an arena of its own (up to 8 per core), and each keeps
  what it freed: the server's 8 threads, 16 listeners, 2 chart threads, the check-in senders;
- each chart's Figure, a web of reference cycles holding its pixel buffer, waited for a full
  collection of the garbage collector, which comes only every several charts.

So at start the threshold is fixed at 128 KiB (large blocks are always mapped and unmapped;
the chart's CPU time is unchanged, bench/chart.py), the arenas are capped at 2, and when the
chart pool goes idle it collects the garbage and gives free memory back (`malloc_trim`).
Elsewhere than glibc (musl, macOS) there is nothing to set and `malloc_trim` is not called.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from bot.runtime.executors import ContextExecutor

log = logging.getLogger(__name__)

# glibc's mallopt parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8

MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value, kept from then on
TRIM_THRESHOLD = 128 * 1024  # also its default, which the fixed threshold above would freeze
ARENA_MAX = 2


def _glibc() -> Any | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    if not hasattr(libc, "mallopt") or not hasattr(libc, "malloc_trim"):
        return None  # not glibc
    return libc


_libc = _glibc()


def tune_allocator() -> bool:
    """Fix glibc's mmap threshold and cap its arenas (call before the threads start); whether
    it was set."""
    if _libc is None:
        return False
    done = all(
        _libc.mallopt(parameter, value) == 1
        for parameter, value in (
            (M_MMAP_THRESHOLD, MMAP_THRESHOLD),
            (M_TRIM_THRESHOLD, TRIM_THRESHOLD),
            (M_ARENA_MAX, ARENA_MAX),
        )
    )
    if not done:
        log.warning("Could not set glibc's malloc options; memory may grow under load")
    return done


def release_free_memory() -> bool:
    """Collect cyclic garbage, then give the free memory of every arena back to the system;
    whether any was. (A drawn matplotlib Figure is a web of cycles holding its pixel buffer:
    left to the collector's own pace, several charts' worth of them waited for a full
    collection, bench/memory.py --trace showed.)"""
    gc.collect()
    return bool(_libc is not None and _libc.malloc_trim(0))


class TrimmingExecutor(ContextExecutor):
    """A ContextExecutor that gives free memory back each time its last task is done: the
    chart pool, whose tasks allocate most, and which is idle most of the time."""

    def __init__(
        self,
        max_workers: int | None = None,
        thread_name_prefix: str = "",
        max_pending: int | None = None,
        trim: Callable[[], object] = release_free_memory,
    ) -> None:
        super().__init__(max_workers, thread_name_prefix, max_pending)
        self.trim = trim
        self._running = 0
        self._count_lock = threading.Lock()

    def started(self, future: Future[Any]) -> None:
        with self._count_lock:
            self._running += 1
        future.add_done_callback(self._done)

    def _done(self, _future: Future[Any]) -> None:
        with self._count_lock:
            self._running -= 1
            idle = self._running == 0
        if idle:
            self.trim()
