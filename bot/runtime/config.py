"""Configuration from the environment (and `.env`), checked once at start-up."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from storage.token_crypto import TokenKeys

DEFAULT_DATABASE_URL = "sqlite:///data/strategy-coach.db"
DEFAULT_API_URL = "https://slack.com/api/"
MAKE_KEY = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


class ConfigError(Exception):
    """One line naming the variable and how to get it right."""


@dataclass(frozen=True)
class OAuthConfig:
    """The app's credentials for Slack's "Add to Slack" install (multi-workspace mode)."""

    client_id: str
    client_secret: str
    state_secret: str

    def __repr__(self) -> str:  # never show the secrets
        return f"OAuthConfig(client_id={self.client_id!r})"


@dataclass(frozen=True)
class Config:
    # Single-workspace mode: the one bot token. Multi-workspace mode (`oauth` set): "", and
    # each workspace's token comes from its installation.
    bot_token: str
    signing_secret: str
    app_token: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    api_url: str = DEFAULT_API_URL
    port: int = 3000
    log_level: str = "INFO"
    # SIGTERM/SIGINT: how long requests, listeners and the scheduler get to finish.
    shutdown_grace_seconds: float = 20.0
    # An uninstalled workspace's data is kept this long (a reinstall resumes), then deleted.
    uninstall_grace_days: int = 30
    # Slack tokens stored by the multi-workspace install are encrypted with these (optional).
    token_keys: TokenKeys | None = None
    # Set: "Add to Slack" installs, one process serving many workspaces (issue 11).
    oauth: OAuthConfig | None = None
    # Check-ins sent at once by the scheduler; Slack's published rate limits multiplied by
    # `slack_rate_scale` (a Slack stand-in, or a plan that allows more: bot/slack/rate_limits.py).
    checkin_send_workers: int = 8
    slack_rate_scale: float = 1.0

    @property
    def multi_workspace(self) -> bool:
        return self.oauth is not None

    def __repr__(self) -> str:  # never show the secrets in a log or a traceback
        database = make_url(self.database_url).render_as_string(hide_password=True)
        return f"Config(database_url={database!r}, api_url={self.api_url!r}, port={self.port})"


def database_url(env: Mapping[str, str]) -> str:
    url = env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    try:
        make_url(url)
    except ArgumentError:
        raise ConfigError(
            "DATABASE_URL is not a database URL: use e.g. sqlite:///data/strategy-coach.db "
            "or postgresql+psycopg://user:password@host/dbname"
        ) from None
    return url


def shutdown_grace_seconds(env: Mapping[str, str]) -> float:
    text = env.get("SHUTDOWN_GRACE_SECONDS", "").strip() or "20"
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise ConfigError(
            f"SHUTDOWN_GRACE_SECONDS must be a positive number of seconds, at most 3600, not "
            f"{text[:20]!r}"
        )
    return seconds


def checkin_send_workers(env: Mapping[str, str]) -> int:
    text = env.get("CHECKIN_SEND_WORKERS", "").strip() or "8"
    if not text.isdigit() or not 0 < int(text) <= 64:
        raise ConfigError(f"CHECKIN_SEND_WORKERS must be a number from 1 to 64, not {text[:20]!r}")
    return int(text)


def slack_rate_scale(env: Mapping[str, str]) -> float:
    text = env.get("SLACK_RATE_SCALE", "").strip() or "1"
    try:
        scale = float(text)
    except ValueError:
        scale = 0.0
    if not 0 < scale <= 1000:
        raise ConfigError(
            f"SLACK_RATE_SCALE must be a positive number, at most 1000 (1: Slack's published "
            f"rate limits), not {text[:20]!r}"
        )
    return scale


def uninstall_grace_days(env: Mapping[str, str]) -> int:
    text = env.get("UNINSTALL_GRACE_DAYS", "").strip() or "30"
    if not text.isdigit() or not 0 < int(text) <= 3650:
        raise ConfigError(
            f"UNINSTALL_GRACE_DAYS must be a number of days from 1 to 3650, not {text[:20]!r}"
        )
    return int(text)


def token_keys(env: Mapping[str, str]) -> TokenKeys | None:
    """TOKEN_ENCRYPTION_KEY: comma-separated Fernet keys, the new one first; unset: None."""
    text = env.get("TOKEN_ENCRYPTION_KEY", "").strip()
    if not text:
        return None
    try:
        return TokenKeys.parse(text)
    except ValueError as error:  # names the key's position, never the key
        raise ConfigError(
            f"TOKEN_ENCRYPTION_KEY is not a comma-separated list of Fernet keys ({error}): make "
            f"a key with {MAKE_KEY} and put the new key first"
        ) from None


OAUTH_VARIABLES = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET")
CHOOSE_A_MODE = (
    "set SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and "
    'SLACK_STATE_SECRET for "Add to Slack" installs in many workspaces'
)


def oauth_config(env: Mapping[str, str]) -> OAuthConfig | None:
    """Multi-workspace mode's three variables (all three), or None in single-workspace mode.
    Both modes' variables, or neither: a one-line error that says which to choose."""
    values = {name: env.get(name, "").strip() for name in OAUTH_VARIABLES}
    given = [name for name, value in values.items() if value]
    has_bot_token = bool(env.get("SLACK_BOT_TOKEN", "").strip())
    if has_bot_token and given:
        raise ConfigError(
            f"SLACK_BOT_TOKEN and {', '.join(given)} are both set: choose one mode — "
            f"{CHOOSE_A_MODE}"
        )
    if not has_bot_token and not given:
        raise ConfigError(f"No Slack credentials: {CHOOSE_A_MODE}")
    if has_bot_token:
        return None
    missing = [name for name in OAUTH_VARIABLES if not values[name]]
    if missing:
        raise ConfigError(
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing: "
            "multi-workspace mode needs SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET (Basic Information → App Credentials) and SLACK_STATE_SECRET "
            "(any long random string) too"
        )
    return OAuthConfig(
        client_id=values["SLACK_CLIENT_ID"],
        client_secret=values["SLACK_CLIENT_SECRET"],
        state_secret=values["SLACK_STATE_SECRET"],
    )


