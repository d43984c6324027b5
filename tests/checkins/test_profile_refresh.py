"""Owners' profiles are refreshed by a job of their own, a few at a time, before they go stale, so
the weekly tick asks Slack (`users.info`) only for an owner it has never known
(bot/checkins/profile_refresh.py). Real SQLite and PostgreSQL, the fake Slack, a moved clock:
the job and the tick are run at the instants the scheduler would run them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from bot.checkins.profile_refresh import PER_RUN, RUN_EVERY
from bot.domain.profiles import ASK_SLACK_AFTER, REFRESH_AHEAD
from bot.runtime.app import make_profile_refresh
from bot.runtime.config import Config
from storage import people
from tests.conftest import SIGNING_SECRET, TEAM, RunningApp
from tests.support.checkins import SLOTS, live, owner_dms, sender
from tests.support.dialogue import Thread
from tests.support.fake_slack import Call

FIRST = SLOTS["Europe/Oslo"][0]  # Monday 22 March 2027, 09:00 in Oslo
MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)


def refresher(app: RunningApp, per_run: int = PER_RUN) -> Callable[..., int]:
    """The job as `strategy-coach run` makes it, on the app's database and fake Slack."""
    config = Config(
        bot_token="xoxb-test-token",
        signing_secret=SIGNING_SECRET,
        database_url=app.database_url,
        api_url=app.slack.api_url,
    )
    return make_profile_refresh(config, app.sessions, app.clock.now, per_run=per_run)


def asked(calls: list[Call]) -> list[str]:
    """Whom `users.info` was asked about, in order."""
    return [call.params["user"] for call in calls if call.method == "users.info"]


def owners_live(app: RunningApp, owners: list[str]) -> None:
    """One live strategy per owner, each due Mondays at 09:00 in Oslo from FIRST on."""
    weekly = sender(app)
    for n, owner in enumerate(owners):
        weekly.schedule(live(app, channel=f"C{n + 1}", owner=owner), FIRST - DAY)


def checked_at(app: RunningApp, owner: str) -> dt.datetime | None:
    with app.sessions.begin() as session:
        profile = people.profile(session, TEAM, owner)
    return profile.checked_at if profile else None


def test_profiles_are_refreshed_before_stale_on_their_own_days_and_ticks_ask_nothing(
    running_app: RunningApp,
) -> None:
    app = running_app
    owners = ["U2", "U3", "U4", "U5", "U6"]
    refresh = refresher(app)
    tick_asked: dict[int, list[str]] = {}
    refreshed: dict[str, list[dt.datetime]] = {owner: [] for owner in owners}
    ages: dict[str, dt.timedelta] = {}
    for day in range(7 * 7):  # seven weeks, every day at 10:00 UTC (after 09:00 in Oslo)
        now = FIRST.replace(hour=10) + day * DAY
        if day < len(owners):  # one owner a day goes live, due that weekday from today on
            app.clock.set(now - dt.timedelta(minutes=30))
            strategy = live(app, channel=f"C{day + 1}", owner=owners[day], weekday=day)
            sender(app).schedule(strategy, now - DAY)
        before = len(app.slack.calls())
        sender(app).tick(now)
        tick_asked[day] = asked(app.slack.calls()[before:])
        for moment in (now, now + 2 * MINUTE, now + 3 * dt.timedelta(hours=1)):  # thrice a day
            app.clock.set(moment)
            earlier = {owner: checked_at(app, owner) for owner in owners}
            before = len(app.slack.calls())
            refresh(moment)
            for owner in asked(app.slack.calls()[before:]):
                refreshed[owner].append(moment)
                last = earlier[owner]
                assert last is not None
                ages[owner] = moment - last
    # The tick asked each owner once, at their first check-in, and never again.
    assert {day: who for day, who in tick_asked.items() if who} == {
        n: [owner] for n, owner in enumerate(owners)
    }
    # The job asked each of them once in these seven weeks, REFRESH_AHEAD before stale.
    assert all(len(moments) == 1 for moments in refreshed.values()), refreshed
    for owner, age in ages.items():
        assert ASK_SLACK_AFTER - REFRESH_AHEAD <= age < ASK_SLACK_AFTER, (owner, age)
    # Each on the day their own profile came due: five days, not one Monday.
    assert len({moments[0].date() for moments in refreshed.values()}) == len(owners)
    assert all(len(owner_dms(app, owner)) == 7 for owner in owners)


