"""The process's logging: one stream handler on the root logger whose lines never carry a secret.

slack_sdk logs at DEBUG the parameters it sends and the body it gets back: the refresh token sent
to `oauth.v2.access`, the `access_token` and `refresh_token` Slack answers, the client secret.
Rather than keep slack_sdk's loggers quiet (its DEBUG lines are what one wants when a Slack call
misbehaves), every formatted line, traceback included, goes through `redact`: anything shaped
like a Slack token (`xoxb-`, `xoxp-`, `xoxe.xoxb-`, `xoxe-`, `xapp-`, ...) and the configured
secrets (bot and app tokens, signing secret, client and state secrets, the database
password) are replaced.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable
from typing import IO

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.runtime.config import Config

# Slack's token shapes: `xox` + one letter (b bot, p user, e refresh/rotated, a, r, s, o...),
# optionally the rotated `xoxe.xoxb-` form, and the app-level `xapp-`.
TOKEN_SHAPE = re.compile(r"\b(?:xox[a-z](?:\.xox[a-z])?|xapp)-[A-Za-z0-9-]+")
REDACTED = "(redacted)"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MIN_SECRET = 6  # a shorter "secret" would blank out ordinary words


class RedactingFormatter(logging.Formatter):
    def __init__(self, fmt: str, secrets: Iterable[str] = ()) -> None:
        super().__init__(fmt)
        # Longest first, so a secret containing another is replaced whole.
        self.secrets = sorted({s for s in secrets if s and len(s) >= MIN_SECRET}, key=len)[::-1]

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


def redact(line: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        line = line.replace(secret, REDACTED)
    return TOKEN_SHAPE.sub(REDACTED, line)


def config_secrets(config: Config) -> list[str]:
    """The secrets the configuration holds (the token encryption keys never leave TokenKeys)."""
    found = [config.bot_token, config.signing_secret, config.app_token or ""]
    if config.oauth is not None:
        found += [config.oauth.client_secret, config.oauth.state_secret]
    with contextlib.suppress(ArgumentError):  # a malformed URL stops the start-up elsewhere
        found.append(make_url(config.database_url).password or "")
    return [str(value) for value in found if value]


def configure_logging(
    level: str, secrets: Iterable[str] = (), stream: IO[str] | None = None, fmt: str = FORMAT
) -> logging.Handler:
    """The root logger at `level`, through one handler that redacts tokens and `secrets`.
    Like `logging.basicConfig`, nothing changes when the root logger already has a handler."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter(fmt, secrets))
    logging.basicConfig(level=level, handlers=[handler])
    return handler
