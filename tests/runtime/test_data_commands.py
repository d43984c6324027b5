"""`strategy-coach data export|delete --team T`, run as an operator runs them, against a database
the product itself filled (a live strategy, a check-in sent and answered)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.domain.model import Status, Strategy
from storage import strategies
from tests.conftest import RunningApp
from tests.support.lifecycle import reported, stored

SCRIPT = str(Path(sys.executable).parent / "strategy-coach")
OTHER_TEAM = "T222"


def _run(
    tmp_path: Path, *args: str, url: str | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    if url is not None:
        env["DATABASE_URL"] = url
    return subprocess.run(
        [SCRIPT, *args],
        cwd=tmp_path,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _other_team(app: RunningApp) -> None:
    with app.sessions.begin() as session:
        strategies.save_strategy(
            session,
            Strategy(
                team_id=OTHER_TEAM,
                channel_id="C9",
                name="Someone else's",
                started_by="U9",
                status=Status.DRAFT,
            ),
        )


def test_export_writes_everything_stored_for_the_team(
    running_app: RunningApp, tmp_path: Path
) -> None:
    strategy = reported(running_app)
    _other_team(running_app)
    out = tmp_path / "export"
    result = _run(
        tmp_path,
        "data",
        "export",
        "--team",
        "T111",
        "--out",
        str(out),
        url=running_app.database_url,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads((out / "strategy-coach-T111.json").read_text("utf-8"))
    counts = {table: len(rows) for table, rows in document["tables"].items()}
    assert counts == stored(running_app)
    assert counts["strategies"] == 1 and counts["goals"] == 2 and counts["metrics"] == 3
    assert counts["checkins"] == 1 and counts["reports"] == 3 and counts["workspaces"] == 1
    assert {row["team_id"] for row in document["tables"]["strategies"]} == {"T111"}
    assert sorted(row["value"] for row in document["tables"]["reports"]) == [
        "14.0000",
        "1900.0000",
        "220.0000",
    ]
    sheet = out / f"strategy-coach-T111-strategy-{strategy.id}-reports.csv"
    rows = list(csv.reader(io.StringIO(sheet.read_text("utf-8"))))
    assert len(rows) == 1 + 3
    assert "Exported team T111: " in result.stdout and str(sheet) in result.stdout
    assert "xoxb" not in result.stdout + sheet.read_text("utf-8")


def test_delete_removes_the_team_and_nothing_else(running_app: RunningApp, tmp_path: Path) -> None:
    reported(running_app)
    _other_team(running_app)
    before = stored(running_app)
    other_before = stored(running_app, OTHER_TEAM)
    result = _run(
        tmp_path, "data", "delete", "--team", "T111", "--yes", url=running_app.database_url
    )
    assert result.returncode == 0, result.stderr
    assert f"Deleted team T111: {sum(before.values())} rows" in result.stdout
    assert "reports 3" in result.stdout and "strategies 1" in result.stdout
    assert sum(stored(running_app).values()) == 0
    assert stored(running_app, OTHER_TEAM) == other_before
    again = _run(tmp_path, "data", "export", "--team", "T111", url=running_app.database_url)
    assert again.returncode == 2
    assert again.stderr.strip().splitlines() == [
        "strategy-coach: --team T111: nothing is stored for this team in DATABASE_URL"
    ]


def test_delete_asks_first(sqlite_app: RunningApp, tmp_path: Path) -> None:
    reported(sqlite_app)
    before = stored(sqlite_app)
    refused = _run(
        tmp_path, "data", "delete", "--team", "T111", url=sqlite_app.database_url, stdin="yes\n"
    )
    assert refused.returncode == 1
    assert "Type the team id to confirm" in refused.stdout
    assert stored(sqlite_app) == before
    confirmed = _run(
        tmp_path, "data", "delete", "--team", "T111", url=sqlite_app.database_url, stdin="T111\n"
    )
    assert confirmed.returncode == 0, confirmed.stderr
    assert sum(stored(sqlite_app).values()) == 0


@pytest.mark.parametrize("command", ["export", "delete"])
@pytest.mark.parametrize("team", ["", "t111", "T111; DROP TABLE reports", "U0OWNER"])
def test_a_bad_team_id_is_one_clear_line(
    sqlite_app: RunningApp, tmp_path: Path, command: str, team: str
) -> None:
    reported(sqlite_app)
    before = stored(sqlite_app)
    result = _run(
        tmp_path,
        "data",
        command,
        "--team",
        team,
        "--yes" if command == "delete" else "--out=.",
        url=sqlite_app.database_url,
    )
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("strategy-coach: --team must be a Slack team id")
    assert stored(sqlite_app) == before


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (None, "DATABASE_URL: there is no database at data/strategy-coach.db"),
        ("nonsense", "DATABASE_URL is not a database URL"),
        ("postgresql+psycopg://nobody@127.0.0.1:9/none", "DATABASE_URL: cannot reach"),
    ],
)
def test_missing_configuration_is_one_clear_line(
    tmp_path: Path, url: str | None, says: str
) -> None:
    result = _run(tmp_path, "data", "export", "--team", "T111", url=url)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"strategy-coach: {says}")
    assert not (tmp_path / "data").exists()  # no empty database made on the way
