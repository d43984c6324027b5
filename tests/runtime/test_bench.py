"""The status benchmark still runs (its figures go in the README; no timing is asserted)."""

from __future__ import annotations

import pytest

from bench.status_bench import run


def test_the_status_benchmark_prints_its_figures(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(sqlite_url, runs=1)
    printed = capsys.readouterr().out
    for figure in ("status message:", "chart render+upload:", "SQL queries:", "chart PNG:"):
        assert figure in printed
