"""What the stand-in remembers between calls (people, channels, messages, views, files), the
workspace a call comes from, and the helpers every method answer shares (paging, Block Kit
limits). The store's methods and the method answers are called with ``store.lock`` held."""

from __future__ import annotations

import base64
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.slack_standin.calls import truthy

MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100
SECTION_TEXT_LIMIT = 3000
HEADER_TEXT_LIMIT = 150


@dataclass(frozen=True)
class Workspace:
    """A Slack workspace and its bot's accounts there."""

    id: str
    name: str
    domain: str
    bot_user_id: str
    bot_id: str
    enterprise_id: str | None = None
    enterprise_name: str | None = None


@dataclass(frozen=True)
class Request:
    """A Web API call as a method answer sees it: its parameters, the calling workspace, and the
    stand-in's own address (for URLs it hands out)."""

    params: dict[str, Any]
    workspace: Workspace
    base_url: str


class Store:
    """The stand-in's memory. ``next_ts`` gives message timestamps (the stand-in's own)."""

    def __init__(self, *, app_id: str, next_ts: Callable[[], str]) -> None:
        self.lock = threading.Condition(threading.RLock())
        self.app_id = app_id
        self.next_ts = next_ts
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.views: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self._seq = 0

    def next_seq(self) -> int:
        with self.lock:
            self._seq += 1
            return self._seq

    @staticmethod
    def dm_channel(user_id: str) -> str:
        """The IM channel id of a user: "U1" -> "D1"."""
        return "D" + user_id[1:]

    def resolve_channel(self, channel: str) -> str:
        """A user id posted to means the DM with that user."""
        return self.dm_channel(channel) if channel[:1] in ("U", "W") else channel


def block_errors(blocks: Any, limit: int) -> list[str]:
    """The Block Kit limits Slack enforces with ``invalid_blocks`` (a useful subset)."""
    if not blocks:
        return []
    if not isinstance(blocks, list):
        return ["blocks must be a list"]
    errors = [f"more than {limit} items"] if len(blocks) > limit else []
    for i, block in enumerate(blocks):
        text = block.get("text") if isinstance(block, dict) else None
        size = len(text.get("text", "")) if isinstance(text, dict) else 0
        kind = block.get("type") if isinstance(block, dict) else None
        if kind == "section" and size > SECTION_TEXT_LIMIT:
            errors.append(f"must be less than {SECTION_TEXT_LIMIT} characters [json-pointer:/{i}]")
        if kind == "header" and size > HEADER_TEXT_LIMIT:
            errors.append(f"must be less than {HEADER_TEXT_LIMIT} characters [json-pointer:/{i}]")
    return errors


def echoed(messages: list[dict[str, Any]], p: dict[str, Any]) -> list[dict[str, Any]]:
    """Messages as history/replies give them: `metadata` only with `include_all_metadata`."""
    keep = truthy(p.get("include_all_metadata"))
    return [{k: v for k, v in m.items() if keep or k != "metadata"} for m in messages]


def page(items: list[str], p: dict[str, Any], kind: str) -> dict[str, Any]:
    """One page of ``items`` as Slack pages them: ``limit`` (Slack caps it at 1000; none means
    everything) and an opaque ``cursor`` naming the first item of the next page."""
    try:
        limit = int(p.get("limit") or 0)
    except ValueError:
        return {"ok": False, "error": "invalid_limit"}
    limit = min(limit, 1000) if limit > 0 else len(items) or 1
    start = 0
    cursor = str(p.get("cursor") or "")
    if cursor:
        try:
            prefix, _, position = base64.b64decode(cursor, validate=True).decode().partition(":")
            start = int(position)
        except (ValueError, UnicodeDecodeError):
            return {"ok": False, "error": "invalid_cursor"}
        if prefix != kind or not 0 <= start <= len(items):
            return {"ok": False, "error": "invalid_cursor"}
    end = start + limit
    following = base64.b64encode(f"{kind}:{end}".encode()).decode() if end < len(items) else ""
    return {"items": items[start:end], "next_cursor": following}
