"""One place that notices Slack refusing the bot token, on any Web API call.

`AuthWatch` stands in front of a `WebClient`: every call goes through unchanged, and when Slack
answers one with `invalid_auth`, `account_inactive`, `token_revoked`, `token_expired` or
`not_authed`, it tells `on_failure(team_id, error)` before the error goes on to the caller as
usual. In single-workspace mode the team is the one a successful `auth.test` through the watch
named (the runtime calls `SlackIO.whoami()` at start-up; before that it is None); in
multi-workspace mode it is the team whose token the call used, given by `SlackIO` for each call.

With `renew` (multi-workspace mode, rotating tokens), a `token_expired` answer first asks for a
renewed client and makes the same call once more with it; only if that fails too is the token
reported.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

AUTH_FAILURES = frozenset(
    {"invalid_auth", "account_inactive", "token_revoked", "token_expired", "not_authed"}
)

AuthFailure = Callable[[str | None, str], None]
# Asked for a client with a renewed token; None when there is none.
Renew = Callable[[], WebClient | None]


def auth_error(error: SlackApiError) -> str | None:
    """Slack's error code when it means the token no longer works, else None."""
    response = getattr(error, "response", None)
    code = str(response.get("error") or "") if response is not None else ""
    return code if code in AUTH_FAILURES else None


class AuthWatch:
    """A `WebClient` look-alike that reports a refused token (see the module docstring)."""

    def __init__(
        self,
        client: WebClient,
        on_failure: AuthFailure,
        team_id: str | None = None,
        renew: Renew | None = None,
    ) -> None:
        self._client = client
        self._on_failure = on_failure
        self._renew = renew
        self.team_id: str | None = team_id

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        @functools.wraps(attribute)
        def watched(*args: Any, **kwargs: Any) -> Any:
            try:
                try:
                    result = attribute(*args, **kwargs)
                except SlackApiError as error:
                    renewed = self._renewed(error)
                    if renewed is None:
                        raise
                    result = getattr(renewed, name)(*args, **kwargs)
            except SlackApiError as error:
                code = auth_error(error)
                if code is not None:
                    self._refused(code)
                raise
            if name == "auth_test" and isinstance(result.get("team_id"), str):
                self.team_id = result["team_id"]
            return result

        return watched

    def _renewed(self, error: SlackApiError) -> WebClient | None:
        if self._renew is None or auth_error(error) != "token_expired":
            return None
        try:
            return self._renew()
        except Exception:  # the expired token is reported as usual
            log.exception("Renewing the expired token of workspace %s failed", self.team_id)
            return None

    def _refused(self, code: str) -> None:
        log.warning("Slack refused the bot token (%s) for workspace %s", code, self.team_id)
        try:
            self._on_failure(self.team_id, code)
        except Exception:  # the caller's own error handling must still run
            log.exception("Recording the refused token failed")
