"""`/strategy checkin | pause | resume | schedule | owner` over signed HTTP."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.domain.slots import next_slot
from storage import checkin_schedules, reports, strategies
from tests.conftest import TEAM, RunningApp
from tests.support.checkins import live, owner_dms, sender
from tests.support.dialogue import message_text

UTC = dt.UTC


def _ask(app: RunningApp, text: str, user: str = "U2") -> str:
    before = len(app.slack.calls("response_url"))
    assert app.driver.command(text, user_id=user, channel_id="C1").status == 200
    app.slack.wait_for("response_url", count=before + 1)
    return message_text(app.slack.calls("response_url")[-1].params)


# The app's clock says Friday 27 November 2026, 12:00 UTC: a Saturday slot falls in the same
# week as a check-in sent now, a Monday slot in the next.
@pytest.mark.parametrize(("weekday", "dms"), [(5, 1), (0, 2)], ids=["same-week", "next-week"])
def test_checkin_now_once_and_only_for_the_owner(
    running_app: RunningApp, weekday: int, dms: int
) -> None:
    strategy = live(running_app, weekday=weekday)
    sender(running_app).schedule(strategy, running_app.clock.now())
    assert "<@U2>" in _ask(running_app, "checkin", user="U9")
    assert owner_dms(running_app) == []
    assert "direct message" in _ask(running_app, "checkin")
    assert len(owner_dms(running_app)) == 1
    assert "already" in _ask(running_app, "checkin")
    # The scheduled slot of the same week does not ask again; next week's does.
    now = running_app.clock.now()
    with running_app.sessions.begin() as session:
        due = checkin_schedules.due_schedules(session, now + dt.timedelta(days=8))
    assert len(due) == 1
    slot = due[0].next_due_at
    same_week = (
        slot.astimezone(ZoneInfo("Europe/Oslo")).isocalendar()[:2]
        == now.astimezone(ZoneInfo("Europe/Oslo")).isocalendar()[:2]
    )
    assert same_week is (dms == 1)  # the case is the one its name says
    sender(running_app).tick(slot)
    assert len(owner_dms(running_app)) == dms


def test_pause_and_resume(sqlite_app: RunningApp) -> None:
    strategy = live(sqlite_app)
    weekly = sender(sqlite_app)
    now = sqlite_app.clock.now()
    weekly.schedule(strategy, now)
    slot = next_slot(strategy.schedule, now)
    assert "paused" in _ask(sqlite_app, "pause")
    assert weekly.tick(slot) == 0
    assert "back on" in _ask(sqlite_app, "resume")
    with sqlite_app.sessions.begin() as session:
        (due,) = checkin_schedules.due_schedules(session, now + dt.timedelta(days=8))
    assert weekly.tick(due.next_due_at) == 1


def test_pause_until_a_date(sqlite_app: RunningApp) -> None:
    live(sqlite_app)
    answer = _ask(sqlite_app, "pause until 2099-01-05")
    assert "2099" in answer
    with sqlite_app.sessions.begin() as session:
        assert checkin_schedules.due_schedules(session, dt.datetime(2098, 12, 1, tzinfo=UTC)) == []
    assert "could not read" in _ask(sqlite_app, "pause until someday")


def test_schedule_moves_the_slot(sqlite_app: RunningApp) -> None:
    live(sqlite_app)
    assert "Friday at 14:00" in _ask(sqlite_app, "schedule friday 14:00")
    with sqlite_app.sessions.begin() as session:
        strategy = strategies.strategy_in_channel(session, TEAM, "C1")
        (due,) = checkin_schedules.due_schedules(
            session, sqlite_app.clock.now() + dt.timedelta(days=8)
        )
    assert (strategy.schedule.weekday, strategy.schedule.time) == (4, dt.time(14, 0))
    local = due.next_due_at.astimezone(ZoneInfo("Europe/Oslo"))
    assert (local.weekday(), local.time()) == (4, dt.time(14, 0))
    assert "weekday" in _ask(sqlite_app, "schedule whenever")


def test_an_impossible_schedule_moves_nothing(sqlite_app: RunningApp) -> None:
    live(sqlite_app)
    with sqlite_app.sessions.begin() as session:
        before = strategies.strategy_in_channel(session, TEAM, "C1").schedule
    assert "not a time of day" in _ask(sqlite_app, "schedule monday 25:00")
    assert "not a time of day" in _ask(sqlite_app, "schedule mandag kl. 25")
    assert "as a weekday" in _ask(sqlite_app, "schedule the 32nd 10:00")
    assert "15:00 or 03:00" in _ask(sqlite_app, "schedule friday at 3")
    assert "14:30 or 02:30" in _ask(sqlite_app, "schedule fredag halv tre")
    assert "At what time" in _ask(sqlite_app, "schedule tuesday afternoon")
    with sqlite_app.sessions.begin() as session:
        assert strategies.strategy_in_channel(session, TEAM, "C1").schedule == before


def test_owner_hands_over_and_the_new_owner_is_told(sqlite_app: RunningApp) -> None:
    live(sqlite_app)
    sqlite_app.slack.add_user("U3", tz="Asia/Kolkata")
    assert "<@U3>" in _ask(sqlite_app, "owner <@U3|kari>")  # as Slack escapes a mention
    told = owner_dms(sqlite_app, owner="U3")
    assert len(told) == 1 and "You now own" in message_text(told[0].params)
    with sqlite_app.sessions.begin() as session:
        strategy = strategies.strategy_in_channel(session, TEAM, "C1")
    assert strategy.owner_id == "U3" and strategy.schedule.timezone == "Asia/Kolkata"
    # The old owner can no longer report; the new one can.
    assert "<@U3>" in _ask(sqlite_app, "checkin", user="U2")
    assert "Mention" in _ask(sqlite_app, "owner nobody", user="U3")


def test_checkin_commands_before_the_strategy_is_live(sqlite_app: RunningApp) -> None:
    assert "live" in _ask(sqlite_app, "checkin", user="U1")


def test_weeks_paused_until_a_date_are_not_missed(sqlite_app: RunningApp) -> None:
    strategy = live(sqlite_app)
    weekly = sender(sqlite_app)
    now = sqlite_app.clock.now()
    weekly.schedule(strategy, now)
    until = (now + dt.timedelta(days=21)).date()
    _ask(sqlite_app, f"pause until {until.isoformat()}")
    with sqlite_app.sessions.begin() as session:
        (due,) = checkin_schedules.due_schedules(session, now + dt.timedelta(days=40))
    assert due.next_due_at.astimezone(ZoneInfo("Europe/Oslo")).date() > until
    assert weekly.tick(due.next_due_at) == 1
    dm = message_text(owner_dms(sqlite_app)[-1].params)
    assert "missed" not in dm and "No numbers came in" not in dm


def test_a_handover_mid_week_hands_over_the_open_checkin(sqlite_app: RunningApp) -> None:
    strategy = live(sqlite_app)
    sender(sqlite_app).schedule(strategy, sqlite_app.clock.now())
    _ask(sqlite_app, "checkin")
    sqlite_app.slack.add_user("U3", tz="Europe/Oslo")
    _ask(sqlite_app, "owner <@U3|kari>")
    told = owner_dms(sqlite_app, owner="U3")
    assert len(told) == 2 and "Time for this week's numbers" in message_text(told[-1].params)
    ts = told[-1].response["ts"]
    sqlite_app.driver.dm("1900 220 14", user_id="U3", channel_id="D3", thread_ts=ts)
    sqlite_app.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("thread_ts") == ts)
    with sqlite_app.sessions.begin() as session:
        stored = reports.reports_for_strategy(session, strategy.id)
    assert len(stored) == 3 and {r.reported_by for r in stored} == {"U3"}
