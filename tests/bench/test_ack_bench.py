"""The ack benchmark still runs and prints its figures (they go in the README; no timing is
asserted): both servers started, a few requests of each kind through both, paced and flat out."""

from __future__ import annotations

import pytest

from bench.ack import run


def test_the_ack_benchmark_prints_its_figures(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(sqlite_url, clients=2, each=3, rounds=1, rate=200)
    printed = capsys.readouterr().out
    for figure in (
        "200 requests/s in all:",
        "flat out",
        "/strategy help",
        "thread reply",
        "idle RSS",
        "start-up to 200",
    ):
        assert figure in printed, printed