def test_a_run_asks_at_most_per_run_and_another_process_adds_nothing_that_minute(
    running_app: RunningApp,
) -> None:
    """Owners never asked (their strategies went live before profiles were kept) come first:
    learned by the job, a few a run, before their first check-in, which then asks nothing."""
    app = running_app
    owners = ["U2", "U3", "U4", "U5", "U6"]
    owners_live(app, owners)
    start = FIRST - DAY
    one, other = refresher(app, per_run=2), refresher(app, per_run=2)  # two processes
    runs: list[list[str]] = []
    for minute in range(4):
        now = start + minute * MINUTE
        app.clock.set(now)
        before = len(app.slack.calls())
        one(now)
        other(now + dt.timedelta(seconds=1))
        runs.append(asked(app.slack.calls()[before:]))
    assert [len(run) for run in runs] == [2, 2, 1, 0]
    assert sorted(owner for run in runs for owner in run) == owners  # each once
    assert dt.timedelta(seconds=1) < RUN_EVERY < MINUTE  # a run's claim: under the minute
    before = len(app.slack.calls())
    assert sender(app).tick(FIRST + dt.timedelta(hours=1)) == len(owners)
    assert asked(app.slack.calls()[before:]) == []


def test_an_owner_slack_cannot_answer_about_is_asked_again_the_next_day_not_sooner(
    running_app: RunningApp,
) -> None:
    app = running_app
    owners_live(app, ["U2"])
    sender(app).tick(FIRST + dt.timedelta(hours=1))
    learned = FIRST + dt.timedelta(hours=1)
    assert checked_at(app, "U2") == learned
    due = learned + ASK_SLACK_AFTER - REFRESH_AHEAD + MINUTE
    app.slack.error("users.info", "fatal_error")  # Slack can't answer the next ask
    refresh = refresher(app)
    per_run = []
    for moment in (due, due + 5 * MINUTE, due + 12 * dt.timedelta(hours=1), due + DAY + MINUTE):
        app.clock.set(moment)
        before = len(app.slack.calls())
        refresh(moment)
        per_run.append(len(asked(app.slack.calls()[before:])))
        if moment < due + DAY:
            assert checked_at(app, "U2") == learned  # what Slack last said stays, and when
    assert per_run == [1, 0, 0, 1]
    assert checked_at(app, "U2") == due + DAY + MINUTE


def test_a_moved_owner_found_by_the_refresh_has_the_next_checkin_at_the_new_zone(
    running_app: RunningApp,
) -> None:
    app = running_app
    owners_live(app, ["U2"])
    sender(app).tick(FIRST + dt.timedelta(hours=1))
    app.slack.add_user("U2", tz="Asia/Kolkata")  # moved, and no user_change reached us
    due = FIRST + ASK_SLACK_AFTER - REFRESH_AHEAD + dt.timedelta(hours=2)
    app.clock.set(due)
    refresher(app)(due)
    monday = SLOTS["Asia/Kolkata"][0] + 5 * dt.timedelta(weeks=1)  # 09:00 in Kolkata
    before = len(app.slack.calls())
    assert sender(app).tick(monday - MINUTE) == 0
    assert sender(app).tick(monday) == 1
    assert asked(app.slack.calls()[before:]) == []


def test_an_owner_handed_over_with_strategy_owner_costs_one_call_at_the_first_checkin(
    running_app: RunningApp,
) -> None:
    """`/strategy owner` (and the dialogue's responsibility step, below) ask Slack about the new
    owner anyway: kept, the owner's first check-in is one `chat.postMessage`."""
    app = running_app
    app.slack.add_user("U3", tz="Asia/Kolkata")
    live(app, channel="C1", owner="U2")
    reply = app.driver.command("owner <@U3|kari>", user_id="U2", channel_id="C1")
    assert reply.status == 200
    app.slack.wait_for("response_url")
    with app.sessions.begin() as session:
        kept = people.profile(session, TEAM, "U3")
    assert kept is not None and kept.tz == "Asia/Kolkata" and kept.checked_at == app.clock.now()
    before = len(app.slack.calls())
    monday = dt.datetime(2026, 11, 30, 3, 30, tzinfo=dt.UTC)  # 09:00 in Kolkata
    assert sender(app).tick(monday) == 1
    methods = Counter(c.method for c in app.slack.calls()[before:] if c.method != "auth.test")
    assert methods == {"chat.postMessage": 1}, methods


def test_an_owner_named_in_the_dialogue_costs_one_call_at_the_first_checkin(
    running_app: RunningApp,
) -> None:
    app = running_app
    app.slack.add_user("U2", name="Kari", tz="America/New_York")
    thread = Thread(app)
    thread.start()
    thread.say("5000 Instagram followers by 30 June 2027, we have 1200 today")
    thread.say("done")
    thread.say("We make the brand human.")
    thread.say("ok")
    thread.say("<@U2> Tuesdays at 10:00")
    thread.say("Q&amp;A sessions every Friday\nTips from our blog", posts=2)  # live
    with app.sessions.begin() as session:
        kept = people.profile(session, TEAM, "U2")
    assert kept is not None and kept.tz == "America/New_York"
    before = len(app.slack.calls())
    tuesday = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)  # 10:00 in New York
    assert sender(app).tick(tuesday) == 1
    methods = Counter(c.method for c in app.slack.calls()[before:] if c.method != "auth.test")
    assert methods == {"chat.postMessage": 1}, methods
