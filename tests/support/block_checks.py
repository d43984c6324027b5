"""Checks shared by the Block Kit builder tests: hostile user text, Slack's limits, no pings."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from slack_sdk.models.blocks import Block

ASCII_EVIL = "&<>@here <!channel> <!here> <@U0EVIL> *bold* `x` "
UNICODE_EVIL = "æøå 😀 &amp; <!everyone> @channel <@U0EVIL|x> "
LANGUAGES = ["en", "nb"]


def hostile(length: int, pattern: str = ASCII_EVIL) -> str:
    return (pattern * (length // len(pattern) + 1))[:length]


def walk(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def assert_within_limits(text: str, block_list: list[dict]) -> None:
    """Slack's message limits, and slack_sdk's own validation of every block."""
    assert isinstance(text, str) and text.strip()
    assert 0 < len(block_list) <= 50
    assert len(json.dumps(block_list)) <= 12000, len(json.dumps(block_list))
    for block in block_list:
        Block.parse(block).to_dict()  # slack_sdk validates lengths and shapes
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= 3000


def assert_safe(text: str, block_list: list[dict], allowed_mentions: set[str]) -> None:
    """No broadcast or foreign mention can come out of user text, anywhere."""
    for obj in walk(block_list):
        if obj.get("type") == "mrkdwn":
            assert obj.get("verbatim") is True, obj
    everything = json.dumps(block_list, ensure_ascii=False) + text
    assert "<!" not in everything
    assert set(re.findall(r"<@([^>|]*)", everything)) <= allowed_mentions
    assert "@here" not in text and "@channel" not in text  # the notification text is quiet
