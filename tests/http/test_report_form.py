"""The weekly check-in's "Report" form over signed HTTP: the DM's button opens a modal with one
number field per metric, a submission is saved once and answered like a reply in the thread."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from bot.checkins.messages import ACTION_REPORT_FORM
from bot.checkins.report_form import CALLBACK_REPORT_FORM
from storage import reports, strategies
from storage.models import CheckinRow, ReportRow
from tests.conftest import SIGNING_SECRET, TEAM, RunningApp
from tests.support.checkins import checkin_sent, owner_dms
from tests.support.dialogue import message_text
from tests.support.slack_driver import SlackDriver, fresh_trigger_id, text_values
from tests.support.views import assert_acked, input_blocks, submit


def _report_button(params: dict[str, Any]) -> dict[str, Any]:
    [button] = [
        element
        for block in params["blocks"]
        if block.get("type") == "actions"
        for element in block["elements"]
        if element.get("action_id") == ACTION_REPORT_FORM
    ]
    return button


def _checkin_id(app: RunningApp) -> int:
    with app.sessions.begin() as session:
        [checkin_id] = session.scalars(select(CheckinRow.id)).all()
    return checkin_id


def _metric_ids(app: RunningApp, strategy_id: int) -> dict[str, int]:
    with app.sessions.begin() as session:
        stored = strategies.strategy_by_id(session, TEAM, strategy_id)
        return {m.name: m.id for goal in stored.goals for m in goal.metrics}


def _open_form(
    app: RunningApp, channel: str, ts: str, user: str = "U2", driver: SlackDriver | None = None
) -> tuple[Any, str]:
    """Click the DM's Report button; the views.open call it caused (or None) and its trigger."""
    button = _report_button(owner_dms(app)[-1].params)
    before = len(app.slack.calls("views.open"))
    trigger_id = fresh_trigger_id()
    reply = (driver or app.driver).block_action(
        ACTION_REPORT_FORM,
        value=button["value"],
        user_id=user,
        channel_id=channel,
        message_ts=ts,
        trigger_id=trigger_id,
        block_id="report",
    )
    assert reply.status == 200
    if user != "U2" or driver is not None:
        assert len(app.slack.calls("views.open")) == before
        return None, trigger_id
    call = app.slack.wait_for("views.open", count=before + 1)[-1]
    assert call.response and call.response["ok"], call.response
    return call, trigger_id


def _reports(app: RunningApp, strategy_id: int) -> list[Decimal]:
    with app.sessions.begin() as session:
        return sorted(r.value for r in reports.reports_for_strategy(session, strategy_id))


def _report_rows(app: RunningApp) -> int:
    with app.sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(ReportRow)) or 0


def test_the_checkin_dm_has_a_report_button(sqlite_app: RunningApp) -> None:
    checkin_sent(sqlite_app)
    button = _report_button(owner_dms(sqlite_app)[-1].params)
    assert button["value"] == str(_checkin_id(sqlite_app))
    assert button["style"] == "primary"
    assert button["text"]["text"] == "Report"


def test_the_owner_reports_through_the_form_once(running_app: RunningApp) -> None:
    strategy, channel, ts = checkin_sent(running_app)
    ids = _metric_ids(running_app, strategy.id)
    call, trigger_id = _open_form(running_app, channel, ts)
    assert call.params["trigger_id"] == trigger_id
    view = call.response["view"]
    assert view["callback_id"] == CALLBACK_REPORT_FORM
    assert view["private_metadata"] == str(_checkin_id(running_app))
    inputs = input_blocks(view)
    assert list(inputs) == [
        f"metric_{ids['Instagram followers']}",
        f"metric_{ids['cost per lead']}",
        f"metric_{ids['sign-ups from social']}",
    ]
    assert all(b["optional"] and b["hint"]["text"] == "No report yet" for b in inputs.values())
    assert "cost per lead (kr)" in inputs[f"metric_{ids['cost per lead']}"]["label"]["text"]

    answers = {
        f"metric_{ids['Instagram followers']}": "1 900",
        f"metric_{ids['cost per lead']}": "220",
        f"metric_{ids['sign-ups from social']}": None,  # left empty: a gap, not a zero
    }
    assert_acked(submit(running_app, view, answers, user="U2"))
    answer = running_app.slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.params.get("thread_ts") == ts and c.params.get("channel") == channel,
    )[-1]
    assert "1,900" in message_text(answer.params)
    digest = running_app.slack.wait_for(
        "chat.postMessage", where=lambda c: c.params.get("thread_ts") == strategy.thread_ts
    )[-1]
    assert "<@U2>" in message_text(digest.params)
    assert _reports(running_app, strategy.id) == [Decimal(220), Decimal(1900)]

    # Slack retries, or a double click on submit: the same view id saves nothing more.
    posts = len(running_app.slack.calls("chat.postMessage"))
    assert_acked(submit(running_app, view, answers, user="U2"))
    assert _report_rows(running_app) == 2
    assert len(running_app.slack.calls("chat.postMessage")) == posts

    # Opened again, the form shows the last values as hints.
    call, _ = _open_form(running_app, channel, ts)
    hints = {k: b["hint"]["text"] for k, b in input_blocks(call.response["view"]).items()}
    assert hints[f"metric_{ids['Instagram followers']}"] == "Last reported: 1,900"
    assert hints[f"metric_{ids['cost per lead']}"] == "Last reported: 220"
    assert hints[f"metric_{ids['sign-ups from social']}"] == "No report yet"


