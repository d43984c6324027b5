"""`/strategy status` and `@Strategy Coach status`: through signed requests to the running app,
against the fake Slack, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from PIL import Image
from sqlalchemy import Connection, event

from bot.domain.model import Direction, Period, Status
from bot.insights.chart import chart_size
from storage import strategies, workspaces
from storage.db import AUTOCOMMIT
from tests.conftest import TODAY, RunningApp
from tests.support.block_checks import assert_within_limits
from tests.support.slack_driver import SlackDriver, fresh_ts
from tests.support.status_data import live_strategy, store


def _text(params: dict) -> str:
    return json.dumps(params.get("blocks") or [], ensure_ascii=False) + str(params.get("text"))


def _posted(app: RunningApp, channel: str, count: int = 1) -> list[dict]:
    calls = app.slack.wait_for(
        "chat.postMessage", count, where=lambda c: c.params.get("channel") == channel
    )
    return [c.params for c in calls]


def _uploaded_png(app: RunningApp, channel: str) -> tuple[dict, dict, Image.Image]:
    """The chart's upload: (getUploadURLExternal params, completeUploadExternal params, image)."""
    complete = app.slack.wait_for(
        "files.completeUploadExternal",
        where=lambda c: c.params.get("channel_id") == channel,
        timeout=20,
    )[-1]
    files = complete.params["files"]
    files = json.loads(files) if isinstance(files, str) else files
    data = app.slack.uploaded(files[0]["id"])
    assert data is not None
    asked = [
        c.params
        for c in app.slack.calls("files.getUploadURLExternal")
        if c.params.get("filename") == "strategy-status.png"
    ]
    image = Image.open(io.BytesIO(data))
    image.load()
    return asked[-1], complete.params, image


def test_status_command_posts_the_standing_then_the_chart(running_app: RunningApp) -> None:
    app = running_app
    store(
        app.sessions,
        live_strategy("C1", goals=1, metrics_per_goal=2),
        TODAY,
        weeks=6,
        missed=(4,),
        started_weeks_ago=8,
        next_checkin=dt.datetime.combine(TODAY + dt.timedelta(days=3), dt.time(8), dt.UTC),
    )
    reply = app.driver.command("status", channel_id="C1")
    assert reply.status == 200  # acked; the message and the chart follow
    (message,) = _posted(app, "C1")
    text = _text(message)
    assert "We make the brand human" in text  # the mission in one line
    assert "followers 1 from 1,000 followers to 5,000 followers" in text
    assert "▰" in text and "%" in text  # progress bar and percentage
    assert "since last report" in text  # trend since last week
    assert "Last check-in" in text
    assert "1 week missed" in text  # the missed week, not hidden
    assert "Next check-in" in text
    assert message.get("thread_ts") is None
    assert_within_limits(message["text"], message["blocks"])
    asked, complete, image = _uploaded_png(app, "C1")
    assert image.format == "PNG"
    assert image.size == chart_size(2)  # one panel per metric
    assert "followers 1" in asked["alt_txt"]
    assert complete.get("thread_ts") in (None, "")
    files = complete["files"]
    files = json.loads(files) if isinstance(files, str) else files
    assert files[0]["title"] == "Weekly numbers against the plan"


