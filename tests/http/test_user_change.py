"""Slack's `user_change` event (issue 13): an owner's new time zone moves their next check-in
at once, as asking `users.info` before each check-in did, and the check-ins stop asking;
anyone else's change is answered and not stored. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from storage import checkin_schedules, people, strategies
from tests.conftest import TEAM, RunningApp
from tests.support.checkins import SLOTS, live, owner_dms, sender

FIRST, SECOND = SLOTS["Europe/Oslo"]  # Mondays 22 and 29 March 2027, 09:00 in Oslo


def user_change(user_id: str, tz: str, locale: str | None = None) -> dict[str, Any]:
    """The event as Slack sends it: the whole user object (`locale` when Slack includes it)."""
    user: dict[str, Any] = {
        "id": user_id,
        "team_id": TEAM,
        "name": user_id.lower(),
        "deleted": False,
        "real_name": f"User {user_id}",
        "tz": tz,
        "tz_label": "Pacific Daylight Time",
        "tz_offset": -25200,
        "profile": {"real_name": f"User {user_id}", "display_name": user_id.lower()},
        "is_bot": False,
    }
    if locale is not None:
        user["locale"] = locale
    return {"type": "user_change", "user": user, "cache_ts": 1795000000, "event_ts": "1.000100"}


def test_a_new_time_zone_from_user_change_moves_the_next_checkin(
    running_app: RunningApp,
) -> None:
    app = running_app
    strategy = live(app, zone="Europe/Oslo")
    weekly = sender(app)
    weekly.schedule(strategy, FIRST - dt.timedelta(days=1))
    assert weekly.tick(FIRST) == 1  # asked Slack once: Oslo
    app.clock.set(FIRST + dt.timedelta(days=2))
    app.slack.add_user("U2", tz="America/Los_Angeles")  # Slack's own record moves too
    reply = app.driver.event(user_change("U2", "America/Los_Angeles", locale="nb-NO"))
    assert reply.status == 200
    with app.sessions.begin() as session:
        stored = strategies.strategy_by_id(session, TEAM, strategy.id)
        profile = people.profile(session, TEAM, "U2")
    assert stored is not None and stored.schedule is not None
    assert stored.schedule.timezone == "America/Los_Angeles"
    assert profile is not None and (profile.tz, profile.locale) == ("America/Los_Angeles", "nb-NO")
    # Next Monday at 09:00 in Los Angeles (16:00 UTC), not at 09:00 in Oslo; no users.info.
    weekly = sender(app)
    before = len(app.slack.calls())
    assert weekly.tick(SECOND) == 0
    assert weekly.tick(dt.datetime(2027, 3, 29, 15, 59, tzinfo=dt.UTC)) == 0
    assert weekly.tick(dt.datetime(2027, 3, 29, 16, 0, tzinfo=dt.UTC)) == 1
    # (The reminder of last week's unanswered check-in goes in its thread: not counted.)
    checkin_calls = [c.method for c in app.slack.calls()[before:] if not c.params.get("thread_ts")]
    assert checkin_calls == ["chat.postMessage"]
    assert len(owner_dms(app)) == 2


def test_user_change_before_the_first_checkin_moves_it_and_no_one_asks(
    running_app: RunningApp,
) -> None:
    app = running_app
    strategy = live(app, zone="Europe/Oslo")
    weekly = sender(app)
    weekly.schedule(strategy, FIRST - dt.timedelta(days=1))
    app.clock.set(FIRST - dt.timedelta(days=1))  # the Sunday before
    app.slack.add_user("U2", tz="America/Los_Angeles")
    assert app.driver.event(user_change("U2", "America/Los_Angeles")).status == 200
    with app.sessions.begin() as session:
        (due,) = checkin_schedules.due_schedules(session, FIRST + dt.timedelta(days=1))
    assert due.next_due_at == dt.datetime(2027, 3, 22, 16, 0, tzinfo=dt.UTC)
    app.slack.reset()
    assert sender(app).tick(due.next_due_at) == 1
    assert "users.info" not in [c.method for c in app.slack.calls()]


def test_a_change_that_keeps_the_zone_moves_nothing(running_app: RunningApp) -> None:
    app = running_app
    strategy = live(app, zone="Europe/Oslo")
    weekly = sender(app)
    weekly.schedule(strategy, FIRST - dt.timedelta(days=1))
    # A new status or display name: the same zone, so the same slot.
    assert app.driver.event(user_change("U2", "Europe/Oslo")).status == 200
    with app.sessions.begin() as session:
        (due,) = checkin_schedules.due_schedules(session, FIRST)
    assert due.next_due_at == FIRST and due.timezone == "Europe/Oslo"


def test_someone_who_owns_nothing_is_not_stored(running_app: RunningApp) -> None:
    app = running_app
    live(app, owner="U2")
    for event in (user_change("U9", "Asia/Tokyo"), user_change("U2", "Not/AZone")):
        assert app.driver.event(event).status == 200
    with app.sessions.begin() as session:
        assert people.profile(session, TEAM, "U9") is None
        assert people.profile(session, TEAM, "U2") is None  # a zone Python doesn't know
    assert app.slack.calls("users.info") == []
