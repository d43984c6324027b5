"""The message methods: ``chat.postMessage``, ``chat.update``, ``chat.delete``,
``chat.postEphemeral``, ``chat.getPermalink``, ``conversations.replies`` and
``conversations.history``, answered from and into the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.slack_standin.store import MESSAGE_BLOCK_LIMIT, Request, Store, block_errors, echoed
from bot.slack_standin.views_files import slack_file_errors


def _message_errors(store: Store, r: Request, need_text: bool = True) -> dict[str, Any] | None:
    p = r.params
    if not p.get("channel"):
        return {"ok": False, "error": "channel_not_found"}
    if need_text and not (p.get("text") or p.get("blocks") or p.get("attachments")):
        return {"ok": False, "error": "no_text"}
    problems = block_errors(p.get("blocks"), MESSAGE_BLOCK_LIMIT)
    problems += slack_file_errors(store, p.get("blocks"), r.workspace.id)
    if problems:
        return {"ok": False, "error": "invalid_blocks", "errors": problems}
    return None


def post_message(store: Store, r: Request) -> dict[str, Any]:
    p = r.params
    if (err := _message_errors(store, r)) is not None:
        return err
    channel = store.resolve_channel(str(p["channel"]))
    ts = store.next_ts()
    message: dict[str, Any] = {
        "type": "message",
        "user": r.workspace.bot_user_id,
        "bot_id": r.workspace.bot_id,
        "team": r.workspace.id,
        "text": p.get("text", ""),
        "blocks": p.get("blocks") or [],
        "ts": ts,
    }
    for key in ("thread_ts", "attachments", "metadata"):
        if p.get(key):
            message[key] = p[key]
    store.messages[channel].append(message)
    return {"ok": True, "channel": channel, "ts": ts, "message": dict(message)}


def update(store: Store, r: Request) -> dict[str, Any]:
    p = r.params
    if (err := _message_errors(store, r, need_text=False)) is not None:
        return err
    if not p.get("ts"):
        return {"ok": False, "error": "message_not_found"}
    channel = store.resolve_channel(str(p["channel"]))
    stored = next((m for m in store.messages[channel] if m["ts"] == p["ts"]), None)
    if stored is None:  # lenient: a message posted before the stand-in started, say
        stored = {"type": "message", "user": r.workspace.bot_user_id, "ts": p["ts"]}
        store.messages[channel].append(stored)
    for key in ("text", "blocks", "attachments", "metadata"):
        if key in p:
            stored[key] = p[key]
    stored["edited"] = {"user": r.workspace.bot_user_id, "ts": store.next_ts()}
    return {
        "ok": True,
        "channel": channel,
        "ts": p["ts"],
        "text": stored.get("text", ""),
        "message": dict(stored),
    }


def delete(store: Store, r: Request) -> dict[str, Any]:
    p = r.params
    channel = store.resolve_channel(str(p.get("channel", "")))
    kept = [m for m in store.messages[channel] if m["ts"] != p.get("ts")]
    if len(kept) == len(store.messages[channel]):
        return {"ok": False, "error": "message_not_found"}
    store.messages[channel] = kept
    return {"ok": True, "channel": channel, "ts": p["ts"]}


def post_ephemeral(store: Store, r: Request) -> dict[str, Any]:
    if (err := _message_errors(store, r)) is not None:
        return err
    if not r.params.get("user"):
        return {"ok": False, "error": "user_not_found"}
    return {"ok": True, "message_ts": store.next_ts()}


def permalink(store: Store, r: Request) -> dict[str, Any]:
    channel = store.resolve_channel(str(r.params.get("channel", "")))
    ts = str(r.params.get("message_ts", ""))
    if not channel or not ts:
        return {"ok": False, "error": "message_not_found"}
    domain = r.workspace.domain
    link = f"https://{domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
    stored = next((m for m in store.messages[channel] if m["ts"] == ts), {})
    thread_ts = stored.get("thread_ts")
    if thread_ts and thread_ts != ts:
        link += f"?thread_ts={thread_ts}&cid={channel}"
    return {"ok": True, "channel": channel, "permalink": link}


def replies(store: Store, r: Request) -> dict[str, Any]:
    channel = store.resolve_channel(str(r.params.get("channel", "")))
    ts = r.params.get("ts")
    found = [m for m in store.messages[channel] if ts in (m["ts"], m.get("thread_ts"))]
    return {"ok": True, "messages": echoed(found, r.params), "has_more": False}


def history(store: Store, r: Request) -> dict[str, Any]:
    channel = store.resolve_channel(str(r.params.get("channel", "")))
    top = [m for m in store.messages[channel] if m.get("thread_ts") in (None, m["ts"])]
    return {"ok": True, "messages": echoed(list(reversed(top)), r.params), "has_more": False}


METHODS: dict[str, Callable[[Store, Request], dict[str, Any]]] = {
    "chat.postMessage": post_message,
    "chat.update": update,
    "chat.delete": delete,
    "chat.postEphemeral": post_ephemeral,
    "chat.getPermalink": permalink,
    "conversations.replies": replies,
    "conversations.history": history,
}
