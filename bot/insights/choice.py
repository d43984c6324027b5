"""Which strategy "status" means: the channel's own, else the workspace's only one, else the
one asked for by name or channel, else a list to choose from. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.domain.model import StrategyRef

# `#marketing` typed after the command arrives as `<#C0123|marketing>` (the command escapes
# channels); in a mention it may come without the name.
_CHANNEL = re.compile(r"^<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True)
class Choice:
    chosen: StrategyRef | None
    candidates: list[StrategyRef] = field(default_factory=list)  # when none was chosen
    matched: bool = False  # the candidates all fit what was asked (not just every strategy)


def choose(refs: list[StrategyRef], channel_id: str, asked: str = "") -> Choice:
    asked = " ".join(asked.split())
    if not asked:
        own = [ref for ref in refs if ref.channel_id == channel_id]
        if own:
            return Choice(own[0])
        if len(refs) == 1:
            return Choice(refs[0])
        return Choice(None, list(refs), matched=True)
    mention = _CHANNEL.match(asked)
    if mention:
        matches = [ref for ref in refs if ref.channel_id == mention.group(1)]
    else:
        needle = asked.lstrip("#").casefold()
        matches = [ref for ref in refs if " ".join(ref.name.split()).casefold() == needle]
        if not matches:
            matches = [ref for ref in refs if needle in ref.name.casefold()]
    if len(matches) == 1:
        return Choice(matches[0])
    return Choice(None, matches or list(refs), matched=bool(matches))
