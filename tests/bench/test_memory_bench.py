"""bench/memory.py still runs and prints its figures (they go in the README; no memory or time
is asserted): the real `strategy-coach run`, a first chart, one short round with charts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = (
    "idle after start-up:",
    "after the first chart:",
    "after round 1:",
    "growth after round 1:",
)


def test_the_memory_benchmark_prints_its_figures() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.memory",
            "--requests",
            "40",
            "--charts",
            "2",
            "--rounds",
            "1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for figure in FIGURES:
        assert figure in done.stdout, done.stdout
    assert "1 chart uploaded" in done.stdout, done.stdout
