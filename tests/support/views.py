"""Modals for the tests: Slack's own validation of a view, and submitting an opened view back
as Slack does (its `view.state.values` shape). Used by the form tests, unit and over HTTP."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.views import View

from tests.conftest import RunningApp
from tests.support.slack_driver import Reply


def assert_valid_view(view: dict) -> None:
    View(**view).to_dict()  # slack_sdk validates title, blocks and lengths
    assert len(view["blocks"]) <= 100
    assert len(view["title"]["text"]) <= 24
    for block in view["blocks"]:
        if block["type"] == "input":
            assert block["element"]["action_id"] == "value"
            assert len(block["label"]["text"]) <= 150
        for obj in (block.get("text"), block.get("label"), block.get("hint")):
            if obj and obj["type"] == "mrkdwn":
                assert obj["verbatim"] is True
    json.dumps(view)


def input_blocks(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in view["blocks"] if b.get("type") == "input"}


def state_values(view: dict[str, Any], answers: dict[str, str | None]) -> dict[str, Any]:
    """Slack's `view.state.values` for `answers` by block id; None or absent is left empty.

    Slack sends every input block, an empty one with a null value (or no selected option).
    """
    values: dict[str, Any] = {}
    for block_id, block in input_blocks(view).items():
        element = block["element"]
        answer = answers.get(block_id)
        kind = element["type"]
        if kind == "plain_text_input":
            state: dict[str, Any] = {"type": kind, "value": answer}
        elif kind == "datepicker":
            state = {"type": kind, "selected_date": answer}
        elif kind == "static_select":
            chosen = [o for o in element["options"] if o["value"] == answer]
            assert answer is None or chosen, f"{answer!r} is not an option of {block_id}"
            state = {"type": kind, "selected_option": chosen[0] if chosen else None}
        else:
            raise AssertionError(f"unexpected element {kind}")
        values[block_id] = {element["action_id"]: state}
    return values


def submit(
    app: RunningApp,
    view: dict[str, Any],
    answers: dict[str, str | None],
    user: str = "U1",
    view_id: str | None = None,
    **overrides: Any,
) -> Reply:
    fields: dict[str, Any] = {
        "private_metadata": view["private_metadata"],
        "user_id": user,
        "view_id": view_id or view["id"],
    }
    fields.update(overrides)
    return app.driver.view_submission(view["callback_id"], state_values(view, answers), **fields)


def assert_acked(reply: Reply) -> None:
    """A plain ack: 200 and no response_action (the modal closes)."""
    assert reply.status == 200, (reply.status, reply.body)
    assert reply.body in ("", "{}") or "response_action" not in reply.json(), reply.body
