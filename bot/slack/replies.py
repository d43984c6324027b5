"""Answering the person who asked: a slash command's `respond`, only they see it (ephemeral)."""

from __future__ import annotations

from collections.abc import Callable

# Bolt's `respond` (or anything that takes the same keywords).
Respond = Callable[..., object]
# Tell the person who asked something only they need to see: (fallback text, blocks).
Tell = Callable[[str, list[dict]], None]


def ephemeral(respond: Respond, text: str, block_list: list[dict]) -> None:
    respond(text=text, blocks=block_list, response_type="ephemeral", replace_original=False)


def telling(respond: Respond) -> Tell:
    """A `Tell` that answers through `respond`, only to the person who asked."""

    def tell(text: str, block_list: list[dict]) -> None:
        ephemeral(respond, text, block_list)

    return tell


def in_channel(respond: Respond) -> Tell:
    """A `Tell` that answers through `respond` for everyone in the channel."""

    def say(text: str, block_list: list[dict]) -> None:
        respond(text=text, blocks=block_list, response_type="in_channel")

    return say
