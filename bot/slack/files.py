"""Files in Slack: sharing them with `files_upload_v2`, and showing one already uploaded by id.

`files_upload_v2` makes three calls (`files.getUploadURLExternal`, the upload to the URL it
gave, `files.completeUploadExternal`); the last answers with the files and their ids, which an
image block can show again (`slack_file: {"id": ...}`) in any message the bot posts in the same
workspace, as long as the bot can see the file (it uploaded it) and the file still exists.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

log = logging.getLogger(__name__)

# What chat.postMessage answers when a block cannot be shown as asked (a slack_file deleted,
# still being processed, or never there); the post itself is fine without that block.
FILE_REFUSALS = frozenset({"invalid_blocks", "invalid_blocks_format", "file_not_found"})


def upload_files(
    client: WebClient,
    channel: str,
    files: list[dict],
    thread_ts: str | None = None,
    comment: str | None = None,
) -> list[str] | None:
    """Share files in a channel; each dict holds `file` (bytes), `filename`, `title` and, for
    images, `alt_txt`. The ids Slack gave them, in order; None when Slack refused (logged)."""
    try:
        response = client.files_upload_v2(
            file_uploads=files, channel=channel, thread_ts=thread_ts, initial_comment=comment
        )
    except SlackApiError as error:
        log.warning("files_upload_v2 to %s failed: %s", channel, error.response.get("error"))
        return None
    except (SlackRequestError, OSError) as error:  # the upload URL itself failed
        log.warning("files_upload_v2 to %s failed: %s", channel, error)
        return None
    shared = response.get("files") or []
    return [str(f["id"]) for f in shared if isinstance(f, dict) and f.get("id")]


def image_file_block(file_id: str, alt_text: str, title: str) -> dict:
    """An image block showing a file uploaded to Slack, by its id."""
    return {
        "type": "image",
        "slack_file": {"id": file_id},
        "alt_text": alt_text[:2000],
        "title": {"type": "plain_text", "text": title[:2000], "emoji": True},
    }