def test_unreadable_numbers_keep_the_form_open(running_app: RunningApp) -> None:
    strategy, channel, ts = checkin_sent(running_app)
    ids = _metric_ids(running_app, strategy.id)
    call, _ = _open_form(running_app, channel, ts)
    view = call.response["view"]
    followers = f"metric_{ids['Instagram followers']}"
    cost = f"metric_{ids['cost per lead']}"
    signups = f"metric_{ids['sign-ups from social']}"
    reply = submit(running_app, view, {followers: "lots", cost: "1.234", signups: "14"}, user="U2")
    assert reply.status == 200
    body = reply.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {followers, cost}
    assert "dot" in body["errors"][cost]
    assert _report_rows(running_app) == 0


def test_an_all_blank_form_asks_for_a_number(sqlite_app: RunningApp) -> None:
    strategy, channel, ts = checkin_sent(sqlite_app)
    ids = _metric_ids(sqlite_app, strategy.id)
    call, _ = _open_form(sqlite_app, channel, ts)
    reply = submit(sqlite_app, call.response["view"], {}, user="U2")
    body = reply.json()
    assert body["response_action"] == "errors"
    assert list(body["errors"]) == [f"metric_{ids['Instagram followers']}"]
    assert _report_rows(sqlite_app) == 0


def test_a_too_large_number_is_refused(sqlite_app: RunningApp) -> None:
    strategy, channel, ts = checkin_sent(sqlite_app)
    ids = _metric_ids(sqlite_app, strategy.id)
    call, _ = _open_form(sqlite_app, channel, ts)
    followers = f"metric_{ids['Instagram followers']}"
    reply = submit(sqlite_app, call.response["view"], {followers: "9" * 30}, user="U2")
    assert reply.json()["errors"] == {followers: "That number is too large for me."}
    assert _report_rows(sqlite_app) == 0


def test_someone_else_gets_no_form_and_saves_nothing(sqlite_app: RunningApp) -> None:
    strategy, channel, ts = checkin_sent(sqlite_app)
    ids = _metric_ids(sqlite_app, strategy.id)
    _open_form(sqlite_app, channel, ts, user="U9")
    # A forged submission from someone else: acked, nothing saved or said.
    call, _ = _open_form(sqlite_app, channel, ts)
    followers = f"metric_{ids['Instagram followers']}"
    assert_acked(submit(sqlite_app, call.response["view"], {followers: "1900"}, user="U9"))
    assert _report_rows(sqlite_app) == 0


def test_another_workspace_cannot_touch_the_checkin(running_app: RunningApp) -> None:
    strategy, channel, ts = checkin_sent(running_app)
    ids = _metric_ids(running_app, strategy.id)
    other = SlackDriver(running_app.url, SIGNING_SECRET, team_id="T999", fake=running_app.slack)
    _open_form(running_app, channel, ts, driver=other)
    checkin_id = str(_checkin_id(running_app))
    values = text_values({f"metric_{ids['Instagram followers']}": "1900"})
    reply = other.view_submission(
        CALLBACK_REPORT_FORM, values, private_metadata=checkin_id, user_id="U2"
    )
    assert reply.status == 200
    assert reply.body in ("", "{}") or "response_action" not in reply.json()
    assert _report_rows(running_app) == 0
