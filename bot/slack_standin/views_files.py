"""Views and files: ``views.open``/``push``/``update``/``publish`` (modals and the Home tab,
kept by id), the external upload flow (``files.getUploadURLExternal``, the upload URL on
the stand-in itself, ``files.completeUploadExternal``), ``files.delete``, and the check Slack
makes of an image block's ``slack_file``: the file must exist, be uploaded and completed, and
belong to the posting workspace (Slack's answer otherwise: ``invalid_blocks``, "invalid slack
file")."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bot.slack_standin.calls import Answer
from bot.slack_standin.store import VIEW_BLOCK_LIMIT, Request, Store, block_errors


def _store_view(store: Store, r: Request, view: Any, view_id: str | None = None) -> dict[str, Any]:
    if not isinstance(view, dict):
        return {"ok": False, "error": "invalid_arguments"}
    problems = block_errors(view.get("blocks"), VIEW_BLOCK_LIMIT)
    if problems:
        return {"ok": False, "error": "invalid_arguments", "errors": problems}
    n = store.next_seq()
    stored = {
        **view,
        "id": view_id or f"V{n:08d}",
        "team_id": r.workspace.id,
        "app_id": store.app_id,
        "bot_id": r.workspace.bot_id,
        "hash": f"{int(time.time())}.{n:08x}",
        "state": view.get("state", {"values": {}}),
    }
    store.views[stored["id"]] = stored
    return {"ok": True, "view": dict(stored)}


def views_open(store: Store, r: Request) -> dict[str, Any]:
    if not r.params.get("trigger_id") and not r.params.get("interactivity_pointer"):
        return {"ok": False, "error": "invalid_arguments"}
    return _store_view(store, r, r.params.get("view"))


def views_update(store: Store, r: Request) -> dict[str, Any]:
    p = r.params
    view_id = p.get("view_id")
    if not view_id and p.get("external_id"):
        view_id = next(
            (k for k, v in store.views.items() if v.get("external_id") == p["external_id"]),
            None,
        )
    if not view_id:
        return {"ok": False, "error": "not_found"}
    old = store.views.get(view_id)
    if old is not None and p.get("hash") and p["hash"] != old["hash"]:
        return {"ok": False, "error": "hash_conflict"}
    return _store_view(store, r, p.get("view"), view_id)


def views_publish(store: Store, r: Request) -> dict[str, Any]:
    if not r.params.get("user_id"):
        return {"ok": False, "error": "invalid_arguments"}
    return _store_view(store, r, r.params.get("view"))


def get_upload_url(store: Store, r: Request) -> dict[str, Any]:
    p = r.params
    if not p.get("filename") or not str(p.get("length", "")).isdigit():
        return {"ok": False, "error": "invalid_arguments"}
    file_id = f"F{store.next_seq():08d}"
    store.files[file_id] = {
        "filename": p["filename"],
        "length": int(p["length"]),
        "team": r.workspace.id,
    }
    return {"ok": True, "upload_url": f"{r.base_url}/upload/{file_id}", "file_id": file_id}


def complete_upload(store: Store, r: Request) -> dict[str, Any]:
    files = r.params.get("files")
    if not isinstance(files, list) or not files:
        return {"ok": False, "error": "invalid_arguments"}
    channels = [r.params["channel_id"]] if r.params.get("channel_id") else []
    out = []
    for f in files:
        entry = store.files.get(f.get("id", ""))
        if entry is None or "data" not in entry:
            return {"ok": False, "error": "file_not_found"}
        entry["title"] = f.get("title") or entry["filename"]
        entry["completed"] = True
        out.append(
            {
                "id": f["id"],
                "title": entry["title"],
                "name": entry["filename"],
                "size": len(entry["data"]),
                "channels": channels,
            }
        )
    return {"ok": True, "files": out}


def upload(store: Store, params: dict[str, Any]) -> Answer:
    """A POST to an upload URL ``files.getUploadURLExternal`` handed out: keeps the bytes."""
    entry = store.files.get(params["file_id"])
    if entry is None:
        return Answer(404, "unknown upload url")
    entry["data"] = params["file"]
    return Answer.ok(f"OK - {len(params['file'])}")


def files_delete(store: Store, r: Request) -> dict[str, Any]:
    entry = store.files.get(str(r.params.get("file") or ""))
    if entry is None or entry.get("deleted") or entry.get("team") != r.workspace.id:
        return {"ok": False, "error": "file_not_found"}
    entry["deleted"] = True
    return {"ok": True}


def slack_file_errors(store: Store, blocks: Any, team_id: str) -> list[str]:
    """The image blocks whose ``slack_file`` Slack would refuse, as its error strings."""
    errors = []
    for i, block in enumerate(blocks if isinstance(blocks, list) else []):
        if not isinstance(block, dict) or block.get("type") != "image":
            continue
        file = block.get("slack_file")
        if file is None:
            continue
        entry = store.files.get(str(file.get("id") or "")) if isinstance(file, dict) else None
        usable = (
            entry is not None
            and entry.get("completed")
            and not entry.get("deleted")
            and entry.get("team") == team_id
        )
        if not usable:
            errors.append(f"invalid slack file [json-pointer:/blocks/{i}/slack_file]")
    return errors


METHODS: dict[str, Callable[[Store, Request], dict[str, Any]]] = {
    "views.open": views_open,
    "views.push": views_open,
    "views.update": views_update,
    "views.publish": views_publish,
    "files.getUploadURLExternal": get_upload_url,
    "files.completeUploadExternal": complete_upload,
    "files.delete": files_delete,
}
