"""The word "payload" in a command's fields: Bolt alone read such a form body as an empty
interactivity payload and answered 404 (the command was lost; Slack does not retry commands)."""

from __future__ import annotations

import pytest

from tests.conftest import RunningApp
from tests.support.dialogue import message_text


@pytest.mark.parametrize(
    "fields",
    [
        {"text": "help payload"},
        {"text": "help", "channel_name": "payload-team"},
        {"text": "help", "user_name": "payload"},
    ],
    ids=["text", "channel_name", "user_name"],
)
def test_a_command_mentioning_payload_is_answered(
    sqlite_app: RunningApp, fields: dict[str, str]
) -> None:
    reply = sqlite_app.driver.command(**fields)
    assert reply.status == 200
    [answer] = sqlite_app.slack.wait_for("response_url")
    assert "/strategy help" in message_text(answer.params)
