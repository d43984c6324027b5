"""Block Kit pieces every message is made of: text objects, sections, buttons, headers, and the
cutting that keeps user text inside Slack's limits.

Pure functions. User text goes through `user()` (escaped, then cut); text the coach hands in is
mrkdwn it has escaped already. Every mrkdwn object is `verbatim`, so an `@here` someone typed
never pings anybody, and fallback text gets a word joiner after a typed `@here` for the same
reason.
"""

from __future__ import annotations

import json
import re

from bot.domain.model import Strategy
from bot.i18n.catalogue import Translator
from bot.text.user_text import escape, one_line

ACTION_OPEN_THREAD = "open_thread"  # a link button; Slack still sends block_actions, acked

SECTION_LIMIT = 3000
HEADER_LIMIT = 150
BUTTON_LIMIT = 75
FALLBACK_LIMIT = 300

# A header's name costs at most this many characters of JSON (json.dumps with ensure_ascii).
_HEADER_COST = 600

_ELLIPSIS = "…"
_BROADCAST = re.compile(r"@(here|channel|everyone)\b", re.IGNORECASE)


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text, "emoji": True}


def section(text: str) -> dict:
    return {"type": "section", "text": mrkdwn(fit(text, SECTION_LIMIT))}


def context(text: str) -> dict:
    """A context block (small grey text) of one mrkdwn element the caller has prepared."""
    return {"type": "context", "elements": [mrkdwn(text)]}


def _char_cost(char: str) -> int:
    if " " <= char <= "~" and char not in '"\\':
        return 1
    return len(json.dumps(char)) - 2


def json_cost(text: str) -> int:
    """How many characters `text` takes inside JSON (non-ASCII as \\uXXXX): the sum of each
    character's `_char_cost`, counted by the json module's C encoder."""
    return len(json.dumps(text)) - 2


def fit(text: str, chars: int, cost: int | None = None) -> str:
    """Prepared mrkdwn cut to `chars` characters and `cost` characters of JSON, marking the cut.

    Never cuts inside an entity (`&amp;`) or a `<…>` token, so a cut cannot expose a raw `<`.
    """
    text = text.strip()
    if len(text) <= chars and (cost is None or json_cost(text) <= cost):
        return text
    room = chars - len(_ELLIPSIS)
    room_cost = None if cost is None else cost - json_cost(_ELLIPSIS)
    used = 0
    end = 0
    for index, char in enumerate(text):
        char_cost = _char_cost(char)
        if index + 1 > room or (room_cost is not None and used + char_cost > room_cost):
            break
        used += char_cost
        end = index + 1
    head = text[:end]
    opened = head.rfind("<")
    if opened > head.rfind(">"):
        head = head[:opened]
    amp = head.rfind("&")
    if amp > head.rfind(";"):
        head = head[:amp]
    return head.rstrip() + _ELLIPSIS


def user(text: str | None, chars: int, cost: int | None = None) -> str:
    """User text made safe (escaped) and cut to fit."""
    return fit(escape(text or ""), chars, cost)


def _quiet(text: str) -> str:
    """For notification text: a word joiner after `@` keeps a typed `@here` from ever pinging."""
    return _BROADCAST.sub("@\u2060\\1", text)


def fallback_text(text: str) -> str:
    return _quiet(fit(text, FALLBACK_LIMIT))


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {
        "type": "button",
        "text": plain(fit(text, BUTTON_LIMIT)),
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def strategy_name(strategy: Strategy, tr: Translator) -> str:
    """The strategy's name, safe and short enough for a header; never empty."""
    return user(one_line(strategy.name), HEADER_LIMIT, _HEADER_COST) or tr("Social media strategy")


def strategy_header(strategy: Strategy, tr: Translator) -> dict:
    return {"type": "header", "text": plain(strategy_name(strategy, tr))}


def link_button(text: str, url: str) -> dict:
    """A button that opens `url` in Slack; its click still arrives, acked as ACTION_OPEN_THREAD."""
    return {
        "type": "button",
        "text": plain(fit(text, BUTTON_LIMIT)),
        "action_id": ACTION_OPEN_THREAD,
        "url": url,
    }


def and_more(count: int, tr: Translator) -> str:
    """What ends a list cut short: "…and 3 more"."""
    return tr("…and {count} more", count=count)


def notice(text: str) -> tuple[str, list[dict]]:
    """A short answer (usually ephemeral) from mrkdwn the caller has prepared and escaped."""
    return fallback_text(text), [section(text)]
