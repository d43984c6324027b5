"""The status chart is drawn and uploaded once per change of what it shows; an unchanged chart
comes again in the status message by its Slack file id (an image block), with no drawing and
no upload. Through signed requests to the running app, against the fake Slack, on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from bot.domain.model import Strategy
from bot.domain.progress import week_start
from bot.domain.uploads import UploadedChart
from storage import reports, status_charts
from tests.conftest import TODAY, RunningApp
from tests.support.status_data import live_strategy, store

FILE_METHODS = ("files.getUploadURLExternal", "files.completeUploadExternal")


def _status(app: RunningApp, channel: str = "C1") -> dict:
    """Ask for the status; the status message as posted, once the chart work is done."""
    before = len(_posts(app, channel))
    assert app.driver.command("status", channel_id=channel).status == 200
    app.settle()
    posts = _posts(app, channel)
    assert len(posts) == before + 1
    return posts[-1]


def _posts(app: RunningApp, channel: str) -> list[dict]:
    return [
        c.params
        for c in app.slack.calls("chat.postMessage")
        if c.params.get("channel") == channel and not c.failed and c.response.get("ok")
    ]


def _uploads(app: RunningApp) -> list[str]:
    """The ids of the files uploaded so far, in order."""
    ids = []
    for call in app.slack.calls("files.completeUploadExternal"):
        files = call.params["files"]
        files = json.loads(files) if isinstance(files, str) else files
        ids += [f["id"] for f in files]
    return ids


def _images(message: dict) -> list[dict]:
    blocks = message.get("blocks") or []
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return [b for b in blocks if b.get("type") == "image"]


def _kept(app: RunningApp, strategy: Strategy) -> UploadedChart | None:
    assert strategy.id is not None
    with app.sessions.begin() as session:
        return status_charts.uploaded_chart(session, strategy.team_id, strategy.id)


def _report_this_week(app: RunningApp, strategy: Strategy, value: int) -> None:
    goal = strategy.goals[0]
    assert strategy.id is not None and goal.id is not None and goal.metrics[0].id is not None
    with app.sessions.begin() as session:
        reports.add_report(
            session,
            strategy.id,
            None,
            goal.id,
            goal.metrics[0].id,
            week_start(TODAY),
            Decimal(value),
            "U1",
            app.clock.now(),
        )


def test_an_unchanged_chart_is_shown_by_its_file_id_without_drawing_or_uploading(
    running_app: RunningApp,
) -> None:
    app = running_app
    strategy = store(app.sessions, live_strategy("C1"), TODAY, weeks=4)
    first = _status(app)
    assert _images(first) == []  # the first time: drawn and uploaded after the message
    [uploaded] = _uploads(app)
    assert app.slack.file(uploaded)["data"]
    kept = _kept(app, strategy)
    assert kept is not None and kept.file_id == uploaded
    [alt_text] = [
        c.params["alt_txt"]
        for c in app.slack.calls("files.getUploadURLExternal")
        if c.params.get("filename") == "strategy-status.png"
    ]

    calls_before = len(app.slack.calls())
    second = _status(app)
    [image] = _images(second)
    assert image["slack_file"] == {"id": uploaded}
    assert image["alt_text"] == alt_text
    assert image["title"]["text"] == "Weekly numbers against the plan"
    assert _uploads(app) == [uploaded]  # nothing uploaded again
    new_calls = [c.method for c in app.slack.calls()[calls_before:]]
    assert not set(FILE_METHODS) & set(new_calls)
    assert new_calls.count("chat.postMessage") == 1
    assert app.charts.submitted == 1  # nothing drawn the second time


def test_a_change_in_the_data_draws_and_uploads_a_new_chart(running_app: RunningApp) -> None:
    app = running_app
    strategy = store(app.sessions, live_strategy("C1"), TODAY, weeks=4)
    _status(app)
    [first] = _uploads(app)
    _report_this_week(app, strategy, 1300)
    changed = _status(app)
    assert _images(changed) == []
    [_, second] = _uploads(app)
    assert second != first
    assert (kept := _kept(app, strategy)) is not None and kept.file_id == second
    [image] = _images(_status(app))  # and that one is shown again from then on
    assert image["slack_file"] == {"id": second}
    assert len(_uploads(app)) == 2


def test_a_new_week_draws_the_chart_again(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    store(app.sessions, live_strategy("C1"), TODAY, weeks=4)
    _status(app)
    app.clock.advance(dt.timedelta(days=2))  # Sunday: still the same week
    assert len(_images(_status(app))) == 1
    assert len(_uploads(app)) == 1
    app.clock.advance(dt.timedelta(days=1))  # Monday: "this week" has moved on
    assert _images(_status(app)) == []
    assert len(_uploads(app)) == 2


def test_a_file_slack_refuses_is_drawn_and_uploaded_again(running_app: RunningApp) -> None:
    app = running_app
    strategy = store(app.sessions, live_strategy("C1"), TODAY, weeks=4)
    _status(app)
    [deleted] = _uploads(app)
    app.slack.delete_file(deleted)  # someone deleted it in Slack
    after = _status(app)
    assert "followers 1 from" in json.dumps(after["blocks"])  # the status, all the same
    assert _images(after) == []
    refused = [c for c in app.slack.calls("chat.postMessage") if c.response.get("ok") is False]
    assert [c.response["error"] for c in refused] == ["invalid_blocks"]
    [_, fresh] = _uploads(app)
    assert (kept := _kept(app, strategy)) is not None and kept.file_id == fresh
    [image] = _images(_status(app))
    assert image["slack_file"] == {"id": fresh}


def test_the_kept_file_is_the_workspaces_own(running_app: RunningApp) -> None:
    app = running_app
    strategy = store(app.sessions, live_strategy("C1"), TODAY, weeks=2)
    assert strategy.id is not None
    _status(app)
    with app.sessions.begin() as session:
        assert status_charts.uploaded_chart(session, "T111", strategy.id) is not None
        assert status_charts.uploaded_chart(session, "T222", strategy.id) is None
