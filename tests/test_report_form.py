"""The weekly check-in's "Report" form over signed HTTP: the DM's button opens a modal with one
number field per metric, a submission is saved once and answered like a reply in the thread."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.checkins.messages import ACTION_REPORT_FORM
from bot.checkins.report_form import CALLBACK_REPORT_FORM, read_report_form, report_form
from bot.i18n.catalogue import LANGUAGES, translator
from storage import reports, strategies
from storage.models import CheckinRow, ReportRow
from tests.conftest import SIGNING_SECRET, TEAM, RunningApp
from tests.dialogue import message_text
from tests.slack_driver import SlackDriver, fresh_trigger_id, text_values
from tests.test_checkin_blocks import biggest_strategy
from tests.test_forms import assert_valid_view
from tests.test_forms_http import assert_acked, input_blocks, submit
from tests.test_weekly import _checkin_sent, _dms


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
    button = _report_button(_dms(app)[-1].params)
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
        time.sleep(0.5)
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
    _checkin_sent(sqlite_app)
    button = _report_button(_dms(sqlite_app)[-1].params)
    assert button["value"] == str(_checkin_id(sqlite_app))
    assert button["style"] == "primary"
    assert button["text"]["text"] == "Report"


def test_the_owner_reports_through_the_form_once(running_app: RunningApp) -> None:
    strategy, channel, ts = _checkin_sent(running_app)
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
    time.sleep(0.5)
    assert _report_rows(running_app) == 2
    assert len(running_app.slack.calls("chat.postMessage")) == posts

    # Opened again, the form shows the last values as hints.
    call, _ = _open_form(running_app, channel, ts)
    hints = {k: b["hint"]["text"] for k, b in input_blocks(call.response["view"]).items()}
    assert hints[f"metric_{ids['Instagram followers']}"] == "Last reported: 1,900"
    assert hints[f"metric_{ids['cost per lead']}"] == "Last reported: 220"
    assert hints[f"metric_{ids['sign-ups from social']}"] == "No report yet"


def test_unreadable_numbers_keep_the_form_open(running_app: RunningApp) -> None:
    strategy, channel, ts = _checkin_sent(running_app)
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
    time.sleep(0.3)
    assert _report_rows(running_app) == 0


def test_an_all_blank_form_asks_for_a_number(sqlite_app: RunningApp) -> None:
    strategy, channel, ts = _checkin_sent(sqlite_app)
    ids = _metric_ids(sqlite_app, strategy.id)
    call, _ = _open_form(sqlite_app, channel, ts)
    reply = submit(sqlite_app, call.response["view"], {}, user="U2")
    body = reply.json()
    assert body["response_action"] == "errors"
    assert list(body["errors"]) == [f"metric_{ids['Instagram followers']}"]
    assert _report_rows(sqlite_app) == 0


def test_a_too_large_number_is_refused(sqlite_app: RunningApp) -> None:
    strategy, channel, ts = _checkin_sent(sqlite_app)
    ids = _metric_ids(sqlite_app, strategy.id)
    call, _ = _open_form(sqlite_app, channel, ts)
    followers = f"metric_{ids['Instagram followers']}"
    reply = submit(sqlite_app, call.response["view"], {followers: "9" * 30}, user="U2")
    assert reply.json()["errors"] == {followers: "That number is too large for me."}
    assert _report_rows(sqlite_app) == 0


def test_someone_else_gets_no_form_and_saves_nothing(sqlite_app: RunningApp) -> None:
    strategy, channel, ts = _checkin_sent(sqlite_app)
    ids = _metric_ids(sqlite_app, strategy.id)
    _open_form(sqlite_app, channel, ts, user="U9")
    # A forged submission from someone else: acked, nothing saved or said.
    call, _ = _open_form(sqlite_app, channel, ts)
    followers = f"metric_{ids['Instagram followers']}"
    assert_acked(submit(sqlite_app, call.response["view"], {followers: "1900"}, user="U9"))
    time.sleep(0.5)
    assert _report_rows(sqlite_app) == 0


def test_another_workspace_cannot_touch_the_checkin(running_app: RunningApp) -> None:
    strategy, channel, ts = _checkin_sent(running_app)
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
    time.sleep(0.5)
    assert _report_rows(running_app) == 0


# --- the form on its own ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_biggest_strategy_fits_one_form(language: str) -> None:
    strategy = biggest_strategy()
    latest = {metric.id: Decimal("123456789.1234") for _, metric in _all(strategy)}
    view = report_form(strategy, 7, latest, translator(language))
    assert_valid_view(view)
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    assert len(inputs) == 50
    assert [b["block_id"] for b in inputs] == [f"metric_{m.id}" for _, m in _all(strategy)]
    assert all(b["optional"] and b["hint"]["text"] for b in inputs)
    assert view["private_metadata"] == "7"


def _all(strategy: Any) -> list[Any]:
    return [(goal, metric) for goal in strategy.goals for metric in goal.metrics]


def test_read_report_form_takes_what_is_filled() -> None:
    tr = translator("en")
    values = text_values({"metric_3": "5k", "metric_4": "  ", "metric_5": "12,5"})
    values["metric_6"] = {"value": {"type": "plain_text_input", "value": None}}
    assert read_report_form(values, tr) == ({3: Decimal(5000), 5: Decimal("12.5")}, {})
    _, errors = read_report_form(text_values({"metric_3": "12 14", "metric_4": "x"}), tr)
    assert errors == {
        "metric_3": "Write just one number here.",
        "metric_4": "I couldn't read that as a number. Write it like 1200 or 12.5.",
    }
    _, blank = read_report_form(text_values({"metric_3": "", "metric_4": ""}), tr)
    assert blank == {"metric_3": "Fill in at least one number."}


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(["value", "type", "other"]), children, max_size=3)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["metric_1", "metric_2", "metric_x", "metric_-1", "goal_0"])
        | st.integers(),
        st.dictionaries(st.sampled_from(["value", "other"]), _json, max_size=2) | _json,
        max_size=5,
    )
    | _json
)
def test_read_report_form_survives_any_shape(values: Any) -> None:
    found, errors = read_report_form(values, translator("nb"))
    assert all(isinstance(v, Decimal) for v in found.values())
    assert all(key.startswith("metric_") for key in errors)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_typed_text_is_a_number_or_an_error(text: str) -> None:
    found, errors = read_report_form(text_values({"metric_1": text}), translator("en"))
    assert bool(found) != bool(errors)
