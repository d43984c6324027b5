"""App Home (published on `app_home_opened` and after a report; its buttons) and
`/strategy export` (CSV and Markdown in a DM), through signed requests and the fake Slack."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

from slack_sdk.models.views import View

from bot.insights import home_view
from bot.insights.export_files import CSV_COLUMNS, spreadsheet_safe
from storage import checkin_claims, reports
from storage.models import ScheduleRow
from tests.conftest import TODAY, RunningApp
from tests.support.slack_driver import SlackDriver
from tests.support.status_data import live_strategy, store


def _home_opened(app: RunningApp, user: str = "U1", driver: SlackDriver | None = None) -> None:
    reply = (driver or app.driver).event(
        {
            "type": "app_home_opened",
            "user": user,
            "channel": "D" + user[1:],
            "tab": "home",
            "event_ts": f"{app.clock.now().timestamp():.6f}",
        }
    )
    assert reply.status == 200


def _published(app: RunningApp, user: str, count: int = 1) -> dict:
    calls = app.slack.wait_for(
        "views.publish", count, where=lambda c: c.params.get("user_id") == user
    )
    view = calls[-1].params["view"]
    return json.loads(view) if isinstance(view, str) else view


def _valid(view: dict) -> None:
    assert view["type"] == "home"
    assert len(view["blocks"]) <= home_view.BLOCK_LIMIT
    View(**view).validate_json()  # slack_sdk's own checks of the Block Kit limits
    assert len(json.dumps(view)) < 100_000


def test_home_lists_the_strategies_the_user_owns_or_started(running_app: RunningApp) -> None:
    app = running_app
    next_monday = dt.datetime.combine(TODAY + dt.timedelta(days=4), dt.time(8), dt.UTC)
    store(
        app.sessions,
        live_strategy("C1", name="Mine", owner="U1"),
        TODAY,
        weeks=3,
        next_checkin=next_monday,
    )
    store(app.sessions, live_strategy("C2", name="Someone else's", owner="U7"), TODAY)
    theirs = live_strategy("C3", name="Not mine at all", owner="U7")
    theirs.started_by = "U7"
    store(app.sessions, theirs, TODAY)
    app.slack.add_user("U1", tz="America/Los_Angeles")
    _home_opened(app)
    view = _published(app, "U1")
    _valid(view)
    text = json.dumps(view, ensure_ascii=False)
    assert "Mine" in text and "Someone else's" in text  # owned, and started
    assert "Not mine at all" not in text
    assert "America/Los_Angeles" in text  # the next check-in in the viewer's own zone
    assert "`▱▱▱▱▱▱▱▱▱▱` 3%" in text  # goal progress: 1,000 → 1,120 of 5,000
    actions = [
        element["action_id"]
        for block in view["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert home_view.ACTION_HOME_REPORT in actions and home_view.ACTION_HOME_PAUSE in actions
    assert any("url" in e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"])


def test_home_stays_within_100_blocks_for_many_strategies(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    for n in range(30):
        store(app.sessions, live_strategy(f"C{n + 10}", goals=3, owner="U1"), TODAY, weeks=1)
    _home_opened(app)
    view = _published(app, "U1")
    _valid(view)
    assert "…and 12 more" in json.dumps(view, ensure_ascii=False)


def test_home_for_someone_with_no_strategy_and_other_workspaces(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    store(app.sessions, live_strategy("C1", name="Team one plan"), TODAY)
    other = SlackDriver(app.url, app.driver.signing_secret, team_id="T222", fake=app.slack)
    _home_opened(app, "U1", driver=other)
    view = _published(app, "U1")
    _valid(view)
    text = json.dumps(view, ensure_ascii=False)
    assert "Team one plan" not in text
    assert "/strategy" in text  # how to start one


def test_home_refreshes_after_a_report(running_app: RunningApp) -> None:
    app = running_app
    strategy = store(app.sessions, live_strategy("C1", owner="U1"), TODAY, weeks=2)
    assert strategy.id is not None
    app.driver.command("checkin", channel_id="C1")  # this week's check-in, sent now
    dm = app.slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] in ("D1", "U1"))
    app.slack.wait_for("response_url")  # "sent you…": the check-in is recorded as sent
    before = len(app.slack.calls("views.publish"))
    app.driver.dm("1234", user_id="U1", thread_ts=dm[0].response["ts"])
    view = _published(app, "U1", count=before + 1)
    _valid(view)
    assert "▰▱▱▱▱▱▱▱▱▱` 6%" in json.dumps(view, ensure_ascii=False)  # 1,234 of 1,000 → 5,000


def test_home_buttons_pause_resume_and_report(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    strategy = store(app.sessions, live_strategy("C1", owner="U1"), TODAY, weeks=1)
    value = str(strategy.id)
    app.driver.block_action(home_view.ACTION_HOME_PAUSE, value, user_id="U1", channel_id="D1")
    view = _published(app, "U1")
    assert home_view.ACTION_HOME_RESUME in json.dumps(view)
    with app.sessions.begin() as session:
        assert session.get(ScheduleRow, strategy.id).paused is True  # type: ignore[union-attr]
    app.driver.block_action(home_view.ACTION_HOME_RESUME, value, user_id="U1", channel_id="D1")
    _published(app, "U1", count=2)
    with app.sessions.begin() as session:
        assert session.get(ScheduleRow, strategy.id).paused is False  # type: ignore[union-attr]
    # Report now: the check-in goes to the DM and the report form opens.
    app.driver.block_action(home_view.ACTION_HOME_REPORT, value, user_id="U1", channel_id="D1")
    app.slack.wait_for("views.open")
    app.slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] in ("D1", "U1"))
    # Someone who is not the owner changes nothing.
    app.driver.block_action(home_view.ACTION_HOME_PAUSE, value, user_id="U9", channel_id="D9")
    refused = json.dumps(_published(app, "U9"), ensure_ascii=False)
    assert "Only the owner" in refused
    with app.sessions.begin() as session:
        assert session.get(ScheduleRow, strategy.id).paused is False  # type: ignore[union-attr]


def _export_files(app: RunningApp) -> dict[str, bytes]:
    complete = app.slack.wait_for("files.completeUploadExternal", timeout=10)[-1]
    files = complete.params["files"]
    files = json.loads(files) if isinstance(files, str) else files
    assert complete.params["channel_id"] == app.slack.dm_channel("U1")
    out = {}
    for item in files:
        data = app.slack.uploaded(item["id"])
        assert data is not None
        names = [
            c.params["filename"]
            for c in app.slack.calls("files.getUploadURLExternal")
            if int(c.params["length"]) == len(data)
        ]
        out[names[-1]] = data
    return out


def test_export_csv_parses_back_to_exactly_the_stored_reports(running_app: RunningApp) -> None:
    app = running_app
    strategy = live_strategy("C1", goals=2, metrics_per_goal=2, name="Plan, «quoted» æøå")
    strategy.goals[1].metrics[1].name = '=SUM(A1) sign-ups, "new"\nline'
    strategy = store(app.sessions, strategy, TODAY, weeks=3)
    assert strategy.id is not None
    goal, metric = strategy.goals[0], strategy.goals[0].metrics[0]
    with app.sessions.begin() as session:  # a correction, and a fractional value
        week = reports.reports_for_strategy(session, strategy.id)[-1].week
        # As the product writes one: a second answer to that week's check-in.
        checkin = checkin_claims.checkin_of_week(session, strategy.id, week)
        assert checkin is not None
        reports.add_report(
            session,
            strategy.id,
            checkin.id,
            goal.id,  # type: ignore[arg-type]
            metric.id,  # type: ignore[arg-type]
            week,
            Decimal("1234.5"),
            "U1",
            app.clock.now(),
        )
    app.driver.command("export", channel_id="C1")
    files = _export_files(app)
    (csv_name,) = [name for name in files if name.endswith(".csv")]
    (md_name,) = [name for name in files if name.endswith(".md")]
    data = files[csv_name]
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    with app.sessions.begin() as session:
        stored = reports.report_history(session, "T111", strategy.id)
    assert len(rows) == len(stored) == 3 * 4 + 1
    names = {m.id: m.name for g in strategy.goals for m in g.metrics}
    goals = {g.id: g.description for g in strategy.goals}
    for row, report in zip(rows, stored, strict=True):
        assert list(row) == list(CSV_COLUMNS)
        assert int(row["id"]) == report.id
        assert row["strategy"] == spreadsheet_safe(strategy.name)
        assert row["goal"] == spreadsheet_safe(goals[report.goal_id])
        assert row["metric"] == spreadsheet_safe(names[report.metric_id])
        assert dt.date.fromisoformat(row["week"]) == report.week
        assert Decimal(row["value"]) == report.value
        assert row["reported_by"] == report.reported_by
        assert dt.datetime.fromisoformat(row["reported_at"]) == report.reported_at
        assert (int(row["correction_of"]) if row["correction_of"] else None) == (
            report.correction_of
        )
    assert rows[-1]["correction_of"] and rows[-1]["value"] == "1234.5"
    markdown = files[md_name].decode("utf-8")
    assert "We make the brand human" in markdown
    ephemeral = app.slack.wait_for("response_url")[-1].params
    assert "direct message" in json.dumps(ephemeral)


def test_export_of_a_private_strategy_from_elsewhere_is_refused(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    app.slack.add_channel("C5", is_private=True)
    store(app.sessions, live_strategy("C5", name="Hidden"), TODAY, weeks=1)
    app.driver.command("export", channel_id="C1")
    note = app.slack.wait_for("response_url")[-1].params
    assert "private channel" in json.dumps(note)
    assert not app.slack.calls("files.getUploadURLExternal")
