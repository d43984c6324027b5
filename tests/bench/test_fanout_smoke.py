"""bench/fanout.py still runs from a checkout and prints its figures (no timing is asserted):
20 owners due at once, real `strategy-coach run` processes, the floor beside them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = (
    "time until the last DM:",
    "floor (WebClient loop):",
    "ratio:",
    "Web API calls per DM:",
    "SQL statements per DM:",
    "duplicates: 0",
    "missing: 0 of 20",
)


def test_the_fanout_benchmark_prints_its_figures(database_url: str) -> None:
    # SQLite: one bot token, one process. PostgreSQL: two processes serving two "Add to Slack"
    # workspaces. (Each run takes seconds: one of each keeps the test short.)
    processes = workspaces = 1 if database_url.startswith("sqlite") else 2
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.fanout",
            "--owners",
            "20",
            "--database-url",
            database_url,
            "--processes",
            str(processes),
            "--workspaces",
            str(workspaces),
            "--ratelimit-percent",
            "5",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for figure in FIGURES:
        assert figure in done.stdout, done.stdout
