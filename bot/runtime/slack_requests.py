"""Turning an HTTP request into Bolt's request, with form bodies parsed by their fields.

Bolt 1.x reads any form body that merely *contains* the word "payload" as an interactivity
payload (`slack_bolt.request.internals.parse_body`): `/strategy help payload`, a channel named
#payload-team or a user called Payload arrived as an empty body and got a 404, and Slack does
not retry commands. Here a form body is an interactivity payload only if it has a `payload`
field. The raw body is kept as it came, so the signature is still checked by Bolt.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.context import BoltContext
from slack_bolt.request import BoltRequest
from slack_bolt.request.internals import build_context
from slack_bolt.response import BoltResponse


def form_fields(raw_body: str) -> dict[str, Any]:
    """A form-encoded body as Slack means it: `payload=<json>` for interactivity, else the
    command's fields."""
    fields = dict(parse_qsl(raw_body, keep_blank_values=True))
    if "payload" in fields:
        return json.loads(fields["payload"])
    return fields


class SlackFormRequest(BoltRequest):
    def __init__(self, *, body: str, query: Any, headers: Any) -> None:
        super().__init__(body=body, query=query, headers=headers)
        is_json = self.content_type == "application/json" or body.startswith("{")
        if body and not is_json:
            self.body = form_fields(body)
            self.context = build_context(BoltContext({}), self.body)


class SlackEvents(SlackRequestHandler):
    """Bolt's WSGI adapter, building `SlackFormRequest`s."""

    def __init__(self, app: App, path: str) -> None:
        super().__init__(app, path=path)

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        return self.app.dispatch(
            SlackFormRequest(
                body=request.get_body(),
                query=request.query_string,
                headers=request.get_headers(),
            )
        )
