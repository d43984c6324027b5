"""`strategy-coach data export|delete --team T`: everything stored for one workspace, for an
operator (a data request, an uninstall that should not wait for the grace period).

Export writes one JSON file with every row stored for the team, table by table
(storage/team_data.py), and one CSV of the report history per strategy, the same CSV
`/strategy export` shares in Slack. Delete removes all of it after a confirmation (or `--yes`)
and prints how many rows went from each table. A team id that is not one, or a team with nothing
stored, ends with one line and exit status 2, as missing configuration does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.insights.export_files import reports_csv
from bot.runtime.config import ConfigError
from storage import reports, strategies, team_data
from storage.db import SessionFactory, is_reachable, make_engine, make_session_factory

TEAM_ID = re.compile(r"[TE][A-Z0-9]{2,31}")


def _team(team_id: str) -> str:
    team_id = team_id.strip()
    if not TEAM_ID.fullmatch(team_id):
        raise ConfigError(
            f"--team must be a Slack team id like T0123ABCD (see auth.test or the workspace's "
            f"URL), not {team_id[:40]!r}"
        )
    return team_id


def _sessions(url: str) -> SessionFactory:
    parsed = make_url(url)
    file = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if file and file != ":memory:" and not Path(file).exists():
        raise ConfigError(
            f"DATABASE_URL: there is no database at {file}; set DATABASE_URL to the bot's database"
        )
    sessions = make_session_factory(make_engine(url))
    if not is_reachable(sessions):
        shown = parsed.render_as_string(hide_password=True)
        raise ConfigError(f"DATABASE_URL: cannot reach the database at {shown}")
    return sessions


def _summary(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{table} {count}" for table, count in sorted(counts.items()))


def _nothing_stored(team_id: str) -> ConfigError:
    return ConfigError(f"--team {team_id}: nothing is stored for this team in DATABASE_URL")


def export_team(url: str, team_id: str, out: Path, now: dt.datetime) -> int:
    team_id = _team(team_id)
    sessions = _sessions(url)
    try:
        with sessions.begin() as session:
            rows = team_data.team_rows(session, team_id)
            histories = []
            for strategy_id in team_data.strategy_ids(session, team_id):
                strategy = strategies.strategy_by_id(session, team_id, strategy_id)
                if strategy is not None:
                    history = reports.report_history(session, team_id, strategy_id)
                    histories.append((strategy_id, reports_csv(strategy, history)))
    finally:
        sessions.kw["bind"].dispose()
    counts = {table: len(found) for table, found in rows.items()}
    if not any(counts.values()):
        raise _nothing_stored(team_id)
    out.mkdir(parents=True, exist_ok=True)
    document = {"team_id": team_id, "exported_at": now.isoformat(), "tables": rows}
    written = [out / f"strategy-coach-{team_id}.json"]
    written[0].write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    for strategy_id, csv in histories:
        path = out / f"strategy-coach-{team_id}-strategy-{strategy_id}-reports.csv"
        path.write_bytes(csv)
        written.append(path)
    print(f"Exported team {team_id}: {sum(counts.values())} rows ({_summary(counts)}).")
    for path in written:
        print(f"  {path}")
    return 0


def delete_team(url: str, team_id: str, yes: bool, ask: Callable[[str], str] = input) -> int:
    team_id = _team(team_id)
    sessions = _sessions(url)
    try:
        with sessions.begin() as session:
            stored = {t: len(r) for t, r in team_data.team_rows(session, team_id).items()}
        if not any(stored.values()):
            raise _nothing_stored(team_id)
        if not yes:
            question = (
                f"Delete everything stored for team {team_id} ({sum(stored.values())} rows: "
                f"{_summary(stored)})? This cannot be undone. Type the team id to confirm: "
            )
            try:
                answer = ask(question)
            except EOFError:
                answer = ""
            if answer.strip() != team_id:
                print("Nothing deleted.", file=sys.stderr)
                return 1
        with sessions.begin() as session:
            counts = team_data.delete_team(session, team_id)
    finally:
        sessions.kw["bind"].dispose()
    print(f"Deleted team {team_id}: {sum(counts.values())} rows ({_summary(counts)}).")
    return 0