def load_config(env: Mapping[str, str] | None = None) -> Config:
    env = os.environ if env is None else env
    oauth = oauth_config(env)
    bot_token = env.get("SLACK_BOT_TOKEN", "").strip()
    if oauth is None and not bot_token.startswith("xoxb-"):
        raise ConfigError(
            "SLACK_BOT_TOKEN is missing or not a bot token (xoxb-…): copy the Bot User OAuth "
            "Token from your app's OAuth & Permissions page after installing it"
        )
    signing_secret = env.get("SLACK_SIGNING_SECRET", "").strip()
    if not signing_secret:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is missing: copy the Signing Secret from your app's Basic "
            "Information page (App Credentials)"
        )
    app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
    if app_token is not None and not app_token.startswith("xapp-"):
        raise ConfigError(
            "SLACK_APP_TOKEN is not an app-level token (xapp-…): create one with the "
            "connections:write scope under Basic Information → App-Level Tokens, or leave it "
            "empty to serve HTTP"
        )
    if app_token is not None and oauth is not None:
        # "Add to Slack" redirects the installer's browser back to this server: it needs HTTP.
        raise ConfigError(
            "SLACK_APP_TOKEN is set with SLACK_CLIENT_ID: the multi-workspace install serves "
            "HTTP (Slack redirects the installer back to /slack/oauth_redirect), so leave "
            "SLACK_APP_TOKEN empty, or use SLACK_BOT_TOKEN for one workspace in Socket Mode"
        )
    api_url = env.get("SLACK_API_URL", "").strip() or DEFAULT_API_URL
    if not api_url.startswith(("http://", "https://")):
        raise ConfigError("SLACK_API_URL must be an http(s) URL, like https://slack.com/api/")
    port_text = env.get("PORT", "").strip() or "3000"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(f"PORT must be a port number from 1 to 65535, not {port_text[:20]!r}")
    grace = shutdown_grace_seconds(env)
    log_level = (env.get("LOG_LEVEL", "").strip() or "INFO").upper()
    if log_level not in logging.getLevelNamesMapping():
        raise ConfigError("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR")
    return Config(
        bot_token=bot_token,
        signing_secret=signing_secret,
        app_token=app_token,
        database_url=database_url(env),
        api_url=api_url if api_url.endswith("/") else api_url + "/",
        port=int(port_text),
        log_level=log_level,
        shutdown_grace_seconds=grace,
        checkin_send_workers=checkin_send_workers(env),
        slack_rate_scale=slack_rate_scale(env),
        uninstall_grace_days=uninstall_grace_days(env),
        token_keys=token_keys(env),
        oauth=oauth,
    )
