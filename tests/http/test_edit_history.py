"""History is never deleted by an edit (issue 10, problem 1), over signed HTTP on SQLite and
PostgreSQL. The strategy is built in its thread, the reports come from the owner answering real
weekly check-ins, and the edits go through `/strategy edit`, the thread and the metrics form.

Each test counts the report rows before and after the edit; a goal or metric removed with
reports is archived: in the export (marked), out of status and the check-in DMs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from bot.builder import messages as builder_messages
from bot.domain.model import Status, Step, Strategy
from storage.models import ReportRow
from tests.conftest import RunningApp
from tests.support.buttons import click, latest_question, stored, wait_for_posts
from tests.support.checkins import owner_dms, sender
from tests.support.dialogue import Thread, message_text
from tests.support.fake_slack import Call
from tests.support.slack_driver import fresh_trigger_id
from tests.support.views import assert_acked, input_blocks, submit

GOALS = (
    "5000 Instagram followers by 30 June 2027, we have 1200 today",
    "Reduce cost per lead from 250 kr to 150 kr by 2027-12-31",
)
# The first check-in: Monday 30 November 2026, 09:00 in Oslo (the app's clock is the Friday before).
FIRST_SLOT = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
WEEKS = 3
METRICS = 3  # Instagram followers and reach for goal 1, cost per lead for goal 2


def report_rows(app: RunningApp) -> int:
    engine = create_engine(app.database_url)
    try:
        with Session(engine) as session:
            return session.scalar(select(func.count()).select_from(ReportRow)) or 0
    finally:
        engine.dispose()


def metric_ids(strategy: Strategy) -> dict[str, int | None]:
    return {m.name: m.id for goal in strategy.goals for m in goal.metrics}


def answer_checkin(app: RunningApp, week: int, text: str) -> str:
    """Send the week's check-in (the scheduler's tick at the slot) and answer it in its DM
    thread; what the coach answered there."""
    when = FIRST_SLOT + dt.timedelta(weeks=week)
    app.clock.set(when)
    assert sender(app).tick(when) == 1
    dm = owner_dms(app, owner="U1")[-1]
    channel, ts = dm.response["channel"], dm.response["ts"]
    return answer_in_dm(app, channel, ts, text)


def answer_in_dm(app: RunningApp, channel: str, ts: str, text: str) -> str:
    before = len(_dm_thread(app, ts))
    reply = app.driver.dm(text, user_id="U1", channel_id=channel, thread_ts=ts)
    assert reply.status == 200, reply.body
    app.slack.wait_for(
        "chat.postMessage", count=before + 1, where=lambda c: c.params.get("thread_ts") == ts
    )
    return message_text(_dm_thread(app, ts)[-1].params)


def _dm_thread(app: RunningApp, ts: str) -> list:  # type: ignore[type-arg]
    return [c for c in app.slack.calls("chat.postMessage") if c.params.get("thread_ts") == ts]


def live_with_reports(app: RunningApp, weeks: int = WEEKS) -> Thread:
    """Two goals built in the thread, three metrics, and `weeks` answered check-ins."""
    app.slack.add_user("U1", locale="en-US", tz="Europe/Oslo")
    thread = Thread(app)
    thread.start()
    for goal in GOALS:
        assert "Saved goal" in thread.say(goal)
    thread.say("done")
    assert "Step 3 of 5" in thread.say("We make the brand human.")
    thread.say("Instagram followers, reach")
    thread.say("ok")  # goal 2: its own metric, cost per lead
    thread.say("ok")  # responsibility: me, Mondays at 09:00
    thread.say("Behind the scenes every Friday\nTips from our experts", posts=2)
    assert stored(thread).status is Status.LIVE
    for week in range(weeks):
        said = answer_checkin(
            app,
            week,
            f"Instagram followers {1300 + 100 * week}, reach {800 + 20 * week}, "
            f"cost per lead {240 - 5 * week} kr",
        )
        assert "Saved" in said or "1,3" in said, said
    assert report_rows(app) == weeks * METRICS
    return thread


def edit(app: RunningApp, thread: Thread, step: str) -> None:
    before = len(thread.thread_posts())
    assert app.driver.command(f"edit {step}").status == 200
    wait_for_posts(thread, before + 1)


def metrics_form(thread: Thread) -> dict:
    click(thread, builder_messages.ACTION_METRICS_FORM)
    [call] = thread.app.slack.wait_for("views.open")
    return call.response["view"]


def initial_values(view: dict) -> dict[str, str | None]:
    return {
        block_id: block["element"].get("initial_value")
        for block_id, block in input_blocks(view).items()
    }


def answer_buttons(question: Call) -> tuple[str, dict[str, str]]:
    """The answer buttons under a question: (block_id, {label: the reply it stands for})."""
    [block] = [
        b
        for b in question.params.get("blocks") or []
        if b.get("type") == "actions" and b.get("block_id", "").startswith("answer_")
    ]
    return block["block_id"], {e["text"]["text"]: e["value"] for e in block["elements"]}


def click_answer(thread: Thread, label: str, user: str = "U1") -> None:
    """Click the answer button labelled `label` under the latest question, as Slack sends it."""
    question = latest_question(thread)
    block_id, buttons = answer_buttons(question)
    reply = thread.app.driver.block_action(
        builder_messages.ACTION_ANSWER,
        value=buttons[label],
        block_id=block_id,
        user_id=user,
        channel_id=thread.channel,
        message_ts=question.response["ts"],
        thread_ts=thread.thread_ts,
        trigger_id=fresh_trigger_id(),
    )
    assert reply.status == 200, reply.body


def waited(app: RunningApp, method: str, where: Callable[[Call], bool], command: str) -> Call:
    """Send `/strategy <command>` and wait for its next `method` call matching `where`."""
    before = len([c for c in app.slack.calls(method) if where(c)])
    assert app.driver.command(command).status == 200
    return app.slack.wait_for(method, count=before + 1, timeout=10, where=where)[-1]


def status_text(app: RunningApp) -> str:
    post = waited(
        app,
        "chat.postMessage",
        lambda c: c.params.get("channel") == "C1" and not c.params.get("thread_ts"),
        "status",
    )
    return message_text(post.params)


def export(app: RunningApp) -> tuple[list[dict[str, str]], str]:
    """`/strategy export`: the CSV rows and the Markdown page."""
    dm = app.slack.dm_channel("U1")
    complete = waited(
        app, "files.completeUploadExternal", lambda c: c.params.get("channel_id") == dm, "export"
    )
    files = complete.params["files"]
    files = json.loads(files) if isinstance(files, str) else files
    by_name: dict[str, bytes] = {}
    for item in files:
        data = app.slack.uploaded(item["id"])
        assert data is not None
        [name] = {
            c.params["filename"]
            for c in app.slack.calls("files.getUploadURLExternal")
            if int(c.params["length"]) == len(data)
        }
        by_name[name] = data
    [csv_data] = [data for name, data in by_name.items() if name.endswith(".csv")]
    [markdown] = [data for name, data in by_name.items() if name.endswith(".md")]
    rows = list(csv.DictReader(io.StringIO(csv_data.decode("utf-8"), newline="")))
    return rows, markdown.decode("utf-8")


def next_checkin_dm(app: RunningApp) -> str:
    """The check-in DM of the week after the reports."""
    when = FIRST_SLOT + dt.timedelta(weeks=WEEKS)
    app.clock.set(when)
    assert sender(app).tick(when) == 1
    return message_text(owner_dms(app, owner="U1")[-1].params)


# --- the form saved unchanged, a metric retyped, a metric renamed ----------------------------


def test_the_metrics_form_saved_unchanged_keeps_every_report(running_app: RunningApp) -> None:
    app = running_app
    thread = live_with_reports(app)
    ids = metric_ids(stored(thread))
    before = report_rows(app)
    edit(app, thread, "measurement")
    view = metrics_form(thread)
    values = initial_values(view)
    assert values == {"goal_0": "Instagram followers\nreach", "goal_1": "cost per lead (kr)"}
    posts = len(thread.thread_posts())
    assert_acked(submit(app, view, values))
    said = message_text(wait_for_posts(thread, posts + 1)[-2].params)
    assert "Saved the metrics from the form" in said
    assert stored(thread).status is Status.LIVE
    assert report_rows(app) == before == WEEKS * METRICS  # 9 of 9 kept
    assert metric_ids(stored(thread)) == ids


def test_a_metric_retyped_in_the_thread_keeps_its_reports(running_app: RunningApp) -> None:
    app = running_app
    thread = live_with_reports(app)
    ids = metric_ids(stored(thread))
    before = report_rows(app)
    edit(app, thread, "measurement")
    assert "Goal 1 will be measured by" in thread.say("instagram  Followers, REACH")
    thread.say("ok", posts=2)
    strategy = stored(thread)
    assert strategy.status is Status.LIVE and strategy.conversation.step is None
    assert report_rows(app) == before == WEEKS * METRICS
    # The same metrics (ids), spelled as retyped.
    assert [m.id for m in strategy.goals[0].metrics] == [
        ids["Instagram followers"],
        ids["reach"],
    ]
    assert [m.name for m in strategy.goals[0].metrics] == ["instagram Followers", "REACH"]


def test_a_metric_renamed_in_the_form_keeps_its_id_and_history(running_app: RunningApp) -> None:
    app = running_app
    thread = live_with_reports(app)
    reach = metric_ids(stored(thread))["reach"]
    before = report_rows(app)
    edit(app, thread, "measurement")
    view = metrics_form(thread)
    values = initial_values(view) | {"goal_0": "Instagram followers\naccounts reached (accounts)"}
    posts = len(thread.thread_posts())
    assert_acked(submit(app, view, values))
    wait_for_posts(thread, posts + 2)
    strategy = stored(thread)
    renamed = strategy.goals[0].metrics[1]
    assert (renamed.id, renamed.name, renamed.unit) == (reach, "accounts reached", "accounts")
    assert report_rows(app) == before == WEEKS * METRICS
    rows, _ = export(app)
    assert [r["metric"] for r in rows].count("accounts reached") == WEEKS
    assert all(r["archived"] == "" for r in rows)


# --- removing with confirmation --------------------------------------------------------------


def test_a_goal_removed_with_confirmation_is_archived(running_app: RunningApp) -> None:
    app = running_app
    thread = live_with_reports(app)
    before = report_rows(app)
    edit(app, thread, "goals")
    asked = thread.say("remove 2")
    assert (
        "Goal 2 *cost per lead* has 3 weekly numbers. Remove it from check-ins and status? "
        "Its numbers stay in the export."
    ) in asked
    assert len(stored(thread).goals) == 2  # nothing removed yet
    assert answer_buttons(latest_question(thread))[1] == {"Yes, remove": "yes", "Keep": "keep"}
    # Only whoever may edit may confirm: a colleague's click changes nothing.
    click_answer(thread, "Yes, remove", user="U9")
    assert len(stored(thread).goals) == 2
    posts = len(thread.thread_posts())
    click_answer(thread, "Yes, remove")
    said = message_text(wait_for_posts(thread, posts + 1)[-1].params)
    assert "Removed goal 2" in said and "stay in the export" in said
    thread.say("done", posts=2)
    strategy = stored(thread)
    assert [g.metric for g in strategy.goals] == ["Instagram followers"]
    assert [g.metric for g in strategy.archived_goals] == ["cost per lead"]
    assert report_rows(app) == before == WEEKS * METRICS  # 9 of 9 kept
    assert "cost per lead" not in status_text(app)
    rows, markdown = export(app)
    assert len(rows) == WEEKS * METRICS
    archived = [r for r in rows if r["archived"] == "yes"]
    assert [r["metric"] for r in archived] == ["cost per lead"] * WEEKS
    assert "Archived goal: Reduce cost per lead" in markdown
    assert "cost per lead" not in next_checkin_dm(app)


def test_a_metric_removed_with_confirmation_is_archived(running_app: RunningApp) -> None:
    app = running_app
    thread = live_with_reports(app)
    before = report_rows(app)
    edit(app, thread, "measurement")
    asked = thread.say("Instagram followers")
    assert "Goal 1 *Instagram followers*: *reach* has 3 weekly numbers." in asked
    assert "Remove it from check-ins and status? Its numbers stay in the export." in asked
    assert [m.name for m in stored(thread).goals[0].metrics] == ["Instagram followers", "reach"]
    said = thread.say("yes")
    assert "Taken out of check-ins and status" in said
    assert "Goal 1 will be measured by Instagram followers." in said
    thread.say("ok", posts=2)
    strategy = stored(thread)
    assert strategy.status is Status.LIVE
    assert [m.name for m in strategy.goals[0].metrics] == ["Instagram followers"]
    assert [m.name for m in strategy.goals[0].archived_metrics] == ["reach"]
    assert report_rows(app) == before == WEEKS * METRICS
    rows, markdown = export(app)
    assert [r["metric"] for r in rows if r["archived"] == "yes"] == ["reach"] * WEEKS
    assert "reach (archived)" in markdown
    dm = next_checkin_dm(app)
    assert "reach" not in dm and "Instagram followers" in dm


def test_a_removal_declined_keeps_goal_and_metric(running_app: RunningApp) -> None:
    app = running_app
    thread = live_with_reports(app)
    ids = metric_ids(stored(thread))
    before = report_rows(app)
    edit(app, thread, "goals")
    thread.say("remove 2")
    assert "Kept goal 2" in thread.say("keep")
    thread.say("done", posts=2)
    assert len(stored(thread).goals) == 2
    # The form without reach: asked, and Keep (the second button) keeps it.
    edit(app, thread, "measurement")
    view = metrics_form(thread)
    posts = len(thread.thread_posts())
    assert_acked(submit(app, view, initial_values(view) | {"goal_0": "Instagram followers"}))
    asked = message_text(wait_for_posts(thread, posts + 1)[-1].params)
    assert "*reach* has 3 weekly numbers" in asked
    posts = len(thread.thread_posts())
    click_answer(thread, "Keep")
    said = message_text(wait_for_posts(thread, posts + 1)[-2].params)
    assert "Kept, with their numbers." in said
    strategy = stored(thread)
    assert strategy.status is Status.LIVE and strategy.conversation.step is None
    assert metric_ids(strategy) == ids
    assert strategy.archived_goals == [] and strategy.goals[0].archived_metrics == []
    assert report_rows(app) == before == WEEKS * METRICS
    assert "cost per lead" in status_text(app)


# --- held check-in values after an edit ------------------------------------------------------


def test_yes_to_held_values_of_a_removed_metric_is_answered_not_a_crash(
    running_app: RunningApp,
) -> None:
    app = running_app
    thread = live_with_reports(app, weeks=1)
    # Week 2: reach jumps to more than ten times last week's: held back until confirmed.
    when = FIRST_SLOT + dt.timedelta(weeks=1)
    app.clock.set(when)
    assert sender(app).tick(when) == 1
    dm = owner_dms(app, owner="U1")[-1]
    channel, ts = dm.response["channel"], dm.response["ts"]
    said = answer_in_dm(app, channel, ts, "reach 90000")
    assert "Is that right?" in said
    # Meanwhile reach is removed from the strategy (archived: it has a report).
    edit(app, thread, "measurement")
    thread.say("Instagram followers")
    thread.say("yes")
    thread.say("ok", posts=2)
    assert stored(thread).conversation.step is None
    before = report_rows(app)
    said = answer_in_dm(app, channel, ts, "yes")
    assert "I did not save 1 of the numbers held back" in said
    assert report_rows(app) == before == METRICS
    assert (
        stored(thread).conversation.step is None and Step.MEASUREMENT not in stored(thread).skipped
    )