def test_status_in_norwegian(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    strategy = live_strategy("C1")
    strategy.language = "nb"
    store(app.sessions, strategy, TODAY, weeks=3)
    with app.sessions.begin() as session:
        workspaces.set_team_language(session, "T111", "nb")
    app.driver.command("status", channel_id="C1")
    (message,) = _posted(app, "C1")
    assert "Siste innsjekk" in _text(message)
    asked, _, image = _uploaded_png(app, "C1")
    assert image.size == chart_size(1)
    assert "followers 1" in asked["alt_txt"]


def test_mention_in_a_channel_and_in_a_thread(running_app: RunningApp) -> None:
    app = running_app
    store(app.sessions, live_strategy("C1"), TODAY, weeks=4)
    reply = app.driver.app_mention("<@UBOT> status", channel_id="C1")
    assert reply.status == 200
    (top,) = _posted(app, "C1")
    assert top.get("thread_ts") is None
    assert "followers 1 from" in _text(top)
    _, complete, _ = _uploaded_png(app, "C1")
    files = complete["files"]
    uploaded = (json.loads(files) if isinstance(files, str) else files)[0]["id"]

    thread = fresh_ts()
    app.driver.app_mention("<@UBOT> status", channel_id="C1", thread_ts=thread)
    in_thread = app.slack.wait_for(
        "chat.postMessage", where=lambda c: c.params.get("thread_ts") == thread
    )
    assert "followers 1 from" in _text(in_thread[0].params)
    # The same chart: shown in the thread's status by the file uploaded for the first one.
    assert f'"slack_file": {{"id": "{uploaded}"}}' in _text(in_thread[0].params)
    app.settle()
    assert len(app.slack.calls("files.completeUploadExternal")) == 1

    app.clock.advance(dt.timedelta(weeks=1))  # a new week: the chart is drawn again
    thread = fresh_ts()
    app.driver.app_mention("<@UBOT> status", channel_id="C1", thread_ts=thread)
    chart = app.slack.wait_for(
        "files.completeUploadExternal",
        where=lambda c: c.params.get("thread_ts") == thread,
        timeout=20,
    )
    assert chart[0].params["channel_id"] == "C1"


def test_a_retried_mention_is_answered_once(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    store(app.sessions, live_strategy("C1"), TODAY, weeks=2)
    ts = fresh_ts()
    app.driver.app_mention("<@UBOT> status", channel_id="C1", ts=ts)
    app.driver.app_mention("<@UBOT> status", channel_id="C1", ts=ts, retry_num=1)
    _uploaded_png(app, "C1")
    app.settle()
    posts = [c for c in app.slack.calls("chat.postMessage") if c.params.get("channel") == "C1"]
    assert len(posts) == 1
    assert len(app.slack.calls("files.completeUploadExternal")) == 1


def test_a_mention_in_the_builders_thread_is_not_taken_as_an_answer(
    sqlite_app: RunningApp,
) -> None:
    app = sqlite_app
    app.driver.command("", channel_id="C1")  # start a strategy: the coach asks for goals
    app.slack.wait_for("chat.postMessage", where=lambda c: not c.params.get("thread_ts"))
    thread = app.slack.messages("C1")[0]["ts"]
    app.slack.wait_for("chat.postMessage", where=lambda c: c.params.get("thread_ts") == thread)
    before = len(app.slack.calls("chat.postMessage"))
    ts = fresh_ts()
    app.driver.app_mention("<@UBOT> status", channel_id="C1", thread_ts=thread, ts=ts)
    app.driver.thread_reply("<@UBOT> status", thread_ts=thread, ts=ts, channel_id="C1")
    draft = app.slack.wait_for(
        "chat.postMessage", count=1, where=lambda c: "still being built" in _text(c.params)
    )
    assert draft[0].params["thread_ts"] == thread
    assert len(app.slack.calls("chat.postMessage")) == before + 1  # the coach said nothing
    with app.sessions.begin() as session:
        strategy = strategies.strategy_in_channel(session, "T111", "C1")
    assert strategy is not None and strategy.goals == []


def test_status_of_a_strategy_still_being_built_lists_the_missing_steps(
    sqlite_app: RunningApp,
) -> None:
    app = sqlite_app
    strategy = live_strategy("C1")
    strategy.status = Status.DRAFT
    strategy.mission = None
    store(app.sessions, strategy, TODAY)
    app.driver.command("status", channel_id="C1")
    (message,) = _posted(app, "C1")
    text = _text(message)
    assert "still being built" in text
    assert "Mission" in text
    assert "https://" in text  # the link to its thread
    app.settle()
    assert not app.slack.calls("files.getUploadURLExternal")


def test_no_reports_yet_says_when_the_first_check_in_is(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    monday = dt.datetime.combine(TODAY + dt.timedelta(days=7), dt.time(8), dt.UTC)
    store(app.sessions, live_strategy("C1"), TODAY, next_checkin=monday)
    app.driver.command("status", channel_id="C1")
    (message,) = _posted(app, "C1")
    text = _text(message)
    assert "No numbers yet" in text
    assert "the first check-in is" in text
    assert str(monday.astimezone(dt.timezone(dt.timedelta(hours=1))).day) in text
    app.settle()
    assert not app.slack.calls("files.getUploadURLExternal")


def test_which_strategy_by_channel_only_one_name_or_a_list(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    store(app.sessions, live_strategy("C1", name="Marketing plan"), TODAY, weeks=2)
    # The workspace has one: asked from another channel, that one.
    app.driver.command("status", channel_id="C9")
    assert "Marketing plan" in _text(_posted(app, "C9")[0])
    store(app.sessions, live_strategy("C2", name="Sales push"), TODAY, weeks=2)
    # Two: from a third channel, a list to choose from, to the asker only.
    app.driver.command("status", channel_id="C8")
    listed = app.slack.wait_for("response_url")[-1].params
    assert "Marketing plan" in _text(listed) and "Sales push" in _text(listed)
    assert not [c for c in app.slack.calls("chat.postMessage") if c.params["channel"] == "C8"]
    # By name, and by channel.
    app.driver.command("status sales", channel_id="C8")
    assert "Sales push" in _text(_posted(app, "C8")[0])
    app.driver.command("status <#C1|c1>", channel_id="C7")
    assert "Marketing plan" in _text(_posted(app, "C7")[0])
    # The channel's own wins.
    app.driver.command("status", channel_id="C2")
    assert "Sales push" in _text(_posted(app, "C2")[0])


def test_a_private_channels_strategy_stays_there(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    app.slack.add_channel("C5", name="secret-launch", is_private=True)
    store(app.sessions, live_strategy("C5", name="Secret launch"), TODAY, weeks=2)
    # Asked elsewhere: an ephemeral note, nothing in the channel.
    app.driver.command("status", channel_id="C1")
    note = app.slack.wait_for("response_url")[-1].params
    assert "private channel" in _text(note)
    assert "Secret launch" not in _text(note)
    app.driver.app_mention("<@UBOT> status secret", channel_id="C1")
    ephemeral = app.slack.wait_for("chat.postEphemeral")[-1].params
    assert "private channel" in _text(ephemeral) and ephemeral["user"] == "U1"
    # Asking for it by name answers exactly as for a name that does not exist.
    app.driver.command("status secret", channel_id="C1")
    app.driver.command("status no-such-thing", channel_id="C1")
    probed, unknown = app.slack.wait_for("response_url", count=3)[-2:]
    assert probed.params["text"] == unknown.params["text"]
    # Not offered in a list elsewhere either.
    store(app.sessions, live_strategy("C2", name="Open plan"), TODAY, weeks=2)
    app.driver.command("status", channel_id="C3")
    shown_instead = _posted(app, "C3")[0]  # the only one that may be shown there
    assert "Open plan" in _text(shown_instead) and "Secret launch" not in _text(shown_instead)
    _uploaded_png(app, "C3")
    shown = [c for c in app.slack.calls("chat.postMessage") if "Secret" in _text(c.params)]
    assert shown == []
    uploads = app.slack.calls("files.completeUploadExternal")
    assert [c.params["channel_id"] for c in uploads] == ["C3"]
    # In its own channel it is shown.
    app.driver.command("status", channel_id="C5")
    assert "Secret launch" in _text(_posted(app, "C5")[0])


def test_status_never_shows_another_workspaces_strategy(running_app: RunningApp) -> None:
    app = running_app
    store(app.sessions, live_strategy("C1", name="Their plan"), TODAY, weeks=2)
    other = SlackDriver(app.url, app.driver.signing_secret, team_id="T222", fake=app.slack)
    other.command("status", channel_id="C1")
    other.command("status their", channel_id="C1")
    other.app_mention("<@UBOT> status", channel_id="C1")
    app.slack.wait_for("response_url", count=2)
    app.slack.wait_for("chat.postEphemeral")
    app.settle()
    everything = " ".join(_text(c.params) for c in app.slack.calls())
    assert "Their plan" not in everything
    assert "no strategy to show here" in everything
    assert not app.slack.calls("files.getUploadURLExternal")


def _count_queries(app: RunningApp, channel: str) -> int:
    engine = app.sessions.kw["bind"]
    seen: list[str] = []

    def count(connection: Connection, *args: object) -> None:
        # The looks on the way to every ack (the database guard's, whether the team came back)
        # read outside any transaction and are skipped for a short window after one was made:
        # whether a request makes them depends on the one before it, not on the strategy.
        if connection.get_execution_options().get("isolation_level") != AUTOCOMMIT:
            seen.append(str(args[1]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        app.driver.command("status", channel_id=channel)
        _posted(app, channel)
        _uploaded_png(app, channel)
        app.settle()  # the uploaded chart's file id is kept after the upload
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_the_query_count_does_not_grow_with_goals_metrics_or_reports(
    running_app: RunningApp,
) -> None:
    app = running_app
    store(app.sessions, live_strategy("C1", goals=1), TODAY, weeks=2)
    store(app.sessions, live_strategy("C2", goals=10, metrics_per_goal=3), TODAY, weeks=104)
    small, large = _count_queries(app, "C1"), _count_queries(app, "C2")
    assert small == large
    assert small <= 20  # a handful of transactions, not one query per row


@pytest.mark.parametrize("asked", ["status", "status nothing-like-it"])
def test_status_with_no_strategy_anywhere(sqlite_app: RunningApp, asked: str) -> None:
    sqlite_app.driver.command(asked, channel_id="C1")
    note = sqlite_app.slack.wait_for("response_url")[-1].params
    assert "no strategy to show here" in _text(note)


def test_other_mentions_get_a_hint_or_are_read_as_answers(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    app.driver.app_mention("<@UBOT> hello there", channel_id="C1")
    hint = app.slack.wait_for("chat.postEphemeral")[-1].params
    assert "@Strategy Coach status" in _text(hint) and hint["user"] == "U1"
    # In the builder's thread, a mention that answers the question is an answer.
    app.driver.command("", channel_id="C2")
    app.slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "C2")
    thread = app.slack.messages("C2")[0]["ts"]
    answer = "<@UBOT> 5000 Instagram followers by 30 June 2027, we have 1200 today"
    ts = fresh_ts()
    app.driver.app_mention(answer, channel_id="C2", thread_ts=thread, ts=ts)
    app.driver.thread_reply(answer, thread_ts=thread, ts=ts, channel_id="C2")
    # Both requests have been answered, so both listeners have finished.
    with app.sessions.begin() as session:
        strategy = strategies.strategy_in_channel(session, "T111", "C2")
        goals = strategy.goals if strategy else []
    assert goals and goals[0].target == 5000
    assert len(app.slack.calls("chat.postEphemeral")) == 1


def test_status_where_the_bot_is_not_a_member_still_answers(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    store(app.sessions, live_strategy("C1", name="Marketing plan"), TODAY, weeks=2)
    app.slack.error("chat.postMessage", "not_in_channel")
    app.driver.command("status", channel_id="C4")
    answers = app.slack.wait_for("response_url", count=2)
    visible = [c.params for c in answers if c.params.get("response_type") == "in_channel"]
    assert visible and "Marketing plan" in _text(visible[0])
    assert any("/invite @Strategy Coach" in _text(c.params) for c in answers)
    app.settle()
    assert not app.slack.calls("files.getUploadURLExternal")


def test_status_shows_a_goals_period_and_a_goal_going_down(sqlite_app: RunningApp) -> None:
    app = sqlite_app
    strategy = live_strategy("C1", goals=2)
    monthly, cheaper = strategy.goals
    monthly.period = Period.MONTH
    cheaper.baseline, cheaper.target, cheaper.direction = (
        Decimal(5000),
        Decimal(1000),
        Direction.DOWN,
    )
    store(app.sessions, strategy, TODAY, weeks=3)  # reports 1,040, 1,080, 1,120
    app.driver.command("status", channel_id="C1")
    (message,) = _posted(app, "C1")
    text = _text(message)
    assert "followers 1 from 1,000 followers to 5,000 followers a month by" in text
    assert "*1,120 followers* of 5,000 followers a month" in text
    # 5,000 -> 1,000 kr at 1,120: 97 % of the way, far below the plan: ahead, not behind.
    assert "*97%* · *1,120 kr*, target 1,000 kr or lower" in text
    assert ":rocket: ahead of plan · plan for now down to " in text
    assert_within_limits(message["text"], message["blocks"])
    asked, _, _ = _uploaded_png(app, "C1")
    assert "followers 1, last 30 days:" in asked["alt_txt"]
    assert "Target 5,000 followers a month by" in asked["alt_txt"]
    assert asked["alt_txt"].count("Lower is better.") == 1
