"""Two workspaces installed in one process (issue 11), through the real "Add to Slack" flow over
HTTP: each builds a strategy in its own channel through the dialogue, each gets its weekly
check-in from the scheduler, and EVERY Slack call recorded carries the token of the workspace
it concerns (`fake.team_of_call`). Neither sees the other's strategy in status (by channel, by
name, by "#channel"), in Home or in an export; a request with no team, or from a workspace that
never installed the app, uses nobody's token. SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator

import pytest

from bot.domain.model import Status, Strategy
from bot.domain.slots import next_slot
from bot.runtime.app import make_sender
from storage import strategies
from tests.conftest import SIGNING_SECRET, RunningApp
from tests.support.dialogue import Thread, message_text
from tests.support.fake_slack import Call, FakeSlack
from tests.support.multi_workspace import install, multi_config, start_multi_app
from tests.support.slack_driver import SlackDriver

ONE, OTHER = "T300", "T400"
TEAMS = (ONE, OTHER)
# Every id names its workspace, so each call can be told whose it is.
STARTER = {ONE: "U300A", OTHER: "U400A"}
OWNER = {ONE: "U300B", OTHER: "U400B"}
CHANNEL = {ONE: "C300", OTHER: "C400"}
# Calls that carry no bot token: Slack's own URLs, and the install's code exchange.
NO_TOKEN = {"response_url", "upload", "oauth.v2.access"}


def driver(app: RunningApp, team_id: str) -> SlackDriver:
    """Signed requests from the workspace; its bot user as the fake names it."""
    return SlackDriver(
        app.url,
        SIGNING_SECRET,
        team_id=team_id,
        fake=app.slack,
        bot_user_id=f"U{team_id[1:]}BOT",
        clock=app.clock.now,
    )


def as_team(app: RunningApp, team_id: str) -> RunningApp:
    return dataclasses.replace(app, driver=driver(app, team_id))


def team_named_in(call: Call) -> str | None:
    """The workspace a call's channel or user belongs to (every id here names it)."""
    for key in ("channel", "channel_id", "user", "users", "user_id"):
        value = str(call.params.get(key) or "")
        for team in TEAMS:
            if team[1:] in value:
                return team
    return None


def api_calls(calls: list[Call]) -> list[Call]:
    return [c for c in calls if c.method not in NO_TOKEN and not c.method.startswith("/")]


def calls_during(app: RunningApp, action: Callable[[], object]) -> list[Call]:
    """The Web API calls made while `action` ran (the replies wait for their listeners; the
    charts are waited for)."""
    before = len(app.slack.calls())
    action()
    app.settle()
    return api_calls(app.slack.calls()[before:])


def assert_all_with_token_of(app: RunningApp, calls: list[Call], team_id: str) -> None:
    assert calls, "no Slack call to check"
    wrong = [(c.method, app.slack.team_of_call(c)) for c in calls]
    assert all(team == team_id for _, team in wrong), wrong


def build(app: RunningApp, team_id: str) -> Strategy:
    """The five steps of the dialogue in the team's channel; the strategy as stored."""
    thread = Thread(as_team(app, team_id), channel=CHANNEL[team_id], user=STARTER[team_id])
    thread.start()
    thread.say("5000 Instagram followers by 30 June 2027")
    reply = thread.say("1200 today")
    assert "Saved goal 1" in reply
    assert "Step 2 of 5" in thread.say("done")
    assert "Step 3 of 5" in thread.say(f"The mission of {team_id}: we answer customers fast.")
    assert "Step 4 of 5" in thread.say("ok")
    assert "Step 5 of 5" in thread.say(f"<@{OWNER[team_id]}> Tuesdays at 10:00")
    thread.say(f"Offers only for followers of {team_id}", posts=2)
    with app.sessions.begin() as session:
        stored = strategies.strategy_in_channel(session, team_id, CHANNEL[team_id])
    assert stored is not None and stored.status is Status.LIVE
    assert stored.owner_id == OWNER[team_id]
    return stored


@pytest.fixture
def two(database_url: str) -> Iterator[tuple[RunningApp, dict[str, Strategy]]]:
    """The multi-workspace app with ONE and OTHER installed through the flow, each with a live
    strategy built through the dialogue; every call so far checked."""
    with FakeSlack() as fake:
        app = start_multi_app(database_url, fake)
        try:
            for team_id in TEAMS:
                for user in (STARTER[team_id], OWNER[team_id]):
                    fake.add_user(user, tz="Europe/Oslo", locale="en-US")
                assert install(app, team_id, STARTER[team_id]).status == 200
            built = {}
            for team_id in TEAMS:
                calls = calls_during(app, lambda t=team_id: built.__setitem__(t, build(app, t)))
                assert_all_with_token_of(app, calls, team_id)
            yield app, built
        finally:
            app.stop()  # type: ignore[operator]


