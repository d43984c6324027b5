"""Web API calls per check-in (issue 13): at steady state one `chat.postMessage` each, to the
DM channel Slack named the first time; the owner's zone from the stored profile, asked of Slack
(`users.info`) only when it is missing or older than ASK_SLACK_AFTER. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from bot.domain.profiles import ASK_SLACK_AFTER
from storage import people
from tests.conftest import TEAM, RunningApp
from tests.support.checkins import SLOTS, live, owner_dms, sender

FIRST = SLOTS["Europe/Oslo"][0]
OWNERS = [f"U{n}" for n in range(2, 7)]  # five owners, each with a strategy due Monday 09:00


def _week(n: int) -> dt.datetime:
    """An hour after week `n`'s slot, whichever side of DST it is on."""
    return FIRST + dt.timedelta(weeks=n, hours=1)


def _owners(app: RunningApp, owners: list[str]) -> None:
    weekly = sender(app)
    for n, owner in enumerate(owners):
        strategy = live(app, channel=f"C{n + 1}", owner=owner)
        weekly.schedule(strategy, FIRST - dt.timedelta(days=1))


def _week_calls(app: RunningApp, week: int, sent: int) -> list[str]:
    """The Web API methods one tick at `week` called for its check-ins: the sender's auth.test
    at start and the reminder of an unanswered check-in (its own post, in its thread) aside."""
    weekly = sender(app)
    before = len(app.slack.calls())
    assert weekly.tick(_week(week)) == sent
    return _checkin_calls(app.slack.calls()[before:])


def _checkin_calls(calls: list) -> list[str]:  # type: ignore[type-arg]
    return [
        call.method
        for call in calls
        if call.method != "auth.test" and not call.params.get("thread_ts")
    ]


def test_a_steady_state_checkin_is_one_web_api_call(running_app: RunningApp) -> None:
    app = running_app
    _owners(app, OWNERS)
    first = _week_calls(app, 0, len(OWNERS))
    # The first week asks each owner's zone once and posts to the owner's user id.
    assert sorted(first) == sorted(["users.info", "chat.postMessage"] * len(OWNERS))
    later = [_week_calls(app, week, len(OWNERS)) for week in (1, 2)]
    calls = sum(len(methods) for methods in later)
    checkins = 2 * len(OWNERS)
    assert calls / checkins <= 1.2, later
    assert all(set(methods) == {"chat.postMessage"} for methods in later), later
    # Later weeks post to the DM channel Slack's first answer named.
    for owner in OWNERS:
        dms = owner_dms(app, owner)
        assert len(dms) == 3
        assert [dm.params["channel"] for dm in dms] == [owner, *[app.slack.dm_channel(owner)] * 2]
    with app.sessions.begin() as session:
        stored = people.profile(session, TEAM, "U2")
    assert stored is not None and stored.dm_channel == app.slack.dm_channel("U2")
    assert stored.tz == "Europe/Oslo" and stored.locale == "en-US"


def test_a_profile_older_than_ask_slack_after_is_asked_again_once(
    running_app: RunningApp,
) -> None:
    app = running_app
    _owners(app, ["U2"])
    stale_at = next(w for w in range(1, 10) if _week(w) - _week(0) >= ASK_SLACK_AFTER)
    calls = {week: _week_calls(app, week, 1) for week in range(stale_at + 2)}
    asked = {week: methods.count("users.info") for week, methods in calls.items()}
    assert asked == {week: int(week in (0, stale_at)) for week in asked}, asked
    # After the first week, the refresh included: at most 1.2 calls per check-in.
    steady = [len(calls[week]) for week in range(1, stale_at + 1)]
    assert sum(steady) / len(steady) <= 1.2, calls


def test_a_moved_owner_whose_event_never_came_is_moved_when_slack_is_asked_again(
    running_app: RunningApp,
) -> None:
    app = running_app
    _owners(app, ["U2"])
    stale_at = next(w for w in range(1, 10) if _week(w) - _week(0) >= ASK_SLACK_AFTER)
    assert _week_calls(app, 0, 1) == ["users.info", "chat.postMessage"]
    app.slack.add_user("U2", tz="America/Los_Angeles")  # no user_change reached the app
    for week in range(1, stale_at):
        assert _week_calls(app, week, 1) == ["chat.postMessage"]  # the stored zone
    # Asked again: 09:00 Oslo is not the owner's 09:00 any more; 09:00 in Los Angeles is.
    assert _week_calls(app, stale_at, 0) == ["users.info"]
    slot = FIRST + dt.timedelta(weeks=stale_at)
    la_nine = slot.replace(hour=16)  # 09:00 PDT
    assert sender(app).tick(la_nine - dt.timedelta(minutes=1)) == 0
    assert sender(app).tick(la_nine) == 1


def test_users_info_failing_still_sends_in_the_stored_zone(running_app: RunningApp) -> None:
    app = running_app
    _owners(app, ["U2"])
    stale_at = next(w for w in range(1, 10) if _week(w) - _week(0) >= ASK_SLACK_AFTER)
    for week in range(stale_at):
        _week_calls(app, week, 1)
    weekly = sender(app)
    before = len(app.slack.calls())
    app.slack.fail("users.info", status=503, times=3)  # Slack can't say, retries and all
    assert weekly.tick(_week(stale_at)) == 1
    methods = _checkin_calls(app.slack.calls()[before:])
    assert methods == ["users.info"] * 3 + ["chat.postMessage"]
    assert owner_dms(app)[-1].params["channel"] == app.slack.dm_channel("U2")
    # Not refreshed, so asked again the week after (and answered this time).
    assert _week_calls(app, stale_at + 1, 1) == ["users.info", "chat.postMessage"]
