"""Who is who: ``auth.test`` (the bot itself), ``users.info``, ``users.list``, and the
conversations a person is in: ``conversations.members``, ``conversations.info``,
``conversations.open``."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.slack_standin.calls import truthy
from bot.slack_standin.store import Request, Store, page

BOT_NAME = "strategy-coach"


def default_profile(user_id: str, *, is_bot: bool = False) -> dict[str, Any]:
    """The account ``users.info`` describes for someone never added."""
    return {
        "name": user_id.lower(),
        "real_name": f"User {user_id}",
        "tz": "Europe/Oslo",
        "locale": "en-US",
        "is_bot": is_bot,
        "deleted": False,
    }


def auth_test(store: Store, r: Request) -> dict[str, Any]:
    ws = r.workspace
    answer: dict[str, Any] = {
        "ok": True,
        "url": f"https://{ws.domain}.slack.com/",
        "team": ws.name,
        "user": BOT_NAME,
        "team_id": ws.id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }
    if ws.enterprise_id is not None:
        answer["enterprise_id"] = ws.enterprise_id
    return answer


def user_object(r: Request, user_id: str, profile: dict[str, Any]) -> dict[str, Any]:
    now = datetime.now(ZoneInfo(profile["tz"]))
    offset = now.utcoffset()
    real_name = profile["real_name"]
    return {
        "id": user_id,
        "team_id": r.workspace.id,
        "name": profile["name"],
        "real_name": real_name,
        "deleted": profile.get("deleted", False),
        "tz": profile["tz"],
        "tz_label": now.tzname(),
        "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
        "is_bot": profile["is_bot"],
        "profile": {
            "real_name": real_name,
            "display_name": profile["name"],
            "first_name": real_name.split()[0] if real_name.split() else "",
        },
    }


def users_info(store: Store, r: Request) -> dict[str, Any]:
    user_id = str(r.params.get("user", ""))
    if not user_id:
        return {"ok": False, "error": "user_not_found"}
    profile = store.users.get(user_id) or default_profile(
        user_id, is_bot=user_id == r.workspace.bot_user_id
    )
    user = user_object(r, user_id, profile)
    if truthy(r.params.get("include_locale")):
        user["locale"] = profile["locale"]
    return {"ok": True, "user": user}


def users_list(store: Store, r: Request) -> dict[str, Any]:
    """All accounts, the bot's included, paged by ``limit`` and ``cursor`` like Slack."""
    bot_user_id = r.workspace.bot_user_id
    ids = [*store.users]
    if bot_user_id not in store.users:
        ids.append(bot_user_id)
    found = page(ids, r.params, "user")
    if "error" in found:
        return found
    bot = {"name": BOT_NAME, "real_name": "Strategy Coach", "tz": "UTC", "is_bot": True}
    members = [
        user_object(r, user_id, store.users.get(user_id) or {**bot, "locale": "en-US"})
        for user_id in found["items"]
    ]
    return {
        "ok": True,
        "members": members,
        "cache_ts": int(time.time()),
        "response_metadata": {"next_cursor": found["next_cursor"]},
    }


def conversations_members(store: Store, r: Request) -> dict[str, Any]:
    channel = store.channels.get(str(r.params.get("channel", "")))
    if channel is None:
        return {"ok": False, "error": "channel_not_found"}
    found = page(channel["members"], r.params, "member")
    if "error" in found:
        return found
    return {
        "ok": True,
        "members": found["items"],
        "response_metadata": {"next_cursor": found["next_cursor"]},
    }


def conversations_info(store: Store, r: Request) -> dict[str, Any]:
    channel_id = str(r.params.get("channel", ""))
    if not channel_id:
        return {"ok": False, "error": "channel_not_found"}
    known = store.channels.get(channel_id, {})
    is_im = channel_id.startswith("D")
    channel = {
        "id": channel_id,
        "name": known.get("name", channel_id.lower()),
        "is_channel": not is_im,
        "is_im": is_im,
        "is_private": known.get("is_private", is_im),
        "is_member": True,
        "is_archived": False,
    }
    if is_im:
        channel["user"] = "U" + channel_id[1:]
    return {"ok": True, "channel": channel}


def conversations_open(store: Store, r: Request) -> dict[str, Any]:
    users = [u for u in str(r.params.get("users", "")).split(",") if u]
    if r.params.get("channel"):
        return {"ok": True, "channel": {"id": r.params["channel"]}}
    if not users:
        return {"ok": False, "error": "users_list_not_supplied"}
    if len(users) == 1:
        return {"ok": True, "channel": {"id": store.dm_channel(users[0])}}
    return {"ok": True, "channel": {"id": "G" + "".join(u[1:] for u in users)}}


METHODS: dict[str, Callable[[Store, Request], dict[str, Any]]] = {
    "auth.test": auth_test,
    "users.info": users_info,
    "users.list": users_list,
    "conversations.members": conversations_members,
    "conversations.info": conversations_info,
    "conversations.open": conversations_open,
}