def test_each_workspace_builds_and_gets_its_checkins_with_its_own_token(
    two: tuple[RunningApp, dict[str, Strategy]],
) -> None:
    app, built = two
    fake = app.slack
    assert built[ONE].name != built[OTHER].name
    slot = next_slot(built[ONE].schedule, app.clock.now())
    assert slot == next_slot(built[OTHER].schedule, app.clock.now())
    sender = make_sender(multi_config(app.database_url, fake), app.sessions, app.clock.now)
    before = len(fake.calls())
    assert sender.tick(slot) == 2
    calls = api_calls(fake.calls()[before:])
    for team_id in TEAMS:
        dm = fake.dm_channel(OWNER[team_id])
        [checkin] = [
            c
            for c in calls
            if c.method == "chat.postMessage" and c.params["channel"] in (dm, OWNER[team_id])
        ]
        assert "Instagram followers" in message_text(checkin.params)
    # EVERY call of the fan-out with the token of the workspace whose owner it is for.
    named = [(c.method, team_named_in(c), fake.team_of_call(c)) for c in calls]
    assert named and all(team is not None and team == token for _, team, token in named), named
    # Each owner answers in the check-in's thread: the answer, the digest in the channel and
    # the owner's Home published after the report, all with the workspace's own token.
    for team_id in TEAMS:
        owner = OWNER[team_id]
        dm = fake.dm_channel(owner)
        [checkin] = [
            c
            for c in calls
            if c.method == "chat.postMessage" and c.params["channel"] in (dm, OWNER[team_id])
        ]
        owners_driver = driver(app, team_id)
        thread = checkin.response["ts"]
        answered = calls_during(
            app,
            lambda d=owners_driver, o=owner, c=dm, t=thread: d.dm(
                "1500", user_id=o, channel_id=c, thread_ts=t
            ),
        )
        assert_all_with_token_of(app, answered, team_id)
        [home] = [c for c in answered if c.method == "views.publish"]
        assert home.params["user_id"] == owner
        assert built[team_id].name in message_text({"blocks": _view(home)["blocks"]})
    # And every call of the whole test: a token of one of the two, none without.
    assert all(fake.team_of_call(c) in TEAMS for c in api_calls(fake.calls())), fake.summary()


def test_neither_workspace_sees_the_others_strategy(
    two: tuple[RunningApp, dict[str, Strategy]],
) -> None:
    app, built = two
    fake = app.slack
    for team_id, other in ((ONE, OTHER), (OTHER, ONE)):
        asker = driver(app, team_id)
        theirs = built[other]
        user = STARTER[team_id]
        asks = [
            ("status", CHANNEL[other]),  # in the other workspace's channel id
            (f"status {theirs.name.rsplit('#', 1)[-1]}", CHANNEL[team_id]),  # by name
            (f"status <#{CHANNEL[other]}|{CHANNEL[other].lower()}>", CHANNEL[team_id]),
            ("export", CHANNEL[other]),
        ]
        for text, channel in asks:
            before = len(fake.calls())
            calls = calls_during(
                app,
                lambda d=asker, t=text, u=user, c=channel: d.command(t, user_id=u, channel_id=c),
            )
            said = fake.calls()[before:]
            shown = " ".join(message_text(c.params) for c in said)
            files = [
                fake.uploaded(f["id"]) or b""
                for c in said
                if c.method == "files.completeUploadExternal"
                for f in _files(c)
            ]
            for secret in (theirs.name, f"mission of {other}", f"followers of {other}"):
                assert secret not in shown, (text, shown)
                assert all(secret.encode() not in data for data in files), text
            if calls:
                assert_all_with_token_of(app, calls, team_id)
        # Home of the other workspace's starter, opened in this one: nothing of theirs.
        calls = calls_during(app, lambda d=asker, u=STARTER[other]: _home_opened(app, d, u))
        assert_all_with_token_of(app, calls, team_id)
        [publish] = [c for c in calls if c.method == "views.publish"]
        view = message_text({"blocks": _view(publish)["blocks"]})
        assert theirs.name not in view and built[team_id].name not in view
    # Home in its own workspace does show it (the check above could fail).
    calls = calls_during(app, lambda: _home_opened(app, driver(app, ONE), STARTER[ONE]))
    [publish] = [c for c in calls if c.method == "views.publish"]
    assert built[ONE].name in message_text({"blocks": _view(publish)["blocks"]})


def test_a_request_with_no_team_or_an_unknown_team_uses_no_token(
    two: tuple[RunningApp, dict[str, Strategy]],
) -> None:
    app, built = two
    fake = app.slack
    before = len(fake.calls())
    stranger = driver(app, "T999")  # signed, but the app was never installed there
    stranger.command("status", user_id="U999A", channel_id=CHANNEL[ONE])
    stranger.command("", user_id="U999A", channel_id="C999")
    _home_opened(app, stranger, STARTER[ONE])
    nameless = driver(app, "")  # a request that names no workspace
    nameless.command("status", user_id=STARTER[ONE], channel_id=CHANNEL[ONE])
    _home_opened(app, nameless, STARTER[ONE])
    app.settle()
    used = [(c.method, fake.team_of_call(c)) for c in api_calls(fake.calls()[before:])]
    assert used == [], used
    said = " ".join(message_text(c.params) for c in fake.calls()[before:])
    assert built[ONE].name not in said and built[OTHER].name not in said


def _home_opened(app: RunningApp, asker: SlackDriver, user: str) -> None:
    reply = asker.event(
        {
            "type": "app_home_opened",
            "user": user,
            "channel": "D" + user[1:],
            "tab": "home",
            "event_ts": f"{app.clock.now().timestamp():.6f}",
        }
    )
    assert reply.status in (200, 400, 401, 404), reply.status


def _view(call: Call) -> dict:
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else view


def _files(call: Call) -> list[dict]:
    files = call.params["files"]
    return json.loads(files) if isinstance(files, str) else files


def test_healthz_checks_each_installed_workspace_with_its_own_token(
    two: tuple[RunningApp, dict[str, Strategy]],
) -> None:
    app, _ = two
    fake = app.slack
    before = len(fake.calls("auth.test"))
    first = app.driver.get("/healthz")
    assert first.status == 200
    assert first.json() == {"database": "ok", "workspaces": {ONE: "ok", OTHER: "ok"}}
    asked = fake.calls("auth.test")[before:]
    assert sorted(str(fake.team_of_call(c)) for c in asked) == [ONE, OTHER]
    assert app.driver.get("/healthz").json() == first.json()
    assert len(fake.calls("auth.test")) == before + 2  # cached: Slack was not asked again
    assert "xox" not in first.body
