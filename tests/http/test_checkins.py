"""Weekly check-ins: sent at the owner's local slot exactly once, answered in the DM thread."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from bot.domain.model import Direction, Step
from storage import checkin_claims, checkin_schedules, reports, strategies
from storage.models import CheckinRow, ReportRow
from tests.conftest import TEAM, RunningApp
from tests.support.checkins import SLOTS, checkin_sent, live, owner_dms, sender
from tests.support.dialogue import message_text

UTC = dt.UTC


@pytest.mark.parametrize("zone", sorted(SLOTS))
def test_checkins_fire_at_nine_local_across_dst(sqlite_app: RunningApp, zone: str) -> None:
    strategy = live(sqlite_app, zone=zone)
    weekly = sender(sqlite_app)
    first, second = SLOTS[zone]
    weekly.schedule(strategy, first - dt.timedelta(days=3))
    minute = dt.timedelta(minutes=1)
    assert weekly.tick(first - minute) == 0
    assert weekly.tick(first) == 1
    assert weekly.tick(first + minute) == 0
    assert weekly.tick(second - minute) == 0
    assert weekly.tick(second) == 1
    assert weekly.tick(second + 10 * minute) == 0
    dms = owner_dms(sqlite_app)
    assert len(dms) == 2
    assert "Instagram followers" in message_text(dms[0].params)


def test_a_checkin_due_during_downtime_is_sent_once_after_restart(
    running_app: RunningApp,
) -> None:
    strategy = live(running_app)
    slot = SLOTS["Europe/Oslo"][0]
    sender(running_app).schedule(strategy, slot - dt.timedelta(days=1))
    # The bot was down at the slot; a fresh process comes back three hours later.
    restarted = sender(running_app)
    assert restarted.tick(slot + dt.timedelta(hours=3)) == 1
    assert restarted.tick(slot + dt.timedelta(hours=3, minutes=1)) == 0
    assert sender(running_app).tick(slot + dt.timedelta(hours=4)) == 0
    assert len(owner_dms(running_app)) == 1


def test_a_checkin_older_than_a_day_is_recorded_as_missed(running_app: RunningApp) -> None:
    strategy = live(running_app)
    first, second = SLOTS["Europe/Oslo"]
    weekly = sender(running_app)
    weekly.schedule(strategy, first - dt.timedelta(days=1))
    assert weekly.tick(first + dt.timedelta(days=2)) == 0
    with running_app.sessions.begin() as session:
        statuses = session.scalars(select(CheckinRow.status)).all()
    assert statuses == ["missed"]
    assert weekly.tick(second) == 1
    assert "1" in message_text(owner_dms(running_app)[-1].params)  # the gap is mentioned


def test_two_schedulers_send_each_checkin_once(running_app: RunningApp) -> None:
    slot = dt.datetime(2027, 3, 22, 8, 0, tzinfo=UTC)
    owners = 40
    for n in range(owners):
        strategy = live(running_app, channel=f"C{n:03d}", owner=f"U{n:03d}")
        sender(running_app).schedule(strategy, slot - dt.timedelta(days=1))
    schedulers = [sender(running_app), sender(running_app)]
    sent: list[int] = []
    threads = [threading.Thread(target=lambda w=w: sent.append(w.tick(slot))) for w in schedulers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(sent) == owners
    for n in range(owners):
        assert len(owner_dms(running_app, owner=f"U{n:03d}")) == 1
    with running_app.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(CheckinRow)) == owners


@pytest.mark.parametrize("status", [429, 500])
def test_slack_errors_are_retried_without_a_duplicate(sqlite_app: RunningApp, status: int) -> None:
    strategy = live(sqlite_app)
    slot = SLOTS["Europe/Oslo"][0]
    weekly = sender(sqlite_app)
    weekly.schedule(strategy, slot - dt.timedelta(days=1))
    sqlite_app.slack.fail("chat.postMessage", status=status, retry_after=0, times=2)
    assert weekly.tick(slot) == 1
    assert len(owner_dms(sqlite_app)) == 1


def test_the_owner_reports_in_the_dm_thread(running_app: RunningApp) -> None:
    strategy, channel, ts = checkin_sent(running_app)
    driver = running_app.driver
    reply = driver.dm(
        "Instagram followers 1 900, cost per lead 220 kr, sign-ups 14",
        user_id="U2",
        channel_id=channel,
        thread_ts=ts,
    )
    assert reply.status == 200
    answer = running_app.slack.wait_for(
        "chat.postMessage", where=lambda c: c.params.get("thread_ts") == ts
    )[-1]
    said = message_text(answer.params)
    assert "1,900" in said and "18" in said  # 700 of 3800 from baseline to target
    digest = running_app.slack.wait_for(
        "chat.postMessage", where=lambda c: c.params.get("thread_ts") == strategy.thread_ts
    )[-1]
    assert "<@U2>" in message_text(digest.params)
    # Slack delivers the same reply again: nothing more is saved or said.
    again = driver.dm(
        "Instagram followers 1 900, cost per lead 220 kr, sign-ups 14",
        user_id="U2",
        channel_id=channel,
        thread_ts=ts,
        ts=reply.ts,
        retry_num=1,
    )
    assert again.status == 200
    with running_app.sessions.begin() as session:
        values = sorted(r.value for r in reports.reports_for_strategy(session, strategy.id))
        assert values == [Decimal(14), Decimal(220), Decimal(1900)]
        assert session.scalar(select(func.count()).select_from(ReportRow)) == 3


def test_bare_numbers_in_order_and_a_question_for_the_rest(sqlite_app: RunningApp) -> None:
    strategy, channel, ts = checkin_sent(sqlite_app)
    sqlite_app.driver.dm("1900 220", user_id="U2", channel_id=channel, thread_ts=ts)
    answer = sqlite_app.slack.wait_for(
        "chat.postMessage", where=lambda c: c.params.get("thread_ts") == ts
    )[-1]
    assert "sign-ups from social" in message_text(answer.params)  # still missing
    with sqlite_app.sessions.begin() as session:
        stored = reports.reports_for_strategy(session, strategy.id)
    assert sorted(r.value for r in stored) == [Decimal(220), Decimal(1900)]


def test_only_the_owner_reports(sqlite_app: RunningApp) -> None:
    strategy, channel, ts = checkin_sent(sqlite_app)
    sqlite_app.driver.dm("1900 220 14", user_id="U9", channel_id=channel, thread_ts=ts)
    sqlite_app.driver.dm("1900 220 14", user_id="U2", channel_id="D999", thread_ts=ts)
    with sqlite_app.sessions.begin() as session:
        assert reports.reports_for_strategy(session, strategy.id) == []


def test_one_reminder_after_a_day_in_the_same_thread(sqlite_app: RunningApp) -> None:
    _strategy, channel, ts = checkin_sent(sqlite_app)
    slot = SLOTS["Europe/Oslo"][0]
    weekly = sender(sqlite_app)

    def reminders() -> int:
        return len(
            [
                c
                for c in sqlite_app.slack.calls("chat.postMessage")
                if c.params.get("thread_ts") == ts and c.params.get("channel") == channel
            ]
        )

    weekly.tick(slot + dt.timedelta(hours=23))
    assert reminders() == 0
    weekly.tick(slot + dt.timedelta(hours=24, minutes=1))
    sender(sqlite_app).tick(slot + dt.timedelta(hours=24, minutes=2))
    assert reminders() == 1


def test_the_owners_new_time_zone_moves_the_next_slot(sqlite_app: RunningApp) -> None:
    strategy = live(sqlite_app, zone="Europe/Oslo")
    weekly = sender(sqlite_app)
    first = SLOTS["Europe/Oslo"][0]
    weekly.schedule(strategy, first - dt.timedelta(days=1))
    sqlite_app.slack.add_user("U2", tz="America/Los_Angeles")  # moved, says Slack
    # Not at 09:00 Oslo (midnight in Los Angeles): at 09:00 in Los Angeles, the same Monday.
    assert weekly.tick(first) == 0
    with sqlite_app.sessions.begin() as session:
        stored = strategies.strategy_by_id(session, TEAM, strategy.id)
        assert stored.schedule.timezone == "America/Los_Angeles"
    assert weekly.tick(dt.datetime(2027, 3, 22, 15, 59, tzinfo=UTC)) == 0
    assert weekly.tick(dt.datetime(2027, 3, 22, 16, 0, tzinfo=UTC)) == 1
    assert len(owner_dms(sqlite_app)) == 1


def test_a_process_that_claimed_and_died_is_covered_once(running_app: RunningApp) -> None:
    strategy = live(running_app)
    slot = SLOTS["Europe/Oslo"][0]
    crashed = sender(running_app)
    crashed.schedule(strategy, slot - dt.timedelta(days=1))
    with running_app.sessions.begin() as session:  # what a tick does before it posts
        (due,) = checkin_schedules.due_schedules(session, slot)
        checkin_id = checkin_claims.claim_week(
            session, strategy.id, dt.date(2027, 3, 22), slot, crashed.worker, now=slot
        )
        checkin_schedules.advance_schedule(
            session, strategy.id, due.next_due_at, SLOTS["Europe/Oslo"][1]
        )
    # Another process sweeps after the lease; the crashed one, come back late, must not post.
    other = sender(running_app)
    assert other.tick(slot + dt.timedelta(minutes=11)) == 1
    assert crashed.send(TEAM, checkin_id, slot + dt.timedelta(minutes=12)) == 0
    assert len(owner_dms(running_app)) == 1


def test_a_claimed_checkin_older_than_a_day_is_missed_not_sent(sqlite_app: RunningApp) -> None:
    strategy = live(sqlite_app)
    slot = SLOTS["Europe/Oslo"][0]
    weekly = sender(sqlite_app)
    weekly.schedule(strategy, slot - dt.timedelta(days=1))
    with sqlite_app.sessions.begin() as session:
        checkin_claims.claim_week(
            session, strategy.id, dt.date(2027, 3, 22), slot, "gone", now=slot
        )
    assert sender(sqlite_app).tick(slot + dt.timedelta(days=3)) == 0
    assert owner_dms(sqlite_app) == []
    with sqlite_app.sessions.begin() as session:
        statuses = set(session.scalars(select(CheckinRow.status)).all())
    assert statuses == {"missed"}


def test_an_implausible_drop_is_confirmed_before_saving(sqlite_app: RunningApp) -> None:
    strategy, channel, ts = checkin_sent(sqlite_app)
    driver = sqlite_app.driver

    def answer(text: str, thread: str) -> str:
        def in_thread() -> list:  # type: ignore[type-arg]
            return [
                c
                for c in sqlite_app.slack.calls("chat.postMessage")
                if c.params.get("thread_ts") == thread
            ]

        before = len(in_thread())
        driver.dm(text, user_id="U2", channel_id=channel, thread_ts=thread)
        sqlite_app.slack.wait_for(
            "chat.postMessage",
            count=before + 1,
            where=lambda c: c.params.get("thread_ts") == thread,
        )
        return message_text(in_thread()[-1].params)

    answer("followers 4350, cost per lead 220, sign-ups 14", ts)
    weekly = sender(sqlite_app)
    assert weekly.tick(SLOTS["Europe/Oslo"][1]) == 1
    next_ts = owner_dms(sqlite_app)[-1].response["ts"]
    said = answer("followers 1200, cost per lead 210, sign-ups 15", next_ts)
    assert "4,350" in said and "1,200" in said and "yes" in said
    with sqlite_app.sessions.begin() as session:
        values = sorted(r.value for r in reports.reports_for_strategy(session, strategy.id))
    assert Decimal(1200) not in values and Decimal(210) in values  # held back, the rest saved
    answer("yes", next_ts)
    with sqlite_app.sessions.begin() as session:
        latest = {r.value for r in reports.reports_for_strategy(session, strategy.id)}
    assert Decimal(1200) in latest
    # Another drop, confirmed by sending the same number again.
    said = answer("cost per lead 20", next_ts)
    assert "yes" in said
    answer("cost per lead 20", next_ts)
    with sqlite_app.sessions.begin() as session:
        latest = {r.value for r in reports.reports_for_strategy(session, strategy.id)}
    assert Decimal(20) in latest


def test_a_second_report_for_the_week_corrects_the_first(running_app: RunningApp) -> None:
    strategy, channel, ts = checkin_sent(running_app)
    for text in ("followers 1900, cost per lead 220, sign-ups 14", "followers 1950"):
        before = len(running_app.slack.calls("chat.postMessage"))
        running_app.driver.dm(text, user_id="U2", channel_id=channel, thread_ts=ts)
        running_app.slack.wait_for("chat.postMessage", count=before + 2)  # answer and digest
    with running_app.sessions.begin() as session:
        latest = {r.value for r in reports.reports_for_strategy(session, strategy.id)}
        history = reports.report_history(session, TEAM, strategy.id)
    assert latest == {Decimal(1950), Decimal(220), Decimal(14)}
    assert len(history) == 4  # the 1900 stays in the history, corrected by 1950
    corrected = [r for r in history if r.correction_of is not None]
    assert [r.value for r in corrected] == [Decimal(1950)]


def _answered(app: RunningApp, text: str, channel: str, thread: str) -> tuple[str, str]:
    """Send `text` in the check-in's thread; the coach's answer there and the digest after it."""
    before = len(app.slack.calls("chat.postMessage"))
    app.driver.dm(text, user_id="U2", channel_id=channel, thread_ts=thread)
    app.slack.wait_for("chat.postMessage", count=before + 2)  # the answer and the digest
    posted = app.slack.calls("chat.postMessage")[before:]
    answer = next(c for c in posted if c.params.get("thread_ts") == thread)
    digest = next(c for c in posted if c.params.get("thread_ts") != thread)
    return message_text(answer.params), message_text(digest.params)


def test_the_first_report_becomes_todays_value_of_a_goal_without_one(
    running_app: RunningApp,
) -> None:
    app = running_app
    # Both goals saved without today's value ("we haven't counted yet").
    strategy = live(app, baselines=(None, None))
    with app.sessions.begin() as session:
        before = strategies.strategy_by_id(session, TEAM, strategy.id)
    assert before is not None and [g.baseline for g in before.goals] == [None, None]
    assert Step.GOALS in before.done_steps()  # target and deadline are enough for the step
    _, channel, ts = checkin_sent(app, strategy)
    said, digest = _answered(app, "followers 1900, cost per lead 220, sign-ups 14", channel, ts)
    with app.sessions.begin() as session:
        stored = strategies.strategy_by_id(session, TEAM, strategy.id)
    assert stored is not None
    followers, leads = stored.goals
    assert (followers.baseline, followers.direction) == (Decimal(1900), Direction.UP)
    assert (leads.baseline, leads.direction) == (Decimal(220), Direction.DOWN)  # 220 -> 150 kr
    # The answer already measures from it.
    assert "Instagram followers from 1,900 to 5,000 by 30 June 2027 (awareness)" in said
    assert "Latest: *1,900*, 0% of the way to the target" in said
    assert "cost per lead from 220 kr to 150 kr by 31 December 2027 (leads)" in said
    assert "Latest: *220 kr*, 0% of the way to the target" in said
    assert "Plan for now: down to " in said
    assert "Instagram followers: 1,900 → 5,000 (0%)" in digest
    # The next week measures against it, and a later number never replaces it.
    assert sender(app).tick(SLOTS["Europe/Oslo"][1]) == 1
    next_ts = owner_dms(app)[-1].response["ts"]
    said, _ = _answered(app, "followers 2210, cost per lead 200, sign-ups 15", channel, next_ts)
    assert "Latest: *2,210*, 10% of the way to the target" in said  # 310 of 3,100
    assert "Latest: *200 kr*, 29% of the way to the target" in said  # 20 of 70
    with app.sessions.begin() as session:
        again = strategies.strategy_by_id(session, TEAM, strategy.id)
    assert again is not None
    assert [g.baseline for g in again.goals] == [Decimal(1900), Decimal(220)]


def test_a_report_without_the_goals_first_metric_leaves_its_baseline_open(
    sqlite_app: RunningApp,
) -> None:
    strategy = live(sqlite_app, baselines=(Decimal(1200), None))
    _, channel, ts = checkin_sent(sqlite_app, strategy)
    # Only the cost goal's second metric: the goal still waits for its first number.
    said, _ = _answered(sqlite_app, "sign-ups 14", channel, ts)
    with sqlite_app.sessions.begin() as session:
        stored = strategies.strategy_by_id(session, TEAM, strategy.id)
    assert stored is not None
    assert [g.baseline for g in stored.goals] == [Decimal(1200), None]
    assert "cost per lead from" not in said  # no progress to show without a baseline
