"""Slack installations as slack_sdk's OAuth flow hands them to the installation store (fixed
times, recognisable tokens), for the storage and `keys rotate` tests."""

from __future__ import annotations

import datetime as dt

from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation

from storage.token_crypto import TokenKeys

CLIENT_ID = "1111.2222"
INSTALLED_AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
EXPIRES_AT = int(dt.datetime(2026, 3, 2, 21, 30, tzinfo=dt.UTC).timestamp())  # 12 h, as Slack


def installation(
    team_id: str | None = "T111",
    *,
    enterprise_id: str | None = None,
    rotation: bool = False,
) -> Installation:
    """A bot and installer token for the team (or the whole org when team_id is None); with
    rotation, the refresh tokens and expiry Slack sends when token rotation is turned on."""
    tag = team_id or enterprise_id
    prefix = "xoxe.xoxb-1-" if rotation else "xoxb-"
    return Installation(
        app_id="A0APP",
        enterprise_id=enterprise_id,
        enterprise_name="Acme Org" if enterprise_id else None,
        team_id=team_id,
        team_name=f"Team {tag}" if team_id else None,
        bot_token=f"{prefix}{tag}-botsecret",
        bot_id=f"B{tag}",
        bot_user_id=f"UBOT{tag}",
        bot_scopes="commands,chat:write,im:write,users:read,files:write",
        bot_refresh_token=f"xoxe-1-{tag}-botrefresh" if rotation else None,
        bot_token_expires_at=EXPIRES_AT if rotation else None,
        user_id="UINSTALLER",
        user_token=f"xoxp-{tag}-usersecret",
        user_scopes="",
        user_refresh_token=f"xoxe-1-{tag}-userrefresh" if rotation else None,
        user_token_expires_at=EXPIRES_AT if rotation else None,
        is_enterprise_install=team_id is None,
        token_type="bot",
        installed_at=INSTALLED_AT.timestamp(),
    )


def tokens(installed: Installation) -> list[str]:
    fields = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
    return [value for field in fields if (value := getattr(installed, field))]


def new_keys(count: int = 1) -> tuple[TokenKeys, list[str]]:
    raw = [Fernet.generate_key().decode() for _ in range(count)]
    return TokenKeys(raw), raw
